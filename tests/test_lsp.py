"""`framelint lsp`: protocol tests with pygls's own client, talking to the real server
process over a pipe, as an editor would.

Each test starts ``python -m framelint lsp``, initializes it, opens documents and
reads what the server sends back: diagnostics (on open, on change, after a
configuration change), hovers, code actions, window messages.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason="the lsp extra is not installed: pip install -e '.[lsp]'")

from lsprotocol import types as lsp  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from conftest import ROOT  # noqa: E402

FRAMED = (
    "# Regime forces shell the city\n"
    "\n"
    "The regime claimed that the strike was a success.\n"
    "Officials said the victim passed away at the scene.\n"
)


class Session:
    """One server process and a client that records what the server sends."""

    def __init__(self, cwd: Path, init_options=None, encodings=None, watch=True) -> None:
        self.cwd, self.init_options, self.encodings, self.watch = cwd, init_options, encodings, watch
        self.client = LanguageClient("framelint-test", "1")
        self.published: dict[str, list[lsp.PublishDiagnosticsParams]] = {}
        self.messages: list[str] = []
        self.registrations: list[lsp.Registration] = []
        self.versions: dict[str, int] = {}

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: lsp.PublishDiagnosticsParams) -> None:
            self.published.setdefault(params.uri, []).append(params)

        @self.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def show(params: lsp.ShowMessageParams) -> None:
            self.messages.append(params.message)

        @self.client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
        def register(params: lsp.RegistrationParams) -> None:
            self.registrations.extend(params.registrations)

    async def start(self) -> lsp.InitializeResult:
        await self.client.start_io(sys.executable, "-m", "framelint", "lsp", cwd=str(self.cwd))
        general = lsp.GeneralClientCapabilities(position_encodings=self.encodings) if self.encodings else None
        workspace = lsp.WorkspaceClientCapabilities(
            did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(dynamic_registration=self.watch))
        result = await self.client.initialize_async(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(general=general, workspace=workspace),
            root_uri=self.cwd.as_uri(), initialization_options=self.init_options or {"debounce": 0.05}))
        self.client.initialized(lsp.InitializedParams())
        return result

    async def stop(self) -> int | None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        server = self.client._server
        try:
            await asyncio.wait_for(server.wait(), 10)
        except asyncio.TimeoutError:
            server.kill()
        await self.client.stop()
        return server.returncode

    def open(self, path: Path, text: str | None = None, language: str = "markdown") -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        self.client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=lsp.TextDocumentItem(
            uri=uri, language_id=language, version=1,
            text=path.read_bytes().decode("utf-8") if text is None else text)))   # line endings kept
        return uri

    def change(self, uri: str, text: str) -> int:
        self.versions[uri] += 1
        self.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)]))
        return self.versions[uri]

    async def diagnostics(self, uri: str, version: int | None = None, after: int = 0,
                          timeout: float = 20) -> list[lsp.Diagnostic]:
        """The diagnostics of the first publication after the ``after``-th one (for ``version``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for params in self.published.get(uri, [])[after:]:
                if version is None or params.version == version:
                    return list(params.diagnostics)
            await asyncio.sleep(0.02)
        raise AssertionError(f"no diagnostics for {uri} (version {version}) in {timeout} s")

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))


def run(cwd: Path, scenario, **options):
    """Run ``scenario(session)`` against a fresh server; the server must then exit cleanly."""
    async def main():
        session = Session(cwd, **options)
        await session.start()
        try:
            return await asyncio.wait_for(scenario(session), 60)
        finally:
            code = await session.stop()
            assert code == 0, f"the server exited with {code}"
    return asyncio.run(main())


def check_json(path: Path, *args: str) -> list[dict]:
    proc = subprocess.run([sys.executable, "-m", "framelint", "check", "--format", "json", *args, str(path)],
                          capture_output=True, text=True, cwd=path.parent, timeout=60)
    return json.loads(proc.stdout)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.fixture
def draft(tmp_path) -> Path:
    path = tmp_path / "draft.md"
    path.write_text(FRAMED, encoding="utf-8")
    return path


