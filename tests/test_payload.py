"""What the browser chart component receives: pure dicts of float32 arrays."""

import json
import math

import numpy as np
import plotly.io as pio
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gd_core
from gd_core.figures.background import background
from gd_core.figures.compare import sweep_figure
from gd_core.figures.payload import (
    DEFAULT_FIGURE_HEIGHT,
    LOSS_FLOOR,
    RunSpec,
    figure_payload,
    layers_payload,
    runs_payload,
)
from gd_core.figures.wire import decode, encode, packed
from gd_core.runs.one import run_method

LECTURE = gd_core.SigmoidNeuron.lecture()


def unpack(value: np.ndarray) -> np.ndarray:
    assert value.dtype == np.float32
    return value


@pytest.fixture(scope="module")
def surface():
    return gd_core.loss_surface(LECTURE, resolution=60)


@pytest.fixture(scope="module")
def layers(surface):
    return layers_payload(surface, background(surface), optimum=LECTURE.zero_loss_point())


@pytest.fixture(scope="module")
def descent():
    return gd_core.gradient_descent(LECTURE)


def test_packed_round_trips_as_float32():
    values = np.array([1.5, -2.25, 1e-30, 3e38])
    assert unpack(packed(values, "x")).tolist() == values.astype(np.float32).tolist()


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_packed_refuses_non_finite_numbers_naming_the_field(bad):
    with pytest.raises(ValueError, match="run 2 w has a non-finite value"):
        packed([0.0, bad], "run 2 w")


def test_packed_refuses_what_float32_cannot_hold():
    with pytest.raises(ValueError, match="surface loss is too large for float32"):
        packed([1e39], "surface loss")


@given(st.lists(st.floats(-1e6, 1e6), min_size=0, max_size=50))
def test_packed_keeps_length_and_float32_values(values):
    out = unpack(packed(values, "v"))
    assert out.size == len(values)
    np.testing.assert_array_equal(out, np.asarray(values, dtype=np.float32))


def test_layers_carry_the_surface_and_its_revision(surface, layers):
    n_b, n_w = surface.loss.shape
    assert unpack(layers["z"]).size == n_b * n_w
    np.testing.assert_allclose(unpack(layers["z"]).reshape(n_b, n_w), surface.loss, rtol=1e-6)
    assert layers["w_range"] == [-6.0, 6.0] and layers["b_range"] == [-6.0, 6.0]
    assert layers["image"].startswith("data:image/png;base64,")
    assert layers["optimum"] == pytest.approx([1.791759, -2.282174], abs=1e-6)
    assert len(layers["revision"]) == 16
    message = encode({"role": "layers", "layers": layers})
    assert len(message) < 0.8 * len(json.dumps(layers, default=lambda a: a.tolist()))


def test_encode_and_decode_round_trip(layers):
    message = encode({"role": "layers", "layers": layers, "tuple": (1, None, "x")})
    assert int.from_bytes(message[:4], "little") % 4 == 0  # arrays start 4-aligned
    back = decode(message)
    assert back["role"] == "layers" and back["tuple"] == [1, None, "x"]
    for key, value in layers.items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(back["layers"][key], value)
        else:
            assert back["layers"][key] == json.loads(json.dumps(value)), key


@given(st.lists(st.lists(st.floats(-1e30, 1e30), max_size=20), max_size=5))
def test_any_arrays_round_trip(arrays):
    message = {"runs": [{"w": packed(a, "w"), "n": len(a)} for a in arrays]}
    back = decode(encode(message))
    for run, values in zip(back["runs"], arrays):
        assert run["n"] == len(values)
        np.testing.assert_array_equal(run["w"], np.asarray(values, dtype=np.float32))


def test_the_revision_follows_the_content(surface, layers):
    again = layers_payload(surface, background(surface), optimum=LECTURE.zero_loss_point())
    assert again["revision"] == layers["revision"]  # same surface: same element, sent once
    linear = layers_payload(surface, background(surface, log=False))
    assert linear["revision"] != layers["revision"]


def test_iso_line_gaps_travel_as_indices(surface, layers):
    bg = background(surface)
    gaps = np.flatnonzero(np.isnan(bg.iso_w))
    assert layers["iso_gaps"] == gaps.tolist()
    assert np.all(np.isfinite(unpack(layers["iso_w"])))


def test_runs_are_float32_epochs_of_each_run(layers, descent):
    payload = runs_payload(
        "explorer", layers["revision"], [RunSpec(descent, "gradient descent", "#ff3355")],
        start=(-2.0, -2.0), data=(LECTURE.x, LECTURE.y), loss_tol=1e-5,
    )  # fmt: skip
    (run,) = payload["runs"]
    assert payload["epochs"] == 1000 and payload["layers"] == layers["revision"]
    np.testing.assert_allclose(unpack(run["w"]), descent.params[:, 0], rtol=1e-6)
    np.testing.assert_allclose(unpack(run["loss"])[100], 0.01774, rtol=1e-3)  # the lecture
    assert run["path"] is None  # the epochs already draw the whole path
    assert run["converged_at"] == 380
    assert payload["data"]["x_range"] == [-0.5, 3.5]
    assert len(encode(payload)) < 20_000  # a click sends kB, not MB


