"""Settings in the link: the query string's schema, read and written.

Pure (no Streamlit), so it is tested alone. :func:`parse` turns the link's
``(key, value)`` pairs into session-state values plus one message for each
parameter it could not use (malformed, out of range, unknown, given twice);
:func:`to_query` writes what a page shows, leaving defaults out so the
lecture's own view has a bare URL. Keys are short: ``?w0=-4&b0=4&eta=10``.
Lists use ``_`` between values and ``~`` between optimizers, characters a
URL keeps as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ui import url_codecs, url_lesson
from ui.races import runnable
from ui.schema import DATA_DEFAULTS, SETTINGS, Setting
from ui.url_codecs import NUMBER, number, quote

_LOOK = ("scale", "contrast")  # every chart's look, on every page
PAGES: dict[str, tuple[str, ...]] = {
    "error_surface": ("w0", "b0", "eta", "epochs", "mode", "seed", "view", "res", "log", "goal",
                      *_LOOK),
    "compare_eta": ("w0", "b0", "etas", "epochs", "view", "res", "log", *_LOOK),
    "optimizers": ("w0", "b0", "epochs", "view", "res", "log", "race", "goal", *_LOOK),
    "taylor": ("w0", "b0", "eta", "epochs", "view", "res", "log", "src", "t", "theta", "beta",
               "field", "quad", *_LOOK),
    "data": ("w0", "b0", "eta", "epochs", *_LOOK),
    "convergence_map": ("eta", "epochs", "view", "log", "map", "method", "method2", "eta2",
                        "cells", *_LOOK),
    "lesson": ("lesson", "done", "said", "present", *_LOOK),
}  # fmt: skip
DATA_KEYS = ("data", "x", "y", "loss")  # every page fits the active data
STREAMLIT_KEYS = frozenset({"embed", "embed_options"})  # Streamlit's own: not ours to judge
ROOM_KEYS = frozenset({"room", "key", "member"})  # read by the Room and Wall pages, ui.room
MAX_VALUE_CHARS = 2000  # 50 points at up to 20 characters each, twice over


class Field:
    """One scalar setting as a link writes it, from its ``ui.schema`` entry."""

    def __init__(self, setting: Setting) -> None:
        self.setting = setting
        self.key, self.state = setting.url, setting.key  # in the URL, in session state
        self.label: str = setting.label
        self.default: Any = setting.default

    @property
    def choices(self) -> tuple[tuple[str, Any], ...]:
        """(in the URL, in the app) for each allowed value of an option or a switch."""
        if self.setting.kind == "bool":
            return (("1", True), ("0", False))
        options = self.setting.options
        return tuple(zip(self.setting.tokens or map(str, options), options, strict=True))

    @property
    def rule(self) -> str:
        if self.choices:
            return "one of " + ", ".join(token for token, _ in self.choices)
        s = self.setting
        low = f"> {number(s.low)}" if s.positive else f"≥ {number(s.low)}"
        whole = "a whole number" if s.kind == "int" else "a number"
        steps = f" in steps of {s.step}" if s.step > 1 else ""
        return f"{whole} {low} and ≤ {number(s.high)}{steps}"

    def read(self, text: str) -> Any:
        """The app's value for URL text; ``ValueError`` (the rule) if unusable."""
        for token, value in self.choices:
            if text == token:
                return value
        if self.choices or not NUMBER.fullmatch(text):
            raise ValueError(f"must be {self.rule}")
        try:
            return self.setting.check(float(text) + 0.0)
        except ValueError:
            raise ValueError(f"must be {self.rule}") from None

    def write(self, value: Any) -> str | None:
        """URL text for ``value``; ``None`` for the default (left out)."""
        if value == self.default:
            return None
        for token, choice in self.choices:
            if value == choice:
                return token
        return str(int(value)) if self.setting.kind == "int" else number(value)

    @property
    def default_text(self) -> str:
        for token, choice in self.choices:
            if choice == self.default:
                return token
        return str(self.default) if self.setting.kind == "int" else number(self.default)


