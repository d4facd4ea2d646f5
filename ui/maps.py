"""What the Convergence-map page asks the core for: which maps (one, two η,
two methods), how large a grid the data allow, and how a map reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

from gd_core import maps
from gd_core.maps import ConvergenceMap
from gd_core.methods import METHODS
from ui import budget, cache
from ui.click import new_selection, selected_points
from ui.schema import MAP_RESOLUTIONS

CHART_KEY = "convergence_map"
# What an update of one start costs, in point evaluations per point, in a
# batched map (benchmarks/bench_budget.py): state updates, Nesterov's ∇L at
# its look-ahead, Newton's ∇²L, line search's trial steps.
_FACTORS = {"gradient_descent": 1.2, "nesterov": 3.0, "newton": 5.0, "line_search": 50.0}
_OTHER_FACTOR = 2.0


@dataclass(frozen=True)
class MapSpec:
    """One map to draw: a registry method, its settings, and its title."""

    method: str
    settings: tuple[tuple[str, Any], ...]
    label: str


def take_click() -> None:
    """A click on a cell of the map makes its centre the shared start, snapped
    to the cell it landed on. Called by the entrypoint before it draws the
    start inputs (a widget's value cannot change once it is drawn)."""
    points = selected_points(new_selection(CHART_KEY))
    drawn = st.session_state.get("map_drawn")
    if drawn is None:
        return
    for point in points:
        if point.get("curve_number") not in drawn["curves"]:
            continue
        try:
            cell = drawn["map"].cell(float(point["x"]), float(point["y"]))
        except (KeyError, TypeError, ValueError):
            continue
        if cell is not None:
            w, b = float(drawn["map"].w[cell[1]]), float(drawn["map"].b[cell[0]])
            st.session_state["w0"], st.session_state["b0"] = w, b
            st.session_state["map_clicked"] = (w, b)
            return


def spec(method: str, eta: float | None, shared_eta: float) -> MapSpec:
    """Plain descent runs with the shared η; another method with ``eta`` if
    given, else its own default η (Adam 0.1, RMSProp 0.05 …)."""
    chosen = METHODS[method]
    rate = shared_eta if eta is None and method == "gradient_descent" else eta
    if rate is None:
        rate = chosen.learning_rate
    name = "Gradient descent" if method == "gradient_descent" else chosen.label
    return MapSpec(method, (("learning_rate", float(rate)),), f"{name}, η = {rate:g}")


def compute_map(
    data: tuple[np.ndarray, np.ndarray, str],
    view: float,
    resolution: int,
    spec_: MapSpec,
    epochs: int,
    progress: Callable[[float], None],
) -> ConvergenceMap:
    """The map of ``spec_`` over the ±view square, block by block (each
    cached), calling ``progress`` with the fraction done after each."""
    x, y, loss = data
    w, b = maps.start_grid((-view, view), (-view, view), resolution)
    count = maps.block_count(w.size * b.size)
    parts = []
    for block in range(count):
        parts.append(
            cache.map_block(
                x, y, loss, view, resolution, spec_.method, spec_.settings, epochs, block
            )
        )
        progress((block + 1) / count)
    return maps.assemble(w, b, parts, spec_.method)


def map_runs(method: str, n_points: int, starts: int) -> budget.Runs:
    """A map's work for the budget: one batched pass over every start."""
    chosen = METHODS[method]
    if chosen.stochastic:  # k = 1 by default: a point's gradient, then L over all points
        return budget.Runs("map", starts, updates=n_points, factor=(1 + n_points) / n_points)
    return budget.Runs("map", starts, factor=_FACTORS.get(chosen.name, _OTHER_FACTOR))


def largest_resolution(method: str, n_points: int, epochs: int) -> int:
    """The finest grid (a multiple of 10, at most 300) whose runs fit the
    work budget (``ui.budget``); 0 if not even 10 × 10 does."""
    return budget.largest_side(seconds_per_start(method, n_points, epochs), MAP_RESOLUTIONS[-1])


def seconds_per_start(method: str, n_points: int, epochs: int) -> float:
    """Estimated CPU seconds of one start's run in a map (its share of the
    batched pass; the pass's own overhead is spread over many starts)."""
    runs = map_runs(method, n_points, 1)
    return epochs * runs.updates * n_points * runs.factor * budget.SECONDS_PER_POINT


def converged_words(maps: list[ConvergenceMap], names: list[str]) -> str:
    """``"η = 10 converges from 61 % of the plane, η = 1 from 48 %."``: the
    difference of two maps in words, the larger share first."""
    pairs = sorted(
        ((m.share("converged"), name) for m, name in zip(maps, names, strict=True)), reverse=True
    )
    (high, first), (low, second) = pairs
    if percent(high) == percent(low):
        return f"{first} and {second} converge from the same share of the plane, {percent(high)}."
    return f"{first} converges from {percent(high)} of the plane, {second} from {percent(low)}."


def one_map_words(cmap: ConvergenceMap, spec_: MapSpec, epochs: int) -> str:
    """The map's shares in a sentence, and the median epochs where it converged."""
    counts, cells = cmap.counts(), cmap.status.size
    reached = cmap.epochs[cmap.status == "converged"]
    median = f" (median {int(np.median(reached))} epochs)" if reached.size else ""

    def share(status: str) -> str:
        return percent(counts[status] / cells)

    return (
        f"{spec_.label}, {epochs} epochs, from {cells:,} starts: converged from "
        f"{share('converged')} of the plane{median}, stuck on a plateau from "
        f"{share('plateau')}, still descending from {share('max_epochs')}, "
        f"diverged from {share('diverged')}."
    )


def percent(share: float) -> str:
    """``"61 %"``; ``"< 1 %"`` for a share that is there but rounds to 0."""
    if 0 < share < 0.005:
        return "< 1 %"
    return f"{100 * share:.0f} %"
