"""Every page's figure data and printed numbers on fixed settings, as plain
JSON: the pin that proves a refactor of ``gd_core`` changed nothing a page
shows (``tests/test_figures_unchanged.py`` compares against
``tests/golden/figures.json``).

Regenerate deliberately, only when a change to what the pages show is
intended (say which in the commit)::

    python tests/golden_figures.py

Each figure is reduced to what is drawn: every trace (all its properties;
long arrays as their length, sums, extremes and 21 evenly spaced samples),
the layout as plotly.js resolves it against the figure's template (so
moving a style into the template is not a change), the frames' names and
traces, and the first, middle and last frame in full. Numbers keep 12
significant digits; images are kept whole and compared as pixels; the
layers' ``revision`` (a hash of their float bytes) is not kept — the layers
it hashes are, and that every run names the revision of its layers.

The file holds on any CPU: each case is computed again with its start and
data nudged by a few units in the last place, and what a nudge moves (a
chaotic run, a status or count it decides) is marked and compared by its
range (``tests/golden_compare.py``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from golden_compare import NUDGES, settle  # noqa: E402
from golden_reduce import figure_summary, reduce  # noqa: E402

import gd_core  # noqa: E402
from gd_core.datasets import PRESETS  # noqa: E402
from gd_core.figures import compare, convergence, data, race, taylor  # noqa: E402
from gd_core.figures.background import background  # noqa: E402
from gd_core.figures.payload import RunSpec, layers_payload, runs_payload  # noqa: E402
from gd_core.figures.theme import DESCENT, SEARCH, eta_colour  # noqa: E402
from gd_core.runs.one import run_method  # noqa: E402
from gd_core.taylor import (  # noqa: E402
    bound,
    directional_changes,
    eta_range,
    local,
    step_curve,
)

GOLDEN = Path(__file__).resolve().parent / "golden" / "figures.json"

# The pages' settings: the lecture's defaults, and a second case that takes
# the other branches (another data set, cross-entropy, linear colours, the
# phone layout, walk search, a race with momentum, Adam and mini-batches).
CASES: dict[str, dict[str, Any]] = {
    "lecture": {
        "data": "The lecture's two points", "loss": "squared_error", "start": (-2.0, -2.0),
        "eta": 1.0, "epochs": 1000, "view": 6.0, "resolution": 150, "log": True,
        "mode": "sample", "seed": 0, "stacked": False, "etas": [0.1, 1.0, 10.0, 50.0],
        "race": [("gradient_descent", {"learning_rate": 1.0}),
                 ("momentum", {"learning_rate": 1.0, "gamma": 0.9}),
                 ("nesterov", {"learning_rate": 1.0, "gamma": 0.9}),
                 ("adam", {"learning_rate": 0.1})],
        "beta": 120.0, "map_resolution": 30, "map_second_eta": 10.0,
    },
    "noisy_ce": {
        "data": "Five noisy points along a sigmoid", "loss": "cross_entropy",
        "start": (-4.0, 4.0), "eta": 3.0, "epochs": 300, "view": 8.0, "resolution": 60,
        "log": False, "mode": "walk", "seed": 7, "stacked": True, "etas": [0.5, 3.0, 30.0],
        "race": [("stochastic", {"learning_rate": 3.0, "batch_size": 2}),
                 ("momentum", {"learning_rate": 2.0, "gamma": 0.8}),
                 ("rmsprop", {"learning_rate": 0.05}),
                 ("newton", {})],
        "beta": 300.0, "map_resolution": 20, "map_second_eta": 0.3,
    },
}  # fmt: skip


# --- the pages, on one case ---------------------------------------------------


def _run_numbers(run: gd_core.Trajectory) -> dict[str, Any]:
    """What the pages print about a run."""
    w, b = run.final_params
    return reduce({
        "status": run.status, "steps": run.steps, "evaluations": run.evaluations,
        "converged_at": run.converged_at, "final_w": w, "final_b": b,
        "final_loss": run.final_loss, "largest_step": run.largest_step,
        "rows": run.params.shape[0],
    })  # fmt: skip


def _optimum(problem: gd_core.SigmoidNeuron) -> tuple[float, float] | None:
    return problem.zero_loss_point()


def _nudged(values: Any, ulps: int) -> tuple[float, ...]:
    """``values`` moved by ``ulps`` units in the last place, alternately up
    and down (``ulps = 0``: unchanged)."""
    array = np.asarray(values, dtype=np.float64)
    signs = np.where(np.arange(array.size) % 2 == 0, 1.0, -1.0)
    return tuple((array + signs * ulps * np.spacing(array)).tolist())


def case_summary(name: str, nudge: int = 0) -> dict[str, Any]:
    """Every figure and number of every page on the settings ``CASES[name]``,
    with the start and the data's x moved by ``nudge`` units in the last place."""
    c = CASES[name]
    preset = PRESETS[c["data"]]
    problem = gd_core.SigmoidNeuron(_nudged(preset.x, nudge), preset.y, loss=c["loss"])
    view, start, epochs = c["view"], _nudged(c["start"], nudge), c["epochs"]
    w_range = b_range = (-view, view)
    surface = gd_core.loss_surface(problem, w_range, b_range, resolution=c["resolution"])
    bg = background(surface, log=c["log"])
    optimum = _optimum(problem)
    tol = gd_core.DEFAULT_LOSS_TOL
    out: dict[str, Any] = {"background": reduce(bg.__dict__)}

    descent = gd_core.gradient_descent(problem, start, c["eta"], epochs)
    search = gd_core.random_search(
        problem, epochs + 1, seed=c["seed"], mode=c["mode"], start=start,
        w_range=w_range, b_range=b_range,
    )  # fmt: skip
    out["error_surface"] = {
        "numbers": {"descent": _run_numbers(descent), "search": _run_numbers(search),
                    "grad_at_start": reduce(problem.grad(*start))},
    }  # fmt: skip

    runs = [gd_core.gradient_descent(problem, start, eta, epochs) for eta in c["etas"]]
    sweep = gd_core.learning_rate_sweep(problem, start, epochs)
    out["compare_eta"] = {
        "numbers": {"runs": [_run_numbers(r) for r in runs],
                    "sweep": reduce({"fastest": sweep.fastest, "edge": sweep.edge,
                                     "status": sweep.status.tolist(),
                                     "converged_at": sweep.converged_at,
                                     "final_loss": sweep.final_loss})},
        "sweep": figure_summary(compare.sweep_figure(sweep, c["etas"])),
    }  # fmt: skip

    raced = [run_method(problem, m, s, start, epochs) for m, s in c["race"]]
    names = [m for m, _ in c["race"]]
    momentum = [
        s.get("gamma", 0.9) if "velocity" in r.extras else None
        for (_, s), r in zip(c["race"], raced, strict=True)
    ]
    out["optimizers"] = {
        "numbers": [_run_numbers(r) for r in raced],
        "loss": figure_summary(race.race_loss_figure(raced, names, loss_tol=tol)),
        "effective_lr": figure_summary(race.effective_lr_figure(raced, names)),
    }  # fmt: skip

    out["convergence_map"] = _maps(problem, c, optimum)
    out["taylor"] = _taylor(problem, c, surface, bg, descent)
    out["data"] = {
        "fit": figure_summary(data.fit_figure(problem.x, problem.y, descent.final_params)),
    }
    out["payload"] = _payloads(surface, bg, optimum, problem, descent, search, runs, raced,
                               names, momentum, start, tol)  # fmt: skip
    return out


