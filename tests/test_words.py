"""How a run's status reads (ui.words), on the lecture's own runs: η = 1
converges at epoch 380, η = 0.1 is still descending, η = 50 sticks on a
plateau; the statuses the lecture's surface does not give are built by hand."""

from dataclasses import replace

import numpy as np
import pytest

import gd_core
from ui.words import descent_verdict, search_verdict, short_verdict, status_words

TOL = gd_core.DEFAULT_LOSS_TOL


@pytest.fixture(scope="module")
def runs():
    problem = gd_core.SigmoidNeuron.lecture()
    return {eta: gd_core.gradient_descent(problem, learning_rate=eta) for eta in (0.1, 1.0, 50.0)}


def test_the_lectures_run_converges_below_the_tolerance(runs):
    run = runs[1.0]
    assert descent_verdict(run, TOL) == (
        "Converged: the loss fell below 1e-05 at epoch 380 and ended at 2.43e-11."
    )
    assert short_verdict(run) == "converged: L < 1e-05 from epoch 380"
    assert status_words(run) == "converged (L < 1e-05)"


def test_a_small_eta_is_still_descending(runs):
    run = runs[0.1]
    assert descent_verdict(run, TOL).startswith("Still descending after 1000 epochs (L = 0.0164)")
    assert short_verdict(run) == "still descending"
    assert status_words(run) == "max epochs"


def test_a_large_eta_is_stuck_on_a_plateau(runs):
    run = runs[50.0]
    verdict = descent_verdict(run, TOL)
    # It jumped: one step raised the loss out of the valley (0.0713 → 0.422).
    assert verdict.startswith("Stuck on a plateau: at epoch 4 one step of ‖Δθ‖ = 4.57 (η = 50)")
    assert "jumped out of lower ground" in verdict and "0.0713 to 0.422" in verdict
    assert "L = 0.325" in verdict
    assert short_verdict(run) == "stuck on a saturated plateau"


def test_converged_by_a_vanishing_gradient_says_so(runs):
    """A minimum whose loss stays above the tolerance (no sigmoid fits every point)."""
    run = replace(runs[1.0], losses=runs[1.0].losses + 0.05)
    assert "the gradient has vanished" in descent_verdict(run, TOL)
    assert "never gets below 1e-05" in descent_verdict(run, TOL)
    assert short_verdict(run).startswith("converged: ‖∇L‖ < 1e-06 from epoch 380")
    assert status_words(run) == "converged (‖∇L‖ < 1e-06)"


def test_diverged_names_the_last_finite_epoch(runs):
    run = replace(runs[1.0], status="diverged", converged_at=None, learning_rate=1e4)
    assert descent_verdict(run, TOL).startswith("Diverged: η = 10000 threw the parameters")
    assert "epoch 1000" in descent_verdict(run, TOL)
    assert short_verdict(run) == "diverged"


def test_a_bouncing_loss_is_not_settling(runs):
    bouncing = np.tile([0.3, 0.2], 501)[:1001]
    run = replace(runs[0.1], losses=bouncing)
    assert not run.descending
    assert descent_verdict(run, TOL).startswith("Not settling: with η = 0.1 the steps overshoot")
    assert short_verdict(run) == "overshooting, not settling"


def test_separable_data_have_no_finite_minimum(runs):
    verdict = descent_verdict(runs[1.0], TOL, unbounded=True)
    assert verdict.startswith("No finite minimum") and "w has run away to 1.79" in verdict


def test_search_verdicts_count_loss_evaluations(runs):
    found = replace(runs[1.0], method="random_search:walk", converged_at=41)
    assert search_verdict(found, TOL).startswith("Found L < 1e-05 after 42 loss evaluations (walk)")
    missed = replace(runs[0.1], method="random_search:sample", evaluations=1001)
    assert search_verdict(missed, TOL).startswith(
        "Best guess after 1001 loss evaluations (sample): L = 0.0164."
    )


@pytest.mark.parametrize("eta", [1.0, 50.0])
def test_a_plateau_reached_downhill_never_says_jumps(eta):
    """From (−5, 5) the loss only falls (0.667 → 0.405): the wording follows
    the quantity that decides it, not η. With η = 1 the largest step is 0.117."""
    run = gd_core.gradient_descent(gd_core.SigmoidNeuron.lecture(), (-5.0, 5.0), eta, 1000)
    assert run.status == "plateau"
    verdict = descent_verdict(run, TOL)
    assert "jump" not in verdict
    assert "slid downhill" in verdict and "the loss only fell, from 0.667 to 0.405" in verdict
    assert f"its largest step ‖Δθ‖ = {run.largest_step:.3g}" in verdict
    if eta == 1.0:
        assert "‖Δθ‖ = 0.117" in verdict
