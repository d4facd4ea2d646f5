"""The lecture's derivation of ∇w and ∇b, line by line, with numbers.

For one point (x, y) and squared error ℓ = ½(f(x) − y)² the slide derives

    ∇w = ∂/∂w [½(f(x) − y)²] = (f(x) − y) · ∂f(x)/∂w,  ∂f(x)/∂w = f(x)(1 − f(x)) · x,

and ∇b the same without the last x; for several points the derivative of
the sum is the sum of the derivatives: ∇w = Σᵢ (f(xᵢ) − yᵢ) f(xᵢ)(1 − f(xᵢ)) xᵢ.
Cross-entropy ℓ = −[y log f + (1 − y) log(1 − f)] has ∂ℓ/∂f = (f − y)/(f(1 − f)),
so the f(1 − f) cancels: ∇w = Σᵢ (f(xᵢ) − yᵢ) xᵢ. Every term is evaluated at the
current θ = (w, b), as the lecture insists: "you plug in the values of
w_t, b_t, get that value".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gd_core import _validate
from gd_core.losses import sigmoid
from gd_core.problem import SigmoidNeuron

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Derivation:
    """Each line of the derivation at θ, per data point (arrays ``(N,)``).

    Attributes:
        loss: ``"squared_error"`` or ``"cross_entropy"``.
        theta: (w, b) where everything is evaluated.
        x, y: the data.
        z: wx + b.
        f: f(x) = σ(wx + b).
        residual: f(x) − y.
        slope: f(x)(1 − f(x)), the sigmoid's derivative ∂f/∂z.
        dz: ∂ℓ/∂z: residual · slope (squared error) or residual (cross-entropy).
        dw: ∂ℓ/∂w = dz · x, each point's share of ∇w.
        db: ∂ℓ/∂b = dz, each point's share of ∇b.
        grad_w, grad_b: the sums Σᵢ over the points: ∇w and ∇b at θ.
    """

    loss: str
    theta: tuple[float, float]
    x: Array
    y: Array
    z: Array
    f: Array
    residual: Array
    slope: Array
    dz: Array
    dw: Array
    db: Array
    grad_w: float
    grad_b: float


def derive_gradient(problem: SigmoidNeuron, theta: Sequence[float]) -> Derivation:
    """The slide's chain rule at θ for every data point, and the sums.

    Example:
        >>> d = derive_gradient(SigmoidNeuron.lecture(), (-2.0, -2.0))
        >>> round(d.grad_w, 6), round(d.grad_b, 6)
        (-0.005492, -0.007711)
    """
    w = _validate.finite("θ w", theta[0])
    b = _validate.finite("θ b", theta[1])
    x, y = problem.x, problem.y
    z = w * x + b
    f = sigmoid(z)
    residual = f - y
    slope = f * (1.0 - f)
    dz = residual * slope if problem.loss_fn.name == "squared_error" else residual
    dw, db = dz * x, dz
    return Derivation(
        loss=problem.loss_fn.name,
        theta=(w, b),
        x=x, y=y, z=z, f=f, residual=residual, slope=slope, dz=dz, dw=dw, db=db,
        grad_w=math.fsum(dw.tolist()),
        grad_b=math.fsum(db.tolist()),
    )  # fmt: skip


@dataclass(frozen=True)
class Digression:
    """The lecture's digression at θ = (w, b): a function of one variable,
    L(w) = w², has a derivative dL/dw = 2w; of two, L(w, b) = w² + b², two
    partial derivatives ∂L/∂w = 2w (b held constant) and ∂L/∂b = 2b, and
    its gradient is the two taken together as a vector [2w, 2b]ᵀ.
    """

    w: float
    b: float
    one_variable: float  # L(w) = w²
    derivative: float  # dL/dw = 2w
    two_variables: float  # L(w, b) = w² + b²
    partial_w: float  # ∂L/∂w = 2w
    partial_b: float  # ∂L/∂b = 2b


def digression(theta: Sequence[float]) -> Digression:
    """The digression's formulas evaluated at θ ("a formula, and then a
    value at a particular point": d(x²)/dx = 2x is 2 at x = 1)."""
    w = _validate.finite("θ w", theta[0])
    b = _validate.finite("θ b", theta[1])
    return Digression(
        w=w, b=b, one_variable=w * w, derivative=2 * w, two_variables=w * w + b * b,
        partial_w=2 * w, partial_b=2 * b,
    )  # fmt: skip