def _maps(problem: gd_core.SigmoidNeuron, c: Mapping[str, Any], optimum: Any) -> Any:
    """The page draws its maps over the 150-cell surface's iso-lines."""
    view, n = c["view"], c["map_resolution"]
    bg150 = background(gd_core.loss_surface(problem, (-view, view), (-view, view), 150), c["log"])
    maps = [
        gd_core.convergence_map(problem, (-view, view), (-view, view), n,
                                settings={"learning_rate": eta}, epochs=c["epochs"])
        for eta in (c["eta"], c["map_second_eta"])
    ]  # fmt: skip
    labels = [f"Gradient descent, η = {eta:g}" for eta in (c["eta"], c["map_second_eta"])]
    return {
        "numbers": [reduce({"counts": m.counts(), "epochs": m.epochs,
                            "final_loss": m.final_loss}) for m in maps],
        "one": figure_summary(convergence.convergence_figure(
            maps[:1], labels[:1], bg150, start=c["start"], optimum=optimum)),
        "two": figure_summary(convergence.convergence_figure(
            maps, labels, bg150, start=c["start"], optimum=optimum, stacked=c["stacked"])),
    }  # fmt: skip


def _taylor(
    problem: gd_core.SigmoidNeuron, c: Mapping[str, Any], surface: Any, bg: Any, run: Any
) -> Any:
    view, eta, beta = c["view"], c["eta"], c["beta"]
    theta = tuple(float(v) for v in run.params[min(50, run.steps)])
    at = local(problem, theta)
    betas = np.arange(0.0, 360.0, 15.0)
    _, actual_s = directional_changes(problem, at, eta, betas)
    field = gd_core.gradient_field(problem, (-view, view), (-view, view), 15)
    curve_betas = np.linspace(0.0, 360.0, 361)
    first_c, actual_c = directional_changes(problem, at, eta, curve_betas)
    first_b, actual_b = directional_changes(problem, at, eta, beta)
    curve = step_curve(problem, at, eta_range(at, eta, 2 * view))
    return {
        "numbers": reduce({
            "theta": theta, "grad": at.grad, "hessian": at.hessian,
            "eigenvalues": at.eigenvalues, "max_stable_eta": at.max_stable_eta,
            "bound": bound(at, beta).__dict__, "first": first_b, "actual": actual_b,
            "first_departs": curve.first_departs, "second_departs": curve.second_departs,
        }),
        "directions": figure_summary(taylor.directions_figure(
            bg, (-view, view), (-view, view), at, beta, (betas, actual_s))),
        "directions_field": figure_summary(taylor.directions_figure(
            bg, (-view, view), (-view, view), at, beta, (betas, actual_s), field=field)),
        "cosine": figure_summary(taylor.cosine_figure(curve_betas, first_c, actual_c, beta)),
        "step": figure_summary(taylor.step_figure(curve, eta)),
        "tangent": figure_summary(taylor.tangent_figure(surface, bg, at, quadric=False)),
        "tangent_quadric": figure_summary(taylor.tangent_figure(surface, bg, at, quadric=True)),
    }  # fmt: skip


