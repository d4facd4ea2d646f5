"""Answers that come from runs: guess work against descent, epochs to the
tolerance, the status at an η, why a large η stalls, the start that matters,
and the variants. Every run is the core's own (``gradient_descent``,
``random_search``, ``run_method``), for the step's stage."""

from __future__ import annotations

import numpy as np

from gd_core.descent import gradient_descent
from gd_core.lesson.model import Answer, Stage
from gd_core.losses import sigmoid
from gd_core.maps import convergence_map
from gd_core.runner import run_method
from gd_core.search import random_search
from gd_core.trajectory import DEFAULT_LOSS_TOL, Trajectory

BAND = 0.2  # a number within ±20 % of the epochs counts as right
GUESS = ("gradient descent ends lower", "random search ends lower",
         "about the same (within a factor of 10)")  # fmt: skip
STATUS = {
    "converged": "converges (reaches the tolerance)",
    "max_epochs": "is still descending when the epochs run out",
    "plateau": "gets stuck on a plateau",
    "diverged": "diverges",
}
STALL = (
    "the sigmoid saturated: f(1 − f) ≈ 0 at the points, so the gradient vanished",
    "it reached the minimum",
    "the parameters overflowed (it diverged)",
    "it is still moving, only slowly",
)
STALL_FOR = {"plateau": STALL[0], "converged": STALL[1], "diverged": STALL[2],
             "max_epochs": STALL[3]}  # fmt: skip
STARTS = ((-4.0, 4.0), (4.0, -4.0), (-5.0, -5.0), (4.0, 4.0))
ALL_REACH = "all four reach it"
START_OPTIONS = (*(f"({w:g}, {b:g})" for w, b in STARTS), ALL_REACH)
RACE = ("plain descent", "the variant", "neither within the epochs")
LOWER = ("plain descent ends lower", "the variant ends lower",
         "about the same (within a factor of 10)")  # fmt: skip


def reach(run: Trajectory) -> str:
    """``"reaches L < 1e−5 at epoch 380"`` or how it ends instead."""
    if run.converged_epoch is not None and run.final_loss < DEFAULT_LOSS_TOL:
        return f"reaches L < 1e−5 at epoch {run.converged_epoch}"
    if run.converged_epoch is not None:
        return f"settles at its minimum L = {run.final_loss:.3g} at epoch {run.converged_epoch}"
    return f"ends at L = {run.final_loss:.3g} after {run.steps} epochs ({STATUS[run.status]})"


def _lower_why(options: tuple[str, str, str], names: tuple[str, str],
               losses: tuple[float, float]) -> dict[str, str]:  # fmt: skip
    """Why each of "the first / the second ends lower / about the same" is
    wrong, from the two final losses."""
    a, b = (max(v, 1e-300) for v in losses)
    apart = f"{names[0]} ends at L = {a:.3g}, {names[1]} at L = {b:.3g}"
    ratio = max(a, b) / min(a, b)
    close = ratio <= 10

    def lower(k: int, mine: float, other: float) -> str:
        if close:
            return f"{apart}: only {ratio:.3g} times apart, about the same."
        return (
            f"{apart}: {names[k]} ends {ratio:.3g} times higher, not lower."
            if mine > other
            else f"{apart}."
        )

    return {
        options[0]: lower(0, a, b),
        options[1]: lower(1, b, a),
        options[2]: f"{apart}: {ratio:.3g} times apart, more than a factor of 10.",
    }


def _descent(stage: Stage) -> Trajectory:
    return gradient_descent(stage.problem, stage.start, stage.eta, stage.epochs)


def _at(point: tuple[float, float]) -> str:
    return f"({point[0]:g}, {point[1]:g})"


