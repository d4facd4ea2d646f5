"""Where plain gradient descent ends from many starts and/or η at once.

Run r starts at ``starts[r]`` with η = ``learning_rates[r]``; every run
follows exactly the update of :func:`gd_core.runs.plain.gradient_descent`
and the rules of ``gd_core.runs.stopping``. The runs go through the one
loop of many runs (``ManyRuns``, η per run in the optimizer's state); a
batch that goes all its epochs and is small enough to keep (the sweep)
takes the fast path ``gd_core.runs.history``. Only the ends are kept: tens
of thousands of starts, where whole paths would be gigabytes nobody draws.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core import _validate
from gd_core.problem import SigmoidNeuron
from gd_core.runs import history
from gd_core.runs.many import DescentMap, ManyRuns, per_run_descent
from gd_core.runs.stopping import end_statuses
from gd_core.trajectory import DEFAULT_GRAD_TOL, DEFAULT_LOSS_TOL

Array = NDArray[np.float64]
CHUNK = 8192  # starts per block: a dozen arrays of that size stay in a core's cache


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
    starts_arr, etas, epochs, loss_tol, grad_tol = check(
        starts, learning_rates, epochs, loss_tol, grad_tol
    )
    if not stop_at_tolerance and history.fits(etas.size, epochs):
        return _from_history(problem, starts_arr, etas, epochs, loss_tol, grad_tol)
    parts = []
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected, not warned
        for rows in np.array_split(np.arange(etas.size), max(1, -(-etas.size // CHUNK))):
            run = ManyRuns(
                problem, per_run_descent(etas[rows]), None, 1, (loss_tol, grad_tol),
                stop_at_tolerance,
            )  # fmt: skip
            parts.append(run(starts_arr[rows], epochs))
    return concatenate(parts)


def concatenate(parts: list[DescentMap]) -> DescentMap:
    """The ends of consecutive blocks of runs as one."""
    if len(parts) == 1:
        return parts[0]
    return DescentMap(
        *(np.concatenate([getattr(p, name) for p in parts]) for name in DescentMap.__annotations__)
    )


def _from_history(
    problem: SigmoidNeuron, starts: Array, etas: Array, epochs: int, loss_tol: float,
    grad_tol: float,
) -> DescentMap:  # fmt: skip
    ends = history.full_runs(problem, starts, etas, epochs, loss_tol, grad_tol)
    last = ends.length - 1
    # Only full-length runs can be plateau or max_epochs; for those the
    # history kept the loss one fifth of the run before the end.
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
        final_params=np.column_stack((ends.w, ends.b)),
        final_loss=ends.loss.copy(),
        final_grad_norm=ends.grad_norm.copy(),
        status=status,
        converged_at=ends.converged_at,
        steps=last,
    )


def check(
    starts: ArrayLike,
    learning_rates: ArrayLike,
    epochs: int,
    loss_tol: float,
    grad_tol: float,
) -> tuple[Array, Array, int, float, float]:
    """The settings of many runs, checked (``ValueError`` naming the field):
    starts ``(R, 2)``, η ``(R,)``, epochs, loss and gradient tolerances."""
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
        np.ascontiguousarray(np.broadcast_to(starts_arr, (runs, 2))),
        np.broadcast_to(etas.reshape(-1), (runs,)).copy(),
        epochs,
        loss_tol,
        grad_tol,
    )
