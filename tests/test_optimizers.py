"""Every update rule against a hand-written reference, and the properties
any optimizer must have. The registry drives the parametrisation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lecture_reference as lec
from gd_core import SigmoidNeuron, gradient_descent
from gd_core.methods import METHODS
from gd_core.optimizers import Oracle
from gd_core.runs.one import run_method
from gd_core.schedules import make_schedule

LECTURE = SigmoidNeuron.lecture()
STEPS = 50


def lecture_grad(w, b):
    """∇L from the lecture's own grad_w and grad_b."""
    return (
        sum(lec.grad_w(w, b, x, y) for x, y in zip(lec.X, lec.Y)),
        sum(lec.grad_b(w, b, x, y) for x, y in zip(lec.X, lec.Y)),
    )


def lecture_hessian(w, b):
    h = np.zeros((2, 2))
    for x, y in zip(lec.X, lec.Y):
        f = lec.f(w, b, x)
        d2 = f * (1 - f) * (f * (1 - f) + (f - y) * (1 - 2 * f))
        h += d2 * np.array([[x * x, x], [x, 1.0]])
    return h


# --- hand-written references, one step at a time, in plain floats ----------


def ref_momentum(eta, gamma, start=(-2.0, -2.0), nesterov=False):
    w, b = start
    uw = ub = 0.0
    path = [(w, b)]
    for _ in range(STEPS):
        at = (w - gamma * uw, b - gamma * ub) if nesterov else (w, b)
        gw, gb = lecture_grad(*at)
        uw, ub = gamma * uw + eta * gw, gamma * ub + eta * gb
        w, b = w - uw, b - ub
        path.append((w, b))
    return path


def ref_adagrad(eta, eps, start=(-2.0, -2.0)):
    w, b = start
    vw = vb = 0.0
    path = [(w, b)]
    for _ in range(STEPS):
        gw, gb = lecture_grad(w, b)
        vw, vb = vw + gw * gw, vb + gb * gb
        w, b = w - eta * gw / (math.sqrt(vw) + eps), b - eta * gb / (math.sqrt(vb) + eps)
        path.append((w, b))
    return path


def ref_rmsprop(eta, beta, eps, start=(-2.0, -2.0)):
    w, b = start
    vw = vb = 0.0
    path = [(w, b)]
    for _ in range(STEPS):
        gw, gb = lecture_grad(w, b)
        vw = beta * vw + (1 - beta) * gw * gw
        vb = beta * vb + (1 - beta) * gb * gb
        w, b = w - eta * gw / (math.sqrt(vw) + eps), b - eta * gb / (math.sqrt(vb) + eps)
        path.append((w, b))
    return path


def ref_adam(eta, beta1, beta2, eps, start=(-2.0, -2.0)):
    w, b = start
    mw = mb = vw = vb = 0.0
    path = [(w, b)]
    for t in range(1, STEPS + 1):
        gw, gb = lecture_grad(w, b)
        mw, mb = beta1 * mw + (1 - beta1) * gw, beta1 * mb + (1 - beta1) * gb
        vw, vb = beta2 * vw + (1 - beta2) * gw * gw, beta2 * vb + (1 - beta2) * gb * gb
        mhw, mhb = mw / (1 - beta1**t), mb / (1 - beta1**t)
        vhw, vhb = vw / (1 - beta2**t), vb / (1 - beta2**t)
        w, b = w - eta * mhw / (math.sqrt(vhw) + eps), b - eta * mhb / (math.sqrt(vhb) + eps)
        path.append((w, b))
    return path


def ref_line_search(eta, shrink, armijo, start=(-2.0, -2.0)):
    w, b = start
    path = [(w, b)]
    for _ in range(STEPS):
        gw, gb = lecture_grad(w, b)
        alpha, base, slope = eta, lec.error(w, b), gw * gw + gb * gb
        for _ in range(40):
            if lec.error(w - alpha * gw, b - alpha * gb) <= base - armijo * alpha * slope:
                break
            alpha *= shrink
        else:
            alpha = 0.0
        w, b = w - alpha * gw, b - alpha * gb
        path.append((w, b))
    return path


def ref_newton(eta, start):
    w, b = start
    path = [(w, b)]
    for _ in range(STEPS):
        g = np.array(lecture_grad(w, b))
        h = lecture_hessian(w, b)
        if np.linalg.eigvalsh(h)[0] > 1e-8:
            w, b = np.array([w, b]) - np.linalg.solve(h, g)
        else:
            w, b = w - eta * g[0], b - eta * g[1]
        path.append((float(w), float(b)))
    return path


