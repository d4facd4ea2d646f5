"""Core speed and memory, measured side by side in one run.

    python benchmarks/bench_core.py [--quick]

Every figure is a ratio against a reference timed in the same process a
moment apart (these machines are shared and noisy); each time is the
median of several repeats. References: the lecture's code as on the slide
(``np.exp`` on Python floats), and the same loop with ``math.exp`` inlined,
the fastest plain-Python form of it.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import gd_core  # noqa: E402
import lecture_reference as lec  # noqa: E402
from gd_core.runs import run_method  # noqa: E402
from gd_core.runs.many import ManyRuns, per_run_descent  # noqa: E402

X, Y = lec.X, lec.Y


def lecture_loop_inlined(w: float, b: float, eta: float, epochs: int) -> tuple[float, float]:
    """The slide's loop with math.exp and no helper calls: plain Python at its fastest."""
    exp = math.exp
    for _ in range(epochs):
        dw = db = 0.0
        for x, y in zip(X, Y, strict=True):
            fx = 1.0 / (1.0 + exp(-(w * x + b)))
            d = (fx - y) * fx * (1 - fx)
            dw += d * x
            db += d
        w, b = w - eta * dw, b - eta * db
    return w, b


def timed(fn: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``fn`` in seconds, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def row(label: str, ours: float, reference: float, ref_label: str, target: str) -> None:
    print(
        f"  {label:<46} {ours * 1e3:10.2f} ms   {ref_label:<32} {reference * 1e3:10.2f} ms"
        f"   ratio {reference / ours:7.1f}×   {target}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    reps = 3 if args.quick else 7
    problem = gd_core.SigmoidNeuron.lecture()

    print("(a) 1000×1000 loss surface, lecture data")
    grid = np.linspace(-6, 6, 1000)
    ours = timed(lambda: gd_core.loss_surface(problem, resolution=1000), reps)
    sample_rows = 5 if args.quick else 20
    python_rows = timed(
        lambda: [[lec.error(w, b) for w in grid.tolist()] for b in grid[:sample_rows].tolist()], 3
    )
    python_full = python_rows * 1000 / sample_rows
    floor_input = np.random.default_rng(0).uniform(-10, 10, 2 * 1000 * 1000)
    floor = timed(lambda: np.exp(floor_input), reps)
    row(
        "loss_surface", ours, python_full, f"lecture error() loop ({sample_rows} rows, ×)", "≥ 200×"
    )
    print(
        f"  {'':<46} {'':>13}   {'floor: np.exp over 2 M elements':<32} {floor * 1e3:10.2f} ms"
        f"   ours / floor {ours / floor:4.1f}×   target ≤ 4×"
    )

    print("(b) one run, 1000 epochs from (−2, −2), η = 1")
    ours = timed(lambda: gd_core.gradient_descent(problem), reps * 3)
    slide = timed(lambda: lec.do_gradient_descent(-2, -2, 1.0, 1000), reps)
    inlined = timed(lambda: lecture_loop_inlined(-2.0, -2.0, 1.0, 1000), reps * 3)
    row("gradient_descent (+ loss, ‖∇L‖, status)", ours, slide, "slide's loop (np.exp)", "≥ 1×")
    row("", ours, inlined, "inlined math.exp loop", "")
    # What the fast path (gd_core.runs.plain) earns over the loop every method takes.
    general = timed(lambda: run_method(problem, "gradient_descent", {}, (-2.0, -2.0), 1000), reps)
    row("", ours, general, "run_method: the loop of every method", "fast path earns > 1×")

    print("(c) 200 learning rates, 1e-3 … 1e3, × 1000 epochs")
    etas = np.logspace(-3, 3, 200)
    ours = timed(lambda: gd_core.learning_rate_sweep(problem, (-2.0, -2.0), 1000, etas), reps)
    sample = etas[::20]
    slide = timed(lambda: [lec.do_gradient_descent(-2, -2, e, 1000) for e in sample], 1)
    inlined = timed(lambda: [lecture_loop_inlined(-2.0, -2.0, e, 1000) for e in sample], 3)
    per_run = inlined / sample.size  # one 1000-epoch run of the inlined loop
    scale = etas.size / sample.size
    row("learning_rate_sweep (batched ends)", ours, slide * scale, "200 × slide's loop", "≥ 5×")
    row("", ours, inlined * scale, "200 × inlined math.exp loop", "")
    # What the kept history (gd_core.runs.history) earns over the loop of many runs.
    many = ManyRuns(problem, per_run_descent(etas), None, 1, (1e-5, 1e-6))
    starts_200 = np.tile([-2.0, -2.0], (etas.size, 1))
    with np.errstate(over="ignore", invalid="ignore"):
        looped = timed(lambda: many(starts_200, 1000), reps)
    row("", ours, looped, "ManyRuns: the loop of many runs", "fast path earns > 1×")

    print("(d) 150×150 starts over the ±6 square × 1000 epochs, η = 1")
    axis = np.linspace(-6, 6, 150)
    starts = np.array([(w, b) for b in axis for w in axis])
    ours = timed(lambda: gd_core.descent_map(problem, starts, 1.0, 1000), max(1, reps // 2))
    picks = np.random.default_rng(0).choice(len(starts), 12 if args.quick else 40, replace=False)
    slide = timed(lambda: [lec.do_gradient_descent(*starts[i], 1.0, 1000) for i in picks], 1)
    inlined = timed(lambda: [lecture_loop_inlined(*starts[i], 1.0, 1000) for i in picks], 1)
    scale = len(starts) / len(picks)
    row(
        "descent_map (ends only; converged runs stop)",
        ours,
        slide * scale,
        "22,500 × slide's loop",
        "≥ 15×",
    )
    row("", ours, inlined * scale, "22,500 × inlined math.exp loop", "")
    mapped = gd_core.descent_map(problem, starts, 1.0, 1000)
    kinds, counts = np.unique(mapped.status, return_counts=True)
    print("  statuses: " + ", ".join(f"{k} {c}" for k, c in zip(kinds, counts, strict=True)))

    print("(f) the Compare η page's core work: 6 runs × 1000 epochs + the 200-η sweep")
    six = [0.1, 1.0, 10.0, 50.0, 2.0, 0.5]

    def compare() -> None:
        for eta in six:
            gd_core.gradient_descent(problem, (-2.0, -2.0), eta, 1000)
        gd_core.learning_rate_sweep(problem, (-2.0, -2.0), 1000)

    ours = timed(compare, reps)
    row("6 runs + learning_rate_sweep", ours, per_run * 206, "206 × inlined math.exp loop", "")
    print(f"  {'':<46} {'':>13}   target ≤ 100 ms of core time: {ours * 1e3:.1f} ms")

    print("(g) all nine optimization methods × 1000 epochs, defaults, from (−2, −2)")
    from gd_core.methods import METHODS

    def nine() -> None:
        for name in METHODS:
            run_method(problem, name, {}, (-2.0, -2.0), 1000)

    ours = timed(nine, max(1, reps // 2))
    row("run_method × 9 (one run each)", ours, per_run * 9, "9 × inlined math.exp loop", "")
    for name in METHODS:
        one = timed(lambda name=name: run_method(problem, name, {}, (-2.0, -2.0), 1000), 1)
        print(f"  {'':<4}{name:<20} {one * 1e3:8.1f} ms")

    print("(e) 200×200 surface over 100,000 random points (squared error)")
    rng = np.random.default_rng(0)
    many = gd_core.SigmoidNeuron(rng.normal(0, 2, 100_000), rng.random(100_000))
    tracemalloc.start()
    surface = gd_core.loss_surface(many, resolution=200)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = surface.loss.nbytes / 2**20
    extra = peak / 2**20 - result
    print(
        f"  peak traced memory {peak / 2**20:.1f} MiB, of which the result {result:.2f} MiB:"
        f" extra {extra:.1f} MiB (target ≤ 64 MiB)"
    )
    ours = timed(lambda: gd_core.loss_surface(many, resolution=200), max(1, reps // 2))
    grid = np.linspace(-6, 6, 200)
    cols = 10  # the exact (grid × points) sum on 10 of the 200 columns, scaled
    exact = timed(lambda: many.loss(grid[None, :cols], grid[:, None]), 1) * 200 / cols
    row("loss_surface (binned moments)", ours, exact, "exact Σ over points (10 cols, ×)", "")
    print(f"  {'':<46} {'':>13}   target ≤ 1.5 s: {ours:.2f} s")


if __name__ == "__main__":
    main()
