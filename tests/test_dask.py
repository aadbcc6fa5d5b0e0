"""Checking collections on a real Dask cluster gives exactly the single-process findings.

One ``LocalCluster`` of two worker processes serves the whole module. The archive
is generated here from word lists, with a broken line every so often.
"""

from __future__ import annotations

import json
import os
import signal
import sys

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")

from framelint.api import get_linter  # noqa: E402
from framelint.collections import Fields, check_partition, partitions, read_collection  # noqa: E402
from framelint.distributed import RuleSet, lint_bag, lint_dataframe, lint_partitions  # noqa: E402

from archive_words import write_archive  # noqa: E402

RECORDS = 3000


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=None, silence_logs=50)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return str(write_archive(tmp_path_factory.mktemp("archive") / "archive.jsonl", RECORDS, bad_every=250))


@pytest.fixture(scope="module")
def single(archive):
    """Findings and errors of the archive checked in this process, in one piece."""
    linter = get_linter()
    findings, errors = [], []
    for part in partitions([archive], "jsonl", target_bytes=10**10)[0]:
        f, e, _n = check_partition(linter, part, Fields())
        findings += f
        errors += e
    assert len(findings) > 1000 and len(errors) == RECORDS // 250
    return findings, errors


def on_cluster(client, archive, target_bytes, on_done=None):
    linter = get_linter()
    parts = partitions([archive], "jsonl", target_bytes=target_bytes)[0]
    ruleset = RuleSet.of(linter)
    findings, errors, count = [], [], 0
    for f, e, n in lint_partitions(client, [(ruleset, p) for p in parts], Fields(), on_done=on_done):
        findings += f
        errors += e
        count += n
    return findings, errors, count, len(parts)


def test_cluster_gives_the_single_process_findings_one_by_one(client, archive, single):
    findings, errors, count, npart = on_cluster(client, archive, target_bytes=40_000)
    assert npart > 20
    assert count == RECORDS
    assert findings == single[0]
    assert errors == single[1]
    # Each worker compiled the rule set once, from the plugin, under the rule set's key.
    key = RuleSet.of(get_linter()).key
    assert set(client.run(_compiled_keys).values()) == {(key,)}


def _compiled_keys():
    from framelint import distributed as fd

    return tuple(fd._LINTERS)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(client, archive, single):
    before = client.run(os.getpid)
    killed = []

    def kill_one(part) -> None:
        if not killed:  # a worker that has a partition in hand: its work is lost with it
            busy = [address for address, tasks in client.processing().items() if tasks]
            pid = before[sorted(busy)[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    findings, errors, count, npart = on_cluster(client, archive, target_bytes=20_000, on_done=kill_one)
    assert killed and npart > 40
    assert count == RECORDS
    assert findings == single[0]
    assert errors == single[1]
    client.wait_for_workers(2, timeout=30)
    after = client.run(os.getpid)
    assert killed[0] not in after.values()   # the worker really died, and the nanny started a new one


def test_cli_on_the_cluster_prints_what_one_process_prints(client, archive, cli):
    address = client.scheduler.address
    local = cli("check", "--input", "jsonl", "--format", "jsonl", archive)
    remote = cli("check", "--input", "jsonl", "--format", "jsonl", "--partition-size", "0.05",
                 "--scheduler", address, archive)
    assert remote.out == local.out
    assert remote.err == local.err
    assert remote.code == local.code == 2   # the broken lines
    assert local.err.splitlines()[0] == (
        f"framelint: error: {archive}:250: invalid JSON: Expecting value (column 26)")
    first = json.loads(local.out.splitlines()[0])
    assert (first["path"], first["id"]) == (archive, f"r{first['record']}")


def test_profile_on_the_cluster_equals_the_single_process_profile(client, archive, cli):
    address = client.scheduler.address
    local = cli("profile", "--by", "source,month", "--format", "csv", archive)
    remote = cli("profile", "--by", "source,month", "--format", "csv", "--partition-size", "0.1",
                 "--scheduler", address, archive)
    assert remote.out == local.out
    assert local.out.count("\n") == 1 + 3 * 6   # three outlets, six months


def test_lint_bag_and_lint_dataframe(client, archive, single):
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    good = [r for r in read_collection(archive, "jsonl", Fields()) if r.error is None][:400]
    articles = [{"id": r.id, "text": r.text} for r in good]
    articles.insert(3, {"id": "bad", "text": 7})
    expected = []
    linter = get_linter()
    for position, art in enumerate(articles, 1):
        if isinstance(art["text"], str):
            result = linter.check_text(art["text"], "<bag>", kind="text")
            expected += [(position, art["id"], f.code, f.start, f.end) for f in
                         sorted(result.findings, key=lambda f: f.sort_key())]

    frame = lint_bag(db.from_sequence(articles, npartitions=7)).compute()
    rows = frame[frame["error"].isna()]
    assert list(zip(rows["record"], rows["id"], rows["code"], rows["start"], rows["end"])) == expected
    [bad] = frame[frame["error"].notna()].to_dict("records")
    assert (bad["record"], bad["id"], bad["error"]) == (4, "bad", "'text' must be a string, not a number")

    ddf = dd.from_pandas(pd.DataFrame(articles[:3] + articles[4:]), npartitions=5)
    frame = lint_dataframe(ddf, text_column="text", id_column="id").compute()
    got = list(zip(frame["record"], frame["id"], frame["code"], frame["start"], frame["end"]))
    assert got == [(p if p < 4 else p - 1, i, c, s, e) for p, i, c, s, e in expected]
    assert list(frame.columns[:4]) == ["path", "record", "id", "code"]


def test_without_dask_the_scheduler_option_says_what_to_install(archive, cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    run = cli("check", "--input", "jsonl", "--scheduler", "local", archive)
    assert (run.code, run.err) == (2, "framelint: error: --scheduler needs Dask: pip install 'framelint[dask]'\n")
