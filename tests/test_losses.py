import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gd_core import SigmoidNeuron, gradient_descent
from gd_core.datasets import PRESETS

RNG = np.random.default_rng(11)
X = RNG.normal(0, 1.5, 7)
Y01 = RNG.random(7)
PROBLEMS = {
    "squared_error": SigmoidNeuron(X, Y01),
    "cross_entropy": SigmoidNeuron(X, Y01, loss="cross_entropy"),
}


@pytest.mark.parametrize("loss", sorted(PROBLEMS))
@settings(max_examples=40)
@given(st.floats(-4, 4), st.floats(-4, 4))
def test_gradient_and_hessian_match_finite_differences(loss, w, b):
    p, h = PROBLEMS[loss], 1e-5
    dw, db = (float(v) for v in p.grad(w, b))
    assert dw == pytest.approx(float(p.loss(w + h, b) - p.loss(w - h, b)) / (2 * h), abs=1e-7)
    assert db == pytest.approx(float(p.loss(w, b + h) - p.loss(w, b - h)) / (2 * h), abs=1e-7)
    hww, hwb, hbb = (float(v) for v in p.hessian(w, b))
    gw1, gb1 = p.grad(w + h, b)
    gw0, gb0 = p.grad(w - h, b)
    assert hww == pytest.approx(float(gw1 - gw0) / (2 * h), abs=1e-6)
    assert hwb == pytest.approx(float(gb1 - gb0) / (2 * h), abs=1e-6)
    gw1, gb1 = p.grad(w, b + h)
    gw0, gb0 = p.grad(w, b - h)
    assert hbb == pytest.approx(float(gb1 - gb0) / (2 * h), abs=1e-6)


def test_cross_entropy_against_its_definition():
    p = PROBLEMS["cross_entropy"]
    w, b = 0.7, -0.3
    f = 1 / (1 + np.exp(-(w * X + b)))
    ref = -np.sum(Y01 * np.log(f) + (1 - Y01) * np.log(1 - f))
    assert float(p.loss(w, b)) == pytest.approx(ref, rel=1e-12)
    kernel = p.scalar_kernel()
    assert kernel(w, b) == pytest.approx(tuple(float(v) for v in p.loss_and_grad(w, b)), rel=1e-12)


@pytest.mark.parametrize("z", [-1e6, -800.0, -40.0, 40.0, 800.0, 1e6])
def test_cross_entropy_is_finite_at_extreme_logits(z):
    p = SigmoidNeuron([1.0, 1.0], [0.0, 1.0], loss="cross_entropy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, dw, db = (float(v) for v in p.loss_and_grad(z, 0.0))
        kernel = p.scalar_kernel()(z, 0.0)
        hessian = p.hessian(z, 0.0)
    assert np.isfinite([loss, dw, db, *kernel, *hessian]).all()
    assert loss == pytest.approx(abs(z), rel=1e-9)  # one point is wrong by |z|
    assert kernel[0] == pytest.approx(loss, rel=1e-12)


def test_one_point_has_a_valley_of_zero_loss():
    d = PRESETS["One point"]
    p = SigmoidNeuron(d.x, d.y)
    logit = np.log(0.6 / 0.4)
    for w in (-3.0, 0.0, 1.0, 4.0):
        assert float(p.loss(w, logit - w * d.x[0])) < 1e-30
    assert p.zero_loss_point() is None  # a line of minima, not one point
    # ∇L ∝ (x, 1) = (1, 1): descent keeps w − b, so it ends where that line meets the valley.
    ends = [gradient_descent(p, start, 1.0, 3000).final_params for start in [(-2, 1), (3, -1)]]
    assert ends[0] != pytest.approx(ends[1], abs=0.1)  # different starts, different minima


def test_cross_entropy_needs_targets_in_the_unit_interval():
    with pytest.raises(
        ValueError, match=r"cross-entropy needs every y in \[0, 1\]; row 2 has y = 1.5"
    ):
        SigmoidNeuron([0.0, 1.0, 2.0], [0.2, 1.5, -1.0], loss="cross_entropy")


def test_separable_sets_have_no_finite_cross_entropy_minimum():
    sep = PRESETS["A separable 0/1 set"]
    mixed = PRESETS["A 0/1 classification set"]
    assert SigmoidNeuron(sep.x, sep.y, loss="cross_entropy").unbounded
    assert not SigmoidNeuron(sep.x, sep.y).unbounded  # squared error: a different story
    assert not SigmoidNeuron(mixed.x, mixed.y, loss="cross_entropy").unbounded
    run = gradient_descent(SigmoidNeuron(sep.x, sep.y, loss="cross_entropy"), (0, 0), 1.0, 2000)
    assert run.status != "diverged" and np.isfinite(run.params).all()
    assert abs(run.params[-1, 0]) > abs(run.params[len(run.params) // 2, 0])  # w keeps growing


def test_every_preset_is_valid_for_squared_error_and_cross_entropy():
    for d in PRESETS.values():
        assert len(d.x) == len(d.y) >= 1
        SigmoidNeuron(d.x, d.y)
        SigmoidNeuron(d.x, d.y, loss="cross_entropy")