def guess_vs_descent(stage: Stage) -> Answer:
    """Descent and random search at the same budget (epochs + 1 evaluations,
    as the error-surface page runs them): which ends lower."""
    view, s = stage.view, stage.settings
    descent = _descent(stage)
    search = random_search(
        stage.problem, stage.epochs + 1, seed=int(s["seed"]), mode=str(s["search_mode"]),
        start=stage.start, w_range=(-view, view), b_range=(-view, view),
    )  # fmt: skip
    d, r = (max(v, 1e-300) for v in (descent.final_loss, search.final_loss))
    right = GUESS[2] if max(d, r) <= 10 * min(d, r) else GUESS[0 if d < r else 1]
    alt = (
        f"Gradient descent from {_at(stage.start)} {reach(descent)}; random search ends at "
        f"L = {search.final_loss:.3g} after {search.evaluations} evaluations."
    )
    because = (
        f"Same budget: gradient descent ends at L = {descent.final_loss:.3g}, random search "
        f"(its best of {search.evaluations} guesses) at L = {search.final_loss:.3g}, "
        f"{max(d, r) / min(d, r):.3g} times apart."
    )
    return Answer(
        shown=right, because=because, alt_text=alt, right=frozenset({right}),
        why_not=_lower_why(GUESS, ("gradient descent", "random search"), (d, r)),
        numbers={"descent_loss": descent.final_loss, "search_loss": search.final_loss},
        runs=(("gradient descent", descent), ("random search", search)),
    )  # fmt: skip


def epochs_to_tolerance(stage: Stage) -> Answer:
    """The epoch at which L first stays below 1e−5 (``None``: never)."""
    run = _descent(stage)
    value = run.converged_epoch if run.final_loss < DEFAULT_LOSS_TOL else None
    if value is None:
        band = (stage.epochs + 1.0, float("inf"))
        shown = f"never within {stage.epochs} epochs: it {reach(run)}"
    else:
        band = (value * (1 - BAND), value * (1 + BAND))
        shown = f"epoch {value}"
    because = (
        f"From {_at(stage.start)} with η = {stage.eta:g}, descent {reach(run)}. Accepted: "
        + (f"{band[0]:.0f} to {band[1]:.0f} (±20 %)." if value else f"more than {stage.epochs}.")
    )
    return Answer(
        shown=shown, because=because, alt_text=f"Descent from {_at(stage.start)} {reach(run)}.",
        value=None if value is None else float(value), band=band,
        numbers={"epoch": -1.0 if value is None else float(value), "final_loss": run.final_loss},
        runs=((f"η = {stage.eta:g}", run),),
    )  # fmt: skip


def _run_numbers(run: Trajectory) -> str:
    w, b = run.final_params
    return (
        f"after {run.steps} epochs L = {run.final_loss:.3g}, ‖∇L‖ = {run.grad_norms[-1]:.3g}, "
        f"θ = ({w:.3g}, {b:.3g}), largest single step {run.largest_step:.3g}"
    )


def status_at(stage: Stage) -> Answer:
    """How descent ends at the step's η: converged, still descending, plateau, diverged."""
    run = _descent(stage)
    right = STATUS[run.status]
    because = f"η = {stage.eta:g} from {_at(stage.start)}: it {reach(run)}; {_run_numbers(run)}."
    why_not = {
        STATUS["converged"]: f"It never reaches the tolerance: {_run_numbers(run)}.",
        STATUS["max_epochs"]: "It is not moving down any more at the end."
        if run.status != "converged"
        else "It got there well before the end.",
        STATUS["plateau"]: f"The gradient did not vanish on a flat wing: {_run_numbers(run)}.",
        STATUS["diverged"]: f"The parameters stay finite: {_run_numbers(run)}.",
    }
    return Answer(
        shown=f"It {right}.", because=because, right=frozenset({right}), why_not=why_not,
        alt_text=f"Descent with η = {stage.eta:g} from {_at(stage.start)} {reach(run)}.",
        numbers={"final_loss": run.final_loss, "grad_norm": float(run.grad_norms[-1])},
        runs=((f"η = {stage.eta:g}", run),),
    )  # fmt: skip


