"""The pre-commit hook, run by the real pre-commit against this repository with ``try-repo``.

pre-commit builds a virtual environment and pip-installs framelint into it, as it does
for users, so this test needs pre-commit (the ``test`` extra) and the package index.
"""

from __future__ import annotations

import json
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


def _doc_yaml_blocks(doc: str = "docs/ci.md") -> list[str]:
    text = (ROOT / doc).read_text(encoding="utf-8")
    return [block.split("\n", 1)[1] for block in text.split("```")[1::2] if block.startswith("yaml\n")]


def test_the_readme_snippets_are_the_tested_ones():
    """The README's pre-commit, GitHub and GitLab snippets are docs/ci.md's, which the tests below run."""
    readme = _doc_yaml_blocks("README.md")
    assert len(readme) == 3 and all(block in _doc_yaml_blocks() for block in readme)


def _documented_pre_commit_config() -> str:
    return next(block for block in _doc_yaml_blocks() if block.startswith("repos:"))


def test_the_documented_pre_commit_config_is_valid(tmp_path):
    """docs/ci.md's .pre-commit-config.yaml passes pre-commit's own validation and names this hook."""
    from pre_commit.clientlib import load_config, load_manifest

    config_file = tmp_path / ".pre-commit-config.yaml"
    config_file.write_text(_documented_pre_commit_config(), encoding="utf-8")
    [repo] = load_config(str(config_file))["repos"]
    assert repo["rev"] and repo["repo"].startswith("https://")
    hook_ids = {hook["id"] for hook in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert [hook["id"] for hook in repo["hooks"]] == ["framelint"] and "framelint" in hook_ids


def test_the_documented_pre_commit_config_runs(hook_repo, drafts):
    """The documented snippet, pointed at this repository, with ``pre-commit run`` as a writer's commit runs it."""
    import yaml

    config = yaml.safe_load(_documented_pre_commit_config())
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True, capture_output=True,
                          text=True).stdout.strip()
    config["repos"][0].update(repo=str(hook_repo), rev=head)
    (drafts / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(PRE_COMMIT_HOME=str(drafts.parent / "pre-commit-home"), NO_COLOR="1")
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never", "--files",
                          "framed.md", "clean.txt", "notes.py"],
                         cwd=drafts, env=env, capture_output=True, text=True, timeout=300)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "framed.md:3:5: LB101 [warning]" in out and "clean.txt:" not in out and "notes.py" not in out


# -- the GitHub Actions and GitLab CI jobs in docs/ci.md ------------------------------------------
def _documented_jobs() -> list[tuple[str, dict]]:
    """('github', workflow) and ('gitlab', job) for each CI snippet in docs/ci.md."""
    import yaml

    jobs = []
    for block in _doc_yaml_blocks():
        data = yaml.safe_load(block)
        if "repos" in data:
            continue
        if "jobs" in data:
            for job in data["jobs"].values():
                jobs.append(("github", job))
        else:
            jobs += [("gitlab", job) for job in data.values() if isinstance(job, dict) and "script" in job]
    return jobs


def _commands(kind: str, job: dict) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step] if kind == "github" else list(job["script"])


def _run_documented(cli, command: str, workdir: Path) -> tuple[int, Path | None, str]:
    """Run ``framelint check ... [> FILE]`` as the job's shell would; the exit code, the file and stdout."""
    import shlex

    line, _, target = command.partition(">")
    run = cli(*shlex.split(line)[1:])
    written = None
    if target.strip():
        written = workdir / target.strip()
        written.write_text(run.out, encoding="utf-8")
    return run.code, written, run.out


