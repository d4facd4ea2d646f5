import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gd_core import SigmoidNeuron, random_search

LECTURE = SigmoidNeuron.lecture()


@pytest.mark.parametrize("mode", ["sample", "walk"])
def test_reproducible_per_seed(mode):
    a = random_search(LECTURE, 300, seed=7, mode=mode, start=(-2, -2))
    b = random_search(LECTURE, 300, seed=7, mode=mode, start=(-2, -2))
    c = random_search(LECTURE, 300, seed=8, mode=mode, start=(-2, -2))
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 400), st.integers(0, 2**32), st.sampled_from(["sample", "walk"]))
def test_best_so_far_never_rises(budget, seed, mode):
    run = random_search(LECTURE, budget, seed=seed, mode=mode)
    assert run.params.shape == (budget, 2) and run.losses.shape == (budget,)
    assert np.all(np.diff(run.losses) <= 0)
    # Each row's loss is the loss at that row's parameters.
    np.testing.assert_allclose(
        run.losses, LECTURE.loss(run.params[:, 0], run.params[:, 1]), rtol=1e-12
    )
    assert run.evaluations == budget


def test_sample_stays_in_the_plane_and_starts_at_start():
    run = random_search(LECTURE, 500, seed=1, w_range=(-1, 3), b_range=(-4, 0), start=(-0.5, -0.5))
    assert run.params[0].tolist() == [-0.5, -0.5]
    assert (run.params[:, 0] >= -1).all() and (run.params[:, 0] <= 3).all()
    assert (run.params[:, 1] >= -4).all() and (run.params[:, 1] <= 0).all()


def test_walk_moves_only_downhill_from_the_start():
    run = random_search(LECTURE, 1000, seed=0, mode="walk", start=(-2, -2))
    assert run.params[0].tolist() == [-2.0, -2.0]
    assert run.final_loss < run.losses[0]
    moved = np.any(np.diff(run.params, axis=0) != 0, axis=1)
    assert np.all(np.diff(run.losses)[moved] < 0)


def test_status_and_converged_at():
    run = random_search(LECTURE, 3000, seed=0, mode="walk", start=(-2, -2), loss_tol=1e-3)
    assert run.status == "converged"
    assert run.losses[run.converged_at] < 1e-3 <= run.losses[run.converged_at - 1]
    assert random_search(LECTURE, 5, seed=0).status == "max_epochs"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"budget": 0}, "budget must be a whole number from 1 to 1,000,000"),
        ({"budget": -5}, "budget"),
        ({"mode": "grid"}, "mode must be one of"),
        ({"seed": -1}, "seed must be a whole number"),
        ({"step_size": 0}, "step size must be a finite number > 0"),
        ({"w_range": (2, 1)}, "w range must have min < max"),
        ({"start": (np.nan, 1)}, "start w0 must be a finite number"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        random_search(LECTURE, **kwargs)