# -- diagnostics ------------------------------------------------------------------------------------
def test_diagnostics_on_open_match_the_command_line(draft):
    expected = check_json(draft)
    assert {f["code"] for f in expected} >= {"LB101", "DV101", "EU103"}

    async def scenario(s: Session):
        uri = s.open(draft)
        return await s.diagnostics(uri, 1)

    diagnostics = run(draft.parent, scenario)
    got = [(d.code, d.source, d.range.start.line + 1, d.range.start.character + 1,
            d.range.end.line + 1, d.range.end.character + 1) for d in diagnostics]
    assert got == [(f["code"], f["category"], f["line"], f["column"], f["end_line"], f["end_column"])
                   for f in expected]
    by_code = {d.code: d for d in reversed(diagnostics)}   # the first of each code
    assert by_code["LB101"].severity == lsp.DiagnosticSeverity.Warning
    assert by_code["LB101"].message.startswith("'Regime' labels a government")
    assert by_code["LB101"].code_description.href.startswith(
        "https://github.com/framelint/framelint/blob/main/rules/charged-label/LB101")
    assert by_code["EU103"].source == "euphemism"


def test_levels_map_to_severities_and_unused_suppressions_are_faded(tmp_path):
    (tmp_path / ".framelint.toml").write_text('[levels]\nLB101 = "error"\nDV101 = "info"\n', encoding="utf-8")
    path = tmp_path / "a.md"
    path.write_text("<!-- framelint-disable-next-line EU103 -->\nThe regime claimed that it won.\n",
                    encoding="utf-8")

    async def scenario(s: Session):
        return await s.diagnostics(s.open(path), 1)

    by_code = {d.code: d for d in run(tmp_path, scenario)}
    assert by_code["LB101"].severity == lsp.DiagnosticSeverity.Error
    assert by_code["DV101"].severity == lsp.DiagnosticSeverity.Information
    assert list(by_code["FL001"].tags) == [lsp.DiagnosticTag.Unnecessary]
    assert by_code["FL001"].range.start == lsp.Position(line=0, character=0)


def test_positions_count_utf16_units_with_astral_characters_and_crlf(tmp_path):
    text = "Fire 🔥🔥 in the city\r\nThe 🎉 regime claimed that 🇺🇦 all was well.\r\n\r\n😀 It was horrific.\r\n"
    path = tmp_path / "emoji.txt"
    path.write_bytes(text.encode("utf-8"))
    cli = check_json(path)

    async def scenario(s: Session):
        return await s.diagnostics(s.open(path, language="plaintext"), 1)

    diagnostics = run(tmp_path, scenario)
    assert [d.code for d in diagnostics] == [f["code"] for f in cli]
    lines = text.split("\r\n")
    for d, f in zip(diagnostics, cli):
        line = lines[f["line"] - 1]
        assert d.range.start.line == f["line"] - 1
        assert d.range.start.character == utf16(line[:f["column"] - 1])   # code points -> UTF-16 units
        assert d.range.end.character == utf16(line[:f["end_column"] - 1])
    regime = next(d for d in diagnostics if d.code == "LB101")
    assert (regime.range.start.line, regime.range.start.character) == (1, 7)   # 'The 🎉 ' is 7 units
    horrific = next(d for d in diagnostics if d.message.startswith("'horrific'"))
    assert (horrific.range.start.line, horrific.range.start.character) == (3, 10)   # '😀 It was ' 


def test_utf32_positions_when_the_client_asks_for_them(tmp_path):
    path = tmp_path / "emoji.md"
    path.write_text("The 🎉🎉 regime fell.\n", encoding="utf-8")

    async def scenario(s: Session):
        return await s.diagnostics(s.open(path), 1)

    result = run(tmp_path, scenario, encodings=[lsp.PositionEncodingKind.Utf32])
    assert [(d.code, d.range.start.character, d.range.end.character) for d in result] == [("LB101", 7, 13)]


def test_changes_are_debounced_and_only_the_newest_version_is_published(draft):
    async def scenario(s: Session):
        uri = s.open(draft)
        await s.diagnostics(uri, 1)
        before = s.count(uri)
        for i in range(8):   # typing: eight changes inside the pause
            version = s.change(uri, FRAMED + "The junta" + " met" * i + ".\n")
            await asyncio.sleep(0.005)
        final = s.change(uri, "Nothing framed here.\n")
        diagnostics = await s.diagnostics(uri, final)
        await asyncio.sleep(0.3)
        return version, final, diagnostics, s.published[uri][before:]

    _version, final, diagnostics, after = run(draft.parent, scenario, init_options={"debounce": 0.2})
    assert diagnostics == []
    assert [p.version for p in after] == [final]   # the versions typed over were never checked


