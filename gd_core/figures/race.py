"""The optimizers' race: several methods' paths on one contour and one 3D
surface, animated in step by epoch, with the momentum vector and Nesterov's
look-ahead point at each frame (the offline download's); their loss curves
and effective learning rates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from gd_core.figures import parts
from gd_core.figures.animated import animated_figure, epoch_controls
from gd_core.figures.background import Background
from gd_core.figures.parts import F32, SURFACE_HOVER, Domain, Trace, line_chart_layout
from gd_core.figures.rows import epoch_rows, frame_indices
from gd_core.figures.theme import method_colours, on_white
from gd_core.surface import LossSurface
from gd_core.trajectory import Trajectory

IntArray = NDArray[np.int64]


def race_colours(runs: Sequence[Trajectory]) -> list[str]:
    """Each raced run's colour, by its method's name (the same on every
    page; white, meant for dark maps, becomes grey on white)."""
    return [on_white(c) for c in method_colours([run.method for run in runs])]


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
) -> go.Figure:
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
    w_range, b_range = parts.ranges(surface)
    lift = parts.lift(surface)
    static = [
        parts.surface_trace(surface, bg, scene="scene", showscale=False, showlegend=False,
                            hovertemplate=SURFACE_HOVER),
        parts.iso_trace(bg),
        *(parts.faint_path(run, label, colour)
          for run, label, colour in zip(runs, labels, race_colours(runs), strict=True)),
        parts.start_marker(runs[0].params[0], size=12, showlegend=False),
    ]  # fmt: skip
    if optimum is not None:
        static.append(parts.zero_loss(optimum, size=12))
    rows = [epoch_rows(run) for run in runs]
    epochs = frame_indices(max(r.size for r in rows), max_frames)
    layout = parts.layout(
        height=height, margin={"t": top}, showlegend=False, uirevision="race",
        scene=parts.scene(w_range, b_range, surface_domain, view=parts.view_3d(surface, optimum)),
        **parts.contour_axes(contour_domain, w_range, b_range),
        images=[parts.contour_image(bg, w_range, b_range)],
        annotations=[parts.title("Error surface", surface_domain),
                     parts.title("Contour · ○ look-ahead / momentum", contour_domain)],
    )  # fmt: skip
    controls_y = 1 + (top - 10) / plot
    layout.update(epoch_controls(epochs, controls_y, controls_y - 50 / plot, 0.0))

    def frame(shown: IntArray) -> list[Trace]:
        out: list[Trace] = []
        for run, row, gamma in zip(runs, rows, momentum, strict=True):
            idx = row[np.minimum(shown, row.size - 1)]
            out += parts.moving_run(run, idx, lift)
            if gamma is not None:
                out.append(_momentum_arrow(run, int(idx[-1]), gamma))
        return out

    styles = _moving_styles(labels, momentum, race_colours(runs))
    return animated_figure(static, styles, frame, epochs, layout)


def _moving_styles(
    labels: Sequence[str], momentum: Sequence[float | None], colours: Sequence[str]
) -> list[Trace]:
    """Per run: its head in 3D, its trail and head on the contour, and (with
    momentum) the arrow to where momentum carries it next."""
    styles: list[Trace] = []
    for label, gamma, colour in zip(labels, momentum, colours, strict=True):
        styles += [
            parts.head_3d(label, colour, 7),
            parts.trail(label, colour, 3),
            parts.head(label, colour, 13),
        ]
        if gamma is not None:
            styles.append({
                "type": "scatter", "xaxis": "x", "yaxis": "y", "mode": "lines+markers",
                "name": f"{label}: momentum γu", "showlegend": False,
                "line": {"color": colour, "width": 2.5},
                "marker": {"size": [0, 11], "symbol": "circle-open", "color": colour,
                           "line": {"width": 2.5}},
                "hovertemplate": "where momentum carries it next<extra>" + label + "</extra>",
            })  # fmt: skip
    return styles


def _momentum_arrow(run: Trajectory, row: int, gamma: float) -> Trace:
    """θ_t → θ_t − γ u_t at row ``row`` (no arrow once u_t is not finite)."""
    w, b = float(run.params[row, 0]), float(run.params[row, 1])
    u = run.extras["velocity"][row]
    u = np.zeros(2) if not np.all(np.isfinite(u)) else u
    return {"type": "scatter", "x": [w, w - gamma * u[0]], "y": [b, b - gamma * u[1]]}


def race_loss_figure(
    runs: Sequence[Trajectory], labels: Sequence[str], *, loss_tol: float, height: int = 380
) -> go.Figure:
    """Loss against epoch (log y): mini-batch runs show every update, at
    fractional epochs, so their jitter is visible."""
    data: list[dict[str, Any]] = []
    for run, label, colour in zip(runs, labels, race_colours(runs), strict=True):
        rows = epoch_rows(run)
        # Updates per epoch: 1 for full batch, ⌈N / k⌉ for mini-batches of k.
        per_epoch = max(1, round(int(rows[-1]) / max(rows.size - 1, 1)))
        x = np.arange(run.losses.size) / per_epoch
        data.append({
            "type": "scatter", "mode": "lines", "name": label, "x": x.astype(F32),
            "y": np.maximum(run.losses, 1e-300).astype(F32),
            "line": {"color": colour, "width": 2.2},
            "hovertemplate": "epoch %{x:.2f}<br>L %{y:.3g}<extra>" + label + "</extra>",
        })  # fmt: skip
    data.append(parts.tolerance_line(loss_tol, max(epoch_rows(r).size for r in runs) - 1))
    fig = go.Figure(data=data)
    fig.update_layout(line_chart_layout(height, "epoch", "L (log scale)", y_log=True))
    return fig


def effective_lr_figure(
    runs: Sequence[Trajectory], labels: Sequence[str], *, height: int = 340
) -> go.Figure | None:
    """η_t / (√v_t + ε) per coordinate (w solid, b dashed) for the adaptive
    methods among ``runs``; ``None`` if there are none."""
    data: list[dict[str, Any]] = []
    for run, label, colour in zip(runs, labels, race_colours(runs), strict=True):
        lr = run.extras.get("effective_lr")
        if lr is None:
            continue
        rows = epoch_rows(run)
        for coordinate, dash in ((0, "solid"), (1, "dash")):
            data.append({
                "type": "scatter", "mode": "lines", "name": f"{label}: {'wb'[coordinate]}",
                "x": np.arange(rows.size, dtype=F32), "y": lr[rows, coordinate].astype(F32),
                "line": {"color": colour, "width": 2, "dash": dash},
                "hovertemplate": "epoch %{x}<br>η_eff %{y:.3g}<extra></extra>",
            })  # fmt: skip
    if not data:
        return None
    fig = go.Figure(data=data)
    fig.update_layout(line_chart_layout(height, "epoch", "effective η per coordinate", y_log=True))
    return fig
