import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gd_core import SigmoidNeuron, descent_map, gradient_descent

LECTURE = SigmoidNeuron.lecture()
GRID = np.array([(w, b) for w in np.linspace(-6, 6, 7) for b in np.linspace(-6, 6, 7)])


def assert_ends_match(ends, k, single, rtol=1e-12):
    """Run k of a descent map ended where the single run did, as it did."""
    assert ends.status[k] == single.status
    assert ends.steps[k] == single.steps
    assert (ends.converged_at[k] if ends.converged_at[k] >= 0 else None) == single.converged_at
    np.testing.assert_allclose(ends.final_params[k], single.params[-1], rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(ends.final_loss[k], single.final_loss, rtol=rtol, atol=1e-12)
    np.testing.assert_allclose(
        ends.final_grad_norm[k], single.grad_norms[-1], rtol=max(rtol, 1e-9), atol=1e-12
    )


@pytest.mark.parametrize("eta", [0.1, 0.5, 1.0, 2.0, 5.0, 10.0])
def test_batch_equals_one_by_one(eta):
    ends = descent_map(LECTURE, GRID, eta, 1000, stop_at_tolerance=False)
    for k, start in enumerate(GRID):
        assert_ends_match(ends, k, gradient_descent(LECTURE, start, eta, 1000))


@pytest.mark.parametrize("eta", [0.5, 1.0, 10.0])
def test_batch_stopping_at_the_tolerance_equals_one_by_one(eta):
    ends = descent_map(LECTURE, GRID, eta, 1000)
    for k, start in enumerate(GRID):
        single = gradient_descent(LECTURE, start, eta, 1000, stop_at_tolerance=True)
        assert_ends_match(ends, k, single)


def test_learning_rate_sweep_equals_one_by_one_at_sampled_eta():
    etas = np.logspace(-3, 3, 200)
    ends = descent_map(LECTURE, (-2.0, -2.0), etas, 1000, stop_at_tolerance=False)
    for k in range(0, 200, 25):  # 1e-3 … ~5: the non-chaotic part of the sweep
        assert_ends_match(ends, k, gradient_descent(LECTURE, (-2.0, -2.0), etas[k], 1000))


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-8, 8), st.floats(-8, 8)), min_size=1, max_size=6),
    st.floats(1e-3, 200),
    st.booleans(),
)
def test_batch_of_many_is_bitwise_a_batch_of_one(starts, eta, stop):
    # Same arithmetic, whatever else is in the batch, even where large η makes
    # the path chaotic (there a 1-ulp difference between math.exp and NumPy's
    # SIMD exp grows, which is why the test above stays at η ≤ 10).
    ends = descent_map(LECTURE, starts, eta, 200, stop_at_tolerance=stop)
    for k, start in enumerate(starts):
        alone = descent_map(LECTURE, start, eta, 200, stop_at_tolerance=stop)
        np.testing.assert_array_equal(ends.final_params[k], alone.final_params[0])
        assert ends.status[k] == alone.status[0]
        assert ends.converged_at[k] == alone.converged_at[0]
        assert ends.steps[k] == alone.steps[0]


def test_finished_runs_leave_the_active_set():
    ends = descent_map(LECTURE, (-2, -2), [1.0, 10.0, 0.1], 1000)
    steps, conv = ends.steps.tolist(), ends.converged_at.tolist()
    assert steps[1] == conv[1] < steps[0] == conv[0]
    assert steps[2] == 1000 and ends.status[2] == "max_epochs"


def test_batch_statuses_of_the_lecture_start():
    ends = descent_map(LECTURE, (-2, -2), [0.1, 1.0, 10.0, 50.0], 1000, stop_at_tolerance=False)
    assert ends.status.tolist() == ["max_epochs", "converged", "converged", "plateau"]


