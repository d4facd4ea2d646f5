"""Delivery: the Dockerfile lints clean and copies what exists, the pins are
exact, the README's two commands are what CI and people run, the code is lint
and type clean."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def test_dockerfile_passes_hadolint():
    result = subprocess.run(
        [_tool("hadolint"), "--failure-threshold", "info", "Dockerfile"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_copies_only_paths_that_exist():
    text = (ROOT / "Dockerfile").read_text()
    sources = []
    for line in text.splitlines():
        parts = line.split()
        if parts and parts[0] == "COPY":
            args = [p for p in parts[1:] if not p.startswith("--")]
            sources += args[:-1]
    assert sources, "the Dockerfile copies nothing"
    for source in sources:
        assert (ROOT / source).exists(), f"COPY {source}: no such path"


def test_dockerfile_runs_as_non_root_with_healthcheck():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER\s+(?!root)\w+", text, re.M)
    assert "EXPOSE 8501" in text and "/_stcore/health" in text
    assert "--server.address=0.0.0.0" in text and "--server.port=8501" in text
    # Requirements are installed before the code is copied (layer cache).
    assert text.index("pip install") < text.index("COPY --chown=app:app app.py")


def test_runtime_requirements_are_exact_pins():
    lines = [
        line.strip()
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    names = {re.split("==", line)[0].lower() for line in lines}
    assert {"streamlit", "numpy", "plotly"} <= names
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", line) for line in lines), lines


def test_readme_gives_the_two_commands_ci_runs():
    readme = (ROOT / "README.md").read_text()
    assert "./scripts/run-app" in readme and "./scripts/run-tests" in readme
    ci = (ROOT / ".ci" / "run").read_text()
    assert "./scripts/run-tests" in ci and "chromium" in ci


def test_ruff_is_clean():
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run([_tool("ruff"), *args], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_the_core_the_ui_and_the_pages():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["strict"] is True
    assert {"gd_core", "ui", "views", "app.py"} <= set(config["files"])
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
