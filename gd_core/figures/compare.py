"""The Compare η page's sweep: epochs to tolerance and final loss against
200 learning rates (its small multiples are the chart component's:
``ui/chart_component``, fed by ``gd_core.figures.payload``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from gd_core.figures import parts
from gd_core.figures.theme import INK, STATUS_COLOURS, STATUS_NAMES, eta_colour, on_white
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
    for eta in chosen:
        colour = on_white(eta_colour(eta))
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
        annotations.append(_edge_note(sweep.edge, etas))
    log: dict[str, Any] = {"type": "log", "exponentformat": "power"}
    return unvalidated(data, parts.layout(
        height=height, margin={"t": 40}, shapes=shapes, annotations=annotations,
        legend={"orientation": "h", "x": 0, "y": 1.09, "yanchor": "bottom"},
        xaxis={**log, "domain": [0, 1], "anchor": "y", "matches": "x2", "showticklabels": False},
        yaxis={"domain": [0.55, 1.0], "title": {"text": "epochs to tolerance"}},
        xaxis2={**log, "domain": [0, 1], "anchor": "y2", "title": {"text": "learning rate η"}},
        yaxis2={**log, "domain": [0.0, 0.45], "title": {"text": "final loss"}},
        clickmode="event+select",
    ))  # fmt: skip


def _edge_note(edge: float, etas: np.ndarray) -> dict[str, Any]:
    """The edge's label: short, and on the side of its line with more room,
    so a phone's narrow plot does not clip it (the page says it in full)."""
    right_half = np.log10(edge) > np.log10(etas[0] * etas[-1]) / 2
    return {
        "x": np.log10(edge), "y": 1.0, "xref": "x", "yref": "paper",
        "text": f"edge η ≈ {edge:.3g} " + ("→" if right_half else ""),
        "showarrow": False, "xanchor": "right" if right_half else "left",
        "yanchor": "top", "font": {"size": 13}, "bgcolor": "rgba(255,255,255,0.85)",
    }  # fmt: skip


def unvalidated(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """``go.Figure(data=data, layout=layout)`` without Plotly's property
    validation, for a figure rebuilt on every rerun (the sweep, for each
    student's own start): validating took ~10-15 ms of the server's CPU, the
    figure itself ~1 ms. A template given by name is resolved, as validation
    would. Tests have Plotly validate what uses it (tests/test_sweep.py)."""
    if isinstance(layout.get("template"), str):
        layout = {**layout, "template": pio.templates[layout["template"]]}
    return go.Figure({"data": data, "layout": layout}, _validate=False)