FIELDS: dict[str, Field] = {s.url: Field(s) for s in SETTINGS.values() if s.url}
COMPOSITE = {
    "etas": url_codecs.ETAS,
    "race": url_codecs.RACE,
    "theta": url_codecs.THETA,
    "done": url_lesson.DONE,
    "goal": url_lesson.GOAL,
    "said": url_lesson.SAID,
}
KNOWN = frozenset(FIELDS) | frozenset(COMPOSITE) | frozenset(DATA_KEYS)


@dataclass
class Link:
    """What a link sets: session-state values, and one message per unusable
    parameter (each names the parameter and its rule)."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse(pairs: Iterable[tuple[str, str]]) -> Link:
    """Read the link's ``(key, value)`` pairs (in order, repeats included).

    Never raises: whatever cannot be used is left at its default and named in
    ``problems`` once.
    """
    grouped: dict[str, list[str]] = {}
    for key, value in pairs:
        if key.lower() not in STREAMLIT_KEYS | ROOM_KEYS:
            grouped.setdefault(key, []).append(value)
    link = Link()
    usable: dict[str, str] = {}
    for key, values in grouped.items():
        problem = _refusal(key, values)
        if problem:
            link.problems.append(problem)
        else:
            usable[key] = values[0].strip()
    for key, text in usable.items():
        try:
            if key in FIELDS:
                link.values[FIELDS[key].state] = FIELDS[key].read(text)  # raises the rule
            elif key in COMPOSITE:
                link.values.update(COMPOSITE[key].read(text))
        except ValueError as error:
            link.problems.append(_default_used(key, str(error)))
    data, problems = url_codecs.read_data({k: v for k, v in usable.items() if k in DATA_KEYS})
    link.values.update(data)
    link.problems += [_default_used(key, reason) for key, reason in problems]
    _check_epoch_k(link)
    _check_race(link)
    return link


def _refusal(key: str, values: list[str]) -> str | None:
    if key not in KNOWN:
        return f"{quote(key)} is not a setting this app knows: ignored."
    if len(values) > 1:
        return f"`{key}` is given {len(values)} times; a link gives each setting once: " + (
            _used_instead(key)
        )
    if len(values[0]) > MAX_VALUE_CHARS:
        return f"`{key}` is longer than {MAX_VALUE_CHARS:,} characters: " + _used_instead(key)
    return None


def _default_used(key: str, reason: str) -> str:
    return f"`{key}` ({_label(key)}): {reason}; " + _used_instead(key)


def _label(key: str) -> str:
    if key in FIELDS:
        return FIELDS[key].label
    return COMPOSITE[key].label if key in COMPOSITE else url_codecs.DATA_LABELS[key]


def _used_instead(key: str) -> str:
    if key in FIELDS:
        return f"ignored, using the default {FIELDS[key].default_text}."
    return "ignored, using the default."


def _check_epoch_k(link: Link) -> None:
    """Epoch k of the run must exist: k ≤ epochs (the Taylor page's slider)."""
    epochs = link.values.get("epochs", FIELDS["epochs"].default)
    k = link.values.get("taylor_epoch")
    if k is not None and k > epochs:
        del link.values["taylor_epoch"]
        link.problems.append(_default_used("t", f"must be ≤ epochs ({epochs})"))


def _check_race(link: Link) -> None:
    """Every raced method must run on the data the link opens with (a
    mini-batch k ≤ N, one epoch within the work budget)."""
    race = link.values.get("race")
    if race is None:
        return
    n_points = len(link.values.get("data_x", DATA_DEFAULTS["data_x"]))
    _, problems = runnable(race, n_points)
    if problems:
        del link.values["race"]
        link.problems.append(_default_used("race", "; ".join(problems)))


def to_query(page: str, state: Mapping[str, Any]) -> dict[str, str]:
    """The query string of what ``page`` shows, defaults left out.

    Args:
        page: a key of :data:`PAGES`.
        state: session-state values (``w0``, ``eta``, ``race``, ``data_x`` …).
    """
    query: dict[str, str] = {}
    for key in PAGES[page]:
        if key in FIELDS:
            text = FIELDS[key].write(state[FIELDS[key].state])
        else:
            text = COMPOSITE[key].write(state)
        if text is not None:
            query[key] = text
    query.update(url_codecs.write_data(state))
    return query
