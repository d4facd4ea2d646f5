"""Figures for comparing learning rates: small multiples animated in step
(the offline download's), and the η sweep."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from gd_core.figures import parts
from gd_core.figures.animated import animated_figure, epoch_controls
from gd_core.figures.background import Background
from gd_core.figures.parts import OPTIMUM_HOVER, START_HOVER, Domain, Range, Trace
from gd_core.figures.rows import frame_indices
from gd_core.figures.theme import INK, STATUS_COLOURS, STATUS_NAMES, eta_colour, on_white
from gd_core.sweep import Sweep
from gd_core.trajectory import Trajectory

_TOP = 160  # pixels above the panels: Play / Pause, the slider, a two-line title
_ROW = 370  # pixels per row of panels (title, square plot, w axis)


def grid_domains(count: int, columns: int, height: int) -> list[Domain]:
    """Paper domains of ``count`` panels, row by row, ``columns`` wide."""
    rows = -(-count // columns)
    plot = height - _TOP - 10
    gap_x, gap_y = 0.07, 112 / plot  # the w-axis title, then a two-line title
    width = (1 - gap_x * (columns - 1)) / columns
    tall = (1 - gap_y * rows) / rows
    domains = []
    for k in range(count):
        r, c = divmod(k, columns)
        x0 = c * (width + gap_x)
        y1 = 1 - r * (tall + gap_y)
        domains.append(((x0, x0 + width), (y1 - tall, y1)))
    return domains


def small_multiples_figure(
    bg: Background,
    w_range: Range,
    b_range: Range,
    runs: Sequence[Trajectory],
    labels: Sequence[str],
    *,
    optimum: tuple[float, float] | None = None,
    columns: int = 3,
    max_frames: int = 100,
) -> go.Figure:
    """One contour panel per run (2–6), same colours and axes, one Play /
    Pause and one epoch slider for all: frames move only the trails and heads.
    A label ``"η = 1 · converged (epoch 380)"`` is drawn as two title lines."""
    count = len(runs)
    columns = max(1, min(columns, count))
    height = _TOP + 10 + _ROW * -(-count // columns)
    domains = grid_domains(count, columns, height)
    static: list[Trace] = []
    moving: list[Trace] = []
    layout = parts.layout(
        height=height, margin={"t": _TOP}, showlegend=False, uirevision="compare",
        images=[], annotations=[],
    )  # fmt: skip
    for k, (run, label, domain) in enumerate(zip(runs, labels, domains, strict=True)):
        axes = "" if k == 0 else str(k + 1)
        layout.update(parts.contour_axes(domain, w_range, b_range, axes))
        layout["images"].append(parts.contour_image(bg, w_range, b_range, axes))
        # Two lines (η, then the verdict), so narrow panels do not collide.
        head, _, tail = label.partition(" · ")
        text = f"{head}<br><span style='font-size:12px;font-weight:normal'>{tail}</span>"
        layout["annotations"].append(parts.title(text, domain, size=14))
        colour = eta_colour(run.learning_rate or 1.0)  # by its η, as on every page
        static += _panel(bg, run, label, colour, axes, optimum)
        moving += [parts.trail(label, colour, 3, axes),
                   parts.head(label, colour, 12, axes, showlegend=False)]  # fmt: skip
    epochs = frame_indices(max(run.params.shape[0] for run in runs), max_frames)
    plot = height - _TOP - 10
    controls_y = 1 + (_TOP - 10) / plot
    layout.update(epoch_controls(epochs, controls_y, controls_y - 52 / plot, 0.0))

    def frame(shown: np.ndarray) -> list[Trace]:
        return [
            trace for run in runs
            for trace in parts.moving_run(run, np.minimum(shown, run.params.shape[0] - 1))
        ]  # fmt: skip

    return animated_figure(static, moving, frame, epochs, layout)


def _panel(
    bg: Background, run: Trajectory, label: str, colour: str, axes: str,
    optimum: tuple[float, float] | None,
) -> list[Trace]:  # fmt: skip
    """One panel's static traces: iso-lines, the faint path, ○ and ◇."""
    traces = [
        parts.iso_trace(bg, axes),
        parts.faint_path(run, label, colour, axes=axes),
        parts.start_marker(run.params[0], size=10, width=2.5, axes=axes, showlegend=False,
                           hovertemplate=START_HOVER),
    ]  # fmt: skip
    if optimum is not None:
        traces.append(parts.zero_loss(optimum, size=10, axes=axes, name="zero loss",
                                      showlegend=False, hovertemplate=OPTIMUM_HOVER))  # fmt: skip
    return traces


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
