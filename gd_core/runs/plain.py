"""The fast path of one run of plain full-batch descent with a constant η,
θ_{t+1} = θ_t − η ∇L(θ_t), the lecture's loop: plain Python floats, no
NumPy call per epoch (a NumPy call costs more than the arithmetic of two
points). The settings are checked once at the entry; the loop itself runs
unchecked. ``benchmarks/bench_core.py`` (b) and (g) show what it earns over
:func:`gd_core.runs.one.run_optimizer`, the loop every other method takes.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from gd_core import _validate, kernels
from gd_core.cancel import EVERY, checkpoint
from gd_core.problem import SigmoidNeuron
from gd_core.runs.stopping import end_status, stretch_start
from gd_core.trajectory import DEFAULT_GRAD_TOL, DEFAULT_LOSS_TOL, Trajectory

Array = NDArray[np.float64]
METHOD = "gradient_descent"


def gradient_descent(
    problem: SigmoidNeuron,
    start: Sequence[float] = (-2.0, -2.0),
    learning_rate: float = 1.0,
    epochs: int = 1000,
    *,
    loss_tol: float = DEFAULT_LOSS_TOL,
    grad_tol: float = DEFAULT_GRAD_TOL,
    stop_at_tolerance: bool = False,
) -> Trajectory:
    """Run θ_{t+1} = θ_t − η ∇L(θ_t) from ``start`` for ``epochs`` updates.

    Args:
        problem: the neuron and its data.
        start: (w0, b0), each within ±1e4.
        learning_rate: 0 < η ≤ 1e4.
        epochs: number of updates, 1 to 10,000.
        loss_tol: a step is converged when L(θ_t) < loss_tol ...
        grad_tol: ... or ‖∇L(θ_t)‖ < grad_tol away from a saturated wing. The
            run is ``converged`` if its last step is; ``converged_at`` is the
            first epoch of that final converged stretch.
        stop_at_tolerance: stop at the first converged step; by default the run
            goes on for all epochs, as the lecture's loop does.

    Returns:
        A ``Trajectory`` of T = epochs + 1 rows (fewer if it stopped early or
        diverged: it ends at the last finite step, never at NaN or inf).

    Example:
        >>> run = gradient_descent(SigmoidNeuron.lecture())
        >>> [round(v, 4) for v in run.final_params], run.status
        ([1.7917, -2.2821], 'converged')
    """
    w0, b0, eta, epochs = _validate.run_settings(start, learning_rate, epochs)
    _, loss_tol, grad_tol = _validate.run_length(epochs, loss_tol, grad_tol)
    stuck = kernels.scalar_stuck(problem)
    ws, bs, losses, norms, last_out, blown, calls = _descend(
        problem, stuck, w0, b0, eta, epochs, (loss_tol, grad_tol), stop_at_tolerance
    )
    n = len(ws)
    if n == 0:  # cannot happen for data and starts within range; never index [-1]
        raise ValueError(f"the loss at the start {(w0, b0)} is not finite: check the data")
    params, loss_arr, norm_arr = _arrays(ws, bs, losses, norms)
    converged_at = None if blown else stretch_start(last_out, n - 1)
    return Trajectory(
        params=params,
        losses=loss_arr,
        grad_norms=norm_arr,
        status=end_status(
            loss_arr, norm_arr, stuck(ws[-1], bs[-1]), converged_at is not None, blown, loss_tol
        ),
        converged_at=converged_at,
        evaluations=calls,
        learning_rate=eta,
        method=METHOD,
    )


def _arrays(
    ws: list[float], bs: list[float], losses: list[float], norms: list[float]
) -> tuple[Array, Array, Array]:
    """θ ``(n, 2)``, L and ‖∇L‖ ``(n,)`` from the loop's lists. ``struct``
    packs a list of floats into an array's memory ~3× faster than
    ``np.array`` converts it (it would be a tenth of the run)."""
    n = len(ws)
    block = np.empty((4, n))
    pack = struct.Struct(f"{n}d").pack_into
    for row, values in enumerate((ws, bs, losses, norms)):
        pack(block.data, row * 8 * n, *values)
    return np.ascontiguousarray(block[:2].T), block[2], block[3]


def _descend(
    problem: SigmoidNeuron,
    stuck_loss: Callable[[float, float], float],
    w: float,
    b: float,
    eta: float,
    epochs: int,
    tol: tuple[float, float],
    stop_at_tolerance: bool,
) -> tuple[list[float], list[float], list[float], list[float], int, bool, int]:
    """The loop of :func:`gradient_descent`, unchecked, in plain floats:
    the rows kept (θ, L, ‖∇L‖), the last row that was not converged (the
    ``stopping`` rule, kept as an int here), whether it diverged, and the
    kernel calls made."""
    kernel = problem.scalar_kernel()
    loss_tol, grad_tol = tol
    isfinite, hypot = math.isfinite, math.hypot
    # Preallocated lists, written by index: cheaper per epoch than append.
    ws, bs = [0.0] * (epochs + 1), [0.0] * (epochs + 1)
    losses, norms = [0.0] * (epochs + 1), [0.0] * (epochs + 1)
    last_out = -1  # the last row that was not converged (stopping.Tracker's rule)
    rows = epochs + 1
    # Blocks of cancel.EVERY epochs, a checkpoint before each: no test per epoch.
    for first in range(0, rows, EVERY):
        checkpoint()
        for t in range(first, min(first + EVERY, rows)):
            loss, dw, db = kernel(w, b)
            # stopping.finite, inlined, for θ_t (the last update) and L, ∇L
            # there: s − s is 0.0 for a finite sum s, NaN (true) otherwise.
            total = loss + dw + db + w + b
            if total - total:
                # A blown update keeps θ_{t−1} and made t kernel calls; a
                # non-finite L at a finite θ_t drops θ_t, after t + 1 calls.
                calls = t if not isfinite(w + b) else t + 1
                return ws[:t], bs[:t], losses[:t], norms[:t], last_out, True, calls
            norm = hypot(dw, db)
            ws[t] = w
            bs[t] = b
            losses[t] = loss
            norms[t] = norm
            # stopping.converged, inlined: the stuck loss is asked only when flat.
            if loss < loss_tol or (norm < grad_tol and stuck_loss(w, b) <= loss_tol):
                if stop_at_tolerance:
                    n = t + 1
                    return ws[:n], bs[:n], losses[:n], norms[:n], last_out, False, n
            else:
                last_out = t
            w -= eta * dw
            b -= eta * db
    return ws, bs, losses, norms, last_out, False, rows
