"""How the link writes the settings that are more than one number: the
learning rates compared, the optimizer race, the Taylor page's clicked θ,
and the data with their loss. Pure (no Streamlit); read by ``ui.url``.

Each ``read`` raises ``ValueError`` with the rule it checks; each ``write``
returns ``None`` for the default, which the link leaves out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import gd_core
from gd_core.datasets import LECTURE, PRESETS
from gd_core.methods import METHODS
from ui.etas import parse_learning_rates
from ui.races import DEFAULT_RACE, MAX_RUNS
from ui.schema import DATA_DEFAULTS, METHOD_CODES

MAX_LINK_POINTS = 50
LIMIT = 1e4  # |w|, |b|, η in a link
LINK_DATA_NAME = "Data from a link"
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def number(value: float) -> str:
    """The shortest text that reads back as exactly ``value``: 1 not 1.0,
    1e-05 not 1e-05.0, 1e16 not 1e+16 (a ``+`` would be escaped in a URL)."""
    text = repr(float(value) + 0.0)  # -0.0 is 0: the link reads it back as 0
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace("e+", "e")


def read_number(text: str, name: str, low: float = -LIMIT, high: float = LIMIT) -> float:
    """A finite number in [low, high] written plainly (no ``nan``, ``inf``, ``1_0``)."""
    if not NUMBER.fullmatch(text):
        raise ValueError(f"{name} must be a number, got {quote(text)}")
    value = float(text)
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must lie in [{number(low)}, {number(high)}]")
    return value + 0.0


def quote(text: str, most: int = 40) -> str:
    """User text as a Markdown code span, which shows it literally (no link,
    image, HTML or formatting): no backticks or control characters inside,
    at most ``most`` characters."""
    cleaned = "".join(c for c in text if c.isprintable() and c != "`")
    cleaned = cleaned if len(cleaned) <= most else cleaned[: most - 1] + "…"
    return f"`{cleaned}`" if cleaned.strip() else "(empty)"


@dataclass(frozen=True)
class Codec:
    label: str
    read: Callable[[str], dict[str, Any]]  # URL text -> session-state values
    write: Callable[[Mapping[str, Any]], str | None]  # session state -> URL text


# --- the learning rates compared: etas=0.1_1_10_50 -------------------------------------------
def _read_etas(text: str) -> dict[str, Any]:
    parts = text.split("_")
    for part in parts:
        if part and not NUMBER.fullmatch(part):
            raise ValueError(f"{quote(part)} is not a number")
    rates = parse_learning_rates(",".join(parts))
    return {"compare_etas": rates, "eta_list": ", ".join(number(r) for r in rates)}


def _write_etas(state: Mapping[str, Any]) -> str | None:
    rates = [float(r) for r in state["compare_etas"]]
    return None if rates == DATA_DEFAULTS["compare_etas"] else "_".join(number(r) for r in rates)


# --- Taylor's clicked θ: theta=1.5_-2 ---------------------------------------------------------
def _read_theta(text: str) -> dict[str, Any]:
    parts = text.split("_")
    if len(parts) != 2:
        raise ValueError("must be two numbers w_b")
    w, b = (read_number(p, "θ") for p in parts)
    return {"taylor_point": (w, b)}


def _write_theta(state: Mapping[str, Any]) -> str | None:
    w, b = (float(v) for v in state["taylor_point"])
    return None if (w, b) == DATA_DEFAULTS["taylor_point"] else f"{number(w)}_{number(b)}"


# --- the optimizer race: race=gd_eta2~mom_eta2_gamma0.9 ------------------------------------------
PARAM_CODES = {
    "learning_rate": "eta", "decay": "decay", "every": "every", "gamma": "gamma",
    "batch_size": "k", "eps": "eps", "beta": "beta", "beta1": "beta1", "beta2": "beta2",
    "shrink": "rho", "armijo": "c", "min_curvature": "mincurv",
}  # fmt: skip
SCHEDULE_CODES = {"step": "step", "exponential": "exp", "inverse_time": "inv"}


def _write_entry(entry: Mapping[str, Any]) -> str:
    """``mom_eta2_gamma0.9``: what the run's label shows (a constant schedule's
    decay and step, and the schedule itself, are left out: they change nothing)."""
    method = METHODS[entry["method"]]
    settings = entry["settings"]
    schedule = settings.get("schedule", "constant")
    tokens = [METHOD_CODES[method.name]]
    for param in method.hyperparameters:
        value = settings.get(param.name)
        if value is None or (schedule == "constant" and param.name in ("decay", "every")):
            continue
        text = str(int(value)) if param.integer else number(value)
        tokens.append(PARAM_CODES[param.name] + text)
    if schedule != "constant":
        tokens.append(SCHEDULE_CODES[schedule])
    return "_".join(tokens)


def _read_entry(text: str) -> dict[str, Any]:
    code, *tokens = text.split("_")
    names = {c: m for m, c in METHOD_CODES.items()}
    if code not in names:
        raise ValueError(f"{quote(code)} is not a method; use one of {', '.join(names)}")
    method = METHODS[names[code]]
    params = {PARAM_CODES[p.name]: p for p in method.hyperparameters}
    schedules = {c: s for s, c in SCHEDULE_CODES.items()}
    settings: dict[str, Any] = {}
    for token in tokens:
        if token in schedules:
            settings["schedule"] = schedules[token]
            continue
        # The longest matching name first: beta1 before beta.
        found = [c for c in sorted(params, key=len, reverse=True) if token.startswith(c)]
        if not found:
            raise ValueError(f"{method.label} has no setting {quote(token)}")
        param = params[found[0]]
        value = read_number(token[len(found[0]) :], param.label, -math.inf, math.inf)
        settings[param.name] = int(value) if param.integer and value == int(value) else value
    method.optimizer(settings)  # the core's check: names the setting and its range
    return {"method": method.name, "settings": settings}


def _read_race(text: str) -> dict[str, Any]:
    entries = text.split("~")
    if not 1 <= len(entries) <= MAX_RUNS:
        raise ValueError(f"race the optimizers 1 to {MAX_RUNS} at a time, got {len(entries)}")
    return {"race": [_read_entry(e) for e in entries]}


def _write_race(state: Mapping[str, Any]) -> str | None:
    race = state.get("race") or DEFAULT_RACE
    text = "~".join(_write_entry(e) for e in race)
    return None if text == "~".join(_write_entry(e) for e in DEFAULT_RACE) else text


ETAS = Codec("learning rates compared", _read_etas, _write_etas)
THETA = Codec("the θ you clicked", _read_theta, _write_theta)
RACE = Codec("the optimizers raced", _read_race, _write_race)


# --- the data and the loss: data=one, or x=0.5_2.5&y=0.2_0.9; loss=ce ----------------------------
DATA_CODES = {
    "lecture": LECTURE, "one": "One point", "noisy": "Five noisy points along a sigmoid",
    "classes": "A 0/1 classification set", "outlier": "Points with one outlier",
    "separable": "A separable 0/1 set",
}  # fmt: skip
LOSS_CODES = {"se": "squared_error", "ce": "cross_entropy"}
DATA_LABELS = {"data": "data preset", "x": "data x", "y": "data y", "loss": "loss"}
_DATA_LIMIT = 1e6


def read_data(given: Mapping[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Session-state data values from ``data``, ``x``, ``y`` and ``loss``, and
    (key, reason) for each one not used. The core checks the result (e.g.
    cross-entropy needs every y in [0, 1])."""
    problems: list[tuple[str, str]] = []
    loss = "squared_error"
    if "loss" in given:
        if given["loss"] in LOSS_CODES:
            loss = LOSS_CODES[given["loss"]]
        else:
            problems.append(("loss", "must be one of " + ", ".join(LOSS_CODES)))
    name, x, y = LECTURE, PRESETS[LECTURE].x, PRESETS[LECTURE].y
    if "x" in given or "y" in given:
        try:
            x, y = _read_points(given)
            name = LINK_DATA_NAME
        except ValueError as error:
            key, _, reason = str(error).partition(":")
            problems.append((key, reason.strip()))
        if "data" in given:
            problems.append(("data", "the link also gives its own points x and y"))
    elif "data" in given:
        if given["data"] in DATA_CODES:
            name = DATA_CODES[given["data"]]
            x, y = PRESETS[name].x, PRESETS[name].y
        else:
            problems.append(("data", "must be one of " + ", ".join(DATA_CODES)))
    try:
        gd_core.SigmoidNeuron(x, y, loss=loss)
    except ValueError as error:
        problems.append(("loss", str(error)))
        loss = "squared_error"
    if (name, loss) == (LECTURE, "squared_error"):
        return {}, problems
    values = {"data_x": x, "data_y": y, "data_name": name, "loss_name": loss}
    return values, problems


