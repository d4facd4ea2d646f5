"""Plotly figures checked before they leave for the browser.

:func:`require_finite` checks every figure the app sends (this module's
:func:`show_figure`, and the chart component's :mod:`ui.browser_chart`): a
NaN or inf would draw a blank or broken chart with no word of why; here it
becomes a message naming the trace and the field instead. :func:`show_figure`
draws a checked figure with Streamlit's own ``st.plotly_chart`` and the app's
chart settings (the pages whose charts the component does not draw)."""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from gd_core.export import chart_config
from gd_core.figures.looks import restyle
from ui.looks import current_look

# Plotly breaks a line at a missing point: NaN (or None) at the same index in
# every coordinate of a scatter-like trace is a gap, not a bad value.
GAP_TYPES = {"scatter", "scattergl", "scatter3d", "scatterpolar", None}  # None: scatter
COORDINATES = ("x", "y", "z")
# A NaN in a heatmap's or contour's z is an empty cell (the convergence map
# leaves the cells that never reached the tolerance empty there): allowed; inf is not.
HOLE_TYPES = {"heatmap", "contour"}


def show_figure(figure: go.Figure | Mapping[str, Any], *, key: str, **kwargs: Any) -> Any:
    """``st.plotly_chart(figure, key=key, theme=None, config=…, **kwargs)``
    in the session's look (``gd_core.figures.looks.restyle``) after
    :func:`require_finite`; if that refuses the figure, an error names
    the trace and field and the chart is left out. The config is
    ``chart_config(key)`` (no logo; the toolbar saves ``key.png`` at 2×, with
    ``-`` for ``_``),
    plus any ``config`` entries given in ``kwargs``."""
    spec = figure.to_dict() if isinstance(figure, go.Figure) else dict(figure)
    try:
        require_finite(spec)
    except ValueError as error:
        st.error(f"This chart was not drawn: {error}. Please report it.")
        return None
    config = {**chart_config(key.replace("_", "-")), **kwargs.pop("config", {})}
    shown = restyle(spec, current_look())  # the session's colour scale and contrast
    return st.plotly_chart(shown, key=key, theme=None, config=config, **kwargs)


def require_finite(figure: Mapping[str, Any]) -> None:
    """Raise ``ValueError`` naming the trace and field of the first NaN or
    ±inf in a figure dict (``data``, every frame's ``data``, ``layout``),
    typed arrays (``{"dtype", "bdata"}``) included. Gaps in lines are allowed
    (see ``GAP_TYPES``)."""
    # A quick pass per trace (a figure can hold thousands, in its frames);
    # only a trace it cannot clear is walked again to name what is wrong.
    for where, traces in _trace_lists(figure):
        for index, trace in enumerate(traces):
            if isinstance(trace, Mapping) and not _quick(trace):
                _check_trace(f"{where}[{index}]", trace)
    if not _quick(figure.get("layout", {})):
        for path, values in _numbers("", figure.get("layout", {})):
            _refuse(f"layout field {path}", values, None)


def _quick(value: Any) -> bool:
    """True if every number under ``value`` is finite (a NaN in a line's
    coordinates counts as not cleared: it may be a gap, see _check_trace)."""
    kind = type(value)
    if kind in _SKIP:
        return True
    if kind is float:
        return math.isfinite(value)
    if kind is dict:
        if "bdata" in value:  # a typed array: the bulk of an animation's frames
            raw = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            return raw.dtype.kind not in "fc" or bool(np.isfinite(raw).all())
        return all(type(v) in _SKIP or _quick(v) for v in value.values())
    if kind in (list, tuple):
        if not value or type(value[0]) is str:
            return True
        if type(value[0]) in (dict, list, tuple):
            return all(_quick(v) for v in value)
        try:
            value = np.asarray(value, dtype=float)  # None becomes NaN
        except (TypeError, ValueError):
            return all(_quick(v) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.isfinite(value).all())
    return True


_SKIP = {str, int, bool, type(None)}


def _trace_lists(figure: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    yield "data", figure.get("data") or []
    for k, frame in enumerate(figure.get("frames") or []):
        if isinstance(frame, Mapping):
            yield f"frame {frame.get('name', k)!r} data", frame.get("data") or []


def _check_trace(where: str, trace: Mapping[str, Any]) -> None:
    name = trace.get("name")
    label = f"trace {where}" + (f" ({name})" if name else "")
    # In coordinates None is a missing point too, as in plotly.js.
    coordinates = {f: _array(trace[f], keep_none=True) for f in COORDINATES if f in trace}
    gaps = _gaps(coordinates) if trace.get("type") in GAP_TYPES else None
    for field, values in coordinates.items():
        if values is None:
            continue
        if field == "z" and trace.get("type") in HOLE_TYPES:
            _refuse(f"{label} field z", values, np.isnan(values))
        else:
            _refuse(f"{label} field {field}", values, gaps)
    for key, value in trace.items():
        if key not in coordinates:
            for path, values in _numbers(key, value):
                _refuse(f"{label} field {path}", values, None)


def _gaps(coordinates: Mapping[str, np.ndarray | None]) -> np.ndarray | None:
    """Indices where every coordinate is missing (NaN): a break in the line."""
    masks = [np.isnan(a) for a in coordinates.values() if a is not None]
    if not masks or len({m.shape for m in masks}) != 1:
        return None
    return np.asarray(np.logical_and.reduce(masks), dtype=bool)


def _refuse(where: str, values: np.ndarray, gaps: np.ndarray | None) -> None:
    bad = ~np.isfinite(values)
    if gaps is not None and gaps.shape == bad.shape:
        bad &= ~gaps
    if bad.any():
        first = int(np.flatnonzero(bad.reshape(-1))[0])
        raise ValueError(
            f"{where} holds {int(bad.sum())} non-finite value(s), "
            f"the first {values.reshape(-1)[first]} at index {first}"
        )


def _numbers(path: str, value: Any) -> Iterator[tuple[str, np.ndarray]]:
    """Every numeric leaf under ``value`` as a float array, with its dotted path."""
    if isinstance(value, (str, int)):  # most leaves; ints (and bools) are finite
        return
    array = _array(value)
    if array is not None:
        yield path, array
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _numbers(f"{path}.{key}" if path else str(key), item)
    elif isinstance(value, (list, tuple)):
        for k, item in enumerate(value):
            if isinstance(item, (Mapping, list, tuple)):
                yield from _numbers(f"{path}[{k}]", item)


def _array(value: Any, keep_none: bool = False) -> np.ndarray | None:
    """``value`` as a float array if it is numeric (a number, a numeric array,
    a list of numbers and ``None``s, a typed array), else ``None``. ``None``
    entries become NaN with ``keep_none``, else they are left out."""
    if isinstance(value, np.ndarray):
        return value if value.dtype.kind in "fiu" else None
    if isinstance(value, float):
        return np.array([value])
    if isinstance(value, Mapping) and set(value) >= {"dtype", "bdata"}:
        raw = base64.b64decode(value["bdata"])
        return np.frombuffer(raw, dtype=np.dtype(value["dtype"]))
    if isinstance(value, (list, tuple)) and value:
        first = next((v for v in value if v is not None), None)
        if not isinstance(first, (int, float, np.number)) or isinstance(first, bool):
            return None
        numeric = all(
            v is None or (isinstance(v, (int, float, np.number)) and not isinstance(v, bool))
            for v in value
        )
        if numeric and any(v is not None for v in value):
            kept = [np.nan if v is None else v for v in value if keep_none or v is not None]
            return np.array(kept, dtype=float)
    return None
