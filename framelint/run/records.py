"""Article collections: one article per JSON Lines record, or per Parquet row.

A collection is read as ``Record`` objects, in file order. A record that cannot
be checked (a line that is not JSON, a missing or non-string text field) keeps
its place with an ``error``; it is reported with its file and line and the
rest of the file is still checked. Checking a record gives findings that name
it (``record``: its 1-based line in the JSONL file or row in the Parquet file,
and ``id``) with offsets, lines and columns into the record's text.

Reading is also split into byte ranges of whole lines (``partitions``), so a
large file can be checked in pieces, on one machine or on a Dask cluster, with
the same record numbers as a straight read.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from ..errors import UsageError
from .inputs import PARTITION_BYTES
from ..findings import FileError, FileResult, Finding



@dataclass(frozen=True)
class Fields:
    """Which field of a record holds what."""

    text: str = "text"
    id: str = "id"
    source: str = "source"
    date: str = "date"


@dataclass
class Record:
    path: str
    number: int                 # 1-based line (JSONL) or row (Parquet)
    text: str | None = None
    id: str | None = None
    source: str | None = None
    date: str | None = None
    error: str | None = None    # why it cannot be checked


@dataclass(frozen=True)
class Partition:
    """A piece of a collection: whole lines ``[start, end)`` of a JSONL file whose first
    line is ``first_line``, or one row group of a Parquet file."""

    path: str
    input_format: str
    start: int          # byte offset (jsonl) or row group index (parquet)
    end: int
    first_line: int     # record number of the first record in the piece
    size: int           # bytes, for progress and balance


# -- one record ----------------------------------------------------------------------------
def _optional_str(value) -> str | None:
    """An id, source or date as a string: numbers as written, dates and times (from a Parquet
    timestamp or date column) in ISO 8601, anything else as JSON, or as Python prints it."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):   # datetime.datetime is a date
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # Decimal, timedelta, ... from a Parquet column
        return str(value)


def record_from_object(obj, path: str, number: int, fields: Fields) -> Record:
    """A record from one decoded JSON value (or a Parquet row as a dict)."""
    if not isinstance(obj, dict):
        return Record(path, number, error=f"a record must be a JSON object, not {_json_type(obj)}")
    text = obj.get(fields.text)
    ident = _optional_str(obj.get(fields.id))
    if text is None:
        error = (f"no '{fields.text}' field{_field_hint(obj, fields.text)}" if fields.text not in obj
                 else f"'{fields.text}' is null")
        return Record(path, number, id=ident, error=error)
    if not isinstance(text, str):
        return Record(path, number, id=ident,
                      error=f"'{fields.text}' must be a string, not {_json_type(text)}")
    return Record(path, number, text=text, id=ident, source=_optional_str(obj.get(fields.source)),
                  date=_optional_str(obj.get(fields.date)))


def _field_hint(obj: dict, name: str) -> str:
    from ..errors import did_you_mean

    hint = did_you_mean(name, [k for k in obj if isinstance(k, str)])
    if hint:
        return hint
    strings = [k for k, v in obj.items() if isinstance(v, str)]
    return f" (its string fields: {', '.join(strings[:6])}; see --text-field)" if strings else ""


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    return type(value).__name__


def parse_line(raw: bytes, path: str, number: int, fields: Fields) -> Record | None:
    """One JSONL line as a record; ``None`` for a blank line, which is not a record."""
    if not raw.strip():
        return None
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Record(path, number, error=f"not valid UTF-8 (byte {exc.start + 1} of the line)")
    line = line.rstrip("\r\n")
    if number == 1:
        line = line.removeprefix("\ufeff")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(path, number, error=f"invalid JSON: {exc.msg} (column {exc.colno})")
    except RecursionError:
        return Record(path, number, error="invalid JSON: nested too deeply")
    return record_from_object(obj, path, number, fields)


def check_record(linter, record: Record) -> FileResult:
    """Findings for one record's text, naming the record; never raises."""
    result = FileResult(record.path)
    if record.error is not None:
        result.errors.append(record_error(record))
        return result
    where = f"{record.path}:{record.number}"
    try:
        checked = linter.check_text(record.text, record.path, "text")
    except Exception as exc:  # a record that breaks the engine is reported, never dropped
        result.errors.append(FileError(where, f"could not be checked: {type(exc).__name__}: {exc}"))
        return result
    findings = [replace(f, record=record.number, id=record.id) for f in checked.findings]
    findings.sort(key=Finding.sort_key)
    result.findings = findings
    result.errors = [FileError(where, e.message) for e in checked.errors]
    return result


# -- reading files -----------------------------------------------------------------------
def open_error(path: str) -> str | None:
    """Why ``path`` cannot be read as a collection, or None."""
    if os.path.isdir(path):
        return "is a directory (give the collection files themselves)"
    if not os.path.exists(path):
        return "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def read_jsonl_range(path: str, fields: Fields, start: int = 0, end: int | None = None,
                     first_line: int = 1) -> Iterator[Record]:
    """Records of the whole lines in ``[start, end)`` of a JSONL file (``end=None``: to the end)."""
    number = first_line
    with open(path, "rb") as fh:
        fh.seek(start)
        remaining = None if end is None else end - start
        while remaining is None or remaining > 0:
            raw = fh.readline() if remaining is None else fh.readline(remaining)
            if not raw:
                break
            if remaining is not None:
                remaining -= len(raw)
            record = parse_line(raw, path, number, fields)
            if record is not None:
                yield record
            number += 1


def _pyarrow_parquet():
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("--input parquet needs pyarrow: pip install 'framelint[parquet]'") from None
    return pq


def _parquet_file(path: str):
    pq = _pyarrow_parquet()
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several kinds for a file that is not Parquet
        raise _NotReadable(f"not a Parquet file ({str(exc).splitlines()[0]})") from None


