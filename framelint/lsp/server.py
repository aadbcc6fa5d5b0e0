"""The language server: framelint's findings as diagnostics, hovers and code actions.

One handler per LSP method. Documents are checked on open at once and on change
after a pause in typing (``debounce``), in a worker thread, so that the server
keeps reading messages while a long document is checked; a check whose document
has changed since it was asked for is dropped unchecked, and only the newest
version's findings are published.

Each document's configuration is found as ``framelint check`` finds it, by
walking up from its path. It is read again when a ``.framelint.toml``,
``pyproject.toml`` or rule file changes (the server asks the client to watch
them) and when any document is saved. A configuration or rule file that cannot
be used becomes one diagnostic on each document it governs and one message in
the editor's window, both naming the file; the server goes on.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from .. import surface
from .positions import LineIndex

logger = logging.getLogger("framelint.lsp")

SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "info": lsp.DiagnosticSeverity.Information}
LANGUAGE_KINDS = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
CONFIG_NAMES = (".framelint.toml", "pyproject.toml")
DEFAULT_DEBOUNCE = 0.3   # seconds without a change before a changed document is checked
FIX_ALL = "source.fixAll.framelint"
ENCODINGS = {lsp.PositionEncodingKind.Utf8: "utf-8", lsp.PositionEncodingKind.Utf16: "utf-16",
             lsp.PositionEncodingKind.Utf32: "utf-32"}


@dataclass
class Document:
    uri: str
    text: str
    version: int | None
    kind: str
    path: str | None          # on disk, for file: URIs
    name: str                 # the path reported in findings and used for the configuration
    findings: list = field(default_factory=list)
    checked_text: str | None = None   # the text the findings belong to
    rules: dict = field(default_factory=dict)   # code -> rule, for the findings' documentation
    problem: str | None = None        # why the document could not be checked (fully)
    config_problem: bool = False      # ... because of a configuration or rule file


@dataclass
class Options:
    debounce: float = DEFAULT_DEBOUNCE
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    quotes: str | None = None

    @classmethod
    def parse(cls, data, base: "Options | None" = None) -> "Options":
        """Options from initializationOptions or the ``framelint`` settings; ValueError if malformed."""
        opts = Options(**vars(base)) if base else Options()
        if data is None:
            return opts
        if not isinstance(data, dict):
            raise ValueError("framelint settings must be an object")
        for key, value in data.items():
            if key == "debounce":
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 10:
                    raise ValueError("'debounce' must be a number of seconds from 0 to 10")
                opts.debounce = float(value)
            elif key in ("select", "ignore"):
                if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                    raise ValueError(f"'{key}' must be a list of rule selectors")
                setattr(opts, key, tuple(value))
            elif key == "quotes":
                if value not in surface.QUOTE_MODES:
                    raise ValueError(f"'quotes' must be one of {', '.join(surface.QUOTE_MODES)}")
                opts.quotes = value
            else:
                raise ValueError(f"unknown setting '{key}'; the settings are debounce, select, ignore, quotes")
        return opts


class FramelintLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("framelint", surface.version(), text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.options = Options()
        self.documents: dict[str, Document] = {}
        self.resolver = surface.config_resolver()
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="framelint-check")
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.problem_uris: set[str] = set()        # files that carry a configuration diagnostic
        self.shown: set[str] = set()               # window messages already shown
        self.rule_dirs: set[str] = set()           # the user's rule folders in use

    # -- settings and configuration ------------------------------------------------------
    def set_options(self, data) -> None:
        try:
            self.options = Options.parse(data, self.options)
        except ValueError as exc:
            self.show_once(f"framelint: settings: {exc}", lsp.MessageType.Error)
            return
        self.resolver = self._new_resolver()

    def _new_resolver(self):
        o = self.options
        return surface.config_resolver(select=o.select, ignore=o.ignore, quotes=o.quotes)

    def reload(self, *, forget_rules: bool) -> None:
        """Read every configuration again (and the rule files, if one changed), then check again."""
        if forget_rules:
            surface.forget_compiled_rules()
        self.resolver = self._new_resolver()
        for uri in list(self.documents):
            self.schedule(uri, 0)

    def is_config_change(self, path: str | None) -> tuple[bool, bool]:
        """(configuration changed, rule file changed) for a changed file."""
        if not path:
            return False, False
        if os.path.basename(path) in CONFIG_NAMES:
            return True, False
        if path.endswith(".toml"):
            full = os.path.abspath(path)
            for directory in list(self.rule_dirs):
                if full.startswith(os.path.join(os.path.abspath(directory), "")):
                    return True, True
        return False, False

    def show_once(self, message: str, kind=lsp.MessageType.Warning) -> None:
        if message not in self.shown:
            self.shown.add(message)
            self.window_show_message(lsp.ShowMessageParams(type=kind, message=message))

    # -- documents ---------------------------------------------------------------------------
    def open(self, item: lsp.TextDocumentItem) -> Document | None:
        path = surface.path_from_uri(item.uri)
        kind = None
        if path and surface.is_prose_path(path):
            kind = surface.kind_for_path(path)
        elif item.language_id in LANGUAGE_KINDS:
            kind = LANGUAGE_KINDS[item.language_id]
        if kind is None:
            return None   # not a document framelint reads (code, say): no diagnostics
        if path:
            name = path
        else:   # an unsaved buffer: configured as if it were in the workspace's folder
            root = self.workspace.root_path if self.workspace and self.workspace.root_path else os.getcwd()
            name = os.path.join(root, "untitled." + {"markdown": "md", "html": "html"}.get(kind, "txt"))
        doc = Document(item.uri, item.text, item.version, kind, path, name)
        self.documents[item.uri] = doc
        return doc

    def schedule(self, uri: str, delay: float) -> None:
        """Check a document after ``delay`` seconds, unless it changes again before then."""
        old = self.timers.pop(uri, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()
        self.timers[uri] = loop.call_later(delay, lambda: loop.create_task(self.check(uri)))

    async def check(self, uri: str) -> None:
        self.timers.pop(uri, None)
        doc = self.documents.get(uri)
        if doc is None:
            return
        text, version = doc.text, doc.version
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(self.checker, self._check, uri, text, version)
        current = self.documents.get(uri)
        if outcome is None or current is None or current.version != version or current.text != text:
            return   # the document changed or closed meanwhile: a newer check is on its way
        findings, rules, problem, config_problem = outcome
        current.findings, current.rules, current.checked_text = findings, rules, text
        current.problem, current.config_problem = problem, config_problem
        index = LineIndex(text, self.encoding)
        diagnostics = [self.diagnostic(f, rules.get(f.code), index) for f in findings]
        if problem is not None:
            diagnostics.insert(0, self.problem_diagnostic(problem, index, config_problem))
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diagnostics))
        self.publish_problem_files()

    def _check(self, uri: str, text: str, version):
        """In the worker thread: (findings, rules by code, problem message or None)."""
        doc = self.documents.get(uri)
        if doc is None or doc.version != version or doc.text != text:
            return None   # superseded while it waited
        try:
            config = surface.config_for(self.resolver, doc.name)
            if config.rule_dirs:
                self.rule_dirs.update(config.rule_dirs)
            if surface.excluded(config, doc.name):
                return [], {}, None, False
            linter = surface.linter_for(config)
            result = surface.check_text(linter, text, doc.name, doc.kind)
        except Exception as exc:  # a broken configuration or rule file must never stop the server
            if surface.is_framelint_error(exc):
                message = str(exc)
            else:
                logger.exception("checking %s", uri)
                message = f"internal error while checking: {type(exc).__name__}: {exc}"
            return [], {}, message, True
        rules = {r.code: r for r in surface.all_rules(linter)}
        problem = None
        if result.errors:   # a rule that timed out, say: the other findings still stand
            problem = "; ".join(e.message for e in result.errors)
        return result.findings, rules, problem, False

    # -- configuration problems -------------------------------------------------------------
    def problem_diagnostic(self, message: str, index: LineIndex, config_problem: bool) -> lsp.Diagnostic:
        """One diagnostic on the first line: why the document was not checked, or not fully."""
        end = index.position(index.line_end(0))
        where = lsp.Range(start=lsp.Position(line=0, character=0), end=lsp.Position(line=end[0], character=end[1]))
        if config_problem:
            self.show_once(f"framelint: {message}", lsp.MessageType.Error)
            return lsp.Diagnostic(range=where, message=f"framelint could not check this document: {message}",
                                  severity=lsp.DiagnosticSeverity.Error, source="framelint", code="configuration")
        return lsp.Diagnostic(range=where, message=f"framelint: {message}",
                              severity=lsp.DiagnosticSeverity.Warning, source="framelint", code="check")

    def publish_problem_files(self) -> None:
        """A diagnostic on each broken configuration or rule file, at the line the error names;
        cleared once every document checks again."""
        problems: dict[str, list[tuple[int, str]]] = {}
        for doc in self.documents.values():
            if doc.problem and doc.config_problem:
                where = _file_and_line(doc.problem)
                if where:
                    problems.setdefault(where[0], []).append((where[1], doc.problem))
        uris = {}
        for path, items in problems.items():
            uri = _file_uri(path)
            uris[uri] = sorted(set(items))
        for uri in self.problem_uris - set(uris):
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        for uri, items in uris.items():
            diagnostics = [lsp.Diagnostic(range=lsp.Range(start=lsp.Position(line=max(line - 1, 0), character=0),
                                                          end=lsp.Position(line=max(line - 1, 0), character=0)),
                                          message=message, severity=lsp.DiagnosticSeverity.Error,
                                          source="framelint", code="configuration")
                           for line, message in items]
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
        self.problem_uris = set(uris)
        if not any(doc.problem for doc in self.documents.values()):
            self.shown.clear()   # all fixed: the next problem is shown again

    # -- diagnostics -----------------------------------------------------------------------------
    @property
    def encoding(self) -> str:
        kind = self.workspace.position_encoding if self.workspace else None
        return ENCODINGS.get(kind, "utf-16")

    def range_of(self, start: int, end: int, index: LineIndex) -> lsp.Range:
        (sl, sc), (el, ec) = index.position(start), index.position(end)
        return lsp.Range(start=lsp.Position(line=sl, character=sc), end=lsp.Position(line=el, character=ec))

    def diagnostic(self, f, rule, index: LineIndex) -> lsp.Diagnostic:
        message = f.message
        if f.suggestion and f.suggestion not in message:
            message += f" Suggestion: {f.suggestion}."
        return lsp.Diagnostic(
            range=self.range_of(f.start, f.end, index),
            severity=SEVERITY.get(f.level, lsp.DiagnosticSeverity.Warning),
            code=f.code,
            code_description=lsp.CodeDescription(href=surface.rule_link(rule)) if rule is not None else None,
            source=f.category,
            message=message,
            tags=[lsp.DiagnosticTag.Unnecessary] if f.code == "FL001" else None,
            data={"start": f.start, "end": f.end, "code": f.code},
        )


def _file_and_line(message: str) -> tuple[str, int] | None:
    """('/path/to/file.toml', line) when an error message starts with an existing file and line."""
    head = message.split(": ", 1)[0]
    path, _, line = head.rpartition(":")
    if not line.isdigit():
        path, line = head, "1"
    if path and os.path.isfile(path):
        return os.path.abspath(path), int(line)
    return None


def _file_uri(path: str) -> str:
    from pathlib import Path

    return Path(path).resolve().as_uri()


# -- hover and code actions ------------------------------------------------------------------------
def findings_at(doc: Document, start: int, end: int) -> list:
    """The findings of the checked text that touch [start, end] (a cursor is start == end)."""
    if doc.checked_text != doc.text:
        return []   # positions belong to an older text; the next check brings new ones
    return [f for f in doc.findings if f.start <= end and start <= f.end and (f.start < end or start == end)]


def hover_text(finding, rule) -> str:
    parts = [f"**{finding.code} {finding.name}** · {finding.category} · {finding.level}", "", finding.message]
    if finding.suggestion:
        parts += ["", f"Suggestion: *{finding.suggestion}*"]
    if finding.in_quote:
        parts += ["", "Inside a quotation" + (f" by {finding.speaker}." if finding.speaker else ".")]
    if rule is not None:
        parts += ["", "---", "", surface.explain(rule).strip(), "", f"[Documentation]({surface.rule_link(rule)})"]
    return "\n".join(parts)


def code_actions(ls: FramelintLanguageServer, doc: Document, start: int, end: int, only) -> list:
    index = LineIndex(doc.text, ls.encoding)
    wanted = (lambda kind: True) if not only else (
        lambda kind: any(kind == k or kind.startswith(k + ".") for k in only))
    actions: list[lsp.CodeAction] = []
    here = findings_at(doc, start, end)
    safe = {(f.start, f.end, f.code) for f in surface.safe_fixes(doc.findings)} if doc.checked_text == doc.text else set()
    if wanted(lsp.CodeActionKind.QuickFix):
        for f in here:
            diag = [ls.diagnostic(f, doc.rules.get(f.code), index)]
            if (f.start, f.end, f.code) in safe:
                new = surface.replacement(f)
                actions.append(lsp.CodeAction(
                    title=f"Replace '{f.match}' with '{new}' ({f.code})", kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=diag, is_preferred=True,
                    edit=_edit(doc.uri, [lsp.TextEdit(range=ls.range_of(f.start, f.end, index), new_text=new)])))
            if f.code == "FL001":
                edit = _remove_directive(doc, f, index, ls)
                if edit is not None:
                    actions.append(lsp.CodeAction(title="Remove the unused suppression", diagnostics=diag,
                                                  kind=lsp.CodeActionKind.QuickFix, edit=_edit(doc.uri, [edit])))
                continue
            actions.append(lsp.CodeAction(
                title=f"Suppress {f.code} on this line", kind=lsp.CodeActionKind.QuickFix, diagnostics=diag,
                edit=_edit(doc.uri, [_suppression_edit(doc, f, index, ls)])))
    if safe and wanted(FIX_ALL):
        edits = [lsp.TextEdit(range=ls.range_of(f.start, f.end, index), new_text=surface.replacement(f))
                 for f in surface.safe_fixes(doc.findings)]
        actions.append(lsp.CodeAction(title=f"Apply framelint's safe fixes ({len(edits)})", kind=FIX_ALL,
                                      edit=_edit(doc.uri, edits)))
    return actions


def _edit(uri: str, edits: list) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(changes={uri: edits})


def _suppression_edit(doc: Document, f, index: LineIndex, ls) -> lsp.TextEdit:
    """Add the code to a disable-next-line directive on the line before, or insert one."""
    line = index.line_of(f.start)
    if line > 0:
        prev_start, prev_end = index.starts[line - 1], index.line_end(line - 1)
        for d in surface.directives(doc.text, doc.kind):
            raw = doc.text[d.start:d.end]
            inner = raw[4:-3] if raw.startswith("<!--") else raw[1:-1]
            if (d.action == "framelint-disable-next-line" and prev_start <= d.start and d.end <= prev_end
                    and d.selectors and "--" not in inner):   # a directive with a reason is left alone
                selectors = ", ".join([*d.selectors, f.code])
                return lsp.TextEdit(range=ls.range_of(d.start, d.end, index),
                                    new_text=surface.suppression_line(doc.kind, selectors))
    line_start = index.starts[line]
    text = doc.text
    indent = text[line_start:index.line_end(line)]
    indent = indent[:len(indent) - len(indent.lstrip(" \t"))]
    brk = text[index.line_end(line):index.starts[line + 1]] if line + 1 < len(index.starts) else ""
    brk = brk or (text[index.line_end(0):index.starts[1]] if len(index.starts) > 1 else "\n")
    position = ls.range_of(line_start, line_start, index)
    return lsp.TextEdit(range=position, new_text=indent + surface.suppression_line(doc.kind, f.code) + brk)


def _remove_directive(doc: Document, f, index: LineIndex, ls) -> lsp.TextEdit | None:
    """Delete an unused directive, with its line when it stands alone on it."""
    line = index.line_of(f.start)
    line_start, line_end = index.starts[line], index.line_end(line)
    if doc.text[f.start:f.end] != f.match:
        return None
    start, end = f.start, f.end
    if not doc.text[line_start:f.start].strip() and not doc.text[f.end:line_end].strip():
        start = line_start
        end = index.starts[line + 1] if line + 1 < len(index.starts) else line_end
    return lsp.TextEdit(range=ls.range_of(start, end, index), new_text="")


# -- the handlers: one per LSP method -----------------------------------------------------------------
def build_server() -> FramelintLanguageServer:
    server = FramelintLanguageServer()

    @server.feature(lsp.INITIALIZE)
    def initialize(ls: FramelintLanguageServer, params: lsp.InitializeParams) -> None:
        ls.set_options(params.initialization_options)

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: FramelintLanguageServer, params: lsp.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watched = caps.did_change_watched_files if caps else None
        if watched and watched.dynamic_registration:
            watchers = [lsp.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
            watchers.append(lsp.FileSystemWatcher(glob_pattern="**/*.toml"))
            try:
                await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[
                    lsp.Registration(id="framelint-configuration", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                     register_options=lsp.DidChangeWatchedFilesRegistrationOptions(
                                         watchers=watchers))]))
            except Exception as exc:  # the client may refuse: configuration is still read on save
                logger.info("file watching not registered: %s", exc)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: FramelintLanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
        if ls.open(params.text_document) is not None:
            ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FramelintLanguageServer, params: lsp.DidChangeTextDocumentParams) -> None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return
        doc.text = ls.workspace.get_text_document(doc.uri).source
        doc.version = params.text_document.version
        ls.schedule(doc.uri, ls.options.debounce)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: FramelintLanguageServer, params: lsp.DidSaveTextDocumentParams) -> None:
        # Read the configuration again on every save, so that editors that cannot watch files
        # still see a changed one; the rule files too when the saved file is one of them.
        _config, rules = ls.is_config_change(surface.path_from_uri(params.text_document.uri))
        ls.reload(forget_rules=rules)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FramelintLanguageServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        timer = ls.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if ls.documents.pop(uri, None) is not None:
            ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
            ls.publish_problem_files()

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: FramelintLanguageServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        changes = [ls.is_config_change(surface.path_from_uri(c.uri)) for c in params.changes]
        if any(config for config, _ in changes):
            ls.reload(forget_rules=any(rules for _, rules in changes))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: FramelintLanguageServer, params: lsp.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get("framelint"), dict):
            ls.set_options(settings["framelint"])
            ls.reload(forget_rules=False)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: FramelintLanguageServer, params: lsp.HoverParams) -> lsp.Hover | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        index = LineIndex(doc.text, ls.encoding)
        offset = index.offset(params.position.line, params.position.character)
        here = [f for f in findings_at(doc, offset, offset) if f.start <= offset < f.end] or \
            findings_at(doc, offset, offset)
        if not here:
            return None
        text = "\n\n---\n\n".join(hover_text(f, doc.rules.get(f.code)) for f in here)
        first = here[0]
        return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
                         range=ls.range_of(first.start, first.end, index))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
        code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL]))
    def code_action(ls: FramelintLanguageServer, params: lsp.CodeActionParams) -> list | None:
        doc = ls.documents.get(params.text_document.uri)
        if doc is None:
            return None
        index = LineIndex(doc.text, ls.encoding)
        start = index.offset(params.range.start.line, params.range.start.character)
        end = index.offset(params.range.end.line, params.range.end.character)
        return code_actions(ls, doc, start, end, params.context.only) or None

    @server.feature(lsp.SHUTDOWN)
    def shutdown(ls: FramelintLanguageServer, params) -> None:
        for timer in ls.timers.values():
            timer.cancel()
        ls.timers.clear()
        ls.checker.shutdown(wait=False, cancel_futures=True)

    return server
