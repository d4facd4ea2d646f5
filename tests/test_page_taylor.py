"""The Why the gradient? page through AppTest."""

from app_helpers import open_page


def _taylor(app):
    return open_page(app, "views/taylor.py")


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
