"""The error-surface explorer as one Plotly figure: 3D surface, contour, data
view and loss curve, gradient descent and random search animated in step.
The page draws these views with the chart component; this figure is the
offline HTML download's.

Frames carry only what moves (the heads in 3D, the trails and heads on the
contour, the two fitted sigmoids, the epoch marker); the surface, contour
image and iso-lines are drawn once. The contour view has no
``Contour`` trace (see ``raster``), so it stays visible while frames play.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from gd_core.figures import parts, rows
from gd_core.figures.animated import animated_figure, epoch_controls, typed
from gd_core.figures.background import Background
from gd_core.figures.explorer_layout import Panels, explorer_layout
from gd_core.figures.parts import F32, OPTIMUM_HOVER, START_HOVER, SURFACE_HOVER, Trace
from gd_core.figures.theme import DESCENT, INK, SEARCH
from gd_core.losses import sigmoid
from gd_core.surface import LossSurface
from gd_core.trajectory import Trajectory

Array = NDArray[np.float64]
Runs = tuple[tuple[Trajectory, str, str], ...]  # (run, colour, label) each


def explorer_figure(
    surface: LossSurface,
    bg: Background,
    descent: Trajectory,
    search: Trajectory,
    data_x: Array,
    data_y: Array,
    *,
    optimum: tuple[float, float] | None = None,
    loss_tol: float | None = None,
    stacked: bool = False,
    max_frames: int = 120,
) -> go.Figure:
    """The animated explorer, with frames.

    Args:
        surface: L on the grid, drawn as the 3D "flying carpet".
        bg: its colour scale and contour geometry (``background(surface)``).
        descent, search: the two runs. Frame k shows both after the same
            number of loss evaluations (descent spends one per epoch).
        data_x, data_y: the data the neuron fits (the data view).
        optimum: the zero-loss point (w*, b*), marked if given.
        loss_tol: the tolerance line on the loss curve.
        stacked: one column (phones) instead of a 2 × 2 grid.
        max_frames: animation frames (≤ 200); the first and last epoch are in.
    """
    panels = Panels.for_screen(stacked)
    runs: Runs = ((descent, DESCENT, "gradient descent"), (search, SEARCH, "random search"))
    height = parts.lift(surface)  # paths float just above the surface
    epochs = rows.frame_indices(descent.params.shape[0], max_frames)
    x_grid = np.linspace(*rows.data_x_range(data_x), 80)
    static = _surface_traces(surface, bg, runs, optimum, height, panels)
    static += _contour_traces(bg, runs, optimum)
    static += _data_and_loss_traces(runs, data_x, data_y, loss_tol)
    low = max(min(float(descent.losses.min()), float(search.losses.min())), 1e-300)
    high = max(float(descent.losses.max()), float(search.losses.max()))
    layout = explorer_layout(
        panels, bg, *parts.ranges(surface), x_grid, (low, high), parts.view_3d(surface, optimum)
    )
    layout.update(epoch_controls(epochs, *panels.controls()))
    return animated_figure(
        static, _moving_styles(runs), lambda shown: _moving_data(runs, shown, height, x_grid),
        epochs, layout,
    )  # fmt: skip


def _surface_traces(
    surface: LossSurface,
    bg: Background,
    runs: Runs,
    optimum: tuple[float, float] | None,
    height: float,
    panels: Panels,
) -> list[Trace]:
    """The 3D view: the surface, each run's whole path faintly, the ◇."""
    colourbar = {**panels.colourbar, "tickvals": bg.tickvals, "ticktext": bg.ticktext}
    traces = [parts.surface_trace(surface, bg, scene="scene", showlegend=False,
                                  colorbar=colourbar, hovertemplate=SURFACE_HOVER)]  # fmt: skip
    for run, colour, label in runs:
        idx = rows.thin(run)
        traces.append({
            "type": "scatter3d", "scene": "scene", "mode": "lines", "opacity": 0.45,
            "x": run.params[idx, 0].astype(F32), "y": run.params[idx, 1].astype(F32),
            "z": (run.losses[idx] + height).astype(F32), "line": {"color": colour, "width": 4},
            "name": label, "showlegend": False, "hoverinfo": "skip",
        })  # fmt: skip
    if optimum is not None:
        traces.append(parts.zero_loss(optimum, size=6, z=height, showlegend=False,
                                      hovertemplate=OPTIMUM_HOVER))  # fmt: skip
    return traces


def _contour_traces(bg: Background, runs: Runs, optimum: tuple[float, float] | None) -> list[Trace]:
    """The contour view: iso-lines, faint paths, where each run ended, ◇ and ○."""
    traces = [parts.iso_trace(bg)]
    traces += [
        parts.faint_path(run, label, colour, most=2000, opacity=0.55, width=2)
        for run, colour, label in runs
    ]
    for run, colour, label in runs:
        w_end, b_end = run.final_params
        traces.append({
            "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "markers",
            "name": f"end of {label}", "x": [w_end], "y": [b_end], "showlegend": False,
            "marker": {"size": 12, "color": colour, "symbol": "x-thin",
                       "line": {"color": colour, "width": 3}},
            "hovertemplate": f"end of {label}<br>w %{{x:.4f}}<br>b %{{y:.4f}}"
                             f"<br>L {run.final_loss:.3g}<extra></extra>",
        })  # fmt: skip
    if optimum is not None:
        traces.append(parts.zero_loss(optimum, size=13, hovertemplate=OPTIMUM_HOVER))
    start = runs[0][0].params[0]
    traces.append(parts.start_marker(start, name="start (w₀, b₀)", hovertemplate=START_HOVER))
    return traces


