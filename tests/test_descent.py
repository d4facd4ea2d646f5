import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_reference as lec
from gd_core import STATUSES, SigmoidNeuron, descent_map, gradient_descent

LECTURE = SigmoidNeuron.lecture()


def test_reproduces_the_lecture_epoch_by_epoch():
    run = gradient_descent(LECTURE, start=(-2.0, -2.0), learning_rate=1.0, epochs=1000)
    reference = np.array(lec.do_gradient_descent(-2, -2, 1.0, 1000))
    assert run.params.shape == reference.shape == (1001, 2)
    np.testing.assert_allclose(run.params, reference, rtol=1e-9, atol=0)
    ref_losses = np.array([lec.error(w, b) for w, b in reference])
    np.testing.assert_allclose(run.losses, ref_losses, rtol=1e-9, atol=0)


def test_lecture_end_point_and_epoch_100():
    run = gradient_descent(LECTURE)
    w, b = run.final_params
    assert w == pytest.approx(1.791720, abs=5e-7)
    assert b == pytest.approx(-2.282118, abs=5e-7)
    assert run.final_loss == pytest.approx(2.43e-11, rel=0.01)
    assert run.params[100] == pytest.approx([1.00299, -1.05079], abs=5e-6)
    assert run.losses[100] == pytest.approx(0.01774, abs=5e-6)
    assert run.status == "converged"
    assert run.converged_at is not None and 100 < run.converged_at < 1000
    assert run.losses[run.converged_at] < 1e-5 <= run.losses[run.converged_at - 1]


def test_grad_norms_recorded():
    run = gradient_descent(LECTURE, epochs=10)
    assert run.grad_norms[0] == pytest.approx(0.0095, abs=1e-4)
    dw, db = LECTURE.grad(*run.params[7])
    assert run.grad_norms[7] == pytest.approx(np.hypot(dw, db), rel=1e-12)
    assert run.evaluations == 11


@pytest.mark.parametrize(
    ("eta", "status"),
    [
        (0.1, "max_epochs"),
        (1.0, "converged"),
        (10.0, "converged"),
        (50.0, "plateau"),
        (100.0, "plateau"),
    ],
)
def test_status_from_the_lecture_start(eta, status):
    run = gradient_descent(LECTURE, start=(-2, -2), learning_rate=eta, epochs=1000)
    assert run.status == status
    assert np.isfinite(run.params).all() and np.isfinite(run.losses).all()


def test_small_eta_is_still_descending():
    run = gradient_descent(LECTURE, learning_rate=0.1)
    assert run.final_loss == pytest.approx(0.016, abs=0.001)
    assert np.all(np.diff(run.losses[-100:]) < 0)


def test_plateau_is_stuck_far_above_the_minimum():
    for eta in (50.0, 100.0):
        run = gradient_descent(LECTURE, learning_rate=eta)
        assert 0.3 < run.final_loss < 0.45
        assert run.grad_norms[-1] < 1e-3


def test_inputs_that_once_overflowed_are_refused_by_name():
    # x = 1e10 with η = 1e300 used to throw w past the double range; the
    # documented ranges (gd_core._validate) now refuse both.
    with pytest.raises(ValueError, match=r"x must lie within"):
        SigmoidNeuron([1e10, 1.0], [0.9, 0.5])
    with pytest.raises(ValueError, match=r"learning rate η must be at most"):
        gradient_descent(LECTURE, start=(0.0, 0.0), learning_rate=1e300, epochs=50)


def test_stop_at_tolerance():
    full = gradient_descent(LECTURE)
    stopped = gradient_descent(LECTURE, stop_at_tolerance=True)
    assert stopped.steps == full.converged_at
    np.testing.assert_array_equal(stopped.params, full.params[: full.converged_at + 1])


def test_gradient_tolerance_converges_at_a_nonzero_minimum():
    # Three points no sigmoid fits exactly: the minimum's loss is > 0.
    noisy = SigmoidNeuron([0.0, 1.0, 2.0], [0.3, 0.2, 0.9])
    run = gradient_descent(noisy, start=(0.0, 0.0), learning_rate=2.0, epochs=5000)
    assert run.final_loss > 1e-3
    assert run.status == "converged" and run.grad_norms[run.converged_at] < 1e-6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": 0}, "learning rate η must be a finite number > 0"),
        ({"learning_rate": -1}, "learning rate η must be a finite number > 0"),
        ({"learning_rate": np.nan}, "learning rate η must be a finite number > 0"),
        ({"learning_rate": np.inf}, "learning rate η must be a finite number > 0"),
        ({"epochs": 0}, "epochs must be a whole number from 1 to 10,000"),
        ({"epochs": 10_001}, "epochs must be a whole number from 1 to 10,000"),
        ({"learning_rate": 1e4 + 1}, "learning rate η must be at most 10000"),
        ({"start": (1e308, 0)}, "start w0 must lie within ±10000"),
        ({"start": (0, -1e4 - 1)}, "start b0 must lie within ±10000"),
        ({"epochs": 2.5}, "epochs"),
        ({"start": (np.nan, 0)}, "start w0 must be a finite number"),
        ({"start": (0, np.inf)}, "start b0 must be a finite number"),
        ({"start": (1, 2, 3)}, "start must be a pair"),
        ({"loss_tol": 0}, "loss tolerance"),
        ({"grad_tol": -1}, "gradient tolerance"),
    ],
)
def test_bad_input_raises_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        gradient_descent(LECTURE, **kwargs)


@settings(max_examples=40, deadline=None)
@given(
    st.floats(-1e4, 1e4),
    st.floats(-1e4, 1e4),
    st.floats(1e-6, 1e4),
)
def test_any_finite_start_and_eta_gives_finite_runs_and_a_status(w0, b0, eta):
    run = gradient_descent(LECTURE, (w0, b0), eta, 50)
    assert run.status in STATUSES
    assert np.isfinite(run.params).all() and np.isfinite(run.losses).all()
    assert np.isfinite(run.grad_norms).all()
    ends = descent_map(LECTURE, (w0, b0), eta, 50, stop_at_tolerance=False)
    assert ends.status[0] in STATUSES
    assert np.isfinite(ends.final_params).all() and np.isfinite(ends.final_loss).all()
    assert np.isfinite(ends.final_grad_norm).all()


def test_dipping_below_the_tolerance_and_bouncing_out_is_not_converged():
    # η ≈ 33 from (−2, −2) passes below 1e-5 near epoch 64, then overshoots.
    run = gradient_descent(LECTURE, learning_rate=33.31)
    assert (run.losses < 1e-5).any() and run.final_loss > 1e-5
    assert run.status != "converged" and run.converged_at is None
    assert not run.descending


def test_converged_at_starts_the_final_converged_stretch():
    run = gradient_descent(LECTURE)
    assert np.all(run.losses[run.converged_at :] < 1e-5)
    assert run.descending and run.largest_step > 0