def ref_gd(eta):
    return lec.do_gradient_descent(-2, -2, eta, STEPS)


CASES = [
    ("gradient_descent", {"learning_rate": 1.0}, lambda: ref_gd(1.0)),
    ("gradient_descent", {"learning_rate": 0.3}, lambda: ref_gd(0.3)),
    ("momentum", {"learning_rate": 1.0}, lambda: ref_momentum(1.0, 0.9)),
    ("momentum", {"learning_rate": 0.5, "gamma": 0.5}, lambda: ref_momentum(0.5, 0.5)),
    ("nesterov", {"learning_rate": 1.0}, lambda: ref_momentum(1.0, 0.9, nesterov=True)),
    ("nesterov", {"learning_rate": 2.0, "gamma": 0.7},
     lambda: ref_momentum(2.0, 0.7, nesterov=True)),
    ("adagrad", {"learning_rate": 0.5}, lambda: ref_adagrad(0.5, 1e-10)),
    ("adagrad", {"learning_rate": 0.2, "eps": 1e-6}, lambda: ref_adagrad(0.2, 1e-6)),
    ("rmsprop", {"learning_rate": 0.05}, lambda: ref_rmsprop(0.05, 0.99, 1e-8)),
    ("rmsprop", {"learning_rate": 0.01, "beta": 0.9, "eps": 1e-6},
     lambda: ref_rmsprop(0.01, 0.9, 1e-6)),
    ("adam", {"learning_rate": 0.1}, lambda: ref_adam(0.1, 0.9, 0.999, 1e-8)),
    ("adam", {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6},
     lambda: ref_adam(0.05, 0.8, 0.99, 1e-6)),
    ("line_search", {"learning_rate": 10.0}, lambda: ref_line_search(10.0, 0.5, 1e-4)),
    ("line_search", {"learning_rate": 4.0, "shrink": 0.3, "armijo": 0.1},
     lambda: ref_line_search(4.0, 0.3, 0.1)),
    ("newton", {"learning_rate": 1.0}, lambda: ref_newton(1.0, (1.0, -1.5))),
]  # fmt: skip


@pytest.mark.parametrize(("method", "settings_", "reference"), CASES)
def test_rule_matches_the_hand_written_reference(method, settings_, reference):
    start = (1.0, -1.5) if method == "newton" else (-2.0, -2.0)
    run = run_method(LECTURE, method, settings_, start, STEPS)
    np.testing.assert_allclose(run.params, np.array(reference()), rtol=1e-12, atol=1e-12)


def test_every_registered_method_has_a_reference_case():
    assert {method for method, _, _ in CASES} | {"stochastic"} == set(METHODS)


def test_gradient_descent_is_identical_through_the_optimizer_path():
    ref = gradient_descent(LECTURE, (-2.0, -2.0), 1.0, 1000)
    run = run_method(LECTURE, "gradient_descent", {"learning_rate": 1.0}, (-2.0, -2.0), 1000)
    np.testing.assert_array_equal(run.params, ref.params)
    np.testing.assert_array_equal(run.losses, ref.losses)
    assert (run.status, run.converged_at) == (ref.status, ref.converged_at)


def test_momentum_with_gamma_zero_is_gradient_descent():
    ref = gradient_descent(LECTURE, (-2.0, -2.0), 1.0, 300)
    run = run_method(LECTURE, "momentum", {"learning_rate": 1.0, "gamma": 0.0}, (-2.0, -2.0), 300)
    np.testing.assert_array_equal(run.params, ref.params)


def test_newton_converges_in_a_handful_of_steps_near_the_minimum():
    run = run_method(LECTURE, "newton", {}, (1.5, -2.0), 10)
    assert run.losses[6] < 1e-20
    assert not any(run.extras["fell_back"][1:7])


def test_newton_falls_back_where_the_hessian_is_not_positive_definite():
    run = run_method(LECTURE, "newton", {"learning_rate": 1.0}, (-2.0, -2.0), 5)
    fell_back = run.extras["fell_back"][1:]
    assert fell_back[0] == 1.0  # at (−2, −2) the surface curves down along one direction
    ref = gradient_descent(LECTURE, (-2.0, -2.0), 1.0, 1)
    np.testing.assert_allclose(run.params[1], ref.params[1], rtol=1e-12)