def _data_and_loss_traces(
    runs: Runs, data_x: Array, data_y: Array, loss_tol: float | None
) -> list[Trace]:
    """The data view's points; each run's loss curve, ★ where it reached the tolerance."""
    traces: list[Trace] = [{
        "type": "scatter", "xaxis": "x2", "yaxis": "y2", "mode": "markers", "name": "data (x, y)",
        "x": np.asarray(data_x, F32), "y": np.asarray(data_y, F32), "showlegend": False,
        "marker": {"size": 12, "color": INK},
        "hovertemplate": "x %{x:.3g}<br>y %{y:.3g}<extra>data</extra>",
    }]  # fmt: skip
    for run, colour, label in runs:
        traces.append({
            "type": "scatter", "xaxis": "x3", "yaxis": "y3", "mode": "lines", "name": label,
            "x": np.arange(run.losses.size, dtype=F32),
            "y": np.maximum(run.losses, 1e-300).astype(F32), "showlegend": False,
            "line": {"color": colour, "width": 2.5},
            "hovertemplate": "step %{x}<br>L %{y:.3g}<extra>" + label + "</extra>",
        })  # fmt: skip
        if run.converged_at is not None:
            at = run.converged_at
            traces.append({
                "type": "scatter", "xaxis": "x3", "yaxis": "y3", "mode": "markers+text",
                "name": f"{label} reaches the tolerance", "x": [at],
                "y": [max(float(run.losses[at]), 1e-300)], "text": [f"tolerance at {at}"],
                "textposition": "top right", "textfont": {"color": colour, "size": 12},
                "marker": {"size": 12, "color": colour, "symbol": "star",
                           "line": {"color": INK, "width": 1}},
                "showlegend": False, "hoverinfo": "skip",
            })  # fmt: skip
    if loss_tol is not None:
        steps = max(run.losses.size for run, _, _ in runs) - 1
        traces.append(parts.tolerance_line(
            loss_tol, steps, axes="3", hover=f"tolerance {loss_tol:g}<extra></extra>",
            name="tolerance", showlegend=False))  # fmt: skip
    return traces


def _moving_styles(runs: Runs) -> list[Trace]:
    """The traces frames move, styled but empty, in ``_moving_data``'s order:
    per run its head in 3D, its trail and head on the contour; then each
    run's fitted sigmoid; then the epoch marker on the loss curve. (In 3D
    only the head moves, over the faint whole path: a growing 3D trail would
    repeat every coordinate of the contour's trail in the frames.)"""
    styles: list[Trace] = []
    for _, colour, label in runs:
        hover = f"{label}<br>w %{{x:.3f}}<br>b %{{y:.3f}}<br>L %{{z:.3g}}<extra></extra>"
        styles += [
            parts.head_3d(label, colour, 8, hovertemplate=hover),
            parts.trail(label, colour, 3.5),
            parts.head(label, colour, 14),
        ]
    for _, colour, label in runs:
        styles.append({
            "type": "scatter", "xaxis": "x2", "yaxis": "y2", "mode": "lines",
            "name": f"f(x), {label}", "line": {"color": colour, "width": 3}, "showlegend": False,
            "hovertemplate": "x %{x:.2f}<br>f(x) %{y:.3f}<extra>" + label + "</extra>",
        })  # fmt: skip
    styles.append({
        "type": "scatter", "xaxis": "x3", "yaxis": "y3", "mode": "lines", "name": "now",
        "line": {"color": INK, "width": 1.5, "dash": "dash"}, "showlegend": False,
        "hoverinfo": "skip",
    })  # fmt: skip
    return styles


def _moving_data(runs: Runs, shown: NDArray[np.int64], height: float, x_grid: Array) -> list[Trace]:
    """One frame's coordinates for ``_moving_styles``'s traces, nothing else."""
    data: list[Trace] = []
    epoch = int(shown[-1])
    for run, _, _ in runs:
        data += parts.moving_run(run, np.minimum(shown, run.params.shape[0] - 1), height)
    for run, _, _ in runs:
        w_now, b_now = run.params[min(epoch, run.params.shape[0] - 1)]
        fitted = typed(sigmoid(w_now * x_grid + b_now))
        # Only y moves; the first frame also sets x.
        data.append({"type": "scatter", "x": typed(x_grid), "y": fitted} if shown.size == 1
                    else {"type": "scatter", "y": fitted})  # fmt: skip
    data.append({"type": "scatter", "x": [epoch, epoch], "y": [1e-300, 1e300]})
    return data
