"""The rule-set cache runs no code and trusts no entry it did not write itself, whatever is in
its folder: a pickle, a forged or copied entry, a symbolic link, an entry of another shape, a
folder others can write."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from framelint import cache

ARTICLE = "The regime said the strike was unprecedented.\n\nSources say it was planned.\n"


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "FRAMELINT_CACHE_DIR": str(tmp_path / "cache"),
            "XDG_STATE_HOME": str(tmp_path / "state")}


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(env, *args):
    return subprocess.run([sys.executable, "-m", "framelint", "check", "--format", "json", *args],
                          capture_output=True, text=True, env=env)


def entries(tmp_path) -> list[Path]:
    found = sorted((tmp_path / "cache").glob("*-*.json"))
    assert [e.name.split("-")[0] for e in found] == ["compiled", "regex", "rules"]
    return found


class _Payload:
    """What a crafted entry could hold: unpickling it runs code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).touch, ())


def test_a_pickle_in_a_restored_cache_never_runs(tmp_path, env, article):
    """A cache restored from an archive: owned by this user, mode 600, every entry a crafted pickle,
    under the names of today's entries and of the pickles of before."""
    first = run(env, str(article))
    marker = tmp_path / "ran"
    payload = pickle.dumps(("key", _Payload(str(marker))))
    for entry in entries(tmp_path):
        entry.write_bytes(payload)
        entry.with_suffix(".pickle").write_bytes(payload)
        entry.with_suffix(".pickle").chmod(0o600)
    second = run(env, str(article))
    assert not marker.exists()
    assert second.stdout == first.stdout and second.returncode == 1 and second.stderr == ""
    assert not list((tmp_path / "cache").glob("*.pickle"))  # old entries are removed, never read


def test_an_entry_signed_by_another_key_is_not_used(tmp_path, env, article):
    """Entries copied from elsewhere (another machine, a CI cache) are well formed but not signed
    with this user's key: they are rebuilt. Here they say there are no rules at all."""
    first = run(env, str(article))
    other = os.urandom(32)
    for entry in entries(tmp_path):
        key = json.loads(entry.read_bytes().split(b"\n")[1])[0]
        entry.write_bytes(cache.dump([] if entry.name.startswith("rules") else {}, key, other))
    second = run(env, str(article))
    assert second.stdout == first.stdout and json.loads(second.stdout)


def test_a_well_formed_entry_of_the_wrong_shape_is_rebuilt(tmp_path, env, article):
    """Signed with the right key, but not what today's code expects: rebuilt, not an error."""
    first = run(env, str(article))
    secret = (tmp_path / "state" / "framelint" / "cache-key").read_bytes()
    shapes = {"rules": [{"code": 1}], "compiled": {"term_index": 5}, "regex": ["not", "a", "dict"]}
    for entry in entries(tmp_path):
        key = json.loads(entry.read_bytes().split(b"\n")[1])[0]
        entry.write_bytes(cache.dump(shapes[entry.name.split("-")[0]], key, secret))
    second = run(env, str(article))
    assert second.stdout == first.stdout and second.returncode == 1 and second.stderr == ""
    third = run(env, str(article))  # and the rebuilt entries serve the next run
    assert third.stdout == first.stdout and third.stderr == ""


@pytest.mark.skipif(not hasattr(os, "O_NOFOLLOW"), reason="needs O_NOFOLLOW")
def test_a_symlinked_entry_is_not_followed(tmp_path, env, article):
    """An entry that is a symbolic link (to a file someone else chose) is not read but rebuilt:
    the link is replaced by a real entry, and the file it pointed to is left alone."""
    first = run(env, str(article))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for entry in entries(tmp_path):
        target = elsewhere / entry.name
        target.write_bytes(entry.read_bytes())  # a genuine entry: were the link followed, it would be used
        entry.unlink()
        entry.symlink_to(target)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    second = run(env, str(article))
    assert second.stdout == first.stdout and second.stderr == ""
    for entry in entries(tmp_path):
        assert not entry.is_symlink()  # rebuilt: the link was not followed
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file ownership is a POSIX notion")
def test_a_cache_folder_others_can_write_is_not_used(tmp_path, env, article):
    first = run(env, str(article))
    folder = tmp_path / "cache"
    folder.chmod(0o777)
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    for p in folder.iterdir():
        p.unlink()  # were the folder used, its entries would be written again
    second = run(env, str(article))
    assert second.stdout == first.stdout
    assert second.stderr == (f"framelint: warning: {folder}: the cache folder can be written by others; "
                             "running without the cache\n")
    assert list(folder.iterdir()) == [] and stamps


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file ownership is a POSIX notion")
def test_an_entry_someone_else_could_have_written_is_not_read(tmp_path, env, article):
    first = run(env, str(article))
    for entry in entries(tmp_path):
        entry.chmod(0o666)
    second = run(env, str(article))
    assert second.stdout == first.stdout and second.stderr == ""
    assert all(e.stat().st_mode & 0o077 == 0 for e in entries(tmp_path))  # rebuilt, for this user only


def test_dump_and_undump_keep_every_kind_of_value():
    from array import array

    value = {"a": [1, (2, "x"), {3: "three", (4, 5): None}], "(t": 1.5, "big": {f"k{i}": i for i in range(100)},
             "ints": list(range(100)), "code": array("I", range(50)), "s": "caf\udce9"}
    secret = os.urandom(32)
    data = cache.dump(value, "key", secret)
    assert cache.undump(data, "key", secret) == value
    with pytest.raises(ValueError):
        cache.undump(data, "key", os.urandom(32))
    with pytest.raises(ValueError):
        cache.undump(data, "another key", secret)
    tampered = data.replace(b'"three"', b'"thrEE"')
    with pytest.raises(ValueError):
        cache.undump(tampered, "key", secret)
