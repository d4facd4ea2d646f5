"""Answers about one point of the surface: where L is lowest, when a move
θ + ηu is good, the best direction β, the signs of the first update. Each
is computed for the step's stage (its data, loss, start and η)."""

from __future__ import annotations

import numpy as np

from gd_core import taylor
from gd_core.lesson.model import Answer, Stage
from gd_core.losses import sigmoid
from gd_core.surface import loss_surface

LOW_SHARE = 0.02  # a click within 2 % of L's range in view above its minimum is "lowest"
GRID = 121
STEP_BETAS = tuple(float(b) for b in range(0, 360, 15) if b not in (90, 270))
GOOD_MOVE = (
    "when uᵀ∇L(θ) < 0: u makes an angle of more than 90° with the gradient",
    "when uᵀ∇L(θ) > 0: u points along the gradient",
    "only when u is at right angles to the gradient (uᵀ∇L(θ) = 0)",
    "any u: a small enough step always lowers L",
)
BETAS = ("0°", "90°", "135°", "180°")
SIGNS = ("Δw > 0 and Δb > 0", "Δw > 0 and Δb < 0", "Δw < 0 and Δb > 0", "Δw < 0 and Δb < 0")


def _pt(point: tuple[float, float]) -> str:
    return f"({point[0]:.2f}, {point[1]:.2f})"


def lowest_point(stage: Stage) -> Answer:
    """Where L is lowest in the view: the exact zero-loss point if the data
    have one inside it, else the lowest cell of a 121 × 121 grid."""
    problem, view = stage.problem, stage.view
    surface = loss_surface(problem, (-view, view), (-view, view), resolution=GRID)
    best = surface.argmin
    best_loss = float(surface.loss.min())
    exact = problem.zero_loss_point()
    if exact is not None and max(abs(exact[0]), abs(exact[1])) <= view:
        exact_loss = float(problem.loss(*exact))
        if exact_loss <= best_loss:
            best, best_loss = exact, exact_loss
    top = float(surface.loss.max())
    loss_ok = best_loss + LOW_SHARE * (top - best_loss)
    shown = f"L is lowest at (w, b) = {_pt(best)}, where L = {best_loss:.3g}"
    because = (
        f"Over the view (w and b within ±{view:g}) L runs from {best_loss:.3g} to {top:.3g}. "
        f"A click counts as the lowest when L there is within 2 % of that range of the minimum "
        f"(L ≤ {loss_ok:.3g}): the valley floor is long and nearly flat."
    )
    alt = (
        f"The loss surface over w and b in ±{view:g}: L from {best_loss:.3g} (at {_pt(best)}) "
        f"to {top:.3g}."
    )
    return Answer(
        shown=shown, because=because, alt_text=alt, value=best_loss, point=best, loss_ok=loss_ok,
        numbers={"w": best[0], "b": best[1], "loss": best_loss, "loss_ok": loss_ok, "top": top},
    )  # fmt: skip


def good_move(stage: Stage) -> Answer:
    """Which condition on u makes the move θ + ηu lower L: every 15° of β
    (but 90° and 270°), each predicate of :data:`GOOD_MOVE` checked against
    the actual change L(θ + ηu) − L(θ)."""
    at = taylor.local(stage.problem, stage.start)
    betas = np.array(STEP_BETAS)
    first, actual = taylor.directional_changes(stage.problem, at, stage.eta, betas)
    lowered = actual < 0
    dots = first / stage.eta
    predicates = (dots < 0, dots > 0, np.zeros_like(lowered), np.ones_like(lowered))
    agree = [int(np.count_nonzero(p == lowered)) for p in predicates]
    best = max(agree)
    right = frozenset(o for o, a in zip(GOOD_MOVE, agree, strict=True) if a == best)
    n, down = betas.size, int(np.count_nonzero(lowered))
    because = (
        f"At θ = {_pt(stage.start)} with η = {stage.eta:g}, of {n} directions u (every 15° of β, "
        f"‖u‖ = ‖∇L‖ = {at.grad_norm:.3g}), {down} lowered L; the condition holds for "
        f"{best} of the {n}. The largest drop, {actual.min():.3g}, is at β = "
        f"{betas[int(np.argmin(actual))]:g}°."
    )
    why_not = {
        GOOD_MOVE[1]: "Along the gradient L goes up: the gradient points uphill.",
        GOOD_MOVE[2]: "At right angles uᵀ∇L = 0: to first order L does not change at all.",
        GOOD_MOVE[3]: f"{n - down} of the {n} directions raised L: the direction matters.",
    }
    alt = f"From θ = {_pt(stage.start)}, {down} of {n} directions lower L, {n - down} raise it."
    return Answer(
        shown=f"The move is good {next(iter(sorted(right)))}.", because=because, alt_text=alt,
        right=right, why_not=why_not,
        numbers={"directions": n, "lowered": down, "agree": best, "grad_norm": at.grad_norm},
    )  # fmt: skip


