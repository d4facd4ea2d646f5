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

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core.figures.animated import AnimatedFigure, play_controls, typed
from gd_core.figures.background import Background
from gd_core.figures.parts import (
    AXIS,
    contour_axes,
    contour_image,
    frame_indices,
    iso_trace,
    thin,
    title,
)
from gd_core.figures.theme import COLOURSCALE, DESCENT, FONT, INK, OPTIMUM, SEARCH
from gd_core.losses import sigmoid
from gd_core.surface import LossSurface
from gd_core.trajectory import Trajectory

Array = NDArray[np.float64]
_F32 = np.float32


@dataclass(frozen=True)
class Panels:
    """Paper-coordinate domains ((x0, x1), (y0, y1)) of the four panels."""

    height: int
    surface: tuple[tuple[float, float], tuple[float, float]]
    contour: tuple[tuple[float, float], tuple[float, float]]
    data: tuple[tuple[float, float], tuple[float, float]]
    loss: tuple[tuple[float, float], tuple[float, float]]
    colourbar: dict[str, Any]
    top: int  # pixels above the panels: the legend, then Play / Pause and the slider
    controls_at: int  # pixels from the figure's top edge to Play / Pause
    slider_below: bool  # the slider under the buttons (narrow) or beside them
    legend: dict[str, Any] | None

    @classmethod
    def for_screen(cls, stacked: bool) -> Panels:
        if stacked:  # phones: one column, the colour bar under the contour
            return cls(
                height=1620,
                surface=((0.0, 1.0), (0.77, 1.0)),
                contour=((0.1, 1.0), (0.5, 0.74)),
                data=((0.14, 1.0), (0.23, 0.36)),
                loss=((0.14, 1.0), (0.04, 0.16)),
                colourbar={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0.445,
                           "yanchor": "top", "len": 0.9, "thickness": 12,
                           "title": {"text": "L(w, b)", "side": "top"}},
                top=150,
                controls_at=10,
                slider_below=True,
                legend=None,  # no room: the page names the colours above the figure
            )  # fmt: skip
        return cls(
            height=820,
            surface=((0.05, 0.47), (0.42, 1.0)),
            contour=((0.52, 0.92), (0.42, 1.0)),
            data=((0.07, 0.46), (0.08, 0.31)),
            loss=((0.6, 1.0), (0.08, 0.31)),
            colourbar={"x": 0.94, "y": 0.71, "len": 0.58, "thickness": 14,
                       "title": {"text": "L(w, b)", "side": "right"}},
            top=124,
            controls_at=40,
            slider_below=False,
            legend={"x": 0, "xanchor": "left"},  # the mode bar sits top right
        )  # fmt: skip


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
) -> AnimatedFigure:
    """The animated explorer.

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
    runs = ((descent, DESCENT, "gradient descent"), (search, SEARCH, "random search"))
    w_range = (float(surface.w[0]), float(surface.w[-1]))
    b_range = (float(surface.b[0]), float(surface.b[-1]))
    lift = 0.02 * float(surface.loss.max() - surface.loss.min())  # paths float just above
    epochs = frame_indices(descent.params.shape[0], max_frames)
    x_grid = _x_grid(data_x)

    data = _static_traces(surface, bg, runs, optimum, lift, w_range, b_range, panels)
    data += _data_and_loss_traces(runs, data_x, data_y, loss_tol)
    moving = _moving_styles(runs)
    for style, coords in zip(moving, _moving_data(runs, epochs[:1], lift, x_grid), strict=True):
        style.update({k: v for k, v in coords.items() if k != "type"})
    animated = list(range(len(data), len(data) + len(moving)))
    data += moving
    frames = [
        {"name": str(int(e)), "traces": animated,
         "data": _moving_data(runs, epochs[: k + 1], lift, x_grid)}
        for k, e in enumerate(epochs)
    ]  # fmt: skip
    low = max(min(float(descent.losses.min()), float(search.losses.min())), 1e-300)
    high = max(float(descent.losses.max()), float(search.losses.max()))
    layout = _layout(panels, bg, w_range, b_range, x_grid, (low, high))
    plot_height = panels.height - panels.top - 10
    controls_y = 1 + (panels.top - panels.controls_at) / plot_height
    if panels.slider_below:
        slider_y, slider_x = controls_y - 44 / plot_height, 0.0
    else:
        slider_y, slider_x = controls_y, 0.25
    layout.update(
        play_controls([str(int(e)) for e in epochs], "epoch ", controls_y, slider_y, slider_x)
    )
    return AnimatedFigure(data, layout, frames)


def _static_traces(
    surface: LossSurface,
    bg: Background,
    runs: tuple[tuple[Trajectory, str, str], ...],
    optimum: tuple[float, float] | None,
    lift: float,
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    panels: Panels,
) -> list[dict[str, Any]]:
    traces: list[dict[str, Any]] = [{
        "type": "surface", "scene": "scene", "name": "L(w, b)", "showlegend": False,
        "x": surface.w.astype(_F32), "y": surface.b.astype(_F32), "z": surface.loss.astype(_F32),
        "surfacecolor": bg.colour.astype(_F32), "cmin": bg.cmin, "cmax": bg.cmax,
        "colorscale": COLOURSCALE,
        "colorbar": {**panels.colourbar, "tickvals": bg.tickvals, "ticktext": bg.ticktext},
        "hovertemplate": "w %{x:.2f}<br>b %{y:.2f}<br>L %{z:.3g}<extra></extra>",
    }]  # fmt: skip
    for run, colour, label in runs:
        idx = thin(run)
        traces.append({
            "type": "scatter3d", "scene": "scene", "mode": "lines", "opacity": 0.45,
            "x": run.params[idx, 0].astype(_F32), "y": run.params[idx, 1].astype(_F32),
            "z": (run.losses[idx] + lift).astype(_F32), "line": {"color": colour, "width": 4},
            "name": label, "showlegend": False, "hoverinfo": "skip",
        })  # fmt: skip
    diamond = {"color": OPTIMUM, "symbol": "diamond", "line": {"color": INK, "width": 2}}
    if optimum is not None:
        traces.append({
            "type": "scatter3d", "scene": "scene", "mode": "markers", "name": "zero loss (w*, b*)",
            "x": [optimum[0]], "y": [optimum[1]], "z": [lift], "showlegend": False,
            "marker": {**diamond, "size": 6},
            "hovertemplate": "w* %{x:.4f}<br>b* %{y:.4f}<extra>zero loss</extra>",
        })  # fmt: skip
    traces.append(iso_trace(bg))
    for run, colour, label in runs:
        idx = thin(run)
        traces.append({
            "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "lines", "opacity": 0.55,
            "x": run.params[idx, 0].astype(_F32), "y": run.params[idx, 1].astype(_F32),
            "line": {"color": colour, "width": 2, "dash": "dot"}, "name": label,
            "showlegend": False, "hoverinfo": "skip",
        })  # fmt: skip
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
        traces.append({
            "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "markers",
            "name": "zero loss (w*, b*)", "x": [optimum[0]], "y": [optimum[1]],
            "marker": {**diamond, "size": 13},
            "hovertemplate": "w* %{x:.4f}<br>b* %{y:.4f}<extra>zero loss</extra>",
        })  # fmt: skip
    start = runs[0][0].params[0]
    traces.append({
        "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "markers", "name": "start (w₀, b₀)",
        "x": [float(start[0])], "y": [float(start[1])],
        "marker": {"size": 13, "color": "white", "line": {"color": INK, "width": 3}},
        "hovertemplate": "start<br>w₀ %{x:.2f}<br>b₀ %{y:.2f}<extra></extra>",
    })  # fmt: skip
    return traces


def _data_and_loss_traces(
    runs: tuple[tuple[Trajectory, str, str], ...],
    data_x: Array,
    data_y: Array,
    loss_tol: float | None,
) -> list[dict[str, Any]]:
    traces: list[dict[str, Any]] = [{
        "type": "scatter", "xaxis": "x2", "yaxis": "y2", "mode": "markers", "name": "data (x, y)",
        "x": np.asarray(data_x, _F32), "y": np.asarray(data_y, _F32), "showlegend": False,
        "marker": {"size": 12, "color": INK},
        "hovertemplate": "x %{x:.3g}<br>y %{y:.3g}<extra>data</extra>",
    }]  # fmt: skip
    for run, colour, label in runs:
        traces.append({
            "type": "scatter", "xaxis": "x3", "yaxis": "y3", "mode": "lines", "name": label,
            "x": np.arange(run.losses.size, dtype=_F32),
            "y": np.maximum(run.losses, 1e-300).astype(_F32), "showlegend": False,
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
        traces.append({
            "type": "scatter", "xaxis": "x3", "yaxis": "y3", "mode": "lines", "name": "tolerance",
            "x": [0, steps], "y": [loss_tol, loss_tol], "showlegend": False,
            "line": {"dash": "dot", "color": "#777", "width": 1.5},
            "hovertemplate": f"tolerance {loss_tol:g}<extra></extra>",
        })  # fmt: skip
    return traces


def _moving_styles(runs: tuple[tuple[Trajectory, str, str], ...]) -> list[dict[str, Any]]:
    """The traces frames move, styled but empty, in ``_moving_data``'s order:
    per run its head in 3D, its trail and head on the contour; then each
    run's fitted sigmoid; then the epoch marker on the loss curve. (In 3D
    only the head moves, over the faint whole path: a growing 3D trail would
    repeat every coordinate of the contour's trail in the frames.)"""
    styles: list[dict[str, Any]] = []
    for _, colour, label in runs:
        marker = {"color": colour, "line": {"color": INK, "width": 2}}
        where = f"{label}<br>w %{{x:.3f}}<br>b %{{y:.3f}}"
        styles += [
            {"type": "scatter3d", "scene": "scene", "mode": "markers", "name": label,
             "showlegend": False, "marker": {**marker, "size": 8},
             "hovertemplate": where + "<br>L %{z:.3g}<extra></extra>"},
            {"type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "lines", "name": label,
             "line": {"color": colour, "width": 3.5}, "showlegend": False, "hoverinfo": "skip"},
            {"type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "markers", "name": label,
             "marker": {**marker, "size": 14},
             "hovertemplate": where + "<extra></extra>"},
        ]  # fmt: skip
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


