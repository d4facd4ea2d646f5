"""The optimizers' race beside its animation (which the chart component
draws: ``ui/chart_component``, fed by ``gd_core.figures.payload``): each
method's colour, the loss curves and the effective learning rates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from gd_core.figures import parts
from gd_core.figures.parts import F32, line_chart_layout
from gd_core.figures.rows import epoch_rows
from gd_core.figures.theme import method_colours, on_white
from gd_core.trajectory import Trajectory

IntArray = NDArray[np.int64]


def race_colours(runs: Sequence[Trajectory]) -> list[str]:
    """Each raced run's colour, by its method's name (the same on every
    page; white, meant for dark maps, becomes grey on white)."""
    return [on_white(c) for c in method_colours([run.method for run in runs])]


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