def test_line_search_records_trials_and_accepts_an_armijo_step():
    run = run_method(LECTURE, "line_search", {"learning_rate": 50.0}, (-2.0, -2.0), 20)
    trials = run.extras["trial_steps"]
    assert len(trials) == run.params.shape[0] and trials[0] == ()
    assert all(t[0] == 50.0 for t in trials[1:])
    assert any(len(t) > 1 for t in trials[1:])  # it had to backtrack
    assert np.all(np.diff(run.losses) <= 0)  # Armijo: the loss never rises
    assert run.extras["loss_evaluations"] >= 20


def test_stochastic_updates_per_point_and_marks_epochs():
    run = run_method(LECTURE, "stochastic", {"learning_rate": 1.0}, (-2.0, -2.0), 30, seed=3)
    assert run.steps == 60 and run.evaluations == 60
    assert run.extras["epoch_ends"].tolist() == list(range(2, 61, 2))
    again = run_method(LECTURE, "stochastic", {"learning_rate": 1.0}, (-2.0, -2.0), 30, seed=3)
    np.testing.assert_array_equal(run.params, again.params)
    other = run_method(LECTURE, "stochastic", {"learning_rate": 1.0}, (-2.0, -2.0), 30, seed=4)
    assert not np.array_equal(run.params, other.params)
    full = run_method(LECTURE, "stochastic", {"batch_size": 2}, (-2.0, -2.0), 30)
    ref = gradient_descent(LECTURE, (-2.0, -2.0), 1.0, 30)
    np.testing.assert_allclose(full.params, ref.params, rtol=1e-12)  # k = N is full batch


def test_effective_learning_rates_are_recorded():
    for method in ("adagrad", "rmsprop", "adam"):
        run = run_method(LECTURE, method, {}, (-2.0, -2.0), 20)
        lr = run.extras["effective_lr"]
        assert lr.shape == (21, 2) and np.all(np.isfinite(lr[1:])) and np.all(lr[1:] > 0)
    ada = run_method(LECTURE, "adagrad", {"learning_rate": 0.5}, (-2.0, -2.0), 20)
    assert np.all(np.diff(ada.extras["effective_lr"][1:], axis=0) <= 0)  # AdaGrad only shrinks


# --- properties on a convex quadratic L = ½ θᵀAθ ----------------------------

A = np.array([[3.0, 1.0], [1.0, 2.0]])


def quadratic_oracle():
    return Oracle(loss=lambda p: float(0.5 * p @ A @ p), hessian=lambda p: A.copy())


@pytest.mark.parametrize("method", sorted(METHODS))
def test_every_optimizer_lowers_a_convex_quadratic(method):
    spec = METHODS[method]
    optimizer, _ = spec.optimizer({"learning_rate": 0.1} if method != "line_search" else {})
    oracle = quadratic_oracle()
    params = np.array([2.0, -1.5])
    state = optimizer.init(params)
    start_loss = oracle.loss(params)
    for _ in range(300):
        at = optimizer.gradient_at(params, state)
        step, state = optimizer.update(A @ at, state, params, oracle)
        params = params + step
    assert oracle.loss(params) < 1e-2 * start_loss


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(METHODS)),
    st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=2),
    st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=2),
    st.integers(1, 5),
)
def test_update_is_pure_and_finite(method, grad, point, steps):
    optimizer, _ = METHODS[method].optimizer({})
    oracle = quadratic_oracle()
    params = np.array(point)
    state = optimizer.init(params)
    for _ in range(steps):
        g = np.array(grad)
        g_before, p_before = g.copy(), params.copy()
        state_before = [np.copy(v) if isinstance(v, np.ndarray) else v for v in _leaves(state)]
        step, new_state = optimizer.update(g, state, params, oracle)
        np.testing.assert_array_equal(g, g_before)
        np.testing.assert_array_equal(params, p_before)
        now_leaves = _leaves(state)
        assert len(now_leaves) == len(state_before)
        for old, now in zip(state_before, now_leaves):
            np.testing.assert_array_equal(old, now)
        assert np.all(np.isfinite(step))
        params, state = params + step, new_state


def _leaves(state):
    """The numbers and arrays of a state, however its tuples nest (a chain's
    state is the tuple of its transformations' states)."""
    if isinstance(state, tuple):
        return [leaf for field in state for leaf in _leaves(field)]
    return [state]


