"""GitHub Actions workflow commands: one annotation per finding on the pull request.

``::warning file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=CODE::message``.
Levels map error -> ``error``, warning -> ``warning``, info -> ``notice``. Values are
escaped as the Actions runner unescapes them: ``%``, CR and LF everywhere, and ``:``
and ``,`` in properties too. GitHub shows columns only for a span on one line, so a
span over several lines gets ``line`` and ``endLine`` alone. ``file`` is relative to
the root of the git checkout (see ``_ci.source_root``), where GitHub looks for it.
"""

from __future__ import annotations

from ._ci import repo_relative, source_root

# What this format needs and is (see reporters/__init__.py).
NEEDS_SOURCE = False
SHOWS_EVERY_FILE = False
HUMAN = False
PROGRESS = False
POINTS_AT_FILE_LINES = True
STREAMING = False


COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    from ..errors import shown

    # GitHub's own escapes, then any other control character as \x1b: the log is read on terminals.
    return shown(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def file_property(path: str, root: str | None = None) -> dict[str, object]:
    """``file=`` relative to the repository root; none for standard input, which has no file to point at."""
    return {} if path == "-" else {"file": repo_relative(path, root=root) or path}


def render(report, out) -> None:
    root = source_root()
    for error in report.errors:
        out.write(command("error", {**file_property(error.path, root), "title": "framelint"}, error.message) + "\n")
    for f in report.findings:
        props: dict[str, object] = {**file_property(f.path, root), "line": f.line}
        if f.end_line == f.line:
            props["col"] = f.column
        props["endLine"] = f.end_line
        if f.end_line == f.line:
            props["endColumn"] = f.end_column
        props["title"] = f.code
        out.write(command(COMMAND[f.level], props, f.message) + "\n")
