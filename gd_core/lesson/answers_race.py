"""Answers from a race of two methods (the variants the lecture promises):
which reaches the tolerance first, which ends lower. Runs by the core's
``run_method``, for the step's stage."""

from __future__ import annotations

import numpy as np

from gd_core.lesson.answers_runs import at_text, lower_why, reach
from gd_core.lesson.model import Answer, Stage
from gd_core.runs.one import run_method
from gd_core.trajectory import DEFAULT_LOSS_TOL, Trajectory

RACE = ("plain descent", "the variant", "neither within the epochs")
LOWER = ("plain descent ends lower", "the variant ends lower",
         "about the same (within a factor of 10)")  # fmt: skip


def _race_runs(stage: Stage) -> tuple[list[Trajectory], tuple[str, str], str]:
    """The step's two raced runs (``race``: plain descent, then the variant),
    their names, and how each went (with how often its loss rose)."""
    runs = [
        run_method(stage.problem, e["method"], e["settings"], stage.start, stage.epochs)
        for e in stage.settings["race"][:2]
    ]
    names = ("plain descent", str(stage.settings["race"][1]["method"]).replace("_", " "))
    each = "; ".join(
        f"{n} with η = {e['settings']['learning_rate']:g} {reach(r)} (its loss rose in "
        f"{int(np.count_nonzero(np.diff(r.losses) > 0))} of {r.steps} steps)"
        for n, r, e in zip(names, runs, stage.settings["race"], strict=False)
    )
    return runs, names, each


def _race_numbers(runs: list[Trajectory]) -> dict[str, float]:
    numbers: dict[str, float] = {}
    for key, run in zip(("first", "second"), runs, strict=True):
        at = run.converged_epoch if run.final_loss < DEFAULT_LOSS_TOL else None
        numbers[f"{key}_epoch"] = -1.0 if at is None else float(at)
        tol = run.converged_epoch
        numbers[f"{key}_tolerance"] = -1.0 if tol is None else float(tol)
        numbers[f"{key}_loss"] = run.final_loss
        numbers[f"{key}_rises"] = float(np.count_nonzero(np.diff(run.losses) > 0))
    return numbers


def race_first(stage: Stage) -> Answer:
    """Which of the two reaches the tolerance first (:data:`RACE`): the
    epoch of convergence as the core decides it (L < 1e−5, or a vanishing
    gradient at the minimum of a loss whose minimum is above 1e−5)."""
    runs, names, each = _race_runs(stage)
    numbers = _race_numbers(runs)
    first, second = numbers["first_tolerance"], numbers["second_tolerance"]
    if first < 0 and second < 0:
        right = RACE[2]
    else:
        right = RACE[0] if second < 0 or (0 <= first <= second) else RACE[1]
    epochs = " and ".join(f"{n}: {'never' if e < 0 else f'epoch {e:.0f}'}"
                          for n, e in zip(names, (first, second), strict=True))  # fmt: skip
    why = f"Reaching the tolerance, {epochs}."
    return Answer(
        shown=right, because=f"From {at_text(stage.start)}: {each}.", right=frozenset({right}),
        alt_text=f"Both runs from {at_text(stage.start)}: {each}.", numbers=numbers,
        runs=tuple(zip(names, runs, strict=True)), why_not=dict.fromkeys(RACE, why),
    )  # fmt: skip


def race_lower(stage: Stage) -> Answer:
    """Which of the two ends lower after the epochs (:data:`LOWER`)."""
    runs, names, each = _race_runs(stage)
    numbers = _race_numbers(runs)
    a, b = (max(r.final_loss, 1e-300) for r in runs)
    right = LOWER[2] if max(a, b) <= 10 * min(a, b) else LOWER[0 if a < b else 1]
    return Answer(
        shown=right, because=f"From {at_text(stage.start)}: {each}.", right=frozenset({right}),
        why_not=lower_why(LOWER, names, (a, b)),
        alt_text=f"Both runs from {at_text(stage.start)}: {each}.", numbers=numbers,
        runs=tuple(zip(names, runs, strict=True)),
    )  # fmt: skip
