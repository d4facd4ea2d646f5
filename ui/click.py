"""Clicks on charts: which point was clicked (pure, unit-tested alone) and
whether a click is new (session state)."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

import streamlit as st


def start_from_selection(
    selection: Mapping[str, Any] | None,
    curves: Collection[int],
    w_range: tuple[float, float],
    b_range: tuple[float, float],
) -> tuple[float, float] | None:
    """The (w, b) a click selected, rounded to 0.01, or ``None``.

    Args:
        selection: what ``st.plotly_chart(on_select=...)`` stores under its key,
            ``{"selection": {"points": [{"x", "y", "curve_number"}, …]}}``.
        curves: trace numbers in the contour view (clicks elsewhere, e.g. on
            the loss curve, are not starts).
        w_range, b_range: the view; points outside it are ignored.
    """
    for point in selected_points(selection):
        if point.get("curve_number") not in curves:
            continue
        try:
            w, b = float(point["x"]), float(point["y"])
        except (KeyError, TypeError, ValueError):
            continue
        if not (math.isfinite(w) and math.isfinite(b)):
            continue
        if w_range[0] <= w <= w_range[1] and b_range[0] <= b <= b_range[1]:
            return round(w, 2) + 0.0, round(b, 2) + 0.0
    return None


def selection_signature(selection: Mapping[str, Any] | None) -> tuple[tuple[float, float], ...]:
    """The selected points' (x, y), to tell a new click from one already used."""
    return tuple((point.get("x"), point.get("y")) for point in selected_points(selection))


def selected_points(selection: Any) -> list[Mapping[str, Any]]:
    """The points of a chart selection, ``selection["selection"]["points"]``;
    anything else a client sent (a string, a number, a list of junk) is no point."""
    inner = selection.get("selection") if isinstance(selection, Mapping) else None
    points = inner.get("points") if isinstance(inner, Mapping) else None
    if not isinstance(points, list):
        return []
    return [point for point in points if isinstance(point, Mapping)]


def new_selection(key: str) -> Mapping[str, Any] | None:
    """The selection of chart ``key`` if it is a click not yet acted on.

    A selection outlives the run it arrived in (until the chart is redrawn),
    so each is acted on once: the same selection seen again is skipped, and
    an empty one re-arms the key. Call before drawing the widgets it sets.
    """
    selection = st.session_state.get(key)
    signature = selection_signature(selection)
    used = f"{key}__used"
    if not signature:
        st.session_state[used] = ()
        return None
    if signature == st.session_state.get(used):
        return None
    st.session_state[used] = signature
    return selection


def clicked_point(chart_key: str, curves_key: str) -> tuple[float, float] | None:
    """The (w, b) of a new click on chart ``chart_key``, if it landed on one of
    the contour traces listed under ``curves_key`` inside the last valid view."""
    selection = new_selection(chart_key)
    if selection is None:
        return None
    good = st.session_state["last_good"]
    return start_from_selection(
        selection, st.session_state.get(curves_key, ()), good.w_range, good.b_range
    )