def best_direction(stage: Stage) -> Answer:
    """The β of :data:`BETAS` whose step η u (‖u‖ = ‖∇L‖) lowers L most."""
    at = taylor.local(stage.problem, stage.start)
    betas = np.array([float(b.rstrip("°")) for b in BETAS])
    _, actual = taylor.directional_changes(stage.problem, at, stage.eta, betas)
    k = int(np.argmin(actual))
    changes = ", ".join(f"β = {b:g}°: {a:+.3g}" for b, a in zip(betas, actual, strict=True))
    because = (
        f"The change of L for a step η u, η = {stage.eta:g}, from θ = {_pt(stage.start)}: "
        f"{changes}. uᵀ∇L = k cos β with k = ‖u‖‖∇L‖ = {at.grad_norm**2:.3g}, most negative "
        "when cos β = −1."
    )
    why_not = {
        b: f"At β = {b} L changes by {a:+.3g}, less of a drop than at {BETAS[k]}."
        for b, a in zip(BETAS, actual, strict=True)
    }
    alt = f"From θ = {_pt(stage.start)}, the change of L for a step at {changes}."
    return Answer(
        shown=f"β = {BETAS[k]}: L changes by {actual[k]:+.3g}", because=because, alt_text=alt,
        right=frozenset({BETAS[k]}), why_not=why_not,
        numbers={f"change_{int(b)}": float(a) for b, a in zip(betas, actual, strict=True)},
    )  # fmt: skip


def update_signs(stage: Stage) -> Answer:
    """The signs of the first update Δw = −η∇w, Δb = −η∇b from the start,
    with each point's residual f(xᵢ) − yᵢ (the factor that decides them)."""
    (w, b), eta = stage.start, stage.eta
    dw, db = (float(g) for g in stage.problem.grad(w, b))
    step_w, step_b = -eta * dw, -eta * db
    right = SIGNS[2 * (step_w < 0) + (step_b < 0)]
    x, y = stage.problem.x[:5], stage.problem.y[:5]
    residuals = sigmoid(w * x + b) - y
    shown_points = "; ".join(
        f"x = {xi:g}: f(x) − y = {r:+.3f}" for xi, r in zip(x, residuals, strict=True)
    )
    more = f" (first 5 of {stage.problem.n_points} points)" if stage.problem.n_points > 5 else ""
    because = (
        f"At ({w:g}, {b:g}): ∇w = {dw:.4g}, ∇b = {db:.4g}, so with η = {eta:g} "
        f"Δw = −η∇w = {step_w:+.4g} and Δb = −η∇b = {step_b:+.4g}. "
        f"Each point adds (f(x) − y) times a positive factor (times x for ∇w): "
        f"{shown_points}{more}."
    )
    why = " ".join(
        f"∇{n} = {g:.4g} {'<' if g < 0 else '≥'} 0, so Δ{n} = −η∇{n} is "
        f"{'positive' if g < 0 else 'negative or zero'}."
        for n, g in (("w", dw), ("b", db))
    )
    alt = f"From ({w:g}, {b:g}) the first step moves by Δw = {step_w:+.4g}, Δb = {step_b:+.4g}."
    return Answer(
        shown=f"{right}: Δw = {step_w:+.4g}, Δb = {step_b:+.4g}", because=because, alt_text=alt,
        right=frozenset({right}), why_not=dict.fromkeys(SIGNS, f"Descent moves against ∇L: {why}"),
        numbers={"grad_w": dw, "grad_b": db, "delta_w": step_w, "delta_b": step_b},
    )  # fmt: skip
