"""The loop of many runs at once, for every method but line search's
per-run loop: a registry optimizer (``gd_core.optimizers``) from many starts.

The optax-style ``init``/``update`` act on θ held as one ``(2, A)`` array,
row 0 the w's and row 1 the b's, so A runs take one NumPy call per
operation. Each run follows :func:`gd_core.runs.one.run_optimizer` step for
step: it goes for all its updates (a converged run can still leave the
tolerance) unless ``stop_at_tolerance``, and a run whose step leaves the
finite range stops at its last finite step. Only the ends are kept
(``DescentMap``); the stopping rules and their bookkeeping are
``gd_core.runs.stopping``'s.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core.cancel import checkpoint
from gd_core.optimizers import Optimizer, Oracle, _at_params
from gd_core.problem import SigmoidNeuron
from gd_core.runs.one import mini_batch
from gd_core.runs.stopping import Tracker, converged_many, end_statuses

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
Progress = Callable[[float], None]  # called with the fraction done, 0 … 1


@dataclass(frozen=True)
class DescentMap:
    """How each of R runs ended (no paths).

    Attributes:
        final_params: ``(R, 2)`` last finite (w, b).
        final_loss, final_grad_norm: ``(R,)`` at those parameters.
        status: ``(R,)`` strings, as ``Trajectory.status``.
        converged_at: ``(R,)`` start of the final converged stretch, −1 if none.
        steps: ``(R,)`` updates made.
    """

    final_params: Array
    final_loss: Array
    final_grad_norm: Array
    status: NDArray[np.str_]
    converged_at: IntArray
    steps: IntArray


def per_run_descent(etas: Array) -> Optimizer:
    """Plain descent θ_{t+1} = θ_t − η_r ∇L(θ_t) with run r's own η (the
    sweep's runs): η rides in the state, so a run that leaves takes its η."""

    def update(g: Array, eta: Array, p: Array, o: Oracle) -> tuple[Array, Array]:
        return -eta * g, eta

    return Optimizer("gradient_descent", lambda p: etas.copy(), update)


