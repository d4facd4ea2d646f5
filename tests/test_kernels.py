"""gd_core.kernels: the fast paths give the problem's own numbers."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gd_core import SigmoidNeuron, kernels


@settings(max_examples=200)
@given(st.floats(-40, 40, allow_nan=False), st.floats(-40, 40, allow_nan=False))
def test_scalar_stuck_equals_stuck_loss(w, b):
    for loss in ("squared_error", "cross_entropy"):
        problem = SigmoidNeuron([0.5, 2.5, -1.0, 3.0], [0.2, 0.9, 0.0, 1.0], loss=loss)
        expected = float(problem.stuck_loss(w, b))
        assert kernels.scalar_stuck(problem)(w, b) == pytest.approx(expected, rel=1e-12, abs=1e-300)


def test_the_batch_kernel_is_loss_and_grad_bit_for_bit():
    rng = np.random.default_rng(3)
    for points in (1, 2, 16, 17):  # 17: more points than the point loop takes
        for loss in ("squared_error", "cross_entropy"):
            problem = SigmoidNeuron(rng.uniform(-3, 3, points), rng.uniform(0, 1, points), loss)
            w = np.concatenate([rng.uniform(-50, 50, 100), [1e308, -1e308, 0.0, -0.0]])
            b = rng.uniform(-50, 50, w.size)
            out = np.empty((3, w.size))
            with np.errstate(over="ignore", invalid="ignore"):  # ±1e308: inf − inf
                kernels.batch_kernel(problem)(w, b, out)
                reference = problem.loss_and_grad(w, b)
            for row, expected in zip(out, reference, strict=True):
                np.testing.assert_array_equal(row, expected)
                np.testing.assert_array_equal(np.signbit(row), np.signbit(expected))


@pytest.mark.parametrize("n_points", [5, 40, 1_000])
def test_a_mini_batchs_kernel_is_its_own_neurons_bit_for_bit(n_points):
    """A mini-batch of a few points, of small or large data (large data keep
    no scalar pairs of their own), gives its own neuron's numbers exactly."""
    rng = np.random.default_rng(n_points)
    problem = SigmoidNeuron(rng.uniform(-3, 3, n_points), rng.uniform(0.05, 0.95, n_points))
    for size in (1, 4, 16, 17):
        idx = rng.choice(n_points, size=min(size, n_points), replace=False)
        alone = SigmoidNeuron(problem.x[idx], problem.y[idx]).scalar_kernel()
        assert kernels.subset_kernel(problem, idx)(0.7, -1.3) == alone(0.7, -1.3)
