import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gd_core import SigmoidNeuron, descent_map, gradient_descent, gradient_descent_batch

LECTURE = SigmoidNeuron.lecture()
GRID = np.array([(w, b) for w in np.linspace(-6, 6, 7) for b in np.linspace(-6, 6, 7)])


@pytest.mark.parametrize("eta", [0.1, 0.5, 1.0, 2.0, 5.0, 10.0])
def test_batch_equals_one_by_one(eta):
    runs = gradient_descent_batch(LECTURE, GRID, eta, 1000)
    for start, batched in zip(GRID, runs):
        single = gradient_descent(LECTURE, start, eta, 1000)
        assert batched.status == single.status
        assert batched.converged_at == single.converged_at
        assert batched.params.shape == single.params.shape
        np.testing.assert_allclose(batched.params, single.params, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(batched.losses, single.losses, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(batched.grad_norms, single.grad_norms, rtol=1e-9, atol=1e-12)


def test_learning_rate_sweep_equals_one_by_one_at_sampled_eta():
    etas = np.logspace(-3, 3, 200)
    runs = gradient_descent_batch(LECTURE, (-2.0, -2.0), etas, 1000)
    for k in range(0, 200, 25):  # 1e-3 … ~5: the non-chaotic part of the sweep
        single = gradient_descent(LECTURE, (-2.0, -2.0), etas[k], 1000)
        assert runs[k].status == single.status
        np.testing.assert_allclose(runs[k].params, single.params, rtol=1e-12, atol=1e-12)


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
    runs = gradient_descent_batch(LECTURE, starts, eta, 200, stop_at_tolerance=stop)
    for start, run in zip(starts, runs):
        alone = gradient_descent_batch(LECTURE, start, eta, 200, stop_at_tolerance=stop)[0]
        np.testing.assert_array_equal(run.params, alone.params)
        assert run.status == alone.status and run.converged_at == alone.converged_at


def test_finished_runs_leave_the_active_set():
    runs = gradient_descent_batch(LECTURE, (-2, -2), [1.0, 10.0, 0.1], 1000, stop_at_tolerance=True)
    assert runs[1].steps == runs[1].converged_at < runs[0].steps == runs[0].converged_at
    assert runs[2].steps == 1000 and runs[2].status == "max_epochs"


def test_descent_map_equals_batch():
    starts = GRID[::3]
    mapped = descent_map(LECTURE, starts, 1.0, 600)
    runs = gradient_descent_batch(LECTURE, starts, 1.0, 600, stop_at_tolerance=True)
    assert mapped.status.tolist() == [r.status for r in runs]
    assert mapped.steps.tolist() == [r.steps for r in runs]
    np.testing.assert_array_equal(mapped.final_params, np.array([r.params[-1] for r in runs]))
    np.testing.assert_array_equal(mapped.final_loss, [r.final_loss for r in runs])


def test_batch_statuses_of_the_lecture_start():
    runs = gradient_descent_batch(LECTURE, (-2, -2), [0.1, 1.0, 10.0, 50.0], 1000)
    assert [r.status for r in runs] == ["max_epochs", "converged", "converged", "plateau"]
    assert [r.learning_rate for r in runs] == [0.1, 1.0, 10.0, 50.0]


def test_the_extremes_in_range_stay_finite_and_match_single_runs():
    # The documented ranges' corner: data at ±1e6, |start| = 1e4, η = 1e4.
    steep = SigmoidNeuron([1e6, -1e6, 1.0], [-1e6, 1e6, 0.5])
    runs = gradient_descent_batch(steep, (1e4, -1e4), [1e-4, 1e4], 2000)
    for run in runs:
        single = gradient_descent(steep, (1e4, -1e4), run.learning_rate, 2000)
        assert run.status == single.status != "diverged"
        assert run.steps == single.steps == 2000
        assert np.isfinite(run.params).all() and np.isfinite(run.losses).all()
        # and inside float32, which the figures' typed arrays use
        assert np.abs(run.params).max() < 3e38 and run.losses.max() < 3e38


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
        gradient_descent_batch(LECTURE, starts, etas, 10)
