"""Checking collections on a real Dask cluster gives exactly the single-process findings.

One ``LocalCluster`` of two worker processes serves the whole module. The archive
is generated here from word lists, with a broken line every so often.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sys
from functools import partial

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")

from framelint.api import get_linter  # noqa: E402
from framelint.run.records import Fields, Partition, check_partition, partitions, read_collection  # noqa: E402
from framelint.run.cluster import (RuleSet, _Handle, lint_bag, lint_dataframe, lint_partitions,  # noqa: E402
                                   map_partitions, partition_error)

from archive_words import write_archive  # noqa: E402

RECORDS = 3000


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                       dashboard_address=":0", silence_logs=50)
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
    assert_built_once_per_worker(client)


def _builds():
    from framelint.run import cluster as fd

    return list(fd.BUILDS)


def assert_built_once_per_worker(client) -> None:
    """Each worker compiled the rule set once, in the plugin when it started, whatever the
    number of tasks it ran; no task compiled one."""
    key = RuleSet.of(get_linter()).key
    for builds in client.run(_builds).values():
        assert builds.count((key, "plugin")) == 1
        assert not [b for b in builds if b[1] != "plugin"]


def test_a_task_carries_a_key_not_the_rule_set():
    ruleset = RuleSet.of(get_linter())
    part = Partition("archive.jsonl", "jsonl", 0, 8 << 20, 1, 8 << 20)
    task = pickle.dumps((check_partition, _Handle(ruleset), part, Fields()))
    assert len(pickle.dumps(ruleset)) > 50_000     # the rules: shipped once per worker, in the plugin
    assert len(task) < 1_000                       # what each task carries
    assert ruleset.key.encode() in task


def _dies_once(log: str, victim: int, linter, part, fields):
    """check_partition, except that the first worker to take partition ``victim`` dies
    (SIGKILL, as the kernel's out-of-memory killer does) halfway through it."""
    with open(os.path.join(log, "starts"), "a", encoding="utf-8") as fh:
        fh.write(f"{part.start} {os.getpid()}\n")
    if part.start != victim:
        return check_partition(linter, part, fields)
    from framelint.run.records import check_record, read_partition

    for n, record in enumerate(read_partition(part, fields)):
        check_record(linter, record)
        if n == 10:
            try:
                fd = os.open(os.path.join(log, "killed"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                break   # the second try: check it for real
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)
    return check_partition(linter, part, fields)


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(client, archive, single, tmp_path):
    parts = partitions([archive], "jsonl", target_bytes=20_000)[0]
    victim = parts[len(parts) // 2]
    ruleset = RuleSet.of(get_linter())
    pids = set(client.run(os.getpid).values())
    done = {"before": 0, "after": 0}

    def count_done(part) -> None:
        done["after" if (tmp_path / "killed").exists() else "before"] += 1

    findings, errors, count = [], [], 0
    task = partial(_dies_once, str(tmp_path), victim.start)
    # no ``failed``: a partition that never came back would raise here
    for f, e, n in map_partitions(client, task, [(ruleset, p) for p in parts], Fields(), on_done=count_done):
        findings += f
        errors += e
        count += n
    assert len(parts) > 40
    killed = int((tmp_path / "killed").read_text())
    assert killed in pids
    # The kill came during the run: partitions were done before it, others only after it.
    assert done["before"] >= 1 and done["after"] >= 2, done
    starts = [line.split() for line in (tmp_path / "starts").read_text().splitlines()]
    assert {int(s) for s, _ in starts} == {p.start for p in parts}
    victim_runs = [int(pid) for s, pid in starts if int(s) == victim.start]
    assert len(victim_runs) == 2 and victim_runs[0] == killed and victim_runs[1] != killed
    # ... and the result is the single-process one, finding by finding: nothing lost, nothing twice.
    assert count == RECORDS
    assert findings == single[0]
    assert errors == single[1]
    client.wait_for_workers(2, timeout=30)
    after = set(client.run(os.getpid).values())
    assert killed not in after   # the worker really died, and the nanny started a new one
    assert_built_once_per_worker(client)   # the new worker got the rule set from the plugin


def test_a_worker_killed_from_outside_while_busy(client, archive, single):
    before = client.run(os.getpid)
    killed = []
    done = {"after": 0}

    def kill_one(part) -> None:
        if killed:
            done["after"] += 1
            return
        busy = [address for address, tasks in client.processing().items() if tasks]
        pid = before[sorted(busy)[0]]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    findings, errors, count, npart = on_cluster(client, archive, target_bytes=20_000, on_done=kill_one)
    assert killed and npart > 40
    assert done["after"] >= npart // 2   # the kill came early in the run, not after it
    assert count == RECORDS
    assert findings == single[0]
    assert errors == single[1]
    client.wait_for_workers(2, timeout=30)
    assert killed[0] not in client.run(os.getpid).values()


def _fails_on(victim: int, linter, part, fields):
    if part.start == victim:
        raise MemoryError("a partition too big for its worker")
    return check_partition(linter, part, fields)


def test_a_partition_that_fails_for_good_is_an_error_and_the_rest_is_reported(client, archive, single):
    parts = partitions([archive], "jsonl", target_bytes=50_000)[0][:6]
    victim = parts[3]
    ruleset = RuleSet.of(get_linter())
    results = list(map_partitions(client, partial(_fails_on, victim.start), [(ruleset, p) for p in parts],
                                  Fields(), failed=lambda part, exc: ([], [partition_error(part, exc)], 0)))
    assert len(results) == len(parts)
    [error] = results[3][1]
    assert str(error) == (f"{archive}:{victim.first_line}: the records in bytes {victim.start}-{victim.end} "
                          f"(lines from {victim.first_line}) could not be checked on the cluster: "
                          f"MemoryError: a partition too big for its worker")
    linter = get_linter()
    for part, (findings, _errors, _n) in zip(parts, results):
        if part is not victim:
            assert findings == check_partition(linter, part, Fields())[0]


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
            result = linter.check_text(art["text"], "<bag>", "text")
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


def _unreadable():
    raise OSError("this partition is never read")


def test_lint_bag_numbers_each_partition_without_reading_the_later_ones(client):
    """The record numbers of a partition depend only on the partitions before it, so a
    partition's findings never wait for (or hold in memory) the whole collection."""
    import dask
    import dask.bag as db

    first = db.from_sequence([{"id": "a", "text": "The regime said."}, {"id": "b", "text": "The regime."}],
                             npartitions=1)
    second = db.from_sequence([{"id": "c", "text": "Calm. The regime."}], npartitions=1)
    never = db.from_delayed([dask.delayed(_unreadable)()])
    frame = lint_bag(db.concat([first, second, never]))
    head = frame.partitions[1].compute()
    assert list(zip(head["record"], head["id"])) == [(3, "c")]
    with pytest.raises(OSError):
        frame.compute()


def test_without_dask_the_scheduler_option_says_what_to_install(archive, cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    run = cli("check", "--input", "jsonl", "--scheduler", "local", archive)
    assert (run.code, run.err) == (2, "framelint: error: --scheduler needs Dask: pip install 'framelint[dask]'\n")
