"""Collections of articles: ``check --input jsonl|parquet`` and the ``jsonl`` format.

The tests use their own rules (made-up words), so the outputs do not change when
the built-in rule set does.
"""

from __future__ import annotations

import json
import sys

import pytest

from framelint.run.records import Fields, check_partition, partitions, read_collection
from framelint.engine.linter import Linter
from framelint.config import DEFAULT

from archive_words import write_archive
from conftest import write_rule


@pytest.fixture
def work(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    write_rule(rules, "UR101", "zorblat-word", terms='["zorblat"]', message="\"'{match}' is a loaded test word.\"")
    write_rule(rules, "UR102", "grintle-word", terms='["grintle"]', level='"error"', category='"euphemism"',
               message="\"'{match}' hides what happened.\"")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lines(*records) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def opts(work) -> tuple[str, ...]:
    # an absolute folder: compiled linters are cached per configuration, across tests
    return ("--rules", str(work / "rules"), "--select", "UR")


def test_jsonl_findings_name_the_record_and_keep_offsets_into_its_text(work, cli):
    (work / "a.jsonl").write_text(lines(
        {"id": "a-1", "text": "Nothing here."},
        {"id": "a-2", "text": "First line.\nThe zorblat came. It was grintle."},
    ), encoding="utf-8")
    run = cli("check", "--input", "jsonl", "--format", "jsonl", *opts(work), "a.jsonl")
    assert run.code == 1
    assert run.err == ""
    out = [json.loads(line) for line in run.out.splitlines()]
    assert [(f["path"], f["record"], f["id"], f["code"], f["line"], f["column"], f["start"], f["end"], f["match"])
            for f in out] == [
        ("a.jsonl", 2, "a-2", "UR101", 2, 5, 16, 23, "zorblat"),
        ("a.jsonl", 2, "a-2", "UR102", 2, 26, 37, 44, "grintle"),
    ]
    assert run.out.splitlines()[0].startswith('{"path":"a.jsonl","code":"UR101"')


def test_malformed_records_are_errors_with_file_and_line_and_the_rest_is_checked(work, cli):
    (work / "a.jsonl").write_text(lines(
        {"id": 1, "text": "A zorblat."},
        '{"id": 2, "text": "unclosed',
        {"id": 3, "body": "no text field"},
        {"id": 4, "text": 42},
        "[1, 2]",
        "",
        {"id": 7, "text": "Another zorblat."},
    ), encoding="utf-8")
    run = cli("check", "--input", "jsonl", "--format", "concise", *opts(work), "a.jsonl")
    assert run.code == 2
    assert run.err.splitlines() == [
        "framelint: error: a.jsonl:2: invalid JSON: Unterminated string starting at (column 19)",
        "framelint: error: a.jsonl:3: no 'text' field (its string fields: body; see --text-field)",
        "framelint: error: a.jsonl:4: 'text' must be a string, not a number",
        "framelint: error: a.jsonl:5: a record must be a JSON object, not an array",
    ]
    assert run.out.splitlines() == [
        "a.jsonl#1:1:3: UR101 [warning] 'zorblat' is a loaded test word.",
        "a.jsonl#7:1:9: UR101 [warning] 'zorblat' is a loaded test word.",
    ]


def test_field_options_pick_the_text_and_id(work, cli):
    (work / "a.jsonl").write_text(lines({"uid": 99, "body": "The grintle.", "text": "zorblat"}), encoding="utf-8")
    run = cli("check", "--input", "jsonl", "--format", "json", "--text-field", "body", "--id-field", "uid",
              *opts(work), "a.jsonl")
    assert run.code == 1
    [finding] = run.json()
    assert (finding["record"], finding["id"], finding["code"], finding["start"]) == (1, "99", "UR102", 4)


def test_a_misspelt_text_field_gets_a_hint(work, cli):
    (work / "a.jsonl").write_text(lines({"id": 1, "body": "The grintle."}), encoding="utf-8")
    run = cli("check", "--input", "jsonl", "--text-field", "bdy", *opts(work), "a.jsonl")
    assert run.code == 2
    assert run.err == "framelint: error: a.jsonl:1: no 'bdy' field (did you mean 'body'?)\n"


def test_text_format_shows_the_line_of_the_record(work, cli):
    (work / "a.jsonl").write_text(lines({"id": "x", "text": "Calm.\nA zorblat here."}), encoding="utf-8")
    run = cli("check", "--input", "jsonl", "--no-color", *opts(work), "a.jsonl")
    assert run.out == (
        "a.jsonl#1\n"
        "  a.jsonl#1:2:3: UR101 [warning] 'zorblat' is a loaded test word.\n"
        "    2 | A zorblat here.\n"
        "      |   ^^^^^^^\n"
        "\n"
        "Found 1 finding (1 warning) in 1 file.\n"
    )


def test_html_shows_each_record_and_file_annotations_are_refused(work, cli):
    (work / "a.jsonl").write_text(lines({"id": "x", "text": "Calm."}, {"id": "y", "text": "A zorblat."}),
                                  encoding="utf-8")
    run = cli("check", "--input", "jsonl", "--format", "html", *opts(work), "a.jsonl")
    assert run.code == 1
    assert "<h2>a.jsonl#2" in run.out and "a.jsonl#1" not in run.out
    assert ">zorblat</mark>" in run.out
    for fmt in ("sarif", "github", "gitlab"):
        run = cli("check", "--input", "jsonl", "--format", fmt, *opts(work), "a.jsonl")
        assert (run.code, run.out) == (2, "")
        assert run.err.startswith(f"framelint: error: --format {fmt}: annotates lines of files")


def test_unreadable_files_are_errors_and_others_still_checked(work, cli):
    (work / "a.jsonl").write_text(lines({"text": "zorblat"}), encoding="utf-8")
    run = cli("check", "--input", "jsonl", "--format", "concise", *opts(work), "missing.jsonl", "a.jsonl")
    assert run.code == 2
    assert run.err == "framelint: error: missing.jsonl: no such file or directory\n"
    assert run.out == "a.jsonl#1:1:1: UR101 [warning] 'zorblat' is a loaded test word.\n"


def test_usage_errors(work, cli):
    run = cli("check", "--scheduler", "local", "a.txt")
    assert (run.code, run.err) == (2, "framelint: error: --scheduler: checks collections; "
                                      "add --input jsonl or --input parquet\n")
    run = cli("check", "--input", "jsonl", "-")
    assert (run.code, run.err) == (2, "framelint: error: check: --input jsonl reads files, not standard input (-)\n")


def test_exit_zero_when_nothing_at_fail_level(work, cli):
    (work / "a.jsonl").write_text(lines({"text": "zorblat"}), encoding="utf-8")
    assert cli("check", "--input", "jsonl", "--fail-level", "error", *opts(work), "a.jsonl").code == 0
    assert cli("check", "--input", "jsonl", "--exit-zero", *opts(work), "a.jsonl").code == 0


def test_parquet_gives_the_same_findings_as_jsonl(work, cli):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [{"id": "p1", "text": "Calm."}, {"id": "p2", "text": "The zorblat and the grintle."},
            {"id": "p3", "text": None}]
    pq.write_table(pa.Table.from_pylist(rows), work / "a.parquet", row_group_size=2)
    (work / "a.jsonl").write_text(lines(*rows), encoding="utf-8")
    from_parquet = cli("check", "--input", "parquet", "--format", "jsonl", *opts(work), "a.parquet")
    from_jsonl = cli("check", "--input", "jsonl", "--format", "jsonl", *opts(work), "a.jsonl")
    assert from_parquet.out.replace("a.parquet", "a.jsonl") == from_jsonl.out
    assert from_parquet.out.count("\n") == 2
    assert from_parquet.err == "framelint: error: a.parquet:3: 'text' is null\n"
    assert from_parquet.code == 2


def test_parquet_errors(work, cli, monkeypatch):
    pytest.importorskip("pyarrow")
    (work / "bad.parquet").write_bytes(b"not parquet at all")
    run = cli("check", "--input", "parquet", *opts(work), "bad.parquet")
    assert run.code == 2
    assert run.err.startswith("framelint: error: bad.parquet: not a Parquet file (")
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    run = cli("check", "--input", "parquet", *opts(work), "bad.parquet")
    assert (run.code, run.err) == (2, "framelint: error: --input parquet needs pyarrow: "
                                      "pip install 'framelint[parquet]'\n")


def test_a_parquet_file_without_the_text_column_is_one_error(work, cli):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [{"id": f"p{n}", "body": "The zorblat."} for n in range(5)]
    pq.write_table(pa.Table.from_pylist(rows), work / "a.parquet", row_group_size=1)
    assert pq.ParquetFile(work / "a.parquet").num_row_groups == 5
    run = cli("check", "--input", "parquet", *opts(work), "a.parquet")
    # once for the file, not once for each of its five row groups
    assert (run.code, run.err) == (2, "framelint: error: a.parquet: no 'text' column (its columns: body, id)\n")
    run = cli("check", "--input", "parquet", "--format", "jsonl", "--text-field", "body", *opts(work), "a.parquet")
    assert [json.loads(line)["record"] for line in run.out.splitlines()] == [1, 2, 3, 4, 5]


def test_a_record_that_breaks_the_engine_is_an_error_and_the_rest_is_checked(tmp_path):
    from framelint.run.records import Record, check_record

    class Brittle:
        def check_text(self, text, path, kind=None):
            if "boom" in text:
                raise RecursionError("maximum recursion depth exceeded")
            return linter.check_text(text, path, kind)

    linter = Linter(DEFAULT)
    records = [Record("a.jsonl", 1, text="The regime."), Record("a.jsonl", 2, text="boom"),
               Record("a.jsonl", 3, text="The regime.")]
    results = [check_record(Brittle(), r) for r in records]
    assert [str(e) for r in results for e in r.errors] == [
        "a.jsonl:2: could not be checked: RecursionError: maximum recursion depth exceeded"]
    assert [f.record for r in results for f in r.findings] == [1, 3]


def test_partitions_cover_every_record_once_with_its_line_number(tmp_path):
    path = write_archive(tmp_path / "a.jsonl", 300, bad_every=37)
    linter = Linter(DEFAULT)
    whole = list(read_collection(str(path), "jsonl", Fields()))
    parts, errors = partitions([str(path)], "jsonl", target_bytes=2000)
    assert not errors and len(parts) > 20
    assert parts[0].start == 0 and parts[-1].end == path.stat().st_size
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
    findings, errs, count = [], [], 0
    for part in parts:
        f, e, n = check_partition(linter, part, Fields())
        findings += f
        errs += e
        count += n
    assert count == len(whole) == 300
    assert [str(e) for e in errs] == [f"{path}:{n}: invalid JSON: Expecting value (column 26)"
                                      for n in range(37, 301, 37)]
    single = []
    for part in partitions([str(path)], "jsonl", target_bytes=10**9)[0]:
        single += check_partition(linter, part, Fields())[0]
    assert findings == single and len(findings) > 100
