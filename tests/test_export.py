"""What a student keeps: the CSV reads back to the runs and PNGs are saved
at 2× (the offline animation: tests/test_animation_file.py)."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

import gd_core
from gd_core.export import (
    CSV_COLUMNS,
    MAP_COLUMNS,
    chart_config,
    epochs_of_rows,
    maps_csv,
    read_trajectories_csv,
    trajectories_csv,
)
from gd_core.maps import convergence_map
from gd_core.runs.one import run_method


@pytest.fixture(scope="module")
def runs():
    problem = gd_core.SigmoidNeuron.lecture()
    return {
        "η = 1": gd_core.gradient_descent(problem, (-2, -2), 1.0, 1000),
        "η = 50, the plateau": gd_core.gradient_descent(problem, (-2, -2), 50.0, 1000),
        "random search": gd_core.random_search(
            problem, 1001, seed=3, mode="walk", start=(-2, -2), w_range=(-6, 6), b_range=(-6, 6)
        ),
        "Stochastic, k = 1": run_method(
            problem, "stochastic", {"learning_rate": 3.0, "batch_size": 1}, (-2, -2), 200
        ),
    }


def test_the_csv_reads_back_to_the_runs(runs):
    text = trajectories_csv(runs)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    back = read_trajectories_csv(text)
    assert list(back) == list(runs)
    for label, run in runs.items():
        np.testing.assert_allclose(back[label]["params"], run.params, rtol=0, atol=1e-12)
        np.testing.assert_allclose(back[label]["losses"], run.losses, rtol=0, atol=1e-12)
        np.testing.assert_allclose(back[label]["grad_norms"], run.grad_norms, rtol=0, atol=1e-12)
        np.testing.assert_array_equal(back[label]["epochs"], epochs_of_rows(run))


def test_the_csv_is_the_lectures_numbers(runs):
    back = read_trajectories_csv(trajectories_csv({"η = 1": runs["η = 1"]}))["η = 1"]
    w, b = back["params"][-1]
    assert (round(w, 6), round(b, 6)) == (1.79172, -2.282118)
    assert back["epochs"][-1] == 1000


def test_mini_batch_rows_know_their_epoch(runs):
    run = runs["Stochastic, k = 1"]
    epochs = epochs_of_rows(run)
    assert epochs[0] == 0 and epochs[-1] == 200
    assert np.all(np.diff(epochs) >= 0)
    assert np.count_nonzero(epochs == 1) == 2  # two points, one update each


def test_a_wrong_header_is_refused():
    with pytest.raises(ValueError, match="header must be run,step,epoch"):
        read_trajectories_csv("w,b\n1,2\n")


def test_charts_save_pngs_at_twice_the_size():
    config = chart_config("error-surface")
    assert config["toImageButtonOptions"]["scale"] == 2
    assert config["displaylogo"] is False


def test_a_map_csv_holds_every_cell_exactly():
    cmap = convergence_map(gd_core.SigmoidNeuron.lecture(), resolution=12, epochs=200)
    rows = list(csv.reader(io.StringIO(maps_csv({"η = 1": cmap}))))
    assert tuple(rows[0]) == MAP_COLUMNS
    assert len(rows) == 1 + cmap.status.size
    by_start = {(float(r[1]), float(r[2])): r for r in rows[1:]}
    for i, b in enumerate(cmap.b):
        for j, w in enumerate(cmap.w):
            row = by_start[(float(w), float(b))]
            assert row[3] == cmap.status[i, j] and int(row[4]) == cmap.epochs[i, j]
            assert float(row[5]) == cmap.final_loss[i, j]  # exact: repr reads back bit for bit
            assert (float(row[6]), float(row[7])) == tuple(cmap.final_params[i, j])
