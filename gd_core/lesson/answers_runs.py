"""Answers that come from runs: guess work against descent, epochs to the
tolerance, the status at an η, why a large η stalls, the start that matters,
and the variants. Every run is the core's own (``gradient_descent``,
``random_search``, ``run_method``), for the step's stage."""

from __future__ import annotations

import math

import numpy as np

from gd_core.lesson.model import Answer, Stage
from gd_core.losses import sigmoid
from gd_core.maps import convergence_map
from gd_core.runs.plain import gradient_descent
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
MAP_WORK = 300 * 300 * 2 * 1000  # point evaluations: the lecture's data gets the page's 150 × 150


def reach(run: Trajectory) -> str:
    """``"reaches L < 1e−5 at epoch 380"`` or how it ends instead."""
    if run.converged_epoch is not None and run.final_loss < DEFAULT_LOSS_TOL:
        return f"reaches L < 1e−5 at epoch {run.converged_epoch}"
    if run.converged_epoch is not None:
        return f"settles at its minimum L = {run.final_loss:.3g} at epoch {run.converged_epoch}"
    return f"ends at L = {run.final_loss:.3g} after {run.steps} epochs ({STATUS[run.status]})"


def lower_why(options: tuple[str, str, str], names: tuple[str, str],
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


def at_text(point: tuple[float, float]) -> str:
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
        f"Gradient descent from {at_text(stage.start)} {reach(descent)}; random search ends at "
        f"L = {search.final_loss:.3g} after {search.evaluations} evaluations."
    )
    because = (
        f"Same budget: gradient descent ends at L = {descent.final_loss:.3g}, random search "
        f"(its best of {search.evaluations} guesses) at L = {search.final_loss:.3g}, "
        f"{max(d, r) / min(d, r):.3g} times apart."
    )
    return Answer(
        shown=right, because=because, alt_text=alt, right=frozenset({right}),
        why_not=lower_why(GUESS, ("gradient descent", "random search"), (d, r)),
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
        f"From {at_text(stage.start)} with η = {stage.eta:g}, descent {reach(run)}. Accepted: "
        + (f"{band[0]:.0f} to {band[1]:.0f} (±20 %)." if value else f"more than {stage.epochs}.")
    )
    return Answer(
        shown=shown, because=because, alt_text=f"Descent from {at_text(stage.start)} {reach(run)}.",
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
    because = (
        f"η = {stage.eta:g} from {at_text(stage.start)}: it {reach(run)}; {_run_numbers(run)}."
    )
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
        alt_text=f"Descent with η = {stage.eta:g} from {at_text(stage.start)} {reach(run)}.",
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
    # The map's cells within the Convergence map page's work budget (point evaluations).
    side = math.isqrt(int(MAP_WORK // (stage.epochs * stage.problem.n_points)))
    resolution = min(int(s["map_resolution"]), side)
    each = "; ".join(f"{o}: {r.status}" for o, r in zip(START_OPTIONS, runs, strict=False))
    if resolution < 10:
        cmap, share, on_map = None, float("nan"), "Too many points for a map of starts here."
    else:
        cmap = convergence_map(
            stage.problem, (-view, view), (-view, view), resolution, "gradient_descent",
            {"learning_rate": stage.eta}, stage.epochs,
        )  # fmt: skip
        share = cmap.share("converged")
        on_map = (
            f"On the map, {share:.0%} of the starts in view reach the tolerance "
            f"({cmap.counts()['plateau']} of {cmap.status.size} cells end on a plateau)."
        )
    because = f"With η = {stage.eta:g}: {each}. {on_map}"
    why_not = {o: f"From {o} descent {reach(r)}."
               for o, r in zip(START_OPTIONS, runs, strict=False)}  # fmt: skip
    why_not[ALL_REACH] = f"Not all: {each}."
    return Answer(
        shown=", ".join(sorted(stuck)) + " does not" if stuck else ALL_REACH, because=because,
        right=stuck or frozenset({ALL_REACH}), why_not=why_not,
        alt_text=f"Descent with η = {stage.eta:g} from each start: {each}. {on_map}",
        numbers={"share_converged": share, **{f"start_{k}": float(r.status == "converged")
                                              for k, r in enumerate(runs)}},
        runs=tuple((o, r) for o, r in zip(START_OPTIONS, runs, strict=False)),
        extras={"map": cmap},
    )  # fmt: skip
