"""Convergence maps: how a method ends from every start of a grid over the
w–b plane (the lecture's point that where you start decides everything).

A map runs one method from R starts. Methods whose update is elementwise
(plain descent, momentum, Nesterov, AdaGrad, RMSProp, Adam, mini-batch
descent; ``Method.batched``) run all starts at once: the registry's own
optax-style ``init``/``update`` act on θ held as one ``(2, R)`` array, row 0
the w's and row 1 the b's. Line search and Newton's method decide each step
per run (a trial loop, a 2 × 2 solve), so a map of theirs loops over the
starts with the single-run runner. Every run goes for all its epochs, exactly
as :func:`gd_core.runner.run_method` does, so each cell is that run's status,
epoch of convergence and final loss.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core import _validate
from gd_core.batch import DescentMap
from gd_core.descent import check_run
from gd_core.methods import METHODS
from gd_core.optimizers import Optimizer, Oracle, _at_params
from gd_core.problem import SigmoidNeuron
from gd_core.runner import MAX_UPDATES, run_method
from gd_core.trajectory import DEFAULT_GRAD_TOL, DEFAULT_LOSS_TOL, STATUSES, end_statuses

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
Progress = Callable[[float], None]  # called with the fraction done, 0 … 1
MAX_MAP_RESOLUTION = 300
CHUNK = 8192


@dataclass(frozen=True)
class ConvergenceMap:
    """A method's end from every cell centre of an n_b × n_w grid of starts.

    Attributes:
        w, b: ``(n_w,)``, ``(n_b,)`` the cell centres (the starts).
        status, epochs, final_loss: ``(n_b, n_w)``: row i is b[i], column j
            is w[j]; ``epochs`` is the epoch of convergence, −1 if none.
        final_params: ``(n_b, n_w, 2)``.
        method: the registry name; batched: whether the starts ran as one array.
    """

    w: Array
    b: Array
    status: NDArray[np.str_]
    epochs: IntArray
    final_loss: Array
    final_params: Array
    method: str
    batched: bool

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


def block_count(runs: int, method: str) -> int:
    """How many blocks of starts a map of ``runs`` starts runs in (what
    ``method_ends`` does anyway): blocks of at most ``CHUNK`` starts when
    batched, else at most 16 (a looped map is slow: show it move)."""
    if method in METHODS and not METHODS[method].batched:
        return max(1, min(runs, 16))
    return max(1, -(-runs // CHUNK))


def assemble(w: Array, b: Array, parts: Sequence[DescentMap], method: str) -> ConvergenceMap:
    """The map of grid (w, b) from the ends of its starts, in ``grid_starts``
    order, given as consecutive parts."""
    ends = _concatenate(parts)
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
        batched=METHODS[method].batched,
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
    ends from each start, batched where the method allows.

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
    _, _, _, epochs, loss_tol, grad_tol = check_run((0.0, 0.0), 1.0, epochs, loss_tol, grad_tol)
    points = _check_starts(starts)
    if batch_size is not None:
        batch_size = _validate.int_in_range("mini-batch size k", batch_size, 1, problem.n_points)
    per_epoch = 1 if batch_size is None else math.ceil(problem.n_points / batch_size)
    if epochs * per_epoch > MAX_UPDATES:
        raise ValueError(
            f"epochs × updates per epoch must be at most {MAX_UPDATES:,}, "
            f"got {epochs} × {per_epoch}"
        )
    if not METHODS[method].batched:
        return _looped(
            problem, method, settings, points, epochs, seed, (loss_tol, grad_tol), progress
        )
    run = _Batch(problem, optimizer, batch_size, per_epoch, (loss_tol, grad_tol))
    # Blocks of at most CHUNK starts: a dozen arrays of that size stay in a
    # core's cache (one block of 22,500 runs is ~1.5× slower).
    blocks = np.array_split(points, block_count(len(points), method))
    parts = []
    with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected, not warned
        for i, block in enumerate(blocks):
            part = None if progress is None else _part(progress, i, len(blocks))
            parts.append(run(block, epochs * per_epoch, seed, part))
    return _concatenate(parts)


def _concatenate(parts: Sequence[DescentMap]) -> DescentMap:
    if len(parts) == 1:
        return parts[0]
    columns = [[getattr(p, f.name) for p in parts] for f in fields(DescentMap)]
    return DescentMap(*(np.concatenate(column) for column in columns))


def _part(progress: Progress, index: int, count: int) -> Progress:
    """``progress`` for block ``index`` of ``count``."""
    return lambda done: progress((index + done) / count)


def _check_starts(starts: ArrayLike) -> Array:
    try:
        points = np.asarray(starts, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("starts must be numbers") from None
    if points.ndim != 2 or points.shape[1] != 2 or points.shape[0] == 0:
        raise ValueError(f"starts must have shape (R, 2), got {np.shape(starts)}")
    if not np.all(np.isfinite(points)):
        raise ValueError("starts must be finite numbers")
    return points


def _looped(
    problem: SigmoidNeuron,
    method: str,
    settings: Mapping[str, Any] | None,
    starts: Array,
    epochs: int,
    seed: int,
    tol: tuple[float, float],
    progress: Progress | None,
) -> DescentMap:
    """One ``run_method`` per start: for methods that are not batched."""
    runs = []
    for r, start in enumerate(starts):
        runs.append(
            run_method(problem, method, settings, tuple(start), epochs, seed=seed,
                       loss_tol=tol[0], grad_tol=tol[1])
        )  # fmt: skip
        if progress is not None:
            progress((r + 1) / len(starts))
    epochs_at = [run.converged_epoch for run in runs]
    return DescentMap(
        final_params=np.array([run.params[-1] for run in runs]),
        final_loss=np.array([run.final_loss for run in runs]),
        final_grad_norm=np.array([run.grad_norms[-1] for run in runs]),
        status=np.array([run.status for run in runs], dtype="<U10"),
        converged_at=np.array([-1 if e is None else e for e in epochs_at], dtype=np.int64),
        steps=np.array([run.steps for run in runs], dtype=np.int64),
    )


class _Batch:
    """All starts of a batched method as one ``(2, A)`` array, A the runs
    still active (a run that diverges leaves; the others go on to the end)."""

    def __init__(
        self,
        problem: SigmoidNeuron,
        optimizer: Optimizer,
        batch_size: int | None,
        per_epoch: int,
        tol: tuple[float, float],
    ) -> None:
        self.problem, self.optimizer = problem, optimizer
        self.batch_size, self.per_epoch = batch_size, per_epoch
        self.loss_tol, self.grad_tol = tol
        self.looks_ahead = optimizer.gradient_at is not _at_params

    def __call__(
        self, starts: Array, total: int, seed: int, progress: Progress | None
    ) -> DescentMap:
        problem, optimizer = self.problem, self.optimizer
        out = _Ends(starts.shape[0], total)
        run = _Active(np.arange(starts.shape[0]), np.ascontiguousarray(starts.T))
        run.state = optimizer.init(run.params)
        run.loss, run.dw, run.db = problem.loss_and_grad(run.params[0], run.params[1])
        # The final converged stretch begins after the last row that was not.
        run.last_out = np.where(self._converged(run), -1, 0)
        window_row = total - max(1, (total + 1) // 5)  # as end_status's window, in rows
        if window_row == 0:
            out.window[:] = run.loss
        rng = np.random.default_rng(seed)  # the runner's: one generator, one order per epoch
        order = np.arange(problem.n_points)
        tick = max(1, total // 50)
        for u in range(1, total + 1):
            k = (u - 1) % self.per_epoch
            if self.batch_size is not None and k == 0:
                order = rng.permutation(problem.n_points)
            self._step(run, out, u, order, k)
            if run.rows.size == 0:
                break
            if u == window_row:
                out.window[run.rows] = run.loss
            if progress is not None and u % tick == 0:
                progress(u / total)
        if run.rows.size:
            out.leave(run, total)
            out.converged_at[run.rows] = np.where(run.last_out < total, run.last_out + 1, -1)
        return out.ends(problem, self.loss_tol, self.per_epoch)

    def _step(self, run: _Active, out: _Ends, u: int, order: NDArray[np.int64], k: int) -> None:
        """Update u of every active run; runs whose step leaves the finite
        range stop at their last finite step (``diverged``)."""
        if self.batch_size is None and not self.looks_ahead:
            g = np.stack((run.dw, run.db))  # ∇L(θ_t), computed with L(θ_t)
        else:
            g = self._gradient(self.optimizer.gradient_at(run.params, run.state), order, k)
        step, state = self.optimizer.update(g, run.state, run.params, _NO_ORACLE)
        candidate = run.params + step
        value, dw, db = self.problem.loss_and_grad(candidate[0], candidate[1])
        # A sum is finite only if every term is (reductions write nothing); a
        # false alarm (terms near 1e308) just takes the exact test below.
        if not math.isfinite(float(value.sum() + dw.sum() + db.sum() + candidate.sum())):
            ok = np.isfinite(candidate).all(axis=0) & np.isfinite(value + dw + db)
            if not ok.all():
                out.leave(run, u - 1, ~ok)
                out.diverged[run.rows[~ok]] = True
                run.keep(ok)
                candidate, value, dw, db = candidate[:, ok], value[ok], dw[ok], db[ok]
                state = _take(state, ok)
        run.params, run.state, run.loss, run.dw, run.db = candidate, state, value, dw, db
        run.last_out = np.where(self._converged(run), run.last_out, u)

    def _gradient(self, at: Array, order: NDArray[np.int64], k: int) -> Array:
        """∇L at ``at`` (Nesterov's look-ahead), over the k-th mini-batch of
        ``order`` for a stochastic method, else over all the data."""
        problem = self.problem
        if self.batch_size is not None:
            idx = order[k * self.batch_size : (k + 1) * self.batch_size]
            problem = SigmoidNeuron(problem.x[idx], problem.y[idx], loss=problem.loss_fn)
        _, gw, gb = problem.loss_and_grad(at[0], at[1])
        return np.stack((gw, gb))

    def _converged(self, run: _Active) -> NDArray[np.bool_]:
        """The runner's test: L < loss_tol, or ‖∇L‖ < grad_tol off a plateau."""
        now = run.loss < self.loss_tol
        # Only a flat run above the loss tolerance needs its stuck loss (few).
        flat = np.flatnonzero((np.hypot(run.dw, run.db) < self.grad_tol) & ~now)
        if flat.size:
            stuck = self.problem.stuck_loss(run.params[0, flat], run.params[1, flat])
            now[flat[stuck <= self.loss_tol]] = True
        return now


class _Active:
    """The runs still going: their rows in the output, θ as ``(2, A)``, the
    optimizer state, L and ∇L at θ, and the last row each was not converged."""

    def __init__(self, rows: IntArray, params: Array) -> None:
        self.rows, self.params = rows, params
        self.state: Any = None
        self.loss = self.dw = self.db = np.empty(0)
        self.last_out = np.empty(0, dtype=np.int64)

    def keep(self, ok: NDArray[np.bool_]) -> None:
        self.rows, self.params, self.state = (
            self.rows[ok],
            self.params[:, ok],
            _take(self.state, ok),
        )
        self.loss, self.dw, self.db = self.loss[ok], self.dw[ok], self.db[ok]
        self.last_out = self.last_out[ok]


class _Ends:
    """Each run's last step, written when the run leaves (or at the end)."""

    def __init__(self, runs: int, total: int) -> None:
        self.params = np.empty((runs, 2))
        self.loss, self.norm = np.empty(runs), np.empty(runs)
        self.window = np.full(runs, np.nan)
        self.steps = np.full(runs, total, dtype=np.int64)
        self.converged_at = np.full(runs, -1, dtype=np.int64)
        self.diverged = np.zeros(runs, dtype=bool)

    def leave(self, run: _Active, steps: int, which: NDArray[np.bool_] | None = None) -> None:
        """Write the runs ``which`` (default: all) of ``run`` as they stand."""
        pick = slice(None) if which is None else which
        rows = run.rows[pick]
        self.params[rows] = run.params[:, pick].T
        self.loss[rows], self.steps[rows] = run.loss[pick], steps
        self.norm[rows] = np.hypot(run.dw[pick], run.db[pick])

    def ends(self, problem: SigmoidNeuron, loss_tol: float, per_epoch: int) -> DescentMap:
        # Only runs that went the whole way (never diverged) read the window.
        status = end_statuses(
            self.loss,
            np.where(np.isfinite(self.window), self.window, self.loss),
            self.norm,
            problem.stuck_loss(self.params[:, 0], self.params[:, 1]),
            self.converged_at >= 0,
            self.diverged,
            loss_tol,
        )
        # Row r of a mini-batch run lies in epoch ⌈r / updates per epoch⌉.
        rows = self.converged_at
        epoch = np.where(rows > 0, -(-rows // per_epoch), rows)
        return DescentMap(self.params, self.loss, self.norm, status, epoch, self.steps)


def _take(state: Any, keep: NDArray[np.bool_]) -> Any:
    """The optimizer state of the runs kept: every per-run ``(2, A)`` field
    is cut down, the shared step count stays."""
    return type(state)(*(f[:, keep] if isinstance(f, np.ndarray) and f.ndim == 2 else f
                         for f in state))  # fmt: skip


def _no_oracle(params: Array) -> Any:
    raise RuntimeError("a batched method asked for the loss or the Hessian")


_NO_ORACLE = Oracle(_no_oracle, _no_oracle)
