"""Shared helpers: small rules made in the test, linting with them, running the CLI."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from framelint.config import DEFAULT
from framelint.engine.linter import Linter
from framelint.rules.model import Rule, validate_rule
from framelint.run.files import check_bytes

ROOT = Path(__file__).resolve().parent.parent


def make_rule(code: str = "TT101", name: str = "test-term", terms=("regime",), **fields) -> Rule:
    """A valid terms rule, with any field overridden. Tests use their own rules so that
    positions do not change when the built-in rule set does."""
    data = {
        "code": code, "name": name, "category": "charged-label", "kind": "terms",
        "message": "'{match}' is a test term.", "description": "A rule made by a test.",
        "terms": list(terms),
        "examples": {"flag": ["The [[regime]] fell."], "pass": ["The government fell."]},
    }
    data.update(fields)
    return validate_rule(data, f"{code}-{name}.toml")


def linter_for(*rules: Rule, **config) -> Linter:
    return Linter(DEFAULT.with_overrides(**config), rules=list(rules) or [make_rule()])


def lint(text, *rules: Rule, path: str = "-", kind: str | None = None, **config):
    """Findings for a text (str) or a file's bytes, with the given rules (default: 'regime')."""
    linter = linter_for(*rules, **config)
    if isinstance(text, bytes):
        result = check_bytes(linter, text, path, kind)
    else:
        result = linter.check_text(text, path, kind)
    assert not result.errors, result.errors
    return result.findings


def rule_toml(code: str = "UR101", name: str = "user-rule", **fields) -> str:
    """The text of a valid rule file; ``fields`` replace or add top-level keys (TOML literals)."""
    keys = {
        "code": f'"{code}"', "name": f'"{name}"', "category": '"loaded-language"', "kind": '"terms"',
        "level": '"warning"', "message": "\"'{match}' is loaded.\"",
        "terms": '["skyrocketed"]', "description": '"Flags a test word."',
    }
    for key, value in fields.items():
        if value is None:
            keys.pop(key, None)
        else:
            keys[key] = value
    body = "".join(f"{k} = {v}\n" for k, v in keys.items())
    return body + '\n[examples]\nflag = ["Prices [[skyrocketed]]."]\npass = ["Prices rose."]\n'


def write_rule(directory: Path, code: str = "UR101", name: str = "user-rule", text: str | None = None,
               **fields) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{code}-{name}.toml"
    path.write_text(text if text is not None else rule_toml(code, name, **fields), encoding="utf-8")
    return path


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def run_framelint(*args: str, input: bytes | None = None, env: dict | None = None, cwd=None) -> Run:
    """Run ``python -m framelint`` in a subprocess, as a user would."""
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "framelint", *args], input=input or b"",
                          capture_output=True, env=full_env, cwd=cwd, timeout=60)
    return Run(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


@pytest.fixture
def cli(capsys, monkeypatch):
    """Call framelint's main() in-process: cli("check", path, stdin=b"...") -> Run."""
    from framelint.cli.main import main

    def call(*args: str, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        monkeypatch.delenv("NO_COLOR", raising=False)
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return call
