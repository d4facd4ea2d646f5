"""Convergence maps: how a method ends from every start of a grid over the
w–b plane (the lecture's point that where you start decides everything).

A map runs one method from R starts, all at once: the registry's own
optax-style ``init``/``update`` act on θ held as one ``(2, R)`` array, row 0
the w's and row 1 the b's (see ``gd_core.runs.many``; Newton's method
solves R stacked 2 × 2 systems, line search backtracks run by run with masks).
Every run goes for all its epochs, exactly as :func:`gd_core.runs.run_method`
does, so each cell is that run's status, epoch of convergence and final loss.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core import _validate
from gd_core.methods import METHODS
from gd_core.problem import SigmoidNeuron
from gd_core.runs.ends import CHUNK, concatenate
from gd_core.runs.many import DescentMap, ManyRuns, Progress
from gd_core.trajectory import DEFAULT_GRAD_TOL, DEFAULT_LOSS_TOL, STATUSES

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
MAX_MAP_RESOLUTION = 300


@dataclass(frozen=True)
class ConvergenceMap:
    """A method's end from every cell centre of an n_b × n_w grid of starts.

    Attributes:
        w, b: ``(n_w,)``, ``(n_b,)`` the cell centres (the starts).
        status, epochs, final_loss: ``(n_b, n_w)``: row i is b[i], column j
            is w[j]; ``epochs`` is the epoch of convergence, −1 if none.
        final_params: ``(n_b, n_w, 2)``.
        method: the registry name.
    """

    w: Array
    b: Array
    status: NDArray[np.str_]
    epochs: IntArray
    final_loss: Array
    final_params: Array
    method: str

    def counts(self) -> dict[str, int]:
        """Cells per status, in ``STATUSES`` order; they add up to the grid."""
        return {s: int(np.count_nonzero(self.status == s)) for s in STATUSES}

    def share(self, status: str) -> float:
        """The fraction of the plane's cells with ``status``."""
        return self.counts()[status] / self.status.size

    def cell(self, w: float, b: float) -> tuple[int, int] | None:
        """(row, column) of the cell holding (w, b), or ``None`` outside the map."""
        if not (math.isfinite(w) and math.isfinite(b)):
            return None
        found = []
        for axis, value in ((self.b, b), (self.w, w)):
            half = (axis[-1] - axis[0]) / (axis.size - 1) / 2
            if not axis[0] - half <= value <= axis[-1] + half:
                return None
            found.append(int(np.abs(axis - value).argmin()))
        return found[0], found[1]


def start_grid(
    w_range: tuple[float, float], b_range: tuple[float, float], resolution: int
) -> tuple[Array, Array]:
    """Cell centres of an n × n grid tiling the rectangle: wⱼ = w_min + (j + ½)Δw.

    On the ±6 square with n = 150 the centres are −5.96, −5.88, …: round
    numbers a start input shows exactly.
    """
    n = _validate.int_in_range("map resolution", resolution, 2, MAX_MAP_RESOLUTION)
    axes = []
    for name, (low, high) in (("w", w_range), ("b", b_range)):
        low = _validate.finite(f"{name} range start", low)
        high = _validate.finite(f"{name} range end", high)
        if not low < high:
            raise ValueError(f"{name} range must have start < end, got ({low:g}, {high:g})")
        step = (high - low) / n
        axes.append(np.round(low + (np.arange(n) + 0.5) * step, 12) + 0.0)
    return axes[0], axes[1]


def convergence_map(
    problem: SigmoidNeuron,
    w_range: tuple[float, float] = (-6.0, 6.0),
    b_range: tuple[float, float] = (-6.0, 6.0),
    resolution: int = 150,
    method: str = "gradient_descent",
    settings: Mapping[str, Any] | None = None,
    epochs: int = 1000,
    *,
    seed: int = 0,
    progress: Progress | None = None,
) -> ConvergenceMap:
    """Run ``method`` from every cell centre of ``start_grid`` (see
    :func:`method_ends`) and lay the ends out as the grid."""
    w, b = start_grid(w_range, b_range, resolution)
    ends = method_ends(
        problem, method, settings, grid_starts(w, b), epochs, seed=seed, progress=progress
    )
    return assemble(w, b, [ends], method)


def grid_starts(w: Array, b: Array) -> Array:
    """``(n_b · n_w, 2)`` every (w, b) of the grid, row by row (b outer)."""
    ww, bb = np.meshgrid(w, b)
    return np.column_stack((ww.ravel(), bb.ravel()))


def block_count(runs: int) -> int:
    """How many blocks of at most ``CHUNK`` starts a map of ``runs`` starts
    runs in (``method_ends`` does; a page can show progress between them)."""
    return max(1, -(-runs // CHUNK))


def assemble(w: Array, b: Array, parts: Sequence[DescentMap], method: str) -> ConvergenceMap:
    """The map of grid (w, b) from the ends of its starts, in ``grid_starts``
    order, given as consecutive parts."""
    ends = concatenate(list(parts))
    shape = (b.size, w.size)
    if ends.status.size != b.size * w.size:
        raise ValueError(f"{ends.status.size} runs do not fill a {shape[0]} × {shape[1]} grid")
    return ConvergenceMap(
        w=w,
        b=b,
        status=ends.status.reshape(shape),
        epochs=ends.converged_at.reshape(shape),
        final_loss=ends.final_loss.reshape(shape),
        final_params=ends.final_params.reshape(*shape, 2),
        method=method,
    )


def method_ends(
    problem: SigmoidNeuron,
    method: str,
    settings: Mapping[str, Any] | None,
    starts: ArrayLike,
    epochs: int = 1000,
    *,
    seed: int = 0,
    loss_tol: float = DEFAULT_LOSS_TOL,
    grad_tol: float = DEFAULT_GRAD_TOL,
    progress: Progress | None = None,
) -> DescentMap:
    """How ``run_method(problem, method, settings, start, epochs, seed=seed)``
    ends from each start, all starts in one batched pass.

    Args:
        starts: ``(R, 2)`` finite (w₀, b₀).
        progress: called now and then with the fraction of the work done.

    Returns:
        The ends, as :func:`gd_core.descent_map` gives them; ``converged_at``
        is ``Trajectory.converged_epoch`` (an epoch, also for mini-batches).

    Raises:
        ValueError: naming the method, hyperparameter, start or epochs at fault.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}, got {method!r}")
    optimizer, batch_size = METHODS[method].optimizer(settings)
    epochs, loss_tol, grad_tol = _validate.run_length(epochs, loss_tol, grad_tol)
    points = _validate.starts(starts)
    batch_size, per_epoch = _validate.mini_batches(batch_size, problem.n_points, epochs)
    run = ManyRuns(problem, optimizer, batch_size, per_epoch, (loss_tol, grad_tol))
    # Blocks of at most CHUNK starts: a dozen arrays of that size stay in a
    # core's cache (one block of 22,500 runs is ~1.5× slower).
    blocks = np.array_split(points, block_count(len(points)))
    parts = []
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected, not warned
        for i, block in enumerate(blocks):
            part = None if progress is None else _part(progress, i, len(blocks))
            parts.append(run(block, epochs * per_epoch, seed, part))
    return concatenate(parts)


def _part(progress: Progress, index: int, count: int) -> Progress:
    """``progress`` for block ``index`` of ``count``."""
    return lambda done: progress((index + done) / count)
