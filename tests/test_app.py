"""The app through Streamlit's AppTest: every page renders, inputs drive
the results, bad input gives a message and keeps the last good state."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import gd_core
from gd_core.figures.parts import CLICK_NAME
from ui.state import DEFAULTS

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture
def app():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _text(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _explorer_spec(at) -> str:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return charts[0].proto.spec


def test_renders_with_the_lecture_defaults(app):
    assert not app.error
    for key in ("w0", "b0", "eta", "epochs"):
        assert app.session_state[key] == DEFAULTS[key]
    text = _text(app)
    assert "Converged: the loss fell below 1e-05 at epoch 380 and ended at 2.43e-11." in text
    assert "Final (w, b) = (1.7917, -2.2821) after 1000 epochs" in text
    assert CLICK_NAME in _explorer_spec(app)


def test_large_eta_shows_the_plateau(app):
    app.number_input(key="eta").set_value(50.0).run()
    assert not app.exception and not app.error
    assert "Stuck on a plateau: η = 50 jumps onto a flat region" in _text(app)
    assert app.session_state["eta_preset"] == 50.0  # the log slider follows


def test_small_eta_is_still_descending(app):
    app.number_input(key="eta").set_value(0.1).run()
    assert "Still descending after 1000 epochs (L = 0.0164): more epochs or a larger η." in _text(
        app
    )


def test_log_slider_sets_eta(app):
    app.select_slider(key="eta_preset").set_value(10.0).run()
    assert app.session_state["eta"] == 10.0
    assert "Converged: the loss fell below 1e-05 at epoch 30" in _text(app)


def test_start_and_epochs_change_the_run(app):
    app.number_input(key="epochs").set_value(100).run()
    assert "Still descending after 100 epochs" in _text(app)
    app.number_input(key="w0").set_value(1.0).run()
    app.number_input(key="b0").set_value(-2.0).run()
    latex = " ".join(e.value for e in app.latex)
    assert "1.000 \\\\ -2.000" in latex


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_bad_eta_shows_a_message_and_keeps_the_last_run(app, bad):
    app.number_input(key="eta").set_value(50.0).run()
    app.number_input(key="eta").set_value(bad).run()
    assert not app.exception
    assert len(app.error) == 1
    message = app.error[0].value
    assert "learning rate η must be a finite number > 0" in message
    assert "Showing the last valid settings" in message
    assert "Stuck on a plateau: η = 50" in _text(app)  # the previous state stays


def test_start_outside_the_view_warns(app):
    app.number_input(key="w0").set_value(9.0).run()
    assert any("outside the view" in w.value for w in app.warning)


def test_clicking_the_contour_moves_the_start(app):
    """The chart's selection, as the browser sends it after a click."""
    curves = app.session_state["click_curves"]
    overlay = curves[-1]
    app.session_state["explorer"] = {
        "selection": {"points": [{"x": 1.05, "y": -3.0, "curve_number": overlay}]}
    }
    app.run()
    assert not app.exception
    assert app.session_state["w0"] == 1.05 and app.session_state["b0"] == -3.0
    assert app.number_input(key="w0").value == 1.05
    assert app.number_input(key="b0").value == -3.0
    assert "1.050 \\\\ -3.000" in " ".join(e.value for e in app.latex)


def test_a_click_on_another_panel_is_not_a_start(app):
    app.session_state["explorer"] = {
        "selection": {"points": [{"x": 400, "y": 0.01, "curve_number": 999}]}
    }
    app.run()
    assert app.session_state["w0"] == -2.0 and app.session_state["b0"] == -2.0


def test_reset_restores_the_lecture(app):
    app.number_input(key="eta").set_value(50.0).run()
    app.button(key="reset").click().run()
    assert app.session_state["eta"] == 1.0
    assert "Converged" in _text(app)


def test_walk_search_and_seed(app):
    app.selectbox(key="search_mode").set_value("walk").run()
    first = _text(app)
    assert "(walk)" in first
    app.number_input(key="seed").set_value(3).run()
    assert not app.exception and _text(app) != first


# --- Compare η -------------------------------------------------------------


def _compare(app):
    app.switch_page("views/compare_eta.py").run()
    assert not app.exception
    return app