def _moving_data(
    runs: tuple[tuple[Trajectory, str, str], ...],
    shown: NDArray[np.int64],
    lift: float,
    x_grid: Array,
) -> list[dict[str, Any]]:
    """One frame's coordinates for ``_moving_styles``'s traces, nothing else."""
    data: list[dict[str, Any]] = []
    epoch = int(shown[-1])
    for run, _, _ in runs:
        idx = np.minimum(shown, run.params.shape[0] - 1)
        head = int(idx[-1])
        w_now, b_now = float(run.params[head, 0]), float(run.params[head, 1])
        data += [
            {
                "type": "scatter3d",
                "x": [w_now],
                "y": [b_now],
                "z": [float(run.losses[head]) + lift],
            },
            {"type": "scatter", "x": typed(run.params[idx, 0]), "y": typed(run.params[idx, 1])},
            {"type": "scatter", "x": [w_now], "y": [b_now]},
        ]
    for run, _, _ in runs:
        w_now, b_now = run.params[min(epoch, run.params.shape[0] - 1)]
        fitted = typed(sigmoid(w_now * x_grid + b_now))
        # Only y moves; the first frame also sets x.
        data.append({"type": "scatter", "x": typed(x_grid), "y": fitted} if shown.size == 1
                    else {"type": "scatter", "y": fitted})  # fmt: skip
    data.append({"type": "scatter", "x": [epoch, epoch], "y": [1e-300, 1e300]})
    return data


