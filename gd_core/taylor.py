"""The lecture's Taylor-series argument, computed. With u = Δθ and η the
learning rate (the sidebar's η, a small positive scalar),

    L(θ + ηu) = L(θ) + η uᵀ∇L(θ) + η²/2! uᵀ∇²L(θ)u + …,

and a move ηu is good when uᵀ∇L(θ) < 0. With β the angle between u and
∇L(θ) and k = ‖u‖‖∇L(θ)‖, −k ≤ uᵀ∇L(θ) = k cos β ≤ k: most negative at
cos β = −1, β = 180°. The directions here have the length of the gradient,
‖u‖ = ‖∇L‖, so β = 180° gives u = −∇L and θ + ηu is exactly the descent
step θ − η∇L(θ). Everything is vectorised over β and η."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core import _validate
from gd_core.losses import sigmoid
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
        """The lecture's u at angle β (degrees, counter-clockwise) from ∇L:
        ∇L turned by β, so ‖u‖ = ‖∇L‖ and β = 180° gives u = −∇L. Shape
        ``(…, 2)``."""
        angle = np.radians(np.asarray(beta_degrees, dtype=np.float64))
        cos, sin = np.cos(angle), np.sin(angle)
        gw, gb = float(self.grad[0]), float(self.grad[1])
        return np.stack((cos * gw - sin * gb, sin * gw + cos * gb), axis=-1)

    def unit(self, beta_degrees: ArrayLike) -> Array:
        """Unit vectors along :meth:`direction` (for drawing), shape ``(…, 2)``;
        where the gradient direction is undefined, β is measured from the +w
        axis."""
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


def loss_change(problem: SigmoidNeuron, theta: ArrayLike, steps: ArrayLike) -> Array:
    """L(θ + Δθ) − L(θ) for each step Δθ (shape ``(…, 2)``), without the
    cancellation of subtracting two nearly equal losses.

    The plain difference of losses is kept where it has at least six digits
    to spare (|change| > 1e−6 · L); elsewhere it is recomputed per point: with
    z₀ = wx + b, Δz = Δw x + Δb and f₀ = σ(z₀),
    f₁ − f₀ = f₀(1 − f₀)(1 − e^(−Δz)) / (f₀ + (1 − f₀)e^(−Δz)), so squared error
    changes by ½(f₁ − f₀)(f₁ + f₀ − 2y) and cross-entropy by
    log(1 + f₀(e^Δz − 1)) − yΔz. Accurate to rounding even when the change is
    1e−18 on a loss of 0.4 (where L(θ + Δθ) − L(θ) in floats would read 0).
    """
    point = np.asarray(theta, dtype=np.float64)
    delta = np.asarray(steps, dtype=np.float64)
    flat = delta.reshape(-1, 2)
    before = float(problem.loss(point[0], point[1]))
    after = np.asarray(problem.loss(point[0] + flat[:, 0], point[1] + flat[:, 1]), np.float64)
    change = after - before
    close = np.abs(change) <= 1e-6 * np.maximum(abs(before), np.abs(after))
    if np.any(close):
        change[close] = _accurate_change(problem, point, flat[close])
    return change.reshape(delta.shape[:-1])


def _accurate_change(problem: SigmoidNeuron, point: Array, delta: Array) -> Array:
    """:func:`loss_change` per point, for steps ``(K, 2)`` → ``(K,)``."""
    dw, db = delta.reshape(-1, 2).T
    total = np.zeros(dw.shape)
    cross = problem.loss_fn.name == "cross_entropy"
    chunk = max(1, (1 << 20) // max(dw.size, 1))  # ≤ ~8 MB per block of points
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for lo in range(0, problem.n_points, chunk):
            x = problem.x[lo : lo + chunk, None]
            y = problem.y[lo : lo + chunk, None]
            f0 = sigmoid(point[0] * x + point[1])
            dz = dw[None, :] * x + db[None, :]
            if cross:
                per = np.log1p(f0 * np.expm1(dz)) - y * dz
            else:
                m = np.expm1(-dz)  # e^(−Δz) − 1, accurate for small Δz; one exp per element
                df = (f0 * (1 - f0)) * -m / (f0 + (1 - f0) * (1 + m))
                per = 0.5 * df * (df + 2 * (f0 - y))
            bad = ~np.isfinite(per)
            if bad.any():
                rows = np.nonzero(bad)[0]
                per[bad] = _naive(problem, point, x[rows, 0], y[rows, 0], dz[bad])
            total += per.sum(0)
    return total


def _naive(problem: SigmoidNeuron, theta: Array, x: Array, y: Array, dz: Array) -> Array:
    """Per-point ℓ(z₀ + Δz) − ℓ(z₀) the plain way (where the accurate form
    overflows: a step of hundreds in z, far from "η small")."""
    z0 = theta[0] * x + theta[1]
    f0, f1 = sigmoid(z0), sigmoid(z0 + dz)
    if problem.loss_fn.name == "cross_entropy":
        after = np.logaddexp(0.0, z0 + dz) - y * (z0 + dz)
        return np.asarray(after - (np.logaddexp(0.0, z0) - y * z0), dtype=np.float64)
    return np.asarray(0.5 * ((f1 - y) ** 2 - (f0 - y) ** 2), dtype=np.float64)


def directional_changes(
    problem: SigmoidNeuron, at: Local, eta: float, betas: ArrayLike
) -> tuple[Array, Array]:
    """For each β: the first-order change η uᵀ∇L = η k cos β (k = ‖u‖‖∇L‖ =
    ‖∇L‖²), and the actual change L(θ + ηu) − L(θ). Two arrays shaped like
    ``betas``; at β = 180° the actual change is the descent step's."""
    eta = _validate.learning_rate("η", eta)
    u = at.direction(betas)
    first = eta * (u @ at.grad)
    return first, loss_change(problem, at.theta, eta * u)


