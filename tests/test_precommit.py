"""The pre-commit hook, run by the real pre-commit against this repository with ``try-repo``.

pre-commit builds a virtual environment and pip-installs framelint into it, as it does
for users, so this test needs pre-commit (the ``test`` extra) and the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FRAMED = """# Strike on the city

The regime ordered the strike, sources say, in the deadliest attack ever.
"""
CLEAN = "The council met on Tuesday and approved the budget by seven votes to two.\n"

# What a git checkout of the project would not contain.
_NOT_SHIPPED = shutil.ignore_patterns(".git", ".venv*", "venv", "__pycache__", ".pytest_cache", ".hypothesis",
                                      "node_modules", "*.egg-info", "build", "dist", "test-artifacts", ".ci")


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=framelint tests", "-c", "user.email=tests@framelint.invalid",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """The project's working tree as a git repository with one commit.

    ``try-repo`` sees only what is committed plus changes to tracked files, so a new file
    not yet committed would be invisible to it; a snapshot of the tree sees everything.
    """
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("hook") / "framelint"
    shutil.copytree(ROOT, repo, ignore=_NOT_SHIPPED)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot", cwd=repo)
    return repo


@pytest.fixture
def drafts(tmp_path) -> Path:
    repo = tmp_path / "newsroom"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / "framed.md").write_text(FRAMED, encoding="utf-8")
    (repo / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (repo / "notes.py").write_text("# the regime\n", encoding="utf-8")  # not a draft: the hook skips it
    git("add", "-A", cwd=repo)
    return repo


def try_repo(hook_repo: Path, drafts: Path, *files: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env["PRE_COMMIT_HOME"] = str(drafts.parent / "pre-commit-home")
    env["NO_COLOR"] = "1"
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "framelint",
                           "--color", "never", "--files", *files],
                          cwd=drafts, env=env, capture_output=True, text=True, timeout=300)


def test_framed_draft_fails_the_hook_and_shows_the_findings(hook_repo, drafts):
    proc = try_repo(hook_repo, drafts, "framed.md", "clean.txt", "notes.py")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "framelint" in out and "Failed" in out
    assert "- exit code: 1" in out
    assert "framed.md:3:5: LB101 [warning] 'regime' labels a government" in out
    assert "framed.md:3:32: UA101 [warning] 'sources say'" in out
    assert "clean.txt:" not in out and "notes.py" not in out
    assert "in 2 files." in out  # one framelint run (require_serial) over the two drafts


def test_clean_draft_passes_the_hook(hook_repo, drafts):
    proc = try_repo(hook_repo, drafts, "clean.txt")
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out


def test_hook_manifest_is_valid():
    from identify.identify import tags_from_filename
    from pre_commit.clientlib import load_manifest

    [hook] = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert (hook["id"], hook["entry"], hook["language"]) == ("framelint", "framelint check", "python")
    # Every suffix framelint reads carries one of the hook's identify tags.
    for suffix in (".md", ".markdown", ".txt", ".html", ".htm"):
        assert tags_from_filename(f"draft{suffix}") & set(hook["types_or"]), suffix


def _doc_yaml_blocks() -> list[str]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    return [block.split("\n", 1)[1] for block in text.split("```")[1::2] if block.startswith("yaml\n")]


def test_the_documented_pre_commit_config_is_valid(tmp_path):
    """docs/ci.md's .pre-commit-config.yaml passes pre-commit's own validation and names this hook.

    (The try-repo tests above run the same hook; only ``repo`` and ``rev`` differ.)
    """
    from pre_commit.clientlib import load_config, load_manifest

    snippet = next(block for block in _doc_yaml_blocks() if block.startswith("repos:"))
    config_file = tmp_path / ".pre-commit-config.yaml"
    config_file.write_text(snippet, encoding="utf-8")
    [repo] = load_config(str(config_file))["repos"]
    assert repo["rev"] and repo["repo"].startswith("https://")
    hook_ids = {hook["id"] for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert [hook["id"] for hook in repo["hooks"]] == ["framelint"] and "framelint" in hook_ids


def test_the_documented_ci_jobs_use_real_options():
    """Every framelint command in docs/ci.md's workflow and pipeline snippets parses."""
    import shlex

    import yaml

    from framelint.cli import build_parser

    commands = []
    for block in _doc_yaml_blocks():
        data = yaml.safe_load(block)
        if "repos" in data:
            continue
        steps = [step for job in data.get("jobs", {}).values() for step in job["steps"]]
        commands += [step["run"] for step in steps if "run" in step]
        commands += [line for job in data.values() if isinstance(job, dict) for line in job.get("script", [])]
        uses = [step.get("uses", "") for step in steps]
        if any("upload-sarif" in u for u in uses):
            assert any("--format sarif" in c for c in commands)
    checks = [c.split(">")[0] for c in commands if c.startswith("framelint ")]
    assert {next(a for a in shlex.split(c) if a.startswith(("sarif", "github", "gitlab")))
            for c in checks if "--format" in c} >= {"sarif", "github", "gitlab"}
    for command in checks:
        build_parser().parse_args(shlex.split(command)[1:])