@pytest.fixture
def checkout(tmp_path, monkeypatch) -> Path:
    """A publishing repository's checkout, as the CI jobs see it: drafts/ with a framed and a clean draft."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "strike.md").write_text(FRAMED, encoding="utf-8")
    (tmp_path / "drafts" / "council.txt").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_documented_ci_jobs_install_what_the_pre_commit_config_pins():
    import yaml

    [repo] = yaml.safe_load(_documented_pre_commit_config())["repos"]
    jobs = _documented_jobs()
    assert {kind for kind, _ in jobs} == {"github", "gitlab"}
    for kind, job in jobs:
        installs = [c for c in _commands(kind, job) if c.startswith("pip install")]
        assert installs == [f'pip install "framelint @ git+{repo["repo"]}@{repo["rev"]}"'], (kind, installs)
        if kind == "gitlab":
            assert not job["image"].endswith("-slim")  # pip install git+... needs git


def test_the_documented_github_workflows_work(cli, checkout):
    """Each documented framelint step runs; the SARIF it writes is what upload-sarif uploads, and is valid."""
    from test_sarif import assert_schema_valid

    from test_github_format import runner_parse

    workflows = [job for kind, job in _documented_jobs() if kind == "github"]
    uploads = 0
    for job in workflows:
        written: dict[str, tuple[int, Path | None, str]] = {}
        for step in job["steps"]:
            if step.get("run", "").startswith("framelint "):
                code, path, out = _run_documented(cli, step["run"], checkout)
                fmt = step["run"].split("--format ")[1].split()[0]
                written[fmt] = (code, path, out)
            if "upload-sarif" in step.get("uses", ""):
                uploads += 1
                code, path, _ = written["sarif"]
                assert code == 0, "the framelint step must succeed for the upload step to run"
                assert path is not None and path.name == step["with"]["sarif_file"]
                log = json.loads(path.read_text(encoding="utf-8"))
                assert_schema_valid(log)
                uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                        for r in log["runs"][0]["results"]}
                assert uris == {"drafts/strike.md"}
                assert "security-events" in job["permissions"]
        if "github" in written:
            code, _, out = written["github"]
            assert code == 1  # the job fails on findings
            lines = out.splitlines()
            assert lines and all(runner_parse(line)[1]["file"] == "drafts/strike.md" for line in lines)
    assert uploads == 1


def test_the_documented_gitlab_job_works(cli, checkout):
    """The documented script writes the Code Quality report the job's artifacts name, in GitLab's shape."""
    [job] = [job for kind, job in _documented_jobs() if kind == "gitlab"]
    report_file = job["artifacts"]["reports"]["codequality"]
    [command] = [c for c in job["script"] if c.startswith("framelint ")]
    code, path, _ = _run_documented(cli, command, checkout)
    assert code == 1 and job["artifacts"]["when"] == "always"  # the report is kept when the job fails
    assert path is not None and path.name == report_file
    issues = json.loads(path.read_text(encoding="utf-8"))
    assert issues
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert issue["location"]["path"] == "drafts/strike.md" and issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in issues}) == len(issues)


# -- the README's pin ---------------------------------------------------------------------------
def _readme_pre_commit_config() -> str:
    return next(block for block in _doc_yaml_blocks("README.md") if block.startswith("repos:"))


def test_the_pinned_release_is_in_the_changelog_and_is_this_version():
    """The tag the README pins is a release of CHANGELOG.md, and the version the package says it is."""
    import re

    import yaml

    from framelint.version import __version__

    [repo] = yaml.safe_load(_readme_pre_commit_config())["repos"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert repo["rev"] == f"v{__version__}"
    assert re.search(rf"^## \[{re.escape(__version__)}\]", changelog, re.M)
    assert re.search(r"^## \[Unreleased\]", changelog, re.M)
    assert f"[{__version__}]: {repo['repo']}/releases/tag/{repo['rev']}" in changelog


def test_the_readme_pre_commit_snippet_runs_exactly_as_written(hook_repo, drafts):
    """The README's ``.pre-commit-config.yaml``, byte for byte, run by the real pre-commit.

    Its ``repo`` URL is sent by git (``url.<base>.insteadOf``, which pre-commit passes on
    through ``GIT_CONFIG_*``) to a local repository of this checkout. That repository is
    made by this test, so the test also creates the tag the snippet pins in it (``git tag``
    of the pinned ``rev``); the published tag itself is the maintainers' ``git tag v0.1.0``.
    """
    import yaml

    pytest.importorskip("pre_commit")
    snippet = _readme_pre_commit_config()
    [repo] = yaml.safe_load(snippet)["repos"]
    tags = subprocess.run(["git", "tag", "--list", repo["rev"]], cwd=hook_repo, capture_output=True,
                          text=True, check=True).stdout.split()
    if repo["rev"] not in tags:
        git("tag", repo["rev"], cwd=hook_repo)
    (drafts / ".pre-commit-config.yaml").write_text(snippet, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(PRE_COMMIT_HOME=str(drafts.parent / "pre-commit-home-pinned"), NO_COLOR="1",
               GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0=f"url.{hook_repo.as_uri()}.insteadOf",
               GIT_CONFIG_VALUE_0=repo["repo"])
    run = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--color", "never", "--files",
                          "framed.md", "clean.txt", "notes.py"],
                         cwd=drafts, env=env, capture_output=True, text=True, timeout=600)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "framed.md:3:5: LB101 [warning] 'regime' labels a government" in out
    assert "clean.txt:" not in out and "notes.py" not in out