def test_zero_loss_is_floored_for_the_log_axis(layers):
    run = gd_core.gradient_descent(LECTURE, start=LECTURE.zero_loss_point(), epochs=3)
    payload = runs_payload("explorer", "r", [RunSpec(run, "at w*", "#000")], start=(0.0, 0.0))
    assert unpack(payload["runs"][0]["loss"]).min() >= np.float32(LOSS_FLOOR)


def test_minibatch_runs_show_epoch_ends_and_their_whole_path():
    run = run_method(LECTURE, "stochastic", {"learning_rate": 1.0, "batch_size": 1}, (-2, -2), 50)
    entry = runs_payload("race", "r", [RunSpec(run, "SGD", "#000")], start=(-2, -2))["runs"][0]
    assert unpack(entry["w"]).size == 51  # one head position per epoch
    assert unpack(entry["path"]["w"]).size == run.params.shape[0]  # every update drawn


def test_momentum_arrow_points_where_momentum_carries_it():
    run = run_method(LECTURE, "momentum", {"learning_rate": 1.0, "gamma": 0.9}, (-2, -2), 20)
    entry = runs_payload("race", "r", [RunSpec(run, "m", "#000", 0.9)], start=(-2, -2))["runs"][0]
    u = run.extras["velocity"]
    expected = run.params[:, 0] - 0.9 * u[:, 0]
    np.testing.assert_allclose(unpack(entry["momentum"]["w"]), expected, rtol=1e-5, atol=1e-6)


def test_a_non_finite_run_is_refused_naming_it(descent):
    broken = gd_core.Trajectory(
        params=np.array([[0.0, 0.0], [np.nan, 1.0]]), losses=np.array([0.4, 0.3]),
        grad_norms=np.array([0.1, 0.1]), status="max_epochs", converged_at=None,
        evaluations=2, learning_rate=1.0, method="gradient_descent",
    )  # fmt: skip
    specs = [RunSpec(descent, "fine", "#000"), RunSpec(broken, "η = 9", "#111")]
    with pytest.raises(ValueError, match=r"run 2 \(η = 9\) w has a non-finite value"):
        runs_payload("compare", "r", specs, start=(0.0, 0.0))


@pytest.mark.parametrize(
    ("kind", "count", "message"),
    [("pie", 1, "chart kind must be one of"), ("compare", 0, "1 to 8 runs, got 0"),
     ("explorer", 9, "0 to 8 runs, got 9")],
)  # fmt: skip
def test_bad_kinds_and_counts_are_refused(descent, kind, count, message):
    with pytest.raises(ValueError, match=message):
        runs_payload(kind, "r", [RunSpec(descent, "a", "#000")] * count, start=(0.0, 0.0))


@pytest.mark.parametrize("kind", ["explorer", "race"])
def test_a_still_view_has_no_run_and_nothing_to_play(kind):
    """The lesson before a reveal: the surface and the start only, with its
    own contour title (the chart hides Play when there are no epochs)."""
    payload = runs_payload(kind, "r", [], start=(-2.0, -2.0), contour_title="Contour · x")
    assert payload["runs"] == [] and payload["epochs"] == 0
    assert payload["contour_title"] == "Contour · x" and payload["start"] == [-2.0, -2.0]


def test_a_non_finite_start_is_refused(descent):
    with pytest.raises(ValueError, match="start w is not a finite number"):
        runs_payload("explorer", "r", [RunSpec(descent, "a", "#000")], start=(math.inf, 0.0))


def test_a_plain_figure_travels_as_drawn_with_its_height_and_camera():
    sweep = gd_core.learning_rate_sweep(gd_core.SigmoidNeuron.lecture(), (-2.0, -2.0), 200)
    spec = json.loads(pio.to_json(sweep_figure(sweep, [1.0]), validate=False))
    payload = figure_payload(spec, filename="sweep-chart", clickable=True)
    assert payload["figure"] == {"data": spec["data"], "layout": spec["layout"]}
    assert payload["height"] == 520 and payload["clickable"] is True
    assert payload["config"]["toImageButtonOptions"] == {
        "format": "png",
        "scale": 2,
        "filename": "sweep-chart",
    }
    back = decode(encode({"role": "figure", **payload}))  # JSON only: no float32 block
    assert back["figure"]["data"] == spec["data"]
    plain = figure_payload({"data": [], "layout": {}}, filename="x", clickable=False)
    assert plain["height"] == DEFAULT_FIGURE_HEIGHT and plain["clickable"] is False


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ({"layout": {}}, "a list of traces"),
        ({"data": {}, "layout": {}}, "a list of traces"),
        ({"data": [], "layout": {"height": math.inf}}, "figure height is not a finite"),
        ({"data": [], "layout": {"height": -5}}, "figure height must be > 0"),
    ],
)
def test_a_malformed_figure_is_refused(figure, message):
    with pytest.raises(ValueError, match=message):
        figure_payload(figure, filename="x", clickable=False)
