"""The lesson's progress in the link: ``done=1_2_5``, the steps whose answer
the student has revealed, so they can go on on another device. Pure (no
Streamlit); read by ``ui.url``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gd_core.lesson import STEPS
from ui.url_codecs import Codec, quote

DONE_KEY = "lesson_done"  # session state: the sorted step numbers revealed


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
