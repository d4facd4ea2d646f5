"""Every session setting, once: its key, kind, range, default and label, and
its name in a shared link. Pure (no Streamlit).

Derived from this one table: the session's defaults (:data:`DEFAULTS`, set
by ``ui.state``), the check of each value a client sends (:meth:`Setting.check`,
run by ``ui.inputs.sanitise``), and the link's scalar fields (``ui.url``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gd_core import validate
from gd_core.datasets import LECTURE, PRESETS
from gd_core.figures.looks import SCALES
from gd_core.lesson import STEPS
from gd_core.losses import LOSSES
from gd_core.methods import METHODS
from gd_core.schedules import SCHEDULES
from gd_core.search import MODES
from ui.etas import MAX_TEXT_CHARS, format_learning_rates

# Learning rates on the log-scale slider: 1, 2, 5 per decade from 0.001, then 100.
ETA_PRESETS = [round(m * 10.0**k, 6) for k in range(-3, 2) for m in (1, 2, 5)] + [100.0]
TAYLOR_SOURCES = ("the start", "epoch t of the run", "a point I click")
MAP_COMPARE = ("One map", "Two learning rates", "Two methods")
MAP_RESOLUTIONS = (50, 100, 150, 200, 250, 300)
# Each method's name in a link (``race=mom_eta2``, ``method=adam``).
METHOD_CODES = {
    "gradient_descent": "gd", "momentum": "mom", "nesterov": "nag", "stochastic": "sgd",
    "adagrad": "adagrad", "rmsprop": "rmsprop", "adam": "adam", "line_search": "ls",
    "newton": "newton",
}  # fmt: skip


@dataclass(frozen=True)
class Setting:
    """One setting. ``kind`` is "float", "int", "bool", "option" or "text"
    (``high``: its most characters); ``positive``: ``low`` itself is excluded
    (η > 0); ``shared``: kept for the whole session, on every page (else a
    page's own input, only checked); ``url``: its name in a link, and
    ``tokens`` how the link writes each of ``options`` (default: ``str``)."""

    key: str
    label: str
    kind: str
    default: Any
    low: float = -math.inf
    high: float = math.inf
    positive: bool = False
    step: int = 1
    options: tuple[Any, ...] = ()
    allow_none: bool = False
    shared: bool = True
    url: str = ""
    tokens: tuple[str, ...] = ()

    def check(self, value: Any) -> Any:
        """``value`` as the page wants it, or ``ValueError`` naming the field and the rule."""
        if value is None and self.allow_none:
            return None
        return _CHECKS[self.kind](self, value)

    def rule(self) -> str:
        """The rule a value must keep, in words."""
        if self.kind == "option":
            return f"one of {', '.join(map(str, self.options))}"
        if self.kind == "bool":
            return "on or off"
        if self.kind == "text":
            return f"text of at most {int(self.high)} characters"
        if self.positive:
            return f"a finite number > {self.low:g} and ≤ {self.high:g}"
        if not math.isfinite(self.high - self.low):
            return "a whole number" if self.kind == "int" else "a finite number"
        if self.kind == "int":
            steps = f" in steps of {self.step}" if self.step > 1 else ""
            return f"a whole number from {int(self.low):,} to {int(self.high):,}{steps}"
        return f"in [{self.low:g}, {self.high:g}]"

    def in_range(self, number: float) -> bool:
        """Whether a finite ``number`` lies in [low, high] (low excluded if ``positive``)."""
        low_ok = number > self.low if self.positive else number >= self.low
        return math.isfinite(number) and low_ok and number <= self.high


def shown(value: Any, limit: int = 40) -> str:
    """``repr(value)``, cut to ``limit`` characters: a message never echoes
    a 200 kB string back."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


def _fail(setting: Setting, value: Any) -> ValueError:
    return ValueError(f"{setting.label} must be {setting.rule()}, got {shown(value)}")


def _float(setting: Setting, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(setting, value)
    if not setting.in_range(float(value)):
        raise _fail(setting, value)
    return float(value)


def _int(setting: Setting, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(setting, value)
    if not (math.isfinite(value) and value == int(value) and setting.in_range(value)):
        raise _fail(setting, value)
    if setting.step > 1 and (int(value) - int(setting.low)) % setting.step:
        raise _fail(setting, value)
    return int(value)


def _bool(setting: Setting, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(setting, value)
    return value


def _option(setting: Setting, value: Any) -> Any:
    try:
        if value in setting.options:
            return setting.options[setting.options.index(value)]
    except TypeError:  # an unhashable or incomparable value
        pass
    raise _fail(setting, value)


def _text(setting: Setting, value: Any) -> str:
    if not isinstance(value, str) or len(value) > setting.high:
        raise _fail(setting, value)
    return value


_CHECKS: dict[str, Callable[[Setting, Any], Any]] = {
    "float": _float,
    "int": _int,
    "bool": _bool,
    "option": _option,
    "text": _text,
}
_START, _RATE, _EPOCHS = validate.MAX_START, validate.MAX_LEARNING_RATE, validate.MAX_EPOCHS
_METHODS = tuple(METHODS)
_COMPARED = (0.1, 1.0, 10.0, 50.0)  # the learning rates compared until the student edits them

_TABLE = (
    Setting("w0", "start w₀", "float", -2.0, -_START, _START, url="w0"),
    Setting("b0", "start b₀", "float", -2.0, -_START, _START, url="b0"),
    Setting("eta", "learning rate η", "float", 1.0, 0.0, _RATE, positive=True, url="eta"),
    Setting("eta_preset", "η (log scale)", "option", 1.0, options=tuple(ETA_PRESETS)),
    Setting("epochs", "epochs", "int", 1000, 1, _EPOCHS, url="epochs"),
    Setting("search_mode", "random-search mode", "option", "sample", options=MODES, url="mode"),
    Setting("seed", "seed", "int", 0, 0, 2**31 - 1, url="seed"),
    Setting("view", "view range", "float", 6.0, 1.0, 50.0, url="view"),
    Setting("resolution", "surface resolution", "int", 150, 30, 300, step=10, url="res"),
    Setting("log_colour", "log-scaled colour", "bool", True, url="log"),
    # None: decided from the browser on the session's first run (phones stack).
    Setting("stacked", "stack the views", "bool", None, allow_none=True),
    Setting("eta_list", "learning rates", "text", format_learning_rates(list(_COMPARED)),
            high=MAX_TEXT_CHARS),
    Setting("taylor_source", "where θ is", "option", TAYLOR_SOURCES[0], options=TAYLOR_SOURCES,
            url="src", tokens=("start", "epoch", "click")),
    Setting("taylor_epoch", "epoch t", "int", 100, 0, _EPOCHS, url="t"),
    Setting("taylor_click", "a click sets", "option", "θ", options=("θ", "the direction u")),
    Setting("taylor_beta", "angle β (degrees)", "int", 150, 0, 360, url="beta"),
    Setting("taylor_field", "field of −∇L", "bool", False, url="field"),
    Setting("taylor_quadric", "quadric in 3D", "bool", True, url="quad"),
    Setting("map_compare", "maps shown", "option", MAP_COMPARE[0], options=MAP_COMPARE,
            url="map", tokens=("one", "etas", "methods")),
    Setting("map_method", "map's method", "option", "gradient_descent", options=_METHODS,
            url="method", tokens=tuple(METHOD_CODES[m] for m in _METHODS)),
    Setting("map_method2", "second map's method", "option", "adam", options=_METHODS,
            url="method2", tokens=tuple(METHOD_CODES[m] for m in _METHODS)),
    Setting("map_eta2", "second map's η", "float", 10.0, 1e-4, 1e3, url="eta2"),
    Setting("map_resolution", "cells per side", "int", 150, MAP_RESOLUTIONS[0],
            MAP_RESOLUTIONS[-1], step=MAP_RESOLUTIONS[1] - MAP_RESOLUTIONS[0], url="cells"),
    Setting("lesson_step", "lesson step", "int", 1, 1, len(STEPS), url="lesson"),
    Setting("presenter", "presenter mode", "bool", False, url="present"),
    # Every chart's look (gd_core.figures.looks): on every page, in every link.
    Setting("colour_scale", "colour scale", "option", "viridis", options=SCALES, url="scale"),
    Setting("high_contrast", "high-contrast charts", "bool", False, url="contrast"),
    # A page's own inputs: checked, not kept across pages.
    Setting("preset_choice", "preset", "option", next(iter(PRESETS)), options=tuple(PRESETS),
            shared=False),
    Setting("loss_choice", "loss", "option", "squared_error", options=tuple(LOSSES),
            shared=False),
    Setting("opt_method", "method", "option", _METHODS[0], options=_METHODS, shared=False),
)  # fmt: skip


def _method_inputs() -> tuple[Setting, ...]:
    """The Optimizers page's "Add a method" inputs, from the one registry:
    only their kind here; the core checks their ranges when one is added."""
    found = []
    for method in METHODS.values():
        for p in method.hyperparameters:
            kind = "int" if p.integer else "float"
            found.append(Setting(f"opt_{method.name}_{p.name}", p.label, kind, p.default,
                                 shared=False))  # fmt: skip
        found.append(Setting(f"opt_{method.name}_schedule", "schedule", "option", "constant",
                             options=SCHEDULES, shared=False))  # fmt: skip
    return tuple(found)


SETTINGS: dict[str, Setting] = {s.key: s for s in (*_TABLE, *_method_inputs())}
# The settings every page shares, as a new session starts.
DEFAULTS: dict[str, Any] = {s.key: s.default for s in SETTINGS.values() if s.shared}
# The active data and loss and the pages' other choices: plain values, not widgets.
DATA_DEFAULTS: dict[str, Any] = {
    "data_x": PRESETS[LECTURE].x,
    "data_y": PRESETS[LECTURE].y,
    "data_name": LECTURE,
    "data_version": 0,  # bumped when the data change: the editor redraws from them
    "loss_name": "squared_error",
    "compare_etas": list(_COMPARED),  # the last valid set of compared η
    "race": None,  # the Optimizers page's methods (None: ui.races.DEFAULT_RACE)
    "taylor_point": (-2.0, -2.0),  # the last clicked θ on the Taylor page
    "lesson_done": (),  # the lesson's steps revealed (numbers from 1)
    "challenge_goal": None,  # a challenge's goal (``goal=reach20``), or None
    "lesson_predictions": {},  # the lesson's predictions, step slug -> what was said
}


def nearest_preset(eta: float) -> float:
    """The log-slider stop closest to a finite η > 0 on a log scale."""
    return min(ETA_PRESETS, key=lambda p: abs(math.log10(p) - math.log10(eta)))
