"""The optimizers' race beside its animated views (``payload``, drawn in
the browser): the loss curves and the effective learning rates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from gd_core.figures.parts import F32, epoch_rows, line_chart_layout
from gd_core.figures.theme import RUN_COLOURS
from gd_core.trajectory import Trajectory


def race_colour(k: int) -> str:
    """Run k's colour (white, meant for dark maps, becomes grey on white)."""
    colour = RUN_COLOURS[k % len(RUN_COLOURS)]
    return "#9e9e9e" if colour == "#ffffff" else colour


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
