"""benchmarks/rule_precision.py scores each rule against marked spans, and stays runnable."""

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location("rule_precision", ROOT / "benchmarks" / "rule_precision.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_corpus(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def marked(text, phrase, label):
    start = text.index(phrase)
    return {"start": start, "end": start + len(phrase), "label": label}


def test_rule_rows_count_justified_findings_and_recall(tmp_path, capsys):
    first = "The shameful strike hit the port."
    second = "A shameful decision closed the border at dawn."
    third = "Rain fell on the capital all week."
    corpus = tmp_path / "annotated.jsonl"
    write_corpus(corpus, [
        {"id": "a", "text": first, "spans": [marked(first, "shameful", "Loaded_Language")],
         "meta": {"label_bias": "Biased"}},
        {"id": "b", "text": second, "spans": [], "meta": {"label_bias": "Non-biased"}},
        {"id": "c", "text": third, "spans": [marked(third, "Rain", "Loaded_Language")],
         "meta": {"label_bias": "Non-biased"}},
        {"id": "d", "text": "The shameful vote passed in a week.", "spans": [], "meta": {"label_bias": "Non-biased"}},
    ])
    script = load_script()
    records = script.read_corpus(str(corpus))
    findings = script.run_framelint([sys.executable, "-m", "framelint"], str(corpus))
    rules, gold, _ = script.score_rules(records, findings)
    assert gold["charged"] == 2
    row = rules["LL102"]
    assert (row["findings"], row["justified"], row["found"]) == (3, 1, 1)
    assert round(row["precision"], 2) == 0.33 and row["recall"] == 0.5
    assert script.false_alarm_rates(records, findings) == (3, 2, 2)

    assert script.main(["--unmarked", "3", "--min-findings", "1", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "LL102 on annotated.jsonl: 1 of 3 (0.33)" in out
    assert "with any warning 2 (66.7%)" in out
    assert "    2  LL102  shameful" in out


def test_a_bad_record_is_one_line_naming_the_file(tmp_path):
    corpus = tmp_path / "bad.jsonl"
    corpus.write_text('{"text": "no id"}\n', encoding="utf-8")
    script = load_script()
    try:
        script.read_corpus(str(corpus))
    except SystemExit as exc:
        assert str(exc).startswith(f"{corpus}:1: not an annotated record")
    else:
        raise AssertionError("a record without an id was accepted")
