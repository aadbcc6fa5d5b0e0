"""The wheel carries the built-in rules, and an installed (non-editable) framelint finds them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


def rule_files_in_checkout() -> list[str]:
    return sorted(str(p.relative_to(ROOT / "rules")).replace(os.sep, "/") for p in (ROOT / "rules").rglob("*.toml"))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, list[str]]:
    expected = rule_files_in_checkout()
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)]
    if _has_hatchling():  # no need to fetch the build backend into an isolated environment
        command.insert(4, "--no-build-isolation")
    proc = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [path] = out.glob("framelint-*.whl")
    return path, expected


def _has_hatchling() -> bool:
    try:
        import hatchling  # noqa: F401
    except ImportError:
        return False
    return True


def test_wheel_contains_the_rules(wheel):
    path, expected = wheel
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
    in_wheel = sorted(n[len("framelint/data/rules/"):] for n in names
                      if n.startswith("framelint/data/rules/") and n.endswith(".toml"))
    assert in_wheel == expected
    assert "framelint/__init__.py" in names and "framelint/cli/main.py" in names
    assert not any(n.startswith(("tests/", "corpus/")) for n in names)


def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    path, expected = wheel
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                   check=True, timeout=60)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    # The dependencies (regex, rich) come from the environment running the tests, which may
    # itself be a virtual environment: point the new one at its site-packages too. A .pth
    # line adds a folder without reading the .pth files in it, so an editable framelint
    # there stays out of sight.
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    ours = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    Path(purelib, "test-deps.pth").write_text("".join(f"{p}\n" for p in ours))
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                           "--quiet", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "NO_COLOR")}
    where = subprocess.run([str(python), "-c", "import framelint, sys; print(framelint.__file__)"],
                           capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert Path(where.stdout.strip()).resolve().is_relative_to(venv.resolve()), where.stdout + where.stderr

    script = bindir / ("framelint.exe" if os.name == "nt" else "framelint")
    listed = subprocess.run([str(script), "rules", "--format", "json"], capture_output=True, text=True,
                            cwd=elsewhere, env=env, timeout=60)
    assert listed.returncode == 0, listed.stderr
    rules = json.loads(listed.stdout)
    assert len(rules) == len(expected)
    assert all(Path(r["path"]).resolve().is_relative_to(venv.resolve()) for r in rules)

    plain = subprocess.run([str(script), "rules"], capture_output=True, text=True, cwd=elsewhere, env=env,
                           timeout=60)
    assert plain.stdout.endswith(f"\n{len(expected)} rules\n")

    (elsewhere / "a.txt").write_text("The regime fell.\n")
    checked = subprocess.run([str(script), "check", "--format", "json", "--select", "LB101", "a.txt"],
                             capture_output=True, text=True, cwd=elsewhere, env=env, timeout=60)
    assert checked.returncode == 1, checked.stderr
    assert [(f["code"], f["match"]) for f in json.loads(checked.stdout)] == [("LB101", "regime")]


def test_the_benchmark_measures_in_process_with_the_run_layer(tmp_path):
    """The benchmark's in-process figure uses the package as it is (it prints figures; no time is asserted)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = bench  # its dataclasses look their module up
    try:
        spec.loader.exec_module(bench)
    finally:
        del sys.modules["bench"]
    story = tmp_path / "story.txt"
    story.write_text("The regime ordered the strike.\n", encoding="utf-8")
    assert bench.in_process_seconds(story, 1, story) >= 0