def why_stall(stage: Stage) -> Answer:
    """Why the run at a large η stops: the saturation f(1 − f) at the end, and
    how far the first step's first-order prediction −η‖∇L‖² was off."""
    run = _descent(stage)
    right = STALL_FOR[run.status]
    w, b = run.final_params
    f = sigmoid(w * stage.problem.x + b)
    slope = float(np.max(f * (1 - f)))
    g0 = float(run.grad_norms[0])
    predicted, actual = -stage.eta * g0**2, float(run.losses[1] - run.losses[0])
    because = (
        f"At the end f(1 − f) is at most {slope:.3g} over the points (0.25 at most, where "
        f"f = ½), so ‖∇L‖ = {run.grad_norms[-1]:.3g} while L = {run.final_loss:.3g}. The "
        f"first step was η‖∇L‖ = {stage.eta * g0:.3g} long: Taylor's first order predicted "
        f"ΔL = {predicted:.3g}, the actual change was {actual:+.3g}: η was not small."
    )
    moved = float(np.hypot(*(run.params[-1] - run.params[max(0, run.steps - 100)])))
    why_not = {
        STALL[0]: f"f(1 − f) is up to {slope:.3g} at the end: not every point is saturated.",
        STALL[1]: f"L = {run.final_loss:.3g} at the end: it {STATUS[run.status]}, "
        "not at the minimum.",
        STALL[2]: f"θ stays finite, at ({w:.3g}, {b:.3g}).",
        STALL[3]: f"In the last 100 epochs θ moved {moved:.3g} and ‖∇L‖ = "
        f"{run.grad_norms[-1]:.3g}.",
    }
    return Answer(
        shown=right, because=because, right=frozenset({right}), why_not=why_not,
        alt_text=f"Descent with η = {stage.eta:g} {reach(run)}; at the end f(1 − f) ≤ {slope:.3g}.",
        numbers={"max_slope": slope, "predicted": predicted, "actual": actual,
                 "final_loss": run.final_loss},
        runs=((f"η = {stage.eta:g}", run),),
    )  # fmt: skip


def start_matters(stage: Stage) -> Answer:
    """Which of :data:`STARTS` does not reach the tolerance at the step's η,
    with the convergence map's share of converging starts in view."""
    runs = [gradient_descent(stage.problem, s, stage.eta, stage.epochs) for s in STARTS]
    stuck = frozenset(o for o, r in zip(START_OPTIONS, runs, strict=False)
                      if r.status != "converged")  # fmt: skip
    view, s = stage.view, stage.settings
    cmap = convergence_map(
        stage.problem, (-view, view), (-view, view), int(s["map_resolution"]),
        "gradient_descent", {"learning_rate": stage.eta}, stage.epochs,
    )  # fmt: skip
    share = cmap.share("converged")
    each = "; ".join(f"{o}: {r.status}" for o, r in zip(START_OPTIONS, runs, strict=False))
    because = (
        f"With η = {stage.eta:g}: {each}. On the map, {share:.0%} of the starts in view reach "
        f"the tolerance ({cmap.counts()['plateau']} of {cmap.status.size} cells end on a plateau)."
    )
    why_not = {o: f"From {o} descent {reach(r)}."
               for o, r in zip(START_OPTIONS, runs, strict=False)}  # fmt: skip
    why_not[ALL_REACH] = f"Not all: {each}."
    return Answer(
        shown=", ".join(sorted(stuck)) + " does not" if stuck else ALL_REACH, because=because,
        right=stuck or frozenset({ALL_REACH}), why_not=why_not,
        alt_text=f"Convergence map at η = {stage.eta:g}: {share:.0%} of starts converge; {each}.",
        numbers={"share_converged": share, **{f"start_{k}": float(r.status == "converged")
                                              for k, r in enumerate(runs)}},
        runs=tuple((o, r) for o, r in zip(START_OPTIONS, runs, strict=False)),
        extras={"map": cmap},
    )  # fmt: skip


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
        shown=right, because=f"From {_at(stage.start)}: {each}.", right=frozenset({right}),
        alt_text=f"Both runs from {_at(stage.start)}: {each}.", numbers=numbers,
        runs=tuple(zip(names, runs, strict=True)), why_not=dict.fromkeys(RACE, why),
    )  # fmt: skip


def race_lower(stage: Stage) -> Answer:
    """Which of the two ends lower after the epochs (:data:`LOWER`)."""
    runs, names, each = _race_runs(stage)
    numbers = _race_numbers(runs)
    a, b = (max(r.final_loss, 1e-300) for r in runs)
    right = LOWER[2] if max(a, b) <= 10 * min(a, b) else LOWER[0 if a < b else 1]
    return Answer(
        shown=right, because=f"From {_at(stage.start)}: {each}.", right=frozenset({right}),
        why_not=_lower_why(LOWER, names, (a, b)),
        alt_text=f"Both runs from {_at(stage.start)}: {each}.", numbers=numbers,
        runs=tuple(zip(names, runs, strict=True)),
    )  # fmt: skip