def _layout(
    panels: Panels,
    bg: Background,
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    x_grid: Array,
    loss_span: tuple[float, float],
) -> dict[str, Any]:
    """The whole layout as a plain dict (see ``animated``)."""
    low, high = np.log10(loss_span[0]), np.log10(loss_span[1])
    axis = AXIS
    titles: list[tuple[str, tuple[tuple[float, float], tuple[float, float]]]] = [
        ("Error surface L(w, b)", panels.surface),
        ("Contour", panels.contour),
        ("Data and the fitted f(x)", panels.data),
        ("Loss per step (log scale)", panels.loss),
    ]
    return {
        "height": panels.height,
        "font": FONT,
        "margin": {"l": 10, "r": 10, "t": panels.top, "b": 10},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "showlegend": panels.legend is not None,
        "legend": {"orientation": "h", "y": 1 + panels.top / (panels.height - panels.top - 10),
                   "yanchor": "top", "font": {"size": 13}, **(panels.legend or {})},
        "uirevision": "explorer",
        "scene": {
            "domain": {"x": list(panels.surface[0]), "y": list(panels.surface[1])},
            "xaxis": {"title": {"text": "w"}, "range": list(w_range)},
            "yaxis": {"title": {"text": "b"}, "range": list(b_range)},
            "zaxis": {"title": {"text": "L"}},
            "camera": {"eye": {"x": -1.6, "y": -1.7, "z": 1.1}},
            "aspectmode": "manual", "aspectratio": {"x": 1, "y": 1, "z": 0.6},
        },
        **contour_axes(panels.contour, w_range, b_range),
        "xaxis2": {**axis, "domain": list(panels.data[0]), "anchor": "y2", "title": {"text": "x"},
                   "range": [float(x_grid[0]), float(x_grid[-1])]},
        "yaxis2": {**axis, "domain": list(panels.data[1]), "anchor": "x2",
                   "title": {"text": "f(x)"}, "range": [-0.05, 1.05]},
        "xaxis3": {**axis, "domain": list(panels.loss[0]), "anchor": "y3",
                   "title": {"text": "epoch (descent) · evaluation (search)"}},
        "yaxis3": {**axis, "domain": list(panels.loss[1]), "anchor": "x3", "type": "log",
                   "title": {"text": "L"}, "exponentformat": "power",
                   "range": [max(low, high - 14) - 0.3, high + 0.3]},
        "images": [contour_image(bg, w_range, b_range)],
        "annotations": [title(text, domain) for text, domain in titles],
    }  # fmt: skip


def _x_grid(data_x: Array) -> Array:
    low, high = float(np.min(data_x)), float(np.max(data_x))
    pad = max(1.0, 0.5 * (high - low))
    return np.linspace(low - pad, high + pad, 80)
