"""Checking collections on a Dask cluster, with the findings of a single process.

Needs the ``dask`` extra (``pip install 'framelint[dask]'``): ``dask`` and
``distributed``, imported only when a cluster is used.

- The rule set travels once per worker: a ``WorkerPlugin`` carries the
  configuration and the loaded rules, and each worker compiles its ``Linter``
  once, when it starts (or restarts). Tasks carry only a key naming it.
- A task is a pure function of its partition (a range of whole lines of a
  JSONL file, or a Parquet row group): when a worker dies, Dask runs its tasks
  again elsewhere and the result is the same, never lost or counted twice. A
  partition that fails for good is an error that names it, never a gap.
- Results are gathered in partition order, whatever order the tasks finish in,
  so the output is identical to ``framelint check`` in one process.

For those already in Dask, ``lint_bag`` and ``lint_dataframe`` take a bag or
dataframe of articles and return a Dask dataframe of findings, one row per
finding with the json format's fields as columns, plus ``error`` for a record
that could not be checked.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .records import Fields, Partition, Record, check_partition, check_record, record_from_object
from ..errors import UsageError
from ..findings import FileError, Finding

# Worker-side: the compiled linters the plugin built, by key, and a log of each build
# (key, and "plugin" or "task": the tests check that a worker builds once, from the plugin).
_LINTERS: dict[str, object] = {}
BUILDS: list[tuple[str, str]] = []

FINDING_COLUMNS = ("path", "record", "id", "code", "name", "category", "level", "message", "line", "column",
                   "end_line", "end_column", "start", "end", "match", "in_quote", "suggestion", "speaker",
                   "fix", "error")


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'framelint[dask]'") from None
    return distributed


# -- the rule set, once per worker ---------------------------------------------------------
@dataclass(frozen=True)
class RuleSet:
    """What a worker needs to build the linter: the configuration and the loaded rules."""

    key: str
    config: object
    rules: tuple

    @classmethod
    def of(cls, linter) -> "RuleSet":
        rules = tuple(linter.all_rules)
        digest = hashlib.sha256(pickle.dumps((linter.config, rules))).hexdigest()[:16]
        return cls(digest, linter.config, rules)

    def linter(self, how: str = "task"):
        """The worker's compiled linter for this rule set (built here if no plugin did)."""
        linter = _LINTERS.get(self.key)
        if linter is None:
            from ..engine.linter import Linter

            linter = _LINTERS[self.key] = Linter(self.config, rules=list(self.rules))
            BUILDS.append((self.key, how))
        return linter


def _plugin_class():
    distributed = _import_distributed()

    class LinterPlugin(distributed.WorkerPlugin):
        """Compiles the rule set once when a worker starts; tasks then find it by key."""

        def __init__(self, ruleset: RuleSet) -> None:
            self.ruleset = ruleset
            self.name = f"framelint-{ruleset.key}"

        def setup(self, worker) -> None:
            self.ruleset.linter(how="plugin")

    return LinterPlugin


def install(client, ruleset: RuleSet) -> None:
    """Ship a rule set to every worker of ``client``'s cluster, present and future."""
    from ..errors import FramelintError

    try:
        client.register_plugin(_plugin_class()(ruleset), name=f"framelint-{ruleset.key}")
    except FramelintError:
        raise
    except Exception as exc:  # noqa: BLE001 - raised on a worker, in whatever form it takes there
        raise FramelintError(f"--scheduler: the workers could not set up the rules ({type(exc).__name__}: {exc}); "
                             f"do they have the same framelint installed as this machine?") from None


