"""How a run's status reads to a student."""

from __future__ import annotations

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
        return (
            f"Stuck on a plateau: η = {eta:g} jumps onto a flat region where the sigmoid is "
            "saturated (f(1 − f) ≈ 0), so the gradient vanishes and descent stalls at "
            f"L = {run.final_loss:.3g}."
        )
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