class _NotReadable(Exception):
    pass


PARQUET_BATCH = 1024  # rows decoded at a time, so a large row group is never all in memory as Python objects


def _parquet_columns(pf, fields: Fields) -> list[str]:
    """The columns to read; a file without the text column cannot be checked at all."""
    names = set(pf.schema_arrow.names)
    if fields.text not in names:
        from ..errors import did_you_mean

        hint = did_you_mean(fields.text, names) or f" (its columns: {', '.join(sorted(names)[:8])})"
        raise _NotReadable(f"no '{fields.text}' column{hint}")
    return [c for c in dict.fromkeys((fields.text, fields.id, fields.source, fields.date)) if c in names]


def read_parquet_groups(path: str, fields: Fields, first_group: int = 0, end_group: int | None = None,
                        first_row: int = 1) -> Iterator[Record]:
    """Records of row groups ``[first_group, end_group)`` of a Parquet file; rows count from 1."""
    pf = _parquet_file(path)
    columns = _parquet_columns(pf, fields)
    end_group = pf.num_row_groups if end_group is None else end_group
    if end_group <= first_group:
        return
    number = first_row
    for batch in pf.iter_batches(batch_size=PARQUET_BATCH, row_groups=range(first_group, end_group),
                                 columns=columns, use_threads=False):
        for row in batch.to_pylist():
            yield record_from_object(row, path, number, fields)
            number += 1


def read_collection(path: str, input_format: str, fields: Fields) -> Iterator[Record]:
    """Every record of one file; a file that cannot be read at all gives one error record."""
    problem = open_error(path)
    if problem:
        yield Record(path, 0, error=problem)
        return
    try:
        if input_format == "parquet":
            yield from read_parquet_groups(path, fields)
        else:
            yield from read_jsonl_range(path, fields)
    except _NotReadable as exc:
        yield Record(path, 0, error=str(exc))
    except OSError as exc:
        yield Record(path, 0, error=f"cannot read: {exc.strerror or exc}")


def read_collections(paths: Iterable[str], input_format: str, fields: Fields) -> Iterator[Record]:
    for path in paths:
        yield from read_collection(path, input_format, fields)


def record_error(record: Record) -> FileError:
    """The error for a record; number 0 means the whole file."""
    where = record.path if record.number == 0 else f"{record.path}:{record.number}"
    return FileError(where, record.error or "")


# -- partitions ---------------------------------------------------------------------------
def jsonl_partitions(path: str, target_bytes: int = PARTITION_BYTES) -> list[Partition]:
    """Split a JSONL file into pieces of whole lines of about ``target_bytes`` each."""
    size = os.path.getsize(path)
    parts: list[Partition] = []
    start, line = 0, 1
    block = 1 << 20
    with open(path, "rb") as fh:
        while start < size:
            goal = start + target_bytes
            if goal >= size:
                end = size
            else:
                fh.seek(goal)
                fh.readline()   # on to the end of the line the goal falls in
                end = min(fh.tell(), size)
            parts.append(Partition(path, "jsonl", start, end, line, end - start))
            fh.seek(start)  # count the lines of the piece, to number the next one
            pos = start
            while pos < end:
                chunk = fh.read(min(block, end - pos))
                if not chunk:
                    break
                line += chunk.count(b"\n")
                pos += len(chunk)
            start = end
    return parts


def parquet_partitions(path: str, fields: Fields | None = None) -> list[Partition]:
    """One piece per row group; with ``fields``, a file without the text column is an error here,
    once for the file rather than once for each of its row groups."""
    pf = _parquet_file(path)
    if fields is not None:
        _parquet_columns(pf, fields)
    parts, row = [], 1
    for group in range(pf.num_row_groups):
        meta = pf.metadata.row_group(group)
        parts.append(Partition(path, "parquet", group, group + 1, row, meta.total_byte_size))
        row += meta.num_rows
    return parts


def partitions(paths: Iterable[str], input_format: str, target_bytes: int = PARTITION_BYTES,
               fields: Fields | None = None) -> tuple[list[Partition], list[FileError]]:
    """The pieces of every file, in input order, and an error for each file that cannot be read
    (with ``fields``, a Parquet file without the text column is one of them)."""
    parts: list[Partition] = []
    errors: list[FileError] = []
    for path in paths:
        problem = open_error(path)
        if problem:
            errors.append(FileError(path, problem))
            continue
        try:
            if input_format == "parquet":
                parts.extend(parquet_partitions(path, fields))
            else:
                parts.extend(jsonl_partitions(path, target_bytes))
        except _NotReadable as exc:
            errors.append(FileError(path, str(exc)))
        except OSError as exc:
            errors.append(FileError(path, f"cannot read: {exc.strerror or exc}"))
    return parts, errors


def read_partition(part: Partition, fields: Fields) -> Iterator[Record]:
    try:
        if part.input_format == "parquet":
            yield from read_parquet_groups(part.path, fields, part.start, part.end, part.first_line)
        else:
            yield from read_jsonl_range(part.path, fields, part.start, part.end, part.first_line)
    except _NotReadable as exc:
        yield Record(part.path, 0, error=str(exc))
    except OSError as exc:
        yield Record(part.path, 0, error=f"cannot read: {exc.strerror or exc}")


def check_partition(linter, part: Partition, fields: Fields) -> tuple[list[Finding], list[FileError], int]:
    """Findings and errors of one piece, in record order, and the number of records in it."""
    findings: list[Finding] = []
    errors: list[FileError] = []
    count = 0
    for record in read_partition(part, fields):
        count += 1
        result = check_record(linter, record)
        findings.extend(result.findings)
        errors.extend(result.errors)
    return findings, errors, count
