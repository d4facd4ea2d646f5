"""Gradient descent, the lecture's batch loop θ_{t+1} = θ_t − η ∇L(θ_t).

One run goes through plain Python floats: a NumPy call per epoch costs more
than the arithmetic of two points. Many runs at once: ``gd_core.batch``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from gd_core import _validate, kernels
from gd_core.cancel import checkpoint, due
from gd_core.problem import SigmoidNeuron
from gd_core.trajectory import (
    DEFAULT_GRAD_TOL,
    DEFAULT_LOSS_TOL,
    Trajectory,
    converged,
    end_status,
)

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
    w, b, eta, epochs, loss_tol, grad_tol = check_run(
        start, learning_rate, epochs, loss_tol, grad_tol
    )
    path = _descend(problem, w, b, eta, epochs, (loss_tol, grad_tol), stop_at_tolerance)
    converged_at = None if path.diverged else path.converged_at
    stuck = kernels.scalar_stuck(problem)(*path.params[-1].tolist())
    return Trajectory(
        params=path.params,
        losses=path.losses,
        grad_norms=path.grad_norms,
        status=end_status(
            path.losses, path.grad_norms, stuck, converged_at is not None, path.diverged, loss_tol
        ),
        converged_at=converged_at,
        evaluations=path.evaluations,
        learning_rate=eta,
        method=METHOD,
    )


class _Path(NamedTuple):
    params: Array  # (T, 2)
    losses: Array  # (T,)
    grad_norms: Array  # (T,)
    converged_at: int | None  # start of the last converged stretch
    diverged: bool
    evaluations: int


def _descend(
    problem: SigmoidNeuron,
    w: float,
    b: float,
    eta: float,
    epochs: int,
    tol: tuple[float, float],
    stop_at_tolerance: bool,
) -> _Path:
    """The loop of :func:`gradient_descent`, in plain floats."""
    # Preallocated lists keep the per-epoch cost near the lecture's bare loop
    # (benchmarks/bench_core.py, figure b).
    ws, bs = [0.0] * (epochs + 1), [0.0] * (epochs + 1)
    losses, norms = [0.0] * (epochs + 1), [0.0] * (epochs + 1)
    converged_at: int | None = None
    kernel, stuck = problem.scalar_kernel(), kernels.scalar_stuck(problem)
    loss_tol, grad_tol = tol
    isfinite, hypot = math.isfinite, math.hypot
    n = t = 0  # steps recorded; the epoch of the last kernel call
    blown = False  # an update left the finite range
    for t in range(epochs + 1):
        if due(t):
            checkpoint()
        loss, dw, db = kernel(w, b)
        # One test for all three: a sum is finite only if every term is (a
        # false alarm needs values near 1e308, diverged by any measure).
        if not isfinite(loss + dw + db):
            blown = True
            break
        norm = hypot(dw, db)
        ws[t], bs[t], losses[t], norms[t] = w, b, loss, norm
        n = t + 1
        # converged_at is where the current run of converged steps began: a
        # large η can dip below the tolerance and bounce out again.
        if converged(loss, norm, loss_tol, grad_tol, stuck, w, b):
            if converged_at is None:
                converged_at = t
                if stop_at_tolerance:
                    break
        else:
            converged_at = None
        if t == epochs:
            break
        w, b = w - eta * dw, b - eta * db
        if not isfinite(w + b):
            blown = True
            break
    if n == 0:  # cannot happen for data and starts within range; never index [-1]
        raise ValueError(f"the loss at the start {(w, b)} is not finite: check the data")
    params = np.column_stack((ws[:n], bs[:n]))
    return _Path(params, np.array(losses[:n]), np.array(norms[:n]), converged_at, blown, t + 1)


def check_run(
    start: Sequence[float],
    learning_rate: float,
    epochs: int,
    loss_tol: float,
    grad_tol: float,
) -> tuple[float, float, float, int, float, float]:
    """The settings of one run, checked (``ValueError`` naming the field):
    (w₀, b₀, η, epochs, loss tolerance, gradient tolerance)."""
    w0, b0, eta, _ = _validate.run_settings(start, learning_rate, epochs)
    return (w0, b0, eta, *_validate.run_length(epochs, loss_tol, grad_tol))