@dataclass(frozen=True)
class Bound:
    """The slide's bound on uᵀ∇L at θ for the u at angle β.

    Attributes:
        dot: uᵀ∇L(θ).
        k: ‖u‖‖∇L(θ)‖ (here ‖∇L‖², as ‖u‖ = ‖∇L‖), so −k ≤ uᵀ∇L ≤ k.
        cos: cos β = uᵀ∇L / k (0 where k = 0).
    """

    dot: float
    k: float
    cos: float


def bound(at: Local, beta_degrees: float) -> Bound:
    """uᵀ∇L, k and cos β for the u at angle β (degrees)."""
    u = at.direction(beta_degrees)
    k = float(np.hypot(*u)) * at.grad_norm
    dot = min(max(float(u @ at.grad), -k), k)  # rounding must not break −k ≤ uᵀ∇L ≤ k
    return Bound(dot=dot, k=k, cos=float(np.cos(np.radians(beta_degrees))))


@dataclass(frozen=True)
class StepCurve:
    """L(θ − η∇L) along the descent direction u = −∇L, against the learning
    rate η (the lecture's update θ + ηu).

    Attributes:
        etas: ``(K,)`` increasing learning rates.
        actual: ``(K,)`` L(θ − η∇L).
        first: ``(K,)`` L(θ) − η‖∇L‖² (the tangent: η uᵀ∇L).
        second: ``(K,)`` first + η²/2 ∇Lᵀ∇²L∇L (the quadric).
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
    """The loss along u = −∇L against η and its first- and second-order
    Taylor predictions."""
    steps = np.sort(np.asarray(etas, dtype=np.float64).reshape(-1))
    if steps.size == 0 or not np.all(np.isfinite(steps) & (steps > 0)):
        raise ValueError("η values must be finite numbers > 0")
    u = at.direction(180.0)  # −∇L
    change = loss_change(problem, at.theta, steps[:, None] * u)
    slope = float(u @ at.grad)  # −‖∇L‖²
    curvature = float(u @ at.hessian @ u)
    first = steps * slope
    second = first + 0.5 * steps**2 * curvature
    return StepCurve(
        etas=steps,
        actual=at.loss + change,
        first=at.loss + first,
        second=at.loss + second,
        first_departs=_departs(steps, first, change),
        second_departs=_departs(steps, second, change),
    )


def eta_range(at: Local, eta: float, span: float) -> Array:
    """241 learning rates on a log scale for :func:`step_curve`: up to the η
    whose step η‖∇L‖ crosses the view (``span``) and at least 10× the
    sidebar's η, six decades wide, so both Taylor terms visibly depart."""
    eta = _validate.positive_finite("η", eta)
    reach = span / at.grad_norm if at.grad_norm > 0 else 1e6
    top = min(max(10.0 * eta, reach), 1e12)
    bottom = min(top * 1e-6, eta / 10.0)
    return np.logspace(np.log10(bottom), np.log10(top), 241)


def _departs(steps: Array, predicted: Array, actual: Array) -> float | None:
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.abs(predicted - actual) > DEPARTS * np.abs(actual)
    hits = np.flatnonzero(off)
    return float(steps[hits[0]]) if hits.size else None
