"""The Convergence-map page through AppTest."""

import json

import numpy as np
import pytest
from app_helpers import open_page
from app_helpers import text as _text

import gd_core
from gd_core.maps import convergence_map
from ui import budget
from ui.maps import converged_words, largest_resolution, percent, seconds_per_start

PAGE = "views/convergence_map.py"


def _spec(app) -> dict:
    charts = app.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def _legend(app) -> list[str]:
    return [t["name"] for t in _spec(app)["data"] if t.get("showlegend")]


def _click(app, w, b):
    """What Streamlit stores for a click on the cell marker at (w, b)."""
    curve = app.session_state["map_drawn"]["curves"][0]
    app.session_state["convergence_map"] = {
        "selection": {"points": [{"x": w, "y": b, "curve_number": curve, "point_index": 0}]}
    }
    app.run()
    assert not app.exception


def test_default_map_counts_match_the_core(app):
    open_page(app, PAGE)
    assert not app.error and not app.warning
    expected = convergence_map(gd_core.SigmoidNeuron.lecture(), resolution=150).counts()
    legend = _legend(app)
    assert len(legend) == 4 and sum(expected.values()) == 150 * 150
    for name, status in zip(legend, gd_core.STATUSES, strict=True):
        assert f"{expected[status]:,} (" in name
    share = percent(expected["converged"] / 22_500)
    assert f"converged from {share} of the plane" in _text(app)
    assert "NaN" not in _text(app)


def test_heatmaps_share_one_colour_scale_for_two_learning_rates(app):
    open_page(app, PAGE)
    app.selectbox(key="map_compare").set_value("Two learning rates").run()
    app.select_slider(key="map_resolution").set_value(50).run()
    assert not app.exception and not app.error
    spec = _spec(app)
    epochs = [t for t in spec["data"] if t["type"] == "heatmap" and t["showscale"] is not None]
    tops = {t["zmax"] for t in epochs if t["name"] == "epochs to tolerance"}
    assert len(tops) == 1  # one colour scale for both panels
    assert "xaxis2" in spec["layout"] and "legend2" in spec["layout"]
    words = _text(app)
    assert "η = 10 converges from" in words and "η = 1 from" in words


def test_two_methods(app):
    open_page(app, PAGE)
    app.selectbox(key="map_compare").set_value("Two methods").run()
    app.select_slider(key="map_resolution").set_value(50).run()
    app.selectbox(key="map_method2").set_value("line_search").run()
    assert not app.exception and not app.error
    # Line search's trial steps cost ~50 gradient evaluations an update: the
    # work budget (ui.budget) coarsens the grid and says so.
    assert [w.value for w in app.warning] == [
        "The map is limited to 20 × 20 starts here: every start runs 1,000 epochs over 2 "
        "points, and a finer grid would take too long."
    ]
    words = _text(app)
    assert "Backtracking line search, η = 10 converges from" in words
    assert "Gradient descent, η = 1 from" in words


def test_a_click_on_a_cell_sets_the_start_and_offers_the_error_surface(app):
    open_page(app, PAGE)
    _click(app, 1.01, -2.97)  # snapped to the cell centre (1.0, -3.0)
    assert (app.session_state["w0"], app.session_state["b0"]) == (1.0, -3.0)
    assert any("(1, -3)" in s.value for s in app.success)
    links = app.get("page_link")
    assert len(links) == 1 and links[0].proto.page_script_hash  # a page of the app
    assert "on the error surface" in links[0].proto.label
    _click(app, 40.0, 0.0)  # outside the map: nothing moves
    assert (app.session_state["w0"], app.session_state["b0"]) == (1.0, -3.0)


