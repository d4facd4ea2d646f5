import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_reference as lec
from gd_core import SigmoidNeuron, sigmoid

LECTURE = SigmoidNeuron.lecture()
coords = st.floats(-6, 6, allow_nan=False)


def test_lecture_data():
    assert LECTURE.x.tolist() == [0.5, 2.5]
    assert LECTURE.y.tolist() == [0.2, 0.9]


@given(coords, coords)
def test_loss_equals_lecture_error(w, b):
    assert float(LECTURE.loss(w, b)) == pytest.approx(lec.error(w, b), rel=1e-12, abs=1e-300)


@given(coords, coords)
def test_grad_equals_lecture_formulas(w, b):
    dw, db = LECTURE.grad(w, b)
    ref_dw = sum(lec.grad_w(w, b, x, y) for x, y in zip(lec.X, lec.Y))
    ref_db = sum(lec.grad_b(w, b, x, y) for x, y in zip(lec.X, lec.Y))
    assert float(dw) == pytest.approx(ref_dw, rel=1e-12, abs=1e-300)
    assert float(db) == pytest.approx(ref_db, rel=1e-12, abs=1e-300)


@given(coords, coords)
def test_grad_against_central_differences(w, b):
    h = 1e-6
    dw, db = LECTURE.grad(w, b)
    fd_w = (LECTURE.loss(w + h, b) - LECTURE.loss(w - h, b)) / (2 * h)
    fd_b = (LECTURE.loss(w, b + h) - LECTURE.loss(w, b - h)) / (2 * h)
    assert float(dw) == pytest.approx(float(fd_w), abs=1e-8)
    assert float(db) == pytest.approx(float(fd_b), abs=1e-8)


def test_loss_and_grad_broadcast_shapes():
    w = np.linspace(-6, 6, 5)[None, :]
    b = np.linspace(-6, 6, 3)[:, None]
    loss, dw, db = LECTURE.loss_and_grad(w, b)
    assert loss.shape == dw.shape == db.shape == (3, 5)
    assert loss[1, 2] == pytest.approx(lec.error(w[0, 2], b[1, 0]), rel=1e-12)
    assert np.ndim(LECTURE.loss(1.0, 2.0)) == 0


def test_scalar_kernel_matches_arrays():
    kernel = LECTURE.scalar_kernel()
    for w, b in [(-2.0, -2.0), (1.79, -2.28), (5.0, 6.0), (-700.0, 3.0)]:
        loss, dw, db = kernel(w, b)
        ref = LECTURE.loss_and_grad(w, b)
        assert (loss, dw, db) == pytest.approx(tuple(float(v) for v in ref), rel=1e-14, abs=1e-300)


@pytest.mark.parametrize("z", [-1e6, -1e4, -745.0, -709.8, -40.0, 0.0, 40.0, 745.0, 1e4, 1e6])
def test_sigmoid_is_stable_at_extreme_z(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = float(sigmoid(z))
        loss, dw, db = LECTURE.loss_and_grad(z, z)
        kernel_values = LECTURE.scalar_kernel()(z, z)
    assert 0.0 <= value <= 1.0
    assert np.isfinite([loss, dw, db]).all()
    assert np.isfinite(kernel_values).all()


def test_sigmoid_values():
    assert float(sigmoid(0.0)) == 0.5
    assert float(sigmoid(-1e6)) == 0.0
    assert float(sigmoid(1e6)) == 1.0
    assert float(sigmoid(-40.0)) == pytest.approx(np.exp(-40.0), rel=1e-12)


def test_many_points_tiles_equal_point_loop():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=50), rng.random(50)
    many = SigmoidNeuron(x, y)
    w = np.linspace(-3, 3, 7)[None, :]
    b = np.linspace(-2, 2, 4)[:, None]
    loss, dw, db = many.loss_and_grad(w, b)
    ref_loss = sum(0.5 * (1 / (1 + np.exp(-(w * xi + b))) - yi) ** 2 for xi, yi in zip(x, y))
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-12)
    np.testing.assert_allclose(many.loss(w, b), ref_loss, rtol=1e-12)
    h = 1e-6
    np.testing.assert_allclose(dw, (many.loss(w + h, b) - many.loss(w - h, b)) / (2 * h), atol=1e-7)
    np.testing.assert_allclose(db, (many.loss(w, b + h) - many.loss(w, b - h)) / (2 * h), atol=1e-7)


def test_stuck_loss_is_loss_on_saturated_points():
    # At (16, 2.7) both points have z > 10: every bit of loss is stuck.
    assert float(LECTURE.stuck_loss(16.0, 2.7)) == pytest.approx(float(LECTURE.loss(16.0, 2.7)))
    # At the minimum nothing is saturated.
    assert float(LECTURE.stuck_loss(1.7918, -2.2822)) == 0.0


finite_floats = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=200)
@given(finite_floats, finite_floats)
def test_never_nan_or_a_warning_anywhere_in_the_plane(w, b):
    # pyproject turns RuntimeWarning into an error, so an overflow warning fails too.
    values = LECTURE.loss_and_grad(w, b)
    assert np.isfinite(values).all()
    assert np.isfinite(LECTURE.loss(np.array([w, -w]), b)).all()
    assert np.isfinite(LECTURE.scalar_kernel()(w, b)).all()
    many = SigmoidNeuron(np.linspace(-3, 3, 20), np.linspace(0, 1, 20))
    assert np.isfinite(many.loss_and_grad(w, b)).all()


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([], [], "x must hold 1 to 100,000 points"),
        ([1.0, 2.0], [1.0], "same length"),
        ([1.0, np.nan], [0.1, 0.2], "x must be finite"),
        ([1.0, 2.0], [0.1, np.inf], "y must be finite"),
        (np.zeros(100_001), np.zeros(100_001), "x must hold 1 to 100,000 points"),
        (["a"], [0.1], "x must be numbers"),
    ],
)
def test_bad_data_raises_value_error(x, y, message):
    with pytest.raises(ValueError, match=message):
        SigmoidNeuron(x, y)


def test_unknown_loss_name():
    with pytest.raises(ValueError, match="loss must be one of"):
        SigmoidNeuron([1.0], [0.5], loss="hinge")
