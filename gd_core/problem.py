"""The lecture's problem: a sigmoid neuron f(x) = 1/(1+e^-(wx+b)) fit to data.

Everything is written per data point in terms of the logit z = wx + b, so a
loss only has to say how it depends on z: the gradient then follows by the
chain rule, ∂L/∂w = Σ ∂ℓ/∂z · x and ∂L/∂b = Σ ∂ℓ/∂z.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core._validate import MAX_DATA
from gd_core.losses import LOSSES, SQUARED_ERROR, Loss, sigmoid

Array = NDArray[np.float64]

MAX_POINTS = 100_000
# Points are folded into the grid one at a time while they are few; beyond this
# they go in (cells × points) tiles of at most _TILE elements (about 1 MiB).
_POINT_LOOP_MAX = 16
_TILE = 1 << 17
_TILE_CELLS = 1 << 13
# σ'(z) = f(1 − f) below this (|z| > 6.9) counts as saturated.
SATURATED_SLOPE = 1e-3


class SigmoidNeuron:
    """A sigmoid neuron and its data: L(w, b) = Σᵢ ℓ(w xᵢ + b, yᵢ).

    Args:
        x: inputs, shape ``(N,)``, 1 ≤ N ≤ 100,000, each within ±1e6.
        y: targets, shape ``(N,)``, each within ±1e6 (``_validate.MAX_DATA``).
        loss: the per-point loss; the lecture's squared error by default.

    Example:
        >>> p = SigmoidNeuron.lecture()
        >>> round(float(p.loss(-2.0, -2.0)), 6)
        0.41582
    """

    __slots__ = ("_pairs", "loss_fn", "x", "y")

    def __init__(self, x: ArrayLike, y: ArrayLike, loss: Loss | str = SQUARED_ERROR) -> None:
        xs = _as_data("x", x)
        ys = _as_data("y", y)
        if xs.shape != ys.shape:
            raise ValueError(f"x and y must have the same length, got {xs.size} and {ys.size}")
        if isinstance(loss, str):
            if loss not in LOSSES:
                raise ValueError(f"loss must be one of {sorted(LOSSES)}, got {loss!r}")
            loss = LOSSES[loss]
        if loss.name == "cross_entropy":
            outside = np.flatnonzero((ys < 0) | (ys > 1))
            if outside.size:
                row = int(outside[0])
                raise ValueError(
                    f"cross-entropy needs every y in [0, 1]; row {row + 1} has y = {ys[row]:g}"
                )
        self.x: Array = xs
        self.y: Array = ys
        self.loss_fn: Loss = loss
        # Plain floats for the paths of a few points (one run of two points);
        # more go through NumPy tiles, and 100,000 pairs would cost ~30 ms.
        self._pairs: tuple[tuple[float, float], ...] = (
            tuple(zip(xs.tolist(), ys.tolist(), strict=True)) if xs.size <= _POINT_LOOP_MAX else ()
        )

    def __repr__(self) -> str:
        return f"SigmoidNeuron(n_points={self.n_points}, loss={self.loss_fn.name!r})"

    @classmethod
    def lecture(cls) -> SigmoidNeuron:
        """The lecture's two points, (0.5, 0.2) and (2.5, 0.9), with squared error."""
        return cls([0.5, 2.5], [0.2, 0.9])

    @property
    def n_points(self) -> int:
        return int(self.x.size)

    def loss(self, w: ArrayLike, b: ArrayLike) -> Array:
        """L(w, b) for scalars or broadcastable arrays; the result has their shape."""
        wa, ba = _as_params("w", w), _as_params("b", b)
        shape = np.broadcast_shapes(wa.shape, ba.shape)
        loss = np.zeros(shape)
        # z = wx + b may overflow to ±inf for huge w; σ(±inf) is exact (1 or 0).
        with np.errstate(over="ignore"):
            if self.n_points <= _POINT_LOOP_MAX:
                # One buffer reused for every point: the surface's hot loop
                # makes no temporaries beyond it (benchmarks/bench_core.py).
                scratch = np.empty(shape)
                for xi, yi in self._pairs:
                    np.subtract(wa * -xi, ba, out=scratch)  # −z, broadcast once
                    loss += self.loss_fn.values_from_neg_logit(scratch, yi)
                loss *= self.loss_fn.value_scale
                return loss
            flat_w = np.broadcast_to(wa, shape).reshape(-1)
            flat_b = np.broadcast_to(ba, shape).reshape(-1)
            flat_loss = loss.reshape(-1)
            for cells, xs, ys in self._tiles(flat_w.size):
                neg_z = np.subtract(-xs * flat_w[cells], flat_b[cells])
                flat_loss[cells] += self.loss_fn.values_from_neg_logit(neg_z, ys).sum(axis=0)
            loss *= self.loss_fn.value_scale
        return loss

    def grad(self, w: ArrayLike, b: ArrayLike) -> tuple[Array, Array]:
        """(∇w, ∇b) = (Σ ∂ℓ/∂z · x, Σ ∂ℓ/∂z) for scalars or broadcastable arrays."""
        _, dw, db = self.loss_and_grad(w, b)
        return dw, db

    def loss_and_grad(self, w: ArrayLike, b: ArrayLike) -> tuple[Array, Array, Array]:
        """L, ∇w and ∇b in one pass over the data (shapes as the broadcast w, b)."""
        loss, dw, db, _ = self._evaluate(w, b, with_stuck=False)
        return loss, dw, db

    def loss_grad_and_stuck(self, w: ArrayLike, b: ArrayLike) -> tuple[Array, Array, Array, Array]:
        """L, ∇w, ∇b and :meth:`stuck_loss` in one pass (the batch loop's step)."""
        loss, dw, db, stuck = self._evaluate(w, b, with_stuck=True)
        assert stuck is not None
        return loss, dw, db, stuck

    def _evaluate(
        self, w: ArrayLike, b: ArrayLike, with_stuck: bool
    ) -> tuple[Array, Array, Array, Array | None]:
        wa, ba = np.broadcast_arrays(_as_params("w", w), _as_params("b", b))
        if wa.ndim == 0:  # in-place ufuncs need real arrays, not NumPy scalars
            results = self._evaluate(wa.reshape(1), ba.reshape(1), with_stuck)
            return tuple(r.reshape(()) if r is not None else None for r in results)  # type: ignore[return-value]
        if self.n_points > _POINT_LOOP_MAX:
            with np.errstate(over="ignore"):  # z → ±inf is exact in σ
                return self._evaluate_tiles(wa, ba, with_stuck)
        # A pass per point over whole arrays: for a batch of runs each NumPy
        # call is ~1 µs, so this beats (runs × points) tiles and their sums.
        loss, dw, db = np.zeros(wa.shape), np.zeros(wa.shape), np.zeros(wa.shape)
        stuck = np.zeros(wa.shape) if with_stuck else None
        with np.errstate(over="ignore"):  # e^-z = inf gives σ = 0, as it should
            for xi, yi in self._pairs:
                z = wa * xi
                z += ba
                f = np.negative(z)
                np.exp(f, out=f)
                f += 1.0
                np.reciprocal(f, out=f)
                value, dz = self.loss_fn.value_and_dz(z, f, yi)
                loss += value
                dw += dz * xi
                db += dz
                if stuck is not None:
                    slope = np.subtract(1.0, f, out=z)
                    slope *= f
                    stuck += np.where(slope < SATURATED_SLOPE, value, 0.0)
        return loss, dw, db, stuck

    def _evaluate_tiles(
        self, wa: Array, ba: Array, with_stuck: bool
    ) -> tuple[Array, Array, Array, Array | None]:
        """Many points: (cells × points) tiles, so memory stays bounded."""
        loss, dw, db = np.zeros(wa.shape), np.zeros(wa.shape), np.zeros(wa.shape)
        stuck = np.zeros(wa.shape) if with_stuck else None
        flat_w, flat_b = wa.reshape(-1), ba.reshape(-1)
        flat_loss, flat_dw, flat_db = loss.reshape(-1), dw.reshape(-1), db.reshape(-1)
        for cells, xs, ys in self._tiles(flat_w.size):
            z = xs * flat_w[cells] + flat_b[cells]
            f = sigmoid(z)
            value, dz = self.loss_fn.value_and_dz(z, f, ys)
            flat_loss[cells] += value.sum(axis=0)
            flat_dw[cells] += (dz * xs).sum(axis=0)
            flat_db[cells] += dz.sum(axis=0)
            if stuck is not None:
                saturated = f * (1.0 - f) < SATURATED_SLOPE
                stuck.reshape(-1)[cells] += np.where(saturated, value, 0.0).sum(axis=0)
        return loss, dw, db, stuck

    def _tiles(self, n_cells: int) -> Iterator[tuple[slice, Array, Array]]:
        """(cells, x, y) blocks for (points × cells) tiles of ≤ _TILE elements.

        Cells run along the fast axis, so summing a tile over its points adds
        whole rows (vectorised), and a tile (1 MiB) stays in cache.
        """
        cell_block = min(max(n_cells, 1), _TILE_CELLS)
        point_block = max(1, _TILE // cell_block)
        for c0 in range(0, n_cells, cell_block):
            for p0 in range(0, self.n_points, point_block):
                points = slice(p0, p0 + point_block)
                yield slice(c0, c0 + cell_block), self.x[points, None], self.y[points, None]

    def scalar_kernel(self) -> Callable[[float, float], tuple[float, float, float]]:
        """A function (w, b) -> (L, ∇w, ∇b) in plain Python floats: the
        lecture's own loop, for one run of a few points, where a NumPy call
        per epoch would cost more than the arithmetic. Many points go through
        :meth:`loss_and_grad` instead. Numbers equal it to rounding.
        """
        if self.n_points > _POINT_LOOP_MAX:

            def numpy_kernel(w: float, b: float) -> tuple[float, float, float]:
                loss, dw, db = self.loss_and_grad(w, b)
                return float(loss), float(dw), float(db)

            return numpy_kernel
        return self.loss_fn.scalar_kernel(self._pairs)

    def hessian(self, w: ArrayLike, b: ArrayLike) -> tuple[Array, Array, Array]:
        """The Hessian ∇²L = Σᵢ ∂²ℓ/∂z² · [[xᵢ², xᵢ], [xᵢ, 1]] as its three entries
        (∂²L/∂w², ∂²L/∂w∂b, ∂²L/∂b²), each shaped like the broadcast w, b: the
        matrix on the lecture's Taylor slide."""
        wa, ba = np.broadcast_arrays(_as_params("w", w), _as_params("b", b))
        hww, hwb, hbb = np.zeros(wa.shape), np.zeros(wa.shape), np.zeros(wa.shape)
        with np.errstate(over="ignore"):  # z → ±inf is exact in σ
            for xi, yi in zip(self.x.tolist(), self.y.tolist(), strict=True):
                z = wa * xi + ba
                curvature = self.loss_fn.d2z(z, sigmoid(z), yi)
                hww += curvature * (xi * xi)
                hwb += curvature * xi
                hbb += curvature
        return hww, hwb, hbb

    @property
    def separable(self) -> bool:
        """Whether the targets are 0/1 and a threshold on x splits them
        (all 1s on one side): cross-entropy then has no finite minimum — it
        only approaches 0 as |w| → ∞."""
        if not np.all((self.y == 0) | (self.y == 1)) or np.all(self.y == self.y[0]):
            return False
        ones, zeros = self.x[self.y == 1], self.x[self.y == 0]
        return bool(ones.min() > zeros.max() or ones.max() < zeros.min())

    @property
    def unbounded(self) -> bool:
        """No finite minimizer: cross-entropy on separable data."""
        return self.loss_fn.name == "cross_entropy" and self.separable

    def zero_loss_point(self) -> tuple[float, float] | None:
        """The (w*, b*) where every point is fitted exactly, if there is one.

        σ(w xᵢ + b) = yᵢ means w xᵢ + b = logit yᵢ: a line through the points
        (xᵢ, logit yᵢ). It exists when every yᵢ is in (0, 1), the xᵢ are not
        all equal, and the points are collinear. For the lecture's data:
        w* = (logit 0.9 − logit 0.2) / 2 = ln 6, b* = logit 0.2 − 0.5 w*.

        Example:
            >>> w, b = SigmoidNeuron.lecture().zero_loss_point()
            >>> round(w, 6), round(b, 6)
            (1.791759, -2.282174)
        """
        if np.any((self.y <= 0) | (self.y >= 1)) or np.ptp(self.x) == 0:
            return None
        logits = np.log(self.y) - np.log1p(-self.y)
        design = np.column_stack((self.x, np.ones_like(self.x)))
        (w, b), *_ = np.linalg.lstsq(design, logits, rcond=None)
        if np.max(np.abs(design @ np.array([w, b]) - logits)) > 1e-9 * (1 + np.abs(logits).max()):
            return None
        return float(w), float(b)

    def stuck_loss(self, w: ArrayLike, b: ArrayLike) -> Array:
        """The part of L carried by saturated points: Σᵢ ℓᵢ over the points with
        σ'(zᵢ) = f(1 − f) < 1e-3 (|zᵢ| > 6.9, a flat wing of the sigmoid).

        Such a point adds almost nothing to the gradient however wrong it is:
        a vanishing gradient with stuck loss left is a plateau, not a minimum.
        """
        return self.loss_grad_and_stuck(w, b)[3]


def _as_data(name: str, values: ArrayLike) -> Array:
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None
    if array.ndim != 1:
        array = array.reshape(-1)
    if array.size == 0:
        raise ValueError(f"{name} must hold 1 to {MAX_POINTS:,} points, got none")
    if array.size > MAX_POINTS:
        raise ValueError(f"{name} must hold 1 to {MAX_POINTS:,} points, got {array.size:,}")
    if not np.all(np.isfinite(array)):
        bad = int(np.flatnonzero(~np.isfinite(array))[0])
        raise ValueError(f"{name} must be finite numbers; row {bad + 1} has {array[bad]}")
    outside = np.flatnonzero(np.abs(array) > MAX_DATA)
    if outside.size:
        row = int(outside[0])
        raise ValueError(
            f"{name} must lie within ±{MAX_DATA:g} (larger values overflow the loss); "
            f"row {row + 1} has {array[row]:g}"
        )
    array.setflags(write=False)
    return array


def _as_params(name: str, values: ArrayLike) -> Array:
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers") from None
