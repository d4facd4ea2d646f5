"""Per-point losses of a sigmoid neuron, written in terms of the logit
z = wx + b: a loss only says how ℓ depends on z (and y); the gradient and the
Hessian then follow by the chain rule (see ``gd_core.problem``)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def sigmoid(z: ArrayLike) -> Array:
    """σ(z) = 1/(1+e^-z), the lecture's own formula, for arrays.

    For z < -709, e^-z overflows to inf and σ correctly comes out 0; the
    overflow is expected, so it is silenced rather than warned about.
    """
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


class Loss(Protocol):
    """A per-point loss ℓ(z, y) of the logit z = wx + b and the target y."""

    name: ClassVar[str]
    label: ClassVar[str]

    @property
    def value_scale(self) -> float:
        """The constant factor ``values_from_neg_logit`` leaves out."""
        ...

    def values_from_neg_logit(self, neg_z: Array, y: float | Array) -> Array:
        """ℓ / value_scale elementwise from −z, computed in place: ``neg_z`` is
        overwritten and returned. The hot loop of the loss surface allocates
        nothing and applies the constant factor once, after summing."""
        ...

    def value_and_dz(self, z: Array, f: Array, y: float | Array) -> tuple[Array, Array]:
        """ℓ and ∂ℓ/∂z elementwise, given z and f = σ(z)."""
        ...

    def d2z(self, z: Array, f: Array, y: float | Array) -> Array:
        """∂²ℓ/∂z² elementwise, given z and f = σ(z) (for the Hessian)."""
        ...

    def split(self, z: Array, order: int) -> tuple[Array, Array]:
        """ℓ(z, y) = A(z) + y B(z) + C(y): the z-derivatives A⁽ᵐ⁾(z) and
        B⁽ᵐ⁾(z) for m = 0 … order (≤ 4), each ``(order + 1, len(z))``."""
        ...

    def y_term(self, y: Array) -> Array:
        """C(y) of :meth:`split`."""
        ...

    def scalar_kernel(
        self, pairs: tuple[tuple[float, float], ...]
    ) -> Callable[[float, float], tuple[float, float, float]]:
        """A function (w, b) -> (L, ∇w, ∇b) over ``pairs`` in plain Python
        floats, its loop inlined: one call per epoch of a single run."""
        ...

    def scalar_point(self, z: float, y: float) -> tuple[float, float]:
        """(ℓ, f = σ(z)) of one point in plain Python floats, the same
        formulas as :meth:`value_and_dz`: what a plateau test asks of one
        (w, b) when a NumPy call would cost more than the arithmetic."""
        ...


def _sigmoid_derivatives(z: Array) -> Array:
    """σ and its first four derivatives at z, shape ``(5, len(z))``.

    With s = σ(1 − σ): σ⁽¹⁾ = s, σ⁽²⁾ = s(1 − 2σ), σ⁽³⁾ = s(1 − 6σ + 6σ²),
    σ⁽⁴⁾ = s(1 − 2σ)(1 − 12σ + 12σ²).
    """
    f = sigmoid(z)
    s = f * (1.0 - f)
    return np.stack(
        (f, s, s * (1 - 2 * f), s * (1 - 6 * f + 6 * f * f),
         s * (1 - 2 * f) * (1 - 12 * f + 12 * f * f))
    )  # fmt: skip


@dataclass(frozen=True)
class SquaredError:
    """The lecture's loss: ℓ = ½(f(x) − y)², so ∂ℓ/∂z = (f − y)·f·(1 − f)."""

    name: ClassVar[str] = "squared_error"
    label: ClassVar[str] = "squared error  Σ ½(f(x) − y)²"

    @property
    def value_scale(self) -> float:
        return 0.5

    def values_from_neg_logit(self, neg_z: Array, y: float | Array) -> Array:
        out = neg_z
        with np.errstate(over="ignore"):  # e^-z = inf gives σ = 0, as it should
            np.exp(out, out=out)
        out += 1.0
        np.reciprocal(out, out=out)  # f = σ(z)
        out -= y
        np.multiply(out, out, out=out)  # (f − y)²: the ½ is value_scale
        return out

    def value_and_dz(self, z: Array, f: Array, y: float | Array) -> tuple[Array, Array]:
        residual = f - y
        return 0.5 * residual * residual, residual * f * (1.0 - f)

    def d2z(self, z: Array, f: Array, y: float | Array) -> Array:
        # d/dz [(f − y) f (1 − f)] with df/dz = f(1 − f) =: s:
        # s · s + (f − y) · s (1 − 2f) = s [s + (f − y)(1 − 2f)]
        slope = f * (1.0 - f)
        return slope * (slope + (f - y) * (1.0 - 2.0 * f))

    def split(self, z: Array, order: int) -> tuple[Array, Array]:
        # ½(f − y)² = ½f² − y f + ½y²: A = ½f², B = −f.
        d = _sigmoid_derivatives(z)
        f, f1, f2, f3, f4 = d
        a = np.stack((0.5 * f * f, f * f1, f1 * f1 + f * f2, 3 * f1 * f2 + f * f3,
                      3 * f2 * f2 + 4 * f1 * f3 + f * f4))  # fmt: skip
        return a[: order + 1], -d[: order + 1]

    def y_term(self, y: Array) -> Array:
        return 0.5 * y * y

    def scalar_kernel(
        self, pairs: tuple[tuple[float, float], ...]
    ) -> Callable[[float, float], tuple[float, float, float]]:
        exp = math.exp

        def kernel(w: float, b: float) -> tuple[float, float, float]:
            loss = dw = db = 0.0
            for x, y in pairs:
                try:
                    f = 1.0 / (1.0 + exp(-(w * x + b)))
                except OverflowError:  # z < -709: σ(z) is 0 in double precision
                    f = 0.0
                residual = f - y
                loss += 0.5 * residual * residual
                dz = residual * f * (1.0 - f)
                dw += dz * x
                db += dz
            return loss, dw, db

        return kernel

    def scalar_point(self, z: float, y: float) -> tuple[float, float]:
        f = _scalar_sigmoid(z)
        residual = f - y
        return 0.5 * residual * residual, f


