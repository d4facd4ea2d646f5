"""The fast path of many runs of plain descent that go all their epochs
(no stop at the tolerance), as the learning-rate sweep makes them: keep
every step, then read how each run ended from the whole history at once.

:class:`gd_core.runs.many.ManyRuns` tests every run every update (converged?
diverged?), a dozen NumPy calls per step on top of the step itself.
With the steps kept (a few MB for the sweep's 200 runs × 1000 epochs), the
epoch loop does only θ_{t+1} = θ_t − η∇L(θ_t) — one NumPy call per operation
over all runs and points — and the tests become a few calls over the
``(epochs + 1, runs)`` history. The numbers are the epoch loop's, bit for bit
(``tests/test_batch.py`` compares the two; ``benchmarks/bench_core.py``
(c) times both).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from gd_core import kernels
from gd_core.cancel import checkpoint
from gd_core.problem import SigmoidNeuron
from gd_core.runs.stopping import window_row

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Steps kept at most, (epochs + 1) × runs: 5 arrays of 4 MB. Larger batches
# (a long sweep, a convergence map) take the epoch loop, which keeps ends only.
HISTORY_MAX = 1 << 19


class FullRuns(NamedTuple):
    """How each of R runs ended.

    ``w``, ``b``, ``loss``, ``grad_norm`` are at each run's last recorded
    step; ``loss_at_window`` at ``window_row`` (NaN if the run ended before).
    """

    length: IntArray
    converged_at: IntArray
    diverged: NDArray[np.bool_]
    evaluations: IntArray
    w: Array
    b: Array
    loss: Array
    grad_norm: Array
    loss_at_window: Array


def fits(runs: int, epochs: int) -> bool:
    """Whether :func:`full_runs` keeps the history of this batch."""
    return (epochs + 1) * runs <= HISTORY_MAX


def full_runs(
    problem: SigmoidNeuron,
    starts: Array,
    etas: Array,
    epochs: int,
    loss_tol: float,
    grad_tol: float,
) -> FullRuns:
    """Run r from ``starts[r]`` (``(R, 2)``) with η = ``etas[r]`` for
    ``epochs`` epochs, exactly as ``ManyRuns`` does them with
    ``stop_at_tolerance=False``; only for batches that :func:`fits`."""
    # Overflow is read from the history below (a run that leaves the finite
    # range is "diverged"), so NumPy's warning about it is silenced here only.
    with np.errstate(over="ignore", invalid="ignore"):
        theta, values = _steps(problem, starts, etas, epochs)
        grad_norm = np.hypot(values[:, 1], values[:, 2])
        return _ends(problem, theta, values[:, 0], grad_norm, loss_tol, grad_tol)


def _steps(problem: SigmoidNeuron, starts: Array, etas: Array, epochs: int) -> tuple[Array, Array]:
    """θ_t ``(T, 2, R)`` and (L, ∇w, ∇b) at θ_t ``(T, 3, R)``, T = epochs + 1;
    a run that overflows goes on in inf/NaN, read as diverged later."""
    theta = np.empty((epochs + 1, 2, etas.size))
    values = np.empty((epochs + 1, 3, etas.size))
    theta[0] = starts.T
    kernel = kernels.batch_kernel(problem)
    for t in range(epochs + 1):
        checkpoint()  # an epoch of a batch costs far more than the check
        w, b = theta[t]
        kernel(w, b, values[t])
        if t < epochs:
            step = values[t, 1:] * etas  # η∇L, as (η·∇w, η·∇b)
            np.subtract(theta[t], step, out=theta[t + 1])
    return theta, values


def _ends(
    problem: SigmoidNeuron,
    theta: Array,
    loss: Array,
    grad_norm: Array,
    loss_tol: float,
    grad_tol: float,
) -> FullRuns:
    """The epoch loop's tests, over the whole history (rows t = 0 … T−1)."""
    rows, runs = loss.shape
    epochs = rows - 1
    # The loop stops a run at the first t where L(θ_t) is not finite ("bad",
    # θ_t dropped) or the update from θ_t is not ("blown", θ_t kept).
    bad = ~np.isfinite(loss + grad_norm)
    bad[-1] = False  # the loop tests the last step for convergence only
    blown = np.zeros_like(bad)
    blown[:-1] = ~np.isfinite(theta[1:, 0] + theta[1:, 1]) & ~bad[:-1]
    stop = bad | blown
    diverged: NDArray[np.bool_] = np.any(stop, axis=0)
    last = np.where(diverged, np.argmax(stop, axis=0), epochs)  # each run's last recorded t
    cols = np.arange(runs)
    length = last + 1 - (diverged & bad[last, cols])
    window = window_row(rows)
    at_window = np.full(runs, np.nan)
    if window >= 0:
        reached = last >= window
        at_window[reached] = loss[window, reached]
    return FullRuns(
        length=length,
        converged_at=_converged_at(problem, theta, loss, grad_norm, diverged, loss_tol, grad_tol),
        diverged=diverged,
        evaluations=last + 1,
        w=theta[last, 0, cols],
        b=theta[last, 1, cols],
        loss=loss[last, cols],
        grad_norm=grad_norm[last, cols],
        loss_at_window=at_window,
    )


def _converged_at(
    problem: SigmoidNeuron,
    theta: Array,
    loss: Array,
    grad_norm: Array,
    diverged: NDArray[np.bool_],
    loss_tol: float,
    grad_tol: float,
) -> IntArray:
    """Where each run's final converged stretch began (−1: not converged at
    the end, or diverged), with ``stopping.converged_many``'s test."""
    now = loss < loss_tol
    flat = (grad_norm < grad_tol) & ~now & ~diverged  # the plateau test asks these
    # The plateau test (a loss evaluation) only where it can matter: the last
    # row, then the earlier rows of the runs converged at the end.
    asked = np.zeros_like(flat)
    asked[-1] = True
    _ask_plateau(problem, theta, now, flat & asked, loss_tol)
    ends_converged = now[-1] & ~diverged
    asked[:-1] = ends_converged
    asked[-1] = False
    _ask_plateau(problem, theta, now, flat & asked, loss_tol)
    # The last row that was not converged (−1 if none), from the end.
    last_out = loss.shape[0] - 1 - np.argmax(~now[::-1], axis=0)
    last_out = np.where(now.all(axis=0), -1, last_out)
    return np.where(ends_converged, last_out + 1, -1)


def _ask_plateau(
    problem: SigmoidNeuron, theta: Array, now: NDArray[np.bool_], which: NDArray[np.bool_],
    loss_tol: float,
) -> None:  # fmt: skip
    """Converged by the gradient test at the rows ``which``: flat, and no
    saturated point carrying loss above the tolerance."""
    t, r = np.nonzero(which)
    if t.size:
        now[t, r] = problem.stuck_loss(theta[t, 0, r], theta[t, 1, r]) <= loss_tol
