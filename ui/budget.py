"""The work budget: how much one rerun may compute, the same rule on every page.

A page says what it runs each epoch (:class:`Runs`: how many runs of which
kind, how many updates an epoch, how many point evaluations an update
costs); :func:`fit` estimates the seconds of CPU with the constants below
and, when the page's epochs would take longer than :data:`BUDGET_SECONDS`,
cuts the epochs — every run is then the exact beginning of the run asked
for, only shorter — and says so in words. Data are never sampled: the loss
is a sum over the points, so a sample would be a different surface.

The constants are measured on the class's 2-core machines by
``benchmarks/bench_budget.py``, which prints each page's estimate beside
its measured CPU time. One rerun of the lecture's default case costs well
under the budget and is never cut.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

# One rerun may compute about this long; the class shares two cores.
BUDGET_SECONDS = 2.0
# A rerun estimated to compute longer than this is large (the lecture's pages
# on its two points estimate well under 0.2 s): large reruns take turns, one
# at a time in a server process, so the other core always stays with the
# class however many students upload 100,000 points at once.
LARGE_SECONDS = 0.5
# One point's L and ∇L inside a NumPy pass (many points, or many runs).
SECONDS_PER_POINT = 3.5e-8
# The η sweep's (runs × points) arrays outgrow the caches from a few hundred
# points until the core tiles them (measured: 2× the unit at 1,000 points, 1×
# at 10,000): counted as min(2N, CACHE_POINTS) points while that is more.
CACHE_POINTS = 4096
# What one update costs beyond its points: Python and NumPy call overhead.
# Up to SMALL_DATA points a single run loops in plain floats (cheap calls).
SMALL_DATA = 16
OVERHEAD_SECONDS = {
    # kind: (few points, many points), per update of one run
    "single": (3e-6, 1e-4),  # plain descent or random search, one run
    "method": (4e-5, 2.5e-4),  # a registered optimizer (runner), one run
    "batch": (1e-4, 1e-4),  # per epoch of a batched pass (the η sweep), all runs at once
    "map": (1e-4, 1e-4),  # per update of a map's batched pass over its starts
}
Kind = Literal["single", "method", "batch", "map"]


@dataclass(frozen=True)
class Runs:
    """``count`` runs of one ``kind`` a page asks for.

    Attributes:
        updates: updates per epoch (mini-batches of k: ⌈N/k⌉; else 1).
        factor: point evaluations an update costs per point (Nesterov's
            look-ahead 2, line search's trial steps ~25, Newton's Hessian
            loop ~400; a mini-batch update scores all N points once).
    """

    kind: Kind
    count: int = 1
    updates: int = 1
    factor: float = 1.0


@dataclass(frozen=True)
class Fit:
    """The epochs a page runs: ``epochs`` of the ``asked``; ``note`` says why
    in words when they differ."""

    epochs: int
    asked: int
    note: str | None = None


def seconds_per_epoch(n_points: int, runs: Sequence[Runs]) -> float:
    """Estimated CPU seconds of one epoch of every run in ``runs``."""
    total = 0.0
    for r in runs:
        few, many = OVERHEAD_SECONDS[r.kind]
        overhead = few if n_points <= SMALL_DATA else many
        counted = max(n_points, min(2 * n_points, CACHE_POINTS)) if r.kind == "batch" else n_points
        points = counted * r.factor * SECONDS_PER_POINT
        if r.kind in ("batch", "map"):  # one NumPy pass an update for all the runs
            total += r.updates * (overhead + r.count * points)
        else:
            total += r.count * r.updates * (overhead + points)
    return total


def seconds(n_points: int, epochs: int, runs: Sequence[Runs]) -> float:
    """Estimated CPU seconds of ``epochs`` epochs of every run in ``runs``
    (a run of E epochs evaluates L and ∇L E + 1 times: the start's too)."""
    return (epochs + 1) * seconds_per_epoch(n_points, runs)


def is_large(n_points: int, epochs: int, runs: Sequence[Runs]) -> bool:
    """Whether a rerun of these runs must wait its turn among the large ones."""
    return seconds(n_points, epochs, runs) > LARGE_SECONDS


def fit(n_points: int, epochs: int, runs: Sequence[Runs]) -> Fit:
    """The epochs to run: ``epochs``, or as many as fit the budget.

    Raises:
        ValueError: when not even one epoch fits (e.g. stochastic descent,
            one point at a time, over 100,000 points), naming the rule.
    """
    # A run of E epochs evaluates L and ∇L E + 1 times (the start's too).
    per_epoch = seconds_per_epoch(n_points, runs)
    if (epochs + 1) * per_epoch <= BUDGET_SECONDS:
        return Fit(epochs, epochs)
    allowed = math.floor(BUDGET_SECONDS / per_epoch) - 1
    count = sum(r.count for r in runs)
    what = f"{_count(n_points, 'point')} × {_count(count, 'run')}"
    if allowed < 1:
        raise ValueError(
            f"work budget: one epoch of {what} would take ≈ {per_epoch:.0f} s of the "
            f"server's CPU, and one rerun may take ≈ {BUDGET_SECONDS:g} s: "
            "use fewer points, fewer runs or larger mini-batches"
        )
    return Fit(
        allowed,
        epochs,
        f"Epochs cut to {allowed:,} of the {epochs:,} asked for: {epochs:,} epochs of {what} "
        f"would take ≈ {(epochs + 1) * per_epoch:.0f} s of the server's CPU, shared with the "
        "class, "
        f"and one rerun may take ≈ {BUDGET_SECONDS:g} s. Each run shown is the exact start "
        "of the longer run. Fewer points or fewer runs give more epochs.",
    )


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


def largest_side(per_start_seconds: float, cap: int) -> int:
    """The finest square grid of starts (a multiple of 10, at most ``cap``)
    whose runs, each costing ``per_start_seconds``, fit the budget; 0 if not
    even 10 × 10 does (the convergence map)."""
    starts = BUDGET_SECONDS / max(per_start_seconds, 1e-12)
    return min(math.isqrt(int(min(starts, cap * cap))) // 10 * 10, cap)
