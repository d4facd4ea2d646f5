"""How a golden summary is written and compared so that it holds on any CPU.

NumPy's SIMD ``exp``/``log``/``tanh`` differ in the last bits between CPUs
(AVX-512, AVX2, baseline x86-64, arm64). A smooth value then moves by about
1e−15 relative and is compared with ``REL``. A value that is *not* smooth in
the arithmetic — a run bouncing on a saturated wing at η = 94 (chaotic: a
last-bit change grows to a different final loss), a status or a count decided
by such a run, a loss at the level of rounding — can land anywhere in its
range on another CPU. Which values are of that kind is measured, not guessed:
the writer computes every case again with its inputs nudged by a few units in
the last place (``NUDGES``) and :func:`settle` keeps

- a value that no nudge moved by more than ``STEADY`` (relative) as itself,
  compared within ``REL``/``ABS``;
- a number that a nudge moved as ``{"~range": [lo, hi]}``: any number within
  the range widened by ``WIDEN`` times its width on each side is accepted
  (a chaotic value's range from 17 runs is a sample of where it can land;
  the widest miss seen in nudges the file was not written with, up to 20
  units in the last place, was 1.3 widths);
- any other leaf that a nudge changed (a status string, a list whose length
  follows a count) as ``{"~varies": [the values seen]}``: any value of a type
  seen is accepted, since it is decided by a run of the first kind.

Structure (keys, list lengths, types) is compared exactly everywhere else.
Images are compared as pixels (``{"~image": data URI}``), not as a hash of
their bytes: a pixel may move by one level, in at most ``IMAGE_SHARE`` of
the pixels.
"""

from __future__ import annotations

import base64
import io
import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from PIL import Image

REL, ABS = 1e-9, 1e-12  # smooth values; the golden file keeps 12 significant digits
STEADY = 1e-11  # a nudge that moves a value by less than this leaves it pinned
IMAGE_SHARE = 0.005
WIDEN = 4.0
# Units in the last place that the writer moves the start and the data by:
# larger than any CPU's rounding of one operation, far too small to change a
# smooth result by STEADY.
NUDGES = (1, -1, 2, -2, 3, -3, 4, -4, 6, -6, 8, -8, 12, -12, 16, -16)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same(values: Sequence[Any]) -> bool:
    first = json.dumps(values[0], sort_keys=True)
    return all(json.dumps(v, sort_keys=True) == first for v in values[1:])


def settle(values: Sequence[Any]) -> Any:
    """One golden leaf or tree from the same summary computed on nudged
    inputs (``values[0]`` un-nudged): what moved is marked (module docstring)."""
    first = values[0]
    if isinstance(first, dict) and "~image" in first:
        return first  # compared as pixels, with their own tolerance
    if all(isinstance(v, dict) for v in values) and all(v.keys() == first.keys() for v in values):
        return {key: settle([v[key] for v in values]) for key in first}
    if all(isinstance(v, list) for v in values) and len({len(v) for v in values}) == 1:
        return [settle(column) for column in zip(*values, strict=True)]
    if all(_is_number(v) for v in values):
        lo, hi = min(values), max(values)
        if hi - lo <= STEADY * max(abs(lo), abs(hi)):
            return first
        return {"~range": [lo, hi]}
    if _same(values):
        return first
    seen: list[Any] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return {"~varies": seen}


def _type(value: Any) -> str:
    return "number" if _is_number(value) else type(value).__name__


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where ``actual`` departs from the golden ``expected`` (module docstring)."""
    if isinstance(expected, dict) and set(expected) == {"~range"}:
        lo, hi = expected["~range"]
        width = WIDEN * (hi - lo) + REL * max(abs(lo), abs(hi)) + ABS
        if _is_number(actual) and lo - width <= actual <= hi + width:
            return []
        return [f"{path}: {actual!r}, expected within [{lo!r}, {hi!r}] widened by {width:.3g}"]
    if isinstance(expected, dict) and set(expected) == {"~varies"}:
        if _type(actual) in {_type(v) for v in expected["~varies"]}:
            return []
        return [f"{path}: {actual!r}, expected a value like {expected['~varies']!r}"]
    image = {"~image"}
    if (
        isinstance(expected, dict)
        and isinstance(actual, dict)
        and set(expected) == image == set(actual)
    ):
        return image_differences(expected["~image"], actual["~image"], path)
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = [f"{path}.{k}: missing" for k in expected.keys() - actual.keys()]
        out += [f"{path}.{k}: unexpected" for k in actual.keys() - expected.keys()]
        for key in sorted(expected.keys() & actual.keys()):
            out += differences(expected[key], actual[key], f"{path}.{key}")
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(actual)} items, expected {len(expected)}"]
        return [d for k, (e, a) in enumerate(zip(expected, actual)) for d in
                differences(e, a, f"{path}[{k}]")]  # fmt: skip
    if _is_number(expected) and _is_number(actual):
        if math.isclose(expected, actual, rel_tol=REL, abs_tol=ABS):
            return []
    elif expected == actual and type(expected) is type(actual):
        return []
    return [f"{path}: {actual!r}, expected {expected!r}"]


def pixels(uri: str) -> np.ndarray:
    """The RGBA pixels of a ``data:image/png;base64,…`` URI, ``(H, W, 4)``."""
    raw = base64.b64decode(uri.split(",", 1)[1])
    return np.asarray(Image.open(io.BytesIO(raw)).convert("RGBA"), dtype=np.int16)


def image_differences(expected: str, actual: str, path: str) -> list[str]:
    """Two PNG images alike: the same size, each pixel within one level, and
    at most ``IMAGE_SHARE`` of the pixels off by that level."""
    if not (expected.startswith("data:image/png") and actual.startswith("data:image/png")):
        return [] if expected == actual else [f"{path}: another image kind or URI"]
    a, b = pixels(expected), pixels(actual)
    if a.shape != b.shape:
        return [f"{path}: image {b.shape}, expected {a.shape}"]
    off = np.abs(a - b).max(axis=-1)
    if off.max() > 1 or (off > 0).mean() > IMAGE_SHARE:
        return [f"{path}: {int((off > 0).sum())} pixels differ, by up to {int(off.max())} levels"]
    return []
