"""Fast paths of :class:`~gd_core.problem.SigmoidNeuron` for hot loops, with
its numbers: the plateau test of one run in plain floats, and L, ∇L of many
runs at once with the points as an array axis.

``SigmoidNeuron.scalar_kernel`` is the same idea for one run's L and ∇L.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from gd_core.losses import sigmoid
from gd_core.problem import _POINT_LOOP_MAX, SATURATED_SLOPE, SigmoidNeuron

Array = NDArray[np.float64]


def scalar_stuck(problem: SigmoidNeuron) -> Callable[[float, float], float]:
    """``problem.stuck_loss`` of one (w, b) in plain Python floats.

    The plateau test of a single run asks it every epoch its gradient is
    flat (a NumPy call on one value costs ~30 µs, this ~1 µs): Σᵢ ℓᵢ over
    the points with f(1 − f) < ``SATURATED_SLOPE``. Many points go through
    ``stuck_loss`` itself. Numbers equal it to rounding.
    """
    if problem.n_points > _POINT_LOOP_MAX:
        return lambda w, b: float(problem.stuck_loss(w, b))
    point = problem.loss_fn.scalar_point
    pairs = tuple(zip(problem.x.tolist(), problem.y.tolist(), strict=True))

    def stuck(w: float, b: float) -> float:
        total = 0.0
        for x, y in pairs:
            value, f = point(w * x + b, y)
            if f * (1.0 - f) < SATURATED_SLOPE:
                total += value
        return total

    return stuck


def subset_kernel(
    problem: SigmoidNeuron, idx: NDArray[np.int64]
) -> Callable[[float, float], tuple[float, float, float]]:
    """``problem.scalar_kernel()`` of the points ``idx`` (a mini-batch),
    without building and checking a ``SigmoidNeuron`` for a few points:
    the same floats in the same order, so the same numbers."""
    if idx.size > _POINT_LOOP_MAX:
        return SigmoidNeuron(problem.x[idx], problem.y[idx], loss=problem.loss_fn).scalar_kernel()
    pairs = zip(problem.x[idx].tolist(), problem.y[idx].tolist(), strict=True)
    return problem.loss_fn.scalar_kernel(tuple(pairs))


def batch_kernel(problem: SigmoidNeuron) -> Callable[[Array, Array, Array], None]:
    """A function ``kernel(w, b, out)`` writing L, ∇w, ∇b of R runs (``w``,
    ``b``: ``(R,)``) into the rows of ``out`` (``(3, R)``).

    A batch loop's step without ``loss_and_grad``'s checks and set-up (the
    caller silences overflow). The points make an array axis, so each
    operation is one NumPy call for all runs and points; the numbers are
    ``problem.loss_and_grad``'s, bit for bit (the same operations in the same
    order).
    """
    if problem.n_points > _POINT_LOOP_MAX:

        def tiled(w: Array, b: Array, out: Array) -> None:
            out[0], out[1], out[2] = problem.loss_and_grad(w, b)

        return tiled
    x, y = problem.x[:, None], problem.y[:, None]
    value_and_dz = problem.loss_fn.value_and_dz

    def kernel(w: Array, b: Array, out: Array) -> None:
        z = x * w  # (points, runs)
        z += b
        f = sigmoid(z)
        value, dz = value_and_dz(z, f, y)
        terms = np.stack((value, dz * x, dz))  # (3, points, runs)
        # Summed point by point from 0, as loss_and_grad sums (NumPy's own
        # sum may pair terms up, which rounds differently).
        out.fill(0.0)
        for point in range(terms.shape[1]):
            out += terms[:, point]

    return kernel
