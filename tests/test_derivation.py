"""The slide's derivation of ∇w and ∇b with numbers, and the digression on
derivatives, partial derivatives and the gradient."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gd_core
from gd_core.derivation import derive_gradient, digression
from gd_core.search import random_start
from lecture_reference import grad_b, grad_w

LECTURE = gd_core.SigmoidNeuron.lecture()
coords = st.floats(-6, 6)


@settings(max_examples=60)
@given(coords, coords)
def test_each_points_terms_are_the_slides_grad_w_and_grad_b(w, b):
    d = derive_gradient(LECTURE, (w, b))
    for k, (x, y) in enumerate(zip([0.5, 2.5], [0.2, 0.9], strict=True)):
        assert d.dw[k] == pytest.approx(grad_w(w, b, x, y), rel=1e-12, abs=1e-300)
        assert d.db[k] == pytest.approx(grad_b(w, b, x, y), rel=1e-12, abs=1e-300)
    assert d.f[k] == pytest.approx(1 / (1 + np.exp(-(w * 2.5 + b))))


@settings(max_examples=60)
@given(coords, coords, st.sampled_from(["squared_error", "cross_entropy"]))
def test_the_sums_are_the_pages_gradient(w, b, loss):
    problem = gd_core.SigmoidNeuron([-1.0, 0.5, 2.5, 3.0], [0.0, 0.2, 0.9, 1.0], loss=loss)
    d = derive_gradient(problem, (w, b))
    dw, db = problem.grad(w, b)
    assert d.grad_w == pytest.approx(float(dw), rel=1e-9, abs=1e-15)
    assert d.grad_b == pytest.approx(float(db), rel=1e-9, abs=1e-15)


def test_chain_rule_lines():
    d = derive_gradient(LECTURE, (-2.0, -2.0))
    np.testing.assert_allclose(d.residual, d.f - d.y)
    np.testing.assert_allclose(d.slope, d.f * (1 - d.f))
    np.testing.assert_allclose(d.dz, d.residual * d.slope)
    np.testing.assert_allclose(d.dw, d.dz * d.x)
    np.testing.assert_allclose(d.db, d.dz)
    ce = derive_gradient(gd_core.SigmoidNeuron([0.5, 2.5], [0.2, 0.9], loss="cross_entropy"),
                         (-2.0, -2.0))  # fmt: skip
    np.testing.assert_allclose(ce.dz, ce.residual)  # f(1 − f) cancels


def test_digression_at_theta():
    d = digression((1.5, -2.0))
    assert (d.one_variable, d.derivative) == (2.25, 3.0)
    assert (d.two_variables, d.partial_w, d.partial_b) == (6.25, 3.0, -4.0)
    with pytest.raises(ValueError, match="θ b must be a finite number"):
        digression((1.0, float("nan")))


def test_random_start_is_reproducible_and_in_view():
    draws = [random_start(7, k, (-6.0, 6.0), (-3.0, 3.0)) for k in range(200)]
    assert draws == [random_start(7, k, (-6.0, 6.0), (-3.0, 3.0)) for k in range(200)]
    assert len(set(draws)) > 190
    w, b = np.array(draws).T
    assert w.min() >= -6 and w.max() <= 6 and b.min() >= -3 and b.max() <= 3
    assert w.min() < -4 and w.max() > 4  # spread over the whole plane
    assert random_start(8, 0) != random_start(7, 0)
    assert all(round(v, 2) == v for v in draws[0])
    with pytest.raises(ValueError, match="seed"):
        random_start(-1, 0)
