"""Figures for comparing learning rates: small multiples animated in step,
all paths on one 3D surface, overlaid loss curves, and the η sweep."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from gd_core.figures.animated import AnimatedFigure, play_controls, typed
from gd_core.figures.background import Background
from gd_core.figures.parts import (
    AXIS,
    F32,
    Domain,
    contour_axes,
    contour_image,
    frame_indices,
    iso_trace,
    line_chart_layout,
    thin,
    title,
)
from gd_core.figures.theme import (
    COLOURSCALE,
    FONT,
    INK,
    OPTIMUM,
    RUN_COLOURS,
    STATUS_COLOURS,
    STATUS_NAMES,
)
from gd_core.surface import LossSurface
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
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    runs: Sequence[Trajectory],
    labels: Sequence[str],
    *,
    optimum: tuple[float, float] | None = None,
    columns: int = 3,
    max_frames: int = 100,
) -> AnimatedFigure:
    """One contour panel per run (2–6), same colours and axes, one Play /
    Pause and one epoch slider for all: frames move only the trails and heads.
    A label ``"η = 1 · converged (epoch 380)"`` is drawn as two title lines."""
    count = len(runs)
    columns = max(1, min(columns, count))
    height = _TOP + 10 + _ROW * -(-count // columns)
    domains = grid_domains(count, columns, height)
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = {"images": [], "annotations": []}
    for k, (run, label, domain) in enumerate(zip(runs, labels, domains, strict=True)):
        axes = "" if k == 0 else str(k + 1)
        colour = RUN_COLOURS[k % len(RUN_COLOURS)]
        layout.update(contour_axes(domain, w_range, b_range, axes))
        layout["images"].append(contour_image(bg, w_range, b_range, axes))
        # Two lines (η, then the verdict), so narrow panels do not collide.
        head, _, tail = label.partition(" · ")
        text = f"{head}<br><span style='font-size:12px;font-weight:normal'>{tail}</span>"
        layout["annotations"].append(title(text, domain, size=14))
        data.append(iso_trace(bg, axes))
        idx = thin(run, 1500)
        data.append({
            "type": "scatter", "xaxis": f"x{axes}", "yaxis": f"y{axes}", "mode": "lines",
            "opacity": 0.5, "x": run.params[idx, 0].astype(F32),
            "y": run.params[idx, 1].astype(F32),
            "line": {"color": colour, "width": 1.5, "dash": "dot"}, "hoverinfo": "skip",
            "showlegend": False, "name": label,
        })  # fmt: skip
        start = run.params[0]
        data.append({
            "type": "scatter", "xaxis": f"x{axes}", "yaxis": f"y{axes}", "mode": "markers",
            "x": [float(start[0])], "y": [float(start[1])], "name": "start", "showlegend": False,
            "marker": {"size": 10, "color": "white", "line": {"color": INK, "width": 2.5}},
            "hovertemplate": "start<br>w₀ %{x:.2f}<br>b₀ %{y:.2f}<extra></extra>",
        })  # fmt: skip
        if optimum is not None:
            data.append({
                "type": "scatter", "xaxis": f"x{axes}", "yaxis": f"y{axes}", "mode": "markers",
                "x": [optimum[0]], "y": [optimum[1]], "name": "zero loss", "showlegend": False,
                "marker": {"size": 10, "color": OPTIMUM, "symbol": "diamond",
                           "line": {"color": INK, "width": 2}},
                "hovertemplate": "w* %{x:.4f}<br>b* %{y:.4f}<extra>zero loss</extra>",
            })  # fmt: skip
    moving_start = len(data)
    for k, label in enumerate(labels):
        axes = "" if k == 0 else str(k + 1)
        colour = RUN_COLOURS[k % len(RUN_COLOURS)]
        data += [
            {"type": "scatter", "xaxis": f"x{axes}", "yaxis": f"y{axes}", "mode": "lines",
             "line": {"color": colour, "width": 3}, "hoverinfo": "skip", "showlegend": False,
             "name": label},
            {"type": "scatter", "xaxis": f"x{axes}", "yaxis": f"y{axes}", "mode": "markers",
             "marker": {"size": 12, "color": colour, "line": {"color": INK, "width": 2}},
             "showlegend": False, "name": label,
             "hovertemplate": f"{label}<br>w %{{x:.3f}}<br>b %{{y:.3f}}<extra></extra>"},
        ]  # fmt: skip
    animated = list(range(moving_start, len(data)))
    length = max(run.params.shape[0] for run in runs)
    epochs = frame_indices(length, max_frames)

    def frame_data(shown: np.ndarray) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for run in runs:
            idx = np.minimum(shown, run.params.shape[0] - 1)
            head = run.params[idx[-1]]
            out += [
                {"type": "scatter", "x": typed(run.params[idx, 0]), "y": typed(run.params[idx, 1])},
                {"type": "scatter", "x": [float(head[0])], "y": [float(head[1])]},
            ]
        return out

    for k, update in zip(animated, frame_data(epochs[:1]), strict=True):
        data[k].update({key: v for key, v in update.items() if key != "type"})
    frames = [
        {"name": str(int(e)), "traces": animated, "data": frame_data(epochs[: i + 1])}
        for i, e in enumerate(epochs)
    ]
    plot = height - _TOP - 10
    controls_y = 1 + (_TOP - 10) / plot
    layout.update(
        height=height, font=FONT, margin={"l": 10, "r": 10, "t": _TOP, "b": 10},
        paper_bgcolor="white", plot_bgcolor="white", showlegend=False,
        uirevision="compare",
    )  # fmt: skip
    names = [str(int(e)) for e in epochs]
    layout.update(play_controls(names, "epoch ", controls_y, controls_y - 52 / plot, 0.0))
    return AnimatedFigure(data, layout, frames)


def paths3d_figure(
    surface: LossSurface,
    bg: Background,
    runs: Sequence[Trajectory],
    labels: Sequence[str],
    *,
    optimum: tuple[float, float] | None = None,
    height: int = 520,
) -> go.Figure:
    """Every run's whole path on one 3D error surface, in the panels' colours
    (clipped to the surface's rectangle: a path may leave it)."""
    lift = 0.02 * float(surface.loss.max() - surface.loss.min())
    w_range = [float(surface.w[0]), float(surface.w[-1])]
    b_range = [float(surface.b[0]), float(surface.b[-1])]
    data: list[dict[str, Any]] = [{
        "type": "surface", "x": surface.w.astype(F32), "y": surface.b.astype(F32),
        "z": surface.loss.astype(F32), "surfacecolor": bg.colour.astype(F32),
        "cmin": bg.cmin, "cmax": bg.cmax, "colorscale": COLOURSCALE, "showscale": False,
        "opacity": 0.92, "name": "L(w, b)", "showlegend": False,
        "hovertemplate": "w %{x:.2f}<br>b %{y:.2f}<br>L %{z:.3g}<extra></extra>",
    }]  # fmt: skip
    for k, (run, label) in enumerate(zip(runs, labels, strict=True)):
        idx = thin(run, 800)
        colour = RUN_COLOURS[k % len(RUN_COLOURS)]
        data.append({
            "type": "scatter3d", "mode": "lines", "name": label,
            "x": run.params[idx, 0].astype(F32), "y": run.params[idx, 1].astype(F32),
            "z": (run.losses[idx] + lift).astype(F32), "line": {"color": colour, "width": 6},
            "hovertemplate": label + "<br>w %{x:.3f}<br>b %{y:.3f}<br>L %{z:.3g}<extra></extra>",
        })  # fmt: skip
    if optimum is not None:
        data.append({
            "type": "scatter3d", "mode": "markers", "name": "zero loss (w*, b*)",
            "x": [optimum[0]], "y": [optimum[1]], "z": [lift],
            "marker": {"size": 6, "color": OPTIMUM, "symbol": "diamond",
                       "line": {"color": INK, "width": 2}},
        })  # fmt: skip
    fig = go.Figure(data=data)
    fig.update_layout(
        height=height, font=FONT, margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        scene={"xaxis": {"title": {"text": "w"}, "range": w_range},
               "yaxis": {"title": {"text": "b"}, "range": b_range},
               "zaxis": {"title": {"text": "L"}},
               "camera": {"eye": {"x": -1.6, "y": -1.7, "z": 1.1}},
               "aspectmode": "manual", "aspectratio": {"x": 1, "y": 1, "z": 0.6}},
        paper_bgcolor="white",
    )  # fmt: skip
    return fig


def loss_curves_figure(
    runs: Sequence[Trajectory],
    labels: Sequence[str],
    *,
    loss_tol: float | None = None,
    height: int = 380,
) -> go.Figure:
    """Loss per epoch of every run (log scale), stars where each converged."""
    data: list[dict[str, Any]] = []
    for k, (run, label) in enumerate(zip(runs, labels, strict=True)):
        colour = RUN_COLOURS[k % len(RUN_COLOURS)]
        line_colour = "#9e9e9e" if colour == "#ffffff" else colour  # white is for dark maps
        data.append({
            "type": "scatter", "mode": "lines", "name": label,
            "x": np.arange(run.losses.size, dtype=F32),
            "y": np.maximum(run.losses, 1e-300).astype(F32),
            "line": {"color": line_colour, "width": 2.5},
            "hovertemplate": "epoch %{x}<br>L %{y:.3g}<extra>" + label + "</extra>",
        })  # fmt: skip
        if run.converged_at is not None:
            at = run.converged_at
            data.append({
                "type": "scatter", "mode": "markers", "showlegend": False, "name": label,
                "x": [at], "y": [max(float(run.losses[at]), 1e-300)], "hoverinfo": "skip",
                "marker": {"size": 12, "symbol": "star", "color": line_colour,
                           "line": {"color": INK, "width": 1}},
            })  # fmt: skip
    if loss_tol is not None:
        steps = max(run.losses.size for run in runs) - 1
        data.append({
            "type": "scatter", "mode": "lines", "name": f"tolerance {loss_tol:g}",
            "x": [0, steps], "y": [loss_tol, loss_tol],
            "line": {"dash": "dot", "color": "#777", "width": 1.5}, "hoverinfo": "skip",
        })  # fmt: skip
    fig = go.Figure(data=data)
    fig.update_layout(line_chart_layout(height, "epoch", "L (log scale)", y_log=True))
    return fig


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
    log_x = {**AXIS, "type": "log", "exponentformat": "power"}
    return unvalidated(data, dict(
        height=height, font=FONT, margin={"l": 10, "r": 10, "t": 40, "b": 10},
        paper_bgcolor="white", plot_bgcolor="white", shapes=shapes, annotations=annotations,
        legend={"orientation": "h", "x": 0, "y": 1.09, "yanchor": "bottom"},
        xaxis={**log_x, "domain": [0, 1], "anchor": "y", "matches": "x2", "showticklabels": False},
        yaxis={**AXIS, "domain": [0.55, 1.0], "title": {"text": "epochs to tolerance"}},
        xaxis2={**log_x, "domain": [0, 1], "anchor": "y2", "title": {"text": "learning rate η"}},
        yaxis2={**AXIS, "domain": [0.0, 0.45], "type": "log", "exponentformat": "power",
                "title": {"text": "final loss"}},
        clickmode="event+select",
    ))  # fmt: skip


def unvalidated(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """``go.Figure(data=data, layout=layout)`` without Plotly's property
    validation, for a figure rebuilt on every rerun (the sweep, for each
    student's own start): validating took ~10-15 ms of the server's CPU, the
    figure itself ~1 ms. A template given by name is resolved, as validation
    would. Tests have Plotly validate what uses it (tests/test_sweep.py)."""
    if isinstance(layout.get("template"), str):
        layout = {**layout, "template": pio.templates[layout["template"]]}
    return go.Figure({"data": data, "layout": layout}, _validate=False)
