"""Optimizers as pairs of pure functions, in the style of optax.

The rules built from a gradient alone are chains of the small
transformations in ``gd_core.transforms``. Each optimizer is ``init(params) -> state`` and
``update(grads, state, params, oracle) -> (step, new_state)``; the new
parameters are ``params + step``. States are small NamedTuples; the
hyperparameters live in the factory's closure. ``oracle`` gives the few
methods that need more than the gradient (line search, Newton) the loss and
the Hessian, like optax's extra-args transformations. Parameters are one
``(2,)`` array, θ = (w, b). g_t is the gradient at step t; η_t the (possibly
scheduled) learning rate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from gd_core import _validate
from gd_core.schedules import Schedule
from gd_core.transforms import (
    AdamState,
    ScheduleState,
    TraceState,
    Transform,
    chain,
    scale_by_adam,
    scale_by_learning_rate,
    scale_by_rms,
    scale_by_sum_of_squares,
    trace,
)

Array = NDArray[np.float64]


class Oracle(NamedTuple):
    """What an update may ask about the loss: L(θ) and the Hessian ∇²L(θ)
    (each call counted by the runner). For a batch, θ is ``(2, A)`` and the
    answers are ``(A,)`` and ``(A, 2, 2)``."""

    loss: Callable[[Array], Any]
    hessian: Callable[[Array], Array]


def _at_params(params: Array, state: Any) -> Array:
    return params


def _nothing(state: Any) -> dict[str, Any]:
    return {}


class Optimizer(NamedTuple):
    """A pure optimizer. ``gradient_at`` says where the runner takes the
    gradient (θ itself, or Nesterov's look-ahead point); ``describe`` names
    what a state shows a student (velocity, effective learning rates …)."""

    name: str
    init: Callable[[Array], Any]
    update: Callable[[Array, Any, Array, Oracle], tuple[Array, Any]]
    gradient_at: Callable[[Array, Any], Array] = _at_params
    describe: Callable[[Any], dict[str, Any]] = _nothing


class LineSearchState(NamedTuple):
    count: int  # type: ignore[assignment]  # shadows tuple.count, as in optax
    # The step sizes tried at the last update (a tuple); for a batch of A
    # runs, how many each tried (``(A,)``).
    trial_steps: Any


class NewtonState(NamedTuple):
    count: int  # type: ignore[assignment]  # shadows tuple.count, as in optax
    # The last update was a gradient step: H was not positive definite
    # (a bool; ``(A,)`` for a batch of A runs, see below).
    fell_back: Any


def gradient_descent(learning_rate: Schedule) -> Optimizer:
    """θ_{t+1} = θ_t − η_t g_t."""
    return _chained("gradient_descent", scale_by_learning_rate(learning_rate))


def momentum(learning_rate: Schedule, gamma: float = 0.9) -> Optimizer:
    """u_t = γ u_{t−1} + η_t g_t;  θ_{t+1} = θ_t − u_t  (u_{−1} = 0).

    ``chain(scale_by_learning_rate, trace)``: the trace sums −η_t g_t, so it
    holds −u_t, and the step is the trace itself.
    """
    gamma = _unit("momentum γ", gamma, closed=True)
    return _chained(
        "momentum", chain(scale_by_learning_rate(learning_rate), trace(gamma)), describe=_velocity
    )


def nesterov(learning_rate: Schedule, gamma: float = 0.9) -> Optimizer:
    """The course's look-ahead form: θ_look = θ_t − γ u_{t−1};
    u_t = γ u_{t−1} + η_t ∇L(θ_look);  θ_{t+1} = θ_t − u_t.

    Momentum's update, with the gradient taken at ``gradient_at(θ, state)`` =
    θ_look by the runner.
    """
    gamma = _unit("momentum γ", gamma, closed=True)

    def look_ahead(p: Array, state: tuple[Any, TraceState]) -> Array:
        return p + gamma * state[1].velocity  # the trace holds −u_{t−1}

    return momentum(learning_rate, gamma)._replace(name="nesterov", gradient_at=look_ahead)


def adagrad(learning_rate: Schedule, eps: float = 1e-10) -> Optimizer:
    """v_t = v_{t−1} + g_t²;  θ_{t+1} = θ_t − η_t g_t / (√v_t + ε)  (Duchi et al., 2011)."""
    eps = _validate.positive_finite("ε", eps)
    return _adaptive(
        "adagrad",
        learning_rate,
        scale_by_sum_of_squares(eps),
        lambda s: np.sqrt(s.accumulator) + eps,
    )


def rmsprop(learning_rate: Schedule, beta: float = 0.99, eps: float = 1e-8) -> Optimizer:
    """v_t = β v_{t−1} + (1 − β) g_t²;  θ_{t+1} = θ_t − η_t g_t / (√v_t + ε)  (Hinton, 2012)."""
    beta = _unit("β", beta, closed=True)
    eps = _validate.positive_finite("ε", eps)
    return _adaptive(
        "rmsprop", learning_rate, scale_by_rms(beta, eps), lambda s: np.sqrt(s.mean_square) + eps
    )


def adam(
    learning_rate: Schedule, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
) -> Optimizer:
    """m_t = β₁ m_{t−1} + (1 − β₁) g_t;  v_t = β₂ v_{t−1} + (1 − β₂) g_t²;
    m̂_t = m_t / (1 − β₁ᵗ);  v̂_t = v_t / (1 − β₂ᵗ);
    θ_{t+1} = θ_t − η_t m̂_t / (√v̂_t + ε)  (Kingma & Ba, 2015; t counts from 1)."""
    beta1 = _unit("β₁", beta1, closed=True)
    beta2 = _unit("β₂", beta2, closed=True)
    eps = _validate.positive_finite("ε", eps)

    def scale(s: AdamState) -> Array:  # the scale on m̂_t: √v̂_t + ε, per coordinate
        return np.sqrt(s.nu / (1.0 - beta2 ** max(s.count, 1))) + eps

    return _adaptive("adam", learning_rate, scale_by_adam(beta1, beta2, eps), scale)


def line_search(
    learning_rate: Schedule, shrink: float = 0.5, armijo: float = 1e-4, max_trials: int = 40
) -> Optimizer:
    """Backtracking (Armijo) along −g_t: try α = η_t, ρη_t, ρ²η_t, … until
    L(θ_t − α g_t) ≤ L(θ_t) − c α ‖g_t‖²  (ρ = ``shrink``, c = ``armijo``);
    none of ``max_trials`` accepted: stay. The state keeps the step sizes tried.

    Batched: for θ as ``(2, A)`` the oracle's loss gives ``(A,)``, each run
    backtracks on its own, and the state keeps the number of trials per run;
    one run is a batch of one (the same arithmetic and loss evaluations).
    """
    shrink = _unit("shrink ρ", shrink)
    armijo = _unit("Armijo c", armijo)
    max_trials = _validate.int_in_range("trials", max_trials, 1, 200)

    def update(g: Array, s: LineSearchState, p: Array, o: Oracle) -> tuple[Array, LineSearchState]:
        eta = learning_rate(s.count)
        if g.ndim == 2:
            step, trials = _backtrack(o.loss, p, g, eta)
            return step, LineSearchState(s.count + 1, trials)
        step, trials = _backtrack(
            lambda q: np.array([o.loss(q[:, 0])]), p[:, None], g[:, None], eta
        )
        tried = [eta]
        for _ in range(int(trials[0]) - 1):
            tried.append(tried[-1] * shrink)
        return step[:, 0], LineSearchState(s.count + 1, tuple(tried))

    def _backtrack(
        loss: Callable[[Array], Any], p: Array, g: Array, eta: float
    ) -> tuple[Array, NDArray[np.int64]]:
        """Steps ``(2, A)`` and trials made ``(A,)`` for θ and g ``(2, A)``."""
        current = loss(p)
        slope = g[0] * g[0] + g[1] * g[1]
        alpha = np.full(p.shape[1], eta)
        trials = np.zeros(p.shape[1], dtype=np.int64)
        searching = np.ones(p.shape[1], dtype=bool)
        for _ in range(max_trials):
            idx = np.flatnonzero(searching)
            if idx.size == 0:
                break
            trials[idx] += 1
            a = alpha[idx]
            accept = loss(p[:, idx] - a * g[:, idx]) <= current[idx] - armijo * a * slope[idx]
            searching[idx[accept]] = False
            alpha[idx[~accept]] *= shrink
        alpha[searching] = 0.0  # no acceptable step: stay (the gradient is ~0 or useless)
        return -alpha * g, trials

    return Optimizer(
        "line_search",
        lambda p: LineSearchState(0, () if p.ndim == 1 else np.zeros(p.shape[1], dtype=np.int64)),
        update,
        describe=lambda s: {"trial_steps": s.trial_steps},
    )


def newton(learning_rate: Schedule, min_curvature: float = 1e-8) -> Optimizer:
    """θ_{t+1} = θ_t − H_t⁻¹ g_t with H_t = ∇²L(θ_t), the matrix on the
    lecture's Taylor slide. Where H is not positive definite (an eigenvalue
    ≤ ``min_curvature``) the Newton step would climb or blow up, so it falls
    back to θ_{t+1} = θ_t − η_t g_t and the state says so.

    Batched: for θ as ``(2, A)`` (A runs) the oracle's Hessian is ``(A, 2, 2)``
    and every run takes its own step; one run is a batch of one (the same
    LAPACK solve either way).
    """
    min_curvature = _validate.positive_finite("minimum curvature", min_curvature)

    def update(g: Array, s: NewtonState, p: Array, o: Oracle) -> tuple[Array, NewtonState]:
        h = o.hessian(p)
        if g.ndim == 1:
            step, fell_back = _newton_steps(h[None], g[:, None], learning_rate(s.count))
            return step[:, 0], NewtonState(s.count + 1, bool(fell_back[0]))
        step, fell_back = _newton_steps(h, g, learning_rate(s.count))
        return step, NewtonState(s.count + 1, fell_back)

    def _newton_steps(h: Array, g: Array, eta: float) -> tuple[Array, NDArray[np.bool_]]:
        """Steps ``(2, A)`` for Hessians ``(A, 2, 2)`` and gradients ``(2, A)``."""
        grads = g.T
        # Both eigenvalues > m ⇔ H − mI is positive definite ⇔ (Sylvester)
        # h₁₁ − m > 0 and det(H − mI) > 0: no eigen-solver per 2 × 2 matrix.
        a, c, d = h[:, 0, 0] - min_curvature, h[:, 0, 1], h[:, 1, 1] - min_curvature
        with np.errstate(invalid="ignore", over="ignore"):  # non-finite H: not ok
            ok: NDArray[np.bool_] = np.asarray((a > 0) & (a * d - c * c > 0))
        ok &= np.isfinite(h).all(axis=(1, 2))
        step = -eta * grads
        if ok.any():
            step[ok] = -np.linalg.solve(h[ok], grads[ok][..., None])[..., 0]
        return np.ascontiguousarray(step.T), np.logical_not(ok)

    return Optimizer(
        "newton",
        lambda p: NewtonState(0, False if p.ndim == 1 else np.zeros(p.shape[1], dtype=bool)),
        update,
        describe=lambda s: {"fell_back": s.fell_back},
    )


def _chained(
    name: str, transform: Transform, describe: Callable[[Any], dict[str, Any]] = _nothing
) -> Optimizer:
    """An optimizer whose step is ``transform`` applied to the gradient."""

    def update(g: Array, state: Any, p: Array, o: Oracle) -> tuple[Array, Any]:
        return transform.update(g, state)

    return Optimizer(name, transform.init, update, describe=describe)


def _adaptive(
    name: str, learning_rate: Schedule, scaling: Transform, scale: Callable[[Any], Array]
) -> Optimizer:
    """``chain(scaling, scale_by_learning_rate)``, showing the effective
    learning rate η_{t−1} / scale(state) per coordinate."""

    def describe(state: tuple[Any, ScheduleState]) -> dict[str, Any]:
        scaled, schedule = state
        return {"effective_lr": learning_rate(max(schedule.count - 1, 0)) / scale(scaled)}

    return _chained(name, chain(scaling, scale_by_learning_rate(learning_rate)), describe)


def _velocity(state: tuple[ScheduleState, TraceState]) -> dict[str, Any]:
    return {"velocity": -state[1].velocity}  # u_t; the trace holds −u_t


def _unit(name: str, value: Any, closed: bool = False) -> float:
    """A number in (0, 1), or [0, 1) with ``closed``."""
    number = _validate.finite(name, value)
    low_ok = number >= 0 if closed else number > 0
    if not (low_ok and number < 1):
        interval = "[0, 1)" if closed else "(0, 1)"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return number
