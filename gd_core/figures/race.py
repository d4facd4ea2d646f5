"""The optimizers' race: several methods' paths on one contour and one 3D
surface, animated in step by epoch, with the momentum vector and Nesterov's
look-ahead point at each frame; their loss curves and effective learning
rates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from gd_core.figures.animated import AnimatedFigure, play_controls, typed
from gd_core.figures.background import Background
from gd_core.figures.parts import (
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
from gd_core.figures.theme import COLOURSCALE, FONT, INK, OPTIMUM, RUN_COLOURS
from gd_core.surface import LossSurface
from gd_core.trajectory import Trajectory

IntArray = NDArray[np.int64]


def epoch_rows(run: Trajectory) -> IntArray:
    """Row of ``run`` at the end of each epoch 0 … E (row 0: the start).
    Full-batch runs have one row per epoch; mini-batch runs several."""
    ends = run.extras.get("epoch_ends")
    if ends is None or len(ends) == 0:
        return np.arange(run.params.shape[0], dtype=np.int64)
    return np.concatenate(([0], np.asarray(ends, dtype=np.int64)))


def race_colour(k: int) -> str:
    """Run k's colour (white, meant for dark maps, becomes grey on white)."""
    colour = RUN_COLOURS[k % len(RUN_COLOURS)]
    return "#9e9e9e" if colour == "#ffffff" else colour


def race_figure(
    surface: LossSurface,
    bg: Background,
    runs: Sequence[Trajectory],
    labels: Sequence[str],
    momentum: Sequence[float | None],
    *,
    optimum: tuple[float, float] | None = None,
    stacked: bool = False,
    max_frames: int = 120,
) -> AnimatedFigure:
    """3D surface and contour with every run, one Play / Pause for all.

    Args:
        momentum: γ of each run that has a velocity u_t (else ``None``): the
            frame draws θ_t → θ_t − γ u_t, where momentum carries it next
            (for Nesterov, its look-ahead point, marked ○).
    """
    height, top = (1120, 150) if stacked else (640, 120)
    plot = height - top - 10
    surface_domain: Domain = ((0.0, 1.0), (0.55, 1.0)) if stacked else ((0.0, 0.48), (0.0, 1.0))
    contour_domain: Domain = ((0.0, 1.0), (0.0, 0.47)) if stacked else ((0.54, 1.0), (0.0, 1.0))
    w_range = (float(surface.w[0]), float(surface.w[-1]))
    b_range = (float(surface.b[0]), float(surface.b[-1]))
    lift = 0.02 * float(surface.loss.max() - surface.loss.min())
    data: list[dict[str, Any]] = [{
        "type": "surface", "scene": "scene", "x": surface.w.astype(F32),
        "y": surface.b.astype(F32), "z": surface.loss.astype(F32),
        "surfacecolor": bg.colour.astype(F32), "cmin": bg.cmin, "cmax": bg.cmax,
        "colorscale": COLOURSCALE, "showscale": False, "name": "L(w, b)", "showlegend": False,
        "hovertemplate": "w %{x:.2f}<br>b %{y:.2f}<br>L %{z:.3g}<extra></extra>",
    }, iso_trace(bg)]  # fmt: skip
    for k, (run, label) in enumerate(zip(runs, labels, strict=True)):
        idx = thin(run, 1500)
        data.append({
            "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "lines", "opacity": 0.5,
            "x": run.params[idx, 0].astype(F32), "y": run.params[idx, 1].astype(F32),
            "line": {"color": race_colour(k), "width": 1.5, "dash": "dot"}, "hoverinfo": "skip",
            "showlegend": False, "name": label,
        })  # fmt: skip
    start = runs[0].params[0]
    data.append({
        "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "markers", "name": "start",
        "x": [float(start[0])], "y": [float(start[1])], "showlegend": False,
        "marker": {"size": 12, "color": "white", "line": {"color": INK, "width": 3}},
    })  # fmt: skip
    if optimum is not None:
        data.append({
            "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "markers",
            "name": "zero loss (w*, b*)", "x": [optimum[0]], "y": [optimum[1]],
            "marker": {"size": 12, "color": OPTIMUM, "symbol": "diamond",
                       "line": {"color": INK, "width": 2}},
        })  # fmt: skip

    moving_start = len(data)
    for k, (label, gamma) in enumerate(zip(labels, momentum, strict=True)):
        colour = race_colour(k)
        data += [
            {"type": "scatter3d", "scene": "scene", "mode": "markers", "name": label,
             "showlegend": False, "marker": {"size": 7, "color": colour,
                                             "line": {"color": INK, "width": 2}}},
            {"type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "lines", "name": label,
             "line": {"color": colour, "width": 3}, "showlegend": False, "hoverinfo": "skip"},
            {"type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "markers", "name": label,
             "marker": {"size": 13, "color": colour, "line": {"color": INK, "width": 2}},
             "hovertemplate": label + "<br>w %{x:.3f}<br>b %{y:.3f}<extra></extra>"},
        ]  # fmt: skip
        if gamma is not None:
            data.append({
                "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "lines+markers",
                "name": f"{label}: momentum γu", "showlegend": False,
                "line": {"color": colour, "width": 2.5},
                "marker": {"size": [0, 11], "symbol": "circle-open", "color": colour,
                           "line": {"width": 2.5}},
                "hovertemplate": "where momentum carries it next<extra>" + label + "</extra>",
            })  # fmt: skip
    animated = list(range(moving_start, len(data)))
    rows = [epoch_rows(run) for run in runs]
    epochs = frame_indices(max(r.size for r in rows), max_frames)

    def frame(shown: IntArray) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for run, row, gamma in zip(runs, rows, momentum, strict=True):
            idx = row[np.minimum(shown, row.size - 1)]
            head = int(idx[-1])
            w, b = float(run.params[head, 0]), float(run.params[head, 1])
            out += [
                {"type": "scatter3d", "x": [w], "y": [b], "z": [float(run.losses[head]) + lift]},
                {"type": "scatter", "x": typed(run.params[idx, 0]), "y": typed(run.params[idx, 1])},
                {"type": "scatter", "x": [w], "y": [b]},
            ]
            if gamma is not None:
                u = run.extras["velocity"][head]
                u = np.zeros(2) if not np.all(np.isfinite(u)) else u
                out.append(
                    {"type": "scatter", "x": [w, w - gamma * u[0]], "y": [b, b - gamma * u[1]]}
                )
        return out

    for k, update in zip(animated, frame(epochs[:1]), strict=True):
        data[k].update({key: v for key, v in update.items() if key != "type"})
    frames = [
        {"name": str(int(e)), "traces": animated, "data": frame(epochs[: i + 1])}
        for i, e in enumerate(epochs)
    ]
    layout: dict[str, Any] = {
        "height": height, "font": FONT, "margin": {"l": 10, "r": 10, "t": top, "b": 10},
        "paper_bgcolor": "white", "plot_bgcolor": "white", "showlegend": False,
        "uirevision": "race",
        "scene": {
            "domain": {"x": list(surface_domain[0]), "y": list(surface_domain[1])},
            "xaxis": {"title": {"text": "w"}, "range": list(w_range)},
            "yaxis": {"title": {"text": "b"}, "range": list(b_range)},
            "zaxis": {"title": {"text": "L"}},
            "camera": {"eye": {"x": -1.6, "y": -1.7, "z": 1.1}},
            "aspectmode": "manual", "aspectratio": {"x": 1, "y": 1, "z": 0.6},
        },
        **contour_axes(contour_domain, w_range, b_range),
        "images": [contour_image(bg, w_range, b_range)],
        "annotations": [title("Error surface", surface_domain),
                        title("Contour · ○ look-ahead / momentum", contour_domain)],
    }  # fmt: skip
    controls_y = 1 + (top - 10) / plot
    names = [str(int(e)) for e in epochs]
    layout.update(play_controls(names, "epoch ", controls_y, controls_y - 50 / plot, 0.0))
    return AnimatedFigure(data, layout, frames)


