"""A registry method (``gd_core.methods``) run from many starts at once.

The optax-style ``init``/``update`` of the registry's optimizers (plain
descent, momentum, Nesterov, AdaGrad, RMSProp, Adam, mini-batch descent,
Newton's method; all but line search) act on θ held as one ``(2, A)`` array,
row 0 the w's and row 1 the b's, so A runs take one NumPy call per operation. Each run follows
:func:`gd_core.runner.run_optimizer` step for step: every run goes for all
its updates (a converged run can still leave the tolerance), a run whose
step leaves the finite range stops at its last finite step.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core.batch import DescentMap
from gd_core.cancel import checkpoint
from gd_core.optimizers import Optimizer, Oracle, _at_params
from gd_core.problem import SigmoidNeuron
from gd_core.runner import mini_batch
from gd_core.trajectory import converged_many, end_statuses, window_row

Array = NDArray[np.float64]
IntArray = NDArray[np.int64]
Progress = Callable[[float], None]  # called with the fraction done, 0 … 1


class MethodBatch:
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
        self.oracle = Oracle(lambda q: problem.loss(q[0], q[1]), self._hessians)

    def __call__(
        self, starts: Array, total: int, seed: int, progress: Progress | None
    ) -> DescentMap:
        """Run from each of ``starts`` (``(A, 2)``, finite) for ``total``
        updates (epochs × updates per epoch); mini-batches are drawn as the
        runner draws them with ``seed`` (the same order for every start).

        Returns:
            The ends; ``converged_at`` is the epoch in which each run's final
            converged stretch began (``Trajectory.converged_epoch``), −1 if none.
        """
        problem, optimizer = self.problem, self.optimizer
        out = _Ends(starts.shape[0], total)
        run = _Active(np.arange(starts.shape[0]), np.ascontiguousarray(starts.T))
        run.state = optimizer.init(run.params)
        run.loss, run.dw, run.db = problem.loss_and_grad(run.params[0], run.params[1])
        # The final converged stretch begins after the last row that was not.
        run.last_out = np.where(self._converged(run), -1, 0)
        window = window_row(total + 1)  # end_status's window, in rows
        if window == 0:
            out.window[:] = run.loss
        rng = np.random.default_rng(seed)  # the runner's: one generator, one order per epoch
        order = np.arange(problem.n_points)
        tick = max(1, total // 50)
        for u in range(1, total + 1):
            checkpoint()  # an update of a batch costs far more than the check
            k = (u - 1) % self.per_epoch
            if self.batch_size is not None and k == 0:
                order = rng.permutation(problem.n_points)
            self._step(run, out, u, order, k)
            if run.rows.size == 0:
                break
            if u == window:
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
        step, state = self.optimizer.update(g, run.state, run.params, self.oracle)
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
            problem = mini_batch(problem, order, k, self.batch_size)
        _, gw, gb = problem.loss_and_grad(at[0], at[1])
        return np.stack((gw, gb))

    def _hessians(self, params: Array) -> Array:
        """∇²L at each run's θ, ``(A, 2, 2)`` (Newton's method asks)."""
        hww, hwb, hbb = self.problem.hessian(params[0], params[1])
        rows = (np.stack((hww, hwb), axis=-1), np.stack((hwb, hbb), axis=-1))
        return np.stack(rows, axis=-2)

    def _converged(self, run: _Active) -> NDArray[np.bool_]:
        """The runner's test (``trajectory.converged``) for every active run."""

        def stuck(idx: NDArray[np.intp]) -> Array:
            return self.problem.stuck_loss(run.params[0, idx], run.params[1, idx])

        grad_norm = np.hypot(run.dw, run.db)
        return converged_many(run.loss, grad_norm, stuck, self.loss_tol, self.grad_tol)


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
    """The optimizer state of the runs kept: every per-run field (``(2, A)``
    or ``(A,)``) is cut down, the shared step count stays; a chain's tuple of
    states is cut field by field."""
    if isinstance(state, np.ndarray):
        return state[..., keep] if state.shape[-1] == keep.size else state
    if isinstance(state, tuple):
        fields = (_take(f, keep) for f in state)
        return type(state)(*fields) if hasattr(state, "_fields") else tuple(fields)
    return state