def _payloads(
    surface: Any, bg: Any, optimum: Any, problem: Any, descent: Any, search: Any,
    runs: Any, raced: Any, names: Any, momentum: Any, start: Any, tol: float,
) -> Any:  # fmt: skip
    layers = layers_payload(surface, bg, optimum=optimum)
    rev = layers["revision"]
    assert re.fullmatch(r"[0-9a-f]{16}", rev), rev  # a hash of float bytes: not kept
    summary = reduce({
        "layers": {**layers, "revision": "the layers' revision"},
        "explorer": runs_payload(
            "explorer", rev,
            [RunSpec(descent, "gradient descent", DESCENT), RunSpec(search, "random search",
                                                                    SEARCH)],
            start=start, data=(problem.x, problem.y), loss_tol=tol),
        "compare": runs_payload(
            "compare", rev,
            [RunSpec(r, f"run {k}", eta_colour(r.learning_rate)) for k, r in enumerate(runs)],
            start=start, loss_tol=tol, titles=[f"t{k}" for k in range(len(runs))]),
        "race": runs_payload(
            "race", rev,
            [RunSpec(r, n, c, g)
             for r, n, g, c in zip(raced, names, momentum, race.race_colours(raced), strict=True)],
            start=start),
    })  # fmt: skip
    for view in ("explorer", "compare", "race"):
        named = summary[view]["layers"]
        summary[view]["layers"] = "the layers' revision" if named == rev else named
    return summary


def collect() -> dict[str, Any]:
    """Every case, as written to the golden file: each computed on its own
    inputs and on nudged ones, what moved marked (``golden_compare.settle``)."""
    return {name: settle([case_summary(name, nudge) for nudge in (0, *NUDGES)]) for name in CASES}


def write(path: Path = GOLDEN, make: Callable[[], dict[str, Any]] = collect) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(make(), indent=1, sort_keys=True, allow_nan=False)
    # A list of plain numbers on one line: a readable diff, a third of the size.
    text = re.sub(
        r"\[\n\s*([-0-9.e+null,\s]*?)\n\s*\]",
        lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]",
        text,
    )
    path.write_text(text + "\n")


if __name__ == "__main__":
    write()
    print(f"wrote {GOLDEN.relative_to(ROOT)} ({GOLDEN.stat().st_size:,} bytes)")
