"""The lecture's Taylor-series argument, computed: for a unit direction u at
angle β to the gradient,

    L(θ + ηu) = L(θ) + η uᵀ∇L(θ) + η²/2 uᵀ∇²L(θ)u + …,

and uᵀ∇L = ‖u‖‖∇L‖cos β is most negative at β = 180°: step against the
gradient. Everything here is vectorised over β and η."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core import _validate
from gd_core.problem import SigmoidNeuron

Array = NDArray[np.float64]
# Below this gradient norm the direction of ∇L is numerical noise: on a
# saturated wing it is ~1e-12 or less; at the lecture's start it is 0.0095.
UNDEFINED_GRADIENT = 1e-9
DEPARTS = 0.1  # an approximation "departs" when off by more than 10 %


@dataclass(frozen=True)
class Local:
    """What the Taylor slide says about L at θ.

    Attributes:
        theta: ``(2,)`` the point.
        loss: L(θ).
        grad: ``(2,)`` ∇L(θ).
        hessian: ``(2, 2)`` ∇²L(θ).
        eigenvalues: ``(2,)`` of the Hessian, ascending (the curvatures).
        eigenvectors: ``(2, 2)`` columns, unit length, matching ``eigenvalues``.
    """

    theta: Array
    loss: float
    grad: Array
    hessian: Array
    eigenvalues: Array
    eigenvectors: Array

    @property
    def grad_norm(self) -> float:
        return float(np.hypot(*self.grad))

    @property
    def direction_defined(self) -> bool:
        """False where ‖∇L‖ is too small for its direction to mean anything."""
        return self.grad_norm > UNDEFINED_GRADIENT

    @property
    def max_stable_eta(self) -> float | None:
        """2 / λ_max: gradient descent on the local quadratic converges for
        η below it; ``None`` if no direction curves upwards."""
        top = float(self.eigenvalues[-1])
        return 2.0 / top if top > 0 else None

    def direction(self, beta_degrees: ArrayLike) -> Array:
        """Unit vectors u at angle β (degrees, counter-clockwise) from ∇L,
        shape ``(…, 2)``; β = 180° is −∇L/‖∇L‖. Where the gradient direction
        is undefined, β is measured from the +w axis."""
        base = np.arctan2(self.grad[1], self.grad[0]) if self.direction_defined else 0.0
        angle = base + np.radians(np.asarray(beta_degrees, dtype=np.float64))
        return np.stack((np.cos(angle), np.sin(angle)), axis=-1)


def angle_to(at: Local, point: ArrayLike) -> float:
    """β (degrees, 0–360) of the direction from θ towards ``point``, measured
    like :meth:`Local.direction`; 0 if ``point`` is θ itself."""
    offset = np.asarray(point, dtype=np.float64) - at.theta
    if not np.any(offset):
        return 0.0
    base = np.arctan2(at.grad[1], at.grad[0]) if at.direction_defined else 0.0
    return float(np.degrees(np.arctan2(offset[1], offset[0]) - base) % 360.0)


def local(problem: SigmoidNeuron, theta: ArrayLike) -> Local:
    """L, ∇L and ∇²L at θ = (w, b), with the Hessian's eigen-decomposition."""
    point = np.asarray(theta, dtype=np.float64).reshape(-1)
    if point.size != 2:
        raise ValueError(f"θ must be a pair (w, b), got {theta!r}")
    w = _validate.finite("θ w", point[0])
    b = _validate.finite("θ b", point[1])
    loss, dw, db = problem.loss_and_grad(w, b)
    hww, hwb, hbb = problem.hessian(w, b)
    hessian = np.array([[hww, hwb], [hwb, hbb]], dtype=np.float64)
    values, vectors = np.linalg.eigh(hessian)
    return Local(
        theta=np.array([w, b]),
        loss=float(loss),
        grad=np.array([float(dw), float(db)]),
        hessian=hessian,
        eigenvalues=values,
        eigenvectors=vectors,
    )


def directional_changes(
    problem: SigmoidNeuron, at: Local, eta: float, betas: ArrayLike
) -> tuple[Array, Array]:
    """For each β: the first-order change η uᵀ∇L = η‖∇L‖cos β, and the actual
    change L(θ + ηu) − L(θ). Two arrays shaped like ``betas``."""
    eta = _validate.learning_rate("η", eta)
    u = at.direction(betas)
    first = eta * (u @ at.grad)
    moved = at.theta + eta * u
    actual = problem.loss(moved[..., 0], moved[..., 1]) - at.loss
    return first, actual


@dataclass(frozen=True)
class StepCurve:
    """L(θ − η ĝ) along the unit downhill direction ĝ = ∇L/‖∇L‖, against η.

    Attributes:
        etas: ``(K,)`` increasing step lengths.
        actual: ``(K,)`` L(θ − η ĝ).
        first: ``(K,)`` L(θ) − η‖∇L‖ (the tangent).
        second: ``(K,)`` first + η²/2 ĝᵀ∇²Lĝ (the quadric).
        first_departs, second_departs: the smallest η at which each
            approximation's predicted change is off the actual change by
            more than 10 %, or ``None`` within the range.
    """

    etas: Array
    actual: Array
    first: Array
    second: Array
    first_departs: float | None
    second_departs: float | None


def step_curve(problem: SigmoidNeuron, at: Local, etas: ArrayLike) -> StepCurve:
    """The loss along −∇L and its first- and second-order Taylor predictions."""
    steps = np.sort(np.asarray(etas, dtype=np.float64).reshape(-1))
    if steps.size == 0 or not np.all(np.isfinite(steps) & (steps > 0)):
        raise ValueError("η values must be finite numbers > 0")
    u = -at.direction(0.0)  # −ĝ
    moved = at.theta + steps[:, None] * u
    actual = problem.loss(moved[:, 0], moved[:, 1])
    slope = float(u @ at.grad)  # −‖∇L‖
    curvature = float(u @ at.hessian @ u)
    first = at.loss + steps * slope
    second = first + 0.5 * steps**2 * curvature
    return StepCurve(
        etas=steps,
        actual=actual,
        first=first,
        second=second,
        first_departs=_departs(steps, first - at.loss, actual - at.loss),
        second_departs=_departs(steps, second - at.loss, actual - at.loss),
    )


def _departs(steps: Array, predicted: Array, actual: Array) -> float | None:
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.abs(predicted - actual) > DEPARTS * np.abs(actual)
    hits = np.flatnonzero(off)
    return float(steps[hits[0]]) if hits.size else None
