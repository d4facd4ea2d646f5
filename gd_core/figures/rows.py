"""Which rows of a run and which points of a view to draw: shared by the
Plotly builders and the chart component's payload (no Plotly here)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core.figures.wire import finite, packed
from gd_core.trajectory import Trajectory

Array = NDArray[np.float64]
Range = tuple[float, float]


def thin(run: Trajectory, most: int = 2000) -> NDArray[np.int64]:
    """Indices that draw a long run with at most ``most`` points."""
    n = run.params.shape[0]
    return np.unique(np.round(np.linspace(0, n - 1, min(n, most))).astype(np.int64))


def epoch_rows(run: Trajectory) -> NDArray[np.int64]:
    """Row of ``run`` at the end of each epoch 0 … E (row 0: the start).
    Full-batch runs have one row per epoch; mini-batch runs several."""
    ends = run.extras.get("epoch_ends")
    if ends is None or len(ends) == 0:
        return np.arange(run.params.shape[0], dtype=np.int64)
    return np.concatenate(([0], np.asarray(ends, dtype=np.int64)))


# Data points a chart draws: more only hide each other (and a 100,000-point
# upload would send 0.8 MB to the browser on every rerun).
MAX_SHOWN = 5000


def shown_points(size: int) -> NDArray[np.int64]:
    """The indices of the data points a chart draws: all up to
    :data:`MAX_SHOWN`, else that many evenly picked, first and last kept."""
    return np.linspace(0, size - 1, min(size, MAX_SHOWN)).astype(np.int64)


def data_x_range(x: ArrayLike) -> Range:
    """The x span of the data view: the data, padded by half its width (≥ 1)."""
    values = np.asarray(x, dtype=np.float64)
    low, high = float(np.min(values)), float(np.max(values))
    pad = max(1.0, 0.5 * (high - low))
    return low - pad, high + pad


def click_grid(w_range: Range, b_range: Range) -> tuple[Array, Array]:
    """The invisible grid laid over the contour to catch clicks: a round step
    (0.15 on the ±6 square, 81 × 81 points) so a clicked start reads as a
    round number and lands within 0.075 of where the click was."""
    span = max(w_range[1] - w_range[0], b_range[1] - b_range[0])
    raw = span / 90
    magnitude = 10 ** np.floor(np.log10(raw))
    step = float(min(m * magnitude for m in (1, 1.5, 2, 2.5, 5, 10) if m * magnitude >= raw))
    # The ±1e-9 keeps edges that are whole steps (−6 / 0.15 = −39.999…) in.
    w = np.arange(np.ceil(w_range[0] / step - 1e-9), np.floor(w_range[1] / step + 1e-9) + 1) * step
    b = np.arange(np.ceil(b_range[0] / step - 1e-9), np.floor(b_range[1] / step + 1e-9) + 1) * step
    ww, bb = np.meshgrid(np.round(w, 10), np.round(b, 10))
    return ww.ravel(), bb.ravel()


def data_entry(data: tuple[ArrayLike, ArrayLike]) -> dict[str, Any]:
    """The explorer's data view as the runs payload carries it: at most
    :data:`MAX_SHOWN` points, evenly picked; its x span from them all."""
    x, y = (np.asarray(v, dtype=np.float64) for v in data)
    shown = shown_points(x.size)
    return {
        "x": packed(x[shown], "data x"),
        "y": packed(y[shown], "data y"),
        "x_range": [finite(end, "data x") for end in data_x_range(x)],
    }
