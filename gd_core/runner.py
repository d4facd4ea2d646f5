"""One runner for every optimizer: (problem, optimizer, start, epochs) → the
same ``Trajectory`` as gradient descent, with what each method shows a
student in ``extras``."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core import _validate
from gd_core.methods import METHODS
from gd_core.optimizers import Optimizer, Oracle
from gd_core.problem import SigmoidNeuron
from gd_core.trajectory import (
    DEFAULT_GRAD_TOL,
    DEFAULT_LOSS_TOL,
    Trajectory,
    converged,
    end_status,
)

Array = NDArray[np.float64]


def run_method(
    problem: SigmoidNeuron,
    method: str,
    settings: Mapping[str, Any] | None = None,
    start: Sequence[float] = (-2.0, -2.0),
    epochs: int = 1000,
    *,
    seed: int = 0,
    loss_tol: float = DEFAULT_LOSS_TOL,
    grad_tol: float = DEFAULT_GRAD_TOL,
) -> Trajectory:
    """Run a registered method (see ``gd_core.methods.METHODS``) with its
    hyperparameters ``settings`` (defaults for the rest)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    optimizer, batch_size = METHODS[method].optimizer(settings)
    return run_optimizer(
        problem, optimizer, start, epochs, batch_size=batch_size, seed=seed,
        loss_tol=loss_tol, grad_tol=grad_tol,
    )  # fmt: skip


def run_optimizer(
    problem: SigmoidNeuron,
    optimizer: Optimizer,
    start: Sequence[float] = (-2.0, -2.0),
    epochs: int = 1000,
    *,
    batch_size: int | None = None,
    seed: int = 0,
    loss_tol: float = DEFAULT_LOSS_TOL,
    grad_tol: float = DEFAULT_GRAD_TOL,
) -> Trajectory:
    """θ_{t+1} = θ_t + step, step from ``optimizer.update``, for ``epochs``
    passes over the data.

    Args:
        batch_size: ``None`` for full-batch updates (one per epoch); k for
            mini-batches of k points (k = 1: stochastic), reshuffled every
            epoch by a ``numpy.random.Generator`` seeded with ``seed``.

    Returns:
        A ``Trajectory`` with a row per update (the start first); L and ‖∇L‖
        are for the whole data set. ``evaluations`` counts gradient
        evaluations; ``extras`` holds ``loss_evaluations``, ``epoch_ends``
        (row of each epoch's last update) and, per row, what the method
        shows: ``velocity``, ``effective_lr``,
        ``trial_steps``, ``fell_back``.
    """
    w0, b0 = _validate.start(start)
    epochs, loss_tol, grad_tol = _validate.run_length(epochs, loss_tol, grad_tol)
    n = problem.n_points
    batch_size, updates_per_epoch = _validate.mini_batches(batch_size, n, epochs)
    full = problem.scalar_kernel()
    counts = {"loss": 0, "hessian": 0}

    def loss(p: Array) -> float:
        counts["loss"] += 1
        return full(float(p[0]), float(p[1]))[0]

    def hessian(p: Array) -> Array:
        counts["hessian"] += 1
        hww, hwb, hbb = problem.hessian(float(p[0]), float(p[1]))
        return np.array([[hww, hwb], [hwb, hbb]], dtype=np.float64)

    oracle = Oracle(loss, hessian)
    rng = np.random.default_rng(seed)
    batches = None if batch_size is None else _batch_gradient(problem)

    params = np.array([w0, b0])
    state = optimizer.init(params)
    value, dw, db = full(w0, b0)
    rows: list[Array] = [params]
    losses, norms = [value], [math.hypot(dw, db)]
    shown: list[dict[str, Any]] = [dict(optimizer.describe(state))]
    epoch_ends: list[int] = []
    grad_evals = 0

    def stuck(w: float, b: float) -> float:
        return float(problem.stuck_loss(w, b))

    def done(p: Array, value: float, dw: float, db: float) -> bool:
        norm = math.hypot(dw, db)
        return converged(value, norm, loss_tol, grad_tol, stuck, float(p[0]), float(p[1]))

    converged_at = 0 if done(params, value, dw, db) else None
    diverged = False
    for _ in range(epochs):
        order = None if batches is None else rng.permutation(n)
        for k in range(updates_per_epoch):
            at = optimizer.gradient_at(params, state)
            if batches is None:
                g = np.array(full(float(at[0]), float(at[1]))[1:])
            else:
                assert order is not None and batch_size is not None
                idx = order[k * batch_size : (k + 1) * batch_size]
                g = batches(idx, float(at[0]), float(at[1]))
            grad_evals += 1
            step, state = optimizer.update(g, state, params, oracle)
            candidate = params + step
            if not np.all(np.isfinite(candidate)):
                diverged = True
                break
            value, dw, db = full(float(candidate[0]), float(candidate[1]))
            if not math.isfinite(value + dw + db):
                diverged = True
                break
            params = candidate
            rows.append(params)
            losses.append(value)
            norms.append(math.hypot(dw, db))
            shown.append(dict(optimizer.describe(state)))
            if done(params, value, dw, db):
                if converged_at is None:
                    converged_at = len(rows) - 1
            else:
                converged_at = None
        if diverged:
            break
        epoch_ends.append(len(rows) - 1)
    if diverged:
        converged_at = None
    loss_array, norm_array = np.asarray(losses), np.asarray(norms)
    extras = _stack(shown)
    extras["epoch_ends"] = np.asarray(epoch_ends, dtype=np.int64)
    extras["loss_evaluations"] = counts["loss"]
    extras["hessian_evaluations"] = counts["hessian"]
    return Trajectory(
        params=np.vstack(rows),
        losses=loss_array,
        grad_norms=norm_array,
        status=end_status(
            loss_array, norm_array, float(problem.stuck_loss(*rows[-1])),
            converged_at is not None, diverged, loss_tol,
        ),
        converged_at=converged_at,
        evaluations=grad_evals,
        learning_rate=None,
        method=optimizer.name,
        extras=extras,
    )  # fmt: skip


def _batch_gradient(problem: SigmoidNeuron) -> Any:
    """∇ of the loss summed over a mini-batch of points (indices), at (w, b)."""
    xs, ys = problem.x, problem.y

    def grad(idx: NDArray[np.int64], w: float, b: float) -> Array:
        sub = SigmoidNeuron(xs[idx], ys[idx], loss=problem.loss_fn)
        _, dw, db = sub.scalar_kernel()(w, b)
        return np.array([dw, db])

    return grad


def _stack(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-row descriptions → one entry per key: arrays where the values are
    arrays or numbers (row 0 repeats row 1's shape with NaN), lists else."""
    keys = {key for row in rows for key in row}
    stacked: dict[str, Any] = {}
    for key in sorted(keys):
        values = [row.get(key) for row in rows]
        sample = next(v for v in values if v is not None)
        if isinstance(sample, (np.ndarray, float, bool, np.floating, np.bool_)):
            fill = np.full_like(np.asarray(sample, dtype=np.float64), np.nan)
            stacked[key] = np.array(
                [np.asarray(v, dtype=np.float64) if v is not None else fill for v in values]
            )
        else:
            stacked[key] = values
    return stacked
