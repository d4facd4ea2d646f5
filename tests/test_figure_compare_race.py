"""The Compare η and Optimizers figures: what each trace holds is the runs'
own numbers, in the places and order the pages and frames rely on."""

from __future__ import annotations

import base64

import numpy as np
import pytest

import gd_core
from gd_core.figures.background import background
from gd_core.figures.compare import sweep_figure
from gd_core.figures.race import effective_lr_figure, race_loss_figure
from gd_core.figures.theme import STATUS_NAMES
from gd_core.runs.one import run_method

LECTURE = gd_core.SigmoidNeuron.lecture()
F32 = np.float32


def values(v) -> np.ndarray:
    """A trace's array, whether a list, a NumPy array or a typed array."""
    if isinstance(v, dict):
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"]))
    return np.asarray(v, dtype=np.float64)


@pytest.fixture(scope="module")
def surface_bg():
    surface = gd_core.loss_surface(LECTURE, resolution=60)
    return surface, background(surface)


@pytest.fixture(scope="module")
def eta_runs():
    etas = (0.1, 1.0, 50.0)
    return [gd_core.gradient_descent(LECTURE, (-2, -2), eta, 300) for eta in etas]


def test_the_sweep_plots_each_eta_where_its_status_says(surface_bg):
    sweep = gd_core.learning_rate_sweep(LECTURE, (-2, -2), 300)
    chosen = [0.1, 1.0, 50.0]
    spec = sweep_figure(sweep, chosen).to_dict()
    converged = sweep.status == "converged"
    top = [t for t in spec["data"] if t["yaxis"] == "y"]
    assert len(top) == 1 and top[0]["name"] == STATUS_NAMES["converged"]
    np.testing.assert_array_equal(values(top[0]["x"]), sweep.learning_rates[converged])
    np.testing.assert_array_equal(values(top[0]["y"]), sweep.converged_at[converged])
    bottom = [t for t in spec["data"] if t["yaxis"] == "y2"]
    assert sum(values(t["x"]).size for t in bottom) == sweep.learning_rates.size  # every η once
    for trace in bottom:
        status = next(s for s, name in STATUS_NAMES.items() if name == trace["name"])
        assert np.all(sweep.status[np.isin(sweep.learning_rates, values(trace["x"]))] == status)
    lines = [s["x0"] for s in spec["layout"]["shapes"]]
    assert lines[:3] == chosen and (sweep.edge is None or lines[3] == sweep.edge)
    assert spec["layout"]["xaxis"]["type"] == "log" and spec["layout"]["xaxis"]["matches"] == "x2"
    fastest = [a for a in spec["layout"]["annotations"] if a["text"].startswith("fastest")]
    assert len(fastest) == (sweep.fastest is not None)


@pytest.fixture(scope="module")
def raced():
    methods = [
        ("gradient_descent", {"learning_rate": 1.0}, None),
        ("momentum", {"learning_rate": 1.0, "gamma": 0.9}, 0.9),
        ("stochastic", {"learning_rate": 3.0, "batch_size": 1}, None),
        ("adam", {"learning_rate": 0.1}, None),
    ]
    runs = [run_method(LECTURE, m, s, (-2, -2), 200) for m, s, _ in methods]
    return runs, [m for m, _, _ in methods], [g for _, _, g in methods]


def test_race_loss_puts_mini_batch_updates_at_fractional_epochs(raced):
    runs, labels, _ = raced
    spec = race_loss_figure(runs, labels, loss_tol=1e-5).to_dict()
    curves, tolerance = spec["data"][:-1], spec["data"][-1]
    assert [t["name"] for t in curves] == labels
    for run, curve in zip(runs, curves):
        x = values(curve["x"])
        assert x.size == run.losses.size and x[-1] == pytest.approx(200)
        np.testing.assert_array_equal(
            values(curve["y"]), np.maximum(run.losses, 1e-300).astype(F32)
        )
    assert values(curves[2]["x"])[1] == pytest.approx(0.5)  # two updates an epoch
    assert tolerance["y"] == [1e-5, 1e-5] and tolerance["x"] == [0, 200]
    assert spec["layout"]["yaxis"]["type"] == "log"


def test_effective_learning_rates_only_for_adaptive_methods(raced):
    runs, labels, _ = raced
    assert effective_lr_figure(runs[:3], labels[:3]) is None
    spec = effective_lr_figure(runs, labels).to_dict()
    assert [t["name"] for t in spec["data"]] == ["adam: w", "adam: b"]
    lr = runs[3].extras["effective_lr"]
    for k, trace in enumerate(spec["data"]):
        np.testing.assert_array_equal(values(trace["y"]), lr[:, k].astype(F32))
    assert spec["data"][1]["line"]["dash"] == "dash"