class _Handle:
    """A rule set as tasks carry it. Pickled, it is only the key and the (small)
    configuration: the worker finds the linter its plugin built, and only a worker
    without the plugin builds one from the configuration, once per process."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.key, self.config = ruleset.key, ruleset.config
        self._ruleset: RuleSet | None = ruleset

    def __reduce__(self):
        return (_KeyOnly, (self.key, self.config))

    def linter(self):
        return self._ruleset.linter()


class _KeyOnly:
    def __init__(self, key: str, config) -> None:
        self.key, self.config = key, config

    def linter(self):
        linter = _LINTERS.get(self.key)
        if linter is None:
            from ..run.linters import get_linter

            linter = _LINTERS[self.key] = get_linter(self.config)
            BUILDS.append((self.key, "task"))
        return linter


# -- connecting ------------------------------------------------------------------------------
class Cluster:
    """A client, and the LocalCluster it started (for ``local``), closed together."""

    def __init__(self, scheduler: str, workers: int = 2) -> None:
        distributed = _import_distributed()
        self.cluster = None
        try:
            if scheduler == "local":
                self.cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                    silence_logs=logging.CRITICAL)  # failures are reported as errors of their own
                self.client = distributed.Client(self.cluster)
            else:
                logging.getLogger("distributed").setLevel(logging.ERROR)
                self.client = distributed.Client(scheduler, timeout="10s")
        except OSError as exc:
            raise UsageError(f"--scheduler: cannot connect to {scheduler}: {exc}") from None
        except ValueError as exc:
            raise UsageError(f"--scheduler: {exc}; give tcp://HOST:PORT or local") from None

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- running partitions ---------------------------------------------------------------------
def _run_partition(task: Callable, handle, part: Partition, fields: Fields):
    return task(handle.linter(), part, fields)


def partition_error(part: Partition, exc: BaseException) -> FileError:
    """The error for a piece the cluster could not check at all (its task failed every try,
    or it killed one worker after another): it names the file and the piece's first record."""
    if part.input_format == "parquet":
        what = f"row group {part.start + 1} (rows from {part.first_line})"
    else:
        what = f"the records in bytes {part.start}-{part.end} (lines from {part.first_line})"
    reason = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    return FileError(f"{part.path}:{part.first_line}", f"{what} could not be checked on the cluster: {reason}")


def map_partitions(client, task: Callable, parts: list[tuple[RuleSet, Partition]], fields: Fields,
                   on_done: Callable[[Partition], None] | None = None,
                   failed: Callable[[Partition, BaseException], object] | None = None) -> Iterator:
    """``task(linter, partition, fields)`` for every partition on the cluster, yielded in
    partition order as soon as each is ready (later ones wait in memory for earlier ones).

    A worker that dies takes nothing with it: Dask runs its tasks again elsewhere. A task
    that fails for good (it raised on each of its tries, or killed a worker each time) gives
    ``failed(partition, exception)`` in its place, so the other partitions are still
    reported; without ``failed`` the exception is raised.
    """
    distributed = _import_distributed()
    rulesets = {rs.key: rs for rs, _ in parts}
    for ruleset in rulesets.values():
        install(client, ruleset)
    handles = {key: _Handle(rs) for key, rs in rulesets.items()}
    futures = {}
    for index, (ruleset, part) in enumerate(parts):
        future = client.submit(_run_partition, task, handles[ruleset.key], part, fields, pure=False,
                               retries=2)
        futures[future] = index
    ready: dict[int, object] = {}
    following = 0
    for future in distributed.as_completed(list(futures)):
        index = futures.pop(future)
        try:
            ready[index] = future.result()
        except Exception as exc:  # noqa: BLE001 - the task's own error, or KilledWorker
            if failed is None:
                raise
            ready[index] = failed(parts[index][1], exc)
        future.release()
        if on_done is not None:
            on_done(parts[index][1])
        while following in ready:
            yield ready.pop(following)
            following += 1


def lint_partitions(client, parts: list[tuple[RuleSet, Partition]], fields: Fields,
                    on_done=None) -> Iterator[tuple[list[Finding], list, int]]:
    """Findings, errors and record count of each partition, in order, checked on the cluster;
    a partition the cluster could not check is an error naming it, never a gap."""
    yield from map_partitions(client, check_partition, parts, fields, on_done,
                              failed=lambda part, exc: ([], [partition_error(part, exc)], 0))


# -- the Dask API ----------------------------------------------------------------------------
def _empty_frame():
    import pandas as pd

    dtypes = {c: "object" for c in FINDING_COLUMNS}
    dtypes.update({c: "Int64" for c in ("record", "line", "column", "end_line", "end_column", "start", "end")})
    dtypes["in_quote"] = "boolean"
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def _frame(rows: list[dict]):
    import pandas as pd

    meta = _empty_frame()
    if not rows:
        return meta
    frame = pd.DataFrame.from_records(rows, columns=list(FINDING_COLUMNS))
    return frame.astype(meta.dtypes.to_dict())