@dataclass(frozen=True)
class CrossEntropy:
    """Binary cross-entropy ℓ = −[y log f + (1 − y) log(1 − f)], computed from
    the logit as softplus(z) − y z (no log of 0, however saturated f is), so
    ∂ℓ/∂z = f − y and ∂²ℓ/∂z² = f(1 − f). For a logistic neuron L is convex.
    Targets must lie in [0, 1]."""

    name: ClassVar[str] = "cross_entropy"
    label: ClassVar[str] = "cross-entropy  −Σ [y log f + (1 − y) log(1 − f)]"

    @property
    def value_scale(self) -> float:
        return 1.0

    def values_from_neg_logit(self, neg_z: Array, y: float | Array) -> Array:
        # softplus(z) − y z with z = −neg_z: logaddexp(0, −neg_z) + y · neg_z
        out = np.logaddexp(0.0, -neg_z)
        out += y * neg_z
        return out

    def value_and_dz(self, z: Array, f: Array, y: float | Array) -> tuple[Array, Array]:
        return np.logaddexp(0.0, z) - y * z, f - y

    def d2z(self, z: Array, f: Array, y: float | Array) -> Array:
        return f * (1.0 - f)

    def split(self, z: Array, order: int) -> tuple[Array, Array]:
        # softplus(z) − y z: A = softplus, A⁽¹⁾ = σ, A⁽²⁾ = σ⁽¹⁾ …; B = −z.
        d = _sigmoid_derivatives(z)
        a = np.concatenate((np.logaddexp(0.0, z)[None], d[:4]))
        b = np.zeros_like(a)
        b[0], b[1] = -z, -1.0
        return a[: order + 1], b[: order + 1]

    def y_term(self, y: Array) -> Array:
        return np.zeros_like(y)

    def scalar_kernel(
        self, pairs: tuple[tuple[float, float], ...]
    ) -> Callable[[float, float], tuple[float, float, float]]:
        exp, log1p = math.exp, math.log1p

        def kernel(w: float, b: float) -> tuple[float, float, float]:
            loss = dw = db = 0.0
            for x, y in pairs:
                z = w * x + b
                if z >= 0:
                    e = exp(-z) if z < 745 else 0.0
                    softplus, f = z + log1p(e), 1.0 / (1.0 + e)
                else:
                    e = exp(z) if z > -745 else 0.0
                    softplus, f = log1p(e), e / (1.0 + e)
                loss += softplus - y * z
                dz = f - y
                dw += dz * x
                db += dz
            return loss, dw, db

        return kernel

    def scalar_point(self, z: float, y: float) -> tuple[float, float]:
        # softplus(z) = logaddexp(0, z), written as NumPy computes it.
        softplus = z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))
        return softplus - y * z, _scalar_sigmoid(z)


def _scalar_sigmoid(z: float) -> float:
    """σ(z) = 1/(1+e^-z) in floats; 0 where e^-z overflows (z < −709)."""
    try:
        return 1.0 / (1.0 + math.exp(-z))
    except OverflowError:
        return 0.0


SQUARED_ERROR = SquaredError()
CROSS_ENTROPY = CrossEntropy()
LOSSES: dict[str, Loss] = {SQUARED_ERROR.name: SQUARED_ERROR, CROSS_ENTROPY.name: CROSS_ENTROPY}
