import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gd_core import SigmoidNeuron, gradient_descent
from gd_core.taylor import (
    angle_to,
    bound,
    directional_changes,
    eta_range,
    local,
    loss_change,
    step_curve,
)

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


def test_direction_has_the_gradients_length():
    """The lecture's u: ‖u‖ = ‖∇L‖, u = ∇L at β = 0 and u = −∇L at 180°."""
    at = local(LECTURE, (-2.0, -2.0))
    np.testing.assert_allclose(at.direction(0.0), at.grad)
    np.testing.assert_allclose(at.direction(180.0), -at.grad, rtol=1e-12)
    np.testing.assert_allclose(np.hypot(*at.direction(73.0)), at.grad_norm)
    np.testing.assert_allclose(at.unit(180.0), -at.grad / at.grad_norm, atol=1e-15)
    assert angle_to(at, at.theta - at.grad) == pytest.approx(180.0)


def test_saturated_point_has_no_direction():
    at = local(LECTURE, (30.0, 30.0))
    assert at.grad_norm < 1e-12 and not at.direction_defined


def test_step_curve_marks_where_approximations_depart():
    at = local(LECTURE, (-2.0, -2.0))
    curve = step_curve(LECTURE, at, np.logspace(-3, 3, 121))
    assert curve.first_departs is not None and curve.second_departs is not None
    assert curve.first_departs < curve.second_departs  # the quadric holds longer
    # At η = 10⁻³ the step is θ − η∇L: L falls by η‖∇L‖² to first order.
    assert curve.actual[0] == pytest.approx(at.loss - 1e-3 * at.grad_norm**2, rel=1e-9)


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


@pytest.mark.parametrize("theta", [(-2.0, -2.0), (1.7, -2.2)])
@pytest.mark.parametrize("eta", [1.0, 5.0])
def test_beta_180_is_the_error_surface_pages_first_step(theta, eta):
    """Done when: the Taylor page's actual change at β = 180° equals the first
    descent step's change L(θ₁) − L(θ₀) for the same θ and η (3 significant
    digits; in fact to rounding)."""
    first_step = gradient_descent(LECTURE, theta, eta, 1)
    expected = first_step.losses[1] - first_step.losses[0]
    first, actual = directional_changes(LECTURE, local(LECTURE, theta), eta, 180.0)
    assert f"{float(actual):.3g}" == f"{expected:.3g}"
    assert float(actual) == pytest.approx(expected, rel=1e-9)
    assert float(first) == pytest.approx(-eta * local(LECTURE, theta).grad_norm ** 2)


def test_the_issues_numbers_near_the_optimum():
    """The issue's example: at (1.7, −2.2) with η = 1 the descent step lowers
    L by ≈ 9.2e−6 (the unit-u page had it rising by 0.0125)."""
    _, actual = directional_changes(LECTURE, local(LECTURE, (1.7, -2.2)), 1.0, 180.0)
    assert float(actual) == pytest.approx(-9.21e-6, rel=1e-3)


@settings(max_examples=150, deadline=None)
@given(coords, coords, st.floats(1e-6, 1.0))
def test_beta_180_always_lowers_the_loss_for_eta_up_to_one(w, b, eta):
    """At β = 180° (u = −∇L) the actual change is negative wherever ‖∇L‖ is
    defined and η ≤ 1, anywhere in the lecture's view ±6."""
    at = local(LECTURE, (w, b))
    if not at.direction_defined:
        return
    _, actual = directional_changes(LECTURE, at, eta, 180.0)
    assert float(actual) < 0


@settings(max_examples=60, deadline=None)
@given(coords, coords, st.floats(-3, 3), st.floats(-3, 3))
def test_loss_change_is_the_difference_of_losses(w, b, dw, db):
    for problem in (LECTURE, SigmoidNeuron([0.5, 2.5], [0.2, 0.9], loss="cross_entropy")):
        expected = float(problem.loss(w + dw, b + db) - problem.loss(w, b))
        got = float(loss_change(problem, (w, b), np.array([dw, db])))
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_loss_change_resolves_what_float_subtraction_cannot():
    """On a flat wing, θ = (0, 19): L ≈ 0.33, ‖∇L‖ ≈ 6e−9, and the descent
    step lowers L by ‖∇L‖² ≈ 3.9e−17, below a float's resolution at 0.33:
    the plain difference reads 0, the accurate one the first-order value."""
    at = local(LECTURE, (0.0, 19.0))
    assert at.direction_defined
    step = -at.grad
    naive = float(LECTURE.loss(*(at.theta + step)) - at.loss)
    accurate = float(loss_change(LECTURE, at.theta, step))
    assert naive == 0.0
    assert accurate == pytest.approx(-(at.grad_norm**2), rel=1e-6)


def test_bound_is_the_slides_k():
    at = local(LECTURE, (-2.0, -2.0))
    for beta in (0.0, 90.0, 150.0, 180.0):
        got = bound(at, beta)
        assert got.k == pytest.approx(at.grad_norm**2)
        assert -got.k <= got.dot <= got.k
        assert got.dot == pytest.approx(got.k * got.cos, rel=1e-12, abs=1e-20)
        assert got.dot == pytest.approx(float(at.direction(beta) @ at.grad), rel=1e-12, abs=1e-20)
    assert bound(at, 180.0).dot == pytest.approx(-bound(at, 180.0).k)


def test_eta_range_covers_the_sidebars_eta():
    at = local(LECTURE, (-2.0, -2.0))
    for eta in (0.01, 1.0, 50.0):
        etas = eta_range(at, eta, 12.0)
        assert etas[0] < eta < etas[-1] and np.all(np.diff(etas) > 0)
    with pytest.raises(ValueError, match="η must be"):
        eta_range(at, 0.0, 12.0)
