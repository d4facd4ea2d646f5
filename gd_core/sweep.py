"""The learning-rate sweep: many η from one start in one batched pass, and
what it shows — the fastest η and the edge where runs stop converging."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core import _validate
from gd_core.problem import SigmoidNeuron
from gd_core.runs.ends import descent_map

Array = NDArray[np.float64]
DEFAULT_SWEEP = (1e-3, 1e3, 200)


@dataclass(frozen=True)
class Sweep:
    """Gradient descent from one start for each η in ``learning_rates``.

    Attributes:
        learning_rates: ``(K,)`` increasing η.
        status: ``(K,)`` each run's status.
        converged_at: ``(K,)`` first converged epoch, −1 if none.
        final_loss: ``(K,)`` loss after the last epoch.
        fastest: η that reached the tolerance in the fewest epochs (the
            smallest such η on a tie), or ``None`` if none did.
        edge: the smallest η above ``fastest`` whose run no longer
            converges — where larger steps start to fail — or ``None``.
    """

    learning_rates: Array
    status: NDArray[np.str_]
    converged_at: NDArray[np.int64]
    final_loss: Array
    fastest: float | None
    edge: float | None


def learning_rate_sweep(
    problem: SigmoidNeuron,
    start: Sequence[float] = (-2.0, -2.0),
    epochs: int = 1000,
    learning_rates: ArrayLike | None = None,
) -> Sweep:
    """Run every η of the sweep (default: 200 log-spaced from 1e-3 to 1e3)
    for ``epochs`` epochs from ``start``; runs do not stop at the tolerance,
    so ``final_loss`` is the loss after all epochs, as for a single run."""
    if learning_rates is None:
        low, high, count = DEFAULT_SWEEP
        etas = np.logspace(np.log10(low), np.log10(high), count)
    else:
        etas = np.sort(np.asarray(learning_rates, dtype=np.float64).reshape(-1))
    start_pair = _validate.start(start)
    ends = descent_map(problem, start_pair, etas, epochs, stop_at_tolerance=False)
    converged = ends.converged_at >= 0
    fastest = edge = None
    if converged.any():
        epochs_needed = np.where(converged, ends.converged_at, np.iinfo(np.int64).max)
        best = int(np.argmin(epochs_needed))  # argmin takes the first: the smallest η
        fastest = float(etas[best])
        failing = np.flatnonzero(~converged[best:])
        if failing.size:
            edge = float(etas[best + failing[0]])
    return Sweep(
        learning_rates=etas,
        status=ends.status,
        converged_at=ends.converged_at,
        final_loss=ends.final_loss,
        fastest=fastest,
        edge=edge,
    )
