"""The η sweep beside the comparison's animated views (``payload``, drawn
in the browser): epochs to tolerance and final loss for 200 learning rates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from gd_core.figures.parts import AXIS
from gd_core.figures.theme import FONT, INK, RUN_COLOURS, STATUS_COLOURS, STATUS_NAMES
from gd_core.sweep import Sweep


def sweep_figure(sweep: Sweep, chosen: Sequence[float], *, height: int = 520) -> go.Figure:
    """Epochs to tolerance (top) and final loss (bottom) against η, log x,
    coloured by status; the chosen η, the fastest η and the edge marked.
    Every point is clickable (its x is the η)."""
    etas = sweep.learning_rates
    data: list[dict[str, Any]] = []
    for status, colour in STATUS_COLOURS.items():
        hit = sweep.status == status
        if not hit.any():
            continue
        name = STATUS_NAMES[status]
        if status == "converged":
            data.append({
                "type": "scatter", "mode": "markers", "xaxis": "x", "yaxis": "y",
                "x": etas[hit], "y": sweep.converged_at[hit], "name": name,
                "legendgroup": status, "marker": {"color": colour, "size": 8},
                "hovertemplate": "η %{x:.3g}<br>%{y} epochs<extra>click to compare</extra>",
            })  # fmt: skip
        data.append({
            "type": "scatter", "mode": "markers", "xaxis": "x2", "yaxis": "y2",
            "x": etas[hit], "y": np.maximum(sweep.final_loss[hit], 1e-300), "name": name,
            "legendgroup": status, "showlegend": status != "converged",
            "marker": {"color": colour, "size": 8},
            "hovertemplate": "η %{x:.3g}<br>final L %{y:.3g}<extra>click to compare</extra>",
        })  # fmt: skip
    shapes: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    for k, eta in enumerate(chosen):
        colour = RUN_COLOURS[k % len(RUN_COLOURS)]
        colour = "#9e9e9e" if colour == "#ffffff" else colour
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": eta, "x1": eta,
                       "y0": 0, "y1": 1, "line": {"color": colour, "width": 2}})  # fmt: skip
    if sweep.fastest is not None:
        fastest = int(np.searchsorted(etas, sweep.fastest))
        annotations.append({
            "x": np.log10(sweep.fastest), "y": float(sweep.converged_at[fastest]),
            "xref": "x", "yref": "y", "text": f"fastest: η ≈ {sweep.fastest:.3g}",
            "showarrow": True, "arrowhead": 2, "ax": -60, "ay": -50, "font": {"size": 13},
            "bgcolor": "rgba(255,255,255,0.85)",
        })  # fmt: skip
    if sweep.edge is not None:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": sweep.edge,
                       "x1": sweep.edge, "y0": 0, "y1": 1,
                       "line": {"color": INK, "width": 1.5, "dash": "dash"}})  # fmt: skip
        annotations.append({
            "x": np.log10(sweep.edge), "y": 1.0, "xref": "x", "yref": "paper",
            "text": f"from η ≈ {sweep.edge:.3g} on, runs stop converging →",
            "showarrow": False, "xanchor": "left", "yanchor": "top", "font": {"size": 13},
            "bgcolor": "rgba(255,255,255,0.85)",
        })  # fmt: skip
    fig = go.Figure(data=data)
    log_x = {**AXIS, "type": "log", "exponentformat": "power"}
    fig.update_layout(
        height=height, font=FONT, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        paper_bgcolor="white", plot_bgcolor="white", shapes=shapes, annotations=annotations,
        legend={"orientation": "h", "x": 0, "y": 1.09, "yanchor": "bottom"},
        xaxis={**log_x, "domain": [0, 1], "anchor": "y", "matches": "x2", "showticklabels": False},
        yaxis={**AXIS, "domain": [0.55, 1.0], "title": {"text": "epochs to tolerance"}},
        xaxis2={**log_x, "domain": [0, 1], "anchor": "y2", "title": {"text": "learning rate η"}},
        yaxis2={**AXIS, "domain": [0.0, 0.45], "type": "log", "exponentformat": "power",
                "title": {"text": "final loss"}},
        clickmode="event+select",
    )  # fmt: skip
    return fig
