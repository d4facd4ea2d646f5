"""The limited-dispatch runs of the README's test command really change the
arithmetic, and a name NumPy would silently ignore stops the run instead."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FEATURES = (
    "import json; from numpy._core._multiarray_umath import __cpu_features__ as f; "
    "print(json.dumps({k: v for k, v in f.items() if k.startswith('X86_V')}))"
)


def _features(disabled: str) -> dict[str, bool]:
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": disabled}
    out = subprocess.run([sys.executable, "-c", FEATURES], env=env, capture_output=True,
                         text=True, check=True)  # fmt: skip
    return json.loads(out.stdout)


@pytest.mark.skipif(platform.machine() != "x86_64", reason="NumPy's X86_V* groups")
def test_the_baseline_run_turns_avx2_and_avx512_off():
    usual = _features("")
    assert usual["X86_V2"]  # the baseline of every x86-64 NumPy 2.4 wheel
    limited = _features("X86_V3 X86_V4")
    assert limited == {"X86_V2": True, "X86_V3": False, "X86_V4": False}


def test_a_group_numpy_ignores_stops_the_run():
    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": "NOT_A_GROUP"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_sizes.py"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "NOT_A_GROUP" in result.stderr and "did not turn off" in result.stderr


def test_the_test_command_runs_the_numeric_tests_under_each_limit():
    script = (ROOT / "scripts" / "run-tests").read_text()
    assert 'for groups in "X86_V4" "X86_V3 X86_V4"' in script
    assert 'NPY_DISABLE_CPU_FEATURES="$groups" .venv/bin/python -m pytest -q -m numeric' in script
