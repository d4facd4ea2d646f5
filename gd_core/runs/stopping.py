"""When a run stops and how it ended: one rule each for the converged
stretch, the plateau and divergence, and one tracker that applies them step
by step to one run or to many.

- **Converged** (:func:`converged`, :func:`converged_many`): a step θ_t is
  converged when L(θ_t) < loss_tol, or ‖∇L(θ_t)‖ < grad_tol away from a
  saturated wing. A run's *converged stretch* is its final run of converged
  steps; it is ``converged`` exactly when its last step is, and
  ``converged_at`` is where that stretch began (a large η can dip below the
  tolerance and bounce out again).
- **Diverged** (:func:`finite`): a step whose θ, L or ∇L leaves the finite
  range ends the run at its last finite step.
- **Plateau** (:func:`end_statuses`): a run that ended with a vanished
  gradient while saturated points still carry loss, the loss stalled over
  the last fifth of the run.

:class:`Tracker` holds these for R runs (R = 1 for one run): the last row
each run was not converged, whether it diverged, and its loss at the
plateau rule's window.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core.trajectory import PLATEAU_GRAD

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
Rows = IntArray | slice


def converged(
    loss: float,
    grad_norm: float,
    loss_tol: float,
    grad_tol: float,
    stuck_loss: Callable[[float, float], float],
    w: float,
    b: float,
) -> bool:
    """The convergence test of one step θ_t = (w, b): L(θ_t) < loss_tol, or
    ‖∇L(θ_t)‖ < grad_tol away from a plateau (``stuck_loss(w, b)``, asked
    only then, is at most loss_tol). :func:`converged_many` is the same test
    for many runs at once."""
    if loss < loss_tol:
        return True
    return grad_norm < grad_tol and stuck_loss(w, b) <= loss_tol


def converged_many(
    loss: Array,
    grad_norm: Array,
    stuck_loss: Callable[[NDArray[np.intp]], Array],
    loss_tol: float,
    grad_tol: float,
) -> NDArray[np.bool_]:
    """:func:`converged` for R runs: ``loss``, ``grad_norm`` ``(R,)``;
    ``stuck_loss(idx)`` the stuck loss of the runs ``idx`` (only the flat
    runs above the loss tolerance are asked)."""
    now: NDArray[np.bool_] = loss < loss_tol
    flat = np.flatnonzero((grad_norm < grad_tol) & ~now)
    if flat.size:
        now[flat[stuck_loss(flat) <= loss_tol]] = True
    return now


def window_row(rows: int) -> int:
    """The row whose loss :func:`end_status` compares the final loss with, in
    a run of ``rows`` rows: one fifth of the run (at least one row) before the
    last; negative when the run is too short to have one."""
    return rows - 1 - max(1, rows // 5)


def end_status(
    losses: Array,
    grad_norms: Array,
    stuck_loss: float,
    converged: bool,
    diverged: bool,
    loss_tol: float,
) -> str:
    """The status of a run that has ended, from its history.

    ``plateau`` is a run stuck on a saturated wing of the sigmoid: its gradient
    has vanished (< ``PLATEAU_GRAD``) while saturated points still carry loss
    above the tolerance, and the last fifth of the run lowered the loss by
    less than 1 %. Anything else still short of the tolerance is
    ``max_epochs`` (still descending, or crawling with a small η).
    """
    row = window_row(losses.size)
    earlier = losses[row] if row >= 0 else losses[-1]
    if diverged:
        return "diverged"
    if converged:
        return "converged"
    final = float(losses[-1])
    stuck = plateau(final, float(earlier), float(grad_norms[-1]), stuck_loss, loss_tol)
    return "plateau" if stuck else "max_epochs"


def plateau(final_loss: Any, window_loss: Any, final_grad_norm: Any, stuck_loss: Any,
            loss_tol: float) -> Any:  # fmt: skip
    """The plateau rule, for one run (floats) or many (arrays ``(R,)``): the
    gradient has vanished (< ``PLATEAU_GRAD``), saturated points still carry
    loss above the tolerance, and the loss fell by less than 1 % since the
    window (one fifth of the run before the end)."""
    stalled = window_loss - final_loss <= 1e-2 * final_loss
    return (final_grad_norm < PLATEAU_GRAD) & (stuck_loss > loss_tol) & stalled


def end_statuses(
    final_loss: Array,
    window_loss: Array,
    final_grad_norm: Array,
    stuck_loss: Array,
    converged: NDArray[np.bool_],
    diverged: NDArray[np.bool_],
    loss_tol: float,
) -> NDArray[np.str_]:
    """:func:`end_status` for R runs at once, from what their ends hold.

    Args:
        final_loss, final_grad_norm, stuck_loss: ``(R,)`` at each run's last step.
        window_loss: ``(R,)`` the loss one fifth of the run (in rows, at least
            one) before the end; the final loss itself for a one-row run.
        converged, diverged: ``(R,)`` flags.
        loss_tol: the loss tolerance.

    Returns:
        ``(R,)`` statuses, one of ``STATUSES`` each.
    """
    stuck = plateau(final_loss, window_loss, final_grad_norm, stuck_loss, loss_tol)
    status = np.where(stuck, "plateau", "max_epochs").astype("<U10")
    status[converged] = "converged"
    status[diverged] = "diverged"
    return status


def finite(total: float) -> bool:
    """The divergence rule for one step, given the sum of θ, L and ∇L (or
    of some of them): all finite. One test for all: a sum is finite only if
    every term is (a false alarm needs values near 1e308, diverged by any
    measure)."""
    return math.isfinite(total)


def stretch_start(last_out: int, last_row: int) -> int | None:
    """Where the final converged stretch of a run began, from the last row
    that was not converged (−1: none was): ``None`` if the last row itself
    was not."""
    return None if last_out >= last_row else last_out + 1


class Tracker:
    """The stopping state of R runs, fed one step at a time.

    ``see(row, now, rows)`` takes the convergence test of step ``row`` for
    the runs ``rows`` (a slice or indices into the R runs); ``diverge``
    marks runs whose next step left the finite range. At the end
    :meth:`converged_at` gives each run's final stretch start (−1: none).
    """

    def __init__(self, runs: int, total: int) -> None:
        self.last_out = np.full(runs, -1, dtype=np.int64)  # last row not converged
        self.diverged = np.zeros(runs, dtype=bool)
        self.window = window_row(total + 1)  # the plateau rule's row, for full runs
        self.window_loss = np.full(runs, np.nan)

    def see(self, row: int, now: NDArray[np.bool_], rows: Rows, loss: Array) -> None:
        """Step ``row`` of the runs ``rows``: converged where ``now``."""
        if not now.all():
            if isinstance(rows, slice):
                self.last_out[rows][~now] = row
            else:
                self.last_out[rows[~now]] = row
        if row == self.window:
            self.window_loss[rows] = loss

    def see_one(self, row: int, now: bool, loss: float) -> None:
        """:meth:`see` for a tracker of one run, in plain Python values."""
        if not now:
            self.last_out[0] = row
        if row == self.window:
            self.window_loss[0] = loss

    def diverge(self, rows: Rows) -> None:
        """The runs ``rows`` left the finite range: not converged."""
        self.diverged[rows] = True

    def converged_at(self, last_rows: IntArray) -> IntArray:
        """Each run's final converged stretch start, −1 if its last row
        (``last_rows``) was not converged or it diverged."""
        ok = (self.last_out < last_rows) & ~self.diverged
        return np.where(ok, self.last_out + 1, -1)
