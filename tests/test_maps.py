"""Convergence maps against single runs of the same starts."""

import itertools

import numpy as np
import pytest

from gd_core import STATUSES, SigmoidNeuron, gradient_descent
from gd_core.maps import (
    MAX_MAP_RESOLUTION,
    assemble,
    block_count,
    convergence_map,
    grid_starts,
    method_ends,
    start_grid,
)
from gd_core.runs.one import run_method

LECTURE = SigmoidNeuron.lecture()


def spot_check(problem, cmap, method, settings, epochs, cells, seed=0):
    """Each sampled cell equals run_method from its start: status, epoch of
    convergence, final loss and parameters (to 1e-9)."""
    for i, j in cells:
        start = (float(cmap.w[j]), float(cmap.b[i]))
        run = run_method(problem, method, settings, start, epochs, seed=seed)
        assert cmap.status[i, j] == run.status, (start, run.status)
        expected = -1 if run.converged_epoch is None else run.converged_epoch
        assert cmap.epochs[i, j] == expected, start
        assert cmap.final_loss[i, j] == pytest.approx(run.final_loss, rel=1e-9, abs=1e-9)
        np.testing.assert_allclose(cmap.final_params[i, j], run.params[-1], rtol=1e-9, atol=1e-9)


def sample_cells(cmap, count, seed=1):
    """``count`` cells spread over the grid, and at least one of each status present."""
    rng = np.random.default_rng(seed)
    n_b, n_w = cmap.status.shape
    cells = [
        (int(i), int(j)) for i, j in zip(rng.integers(0, n_b, count), rng.integers(0, n_w, count))
    ]
    for status in STATUSES:
        hits = np.argwhere(cmap.status == status)
        if hits.size:
            cells.append(tuple(int(v) for v in hits[len(hits) // 2]))
    return cells


@pytest.mark.parametrize("eta", [1.0, 10.0])
def test_plain_descent_cells_equal_single_runs(eta):
    cmap = convergence_map(
        LECTURE, (-6, 6), (-6, 6), 40, "gradient_descent", {"learning_rate": eta}
    )
    assert sum(cmap.counts().values()) == 40 * 40
    assert {"converged", "plateau"} <= {s for s, c in cmap.counts().items() if c}
    for i, j in sample_cells(cmap, 25):
        start = (float(cmap.w[j]), float(cmap.b[i]))
        single = gradient_descent(LECTURE, start, eta, 1000)
        assert cmap.status[i, j] == single.status, start
        assert cmap.epochs[i, j] == (-1 if single.converged_at is None else single.converged_at)
        assert cmap.final_loss[i, j] == pytest.approx(single.final_loss, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(
    ("method", "settings"),
    [
        ("momentum", None),
        ("nesterov", None),
        ("adagrad", None),
        ("rmsprop", None),
        ("adam", None),
        ("stochastic", {"batch_size": 1, "learning_rate": 0.5}),
        ("gradient_descent", {"learning_rate": 2.0, "schedule": "inverse_time", "decay": 0.01}),
        ("newton", None),
        ("line_search", None),
        ("line_search", {"learning_rate": 4.0, "shrink": 0.3, "armijo": 0.1}),
    ],
)
def test_batched_methods_equal_the_runner(method, settings):
    cmap = convergence_map(LECTURE, (-6, 6), (-6, 6), 24, method, settings, 400)
    assert sum(cmap.counts().values()) == cmap.status.size == 24 * 24
    spot_check(LECTURE, cmap, method, settings, 400, sample_cells(cmap, 12))


def test_cross_entropy_and_other_data():
    problem = SigmoidNeuron([-1.0, 0.0, 1.0, 2.0, 3.0], [0.1, 0.3, 0.4, 0.8, 0.7], "cross_entropy")
    cmap = convergence_map(problem, (-4, 4), (-4, 4), 20, "adam", None, 300)
    spot_check(problem, cmap, "adam", None, 300, sample_cells(cmap, 10))
    # η = 0.2 < 2 / λ_max here; at η = 1 these runs bounce chaotically (max_epochs)
    # and a last-bit difference between NumPy's exp and math.exp grows.
    settings = {"learning_rate": 0.2}
    plain = convergence_map(problem, (-4, 4), (-4, 4), 20, "gradient_descent", settings, 300)
    spot_check(problem, plain, "gradient_descent", settings, 300, sample_cells(plain, 10))


@pytest.mark.parametrize("method", ["gradient_descent", "momentum", "newton", "adam"])
def test_the_extremes_in_range_stay_finite_and_match_single_runs(method):
    """The core refuses data beyond ±1e6 and η beyond the registry's range,
    so no run can leave the floating-point range; at those extremes each
    cell is still its own single run, step for step."""
    steep = SigmoidNeuron([1e6, 1.0], [0.9, 0.5])
    starts = np.array([(0.0, 0.0), (1e-12, 0.0), (0.0, 1.0), (1e4, -1e4)])
    settings = {"learning_rate": 1e3}
    ends = method_ends(steep, method, settings, starts, 50)
    for k, start in enumerate(starts):
        run = run_method(steep, method, settings, tuple(start), 50)
        assert ends.status[k] == run.status != "diverged"
        assert ends.steps[k] == run.steps
        np.testing.assert_allclose(ends.final_params[k], run.params[-1], rtol=1e-12)
    assert np.isfinite(ends.final_params).all() and np.isfinite(ends.final_loss).all()


def test_progress_reaches_one_and_never_goes_back():
    seen = []
    convergence_map(LECTURE, resolution=100, epochs=100, progress=seen.append)
    assert seen and seen[-1] == pytest.approx(1.0)
    assert all(b >= a for a, b in itertools.pairwise(seen))


def test_start_grid_tiles_the_view_with_round_centres():
    w, b = start_grid((-6, 6), (-6, 6), 150)
    assert w[0] == -5.96 and w[-1] == 5.96 and w.size == 150
    np.testing.assert_allclose(np.diff(b), 0.08)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: start_grid((-6, 6), (-6, 6), MAX_MAP_RESOLUTION + 1), "map resolution"),
        (lambda: start_grid((6, -6), (-6, 6), 50), "w range must have start < end"),
        (lambda: convergence_map(LECTURE, method="nope"), "method must be one of"),
        (lambda: convergence_map(LECTURE, settings={"gamma": 2.0}, method="momentum"), "γ"),
        (lambda: convergence_map(LECTURE, epochs=0), "epochs"),
        (lambda: method_ends(LECTURE, "adam", None, [(np.nan, 0.0)]), "starts must be finite"),
    ],
)
def test_bad_input_names_the_field(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_blocks_assemble_into_the_same_map():
    w, b = start_grid((-6, 6), (-6, 6), 100)
    starts = grid_starts(w, b)
    count = block_count(len(starts))
    assert count == 2  # 10,000 starts in blocks of at most CHUNK
    parts = [method_ends(LECTURE, "momentum", None, s, 200) for s in np.array_split(starts, count)]
    whole = convergence_map(LECTURE, (-6, 6), (-6, 6), 100, "momentum", None, 200)
    pieced = assemble(w, b, parts, "momentum")
    np.testing.assert_array_equal(pieced.status, whole.status)
    np.testing.assert_array_equal(pieced.epochs, whole.epochs)
    np.testing.assert_array_equal(pieced.final_loss, whole.final_loss)


def test_cell_finds_the_cell_a_point_lies_in():
    cmap = convergence_map(LECTURE, (-6, 6), (-6, 6), 10, epochs=5)  # cells 1.2 wide
    assert cmap.cell(-5.4, -5.4) == (0, 0)
    assert cmap.cell(0.5, -0.7) == (4, 5)
    assert cmap.cell(5.99, 6.0) == (9, 9)
    assert cmap.cell(6.01, 0.0) is None and cmap.cell(float("nan"), 0.0) is None
