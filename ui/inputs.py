"""Every setting a client can send, in one table: its kind, range, default
and label. A widget only sends what it allows, but a crafted client can send
anything under a widget's key (NaN for epochs, a float for a seed, a value
that is not an option): :func:`sanitise` checks each value against this
table before a page reads it, keeps the last good value in place of a bad
one, and says which field broke which rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from gd_core import _validate
from gd_core.datasets import PRESETS
from gd_core.losses import LOSSES
from gd_core.methods import METHODS
from gd_core.schedules import SCHEDULES
from ui.etas import MAX_TEXT_CHARS
from ui.maps import COMPARE as MAP_COMPARE
from ui.maps import RESOLUTIONS
from ui.state import ETA_PRESETS
from ui.taylor import SOURCES as TAYLOR_SOURCES


def shown(value: Any, limit: int = 40) -> str:
    """``repr(value)``, cut to ``limit`` characters: a message never echoes
    a 200 kB string back."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


def plain(text: str) -> str:
    """``text`` with Markdown's special characters escaped, for ``st.error``
    and friends: what a user typed or named shows as typed, never as a link,
    an image, LaTeX or a coloured directive."""
    escaped = _MARKDOWN.sub(r"\\\g<0>", text)
    # and no bare URL turns into a link (GitHub-flavoured autolinks, which
    # backslashes do not stop): an invisible word joiner splits the scheme.
    return escaped.replace("://", ":\u2060//").replace("www.", "www\u2060.")


# Enough to stop links, images, HTML, code, emphasis, LaTeX and directives
# (":red[…]" needs its bracket); a "." or "-" mid-sentence formats nothing.
_MARKDOWN = re.compile(r"[\\`*_\[\]<~$|]")


@dataclass(frozen=True)
class Setting:
    """One setting: ``kind`` is "float", "int", "bool", "option" or "text"."""

    key: str
    label: str
    kind: str
    default: Any
    low: float = -math.inf
    high: float = math.inf
    options: tuple[Any, ...] = ()
    positive: bool = False  # a float that must be > 0 (η)
    allow_none: bool = False

    def check(self, value: Any) -> Any:
        """``value`` as the page wants it, or ``ValueError`` naming the field and the rule."""
        if value is None and self.allow_none:
            return None
        return _CHECKS[self.kind](self, value)

    def rule(self) -> str:
        if self.kind == "option":
            return f"one of {', '.join(map(str, self.options))}"
        if self.kind == "bool":
            return "on or off"
        if self.kind == "text":
            return f"text of at most {int(self.high)} characters"
        if self.positive:
            return f"a finite number > 0 and ≤ {self.high:g}"
        if not math.isfinite(self.high - self.low):
            return "a whole number" if self.kind == "int" else "a finite number"
        if self.kind == "int":
            return f"a whole number from {int(self.low):,} to {int(self.high):,}"
        return f"in [{self.low:g}, {self.high:g}]"


def _fail(setting: Setting, value: Any) -> ValueError:
    return ValueError(f"{setting.label} must be {setting.rule()}, got {shown(value)}")


def _float(setting: Setting, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(setting, value)
    number = float(value)
    low_ok = number > 0 if setting.positive else number >= setting.low
    if not (math.isfinite(number) and low_ok and number <= setting.high):
        raise _fail(setting, value)
    return number


def _int(setting: Setting, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(setting, value)
    if not (math.isfinite(value) and value == int(value)):
        raise _fail(setting, value)
    if not setting.low <= value <= setting.high:
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
START, RATE = _validate.MAX_START, _validate.MAX_LEARNING_RATE

SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("w0", "start w₀", "float", -2.0, -START, START),
        Setting("b0", "start b₀", "float", -2.0, -START, START),
        Setting("eta", "learning rate η", "float", 1.0, high=RATE, positive=True),
        Setting("eta_preset", "η (log scale)", "option", 1.0, options=tuple(ETA_PRESETS)),
        Setting("epochs", "epochs", "int", 1000, 1, _validate.MAX_EPOCHS),
        Setting("search_mode", "search mode", "option", "sample", options=("sample", "walk")),
        Setting("seed", "seed", "int", 0, 0, 2**31 - 1),
        Setting("view", "view range", "float", 6.0, 1.0, 50.0),
        Setting("resolution", "surface resolution", "int", 150, 30, 300),
        Setting("log_colour", "log-scaled colour", "bool", True),
        Setting("stacked", "stack the views", "bool", None, allow_none=True),
        Setting("eta_list", "learning rates", "text", "0.1, 1, 10, 50", high=MAX_TEXT_CHARS),
        Setting("taylor_source", "θ is", "option", "the start", options=tuple(TAYLOR_SOURCES)),
        Setting("taylor_epoch", "epoch t", "int", 100, 0, _validate.MAX_EPOCHS),
        Setting("taylor_click", "a click sets", "option", "θ", options=("θ", "the direction u")),
        Setting("taylor_beta", "β", "int", 150, 0, 360),
        Setting("taylor_field", "show the field of −∇L", "bool", False),
        Setting("taylor_quadric", "show the quadric", "bool", True),
        Setting("map_compare", "maps shown", "option", "One map", options=MAP_COMPARE),
        Setting("map_method", "map's method", "option", "gradient_descent",
                options=tuple(METHODS)),
        Setting("map_method2", "second map's method", "option", "adam", options=tuple(METHODS)),
        Setting("map_eta2", "second η", "float", 10.0, 1e-4, 1e3),
        Setting("map_resolution", "grid of starts", "option", 150, options=tuple(RESOLUTIONS)),
        Setting("preset_choice", "preset", "option", next(iter(PRESETS)), options=tuple(PRESETS)),
        Setting("loss_choice", "loss", "option", "squared_error", options=tuple(LOSSES)),
        Setting("opt_method", "method", "option", next(iter(METHODS)), options=tuple(METHODS)),
    )
}  # fmt: skip
# The Optimizers page's "Add a method" inputs, from the one registry: only
# their kind here; the core checks their ranges when one is added, and says so.
for _method in METHODS.values():
    for _p in _method.hyperparameters:
        _key = f"opt_{_method.name}_{_p.name}"
        SETTINGS[_key] = Setting(_key, _p.label, "int" if _p.integer else "float", _p.default)
    _key = f"opt_{_method.name}_schedule"
    SETTINGS[_key] = Setting(_key, "schedule", "option", "constant", options=SCHEDULES)


def sanitise(state: MutableMapping[str, Any], last_good: Mapping[str, Any]) -> list[str]:
    """Check every setting present in ``state``: a value that breaks its rule
    is replaced by the one in ``last_good`` (or removed, so its widget starts
    from its default); a whole float for an integer becomes an int.

    Returns:
        One message per refused value, naming the field and the rule.
    """
    messages = []
    for key, setting in SETTINGS.items():
        if key not in state:
            continue
        value = state[key]
        try:
            checked = setting.check(value)
        except ValueError as error:
            messages.append(str(error))
            _restore(state, setting, last_good)
            continue
        if type(checked) is not type(value):  # only write what changed: see _restore
            state[key] = checked
    return messages


def _restore(
    state: MutableMapping[str, Any], setting: Setting, last_good: Mapping[str, Any]
) -> None:
    try:
        state[setting.key] = setting.check(last_good[setting.key])
    except (KeyError, ValueError):
        # Setting a widget's key that its widget also gives a value= makes
        # Streamlit warn on the page; removed, the widget starts afresh.
        del state[setting.key]
