"""Every page's figure data and printed numbers equal the golden file's
(``tests/golden_figures.py`` says what is pinned and how to regenerate it):
a refactor of the figure builders or the core changes nothing a page shows."""

from __future__ import annotations

import json
import math
from typing import Any

import golden_figures
import pytest

REL, ABS = 1e-7, 1e-12  # the golden file keeps 9 significant digits


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where ``actual`` departs from ``expected`` (numbers within REL/ABS)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = [f"{path}.{k}: missing" for k in expected.keys() - actual.keys()]
        out += [f"{path}.{k}: unexpected" for k in actual.keys() - expected.keys()]
        for key in expected.keys() & actual.keys():
            out += differences(expected[key], actual[key], f"{path}.{key}")
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(actual)} items, expected {len(expected)}"]
        return [d for k, (e, a) in enumerate(zip(expected, actual)) for d in
                differences(e, a, f"{path}[{k}]")]  # fmt: skip
    numbers = (int, float)
    if (
        isinstance(expected, numbers) and isinstance(actual, numbers)
        and not isinstance(expected, bool) and not isinstance(actual, bool)
    ):  # fmt: skip
        if math.isclose(expected, actual, rel_tol=REL, abs_tol=ABS):
            return []
    elif expected == actual and type(expected) is type(actual):
        return []
    return [f"{path}: {actual!r}, expected {expected!r}"]


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return json.loads(golden_figures.GOLDEN.read_text())


@pytest.mark.parametrize("case", list(golden_figures.CASES))
def test_every_figure_and_number_unchanged(golden, case):
    actual = json.loads(json.dumps(golden_figures.case_summary(case), allow_nan=False))
    found = differences(golden[case], actual, case)
    assert not found, f"{len(found)} differences, first ones:\n" + "\n".join(found[:25])


def test_the_comparison_sees_a_change():
    figure = {"data": [{"type": "scatter", "x": [0.0, 1.0], "name": "a"}]}
    pinned = golden_figures.figure_summary(figure)
    moved = golden_figures.figure_summary({"data": [{"type": "scatter", "x": [0.0, 1.001],
                                                     "name": "a"}]})  # fmt: skip
    renamed = golden_figures.figure_summary({"data": [{"type": "scatter", "x": [0.0, 1.0],
                                                       "name": "b"}]})  # fmt: skip
    assert differences(pinned, pinned) == []
    assert differences(pinned, moved) == [".data[0].x[1]: 1.001, expected 1.0"]
    assert differences(pinned, renamed) == [".data[0].name: 'b', expected 'a'"]


def test_a_style_moved_into_the_template_is_no_change():
    own = {"layout": {"font": {"size": 14}, "xaxis2": {"ticks": "outside", "range": [0, 1]}}}
    templated = {"layout": {
        "template": {"layout": {"font": {"size": 14}, "xaxis": {"ticks": "outside"}}},
        "xaxis2": {"range": [0, 1]},
    }}  # fmt: skip
    assert golden_figures.figure_summary(own) == golden_figures.figure_summary(templated)
    other = {
        "layout": {"template": {"layout": {"font": {"size": 12}}}, "xaxis2": {"range": [0, 1]}}
    }
    assert golden_figures.figure_summary(own) != golden_figures.figure_summary(other)