def test_bad_eta_keeps_the_last_map(app):
    open_page(app, PAGE)
    app.number_input(key="eta").set_value(0.0).run()
    assert not app.exception
    assert any("learning rate" in e.value for e in app.error)
    assert len(app.get("plotly_chart")) == 1


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_other_data_and_losses(app, loss):
    open_page(app, PAGE)
    app.session_state["data_x"] = (-1.0, 0.0, 1.0, 2.0, 3.0)
    app.session_state["data_y"] = (0.1, 0.3, 0.4, 0.8, 0.7)
    app.session_state["data_name"] = "five points"
    app.session_state["loss_name"] = loss
    app.select_slider(key="map_resolution").set_value(50).run()
    assert not app.exception and not app.error
    problem = gd_core.SigmoidNeuron([-1, 0, 1, 2, 3], [0.1, 0.3, 0.4, 0.8, 0.7], loss=loss)
    expected = convergence_map(problem, resolution=50).counts()
    assert [f"{expected[s]:,} (" in n for n, s in zip(_legend(app), gd_core.STATUSES)] == [True] * 4


def test_many_points_shrink_the_grid_with_a_reason(app):
    open_page(app, PAGE)
    rng = np.random.default_rng(0)
    app.session_state["data_x"] = tuple(rng.normal(0, 2, 200).tolist())
    app.session_state["data_y"] = tuple(rng.random(200).tolist())
    app.run()
    assert not app.exception and not app.error
    assert any("limited to" in w.value and "200 points" in w.value for w in app.warning)


@pytest.mark.parametrize(
    "selection",
    [
        {"selection": "junk"},
        {"selection": {"points": "junk"}},
        {"selection": {"points": [1, None, {"x": "a", "y": 0, "curve_number": 0}]}},
        {"selection": {"points": [{"x": float("nan"), "y": 0.0, "curve_number": 0}]}},
        {"selection": {"points": [{"x": 1.0, "y": -3.0, "curve_number": 999}]}},
    ],
)
def test_a_crafted_selection_changes_nothing(app, selection):
    open_page(app, PAGE)
    app.session_state["convergence_map"] = selection
    app.run()
    assert not app.exception and not app.error
    assert (app.session_state["w0"], app.session_state["b0"]) == (-2.0, -2.0)
    assert len(app.get("plotly_chart")) == 1


def test_grid_limits_follow_the_work():
    """The finest grid whose estimated work fits the one work budget
    (ui.budget), and no finer; the lecture's default map (150 × 150 starts,
    1000 epochs) is never cut."""
    assert largest_resolution("gradient_descent", 2, 1000) >= 150
    assert largest_resolution("gradient_descent", 2, 10_000) < 150
    for method, points, epochs in [
        ("gradient_descent", 2, 1000), ("gradient_descent", 2, 10_000), ("nesterov", 2, 1000),
        ("stochastic", 2, 1000), ("newton", 2, 1000), ("line_search", 2, 1000),
        ("gradient_descent", 1000, 1000),
    ]:  # fmt: skip
        side = largest_resolution(method, points, epochs)
        cost = seconds_per_start(method, points, epochs)
        assert side * side * cost <= budget.BUDGET_SECONDS
        if side < 300:
            assert (side + 10) ** 2 * cost > budget.BUDGET_SECONDS
    assert largest_resolution("line_search", 2, 1000) < largest_resolution("newton", 2, 1000)


def test_words():
    assert percent(0.6049) == "60 %" and percent(0.001) == "< 1 %" and percent(0.0) == "0 %"
    one = convergence_map(gd_core.SigmoidNeuron.lecture(), resolution=20, epochs=200)
    ten = convergence_map(
        gd_core.SigmoidNeuron.lecture(), resolution=20, settings={"learning_rate": 10.0}, epochs=200
    )
    words = converged_words([one, ten], ["η = 1", "η = 10"])
    high, low = sorted((one.share("converged"), ten.share("converged")), reverse=True)
    assert words.startswith(
        "η = 10 converges from"
        if ten.share("converged") > one.share("converged")
        else "η = 1 converges from"
    )
    assert f"{percent(high)} of the plane" in words and words.endswith(f"from {percent(low)}.")
