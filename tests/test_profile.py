"""``framelint profile``: findings per 1,000 words per outlet and month."""

from __future__ import annotations

import io
import json
import re

import pytest

from framelint.analysis.outlets import Profile, month_of, render_text

from conftest import write_rule

RECORDS = [
    {"id": 1, "source": "Alpha", "date": "2024-01-03", "text": "The zorblat came. The Zorblat left."},
    {"id": 2, "source": "Alpha", "date": "2024-02-10", "text": "A calm day with grintle."},
    {"id": 3, "source": "Beta", "date": "Sat, 03 Feb 2024 10:00:00 +0000",
     "text": "\"Zorblat!\" she said. Nothing else."},
    {"id": 4, "text": "Words only here."},
]


@pytest.fixture
def work(tmp_path, monkeypatch):
    rules = tmp_path / "rules"
    write_rule(rules, "UR101", "zorblat-word", terms='["zorblat"]', category='"charged-label"',
               message="\"'{match}' is a test label.\"")
    write_rule(rules, "UR102", "grintle-word", terms='["grintle"]', category='"euphemism"',
               message="\"'{match}' hides it.\"")
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def opts(work) -> tuple[str, ...]:
    # an absolute folder: compiled linters are cached per configuration, across tests
    return ("--rules", str(work / "rules"), "--select", "UR")


def test_text_table_by_source(work, cli):
    run = cli("profile", *opts(work), "a.jsonl")
    assert (run.code, run.err) == (0, "")
    assert run.out == (
        "findings per 1,000 words, by source\n"
        "source     articles  words  per 1k   label  loaded  unattr  superl  doubt  scare  editor  euphem"
        "  top charged terms\n"
        "Alpha             2     11  272.73  181.82    0.00    0.00    0.00   0.00   0.00    0.00   90.91"
        "  zorblat (2)\n"
        "Beta              1      5    0.00    0.00    0.00    0.00    0.00   0.00   0.00    0.00    0.00\n"
        "(unknown)         1      3    0.00    0.00    0.00    0.00    0.00   0.00   0.00    0.00    0.00\n"
    )


def test_csv_by_source_and_month(work, cli):
    run = cli("profile", *opts(work), "--by", "source,month", "--format", "csv", "a.jsonl")
    assert run.out.splitlines() == [
        "source,month,articles,words,findings,per_1000_words,charged-label_per_1000,loaded-language_per_1000,"
        "unattributed-assertion_per_1000,unverifiable-superlative_per_1000,doubt-verb_per_1000,"
        "scare-quote_per_1000,editorializing_per_1000,euphemism_per_1000,top_charged_terms",
        "Alpha,2024-01,1,6,2,333.33,333.33,0.00,0.00,0.00,0.00,0.00,0.00,0.00,zorblat:2",
        "Alpha,2024-02,1,5,1,200.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,200.00,",
        "Beta,2024-02,1,5,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,",
        "(unknown),(unknown),1,3,0,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,",
    ]


def test_json_by_month_counts_quoted_terms_as_findings_only_when_kept(work, cli):
    rows = cli("profile", *opts(work), "--by", "month", "--format", "json", "a.jsonl").json()
    assert [(r["month"], r["articles"], r["words"], r["findings"]) for r in rows] == [
        ("2024-01", 1, 6, 2), ("2024-02", 2, 10, 1), ("(unknown)", 1, 3, 0)]
    assert rows[0]["top_terms"] == [{"term": "zorblat", "count": 2}]
    assert rows[1]["categories"]["euphemism"] == 100.0
    kept = cli("profile", *opts(work), "--by", "month", "--format", "json", "--quotes", "keep", "a.jsonl").json()
    assert kept[1]["counts"]["charged-label"] == 1      # the quoted one counts as a finding...
    assert kept[1]["top_terms"] == []                   # ...but is not the writer's own term


def test_broken_records_are_reported_and_left_out(work, cli):
    with open("a.jsonl", "a", encoding="utf-8") as fh:
        fh.write("oops\n")
    run = cli("profile", *opts(work), "--format", "csv", "a.jsonl")
    assert run.code == 2
    assert run.err == "framelint: error: a.jsonl:5: invalid JSON: Expecting value (column 1)\n"
    assert "Alpha,2,11," in run.out


def test_bad_options(work, cli):
    run = cli("profile", "--by", "sorce", "a.jsonl")
    assert (run.code, run.err) == (2, "framelint: error: --by: unknown key 'sorce' (did you mean 'source'?); "
                                      "use source, month or source,month\n")
    run = cli("profile")
    assert (run.code, run.err) == (2, "framelint: error: profile: give at least one collection FILE\n")


def test_parquet_timestamp_and_date_columns_give_the_month(work, cli):
    pa = pytest.importorskip("pyarrow")
    import datetime

    import pyarrow.parquet as pq

    texts = ["The zorblat came.", "A calm day.", "The grintle."]
    table = pa.table({
        "id": pa.array([7, 8, 9], pa.int64()),
        "source": ["Alpha", "Alpha", "Beta"],
        "date": pa.array([datetime.datetime(2024, 1, 3, 10), datetime.datetime(2024, 2, 1),
                          datetime.datetime(2024, 2, 9, 23, 59)], pa.timestamp("ms", tz="UTC")),
        "day": pa.array([datetime.date(2024, 3, 1)] * 3, pa.date32()),
        "text": texts,
    })
    pq.write_table(table, work / "a.parquet")
    run = cli("profile", *opts(work), "--input", "parquet", "--by", "source,month", "--format", "csv", "a.parquet")
    assert (run.code, run.err) == (0, "")
    assert [line.split(",")[:3] for line in run.out.splitlines()[1:]] == [
        ["Alpha", "2024-01", "1"], ["Alpha", "2024-02", "1"], ["Beta", "2024-02", "1"]]
    run = cli("profile", *opts(work), "--input", "parquet", "--date-field", "day", "--by", "month", "--format", "csv",
              "a.parquet")
    assert run.out.splitlines()[1].startswith("2024-03,3,")
    run = cli("check", *opts(work), "--input", "parquet", "--format", "jsonl", "a.parquet")
    assert [(f["record"], f["id"]) for f in map(json.loads, run.out.splitlines())] == [(1, "7"), (3, "9")]


@pytest.mark.parametrize("date, month", [
    ("2024-03-05", "2024-03"), ("2024-03-05T10:00:00Z", "2024-03"), ("2024/3/5", "2024-03"),
    ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03"), ("", "(unknown)"), (None, "(unknown)"),
    ("yesterday", "(unknown)"), ("2024-13-01", "(unknown)"),
])
def test_month_of(date, month):
    assert month_of(date) == month


def test_rich_table_on_a_terminal():
    from framelint.run.records import Record

    profile = Profile(("source",))
    profile.add(Record("a.jsonl", 1, text="Three words here.", source="Alpha"), [])
    out = io.StringIO()
    render_text(profile, out, color=True, width=200)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())
    assert "findings per 1,000 words, by source" in shown
    assert "┃ source ┃ articles ┃ words ┃" in shown
    assert "│ Alpha  │        1 │     3 │" in shown