def test_a_long_document_does_not_block_other_requests(tmp_path):
    long = tmp_path / "long.md"
    plain = "The council met on Tuesday and agreed the budget for the coming year.\n\n"
    long.write_text(plain * 40000 + FRAMED, encoding="utf-8")   # about 3 MB, framed at the end
    small = tmp_path / "small.md"
    small.write_text(FRAMED, encoding="utf-8")

    async def scenario(s: Session):
        small_uri = s.open(small)
        await s.diagnostics(small_uri, 1)
        long_uri = s.open(long)
        await asyncio.sleep(0.05)
        started = time.monotonic()
        hover = await s.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=small_uri), position=lsp.Position(line=2, character=6)))
        answered = time.monotonic() - started
        long_pending = s.count(long_uri) == 0
        diagnostics = await s.diagnostics(long_uri, 1, timeout=60)
        return hover, answered, long_pending, diagnostics

    hover, answered, long_pending, diagnostics = run(tmp_path, scenario)
    assert hover is not None and "LB101" in hover.contents.value
    assert long_pending, "the hover was answered only after the long document's check"
    assert answered < 5
    assert [d.code for d in diagnostics] == ["LB101", "LB101", "DV101", "EU103"]
    assert diagnostics[0].range.start.line == 80000


def test_closing_a_document_clears_its_diagnostics(draft):
    async def scenario(s: Session):
        uri = s.open(draft)
        assert await s.diagnostics(uri, 1)
        s.client.text_document_did_close(lsp.DidCloseTextDocumentParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri)))
        return await s.diagnostics(uri, after=1)

    assert run(draft.parent, scenario) == []


def test_documents_framelint_does_not_read_get_no_diagnostics(tmp_path):
    code = tmp_path / "script.py"
    code.write_text("regime = 'claimed'\n", encoding="utf-8")
    note = tmp_path / "note"   # no suffix: the editor's language decides
    note.write_text("The regime fell.\n", encoding="utf-8")

    async def scenario(s: Session):
        code_uri = s.open(code, language="python")
        note_uri = s.open(note, language="plaintext")
        diagnostics = await s.diagnostics(note_uri, 1)
        await asyncio.sleep(0.2)
        return s.count(code_uri), diagnostics

    count, diagnostics = run(tmp_path, scenario)
    assert count == 0
    assert [d.code for d in diagnostics] == ["LB101"]


# -- hover --------------------------------------------------------------------------------------------
def test_hover_on_a_finding_shows_the_rules_explanation(draft):
    async def scenario(s: Session):
        uri = s.open(draft)
        await s.diagnostics(uri, 1)
        on = await s.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=2, character=11)))
        off = await s.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=1, character=0)))
        return on, off

    on, off = run(draft.parent, scenario)
    assert off is None
    assert on.contents.kind == lsp.MarkupKind.Markdown
    value = on.contents.value
    assert value.startswith("**DV101 ")
    assert "## What it does" in value and "## Examples that are flagged" in value
    assert "Suggestion: *said*" in value
    assert on.range == lsp.Range(start=lsp.Position(line=2, character=11), end=lsp.Position(line=2, character=18))