def test_the_extremes_in_range_stay_finite_and_match_single_runs():
    # The documented ranges' corner: data at ±1e6, |start| = 1e4, η = 1e4.
    steep = SigmoidNeuron([1e6, -1e6, 1.0], [-1e6, 1e6, 0.5])
    etas = [1e-4, 1e4]
    ends = descent_map(steep, (1e4, -1e4), etas, 2000, stop_at_tolerance=False)
    for k, eta in enumerate(etas):
        single = gradient_descent(steep, (1e4, -1e4), eta, 2000)
        assert ends.status[k] == single.status != "diverged"
        assert ends.steps[k] == single.steps == 2000
        assert np.isfinite(single.params).all() and np.isfinite(single.losses).all()
        np.testing.assert_allclose(ends.final_params[k], single.params[-1], rtol=1e-12)
        # and inside float32, which the figures' typed arrays use
        assert np.abs(single.params).max() < 3e38 and single.losses.max() < 3e38
        assert np.abs(ends.final_params[k]).max() < 3e38 and ends.final_loss[k] < 3e38


@pytest.mark.parametrize(
    ("starts", "etas", "message"),
    [
        ((-2, -2), [1.0, 0.0], "learning rate η must be a finite number > 0"),
        ((-2, -2), [np.nan], "learning rate"),
        ([(0, 0), (1, 1)], [1.0, 2.0, 3.0], "do not pair up"),
        ([(0, 0, 0)], 1.0, "starts must have shape"),
        ([(np.inf, 0)], 1.0, "starts must be finite"),
        ((-2, -2), [], "learning rates must be"),
    ],
)
def test_bad_batch_input(starts, etas, message):
    with pytest.raises(ValueError, match=message):
        descent_map(LECTURE, starts, etas, 10)


def _both_passes(problem, starts, etas, epochs):
    """The ends of the one loop of many runs and of the kept-history fast
    path (the sweep's), same batch."""
    from gd_core.runs import ends, history
    from gd_core.runs.many import ManyRuns, per_run_descent

    checked = ends.check(starts, etas, epochs, 1e-5, 1e-6)
    starts_arr, etas_arr, epochs, loss_tol, grad_tol = checked
    assert history.fits(etas_arr.size, epochs)
    loop = ManyRuns(problem, per_run_descent(etas_arr), None, 1, (loss_tol, grad_tol))
    with np.errstate(over="ignore", invalid="ignore"):
        looped = loop(starts_arr, epochs)
    kept = ends._from_history(problem, starts_arr, etas_arr, epochs, loss_tol, grad_tol)
    return looped, kept


def _assert_bitwise_equal(loop, kept):
    for field in dataclasses.fields(loop):
        name = field.name
        np.testing.assert_array_equal(getattr(kept, name), getattr(loop, name), err_msg=name)


def test_the_sweep_pass_is_the_epoch_loop_bit_for_bit():
    """The sweep keeps every step and tests them at the end; what it reads
    must be what the loop that tests every epoch finds, to the last bit."""
    etas = np.logspace(-3, 3, 200)
    for start in [(-2, -2), (1.1, -3), (-4, -3), (2.5, 1), (6, 6), (-6, 6)]:
        _assert_bitwise_equal(*_both_passes(LECTURE, start, etas, 1000))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(1, 20),
    st.sampled_from(["squared_error", "cross_entropy"]),
    st.integers(1, 40),
    st.integers(1, 300),
    st.sampled_from([8.0, 1e4]),
    st.integers(0, 2**32 - 1),
)
def test_the_sweep_pass_matches_the_loop_on_any_data(points, loss, runs, epochs, reach, seed):
    # Huge data, starts and η: runs that diverge, overflow or stall on a plateau.
    rng = np.random.default_rng(seed)
    x = rng.uniform(-5, 5, points) * 10.0 ** rng.integers(0, 6)
    y = rng.uniform(0, 1, points) if loss == "cross_entropy" else rng.uniform(-3, 3, points)
    problem = SigmoidNeuron(x, y, loss=loss)
    starts = rng.uniform(-reach, reach, (runs, 2))
    _assert_bitwise_equal(*_both_passes(problem, starts, 10 ** rng.uniform(-3, 4, runs), epochs))
