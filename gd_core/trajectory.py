"""The one result type every method returns, and how a run's status is told."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

STATUSES = ("converged", "max_epochs", "plateau", "diverged")

# Defaults for when a run counts as converged: the lecture's loss falls from
# 0.42 to 2e-11, and 1e-5 is where its fit is indistinguishable on the slide
# (|f(x) − y| ≈ 0.003); the gradient test catches minima whose loss is not 0.
DEFAULT_LOSS_TOL = 1e-5
DEFAULT_GRAD_TOL = 1e-6
# Below this gradient norm a run that still has loss on saturated points is
# stuck on a plateau: at η = 1 it would take > 1000 epochs to move by 1.
PLATEAU_GRAD = 1e-3


@dataclass(frozen=True)
class Trajectory:
    """A run: θ_t at every step including the start, with L(θ_t) and ‖∇L(θ_t)‖.

    Attributes:
        params: ``(T, 2)`` rows (w_t, b_t), t = 0 … T−1; row 0 is the start.
        losses: ``(T,)`` L(θ_t).
        grad_norms: ``(T,)`` ‖∇L(θ_t)‖.
        status: ``"converged"``, ``"max_epochs"``, ``"plateau"`` or ``"diverged"``.
        converged_at: first t of the final stretch in which the tolerance held
            (the run is ``converged`` exactly when this is set), or ``None``.
        evaluations: loss (and, for descent, gradient) evaluations used.
        learning_rate: η of a descent run; ``None`` for search.
        method: ``"gradient_descent"``, ``"random_search:sample"`` …
        extras: what a method adds (see ``gd_core.runs.one``), else empty.
    """

    params: Array
    losses: Array
    grad_norms: Array
    status: str
    converged_at: int | None
    evaluations: int
    learning_rate: float | None
    method: str
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def steps(self) -> int:
        """Updates made: T − 1."""
        return int(self.params.shape[0]) - 1

    @property
    def final_params(self) -> tuple[float, float]:
        return float(self.params[-1, 0]), float(self.params[-1, 1])

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    @property
    def converged_epoch(self) -> int | None:
        """The epoch in which the final converged stretch began: ``converged_at``
        itself for full-batch runs (a row per epoch), the epoch holding that
        row for mini-batch runs (``extras["epoch_ends"]``)."""
        if self.converged_at is None:
            return None
        ends = self.extras.get("epoch_ends")
        if ends is None or len(ends) == 0 or self.converged_at == 0:
            return self.converged_at
        return int(np.searchsorted(ends, self.converged_at)) + 1

    @property
    def descending(self) -> bool:
        """Whether the loss fell at every step of the last fifth of the run
        (a small η crawls down steadily; a large one bounces)."""
        tail = self.losses[-max(2, self.losses.size // 5) :]
        return bool(np.all(np.diff(tail) <= 0))

    @property
    def largest_step(self) -> float:
        """maxₜ ‖θ_{t+1} − θ_t‖: how far a single update jumped (0 for one row)."""
        if self.params.shape[0] < 2:
            return 0.0
        steps = np.diff(self.params, axis=0)
        return float(np.hypot(steps[:, 0], steps[:, 1]).max())
