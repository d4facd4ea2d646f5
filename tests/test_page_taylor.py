"""The Why the gradient? page through AppTest."""

import math

from app_helpers import open_page

import gd_core


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
    before = app.slider(key="taylor_beta").value
    app.session_state["taylor_chart"] = {
        "selection": {"points": [{"x": 0.5, "y": 2.0, "curve_number": overlay}]}
    }
    app.run()
    assert not app.exception
    # u points from θ = (0.5, 1) straight up, to (0.5, 2): β is the angle from
    # ∇L(θ) to (0, 1), counter-clockwise, in whole degrees.
    dw, db = gd_core.SigmoidNeuron.lecture().grad(0.5, 1.0)
    beta = round(math.degrees(math.pi / 2 - math.atan2(float(db), float(dw))) % 360)
    assert app.slider(key="taylor_beta").value == beta != before
    assert "Directions at θ = (0.50, 1.00)" in [h.value for h in app.subheader]  # θ stayed


def test_taylor_epoch_k_of_the_run(app):
    _taylor(app)
    app.radio(key="taylor_source").set_value("epoch t of the run").run()
    app.slider(key="taylor_epoch").set_value(380).run()
    heads = [h.value for h in app.subheader]
    assert any(h.startswith("Directions at θ = (1.7") for h in heads)


def _latex(app) -> str:
    return "\n".join(e.value for e in app.latex)


def test_taylor_beta_180_is_the_error_surface_pages_first_step(app):
    """β = 180° with the sidebar's η: the page's "actual" change is the first
    descent step's L(θ₁) − L(θ₀), and the bound −k ≤ uᵀ∇L ≤ k is shown."""
    import gd_core
    from ui.tex import tex

    _taylor(app)
    app.slider(key="taylor_beta").set_value(180).run()
    run = gd_core.gradient_descent(gd_core.SigmoidNeuron.lecture(), (-2.0, -2.0), 1.0, 1)
    change = run.losses[1] - run.losses[0]
    latex = _latex(app)
    # 3 significant digits on both changes: −8.96×10⁻⁵ beside −9.00×10⁻⁵, not "−9×10⁻⁵".
    assert (
        rf"\mathcal{{L}}(\theta+\eta u)-\mathcal{{L}}(\theta) &= {tex(change, keep_zeros=True)}"
        in latex
    )
    assert r"&= -9.00\times 10^{-5} \end{aligned}" in latex
    assert r"\eta\, u^T\nabla\mathcal{L} &= -8.96\times 10^{-5}" in latex
    assert r"-k \le u^T\nabla\mathcal{L} &= k\cos\beta \le k" in latex and "(-1.000)" in latex
    text = " ".join(m.value for m in app.markdown)
    assert "uᵀ∇L = -8.96e-05 < 0: a good direction, and −k ≤ uᵀ∇L ≤ k holds" in text
    assert "move in a direction opposite to the gradient" in text
    assert any("changes L by the same -9.00×10⁻⁵" in c.value for c in app.caption)


def test_taylor_epoch_slider_is_t_not_k(app):
    _taylor(app)
    app.radio(key="taylor_source").set_value("epoch t of the run").run()
    assert app.slider(key="taylor_epoch").label == "epoch t"
    labels = [w.label for w in app.slider] + [w.label for w in app.radio]
    assert "k" not in labels


def test_taylor_step_curve_is_against_eta(app):
    _taylor(app)
    spec = next(c.proto.spec for c in app.get("plotly_chart") if "sidebar" in c.proto.spec)
    assert "learning rate η (step θ − η∇L)" in spec
    assert "the sidebar's η = 1" in spec
    assert any("“η is typically small”" in m.value for m in app.markdown)


def test_taylor_gradient_section_with_numbers(app):
    import gd_core
    from ui.tex import tex

    _taylor(app)
    assert "What is the gradient?" in [h.value for h in app.subheader]
    dw, db = gd_core.SigmoidNeuron.lecture().grad(-2.0, -2.0)
    latex = _latex(app)
    assert rf"{tex(float(dw), 4)} \\ {tex(float(db), 4)}" in latex
    assert "2w = -4" in latex and "2b = -4" in latex
    assert any("vector of 100 partial derivatives" in m.value for m in app.markdown)


def test_taylor_derivation_of_the_gradient(app):
    import gd_core
    from ui.tex import tex

    _taylor(app)
    assert "Deriving ∇w and ∇b, with numbers" in [h.value for h in app.subheader]
    table = app.dataframe[0].value
    assert list(table["x"]) == ["0.5", "2.5"] and list(table["y"]) == ["0.2", "0.9"]
    assert list(table["wx + b"]) == ["-3", "-7"]  # z = −2x − 2
    assert list(table["f(x)"]) == ["0.04743", "0.0009111"]  # σ(−3), σ(−7)
    dw, db = gd_core.SigmoidNeuron.lecture().grad(-2.0, -2.0)
    latex = _latex(app)
    assert f"= {tex(float(dw), 4)}" in latex and latex.count(tex(float(db), 4)) >= 2
    assert r"f(x)\,(1-f(x))\,x" in latex


def test_taylor_derivation_for_cross_entropy_is_shorter(app):
    _taylor(app)
    app.session_state["loss_name"] = "cross_entropy"
    app.run()
    assert not app.exception
    assert any("Cross-entropy, for one point" in m.value for m in app.markdown)
    assert r"\nabla w = (f(x)-y)\,x" in _latex(app)
    assert "f(x)(1 − f(x))" not in app.dataframe[0].value.columns


def test_taylor_page_matches_the_first_step_near_the_optimum_at_eta_5(app):
    """The issue's case: θ = (1.7, −2.2), η = 5, β = 180°: the page's actual
    change is the descent step's (it lowers the loss)."""
    import gd_core
    from ui.tex import tex

    _taylor(app)
    app.number_input(key="eta").set_value(5.0).run()
    app.session_state["taylor_point"] = (1.7, -2.2)
    app.radio(key="taylor_source").set_value("a point I click").run()
    app.slider(key="taylor_beta").set_value(180).run()
    run = gd_core.gradient_descent(gd_core.SigmoidNeuron.lecture(), (1.7, -2.2), 5.0, 1)
    change = run.losses[1] - run.losses[0]
    assert change < 0
    assert rf"\mathcal{{L}}(\theta+\eta u)-\mathcal{{L}}(\theta) &= {tex(change)}" in _latex(app)
