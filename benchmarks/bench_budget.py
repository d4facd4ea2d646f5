"""The work budget's constants (ui/budget.py), measured: for each kind of run
a page asks for, at several data sizes, the CPU seconds an epoch takes
beside the budget's estimate, and for each page's worst cases the epochs
the budget allows and what those epochs cost when run. Process CPU time,
medians over --repeat runs; say the load average beside the figures.

Usage: python benchmarks/bench_budget.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gd_core
from gd_core.runs.one import run_method
from gd_core.sweep import DEFAULT_SWEEP
from ui import budget
from ui.budget import Runs
from ui.races import work

SWEEP = DEFAULT_SWEEP[2]


def problem(n: int) -> gd_core.SigmoidNeuron:
    if n == 2:
        return gd_core.SigmoidNeuron.lecture()
    rng = np.random.default_rng(n)
    return gd_core.SigmoidNeuron(rng.uniform(-3, 3, n), rng.uniform(0.05, 0.95, n))


def cpu(run: Callable[..., object], repeat: int, *args: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run(*args)
        times.append(time.process_time() - start)
    return statistics.median(times)


def kinds(repeat: int) -> None:
    print("(a) one epoch, measured vs the budget's estimate (CPU ms)")
    print(f"    {'kind':34} {'N':>7} {'measured':>9} {'estimate':>9} {'ratio':>6}")
    for n in (2, 100, 1_000, 10_000, 100_000):
        p = problem(n)
        epochs = max(2, min(1000, 2_000_000 // (n * 50)))
        cases = [
            ("descent (single)", [Runs("single")], epochs,
             lambda p, e: gd_core.gradient_descent(p, (-2, -2), 1.0, e)),
            ("random search (single)", [Runs("single")], epochs,
             lambda p, e: gd_core.random_search(p, e + 1, seed=0, start=(-2, -2))),
            ("adam (method)", work([{"method": "adam", "settings": {}}], n), epochs,
             lambda p, e: run_method(p, "adam", {"learning_rate": 0.1}, (-2, -2), e)),
            (f"sweep of {SWEEP} η (batch)", [Runs("batch", SWEEP)], max(2, epochs // 20),
             lambda p, e: gd_core.learning_rate_sweep(p, (-2, -2), e)),
        ]  # fmt: skip
        for name, runs, e, run in cases:
            measured = cpu(run, repeat, p, e) / (e + 1)
            estimate = budget.seconds_per_epoch(n, runs)
            print(f"    {name:34} {n:>7,} {measured * 1e3:9.3f} {estimate * 1e3:9.3f} "
                  f"{measured / estimate:6.2f}")  # fmt: skip


def pages(repeat: int) -> None:
    print(f"(b) a page's runs within the budget ({budget.BUDGET_SECONDS:g} s): epochs allowed "
          "and their measured CPU")  # fmt: skip
    cases = (
        (2, 1000),
        (2, 10_000),
        (1_000, 1000),
        (10_000, 1000),
        (100_000, 1000),
        (100_000, 10_000),
    )
    for n, asked in cases:
        p = problem(n)
        fit = budget.fit(n, asked, [Runs("single", 4), Runs("batch", SWEEP)])

        def compare(p: gd_core.SigmoidNeuron, e: int) -> None:
            for eta in (0.1, 1.0, 10.0, 50.0):
                gd_core.gradient_descent(p, (-2, -2), eta, e)
            gd_core.learning_rate_sweep(p, (-2, -2), e)

        print(f"    Compare η, N = {n:>7,}, {asked:>6,} epochs asked: runs {fit.epochs:>6,} "
              f"→ {cpu(compare, repeat, p, fit.epochs):5.2f} s CPU")  # fmt: skip
        fit = budget.fit(n, asked, [Runs("single"), Runs("single", factor=2.0)])

        def surface(p: gd_core.SigmoidNeuron, e: int) -> None:
            gd_core.gradient_descent(p, (-2, -2), 1.0, e)
            gd_core.random_search(p, e + 1, seed=0, start=(-2, -2))

        print(f"    Error surface, N = {n:>7,}, {asked:>6,} asked: runs {fit.epochs:>6,} "
              f"→ {cpu(surface, repeat, p, fit.epochs):5.2f} s CPU")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    kinds(args.repeat)
    pages(args.repeat)
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