@pytest.mark.parametrize(
    ("method", "bad", "message"),
    [
        ("gradient_descent", {"learning_rate": 0}, "learning rate η must be in"),
        ("gradient_descent", {"learning_rate": -1}, "learning rate η must be in"),
        ("momentum", {"gamma": 1.0}, "momentum γ must be in"),
        ("momentum", {"gamma": -0.1}, "momentum γ must be in"),
        ("adam", {"beta1": 1.5}, "β₁ must be in"),
        ("adam", {"eps": 0}, "ε must be in"),
        ("rmsprop", {"beta": float("nan")}, "β must be a finite number"),
        ("line_search", {"shrink": 1.0}, "shrink ρ must be in"),
        ("stochastic", {"batch_size": 0}, "mini-batch size k must be a whole number"),
        ("gradient_descent", {"schedule": "cosine"}, "schedule must be one of"),
        ("gradient_descent", {"warmup": 3}, "unknown hyperparameter"),
    ],
)
def test_bad_hyperparameters_raise_value_error(method, bad, message):
    with pytest.raises(ValueError, match=message):
        run_method(LECTURE, method, bad, (-2.0, -2.0), 5)


def test_schedules():
    assert make_schedule(0.5)(123) == 0.5
    step = make_schedule(1.0, "step", 0.5, 10)
    assert (step(0), step(9), step(10), step(25)) == (1.0, 1.0, 0.5, 0.25)
    assert make_schedule(2.0, "exponential", 0.1)(10) == pytest.approx(2.0 * math.exp(-1.0))
    assert make_schedule(2.0, "inverse_time", 0.5)(4) == pytest.approx(2.0 / 3.0)
    run = run_method(
        LECTURE, "gradient_descent", {"schedule": "inverse_time", "decay": 1.0}, (-2, -2), 3
    )
    g0 = np.array(lecture_grad(-2.0, -2.0))
    np.testing.assert_allclose(run.params[1], np.array([-2.0, -2.0]) - 1.0 * g0)
    g1 = np.array(lecture_grad(*run.params[1]))
    np.testing.assert_allclose(run.params[2], run.params[1] - 0.5 * g1)


def test_registry_defaults_are_the_documented_ones():
    defaults = {name: spec.defaults() for name, spec in METHODS.items()}
    assert defaults["gradient_descent"]["learning_rate"] == 1.0
    assert defaults["momentum"]["gamma"] == 0.9
    assert defaults["adagrad"]["eps"] == 1e-10
    assert (defaults["rmsprop"]["beta"], defaults["rmsprop"]["eps"]) == (0.99, 1e-8)
    assert (defaults["adam"]["beta1"], defaults["adam"]["beta2"]) == (0.9, 0.999)
    assert defaults["adam"]["eps"] == 1e-8
    assert defaults["line_search"]["learning_rate"] == 10.0
    assert defaults["stochastic"]["batch_size"] == 1
    for spec in METHODS.values():  # every default passes its own check
        spec.optimizer(spec.defaults())


def ref_stochastic(eta, batch, epochs, seed, start=(-2.0, -2.0)):
    """Mini-batch descent by hand: reshuffle every epoch with the same seeded
    Generator, one update per batch of the lecture's points."""
    rng = np.random.default_rng(seed)
    w, b = start
    path = [(w, b)]
    for _ in range(epochs):
        order = rng.permutation(len(lec.X))
        for k in range(0, len(order), batch):
            idx = order[k : k + batch]
            gw = sum(lec.grad_w(w, b, lec.X[i], lec.Y[i]) for i in idx)
            gb = sum(lec.grad_b(w, b, lec.X[i], lec.Y[i]) for i in idx)
            w, b = w - eta * gw, b - eta * gb
            path.append((w, b))
    return path


@pytest.mark.parametrize(("eta", "batch", "seed"), [(1.0, 1, 0), (0.5, 1, 9), (2.0, 2, 3)])
def test_stochastic_matches_the_hand_written_reference(eta, batch, seed):
    epochs = STEPS // 2
    run = run_method(
        LECTURE, "stochastic", {"learning_rate": eta, "batch_size": batch}, (-2.0, -2.0),
        epochs, seed=seed,
    )  # fmt: skip
    reference = np.array(ref_stochastic(eta, batch, epochs, seed))
    np.testing.assert_allclose(run.params, reference, rtol=1e-12, atol=1e-12)
