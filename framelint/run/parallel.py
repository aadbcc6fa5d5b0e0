"""Running a linter over many files: in order, one result per file.

``check_files`` yields one ``FileResult`` per input in input order, whatever
the number of worker processes, so every output format is identical with
``--jobs 1`` and ``--jobs N``.

With more than one job, files are checked in worker processes. Each worker
builds its linter once (on Linux it inherits the parent's, already compiled,
by forking), takes files in chunks, and sends back the results, which are
yielded in input order.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator

from ..engine.linter import Linter
from ..findings import FileResult
from .files import check_bytes, check_file

# Below this many files, starting worker processes costs more than it saves.
MIN_FILES_PER_JOB = 8

_worker_linter: Linter | None = None


def cpu_count() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def default_jobs(n_files: int) -> int:
    """All CPUs when there are enough files to share out, else one process."""
    cpus = cpu_count()
    return cpus if n_files >= MIN_FILES_PER_JOB * cpus else 1


def check_files(linter: Linter, files: list[str], *, stdin_filename: str | None = None,
                jobs: int | None = None, keep_text: bool = True) -> Iterator[FileResult]:
    """Check ``files`` (``-`` is standard input) and yield their results in input order.

    ``jobs`` is the number of processes; None picks one per CPU when there are many files.
    With ``keep_text=False`` results carry no decoded text (``result.text`` is None), so
    workers do not send every file's text back when no reporter will show it.
    """
    if jobs is None:
        jobs = default_jobs(len(files))
    jobs = min(jobs, len(files))
    if jobs <= 1 or "-" in files:  # standard input can only be read here
        yield from _check_serially(linter, files, stdin_filename)
        return
    yield from _check_in_parallel(linter, files, jobs, keep_text)


def _check_serially(linter: Linter, files: list[str], stdin_filename: str | None) -> Iterator[FileResult]:
    for path in files:
        if path == "-":
            yield check_bytes(linter, sys.stdin.buffer.read(), stdin_filename or "-")
        else:
            yield check_file(linter, path)


def _check_in_parallel(linter: Linter, files: list[str], jobs: int, keep_text: bool) -> Iterator[FileResult]:
    import multiprocessing

    global _worker_linter
    methods = multiprocessing.get_all_start_methods()
    # Forked workers inherit the compiled linter; elsewhere each builds its own once.
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    _worker_linter = linter
    # Chunks of a few files: few messages, and little left for one worker at the end.
    chunksize = max(1, min(64, len(files) // (jobs * 8)))
    pool = None
    try:
        # Ctrl-C or SIGTERM in the middle of starting the pool would leave a worker that no one
        # ends: hold them until the pool exists (a pending one is raised when they are let through).
        _hold_signals(True)
        forking = context.get_start_method() == "fork"
        try:
            # Objects moved to the permanent generation are never traversed by a forked
            # worker's collector, so their memory pages stay shared with the parent.
            if forking:
                gc.freeze()
            pool = context.Pool(jobs, initializer=_init_worker, initargs=(linter.config, keep_text))
        finally:
            if forking:
                gc.unfreeze()  # the workers have their copy; the parent collects as before
            _hold_signals(False)
        yield from pool.imap(_check_one, files, chunksize)
        pool.close()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        _worker_linter = None


def _hold_signals(hold: bool) -> None:
    import signal

    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK if hold else signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _init_worker(config, keep_text: bool = True) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled once, by the parent
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's pool.terminate() ends a worker quietly
    _hold_signals(False)  # held by the parent while it started the pool
    global _worker_linter, _worker_keeps_text
    _worker_keeps_text = keep_text
    if _worker_linter is None or _worker_linter.config != config:
        _worker_linter = Linter(config)


_worker_keeps_text = True


def _check_one(path: str) -> FileResult:
    assert _worker_linter is not None
    result = check_file(_worker_linter, path)
    if not _worker_keeps_text:
        result.text = None  # not pickled back to the parent
    return result
