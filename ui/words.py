"""How a run's status reads to a student."""

from __future__ import annotations

import numpy as np

from gd_core import DEFAULT_GRAD_TOL, DEFAULT_LOSS_TOL, Trajectory


def descent_verdict(run: Trajectory, loss_tol: float, unbounded: bool = False) -> str:
    """The status in plain words; ``unbounded``: the loss has no finite
    minimizer (cross-entropy on separable data)."""
    eta = run.learning_rate
    if unbounded:
        w = run.final_params[0]
        return (
            f"No finite minimum: the classes are separable, so cross-entropy only approaches "
            f"0 as w grows without bound — w has run away to {w:.3g} (L = {run.final_loss:.3g}), "
            "and more epochs would push it further. This is not divergence: every step is finite."
        )
    if run.status == "converged" and run.final_loss >= loss_tol:
        return (
            f"Converged: from epoch {run.converged_at} the gradient has vanished "
            f"(‖∇L‖ < {DEFAULT_GRAD_TOL:g}) at a minimum whose loss is {run.final_loss:.3g}: "
            f"no sigmoid fits every point, so the loss never gets below {loss_tol:g}."
        )
    if run.status == "converged":
        return (
            f"Converged: the loss fell below {loss_tol:g} at epoch {run.converged_at} "
            f"and ended at {run.final_loss:.3g}."
        )
    if run.status == "plateau":
        return plateau_words(run)
    if run.status == "diverged":
        return (
            f"Diverged: η = {eta:g} threw the parameters out of the range of floating-point "
            f"numbers; stopped at the last finite step, epoch {run.steps}."
        )
    if run.descending:
        return (
            f"Still descending after {run.steps} epochs (L = {run.final_loss:.3g}): "
            "more epochs or a larger η."
        )
    return (
        f"Not settling: with η = {eta:g} the steps overshoot and the loss goes up and down "
        f"(L = {run.final_loss:.3g} after {run.steps} epochs): a smaller η."
    )


def plateau_words(run: Trajectory) -> str:
    """How a run got onto its plateau, chosen by the quantity that decides it:
    the largest rise of the loss over one step. A step that raised the loss
    overshot out of lower ground — it *jumped* (η = 50 from (−2, −2)); a run
    whose loss only fell *slid* down into the flat region in steps however
    small (η = 1 from (−5, 5): its largest step is 0.117)."""
    eta = run.learning_rate
    losses = run.losses
    rises = np.diff(losses)
    k = int(np.argmax(rises)) if rises.size else 0
    saturated = "where the sigmoid is saturated (f(1 − f) ≈ 0)"
    if rises.size and rises[k] > 1e-6 * float(np.max(losses)):
        step = float(np.hypot(*(run.params[k + 1] - run.params[k])))
        return (
            f"Stuck on a plateau: at epoch {k + 1} one step of ‖Δθ‖ = {step:.3g} "
            f"(η = {eta:g}) jumped out of lower ground — the loss rose from {losses[k]:.3g} "
            f"to {losses[k + 1]:.3g} — onto a flat region {saturated}, so the gradient "
            f"vanishes and descent stalls at L = {run.final_loss:.3g}."
        )
    return (
        f"Stuck on a plateau: descent slid downhill (its largest step "
        f"‖Δθ‖ = {run.largest_step:.3g}, η = {eta:g}; the loss only fell, from "
        f"{losses[0]:.3g} to {run.final_loss:.3g}) into a flat region {saturated}: the "
        f"gradient fades to ‖∇L‖ = {run.grad_norms[-1]:.2g} and descent stalls far above "
        "the minimum."
    )


def short_verdict(run: Trajectory, loss_tol: float = DEFAULT_LOSS_TOL) -> str:
    """A few words for a table row."""
    if run.status == "converged" and run.final_loss >= loss_tol:
        return f"converged: ‖∇L‖ < {DEFAULT_GRAD_TOL:g} from epoch {run.converged_at}"
    if run.status == "converged":
        return f"converged: L < {loss_tol:g} from epoch {run.converged_at}"
    if run.status == "plateau":
        return "stuck on a saturated plateau"
    if run.status == "diverged":
        return "diverged"
    return "still descending" if run.descending else "overshooting, not settling"


def search_verdict(run: Trajectory, loss_tol: float) -> str:
    mode = run.method.split(":")[-1]
    if run.status == "converged":
        return (
            f"Found L < {loss_tol:g} after {(run.converged_at or 0) + 1} loss evaluations "
            f"({mode}); best L = {run.final_loss:.3g}."
        )
    return (
        f"Best guess after {run.evaluations} loss evaluations ({mode}): L = {run.final_loss:.3g}. "
        "The lecture's “guess work” never looks at the slope."
    )


def status_words(run: Trajectory, loss_tol: float = DEFAULT_LOSS_TOL) -> str:
    """The status for a results table, saying what "converged" means."""
    if run.status == "converged":
        if run.final_loss < loss_tol:
            return f"converged (L < {loss_tol:g})"
        return f"converged (‖∇L‖ < {DEFAULT_GRAD_TOL:g})"
    return run.status.replace("_", " ")
