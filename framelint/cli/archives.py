"""The command line for archives: ``check --input jsonl|parquet`` and ``profile``.

Both read collections partition by partition (whole lines of a JSONL file, or
Parquet row groups), in one process or, with ``--scheduler``, on a Dask
cluster; the output is the same either way. ``--format jsonl`` is written as
records are checked; the other formats are written at the end. Their options are
defined in ``cli.options``, so that checking files does not import this module.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext

from ..errors import UsageError, shown



def fields_of(args):
    from ..run.records import Fields

    return Fields(text=args.text_field, id=args.id_field, source=args.source_field, date=args.date_field)


def _setup(args, command: str):
    """Partitions of every input, each with its file's linter, and the errors of unreadable files."""
    from ..run.linters import linter_for
    from .options import resolve_config

    if not args.paths:
        raise UsageError(f"{command}: give at least one collection FILE")
    if "-" in args.paths:
        raise UsageError(f"{command}: --input {args.input} reads files, not standard input (-)")
    if args.partition_size <= 0:
        raise UsageError("--partition-size: must be more than 0")
    resolver = resolve_config(args)
    from ..run.records import partitions

    parts, errors = partitions(args.paths, args.input, int(args.partition_size * 2**20), fields_of(args))
    linters = {}
    work = []
    for part in parts:
        config = resolver.for_file(part.path)
        if config not in linters:
            linters[config] = linter_for(config)
        work.append((linters[config], part))
    return work, errors


def _bar(work, what: str):
    from .progress import byte_progress

    return byte_progress(sum(p.size for _, p in work) if work else 0, what)


def _cluster(args):
    if not args.scheduler:
        return nullcontext(None)
    import os

    from ..run.cluster import Cluster

    return Cluster(args.scheduler, workers=getattr(args, "jobs", None) or os.cpu_count() or 1)


def _on_cluster(cluster, task, work, fields, bar, empty, **task_args):
    """``task`` for every partition on the cluster, in order; a partition the cluster could not
    check at all gives ``empty()`` with an error that names it."""
    from functools import partial

    from ..run.cluster import RuleSet, map_partitions, partition_error

    rulesets = {}
    jobs = []
    for linter, part in work:
        if id(linter) not in rulesets:
            rulesets[id(linter)] = RuleSet.of(linter)
        jobs.append((rulesets[id(linter)], part))
    return map_partitions(cluster.client, partial(task, **task_args) if task_args else task, jobs, fields,
                          on_done=lambda part: bar.advance(part.size), failed=lambda part, exc: (empty(), [partition_error(part, exc)], 0))


# -- check --input jsonl|parquet ------------------------------------------------------------
def check_collection(args) -> int:
    from ..run.results import exit_status
    from .options import use_color
    from ..run.records import check_partition, check_record, read_partition
    from ..rules.model import level_at_least
    from ..reporters import Report, get_reporter

    fmt = args.format or "text"
    reporter = get_reporter(fmt)
    if reporter.POINTS_AT_FILE_LINES:
        raise UsageError(f"--format {fmt}: annotates lines of files, and a record's lines are not lines of its "
                         f"file; for --input {args.input} use jsonl, json, text, concise or html")
    fields = fields_of(args)
    work, file_errors = _setup(args, "check")
    writer = reporter.stream(sys.stdout) if reporter.STREAMING else None
    report = Report(findings=[], errors=[], rules=work[0][0].rules if work else [], color=use_color(args),
                    statistics=args.statistics)
    report.files = len({p.path for _, p in work})
    fail_levels = {id(linter): linter.config.fail_level for linter, _ in work}
    state = {"errors": 0, "failed": False}

    def error(e) -> None:
        state["errors"] += 1
        sys.stderr.write(f"framelint: error: {shown(str(e))}\n")

    def take(findings, errors, fail_level) -> None:
        for e in errors:
            error(e)
        if findings:
            if not state["failed"] and any(level_at_least(f.level, fail_level) for f in findings):
                state["failed"] = True
            if writer is not None:
                writer.write(findings)
            else:
                report.findings.extend(findings)

    for e in file_errors:
        error(e)
    with _bar(work, "checking") as bar:
        if args.scheduler:
            with _cluster(args) as cluster:
                results = _on_cluster(cluster, check_partition, work, fields, bar, empty=list)
                for (linter, _part), (findings, errors, _count) in zip(work, results):
                    take(findings, errors, fail_levels[id(linter)])
        else:
            for linter, part in work:
                for record in read_partition(part, fields):
                    result = check_record(linter, record)
                    take(result.findings, result.errors, fail_levels[id(linter)])
                bar.advance(part.size)
    if writer is not None:
        writer.close(report)
    else:
        if reporter.HUMAN:
            _for_people(report, work, fields)
        reporter.render(report, sys.stdout)
    sys.stdout.flush()
    return exit_status(errors=bool(state["errors"]), failing=state["failed"], exit_zero=args.exit_zero)


def _for_people(report, work, fields) -> None:
    """Text, concise and html name a finding ``FILE#RECORD:LINE:COL`` and show the record's text."""
    from dataclasses import replace

    from ..run.records import read_partition

    wanted = {(f.path, f.record) for f in report.findings}
    report.findings = [replace(f, path=f"{f.path}#{f.record}") for f in report.findings]
    if not wanted or report.sources is None:
        return
    for _linter, part in work:
        for record in read_partition(part, fields):
            if (record.path, record.number) in wanted and record.text is not None:
                report.sources[f"{record.path}#{record.number}"] = record.text


# -- profile ---------------------------------------------------------------------------------
def cmd_profile(args) -> int:
    from ..run.results import EXIT_ERROR, EXIT_OK
    from .options import use_color
    from ..analysis.outlets import Profile, parse_by, profile_partition, render_csv, render_json, render_text

    by = parse_by(args.by)
    if args.top < 0:
        raise UsageError("--top: must be 0 or more")
    fields = fields_of(args)
    work, file_errors = _setup(args, "profile")
    errors = list(file_errors)
    total = Profile(by)
    with _bar(work, "profiling") as bar:
        if args.scheduler:
            with _cluster(args) as cluster:
                for partial_profile, errs, _count in _on_cluster(cluster, profile_partition, work, fields, bar,
                                                                 empty=lambda: Profile(by), by=by):
                    total.merge(partial_profile)
                    errors.extend(errs)
        else:
            for linter, part in work:
                partial_profile, errs, _count = profile_partition(linter, part, fields, by)
                total.merge(partial_profile)
                errors.extend(errs)
                bar.advance(part.size)
    for e in errors:
        sys.stderr.write(f"framelint: error: {shown(str(e))}\n")
    if args.format == "json":
        render_json(total, sys.stdout, args.top)
    elif args.format == "csv":
        render_csv(total, sys.stdout, args.top)
    else:
        render_text(total, sys.stdout, color=use_color(args), top=args.top)
    sys.stdout.flush()
    return EXIT_ERROR if errors else EXIT_OK