def _verdicts(app) -> list[str]:
    return list(app.dataframe[0].value["status"])


def test_compare_page_default_statuses(app):
    _compare(app)
    assert not app.error
    table = app.dataframe[0].value
    assert list(table["η"]) == ["0.1", "1", "10", "50"]
    assert _verdicts(app) == [
        "still descending",
        "converged (epoch 380)",
        "converged (epoch 30)",
        "stuck on a saturated plateau",
    ]
    assert table["final loss"][0] == "0.0164"  # η = 0.1: ≈ 0.016 after 1000 epochs
    assert int(table["epochs to tolerance"][2]) < int(table["epochs to tolerance"][1])
    assert len(app.get("plotly_chart")) == 4  # multiples, 3D, loss curves, sweep


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.1, 1, 1", "η = 1 is listed twice"),
        ("0.1, -1", "η must be a finite number > 0, got -1"),
        ("0.1, 0", "η must be a finite number > 0, got 0"),
        ("0.1, abc", "'abc' is not a number"),
        ("1", "choose 2 to 6 values, got 1"),
        ("1, 2, 3, 4, 5, 6, 7", "choose 2 to 6 values, got 7"),
    ],
)
def test_compare_bad_rates_keep_the_previous_set(app, text, message):
    _compare(app)
    app.text_input(key="eta_list").set_value("1, 10").run()
    assert _verdicts(app) == ["converged (epoch 380)", "converged (epoch 30)"]
    app.text_input(key="eta_list").set_value(text).run()
    assert not app.exception
    assert len(app.error) == 1 and message in app.error[0].value
    assert "Still comparing 1, 10" in app.error[0].value
    assert _verdicts(app) == ["converged (epoch 380)", "converged (epoch 30)"]


def test_compare_uses_the_start_set_on_the_error_surface_page(app):
    app.number_input(key="w0").set_value(1.0).run()
    app.number_input(key="b0").set_value(-3.0).run()
    _compare(app)
    assert app.number_input(key="w0").value == 1.0
    # The η = 1 row is the run from (1, −3), not from the lecture's start.
    run = gd_core.gradient_descent(gd_core.SigmoidNeuron.lecture(), (1.0, -3.0), 1.0, 1000)
    assert run.converged_at != 380
    assert _verdicts(app)[1] == f"converged (epoch {run.converged_at})"
    assert "From the same start (1, -3)" in _text(app)


def test_a_click_on_the_sweep_adds_its_eta(app):
    _compare(app)
    app.session_state["sweep_chart"] = {
        "selection": {"points": [{"x": 3.1622, "y": 40, "curve_number": 0}]}
    }
    app.run()
    assert not app.exception
    assert app.session_state["compare_etas"] == [0.1, 1.0, 10.0, 50.0, 3.16]
    assert app.text_input(key="eta_list").value == "0.1, 1, 10, 50, 3.16"
    assert list(app.dataframe[0].value["η"])[-1] == "3.16"


def test_adding_a_seventh_rate_by_click_says_why_not(app):
    _compare(app)
    app.text_input(key="eta_list").set_value("0.1, 0.5, 1, 2, 5, 10").run()
    app.session_state["sweep_chart"] = {"selection": {"points": [{"x": 20.0, "curve_number": 0}]}}
    app.run()
    assert any("at most 6 learning rates" in w.value for w in app.warning)
    assert len(app.dataframe[0].value) == 6


# --- Optimizers --------------------------------------------------------------


def _optimizers(app):
    app.switch_page("views/optimizers.py").run()
    assert not app.exception
    return app


def test_optimizers_default_race_renders(app):
    _optimizers(app)
    table = app.dataframe[0].value
    assert list(table["method"]) == [
        "Gradient descent (η = 1)",
        "Momentum (η = 1, γ = 0.9)",
        "Nesterov (look-ahead) (η = 1, γ = 0.9)",
        "Adam (η = 0.1)",
    ]
    assert table["epochs to tolerance"].iloc[0] == "380"  # plain descent: the lecture
    assert len(app.get("plotly_chart")) == 3  # race, loss, effective η


