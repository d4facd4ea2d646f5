"""The lecture's "guess work" baseline: random search on the w–b plane.

Two flavours, both counted in loss evaluations so they can stand beside
gradient descent at equal cost (descent spends one evaluation per epoch):

- ``sample``: draw (w, b) uniformly from the visible rectangle, keep the best;
- ``walk``: propose a random step from the current (w, b), keep it only if the
  loss went down (the lecture's "try a random change; keep it if it helps").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from gd_core import _validate
from gd_core.cancel import checkpoint, due
from gd_core.problem import SigmoidNeuron
from gd_core.surface import DEFAULT_RANGE
from gd_core.trajectory import DEFAULT_LOSS_TOL, Trajectory

Array = NDArray[np.float64]
MODES = ("sample", "walk")
MAX_BUDGET = 1_000_000


def random_search(
    problem: SigmoidNeuron,
    budget: int = 1000,
    seed: int = 0,
    mode: str = "sample",
    *,
    start: Sequence[float] | None = None,
    w_range: tuple[float, float] = DEFAULT_RANGE,
    b_range: tuple[float, float] = DEFAULT_RANGE,
    step_size: float = 0.5,
    loss_tol: float = DEFAULT_LOSS_TOL,
) -> Trajectory:
    """Random search with ``budget`` loss evaluations; its best-so-far path.

    Args:
        problem: the neuron and its data.
        budget: loss evaluations, 1 to 1,000,000 (the start, if given, is the first).
        seed: seeds a ``numpy.random.Generator``; the same seed, the same run.
        mode: ``"sample"`` or ``"walk"``.
        start: (w0, b0) to begin from; ``walk`` without it begins at a random point.
        w_range, b_range: the rectangle sampled from and walked within.
        step_size: standard deviation of a ``walk`` proposal, > 0.
        loss_tol: the run counts as converged once its best loss is below this.

    Returns:
        A ``Trajectory`` with T = budget rows: row k is the best (w, b) after
        k + 1 evaluations, so its loss never rises. Status is ``converged`` or
        ``max_epochs`` (budget spent).
    """
    budget = _validate.int_in_range("budget", budget, 1, MAX_BUDGET)
    seed = _validate.int_in_range("seed", seed, 0, 2**63 - 1)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    w_lo, w_hi = _validate.interval("w range", w_range)
    b_lo, b_hi = _validate.interval("b range", b_range)
    step_size = _validate.positive_finite("step size", step_size)
    loss_tol = _validate.positive_finite("loss tolerance", loss_tol)
    first: tuple[float, float] | None = None
    if start is not None:
        first = _validate.start(start)

    rng = np.random.default_rng(seed)
    low, high = np.array([w_lo, b_lo]), np.array([w_hi, b_hi])
    if mode == "sample":
        params, losses = _sample(problem, rng, budget, first, low, high)
    else:
        params, losses = _walk(problem, rng, budget, first, low, high, step_size)
    dw, db = problem.grad(params[:, 0], params[:, 1])
    hits = np.flatnonzero(losses < loss_tol)
    return Trajectory(
        params=params,
        losses=losses,
        grad_norms=np.hypot(dw, db),
        status="converged" if hits.size else "max_epochs",
        converged_at=int(hits[0]) if hits.size else None,
        evaluations=budget,
        learning_rate=None,
        method=f"random_search:{mode}",
    )


def _sample(
    problem: SigmoidNeuron,
    rng: np.random.Generator,
    budget: int,
    first: tuple[float, float] | None,
    low: Array,
    high: Array,
) -> tuple[Array, Array]:
    tried = rng.uniform(low, high, size=(budget, 2))
    if first is not None:
        tried[0] = first
    losses = problem.loss(tried[:, 0], tried[:, 1])
    best = np.minimum.accumulate(losses)
    # Index of the best so far: the last strict improvement (ties keep the older).
    improved = np.empty(budget, dtype=bool)
    improved[0] = True
    improved[1:] = losses[1:] < best[:-1]
    best_index = np.maximum.accumulate(np.where(improved, np.arange(budget), 0))
    return tried[best_index], best


def _walk(
    problem: SigmoidNeuron,
    rng: np.random.Generator,
    budget: int,
    first: tuple[float, float] | None,
    low: Array,
    high: Array,
    step_size: float,
) -> tuple[Array, Array]:
    current = np.array(first) if first is not None else rng.uniform(low, high)
    # All proposals drawn at once; each is kept or not in turn.
    proposals = rng.normal(0.0, step_size, size=(budget - 1, 2))
    kernel = problem.scalar_kernel()
    w, b = float(current[0]), float(current[1])
    best = kernel(w, b)[0]
    path, losses = np.empty((budget, 2)), np.empty(budget)
    path[0], losses[0] = (w, b), best
    w_lo, b_lo, w_hi, b_hi = float(low[0]), float(low[1]), float(high[0]), float(high[1])
    for k, (dw, db) in enumerate(proposals.tolist(), start=1):
        if due(k):
            checkpoint()
        w_try = min(max(w + dw, w_lo), w_hi)
        b_try = min(max(b + db, b_lo), b_hi)
        loss = kernel(w_try, b_try)[0]
        if loss < best:
            w, b, best = w_try, b_try, loss
        path[k] = (w, b)
        losses[k] = best
    return path, losses


def random_start(
    seed: int,
    draw: int,
    w_range: tuple[float, float] = DEFAULT_RANGE,
    b_range: tuple[float, float] = DEFAULT_RANGE,
    decimals: int = 2,
) -> tuple[float, float]:
    """The lecture's "θ = [w, b] ← random": a start drawn uniformly from the
    rectangle ``w_range`` × ``b_range``.

    The ``draw``-th start of a session with ``seed`` comes from a
    ``numpy.random.Generator`` seeded with ``(seed, draw)``, so the same
    seed gives the same sequence of starts. Rounded to ``decimals`` places,
    as the start inputs show it, and kept inside the rectangle.

    Example:
        >>> random_start(0, 0) == random_start(0, 0) != random_start(0, 1)
        True
    """
    seed = _validate.int_in_range("seed", seed, 0, 2**63 - 1)
    draw = _validate.int_in_range("draw", draw, 0, 2**63 - 1)
    w_lo, w_hi = _validate.interval("w range", w_range)
    b_lo, b_hi = _validate.interval("b range", b_range)
    w, b = np.random.default_rng((seed, draw)).uniform((w_lo, b_lo), (w_hi, b_hi))
    return (
        min(max(round(float(w), decimals), w_lo), w_hi),
        min(max(round(float(b), decimals), b_lo), b_hi),
    )
