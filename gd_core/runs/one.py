"""The loop of one run for every method: (problem, optimizer, start, epochs)
→ a ``Trajectory``, with what each method shows a student in ``extras``.

The optimizer is the registry's optax-style ``init``/``update`` (see
``gd_core.optimizers``, built from ``gd_core.transforms``) on θ as one
``(2,)`` array. Plain full-batch descent with a constant η has its fast
path, :func:`gd_core.runs.plain.gradient_descent`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core import _validate, kernels
from gd_core.cancel import checkpoint
from gd_core.methods import METHODS
from gd_core.optimizers import Optimizer, Oracle
from gd_core.problem import SigmoidNeuron
from gd_core.runs.stopping import Tracker, converged, end_status, finite
from gd_core.trajectory import DEFAULT_GRAD_TOL, DEFAULT_LOSS_TOL, Trajectory

Array = NDArray[np.float64]
Kernel = Callable[[float, float], tuple[float, float, float]]


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
    batch_size, per_epoch = _validate.mini_batches(batch_size, problem.n_points, epochs)
    full = problem.scalar_kernel()  # built once, for L, ∇L and the oracle
    oracle, counts = _counted_oracle(problem, full)
    gradient = _gradients(problem, full, batch_size)
    rng = np.random.default_rng(seed)
    params = np.array([w0, b0])
    state = optimizer.init(params)
    history = _History(problem, full, (loss_tol, grad_tol), epochs * per_epoch)
    history.add(params, optimizer.describe(state))
    for _ in range(epochs):
        checkpoint()  # an epoch of an optimizer costs far more than the check
        order = None if batch_size is None else rng.permutation(problem.n_points)
        for k in range(per_epoch):
            at = optimizer.gradient_at(params, state)
            history.gradient_evaluations += 1
            step, state = optimizer.update(gradient(at, order, k), state, params, oracle)
            params = params + step
            if not history.add(params, optimizer.describe(state)):
                break
        if history.tracker.diverged[0]:
            break
        history.epoch_ends.append(len(history.rows) - 1)
    return history.trajectory(optimizer.name, counts)


def mini_batch(
    problem: SigmoidNeuron, order: NDArray[np.int64], k: int, size: int
) -> SigmoidNeuron:
    """The problem on the k-th mini-batch of ``size`` points of ``order``
    (a permutation of the points, drawn once per epoch)."""
    idx = order[k * size : (k + 1) * size]
    return SigmoidNeuron(problem.x[idx], problem.y[idx], loss=problem.loss_fn)


def _gradients(
    problem: SigmoidNeuron, full: Kernel, batch_size: int | None
) -> Callable[[Array, NDArray[np.int64] | None, int], Array]:
    """``gradient(at, order, k)``: ∇L at ``at``, over all the data, or over
    the k-th mini-batch of ``order`` when a batch size is set. A mini-batch
    of a few points takes the scalar kernel over its points directly (no
    checked ``SigmoidNeuron`` per step)."""

    def gradient(at: Array, order: NDArray[np.int64] | None, k: int) -> Array:
        kernel = full
        if order is not None and batch_size is not None:
            kernel = kernels.subset_kernel(problem, order[k * batch_size : (k + 1) * batch_size])
        _, dw, db = kernel(float(at[0]), float(at[1]))
        return np.array([dw, db])

    return gradient


def _counted_oracle(problem: SigmoidNeuron, full: Kernel) -> tuple[Oracle, dict[str, int]]:
    """L and ∇²L at θ ``(2,)`` for the updates that ask, each call counted."""
    counts = {"loss": 0, "hessian": 0}

    def loss(p: Array) -> float:
        counts["loss"] += 1
        return full(float(p[0]), float(p[1]))[0]

    def hessian(p: Array) -> Array:
        counts["hessian"] += 1
        hww, hwb, hbb = problem.hessian(float(p[0]), float(p[1]))
        return np.array([[hww, hwb], [hwb, hbb]], dtype=np.float64)

    return Oracle(loss, hessian), counts


class _History:
    """The rows of a run as they are accepted: θ, L, ‖∇L‖ over all the data,
    what the optimizer shows, and the run's ``stopping.Tracker`` (one run)."""

    def __init__(
        self, problem: SigmoidNeuron, full: Kernel, tol: tuple[float, float], total: int
    ) -> None:
        self.full, self.tol = full, tol
        self._stuck = kernels.scalar_stuck(problem)
        self.tracker = Tracker(1, total)
        self.rows: list[Array] = []
        self.losses: list[float] = []
        self.norms: list[float] = []
        self.shown: list[dict[str, Any]] = []
        self.epoch_ends: list[int] = []
        self.gradient_evaluations = 0

    def add(self, params: Array, shown: Mapping[str, Any]) -> bool:
        """Record θ if it, L and ∇L there are finite; else mark the run
        diverged and return False (it ends at its last finite row)."""
        w, b = float(params[0]), float(params[1])
        if not finite(w + b):
            self.tracker.diverge(slice(None))
            return False
        value, dw, db = self.full(w, b)
        if not finite(value + dw + db):
            self.tracker.diverge(slice(None))
            return False
        norm = math.hypot(dw, db)
        self.rows.append(params)
        self.losses.append(value)
        self.norms.append(norm)
        self.shown.append(dict(shown))
        now = converged(value, norm, *self.tol, self._stuck, w, b)
        self.tracker.see_one(len(self.rows) - 1, now, value)
        return True

    def trajectory(self, method: str, counts: Mapping[str, int]) -> Trajectory:
        last = len(self.rows) - 1
        at = int(self.tracker.converged_at(np.array([last]))[0])
        converged_at = None if at < 0 else at
        diverged = bool(self.tracker.diverged[0])
        losses, norms = np.asarray(self.losses), np.asarray(self.norms)
        extras = _stack(self.shown)
        extras["epoch_ends"] = np.asarray(self.epoch_ends, dtype=np.int64)
        extras["loss_evaluations"] = counts["loss"]
        extras["hessian_evaluations"] = counts["hessian"]
        stuck = self._stuck(*self.rows[-1])
        return Trajectory(
            params=np.vstack(self.rows),
            losses=losses,
            grad_norms=norms,
            status=end_status(
                losses, norms, stuck, converged_at is not None, diverged, self.tol[0]
            ),
            converged_at=converged_at,
            evaluations=self.gradient_evaluations,
            learning_rate=None,
            method=method,
            extras=extras,
        )


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
