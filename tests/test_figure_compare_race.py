"""The Compare η and Optimizers figures: what each trace holds is the runs'
own numbers, in the places and order the pages and frames rely on."""

from __future__ import annotations

import base64

import numpy as np
import pytest

import gd_core
from gd_core.figures.background import background
from gd_core.figures.compare import small_multiples_figure, sweep_figure
from gd_core.figures.race import effective_lr_figure, race_figure, race_loss_figure
from gd_core.figures.rows import epoch_rows
from gd_core.figures.theme import STATUS_NAMES, eta_colour
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


def test_small_multiples_one_panel_per_run_with_its_own_path(surface_bg, eta_runs):
    _, bg = surface_bg
    labels = ["η = 0.1 · slow", "η = 1 · converged", "η = 50 · plateau"]
    fig = small_multiples_figure(bg, (-6, 6), (-6, 6), eta_runs, labels,
                                 optimum=LECTURE.zero_loss_point(), max_frames=30)  # fmt: skip
    spec = fig.to_dict()
    static, moving = spec["data"][:12], spec["data"][12:]
    assert len(spec["data"]) == 3 * 4 + 3 * 2  # iso, path, ○, ◇ per panel; trail and head each
    assert [t["name"] for t in static[:4]] == ["iso-lines", labels[0], "start", "zero loss"]
    for k, run in enumerate(eta_runs):
        axes = "" if k == 0 else str(k + 1)
        path = static[4 * k + 1]
        assert (path["xaxis"], path["yaxis"]) == (f"x{axes}", f"y{axes}")
        np.testing.assert_array_equal(values(path["x"]), run.params[:, 0].astype(F32))
        np.testing.assert_array_equal(values(path["y"]), run.params[:, 1].astype(F32))
        assert values(static[4 * k + 2]["x"])[0] == -2.0  # the common start
        assert spec["layout"][f"xaxis{axes}"]["range"] == [-6, 6]
        assert path["line"]["color"] == eta_colour(run.learning_rate)  # by its η
        trail, head = moving[2 * k], moving[2 * k + 1]
        assert trail["name"] == head["name"] == labels[k] and trail["xaxis"] == f"x{axes}"
        # The last frame: each trail reaches its run's last epoch, the head sits there.
        last = spec["frames"][-1]["data"]
        np.testing.assert_array_equal(values(last[2 * k]["x"])[-1], F32(run.params[-1, 0]))
        assert last[2 * k + 1]["x"] == [float(run.params[-1, 0])]
    texts = [a["text"] for a in spec["layout"]["annotations"]]
    assert texts[1].startswith("<b>η = 1<br>") and "converged" in texts[1]
    frames = spec["frames"]
    assert frames[0]["name"] == "0" and frames[-1]["name"] == "300" and len(frames) == 30
    assert frames[0]["traces"] == list(range(12, 18))


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


def test_race_moves_every_run_by_epoch_and_draws_momentum(surface_bg, raced):
    surface, bg = surface_bg
    runs, labels, momentum = raced
    fig = race_figure(surface, bg, runs, labels, momentum, optimum=LECTURE.zero_loss_point(),
                      max_frames=25)  # fmt: skip
    spec = fig.to_dict()
    static = 2 + len(runs) + 2  # surface, iso-lines, a faint path each, ○, ◇
    assert len(spec["data"]) == static + 3 * len(runs) + 1  # 3D head, trail, head; γu arrow
    assert spec["data"][0]["type"] == "surface" and spec["data"][static - 1]["name"].startswith(
        "zero loss"
    )
    names = [t["name"] for t in spec["data"][static:]]
    assert names[3:7] == ["momentum"] * 3 + ["momentum: momentum γu"]
    lift = 0.02 * float(surface.loss.max() - surface.loss.min())
    last = spec["frames"][-1]["data"]
    assert spec["frames"][-1]["name"] == "200"
    for k, run in enumerate(runs):
        offset = 3 * k + (1 if k > 1 else 0)  # the momentum arrow after run 1
        end = int(epoch_rows(run)[-1])  # the stochastic run: several rows an epoch
        w, b = run.params[end]
        assert last[offset]["x"] == [w] and last[offset]["z"] == [run.losses[end] + lift]
        assert last[offset + 2]["x"] == [w] and last[offset + 2]["y"] == [b]
    u = runs[1].extras["velocity"][200]
    w, b = runs[1].params[200]
    np.testing.assert_allclose(last[6]["x"], [w, w - 0.9 * u[0]])
    np.testing.assert_allclose(last[6]["y"], [b, b - 0.9 * u[1]])
    assert epoch_rows(runs[2]).size == 201 and runs[2].params.shape[0] == 2 * 200 + 1


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
