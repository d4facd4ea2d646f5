"""Small gradient transformations, chained into optimizers as optax does.

A transformation is a pair of pure functions, ``init(params) -> state`` and
``update(u, state) -> (u', new_state)``: it takes the update so far (the
gradient g_t at the head of a chain) and returns a new one. ``chain`` runs
them in order; its state is the tuple of theirs. Parameters are one ``(2,)``
array θ = (w, b), or ``(2, A)`` for A runs at once: every transformation is
elementwise, so both work alike.

The course puts the learning rate inside momentum's velocity
(u_t = γ u_{t−1} + η_t g_t), so there ``scale_by_learning_rate`` comes first
and ``trace`` second; the adaptive methods scale by η_t last.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from gd_core.schedules import Schedule

Array = NDArray[np.float64]


class Transform(NamedTuple):
    """``init(params) -> state``; ``update(u, state) -> (u', new_state)``."""

    init: Callable[[Array], Any]
    update: Callable[[Array, Any], tuple[Array, Any]]


class ScheduleState(NamedTuple):
    count: int  # type: ignore[assignment]  # shadows tuple.count, as in optax


class TraceState(NamedTuple):
    velocity: Array  # the running sum, −u_{t−1} after a negative η scaling


class SumOfSquaresState(NamedTuple):
    accumulator: Array  # v_t = Σ g²


class RMSState(NamedTuple):
    mean_square: Array  # v_t


class AdamState(NamedTuple):
    count: int  # type: ignore[assignment]  # shadows tuple.count, as in optax
    mu: Array  # m_t
    nu: Array  # v_t


def scale_by_learning_rate(learning_rate: Schedule) -> Transform:
    """u' = −η_t u, t counting the updates made (the descent direction is −g)."""

    def update(u: Array, s: ScheduleState) -> tuple[Array, ScheduleState]:
        return -learning_rate(s.count) * u, ScheduleState(s.count + 1)

    return Transform(lambda p: ScheduleState(0), update)


def trace(gamma: float) -> Transform:
    """Momentum's running sum: v_t = γ v_{t−1} + u_t, u' = v_t (v_{−1} = 0)."""

    def update(u: Array, s: TraceState) -> tuple[Array, TraceState]:
        velocity = gamma * s.velocity + u
        return velocity, TraceState(velocity)

    return Transform(lambda p: TraceState(np.zeros_like(p)), update)


def scale_by_sum_of_squares(eps: float) -> Transform:
    """AdaGrad's scaling: v_t = v_{t−1} + g_t²;  u' = g_t / (√v_t + ε)."""

    def update(g: Array, s: SumOfSquaresState) -> tuple[Array, SumOfSquaresState]:
        acc = s.accumulator + g * g
        return g / (np.sqrt(acc) + eps), SumOfSquaresState(acc)

    return Transform(lambda p: SumOfSquaresState(np.zeros_like(p)), update)


def scale_by_rms(beta: float, eps: float) -> Transform:
    """RMSProp's scaling: v_t = β v_{t−1} + (1 − β) g_t²;  u' = g_t / (√v_t + ε)."""

    def update(g: Array, s: RMSState) -> tuple[Array, RMSState]:
        v = beta * s.mean_square + (1.0 - beta) * g * g
        return g / (np.sqrt(v) + eps), RMSState(v)

    return Transform(lambda p: RMSState(np.zeros_like(p)), update)


def scale_by_adam(beta1: float, beta2: float, eps: float) -> Transform:
    """Adam's scaling (t counts from 1): m_t = β₁ m_{t−1} + (1 − β₁) g_t;
    v_t = β₂ v_{t−1} + (1 − β₂) g_t²;  m̂_t = m_t / (1 − β₁ᵗ);
    v̂_t = v_t / (1 − β₂ᵗ);  u' = m̂_t / (√v̂_t + ε)."""

    def update(g: Array, s: AdamState) -> tuple[Array, AdamState]:
        t = s.count + 1
        mu = beta1 * s.mu + (1.0 - beta1) * g
        nu = beta2 * s.nu + (1.0 - beta2) * g * g
        mu_hat = mu / (1.0 - beta1**t)
        nu_hat = nu / (1.0 - beta2**t)
        return mu_hat / (np.sqrt(nu_hat) + eps), AdamState(t, mu, nu)

    return Transform(lambda p: AdamState(0, np.zeros_like(p), np.zeros_like(p)), update)


def chain(*transforms: Transform) -> Transform:
    """The transformations applied in order; the state is the tuple of theirs."""

    def init(params: Array) -> tuple[Any, ...]:
        return tuple(t.init(params) for t in transforms)

    def update(u: Array, state: tuple[Any, ...]) -> tuple[Array, tuple[Any, ...]]:
        states = []
        for transform, s in zip(transforms, state, strict=True):
            u, s = transform.update(u, s)
            states.append(s)
        return u, tuple(states)

    return Transform(init, update)
