"""The lesson's progress in the link: ``done=1_2_5``, the steps whose answer
the student has revealed, so they can go on on another device; and a
challenge's goal, ``goal=reach20``. Pure (no Streamlit); read by ``ui.url``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gd_core.lesson import STEPS
from gd_core.lesson.challenge import parse_goal
from ui.url_codecs import Codec, quote, read_number
from ui.url_codecs import number as number_text

DONE_KEY = "lesson_done"  # session state: the sorted step numbers revealed
GOAL_KEY = "challenge_goal"  # session state: the goal as the link writes it, or None


def _read_done(text: str) -> dict[str, Any]:
    steps: set[int] = set()
    for part in text.split("_"):
        if not (part.isascii() and part.isdigit() and 1 <= int(part) <= len(STEPS)):
            raise ValueError(f"{quote(part)} is not a step: use numbers 1 to {len(STEPS)}")
        steps.add(int(part))
    return {DONE_KEY: tuple(sorted(steps))}


def _write_done(state: Mapping[str, Any]) -> str | None:
    done = state.get(DONE_KEY) or ()
    return "_".join(str(k) for k in sorted(done)) or None


DONE = Codec("the lesson's steps done", _read_done, _write_done)


def _read_goal(text: str) -> dict[str, Any]:
    return {GOAL_KEY: parse_goal(text).text}


def _write_goal(state: Mapping[str, Any]) -> str | None:
    goal = state.get(GOAL_KEY)
    return None if goal is None else str(goal)


GOAL = Codec("the challenge's goal", _read_goal, _write_goal)


# --- what the student said: said=1c0~6n380~2p1.79_-2.28 (step, kind, value) ----------------
SAID_KEY = "lesson_predictions"  # session state: slug -> prediction
_KIND_LETTER = {"choice": "c", "number": "n", "point": "p"}


def _read_one(text: str) -> tuple[str, Any]:
    digits = len(text) - len(text.lstrip("0123456789"))
    if not 0 < digits < len(text) or not 1 <= int(text[:digits]) <= len(STEPS):
        raise ValueError(f"{quote(text)} must start with a step number 1 to {len(STEPS)}")
    step, letter, value = STEPS[int(text[:digits]) - 1], text[digits], text[digits + 1 :]
    if letter != _KIND_LETTER[step.question.kind]:
        raise ValueError(f"{quote(text)}: step {text[:digits]} asks for a {step.question.kind}")
    if letter == "c":
        if not (value.isascii() and value.isdigit() and int(value) < len(step.question.options)):
            raise ValueError(f"{quote(text)}: no such choice")
        return step.slug, step.question.options[int(value)]
    if letter == "n":
        return step.slug, read_number(value, "a predicted number", 0, 1e6)
    parts = value.split("_")
    if len(parts) != 2:
        raise ValueError(f"{quote(text)}: a point is w_b")
    w, b = (read_number(p, "a clicked point") for p in parts)
    return step.slug, (w, b)


def _read_said(text: str) -> dict[str, Any]:
    said = dict(_read_one(part) for part in text.split("~"))
    widgets = {f"lesson_said_{slug}": value for slug, value in said.items()
               if not isinstance(value, tuple)}  # fmt: skip
    return {SAID_KEY: said, **widgets}


def _write_said(state: Mapping[str, Any]) -> str | None:
    said, done = state.get(SAID_KEY) or {}, set(state.get(DONE_KEY) or ())
    parts = []
    for number, step in enumerate(STEPS, start=1):
        if number not in done or step.slug not in said:
            continue
        value, letter = said[step.slug], _KIND_LETTER[step.question.kind]
        if letter == "c":
            text = str(step.question.options.index(value))
        elif letter == "n":
            text = number_text(value)
        else:
            text = f"{number_text(value[0])}_{number_text(value[1])}"
        parts.append(f"{number}{letter}{text}")
    return "~".join(parts) or None


SAID = Codec("your predictions", _read_said, _write_said)
