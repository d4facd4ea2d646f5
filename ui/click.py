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
        if not _is_curve(point.get("curve_number"), curves):
            continue
        xy = point_xy(point)
        if xy is None:
            continue
        w, b = xy
        if w_range[0] <= w <= w_range[1] and b_range[0] <= b <= b_range[1]:
            return round(w, 2) + 0.0, round(b, 2) + 0.0
    return None


def _is_curve(number: Any, curves: Collection[int]) -> bool:
    try:
        return number in curves
    except TypeError:  # an unhashable curve number from a crafted client
        return False


def selected_points(selection: Any) -> list[Mapping[str, Any]]:
    """The points of a selection, ``[]`` for anything not shaped like one."""
    inner = selection.get("selection") if isinstance(selection, Mapping) else None
    points = inner.get("points") if isinstance(inner, Mapping) else None
    if not isinstance(points, (list, tuple)):
        return []
    return [point for point in points if isinstance(point, Mapping)]


def point_xy(point: Mapping[str, Any]) -> tuple[float, float] | None:
    """A point's (x, y) if both are finite numbers, else ``None``."""
    x, y = _number(point.get("x")), _number(point.get("y"))
    return None if x is None or y is None else (x, y)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if math.isfinite(value) else None


def malformed(selection: Any) -> bool:
    """Whether a non-empty selection holds anything but points with a finite
    x (and a finite y, if it has one)."""
    if selection is None or (isinstance(selection, Mapping) and not selection):
        return False
    inner = selection.get("selection") if isinstance(selection, Mapping) else None
    points = inner.get("points", []) if isinstance(inner, Mapping) else None
    if not isinstance(points, (list, tuple)):
        return True
    return any(
        not isinstance(p, Mapping)
        or _number(p.get("x")) is None
        or ("y" in p and _number(p["y"]) is None)
        for p in points
    )


def selection_signature(selection: Any) -> tuple[tuple[Any, Any], ...]:
    """The selected points' (x, y), to tell a new click from one already used."""
    return tuple((point.get("x"), point.get("y")) for point in selected_points(selection))


def new_selection(key: str) -> Mapping[str, Any] | None:
    """The selection of chart ``key`` if it is a click not yet acted on.

    A selection outlives the run it arrived in (until the chart is redrawn),
    so each is acted on once: the same selection seen again is skipped, and
    an empty one re-arms the key. Call before drawing the widgets it sets.
    """
    selection = st.session_state.get(key)
    signature = selection_signature(selection)
    used = f"{key}__used"
    if malformed(selection):
        shown = ("malformed", repr(selection)[:200])  # warn once per selection
        if shown != st.session_state.get(used):
            st.warning(
                f"A click on the chart '{key}' was ignored: a clicked point must have a "
                "finite number x (and y)."
            )
        st.session_state[used] = shown
        return None
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
    curves = st.session_state.get(curves_key, ())
    point = start_from_selection(selection, curves, good.w_range, good.b_range)
    if point is None and any(
        _is_curve(p.get("curve_number"), curves) for p in selected_points(selection)
    ):
        st.warning(
            f"A click on the chart '{chart_key}' was ignored: a start must lie inside the "
            f"view, w and b within ±{good.view:g}."
        )
    return point
