"""A figure (or any page value) reduced to what is drawn, as plain JSON:
every trace with all its properties (long arrays as their length, sums,
extremes and 21 evenly spaced samples), the layout as plotly.js resolves it
against the figure's template, the frames' names and traces, and the first,
middle and last frame in full. Numbers keep 12 significant digits; images
are kept whole (``golden_compare`` compares them as pixels). Used by
``golden_figures.py`` to write and check the golden file."""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go

DIGITS = 12
SHORT = 64  # arrays up to this long are kept whole
SAMPLES = 21


def _round(value: float) -> float | None:
    if not math.isfinite(value):
        return None if math.isnan(value) else (1e308 if value > 0 else -1e308)
    return float(f"{value:.{DIGITS}g}")


def _array(values: np.ndarray) -> Any:
    flat = np.asarray(values, dtype=np.float64).ravel()
    if flat.size <= SHORT:
        return [_round(v) for v in flat.tolist()]
    finite = np.isfinite(flat)
    kept = flat[finite]
    weights = (np.arange(flat.size)[finite] + 1) / flat.size
    picks = np.unique(np.round(np.linspace(0, flat.size - 1, SAMPLES)).astype(int))
    return {
        "n": int(flat.size),
        "shape": list(np.shape(values)),
        "non_finite": int(flat.size - kept.size),
        "sum": _round(float(kept.sum())),
        "abs_sum": _round(float(np.abs(kept).sum())),
        "weighted": _round(float((kept * weights).sum())),
        "min": _round(float(kept.min())) if kept.size else None,
        "max": _round(float(kept.max())) if kept.size else None,
        "samples": [_round(v) for v in flat[picks].tolist()],
    }


def _is_numeric_list(value: list[Any]) -> bool:
    return bool(value) and all(
        v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in value
    ) and any(v is not None for v in value)  # fmt: skip


def reduce(value: Any) -> Any:
    """``value`` as JSON: arrays summarised, numbers rounded, images hashed."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "fiu":
            return _array(value)
        return [reduce(v) for v in value.tolist()]
    if isinstance(value, Mapping):
        if {"dtype", "bdata"} <= set(value) <= {"dtype", "bdata", "shape"}:  # a typed array
            raw = base64.b64decode(value["bdata"])
            array = np.frombuffer(raw, dtype=np.dtype(value["dtype"]).newbyteorder("<"))
            shape = value.get("shape")
            if shape is not None:
                shape = [int(n) for n in str(shape).split(",")] if isinstance(shape, str) else shape
                array = array.reshape(shape)
            return _array(array)
        return {str(k): reduce(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, np.ndarray) and v.shape == value[0].shape for v in value):
            return reduce(np.stack(value))  # a 2D array, row by row
        if _is_numeric_list(list(value)) and len(value) > SHORT:
            return _array(np.array([np.nan if v is None else v for v in value], dtype=float))
        return [reduce(v) for v in value]
    if isinstance(value, bool | str) or value is None:
        if isinstance(value, str) and value.startswith("data:"):
            return {"~image": value}
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return _round(float(value))
    return repr(value)


def _merge(base: Any, top: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(top, Mapping):
        out = dict(base)
        for key, value in top.items():
            out[key] = _merge(base.get(key), value) if key in base else value
        return out
    return top


_SUBPLOT = re.compile(r"^(xaxis|yaxis|scene|legend|coloraxis)(\d*)$")


def effective_layout(layout: Mapping[str, Any]) -> dict[str, Any]:
    """``layout`` over its template's layout, as plotly.js applies it: the
    template's ``xaxis`` under every x axis, its ``scene`` under every
    scene …; its other keys under the figure's."""
    template = dict(layout.get("template", {}).get("layout", {}))
    own = {k: v for k, v in layout.items() if k != "template"}
    out: dict[str, Any] = {}
    for key, value in template.items():
        if not _SUBPLOT.match(key):
            out[key] = value
    for key, value in own.items():
        match = _SUBPLOT.match(key)
        base = template.get(match.group(1)) if match else out.get(key)
        out[key] = _merge(base, value) if base is not None else value
    if not any(key.startswith(("xaxis", "yaxis")) for key in own):
        out.pop("plot_bgcolor", None)  # no cartesian plot area: nothing to colour
    return out


_DEFAULT_PLACES = {"xaxis": "x", "yaxis": "y", "scene": "scene"}


def _without_defaults(trace: Mapping[str, Any]) -> dict[str, Any]:
    """``trace`` without the subplot keys that name the default ones
    (``xaxis: "x"`` and no ``xaxis`` draw the same)."""
    return {k: v for k, v in trace.items() if _DEFAULT_PLACES.get(k, object()) != v}


def figure_summary(figure: go.Figure | Mapping[str, Any] | None) -> Any:
    """What ``figure`` draws (see the module docstring)."""
    if figure is None:
        return None
    spec = figure.to_dict() if isinstance(figure, go.Figure) else dict(figure)
    frames = spec.get("frames") or []
    summary: dict[str, Any] = {
        "data": reduce([_without_defaults(trace) for trace in spec.get("data", [])]),
        "layout": reduce(effective_layout(spec.get("layout", {}))),
        "frame_count": len(frames),
    }
    if frames:
        summary["frame_names"] = [f.get("name") for f in frames]
        summary["frame_traces"] = reduce(frames[0].get("traces"))
        picks = sorted({0, len(frames) // 2, len(frames) - 1})
        summary["frames"] = {str(k): reduce(frames[k].get("data")) for k in picks}
    return summary