def test_optimizers_preset_loads(app):
    _optimizers(app)
    app.button(key="preset_Adam crosses the plateau").click().run()
    table = app.dataframe[0].value
    assert list(table["method"])[-1] == "Adam (η = 0.01)"
    statuses = list(table["status"])
    assert statuses[0] == "max epochs"  # plain descent with η = 0.01 is still on the plateau
    assert float(list(table["final loss"])[-1]) < 1e-3  # Adam crossed it
    assert any("cross" in i.value for i in app.info)


def test_optimizers_add_a_method_and_a_bad_hyperparameter(app):
    _optimizers(app)
    app.selectbox(key="opt_method").set_value("newton").run()
    app.button(key="opt_add").click().run()
    assert list(app.dataframe[0].value["method"])[-1].startswith("Newton's method")
    app.selectbox(key="opt_method").set_value("momentum").run()
    app.number_input(key="opt_momentum_gamma").set_value(1.5).run()
    app.button(key="opt_add").click().run()
    assert not app.exception
    assert any("momentum γ must be in [0, 0.999], got 1.5" in e.value for e in app.error)
    assert len(app.dataframe[0].value) == 5  # the bad one was not added


def test_optimizers_same_method_twice_and_remove(app):
    _optimizers(app)
    app.selectbox(key="opt_method").set_value("momentum").run()
    app.number_input(key="opt_momentum_gamma").set_value(0.5).run()
    app.button(key="opt_add").click().run()
    methods = list(app.dataframe[0].value["method"])
    assert methods.count("Momentum (η = 1, γ = 0.9)") == 1
    assert methods[-1] == "Momentum (η = 1, γ = 0.5)"
    app.button(key="remove_0").click().run()
    assert len(app.dataframe[0].value) == 4


# --- Why the gradient? -------------------------------------------------------


def _taylor(app):
    app.switch_page("views/taylor.py").run()
    assert not app.exception
    return app


def test_taylor_page_at_the_start(app):
    _taylor(app)
    assert not app.error and not app.warning
    assert "Directions at θ = (-2.00, -2.00)" in [h.value for h in app.subheader]
    assert any("No direction curves upwards here" in m.value for m in app.markdown)
    assert len(app.get("plotly_chart")) == 4


def test_taylor_page_at_a_saturated_point_says_direction_undefined(app):
    _taylor(app)
    app.session_state["taylor_point"] = (30.0, 30.0)
    app.radio(key="taylor_source").set_value("a point I click").run()
    assert not app.exception
    assert any("no meaningful direction" in w.value for w in app.warning)
    assert any("No downhill direction" in i.value for i in app.info)


def test_taylor_page_at_the_minimum(app):
    _taylor(app)
    app.session_state["taylor_point"] = (1.79, -2.28)
    app.radio(key="taylor_source").set_value("a point I click").run()
    assert not app.exception and not app.warning
    text = " ".join(m.value for m in app.markdown)
    assert "η < 2/λ_max" in text and "the η sweep from this θ" in text


def test_taylor_click_sets_theta_then_direction(app):
    _taylor(app)
    overlay = app.session_state["taylor_curves"][0]
    app.session_state["taylor_chart"] = {
        "selection": {"points": [{"x": 0.5, "y": 1.0, "curve_number": overlay}]}
    }
    app.run()
    assert app.session_state["taylor_source"] == "a point I click"
    assert "Directions at θ = (0.50, 1.00)" in [h.value for h in app.subheader]
    app.radio(key="taylor_click").set_value("the direction u").run()
    app.session_state["taylor_chart"] = {
        "selection": {"points": [{"x": 0.5, "y": 2.0, "curve_number": overlay}]}
    }
    app.run()
    assert not app.exception
    assert 0 <= app.slider(key="taylor_beta").value <= 360


def test_taylor_epoch_k_of_the_run(app):
    _taylor(app)
    app.radio(key="taylor_source").set_value("epoch k of the run").run()
    app.slider(key="taylor_epoch").set_value(380).run()
    heads = [h.value for h in app.subheader]
    assert any(h.startswith("Directions at θ = (1.7") for h in heads)


# --- Your data ---------------------------------------------------------------

from gd_core.datasets import PRESETS  # noqa: E402