def _read_points(given: Mapping[str, str]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Raises ``ValueError("key: reason")``."""
    for key in ("x", "y"):
        if key not in given:
            raise ValueError(f"{'xy'[key == 'x']}: comes with {key}, and {key} is missing")
    columns = []
    for key in ("x", "y"):
        parts = given[key].split("_")
        if len(parts) > MAX_LINK_POINTS:
            raise ValueError(f"{key}: a link carries at most {MAX_LINK_POINTS} points")
        try:
            columns.append(
                tuple(read_number(p, "every value", -_DATA_LIMIT, _DATA_LIMIT) for p in parts)
            )
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
    if len(columns[0]) != len(columns[1]):
        raise ValueError(f"y: must have as many values as x ({len(columns[0])})")
    return columns[0], columns[1]


def _as_preset(state: Mapping[str, Any]) -> str | None:
    """The preset code when the active data are exactly a preset."""
    preset = PRESETS.get(state["data_name"])
    if preset is None:
        return None
    same = tuple(state["data_x"]) == preset.x and tuple(state["data_y"]) == preset.y
    return next(c for c, n in DATA_CODES.items() if n == preset.name) if same else None


def write_data(state: Mapping[str, Any]) -> dict[str, str]:
    """``data``/``x``/``y``/``loss`` for the active data, defaults left out.
    More than 50 points are not carried (see :func:`data_note`)."""
    query: dict[str, str] = {}
    code = _as_preset(state)
    if code is not None:
        if code != "lecture":
            query["data"] = code
    elif len(state["data_x"]) <= MAX_LINK_POINTS:
        query["x"] = "_".join(number(v) for v in state["data_x"])
        query["y"] = "_".join(number(v) for v in state["data_y"])
    if state["loss_name"] != "squared_error":
        query["loss"] = next(c for c, n in LOSS_CODES.items() if n == state["loss_name"])
    return query


def data_note(state: Mapping[str, Any]) -> str | None:
    """Why a link cannot carry the active data, if it cannot."""
    n = len(state["data_x"])
    if _as_preset(state) is not None or n <= MAX_LINK_POINTS:
        return None
    return (
        f"These data have {n:,} points; a link carries at most {MAX_LINK_POINTS}, so this "
        "link opens with the lecture's two points (and the loss chosen here). "
        "Download the data on the Your data page to share them."
    )
