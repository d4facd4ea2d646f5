"""Every page's figure data and printed numbers equal the golden file's
(``tests/golden_figures.py`` says what is pinned and how to regenerate it):
a refactor of the figure builders or the core changes nothing a page shows.
The comparison holds on any CPU (``tests/golden_compare.py``); the README's
test command runs this file again with NumPy's SIMD dispatch limited."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import golden_figures
import numpy as np
import pytest
from golden_compare import NUDGES, differences, settle
from PIL import Image

# A nudge the golden file was not written with: another CPU's rounding.
OTHER_ARITHMETIC = 5


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return json.loads(golden_figures.GOLDEN.read_text())


@pytest.mark.parametrize("case", list(golden_figures.CASES))
def test_every_figure_and_number_unchanged(golden, case):
    actual = json.loads(json.dumps(golden_figures.case_summary(case), allow_nan=False))
    found = differences(golden[case], actual, case)
    assert not found, f"{len(found)} differences, first ones:\n" + "\n".join(found[:25])


def _strict(expected: Any, actual: Any) -> bool:
    """The comparison before the file held on any CPU: every number within
    1e−7, every string and count exactly."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(
            _strict(expected[k], actual[k]) for k in expected
        )
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(map(_strict, expected, actual))
    if isinstance(expected, float | int) and isinstance(actual, float | int):
        return abs(expected - actual) <= 1e-7 * abs(expected) + 1e-12
    return expected == actual


@pytest.mark.parametrize("case", list(golden_figures.CASES))
def test_the_golden_file_holds_under_other_rounding(golden, case):
    """The case computed with its inputs moved in the last bits (as another
    CPU's SIMD rounding moves every step) still matches the golden file —
    though the strict comparison sees it change: chaotic runs move."""
    assert OTHER_ARITHMETIC not in NUDGES
    plain = json.loads(json.dumps(golden_figures.case_summary(case), allow_nan=False))
    other = json.loads(json.dumps(golden_figures.case_summary(case, OTHER_ARITHMETIC)))
    assert not _strict(plain, other), "this case no longer exercises a chaotic run"
    found = differences(golden[case], other, case)
    assert not found, f"{len(found)} differences, first ones:\n" + "\n".join(found[:25])


def test_settle_pins_what_no_nudge_moves_and_marks_what_does():
    steady = settle([1.0, 1.0 + 1e-13, 1.0 - 1e-13])
    assert steady == 1.0 and differences(steady, 1.0 + 1e-10) == []
    assert differences(steady, 1.0 + 1e-8) != []  # smooth values stay within 1e-9
    chaotic = settle([2.5, 3.9, 2.1])
    assert chaotic == {"~range": [2.1, 3.9]}
    assert differences(chaotic, -5.0) == [] and differences(chaotic, 11.0) == []
    assert differences(chaotic, 11.2) != [] and differences(chaotic, "2.5") != []
    status = settle(["plateau", "max_epochs", "plateau"])
    assert status == {"~varies": ["plateau", "max_epochs"]}
    assert differences(status, "converged") == [] and differences(status, 3) != []
    tree = settle([{"n": 92, "s": "a", "k": [1, 2]}, {"n": 93, "s": "a", "k": [1, 2]}])
    assert tree == {"n": {"~range": [92, 93]}, "s": "a", "k": [1, 2]}
    assert differences(tree, {"n": 94, "s": "b", "k": [1, 2]}) == [".s: 'b', expected 'a'"]
    assert differences(tree, {"n": 92, "s": "a", "k": [1]}) == [".k: 1 items, expected 2"]


def _png(pixels: np.ndarray) -> dict[str, str]:
    buffer = io.BytesIO()
    Image.fromarray(pixels.astype(np.uint8), "RGBA").save(buffer, format="PNG")
    return {"~image": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()}


def test_images_are_compared_as_pixels_not_bytes():
    image = np.full((40, 50, 4), 200)
    one_level = image.copy()
    one_level[3, 4, 0] += 1  # a colour at a quantisation step: one pixel, one level
    recoloured = image.copy()
    recoloured[..., 1] -= 40
    assert differences(_png(image), _png(one_level)) == []
    assert differences(_png(image), _png(recoloured)) == [
        ": 2000 pixels differ, by up to 40 levels"
    ]
    assert differences(_png(image), _png(image[:30])) != []


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
