"""What the views say beside what they draw, every number from the runs on
the page: where a run leaves the view, why guess work can lead early and
where descent wins, and where the lecture and the convergence map disagree."""

from __future__ import annotations

import numpy as np

from gd_core import DEFAULT_LOSS_TOL, SigmoidNeuron, Trajectory
from gd_core.maps import ConvergenceMap
from gd_core.offview import OffView

# The lecture's sentence (transcript, as it runs its code from its start).
LECTURE_ANYWHERE = (
    "this same thing would happen if you start from anywhere else it will keep moving in "
    "a principled way and reach the low error configuration"
)
LEVELS = (1e-2, 1e-3, 1e-4, DEFAULT_LOSS_TOL)  # losses to reach, in the race per evaluation


def off_view_note(label: str, off: OffView, view: float, widen: bool = True) -> str:
    """Where ``label``'s run leaves the ±``view`` square, in words (the ▲ on
    the contour is the same mark); ``widen``: the page has the sidebar's
    **View** to follow it (the lesson sets each step's view itself)."""
    w, b = off.end
    if off.end_inside:
        then = f"and comes back at epoch {off.back}"
    else:
        then = f"and ends at (w, b) = ({w:.4g}, {b:.4g}), outside the view (±{view:g})"
    said = (
        f"**{label}** leaves the view at epoch {off.epoch} {then}: the ▲ at the edge of the "
        "contour marks where."
    )
    return f"{said} Widen the view in the sidebar (**View**) to follow it." if widen else said


def first_below(losses: np.ndarray, level: float) -> int | None:
    """The first index (evaluation) whose loss is below ``level``, or ``None``."""
    hit = np.flatnonzero(losses < level)
    return int(hit[0]) if hit.size else None


def guess_work_lead(descent: Trajectory, search: Trajectory) -> tuple[int, int] | None:
    """(first, last) epoch at which guess work's best loss is below descent's
    loss at the same number of evaluations, or ``None`` if it never is."""
    n = min(descent.losses.size, search.losses.size)
    ahead = np.flatnonzero(search.losses[:n] < descent.losses[:n])
    return (int(ahead[0]), int(ahead[-1])) if ahead.size else None


def guess_work_words(
    descent: Trajectory, search: Trajectory, problem: SigmoidNeuron, view: float
) -> list[str]:
    """Paragraphs: why guess work can lead early (with this run's numbers),
    and where descent wins, per evaluation."""
    mode = search.method.split(":")[-1]
    eta = descent.learning_rate or 1.0
    g0 = float(descent.grad_norms[0])
    out = []
    lead = guess_work_lead(descent, search)
    if lead is None:
        out.append(
            "Here guess work never has the lower loss: descent is ahead at every number of "
            "evaluations."
        )
    else:
        first, last = lead
        t = (first + last) // 2
        moved = float(np.hypot(*(descent.params[t] - descent.params[0])))
        guess = "a guess anywhere in the view" if mode == "sample" else "a random step"
        out.append(
            f"**Why guess work can lead early.** From epoch {first} to {last} guess work has "
            f"the lower loss (at epoch {t}: {search.losses[t]:.3g} against descent's "
            f"{descent.losses[t]:.3g}). Descent starts where the surface is flat: "
            f"‖∇L(θ₀)‖ = {g0:.2g}, so its first step moves θ by only η‖∇L‖ = {eta * g0:.2g}, "
            f"and in {t} epochs it has moved {moved:.3g} in all. Guess work never looks at the "
            f"slope: {guess} (within ±{view:g}) that happens to land near the valley beats "
            "those small steps. That is luck, and it is all guess work has."
        )
    rows = []
    for level in LEVELS:
        d, s = first_below(descent.losses, level), first_below(search.losses, level)
        rows.append(f"| L < {level:g} | {'—' if d is None else d} | {'—' if s is None else s} |")
    out.append(
        "**Where descent wins: the loss reached per evaluation.** Evaluations (epochs for "
        "descent, guesses for guess work) until the loss first falls below each level, "
        f"in this run (— : not within {search.evaluations}):\n\n"
        "| loss | descent | guess work |\n| --- | --: | --: |\n" + "\n".join(rows)
    )
    if mode == "sample":
        out.append(
            "In **sample** mode guess work ignores the start: the start is only its first "
            "guess, every other one is drawn anywhere in the view, so clicking a new start "
            "hardly changes its result. Descent depends on the start, and the "
            "**Convergence map** shows where it arrives from every start."
        )
    return out


def lecture_vs_map(cmap: ConvergenceMap, eta: float, epochs: int) -> str | None:
    """Where the lecture's "from anywhere else" and plain descent's map
    disagree, with the map's shares; ``None`` if every start converged."""
    counts, cells = cmap.counts(), cmap.status.size
    stuck = counts["plateau"] / cells
    slow = counts["max_epochs"] / cells
    if counts["converged"] == cells:
        return None
    return (
        f"The lecture says: *“{LECTURE_ANYWHERE}”*. This map disagrees: with η = {eta:g} "
        f"and {epochs} epochs, descent stops on a plateau from {100 * stuck:.0f} % of the "
        f"starts and is still descending from {100 * slow:.0f} %. Why: the Taylor argument "
        "promises that each small step against the gradient lowers the loss, not that the "
        "loss gets low. On the sigmoid's saturated wings f(1 − f) ≈ 0, so ∇L ≈ 0 and the "
        "steps vanish before the valley is reached."
    )
