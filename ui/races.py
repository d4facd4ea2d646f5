"""The methods raced on the Optimizers page: a list of (method, settings),
the presets that teach, and how each entry reads."""

from __future__ import annotations

import math
from typing import Any

from gd_core.methods import METHODS
from ui import budget

MAX_RUNS = 6
Race = list[dict[str, Any]]  # [{"method": name, "settings": {...}}, ...]

DEFAULT_RACE: Race = [
    {"method": "gradient_descent", "settings": {"learning_rate": 1.0}},
    {"method": "momentum", "settings": {"learning_rate": 1.0, "gamma": 0.9}},
    {"method": "nesterov", "settings": {"learning_rate": 1.0, "gamma": 0.9}},
    {"method": "adam", "settings": {"learning_rate": 0.1}},
]

PRESETS: dict[str, tuple[str, Race]] = {
    "Momentum overshoots": (
        "From (−2, −2) with η = 2: plain descent converges; momentum (γ = 0.9) "
        "overshoots the valley and swings back and forth for hundreds of epochs; "
        "Nesterov's look-ahead sees the slope turn and corrects early.",
        [
            {"method": "gradient_descent", "settings": {"learning_rate": 2.0}},
            {"method": "momentum", "settings": {"learning_rate": 2.0, "gamma": 0.9}},
            {"method": "nesterov", "settings": {"learning_rate": 2.0, "gamma": 0.9}},
        ],
    ),
    "Adam crosses the plateau": (
        "From (−2, −2) with a small η = 0.01 plain descent barely moves on the flat "
        "start (‖∇L‖ ≈ 0.01). Dividing by √v, AdaGrad, RMSProp and Adam take "
        "η-sized steps per coordinate however flat it is, and cross.",
        [
            {"method": "gradient_descent", "settings": {"learning_rate": 0.01}},
            {"method": "adagrad", "settings": {"learning_rate": 0.01}},
            {"method": "rmsprop", "settings": {"learning_rate": 0.01}},
            {"method": "adam", "settings": {"learning_rate": 0.01}},
        ],
    ),
    "Stochastic jitter": (
        "The same η = 3, one point at a time: each update follows one point's "
        "gradient, so the path zig-zags and the loss jitters, yet it gets there.",
        [
            {"method": "gradient_descent", "settings": {"learning_rate": 3.0}},
            {"method": "stochastic", "settings": {"learning_rate": 3.0, "batch_size": 1}},
        ],
    ),
}


def describe(entry: dict[str, Any]) -> str:
    """``"Momentum (η = 2, γ = 0.9)"``: the label a run is shown with."""
    method = METHODS[entry["method"]]
    settings = entry["settings"]
    schedule = settings.get("schedule", "constant")
    # A constant schedule ignores its decay and step; a default ε is noise.
    hidden = {"decay", "every"} if schedule == "constant" else set()
    shown = []
    for param in method.hyperparameters:
        value = settings.get(param.name)
        if value is None or param.name in hidden:
            continue
        if param.name == "eps" and value == param.default:
            continue
        shown.append(f"{param.short} = {value:g}")
    if schedule != "constant":
        shown.append(f"{schedule.replace('_', ' ')} schedule")
    return f"{method.label} ({', '.join(shown)})" if shown else method.label


# Point evaluations an update costs per point beyond L and ∇L (the history
# scores every update over all the data): Nesterov's look-ahead gradient,
# line search's trial steps, Newton's Hessian (a loop over the points).
_FACTORS = {"nesterov": 2.0, "line_search": 25.0, "newton": 400.0}


def work(race: Race, n_points: int) -> list[budget.Runs]:
    """What the race computes each epoch, for the work budget."""
    return [_runs(entry, n_points) for entry in race]


def _runs(entry: dict[str, Any], n_points: int) -> budget.Runs:
    method = METHODS[entry["method"]]
    factor = _FACTORS.get(method.name, 1.0)
    if not method.stochastic:
        return budget.Runs("method", factor=factor)
    k = entry["settings"].get("batch_size", 1)
    k = min(max(int(k), 1), n_points) if isinstance(k, (int, float)) and math.isfinite(k) else 1
    return budget.Runs("method", updates=math.ceil(n_points / k), factor=factor + k / n_points)


def runnable(race: Race, n_points: int) -> tuple[Race, list[str]]:
    """The entries of ``race`` that can run on ``n_points`` points, and a
    message for each one that cannot (its settings against these data, e.g.
    a mini-batch larger than the data, or one epoch beyond the work budget)."""
    kept: Race = []
    messages = []
    for entry in race:
        try:
            _, batch_size = METHODS[entry["method"]].optimizer(entry["settings"])
            if batch_size is not None and batch_size > n_points:
                raise ValueError(
                    f"mini-batch size k must be from 1 to {n_points} (the data have "
                    f"{n_points:,} point{'s' if n_points != 1 else ''}), got {batch_size}"
                )
            budget.fit(n_points, 1, [_runs(entry, n_points)])
        except ValueError as error:
            messages.append(f"{describe(entry)} cannot race on these data: {error}")
            continue
        kept.append(entry)
    return kept, messages
