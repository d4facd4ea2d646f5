"""The methods raced on the Optimizers page: a list of (method, settings),
the presets that teach, and how each entry reads."""

from __future__ import annotations

from typing import Any

from gd_core.methods import METHODS

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