def _rows(linter, records: list[Record]) -> list[dict]:
    rows: list[dict] = []
    for record in records:
        result = check_record(linter, record)
        for f in result.findings:
            row = f.to_dict()
            row["error"] = None
            rows.append(row)
        for e in result.errors:
            rows.append({"path": record.path, "record": record.number or None, "id": record.id,
                         "error": e.message})
    return rows


def _lint_objects(objects, handle, fields: Fields, path: str, path_field: str | None):
    """The findings of one partition, numbered from 1 within it, and its number of articles."""
    linter = handle.linter()
    records = []
    for i, obj in enumerate(objects):
        where = obj.get(path_field) if path_field and isinstance(obj, dict) else None
        records.append(record_from_object(obj, str(where) if where is not None else path, i + 1, fields))
    return _frame(_rows(linter, records)), len(records)


def _shift(frame, offset: int):
    """Number a partition's records after those of the partitions before it."""
    if offset and len(frame):
        frame = frame.assign(record=frame["record"] + offset)
    return frame


def _numbered(results) -> list:
    """Frames numbered across partitions. The offsets are a chain of sums of the counts before
    each partition, so a partition's findings wait only for the partitions before it to be
    checked, and each partition of articles is let go as soon as it has been checked (not
    held until the whole collection has been read, as a count taken first would need)."""
    import operator

    import dask

    frames, offset = [], 0
    for result in results:
        frame, count = result[0], result[1]
        frames.append(dask.delayed(_shift, pure=True)(frame, offset))
        offset = dask.delayed(operator.add, pure=True)(offset, count)
    return frames


def _ruleset_handle(config):
    from ..run.linters import get_linter

    ruleset = RuleSet.of(get_linter(config))
    try:
        client = _import_distributed().get_client()
    except ValueError:
        client = None  # no distributed client: the linter is built in each process that needs it
    if client is not None:
        install(client, ruleset)
    return _Handle(ruleset)


def lint_bag(bag, *, config=None, text_field: str = "text", id_field: str = "id", path: str = "<bag>",
             path_field: str | None = None):
    """Check a Dask bag of articles (dicts with ``text_field``) and return a Dask dataframe of
    findings: one row per finding, the json format's fields as columns, ``record`` the
    1-based position of the article in the bag, and ``error`` set on the rows of articles
    that could not be checked. The rows are in bag order, as a single process gives them."""
    import dask
    import dask.dataframe as dd

    fields = Fields(text=text_field, id=id_field)
    handle = _ruleset_handle(config)
    results = [dask.delayed(_lint_objects, nout=2)(p, handle, fields, path, path_field) for p in bag.to_delayed()]
    return dd.from_delayed(_numbered(results), meta=_empty_frame(), verify_meta=False)


def _lint_frame(frame, handle, fields: Fields, path: str, path_column: str | None):
    columns = [c for c in (fields.text, fields.id, path_column) if c and c in frame.columns]
    objects = []
    for values in frame[columns].itertuples(index=False, name=None):
        obj = {}
        for c, v in zip(columns, values):
            obj[c] = None if _is_missing(v) else v
        objects.append(obj)
    return _lint_objects(objects, handle, fields, path, path_column)


def _is_missing(value) -> bool:
    try:
        import pandas as pd

        return value is None or (not isinstance(value, (str, list, dict)) and bool(pd.isna(value)))
    except (TypeError, ValueError):
        return False


def lint_dataframe(ddf, *, text_column: str = "text", id_column: str = "id", config=None, path: str = "<dataframe>",
                   path_column: str | None = None):
    """Check a Dask dataframe with one article per row; returns a Dask dataframe of findings
    like ``lint_bag``, with ``record`` the 1-based row number."""
    import dask
    import dask.dataframe as dd

    if text_column not in ddf.columns:
        raise UsageError(f"lint_dataframe: no column '{text_column}' (columns: {', '.join(map(str, ddf.columns))})")
    fields = Fields(text=text_column, id=id_column)
    handle = _ruleset_handle(config)
    results = [dask.delayed(_lint_frame, nout=2)(p, handle, fields, path, path_column) for p in ddf.to_delayed()]
    return dd.from_delayed(_numbered(results), meta=_empty_frame(), verify_meta=False)
