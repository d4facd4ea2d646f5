"""The error surface L(w, b) over a rectangle of the w–b plane, and the
gradient field over a coarser grid (for arrows)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gd_core import _validate
from gd_core.problem import SigmoidNeuron

Array = NDArray[np.float64]

DEFAULT_RANGE = (-6.0, 6.0)
# Rows per block: a block's temporaries (rows × columns float64) stay near
# 512 KiB, near the L2 cache, instead of spilling 8 MB full-grid arrays.
_BLOCK_ELEMENTS = 1 << 16


@dataclass(frozen=True)
class LossSurface:
    """L on a grid: ``loss[i, j] = L(w[j], b[i])``, shape ``(len(b), len(w))``."""

    w: Array
    b: Array
    loss: Array

    @property
    def argmin(self) -> tuple[float, float]:
        """(w, b) of the lowest grid cell."""
        i, j = np.unravel_index(int(np.argmin(self.loss)), self.loss.shape)
        return float(self.w[j]), float(self.b[i])


@dataclass(frozen=True)
class GradientField:
    """∇L on a grid: ``dw[i, j], db[i, j]`` at ``(w[j], b[i])``."""

    w: Array
    b: Array
    dw: Array
    db: Array


def loss_surface(
    problem: SigmoidNeuron,
    w_range: tuple[float, float] = DEFAULT_RANGE,
    b_range: tuple[float, float] = DEFAULT_RANGE,
    resolution: int | tuple[int, int] = 150,
) -> LossSurface:
    """L(w, b) over ``w_range × b_range`` (the lecture's "flying carpet").

    Args:
        problem: the neuron and its data.
        w_range, b_range: (min, max) of each axis, finite, min < max.
        resolution: grid points per axis, 2 to 2000 (or a (n_w, n_b) pair).

    Returns:
        ``LossSurface`` with ``loss`` of shape ``(n_b, n_w)``. Extra memory is a
        few row blocks, whatever the number of data points.
    """
    w, b = _axes(w_range, b_range, resolution)
    loss = np.empty((b.size, w.size))
    rows = max(1, _BLOCK_ELEMENTS // w.size)
    for r0 in range(0, b.size, rows):
        loss[r0 : r0 + rows] = problem.loss(w[None, :], b[r0 : r0 + rows, None])
    return LossSurface(w=w, b=b, loss=loss)


def gradient_field(
    problem: SigmoidNeuron,
    w_range: tuple[float, float] = DEFAULT_RANGE,
    b_range: tuple[float, float] = DEFAULT_RANGE,
    resolution: int | tuple[int, int] = 15,
) -> GradientField:
    """(∇w, ∇b) on a coarse grid over ``w_range × b_range`` (for arrows)."""
    w, b = _axes(w_range, b_range, resolution)
    dw, db = problem.grad(w[None, :], b[:, None])
    return GradientField(w=w, b=b, dw=dw, db=db)


def _axes(
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    resolution: int | tuple[int, int],
) -> tuple[Array, Array]:
    w_lo, w_hi = _validate.interval("w range", w_range)
    b_lo, b_hi = _validate.interval("b range", b_range)
    if isinstance(resolution, tuple):
        n_w, n_b = resolution
    else:
        n_w = n_b = resolution
    low, high = _validate.MIN_RESOLUTION, _validate.MAX_RESOLUTION
    n_w = _validate.int_in_range("resolution", n_w, low, high)
    n_b = _validate.int_in_range("resolution", n_b, low, high)
    return np.linspace(w_lo, w_hi, n_w), np.linspace(b_lo, b_hi, n_b)