# -- code actions --------------------------------------------------------------------------------------
def apply_edit(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply TextEdits the way an editor does (UTF-16 positions, last edit first)."""
    lines = text.splitlines(keepends=True) or [""]
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(pos: lsp.Position) -> int:
        line = lines[pos.line] if pos.line < len(lines) else ""
        units, i = 0, 0
        while i < len(line) and units < pos.character:
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return (starts[pos.line] if pos.line < len(starts) else len(text)) + i

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        a, b = offset(edit.range.start), offset(edit.range.end)
        text = text[:a] + edit.new_text + text[b:]
    return text


async def actions_at(s: Session, uri: str, line: int, character: int, only=None):
    pos = lsp.Position(line=line, character=character)
    return await s.client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=lsp.Range(start=pos, end=pos),
        context=lsp.CodeActionContext(diagnostics=[], only=only))) or []


def test_code_action_applies_the_rules_safe_fix(tmp_path):
    path = tmp_path / "fix.md"
    text = "The 🎉 minister claimed that the plan worked.\n"
    path.write_text(text, encoding="utf-8")

    async def scenario(s: Session):
        uri = s.open(path)
        await s.diagnostics(uri, 1)
        actions = await actions_at(s, uri, 0, 18)
        fix = next(a for a in actions if a.title.startswith("Replace"))
        new = apply_edit(text, fix.edit.changes[uri])
        version = s.change(uri, new)
        return actions, fix, new, await s.diagnostics(uri, version)

    actions, fix, new, after = run(tmp_path, scenario)
    assert fix.title == "Replace 'claimed' with 'said' (DV101)"
    assert fix.kind == lsp.CodeActionKind.QuickFix and fix.is_preferred
    assert fix.diagnostics[0].code == "DV101"
    assert new == "The 🎉 minister said that the plan worked.\n"
    assert after == []
    assert [a.title for a in actions] == [fix.title, "Suppress DV101 on this line", "Apply framelint's safe fixes (1)"]


@pytest.mark.parametrize("name, directive", [
    ("draft.md", "<!-- framelint-disable-next-line LB101 -->"),
    ("draft.html", "<!-- framelint-disable-next-line LB101 -->"),
    ("draft.txt", "[framelint-disable-next-line LB101]"),
])
def test_code_action_inserts_a_suppression_for_the_line(tmp_path, name, directive):
    path = tmp_path / name
    text = "Intro.\r\n  The regime fell.\r\n" if name != "draft.html" else "<p>Intro.</p>\r\n  <p>The regime fell.</p>\r\n"
    path.write_bytes(text.encode("utf-8"))

    async def scenario(s: Session):
        uri = s.open(path, language={".md": "markdown", ".html": "html", ".txt": "plaintext"}[path.suffix])
        diagnostics = await s.diagnostics(uri, 1)
        regime = next(d for d in diagnostics if d.code == "LB101")
        actions = await actions_at(s, uri, regime.range.start.line, regime.range.start.character + 1)
        suppress = next(a for a in actions if a.title == "Suppress LB101 on this line")
        new = apply_edit(text, suppress.edit.changes[uri])
        version = s.change(uri, new)
        return new, await s.diagnostics(uri, version)

    new, after = run(tmp_path, scenario)
    lines = new.split("\r\n")
    assert lines[1] == "  " + directive              # indented like the line, with its CRLF
    assert [d.code for d in after] == []              # suppressed, and the directive is used (no FL001)


def test_a_second_suppression_joins_the_directive_above(tmp_path):
    path = tmp_path / "two.md"
    text = "<!-- framelint-disable-next-line LB101 -->\nThe regime claimed that it won.\n"
    path.write_text(text, encoding="utf-8")

    async def scenario(s: Session):
        uri = s.open(path)
        await s.diagnostics(uri, 1)
        actions = await actions_at(s, uri, 1, 12)
        suppress = next(a for a in actions if a.title == "Suppress DV101 on this line")
        new = apply_edit(text, suppress.edit.changes[uri])
        version = s.change(uri, new)
        return new, await s.diagnostics(uri, version)

    new, after = run(tmp_path, scenario)
    assert new == "<!-- framelint-disable-next-line LB101, DV101 -->\nThe regime claimed that it won.\n"
    assert after == []


def test_unused_suppression_can_be_removed_and_all_safe_fixes_applied(tmp_path):
    path = tmp_path / "all.md"
    text = ("<!-- framelint-disable-next-line LB101 -->\nNothing here.\n"
            "He claimed that it worked. She claimed that it failed. They passed away.\n")
    path.write_text(text, encoding="utf-8")

    async def scenario(s: Session):
        uri = s.open(path)
        await s.diagnostics(uri, 1)
        remove = next(a for a in await actions_at(s, uri, 0, 5) if a.title == "Remove the unused suppression")
        fix_all = await actions_at(s, uri, 0, 0, only=[lsp.CodeActionKind.SourceFixAll])
        return apply_edit(text, remove.edit.changes[uri]), fix_all

    removed, fix_all = run(tmp_path, scenario)
    assert removed == text.split("\n", 1)[1]
    assert [a.kind for a in fix_all] == ["source.fixAll.framelint"]
    assert apply_edit(text, fix_all[0].edit.changes[path.as_uri()]).endswith(
        "He said that it worked. She said that it failed. They passed away.\n")   # 'passed away': no safe fix


# -- configuration --------------------------------------------------------------------------------------
def test_configuration_is_found_walking_up_and_reloaded_when_it_changes(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.framelint]\nignore = ["LB101"]\n', encoding="utf-8")
    (tmp_path / "desk").mkdir()
    path = tmp_path / "desk" / "story.md"
    path.write_text(FRAMED, encoding="utf-8")
    config = tmp_path / "desk" / ".framelint.toml"

    async def scenario(s: Session):
        uri = s.open(path)
        first = await s.diagnostics(uri, 1)
        config.write_text('select = ["LB101"]\n', encoding="utf-8")   # nearer than pyproject.toml: it wins
        n = s.count(uri)
        s.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
            lsp.FileEvent(uri=config.as_uri(), type=lsp.FileChangeType.Created)]))
        second = await s.diagnostics(uri, after=n)
        return first, second

    first, second = run(tmp_path, scenario)
    assert "LB101" not in {d.code for d in first} and first
    assert {d.code for d in second} == {"LB101"}


def test_server_asks_the_client_to_watch_configuration_files(draft):
    async def scenario(s: Session):
        await s.diagnostics(s.open(draft), 1)
        return s.registrations

    registrations = run(draft.parent, scenario)
    assert [r.method for r in registrations] == [lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    globs = [w["globPattern"] if isinstance(w, dict) else w.glob_pattern
             for w in registrations[0].register_options["watchers"]]
    assert globs == ["**/.framelint.toml", "**/pyproject.toml", "**/*.toml"]


def test_without_file_watching_a_save_reloads_the_configuration(draft):
    config = draft.parent / ".framelint.toml"

    async def scenario(s: Session):
        uri = s.open(draft)
        await s.diagnostics(uri, 1)
        config.write_text('select = ["EU103"]\n', encoding="utf-8")
        n = s.count(uri)
        s.client.text_document_did_save(lsp.DidSaveTextDocumentParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri)))
        return await s.diagnostics(uri, after=n), s.registrations

    diagnostics, registrations = run(draft.parent, scenario, watch=False)
    assert registrations == []
    assert [d.code for d in diagnostics] == ["EU103"]


def test_a_broken_configuration_is_one_diagnostic_and_a_message_never_a_crash(draft):
    config = draft.parent / ".framelint.toml"
    config.write_text('select = ["LB101"]\nqoutes = "info"\n', encoding="utf-8")

    async def scenario(s: Session):
        uri = s.open(draft)
        broken = await s.diagnostics(uri, 1)
        on_config = await s.diagnostics(config.as_uri())
        hover = await s.client.text_document_hover_async(lsp.HoverParams(   # still answering
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=3)))
        config.write_text('select = ["LB101"]\nquotes = "info"\n', encoding="utf-8")
        n, m = s.count(uri), s.count(config.as_uri())
        s.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
            lsp.FileEvent(uri=config.as_uri(), type=lsp.FileChangeType.Changed)]))
        fixed = await s.diagnostics(uri, after=n)
        cleared = await s.diagnostics(config.as_uri(), after=m)
        return broken, on_config, hover, fixed, cleared, list(s.messages)

    broken, on_config, hover, fixed, cleared, messages = run(draft.parent, scenario)
    assert len(broken) == 1 and broken[0].code == "configuration"
    assert broken[0].severity == lsp.DiagnosticSeverity.Error
    assert ".framelint.toml:2: unknown key 'qoutes' (did you mean 'quotes'?)" in broken[0].message
    assert len(messages) == 1 and ".framelint.toml:2: unknown key 'qoutes'" in messages[0]
    assert [(d.range.start.line, d.code) for d in on_config] == [(1, "configuration")]
    assert hover is None
    assert {d.code for d in fixed} == {"LB101"}
    assert cleared == []


def test_a_broken_rule_file_names_the_file_and_is_read_again_when_fixed(tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    rule = house / "HS101-house-word.toml"
    good = ('code = "HS101"\nname = "house-word"\ncategory = "loaded-language"\nkind = "terms"\n'
            'message = "\'{match}\' is not house style."\nterms = ["zorblat"]\ndescription = "A house rule."\n'
            '[examples]\nflag = ["A [[zorblat]] day."]\npass = ["A fine day."]\n')
    rule.write_text(good.replace('kind = "terms"', 'kind = "termz"'), encoding="utf-8")
    (tmp_path / ".framelint.toml").write_text('rules = ["house"]\n', encoding="utf-8")
    path = tmp_path / "story.md"
    path.write_text("A zorblat day for the regime.\n", encoding="utf-8")

    async def scenario(s: Session):
        uri = s.open(path)
        broken = await s.diagnostics(uri, 1)
        rule.write_text(good, encoding="utf-8")
        n = s.count(uri)
        s.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
            lsp.FileEvent(uri=rule.as_uri(), type=lsp.FileChangeType.Changed)]))
        fixed = await s.diagnostics(uri, after=n)
        rule.write_text(good.replace("zorblat", "regime").replace("A [[regime]] day.", "A [[regime]] day."),
                        encoding="utf-8")
        n = s.count(uri)
        s.client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
            lsp.FileEvent(uri=rule.as_uri(), type=lsp.FileChangeType.Changed)]))
        edited = await s.diagnostics(uri, after=n)
        return broken, fixed, edited

    broken, fixed, edited = run(tmp_path, scenario)
    assert len(broken) == 1 and broken[0].code == "configuration"
    assert "HS101-house-word.toml" in broken[0].message and "termz" in broken[0].message
    assert {d.code for d in fixed} == {"HS101", "LB101"}
    assert sorted(d.code for d in edited) == ["HS101", "LB101"]
    assert [d.range.start.character for d in edited if d.code == "HS101"] == [22]   # the edited rule's term


def test_settings_from_the_editor_layer_over_the_configuration(tmp_path):
    path = tmp_path / "q.md"
    path.write_text('"The regime lies," the minister said. The junta met.\n', encoding="utf-8")

    async def scenario(s: Session):
        return await s.diagnostics(s.open(path), 1), list(s.messages)

    diagnostics, _ = run(tmp_path, scenario, init_options={"quotes": "info", "select": ["LB"], "debounce": 0})
    assert [(d.code, d.severity) for d in diagnostics] == [
        ("LB101", lsp.DiagnosticSeverity.Information), ("LB101", lsp.DiagnosticSeverity.Warning)]
    _, messages = run(tmp_path, scenario, init_options={"quotes": "loud"})
    assert messages == ["framelint: settings: 'quotes' must be one of skip, info, keep"]


def test_an_unknown_selector_in_the_configuration_names_its_line(draft):
    (draft.parent / ".framelint.toml").write_text('quotes = "info"\nselect = ["LB999"]\n', encoding="utf-8")

    async def scenario(s: Session):
        return await s.diagnostics(s.open(draft), 1)

    (diagnostic,) = run(draft.parent, scenario)
    assert diagnostic.code == "configuration"
    assert ".framelint.toml:2: select: no rule matches 'LB999'" in diagnostic.message


# -- the extra -------------------------------------------------------------------------------------------
def test_without_the_extra_lsp_says_what_to_install(monkeypatch, cli):
    monkeypatch.setitem(sys.modules, "pygls", None)   # as if pygls were not installed
    monkeypatch.setitem(sys.modules, "pygls.lsp", None)
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    run_ = cli("lsp")
    assert run_.code == 2
    assert run_.err == "framelint: error: 'lsp' needs the lsp extra: pip install 'framelint[lsp]'\n"


def test_the_core_imports_no_server_framework(draft):
    code = ("import sys, framelint\nfrom framelint.cli import main\nmain(['check', '--exit-zero', sys.argv[1]])\n"
            "print([m for m in sys.modules if m.split('.')[0] in "
            "('pygls', 'lsprotocol', 'starlette', 'uvicorn', 'anyio', 'httpx')], file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert proc.stderr.strip() == "[]"
