"""The error-surface page through AppTest: inputs drive the results, bad input
gives a message and keeps the last good state, a click moves the start."""

import numpy as np
import pytest
from app_helpers import chart_elements, chart_payload
from app_helpers import text as _text

from ui.state import DEFAULTS


def _floats(values: np.ndarray) -> np.ndarray:
    assert values.dtype == np.float32
    return values


def test_renders_with_the_lecture_defaults(app):
    assert not app.error
    for key in ("w0", "b0", "eta", "epochs"):
        assert app.session_state[key] == DEFAULTS[key]
    text = _text(app)
    assert "Converged: the loss fell below 1e-05 at epoch 380 and ended at 2.43e-11." in text
    assert "Final (w, b) = (1.7917, -2.2821) after 1000 epochs" in text
    chart = chart_payload(app, "explorer")
    assert chart["kind"] == "explorer" and chart["start"] == [-2.0, -2.0]
    assert [r["label"] for r in chart["runs"]] == ["gradient descent (η = 1)", "random search"]
    descent = chart["runs"][0]
    assert _floats(descent["w"])[-1] == pytest.approx(1.791720, abs=1e-5)  # the lecture's end
    assert _floats(descent["loss"]).size == 1001 and chart["epochs"] == 1000
    assert _floats(chart["data"]["x"]).tolist() == [0.5, 2.5]


def test_the_apps_style_rules_are_not_sent_with_a_script_run(app):
    """They are in every page's HTML head (ui.page_head.PageHead): an element
    carrying them was ~0.6 kB of every rerun."""
    bodies = [h.proto.body for h in app.get("html")]
    assert bodies and not [b for b in bodies if "stMainBlockContainer" in b or "<style" in b]


def test_a_new_start_sends_new_runs_on_the_same_layers(app):
    """The layers element stays byte for byte the same (Streamlit then sends
    only its hash); the runs element carries the new start, in kB."""
    layers_before, _ = chart_elements(app, "explorer")
    app.number_input(key="w0").set_value(1.0).run()
    app.number_input(key="eta").set_value(10.0).run()
    layers_after, runs = chart_elements(app, "explorer")
    assert layers_after.SerializeToString() == layers_before.SerializeToString()
    assert len(layers_after.SerializeToString()) > 100_000  # worth sending once
    assert len(runs.SerializeToString()) < 30_000
    assert chart_payload(app, "explorer")["start"] == [1.0, -2.0]


def test_large_eta_shows_the_plateau(app):
    app.number_input(key="eta").set_value(50.0).run()
    assert not app.exception and not app.error
    text = _text(app)
    assert "Stuck on a plateau: at epoch 4 one step of ‖Δθ‖ = 4.57 (η = 50) jumped" in text
    assert "the loss rose from 0.0713 to 0.422" in text
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
    assert "(η = 50) jumped" in _text(app)  # the previous state stays


def test_start_outside_the_view_warns(app):
    app.number_input(key="w0").set_value(9.0).run()
    assert any("outside the view" in w.value for w in app.warning)


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


def test_the_early_plotly_script_is_sent_on_the_tabs_first_chart_page_only(app):
    """ui.browser_chart.preload: its script starts Plotly.js once per tab;
    later reruns and chart pages keep its hidden place with a few bytes."""
    from app_helpers import open_page

    MARK = '<span class="esx-early" hidden></span>'

    def html() -> list[str]:
        return [h.proto.body for h in app.get("html") if h.proto.body.startswith(MARK)]

    first = html()
    assert len(first) == 1 and "<script>" in first[0] and "plotly.min.js" in first[0]
    app.number_input(key="eta").set_value(0.5).run()
    assert html() == [MARK]
    open_page(app, "views/optimizers.py")
    assert html() == [MARK]