class ManyRuns:
    """A method from many starts: all runs as one ``(2, A)`` array, A the
    runs still active."""

    def __init__(
        self,
        problem: SigmoidNeuron,
        optimizer: Optimizer,
        batch_size: int | None,
        per_epoch: int,
        tol: tuple[float, float],
        stop_at_tolerance: bool = False,
    ) -> None:
        self.problem, self.optimizer = problem, optimizer
        self.batch_size, self.per_epoch = batch_size, per_epoch
        self.loss_tol, self.grad_tol = tol
        self.stop_at_tolerance = stop_at_tolerance
        self.looks_ahead = optimizer.gradient_at is not _at_params
        self.oracle = Oracle(lambda q: problem.loss(q[0], q[1]), self._hessians)

    def __call__(
        self, starts: Array, total: int, seed: int = 0, progress: Progress | None = None
    ) -> DescentMap:
        """Run from each of ``starts`` (``(A, 2)``, finite) for ``total``
        updates (epochs × updates per epoch); mini-batches are drawn as the
        single-run loop draws them with ``seed`` (the same order for every start).

        Returns:
            The ends; ``converged_at`` is the epoch in which each run's final
            converged stretch began (``Trajectory.converged_epoch``), −1 if none.
        """
        problem = self.problem
        runs = starts.shape[0]
        out = _Ends(runs, total)
        track = Tracker(runs, total)
        run = _Active(np.arange(runs), np.ascontiguousarray(starts.T))
        run.state = self.optimizer.init(run.params)
        run.loss, run.dw, run.db = problem.loss_and_grad(run.params[0], run.params[1])
        self._see(run, out, track, 0)
        rng = np.random.default_rng(seed)  # the single run's: one generator, one order per epoch
        order = np.arange(problem.n_points)
        tick = max(1, total // 50)
        for u in range(1, total + 1):
            if run.rows.size == 0:
                break
            checkpoint()  # an update of a batch costs far more than the check
            k = (u - 1) % self.per_epoch
            if self.batch_size is not None and k == 0:
                order = rng.permutation(problem.n_points)
            self._step(run, out, track, u, order, k)
            if progress is not None and u % tick == 0:
                progress(u / total)
        if run.rows.size:
            out.leave(run, total, run.live)
        return out.ends(problem, track, self.loss_tol, self.per_epoch)

    def _see(self, run: _Active, out: _Ends, track: Tracker, u: int) -> None:
        """Row u of every active run to the tracker; with
        ``stop_at_tolerance`` the converged runs leave."""
        now = self._converged(run)
        if run.live is not None:
            now |= ~run.live  # runs that have left: nothing more to track
        everyone = run.rows.size == out.steps.size
        track.see(u, now, slice(None) if everyone else run.rows, run.loss)
        if self.stop_at_tolerance:
            fresh = now if run.live is None else now & run.live
            if fresh.any():
                out.leave(run, u, fresh)
                run.finish(fresh)

    def _step(
        self, run: _Active, out: _Ends, track: Tracker, u: int, order: NDArray[np.int64], k: int
    ) -> None:
        """Update u of every active run; runs whose step leaves the finite
        range stop at their last finite step (``diverged``)."""
        if self.batch_size is None and not self.looks_ahead:
            g = np.stack((run.dw, run.db))  # ∇L(θ_t), computed with L(θ_t)
        else:
            g = self._gradient(self.optimizer.gradient_at(run.params, run.state), order, k)
        step, state = self.optimizer.update(g, run.state, run.params, self.oracle)
        candidate = run.params + step
        value, dw, db = self.problem.loss_and_grad(candidate[0], candidate[1])
        # stopping.finite for all runs: a sum is finite only if every term is
        # (reductions write nothing); a false alarm takes the exact test.
        if not math.isfinite(float(value.sum() + dw.sum() + db.sum() + candidate.sum())):
            ok = np.isfinite(candidate).all(axis=0) & np.isfinite(value + dw + db)
            if not ok.all():
                fresh = ~ok if run.live is None else ~ok & run.live
                out.leave(run, u - 1, fresh)
                track.diverge(run.rows[fresh])
                run.keep(ok)
                candidate, value, dw, db = candidate[:, ok], value[ok], dw[ok], db[ok]
                state = _take(state, ok)
        run.params, run.state, run.loss, run.dw, run.db = candidate, state, value, dw, db
        self._see(run, out, track, u)

    def _gradient(self, at: Array, order: NDArray[np.int64], k: int) -> Array:
        """∇L at ``at`` (Nesterov's look-ahead), over the k-th mini-batch of
        ``order`` for a stochastic method, else over all the data."""
        problem = self.problem
        if self.batch_size is not None:
            problem = mini_batch(problem, order, k, self.batch_size)
        _, gw, gb = problem.loss_and_grad(at[0], at[1])
        return np.stack((gw, gb))

    def _hessians(self, params: Array) -> Array:
        """∇²L at each run's θ, ``(A, 2, 2)`` (Newton's method asks)."""
        hww, hwb, hbb = self.problem.hessian(params[0], params[1])
        rows = (np.stack((hww, hwb), axis=-1), np.stack((hwb, hbb), axis=-1))
        return np.stack(rows, axis=-2)

    def _converged(self, run: _Active) -> NDArray[np.bool_]:
        """``stopping.converged_many`` for every active run."""

        def stuck(idx: NDArray[np.intp]) -> Array:
            return self.problem.stuck_loss(run.params[0, idx], run.params[1, idx])

        # ‖∇L‖ < grad_tol only where ∂w² + ∂b² is below grad_tol² (with a
        # margin far above their rounding): the exact ‖∇L‖ (np.hypot, a
        # slow ufunc) is taken there only; elsewhere it is certainly above.
        sq = run.dw * run.dw
        sq += run.db * run.db
        near = np.flatnonzero(sq <= self.grad_tol * self.grad_tol * (1.0 + 1e-6))
        grad_norm = np.full(sq.size, np.inf)
        grad_norm[near] = np.hypot(run.dw[near], run.db[near])
        return converged_many(run.loss, grad_norm, stuck, self.loss_tol, self.grad_tol)


class _Active:
    """The runs still going: their rows in the output, θ as ``(2, A)``, the
    optimizer state, and L and ∇L at θ. A run that stops at the tolerance
    is only marked (``live``) until enough have stopped to be worth
    cutting every array down: each cut costs a pass over all of them."""

    def __init__(self, rows: IntArray, params: Array) -> None:
        self.rows, self.params = rows, params
        self.state: Any = None
        self.loss = self.dw = self.db = np.empty(0)
        self.live: NDArray[np.bool_] | None = None  # None: every run is live

    def finish(self, done: NDArray[np.bool_]) -> None:
        """The runs ``done`` have left (their ends are written)."""
        self.live = ~done if self.live is None else self.live & ~done
        left = self.live.size - int(np.count_nonzero(self.live))
        if 32 * left >= self.live.size:
            self.keep(self.live)

    def keep(self, ok: NDArray[np.bool_]) -> None:
        """Only the runs ``ok`` go on."""
        self.rows, self.params, self.state = (
            self.rows[ok],
            self.params[:, ok],
            _take(self.state, ok),
        )
        self.loss, self.dw, self.db = self.loss[ok], self.dw[ok], self.db[ok]
        live = None if self.live is None else self.live[ok]
        self.live = None if live is None or live.all() else live


class _Ends:
    """Each run's last step, written when the run leaves (or at the end)."""

    def __init__(self, runs: int, total: int) -> None:
        self.params = np.empty((runs, 2))
        self.loss, self.norm = np.empty(runs), np.empty(runs)
        self.steps = np.full(runs, total, dtype=np.int64)

    def leave(self, run: _Active, steps: int, which: NDArray[np.bool_] | None = None) -> None:
        """Write the runs ``which`` (default: all) of ``run`` as they stand."""
        pick = slice(None) if which is None else which
        rows = run.rows[pick]
        self.params[rows] = run.params[:, pick].T
        self.loss[rows], self.steps[rows] = run.loss[pick], steps
        self.norm[rows] = np.hypot(run.dw[pick], run.db[pick])

    def ends(
        self, problem: SigmoidNeuron, track: Tracker, loss_tol: float, per_epoch: int
    ) -> DescentMap:
        rows = track.converged_at(self.steps)
        # Only runs that went the whole way read the window (else NaN).
        window = track.window_loss
        status = end_statuses(
            self.loss,
            np.where(np.isfinite(window), window, self.loss),
            self.norm,
            problem.stuck_loss(self.params[:, 0], self.params[:, 1]),
            rows >= 0,
            track.diverged,
            loss_tol,
        )
        # Row r of a mini-batch run lies in epoch ⌈r / updates per epoch⌉.
        epoch = np.where(rows > 0, -(-rows // per_epoch), rows)
        return DescentMap(self.params, self.loss, self.norm, status, epoch, self.steps)


def _take(state: Any, keep: NDArray[np.bool_]) -> Any:
    """The optimizer state of the runs kept: every per-run field (``(2, A)``
    or ``(A,)``) is cut down, the shared step count stays; a chain's tuple of
    states is cut field by field."""
    if isinstance(state, np.ndarray):
        return state[..., keep] if state.shape[-1] == keep.size else state
    if isinstance(state, tuple):
        fields = (_take(f, keep) for f in state)
        return type(state)(*fields) if hasattr(state, "_fields") else tuple(fields)
    return state
