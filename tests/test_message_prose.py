"""Messages quote the words as a reader sees them; the ``match`` field keeps the file's text."""

from __future__ import annotations

import html
import json

import pytest

HTML_DRAFT = ("<p>The re<i>gime</i> moved quickly. The bill was <em>rammed</em> <em>through</em> overnight. "
              "A &ldquo;consultation&rdquo; followed.</p>\n")
MARKDOWN_DRAFT = "The bill was *rammed* through overnight.\n"

RAW = ["'re<i>gime'", "'rammed</em> <em>through'", "&ldquo;consultation&rdquo; is", "'rammed* through'"]
READ = ["'regime' labels a government", "'rammed through' tells the reader", "“consultation” is in quotation marks"]


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.html").write_text(HTML_DRAFT, encoding="utf-8")
    (tmp_path / "b.md").write_text(MARKDOWN_DRAFT, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "github", "sarif", "html", "gitlab", "jsonl"])
def test_no_format_quotes_markup_in_a_message(drafts, cli, fmt):
    run = cli("check", "--select", "LB101,LL109,SQ101", "--format", fmt, "a.html", "b.md")
    messages = run.out
    if fmt == "json":
        messages = "\n".join(f["message"] for f in run.json())
    elif fmt == "jsonl":
        messages = "\n".join(json.loads(line)["message"] for line in run.out.splitlines() if line.strip())
    elif fmt == "sarif":
        messages = "\n".join(r["message"]["text"] for r in json.loads(run.out)["runs"][0]["results"])
    elif fmt == "gitlab":
        messages = "\n".join(r["description"] for r in json.loads(run.out))
    elif fmt == "html":
        messages = html.unescape(run.out)
    for raw in RAW:
        assert raw not in messages, (fmt, raw)
    for read in READ:
        assert read in messages, (fmt, read)
    # one for the HTML file and one for the Markdown file (the HTML report shows each message thrice)
    assert messages.count("'rammed through' tells the reader") == (6 if fmt == "html" else 2)


def test_the_match_field_keeps_the_files_text(drafts, cli):
    found = cli("check", "--select", "LB101,LL109,SQ101", "--format", "json", "a.html", "b.md").json()
    assert [f["match"] for f in found] == ["re<i>gime", "rammed</em> <em>through", "&ldquo;consultation&rdquo;",
                                           "rammed* through"]