PAGES = ["views/error_surface.py", "views/compare_eta.py", "views/optimizers.py", "views/taylor.py"]


def _data(app):
    app.switch_page("views/data.py").run()
    assert not app.exception
    return app


def _load(app, name):
    _data(app)
    app.selectbox(key="preset_choice").set_value(name).run()
    app.button(key="load_preset").click().run()
    assert not app.exception and not app.error
    assert app.session_state["data_name"] == name


@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_renders_on_every_page(app, preset):
    _load(app, preset)
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, (preset, page)
        assert not app.error, (preset, page, [e.value for e in app.error])
        text = " ".join(i.value for i in app.info) + " ".join(c.value for c in app.caption)
        assert preset in text  # the badge names the active data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a,b\n1,2\n", "missing column(s) x and y"),
        (b"x,y\n1,0.5\n2,abc\n", "row 2: y is 'abc', not a number"),
        (b"x,y\n1,nan\n", "row 1: y is nan; it must be finite"),
        (b"x,y\n1,0.5\n2,inf\n", "row 2: y is inf; it must be finite"),
        (b"x,y\n", "no data rows"),
        ("x,y\n1,0.5\n".encode("utf-16"), "not UTF-8"),
        (b"x,y\n" + b"\n".join(b"%d,0.5" % i for i in range(100_001)), "more than 100,000 rows"),
        (b"x,y\n" + b"1,0.5\n" * 1_000_000, "the limit is 5 MB"),
    ],
)
def test_each_bad_csv_gives_its_message_and_keeps_the_data(app, content, message):
    _data(app)
    app.file_uploader(key="csv_upload").set_value(("bad.csv", content, "text/csv")).run()
    assert not app.exception
    assert any(message in e.value and "previous data stay" in e.value for e in app.error)
    assert app.session_state["data_x"] == (0.5, 2.5)


def test_cross_entropy_with_y_outside_the_unit_interval_is_refused(app):
    _data(app)
    app.file_uploader(key="csv_upload").set_value(
        ("big.csv", b"x,y\n0,0.2\n1,1.7\n", "text/csv")
    ).run()
    assert app.session_state["data_y"] == (0.2, 1.7)  # fine for squared error
    app.radio(key="loss_choice").set_value("cross_entropy").run()
    assert not app.exception
    assert any("row 2 has y = 1.7" in e.value for e in app.error)
    assert app.session_state["loss_name"] == "squared_error"
    assert app.radio(key="loss_choice").value == "squared_error"


def test_a_good_csv_becomes_the_data_everywhere(app):
    _data(app)
    app.file_uploader(key="csv_upload").set_value(
        ("mine.csv", b"x,y\n-1,0.1\n0,0.5\n1,0.85\n", "text/csv")
    ).run()
    assert app.session_state["data_x"] == (-1.0, 0.0, 1.0)
    app.switch_page("views/error_surface.py").run()
    assert any("uploaded: mine.csv (3 points)" in i.value for i in app.info)
    app.button(key="badge_reset").click().run()
    assert app.session_state["data_x"] == (0.5, 2.5)
    assert "Converged: the loss fell below 1e-05 at epoch 380" in _text(app)


def test_switching_the_loss_changes_the_surface(app):
    before = _explorer_spec(app)
    _data(app)
    app.radio(key="loss_choice").set_value("cross_entropy").run()
    app.switch_page("views/error_surface.py").run()
    assert not app.exception
    after = _explorer_spec(app)
    assert before != after
    assert "cross-entropy" in " ".join(i.value for i in app.info)


def test_an_invalid_edit_is_refused(app):
    _data(app)
    key = f"editor_{app.session_state['data_version']}"
    app.session_state[key] = {
        "edited_rows": {0: {"x": None}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    assert any("row 1: x must be a number" in e.value for e in app.error)
    assert app.session_state["data_x"] == (0.5, 2.5)


def test_a_valid_edit_is_applied(app):
    _data(app)
    key = f"editor_{app.session_state['data_version']}"
    app.session_state[key] = {
        "edited_rows": {1: {"y": 0.8}},
        "added_rows": [{"x": 4.0, "y": 0.95}],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception and not app.error
    assert app.session_state["data_y"] == (0.2, 0.8, 0.95)
