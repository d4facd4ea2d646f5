"""Challenges: a goal a link carries, checked against the view's settings.

``reach20``: reach L < 1e−5 within 20 epochs from the start with plain
descent — choose η. ``stall10``: find a start from which η = 10 ends on a
plateau. ``beat``: beat plain descent (the race's first run) with another
method of the race in fewer epochs. Pure: no Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gd_core.problem import SigmoidNeuron
from gd_core.runs.one import run_method
from gd_core.runs.plain import gradient_descent
from gd_core.trajectory import DEFAULT_LOSS_TOL

KINDS = ("reach", "stall", "beat")
RULE = "reach<epochs 1–10000>, stall<η > 0, ≤ 1000> or beat (e.g. reach20, stall10)"
_FORM = re.compile(r"(reach)(\d{1,5})|(stall)(\d{1,4}(?:\.\d{1,6})?)|(beat)")


@dataclass(frozen=True)
class Goal:
    """``kind`` of :data:`KINDS`; ``limit``: the epochs (reach) or η (stall)."""

    kind: str
    limit: float = 0.0

    @property
    def text(self) -> str:
        """The goal as the link writes it."""
        if self.kind == "beat":
            return "beat"
        return f"{self.kind}{self.limit:g}"

    @property
    def page(self) -> str:
        """The view the goal is played on."""
        return "optimizers" if self.kind == "beat" else "error_surface"

    def words(self) -> str:
        if self.kind == "reach":
            return (f"reach L < 1e−5 within {self.limit:g} epochs from the start with plain "
                    "descent: choose η")  # fmt: skip
        if self.kind == "stall":
            return f"find a start from which η = {self.limit:g} ends stuck on a plateau"
        return "beat plain descent with another method of the race, in fewer epochs"


def parse_goal(text: str) -> Goal:
    """The goal ``text`` names, or ``ValueError`` with the rule."""
    found = _FORM.fullmatch(text.strip())
    if not found:
        raise ValueError(f"must be {RULE}")
    if found.group(1):
        epochs = int(found.group(2))
        if not 1 <= epochs <= 10_000:
            raise ValueError(f"must be {RULE}")
        return Goal("reach", float(epochs))
    if found.group(3):
        eta = float(found.group(4))
        if not 0 < eta <= 1000:
            raise ValueError(f"must be {RULE}")
        return Goal("stall", eta)
    return Goal("beat")


@dataclass(frozen=True)
class Attempt:
    """How the view's settings fare: ``met``, in words, and a score (lower
    is better: the epochs reached at; 0/1 for a stall)."""

    met: bool
    words: str
    score: float


def check_goal(
    goal: Goal, problem: SigmoidNeuron, settings: Mapping[str, Any],
    race: Sequence[Mapping[str, Any]] = (),
) -> Attempt:  # fmt: skip
    """Whether ``settings`` (``w0``, ``b0``, ``eta``, ``epochs``; ``race`` for
    ``beat``) meet ``goal`` on ``problem``, by the core's own runs."""
    start = (float(settings["w0"]), float(settings["b0"]))
    if goal.kind == "reach":
        run = gradient_descent(problem, start, float(settings["eta"]), int(goal.limit))
        at = run.converged_epoch if run.final_loss < DEFAULT_LOSS_TOL else None
        if at is None:
            words = (f"η = {settings['eta']:g} does not reach L < 1e−5 within {goal.limit:g} "
                     f"epochs (L = {run.final_loss:.3g}).")  # fmt: skip
            return Attempt(False, words, float("inf"))
        return Attempt(True, f"η = {settings['eta']:g} reaches L < 1e−5 at epoch {at}.", at)
    if goal.kind == "stall":
        run = gradient_descent(problem, start, goal.limit, int(settings["epochs"]))
        met = run.status == "plateau"
        return Attempt(met, f"From ({start[0]:g}, {start[1]:g}) η = {goal.limit:g} ends: "
                       f"{run.status}, L = {run.final_loss:.3g}.", 0.0 if met else 1.0)  # fmt: skip
    return _beat(problem, start, int(settings["epochs"]), race)


def _beat(
    problem: SigmoidNeuron, start: tuple[float, float], epochs: int,
    race: Sequence[Mapping[str, Any]],
) -> Attempt:  # fmt: skip
    epochs_at: list[float] = []
    for entry in race:
        run = run_method(problem, entry["method"], entry["settings"], start, epochs)
        at = run.converged_epoch if run.status == "converged" else None
        epochs_at.append(float("inf") if at is None else float(at))
    plain = [e for entry, e in zip(race, epochs_at, strict=True)
             if entry["method"] == "gradient_descent"]  # fmt: skip
    others = [e for entry, e in zip(race, epochs_at, strict=True)
              if entry["method"] != "gradient_descent"]  # fmt: skip
    if not plain or not others:
        return Attempt(False, "Race plain descent against at least one other method.", 1e9)
    best, base = min(others), min(plain)
    met = best < base
    return Attempt(met, f"Plain descent converges at epoch {base:g}; the best other method "
                   f"at epoch {best:g}.", best)  # fmt: skip