def race_loss_figure(
    runs: Sequence[Trajectory], labels: Sequence[str], *, loss_tol: float, height: int = 380
) -> go.Figure:
    """Loss against epoch (log y): mini-batch runs show every update, at
    fractional epochs, so their jitter is visible."""
    data: list[dict[str, Any]] = []
    for k, (run, label) in enumerate(zip(runs, labels, strict=True)):
        rows = epoch_rows(run)
        # Updates per epoch: 1 for full batch, ⌈N / k⌉ for mini-batches of k.
        per_epoch = max(1, round(int(rows[-1]) / max(rows.size - 1, 1)))
        x = np.arange(run.losses.size) / per_epoch
        data.append({
            "type": "scatter", "mode": "lines", "name": label, "x": x.astype(F32),
            "y": np.maximum(run.losses, 1e-300).astype(F32),
            "line": {"color": race_colour(k), "width": 2.2},
            "hovertemplate": "epoch %{x:.2f}<br>L %{y:.3g}<extra>" + label + "</extra>",
        })  # fmt: skip
    steps = max(epoch_rows(r).size for r in runs) - 1
    data.append({
        "type": "scatter", "mode": "lines", "name": f"tolerance {loss_tol:g}",
        "x": [0, steps], "y": [loss_tol, loss_tol], "hoverinfo": "skip",
        "line": {"dash": "dot", "color": "#777", "width": 1.5},
    })  # fmt: skip
    fig = go.Figure(data=data)
    fig.update_layout(line_chart_layout(height, "epoch", "L (log scale)", y_log=True))
    return fig


def effective_lr_figure(
    runs: Sequence[Trajectory], labels: Sequence[str], *, height: int = 340
) -> go.Figure | None:
    """η_t / (√v_t + ε) per coordinate (w solid, b dashed) for the adaptive
    methods among ``runs``; ``None`` if there are none."""
    data: list[dict[str, Any]] = []
    for k, (run, label) in enumerate(zip(runs, labels, strict=True)):
        lr = run.extras.get("effective_lr")
        if lr is None:
            continue
        rows = epoch_rows(run)
        for coordinate, dash in ((0, "solid"), (1, "dash")):
            data.append({
                "type": "scatter", "mode": "lines", "name": f"{label}: {'wb'[coordinate]}",
                "x": np.arange(rows.size, dtype=F32), "y": lr[rows, coordinate].astype(F32),
                "line": {"color": race_colour(k), "width": 2, "dash": dash},
                "hovertemplate": "epoch %{x}<br>η_eff %{y:.3g}<extra></extra>",
            })  # fmt: skip
    if not data:
        return None
    fig = go.Figure(data=data)
    fig.update_layout(line_chart_layout(height, "epoch", "effective η per coordinate", y_log=True))
    return fig
