"""The error-surface page through AppTest: inputs drive the results, bad input
gives a message and keeps the last good state, a click moves the start."""

import pytest
from app_helpers import explorer_spec as _explorer_spec
from app_helpers import text as _text

from gd_core.figures.parts import CLICK_NAME
from ui.state import DEFAULTS


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
    assert "Kept the previous value" in message
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
