"""The data view: the points and the sigmoid a run ended with."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray

from gd_core.figures.parts import F32, line_chart_layout
from gd_core.figures.rows import shown_points
from gd_core.figures.theme import DESCENT, INK
from gd_core.losses import sigmoid

Array = NDArray[np.float64]


def fit_figure(x: Array, y: Array, params: tuple[float, float], *, height: int = 360) -> go.Figure:
    """The data (up to 5,000 of them, evenly picked) and f(x) = σ(wx + b)."""
    shown = shown_points(x.size)
    low, high = float(np.min(x)), float(np.max(x))
    pad = max(1.0, 0.15 * (high - low))
    grid = np.linspace(low - pad, high + pad, 200)
    w, b = params
    data: list[dict[str, Any]] = [
        {"type": "scattergl" if x.size > 1000 else "scatter", "mode": "markers",
         "x": x[shown].astype(F32), "y": y[shown].astype(F32), "name": "data (x, y)",
         "marker": {"size": 10 if x.size < 50 else 5, "color": INK, "opacity": 0.8}},
        {"type": "scatter", "mode": "lines", "x": grid.astype(F32),
         "y": sigmoid(w * grid + b).astype(F32), "name": "f(x) after descent",
         "line": {"color": DESCENT, "width": 3}},
    ]  # fmt: skip
    fig = go.Figure(data=data)
    fig.update_layout(line_chart_layout(height, "x", "y, f(x)"))
    fig.update_yaxes(
        range=[min(-0.05, float(np.min(y)) - 0.05), max(1.05, float(np.max(y)) + 0.05)]
    )
    return fig
