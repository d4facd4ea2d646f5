"""The lesson's progress in the link: ``done=1_2_5``, the steps whose answer
the student has revealed, so they can go on on another device; and a
challenge's goal, ``goal=reach20``. Pure (no Streamlit); read by ``ui.url``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gd_core.lesson import STEPS
from gd_core.lesson.challenge import parse_goal
from ui.url_codecs import Codec, quote

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
