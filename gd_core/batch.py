"""Many gradient-descent runs in one vectorised pass, keeping how each ended.

Run r starts at ``starts[r]`` with η = ``learning_rates[r]``; every run follows
exactly the update of :func:`gd_core.descent.gradient_descent` and its
convergence test (``trajectory.converged_many``). A run leaves the active set
as soon as it diverges (or converges, with ``stop_at_tolerance``), so finished
runs cost nothing more. Only the ends are kept: tens of thousands of starts,
where whole paths would be gigabytes nobody draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core import _validate, full_runs
from gd_core.cancel import checkpoint
from gd_core.problem import SigmoidNeuron
from gd_core.trajectory import (
    DEFAULT_GRAD_TOL,
    DEFAULT_LOSS_TOL,
    converged_many,
    end_statuses,
    window_row,
)

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class DescentMap:
    """How each of R runs ended (no paths).

    Attributes:
        final_params: ``(R, 2)`` last finite (w, b).
        final_loss, final_grad_norm: ``(R,)`` at those parameters.
        status: ``(R,)`` strings, as ``Trajectory.status``.
        converged_at: ``(R,)`` start of the final converged stretch, −1 if none.
        steps: ``(R,)`` updates made.
    """

    final_params: Array
    final_loss: Array
    final_grad_norm: Array
    status: NDArray[np.str_]
    converged_at: IntArray
    steps: IntArray


def descent_map(
    problem: SigmoidNeuron,
    starts: ArrayLike,
    learning_rates: ArrayLike = 1.0,
    epochs: int = 1000,
    *,
    loss_tol: float = DEFAULT_LOSS_TOL,
    grad_tol: float = DEFAULT_GRAD_TOL,
    stop_at_tolerance: bool = True,
) -> DescentMap:
    """Where descent ends from each of many starts (and/or η): the same runs
    as :func:`gd_core.gradient_descent` from each, keeping only their ends, so
    memory is O(R) however many epochs. Converged runs stop by default.

    Example:
        >>> ends = descent_map(SigmoidNeuron.lecture(), (-2, -2), [0.1, 1, 50],
        ...                    stop_at_tolerance=False)
        >>> ends.status.tolist()
        ['max_epochs', 'converged', 'plateau']
    """
    starts_arr, etas, epochs, loss_tol, grad_tol = _check(
        starts, learning_rates, epochs, loss_tol, grad_tol
    )
    if stop_at_tolerance or not full_runs.fits(etas.size, epochs):
        ends = _epoch_loop(problem, starts_arr, etas, epochs, loss_tol, grad_tol, stop_at_tolerance)
    else:  # the sweep: the same runs, their tests made once over the kept steps
        ends = full_runs.full_runs(problem, starts_arr, etas, epochs, loss_tol, grad_tol)
    last = ends.length - 1
    final = np.column_stack((ends.w, ends.b))
    # Only full-length runs can be plateau or max_epochs, and for those the
    # recorder kept the loss one fifth of the run before the end.
    status = end_statuses(
        ends.loss,
        np.where(last == epochs, ends.loss_at_window, ends.loss),
        ends.grad_norm,
        problem.stuck_loss(ends.w, ends.b),
        ends.converged_at >= 0,
        ends.diverged,
        loss_tol,
    )
    return DescentMap(
        final_params=final,
        final_loss=ends.loss.copy(),
        final_grad_norm=ends.grad_norm.copy(),
        status=status,
        converged_at=ends.converged_at,
        steps=last,
    )


def _epoch_loop(
    problem: SigmoidNeuron,
    starts: Array,
    etas: Array,
    epochs: int,
    loss_tol: float,
    grad_tol: float,
    stop_at_tolerance: bool,
) -> full_runs.FullRuns:
    """The runs epoch by epoch, each tested as it goes (ends kept only)."""
    recorder = _EndRecorder(etas.size, epochs)
    ends = _loop(problem, starts, etas, epochs, loss_tol, grad_tol, stop_at_tolerance, recorder)
    return full_runs.FullRuns(
        ends.length, ends.converged_at, ends.diverged, ends.evaluations,
        recorder.w, recorder.b, recorder.loss, recorder.grad_norm, recorder.loss_at_window,
    )  # fmt: skip


class _EndRecorder:
    """The latest values of every run, and its loss at ``window_row``
    (what ``end_status`` compares the final loss with)."""

    def __init__(self, runs: int, epochs: int) -> None:
        self.w, self.b = np.empty(runs), np.empty(runs)
        self.loss, self.grad_norm = np.empty(runs), np.empty(runs)
        self.loss_at_window = np.full(runs, np.nan)
        self.window_epoch = window_row(epochs + 1)

    def record(
        self, t: int, rows: IntArray | slice, w: Array, b: Array, loss: Array, grad_norm: Array
    ) -> None:
        self.w[rows], self.b[rows] = w, b
        self.loss[rows], self.grad_norm[rows] = loss, grad_norm
        if t == self.window_epoch:
            self.loss_at_window[rows] = loss


@dataclass(frozen=True)
class _Ends:
    length: IntArray  # entries recorded per run (start included)
    converged_at: IntArray
    diverged: NDArray[np.bool_]
    evaluations: IntArray


# Per-epoch NumPy calls dominate for hundreds of runs, so the common case
# (nothing finished, nothing converged) takes as few calls as it can.
# Overflow is detected explicitly below (a run that leaves the finite
# range is "diverged"), so NumPy's warning about it is silenced here only.
@np.errstate(over="ignore", invalid="ignore")
def _loop(
    problem: SigmoidNeuron,
    starts: Array,
    etas: Array,
    epochs: int,
    loss_tol: float,
    grad_tol: float,
    stop_at_tolerance: bool,
    recorder: _EndRecorder,
) -> _Ends:
    runs = etas.size
    length, evaluations = np.full(runs, epochs + 1), np.full(runs, epochs + 1)
    converged_at = np.full(runs, -1)
    diverged = np.zeros(runs, dtype=bool)
    active = np.arange(runs)
    w, b, eta = starts[:, 0].copy(), starts[:, 1].copy(), etas
    converged_stretch = False  # does any active run have converged_at ≥ 0?
    for t in range(epochs + 1):
        checkpoint()  # an epoch of a batch costs far more than the check
        loss, dw, db, stuck = problem.loss_grad_and_stuck(w, b)
        grad_norm = np.hypot(dw, db)
        recorder.record(t, slice(None) if active.size == runs else active, w, b, loss, grad_norm)

        now = converged_many(loss, grad_norm, stuck.__getitem__, loss_tol, grad_tol)
        # converged_at is where the current converged stretch began.
        if now.any():
            so_far = converged_at[active]
            converged_at[active[now & (so_far < 0)]] = t
            converged_at[active[~now & (so_far >= 0)]] = -1
        elif converged_stretch:
            converged_at[active] = -1
        converged_stretch = bool(now.any())

        if t == epochs:
            break
        w_next, b_next = w - eta * dw, b - eta * db
        if np.isfinite(w_next + b_next + loss + grad_norm).all():
            done = now if stop_at_tolerance else None
        else:
            bad = ~np.isfinite(loss + grad_norm)
            blown = ~np.isfinite(w_next + b_next) & ~bad
            done = bad | blown | (now if stop_at_tolerance else False)
            finished = active[bad | blown]
            # A non-finite loss at θ_t drops θ_t itself; a blown update keeps it.
            length[finished] = t + 1 - bad[bad | blown]
            evaluations[finished] = t + 1
            diverged[finished] = True
            converged_at[finished] = -1
        if done is not None and done.any():
            finished = active[done]
            if stop_at_tolerance:
                conv = now[done]
                length[finished[conv]] = t + 1
                evaluations[finished[conv]] = t + 1
            keep = ~done
            active, w_next, b_next, eta = active[keep], w_next[keep], b_next[keep], eta[keep]
            if active.size == 0:
                break
        w, b = w_next, b_next
    return _Ends(length, converged_at, diverged, evaluations)


def _check(
    starts: ArrayLike,
    learning_rates: ArrayLike,
    epochs: int,
    loss_tol: float,
    grad_tol: float,
) -> tuple[Array, Array, int, float, float]:
    epochs, loss_tol, grad_tol = _validate.run_length(epochs, loss_tol, grad_tol)
    starts_arr = _validate.starts(starts)
    try:
        etas = np.asarray(learning_rates, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("learning rates must be numbers") from None
    if etas.ndim > 1 or etas.size == 0:
        raise ValueError(f"learning rates must be a number or a 1-D array, got shape {etas.shape}")
    top = _validate.MAX_LEARNING_RATE
    if not np.all(np.isfinite(etas) & (etas > 0) & (etas <= top)):
        raise ValueError(f"learning rate η must be a finite number > 0 and ≤ {top:g} for every run")
    try:
        runs = np.broadcast_shapes((starts_arr.shape[0],), etas.reshape(-1).shape)[0]
    except ValueError:
        raise ValueError(
            f"{starts_arr.shape[0]} starts and {etas.size} learning rates do not pair up"
        ) from None
    return (
        np.broadcast_to(starts_arr, (runs, 2)),
        np.broadcast_to(etas.reshape(-1), (runs,)).copy(),
        epochs,
        loss_tol,
        grad_tol,
    )
