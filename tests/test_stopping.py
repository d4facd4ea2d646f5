"""The stopping rules of ``gd_core.runs.stopping``, each once, and its
tracker on one run and on many agreeing per run."""

import math

import numpy as np
import pytest

from gd_core import SigmoidNeuron, descent_map, gradient_descent
from gd_core.maps import method_ends
from gd_core.runs import run_method
from gd_core.runs.stopping import (
    Tracker,
    converged,
    converged_many,
    end_statuses,
    finite,
    stretch_start,
    window_row,
)

LECTURE = SigmoidNeuron.lecture()


def _stuck(value):
    return lambda w, b: value


def test_converged_by_the_loss_or_by_a_flat_gradient_off_a_plateau():
    assert converged(1e-6, 5.0, 1e-5, 1e-6, _stuck(9.0), 0.0, 0.0)  # loss below tol
    assert converged(0.3, 1e-7, 1e-5, 1e-6, _stuck(0.0), 0.0, 0.0)  # flat, nothing stuck
    assert not converged(0.3, 1e-7, 1e-5, 1e-6, _stuck(0.3), 0.0, 0.0)  # flat on a plateau
    assert not converged(0.3, 1e-3, 1e-5, 1e-6, _stuck(0.0), 0.0, 0.0)  # still moving


def test_converged_many_is_converged_per_run():
    loss = np.array([1e-6, 0.3, 0.3, 0.3])
    norm = np.array([5.0, 1e-7, 1e-7, 1e-3])
    stuck = np.array([9.0, 0.0, 0.3, 0.0])
    many = converged_many(loss.copy(), norm, stuck.__getitem__, 1e-5, 1e-6)
    one = [converged(*v, 1e-5, 1e-6, _stuck(s), 0.0, 0.0) for *v, s in zip(loss, norm, stuck)]
    assert many.tolist() == one == [True, True, False, False]


def test_a_step_diverges_when_anything_leaves_the_finite_range():
    assert finite(1.0 + -2.0 + 3e300)
    assert not finite(1.0 + math.inf)
    assert not finite(math.nan + 0.0 + 0.0)
    assert not finite(1e308 + 1e308)  # the sum overflows: diverged by any measure


def test_plateau_needs_a_vanished_gradient_stuck_loss_and_a_stalled_loss():
    final = np.full(5, 0.2)
    window = np.array([0.2, 0.2, 0.5, 0.2, 0.2])  # run 2 still falls
    grad = np.array([1e-4, 1e-2, 1e-4, 1e-4, 1e-4])  # run 1 still has a gradient
    stuck = np.array([0.2, 0.2, 0.2, 0.0, 0.2])  # run 3 carries no stuck loss
    conv = np.zeros(5, dtype=bool)
    div = np.array([False, False, False, False, True])
    status = end_statuses(final, window, grad, stuck, conv, div, 1e-5)
    assert status.tolist() == ["plateau", "max_epochs", "max_epochs", "max_epochs", "diverged"]


def test_the_window_is_a_fifth_of_the_run_before_its_end():
    assert window_row(1001) == 1000 - 200
    assert window_row(3) == 1
    assert window_row(1) < 0


def test_the_stretch_starts_after_the_last_row_that_was_not_converged():
    assert stretch_start(-1, 5) == 0  # converged all along
    assert stretch_start(3, 5) == 4
    assert stretch_start(5, 5) is None  # the last row is out


def test_the_tracker_of_one_and_of_many_agree_per_run():
    """Runs that converge, bounce out and in again, never converge, and diverge."""
    rng = np.random.default_rng(7)
    rows, runs = 40, 6
    now = rng.random((rows, runs)) < 0.7
    now[19, 0], now[20:, 0] = False, True  # a final stretch from row 20
    now[:, 1] = True  # converged from the start
    now[-1, 2] = False  # out at the very end
    loss = rng.random((rows, runs))
    many = Tracker(runs, rows - 1)
    for row in range(rows):
        many.see(row, now[row], slice(None), loss[row])
    many.diverge(np.array([5]))
    singles = []
    for r in range(runs):
        one = Tracker(1, rows - 1)
        for row in range(rows):
            one.see_one(row, bool(now[row, r]), float(loss[row, r]))
        if r == 5:
            one.diverge(slice(None))
        singles.append(int(one.converged_at(np.array([rows - 1]))[0]))
        assert one.window_loss[0] == many.window_loss[r] == loss[window_row(rows), r]
    at = many.converged_at(np.full(runs, rows - 1))
    assert at.tolist() == singles
    assert at[0] == 20 and at[1] == 0 and at[2] == -1 and at[5] == -1


@pytest.mark.parametrize(
    ("method", "rtol"),
    [("gradient_descent", 1e-8), ("momentum", 1e-12), ("adam", 1e-12), ("stochastic", 1e-12)],
)
def test_one_run_and_many_runs_end_alike_per_start(method, rtol):
    """The same rules through the loop of one run and the loop of many.

    θ agrees to a tolerance, not bit for bit: one run's kernel takes
    ``math.exp`` (glibc), many runs take NumPy's ``exp``, which on AVX-512
    is NumPy's own SIMD routine and rounds differently in the last bit.
    Plain descent at η = 40 bounces across the valley and grows such a
    last-bit difference (measured on AVX-512: 6e-11 relative after 300
    epochs, 3e-5 after 1000), hence its looser tolerance; the statuses and
    epochs agree exactly, the starts being far from any stopping threshold."""
    starts = np.array([(-2.0, -2.0), (1.1, -3.0), (-4.0, -3.0), (6.0, 6.0), (0.5, 0.5)])
    settings = {"learning_rate": 40.0} if method == "gradient_descent" else None
    ends = method_ends(LECTURE, method, settings, starts, 300)
    for i, start in enumerate(starts):
        run = run_method(LECTURE, method, settings, start, 300)
        assert ends.status[i] == run.status
        assert ends.converged_at[i] == (-1 if run.converged_epoch is None else run.converged_epoch)
        assert ends.steps[i] == run.steps
        np.testing.assert_allclose(ends.final_params[i], run.params[-1], rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("stop", [True, False])
def test_the_fast_paths_end_as_the_loops_do(stop):
    """Plain descent: the fast path of one run against the loop of many,
    with and without the stop at the tolerance, η from crawling to diverging."""
    etas = np.array([0.05, 1.0, 10.0, 60.0, 5e3])
    ends = descent_map(LECTURE, (-2.0, -2.0), etas, 400, stop_at_tolerance=stop)
    for i, eta in enumerate(etas):
        run = gradient_descent(LECTURE, (-2.0, -2.0), eta, 400, stop_at_tolerance=stop)
        assert ends.status[i] == run.status
        assert ends.converged_at[i] == (-1 if run.converged_at is None else run.converged_at)
        assert ends.steps[i] == run.steps
        np.testing.assert_array_equal(ends.final_params[i], run.params[-1])
