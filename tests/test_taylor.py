import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gd_core import SigmoidNeuron
from gd_core.taylor import angle_to, directional_changes, local, step_curve

LECTURE = SigmoidNeuron.lecture()
coords = st.floats(-6, 6)


@settings(max_examples=60)
@given(coords, coords)
def test_hessian_matches_central_differences_of_the_gradient(w, b):
    h = 1e-5
    at = local(LECTURE, (w, b))
    dw_w = (np.array(LECTURE.grad(w + h, b)) - np.array(LECTURE.grad(w - h, b))) / (2 * h)
    dw_b = (np.array(LECTURE.grad(w, b + h)) - np.array(LECTURE.grad(w, b - h))) / (2 * h)
    numeric = np.column_stack((dw_w, dw_b))
    np.testing.assert_allclose(at.hessian, numeric, atol=1e-8)
    np.testing.assert_allclose(at.hessian, at.hessian.T)


def test_eigen_decomposition_of_the_hessian():
    at = local(LECTURE, (1.0, -1.0))
    for k in range(2):
        v = at.eigenvectors[:, k]
        np.testing.assert_allclose(at.hessian @ v, at.eigenvalues[k] * v, atol=1e-14)
    assert at.eigenvalues[0] <= at.eigenvalues[1]


def test_first_order_error_shrinks_as_eta_squared():
    at = local(LECTURE, (-1.0, 0.5))
    errors = []
    for eta in (1e-2, 1e-3):
        first, actual = directional_changes(LECTURE, at, eta, 180.0)
        errors.append(abs(float(actual - first)))
    assert errors[0] / errors[1] == pytest.approx(100, rel=0.05)


def test_best_sampled_direction_is_opposite_to_the_gradient():
    for theta in [(-2.0, -2.0), (0.5, 1.0), (3.0, -4.0)]:
        at = local(LECTURE, theta)
        step = 5.0
        betas = np.arange(0.0, 360.0, step)
        _, actual = directional_changes(LECTURE, at, 1e-4, betas)
        assert abs(betas[np.argmin(actual)] - 180.0) <= step


def test_direction_zero_is_the_gradient():
    at = local(LECTURE, (-2.0, -2.0))
    np.testing.assert_allclose(at.direction(0.0), at.grad / at.grad_norm)
    np.testing.assert_allclose(at.direction(180.0), -at.grad / at.grad_norm, atol=1e-15)
    assert angle_to(at, at.theta - at.grad) == pytest.approx(180.0)


def test_saturated_point_has_no_direction():
    at = local(LECTURE, (30.0, 30.0))
    assert at.grad_norm < 1e-12 and not at.direction_defined


def test_step_curve_marks_where_approximations_depart():
    at = local(LECTURE, (-2.0, -2.0))
    curve = step_curve(LECTURE, at, np.logspace(-3, 3, 121))
    assert curve.first_departs is not None and curve.second_departs is not None
    assert curve.first_departs < curve.second_departs  # the quadric holds longer
    assert curve.actual[0] == pytest.approx(at.loss - 1e-3 * at.grad_norm, rel=1e-6)


def test_stable_step_at_the_minimum():
    at = local(LECTURE, (np.log(6), -2.282174))
    assert at.eigenvalues[0] > 0
    assert 20 < at.max_stable_eta < 30
    assert local(LECTURE, (-2.0, -2.0)).max_stable_eta is None  # a cap, not a bowl


def test_bad_theta():
    with pytest.raises(ValueError, match="θ w must be a finite number"):
        local(LECTURE, (np.nan, 0.0))
    with pytest.raises(ValueError, match="θ must be a pair"):
        local(LECTURE, (1.0, 2.0, 3.0))
