"""Convergence-map speed, side by side in one run.

    python benchmarks/bench_map.py [--quick]

Each time is the median of several repeats (these machines are shared: the
load average is printed before and after). The reference is the lecture's
own loop (``tests/lecture_reference.py``: ``np.exp`` on Python floats) and
the same loop with ``math.exp`` inlined, each timed on a sample of the
map's starts a moment apart and scaled to the whole grid.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_core import lecture_loop_inlined, timed  # noqa: E402

import gd_core  # noqa: E402
import lecture_reference as lec  # noqa: E402
from gd_core.maps import convergence_map, start_grid  # noqa: E402
from gd_core.methods import METHODS  # noqa: E402
from gd_core.runs.one import run_method  # noqa: E402

VIEW = ((-6.0, 6.0), (-6.0, 6.0))


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def plain(resolution: int) -> float:
    """One plain-descent map (η = 1, 1000 epochs) over the ±6 square."""
    problem = gd_core.SigmoidNeuron.lecture()
    start = time.perf_counter()
    convergence_map(problem, *VIEW, resolution, "gradient_descent", {"learning_rate": 1.0}, 1000)
    return time.perf_counter() - start


def spot_check(problem: gd_core.SigmoidNeuron, count: int) -> None:
    """Random cells of the η = 1 and η = 10 maps against single runs."""
    for eta in (1.0, 10.0):
        cmap = convergence_map(problem, *VIEW, 150, "gradient_descent", {"learning_rate": eta})
        rng = np.random.default_rng(7)
        cells = zip(rng.integers(0, 150, count), rng.integers(0, 150, count), strict=True)
        differ, worst = 0, 0.0
        for i, j in cells:
            run = gd_core.gradient_descent(problem, (cmap.w[j], cmap.b[i]), eta, 1000)
            epochs = -1 if run.converged_at is None else run.converged_at
            differ += cmap.status[i, j] != run.status or cmap.epochs[i, j] != epochs
            worst = max(worst, abs(float(cmap.final_loss[i, j]) - run.final_loss))
        counts = cmap.counts()
        print(
            f"  η = {eta:g}: {count} random cells vs single runs: {differ} differ in status or "
            f"epochs, largest |Δ final loss| {worst:.1e}; counts {counts}"
            f" (sum {sum(counts.values())} of {cmap.status.size} cells)"
        )


def main() -> None:
    quick = "--quick" in sys.argv[1:]  # fewer repeats and a smaller sample
    reps = 3 if quick else 7
    problem = gd_core.SigmoidNeuron.lecture()
    print(load())

    print("(a) 150 × 150 starts × 1000 epochs of plain descent, η = 1, lecture data")
    ours = timed(lambda: plain(150), reps)
    w, b = start_grid(*VIEW, 150)
    ww, bb = np.meshgrid(w, b)
    starts = np.column_stack((ww.ravel(), bb.ravel()))
    picks = np.random.default_rng(0).choice(len(starts), 12 if quick else 40, replace=False)
    slide = timed(lambda: [lec.do_gradient_descent(*starts[i], 1.0, 1000) for i in picks], 1)
    inlined = timed(lambda: [lecture_loop_inlined(*starts[i], 1.0, 1000) for i in picks], 3)
    scale = len(starts) / len(picks)
    print(f"  convergence_map (every run all 1000 epochs) {ours * 1e3:9.1f} ms   target ≤ 1000 ms")
    print(
        f"  lecture's loop, {len(picks)} starts × {scale:.1f}     {slide * scale * 1e3:9.1f} ms"
        f"   ratio {slide * scale / ours:6.1f}×   target ≥ 40×"
    )
    print(
        f"  inlined math.exp loop, same starts, scaled {inlined * scale * 1e3:9.1f} ms"
        f"   ratio {inlined * scale / ours:6.1f}×"
    )
    stop = timed(lambda: gd_core.descent_map(problem, starts, 1.0, 1000), reps)
    print(f"  descent_map (converged runs stop early)   {stop * 1e3:9.1f} ms   (for comparison)")
    spot_check(problem, 100 if quick else 300)

    print("(b) 300 × 300 starts × 1000 epochs of plain descent")
    big = timed(lambda: plain(300), max(3, reps // 2))
    print(f"  convergence_map                           {big * 1e3:9.1f} ms   target ≤ 4000 ms")

    print("(c) optimizer maps, 150 × 150 × 1000 epochs, each method's defaults")
    for name in METHODS:
        took = timed(lambda name=name: convergence_map(problem, method=name), max(1, reps // 2))
        print(f"  {name:<18} batched          {took * 1e3:9.1f} ms")
        if name in ("line_search", "newton"):  # per-run decisions: what batching saved
            sample = [tuple(p) for p in starts[picks[:8]]]
            one = timed(
                lambda n=name, s=sample: [run_method(problem, n, None, p, 1000) for p in s], 1
            ) / len(sample)
            whole = one * len(starts)
            print(
                f"  {'':<18} run_method start by start {one * 1e3:6.1f} ms each"
                f" → {whole:7.1f} s for 150 × 150, ratio {whole / took:5.1f}×"
            )
    print(load())


if __name__ == "__main__":
    main()
