"""The wall's contour: every student's start (w₀, b₀), coloured by how the
run from it ended, over the lecture's surface; the zero-loss ◇."""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go

from gd_core.figures import parts
from gd_core.figures.background import Background
from gd_core.figures.theme import INK, STATUS_COLOURS, STATUS_NAMES

OTHER = "#6d6d6d"  # a status the wall does not know


def room_starts_figure(
    bg: Background,
    view: float,
    starts: Sequence[tuple[float, float]],
    statuses: Sequence[str],
    labels: Sequence[str],
    optimum: tuple[float, float] | None = None,
    *,
    height: int = 520,
) -> go.Figure:
    """One marker per run at its start, one trace per status (the legend).

    Args:
        bg: the surface's background (``background(surface)``) on ±``view``.
        starts: (w₀, b₀) of each run; statuses: its status; labels: who ran it
            (shown in the hover as text: escaped, Plotly reads a little HTML).
    """
    if not len(starts) == len(statuses) == len(labels):
        raise ValueError("starts, statuses and labels must have the same length")
    span = (-view, view)
    traces = [parts.iso_trace(bg)]
    for status in [*STATUS_COLOURS, *sorted(set(statuses) - set(STATUS_COLOURS))]:
        chosen = [k for k, s in enumerate(statuses) if s == status]
        if not chosen:
            continue
        traces.append({
            "type": "scatter", "mode": "markers",
            "name": STATUS_NAMES.get(status, html.escape(status)),
            "x": [starts[k][0] for k in chosen], "y": [starts[k][1] for k in chosen],
            "text": [html.escape(labels[k]) for k in chosen],
            "marker": {"size": 13, "color": STATUS_COLOURS.get(status, OTHER),
                       "line": {"color": INK, "width": 1.5}},
            "hovertemplate": "%{text}<br>w₀ %{x:.2f}<br>b₀ %{y:.2f}<extra></extra>",
        })  # fmt: skip
    if optimum is not None:
        traces.append(parts.zero_loss(optimum, size=13, hovertemplate=parts.OPTIMUM_HOVER))
    layout = parts.layout(
        height=height, margin={"t": 30, "b": 40, "l": 50, "r": 10}, dragmode=False,
        images=[parts.contour_image(bg, span, span)],
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        **parts.contour_axes(((0.0, 1.0), (0.0, 1.0)), span, span),
    )  # fmt: skip
    return go.Figure(data=traces, layout=layout)
