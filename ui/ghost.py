"""What the chart component needs to draw ghost paths: descent from the
pointer, computed in the browser (``ui/chart_component/engine.js``, held to
``gd_core`` by ``tests/test_ghost_parity.py``) on the page's data, loss and
settings.

Two parts, like the rest of the chart's data: the data and loss travel with
the surface's layers (sent once, then as a reference to their hash); each
run's method and settings travel with the runs (a few bytes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from gd_core.methods import METHODS

# Beyond these a browser frame (~16 ms) cannot hold the runs: no ghost, and a
# line under the chart says why.
MAX_POINTS = 2000
MAX_WORK = 3_000_000  # points × epochs × runs per pointer move
# Methods the engine runs (full batch, from the gradient alone).
COVERED = ("gradient_descent", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
_WHY_NOT = {
    "stochastic": "its mini-batches are reshuffled every epoch by the server's seeded "
    "random generator, so only the server can draw its path",
    "line_search": "its trial steps are not in the browser's engine",
    "newton": "its Hessian solve is not in the browser's engine",
}


def engine_data(x: Any, y: Any, loss: str) -> dict[str, Any]:
    """The data (x, y) as exact doubles (JSON keeps every bit) and the loss,
    or only their count when there are more than ``MAX_POINTS``."""
    xs, ys = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if xs.size > MAX_POINTS:
        return {"points": int(xs.size), "loss": loss}
    return {"points": int(xs.size), "loss": loss, "x": xs.tolist(), "y": ys.tolist()}


def descent(learning_rate: float) -> dict[str, Any]:
    """A ghost of ``gd_core.gradient_descent`` with η."""
    return {"method": "descent", "settings": {"learning_rate": float(learning_rate)}}


def method(name: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """A ghost of ``run_method(name, settings)``: every hyperparameter as the
    registry checks it (defaults filled in), or why the browser cannot."""
    if name not in COVERED:
        label = METHODS[name].label if name in METHODS else name
        return {"method": name, "none": f"{label}: {_WHY_NOT.get(name, 'not in the engine')}"}
    found = METHODS[name]
    values: dict[str, Any] = {
        p.name: p.check(settings.get(p.name, p.default)) for p in found.hyperparameters
    }
    values["schedule"] = settings.get("schedule", "constant")
    return {"method": name, "settings": values}


def ghost_payload(
    ghosts: Sequence[dict[str, Any] | None], epochs: int, n_points: int, note: str | None = None
) -> dict[str, Any]:
    """The chart's ``ghost`` entry: one ghost (or ``None``: that run has
    none) per run, the epochs, and the lines saying what is not drawn."""
    notes = [note] if note else []
    notes += [f"No path under the pointer for {g['none']}." for g in ghosts if g and "none" in g]
    live = [g for g in ghosts if g and "none" not in g]
    if n_points > MAX_POINTS and live:
        notes.append(
            f"No path under the pointer: {n_points:,} points are more than a browser frame "
            f"can run ({MAX_POINTS:,} at most); click to run from a point."
        )
        live = []
    elif n_points * epochs * len(live) > MAX_WORK:
        notes.append(
            f"No path under the pointer: {n_points:,} points × {epochs:,} epochs × "
            f"{len(live)} runs is more than a browser frame can run; click to run from a point."
        )
        live = []
    runs = [g if g in live else None for g in ghosts]
    return {"runs": runs, "epochs": int(epochs), "notes": notes}
