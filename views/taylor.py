"""Why step against the gradient: the lecture's Taylor-series argument at a
point θ the student picks — directions and angles, the cosine curve, where
"η small" stops holding, the tangent plane, and the Hessian."""

import numpy as np
import streamlit as st

import gd_core
from gd_core.figures.parts import CLICK_NAME
from gd_core.figures.taylor import cosine_figure, directions_figure, step_figure, tangent_figure
from gd_core.taylor import angle_to, directional_changes, local, step_curve
from ui import cache
from ui.charts import show_figure
from ui.click import clicked_point
from ui.controls import shared_controls
from ui.data import data_badge
from ui.state import Settings, active_data, compute_or_fall_back, current_settings, init_state

CHART_KEY = "taylor_chart"
SOURCES = ["the start", "epoch k of the run", "a point I click"]


def _take_click(at_theta: tuple[float, float] | None) -> None:
    """A click on the contour sets θ, or points u towards it."""
    point = clicked_point(CHART_KEY, "taylor_curves")
    if point is None:
        return
    if st.session_state["taylor_click"] == "θ" or at_theta is None:
        st.session_state["taylor_point"] = point
        st.session_state["taylor_source"] = "a point I click"
    else:
        x, y, loss = active_data()
        at = local(gd_core.SigmoidNeuron(x, y, loss=loss), at_theta)
        st.session_state["taylor_beta"] = round(angle_to(at, point))


def _tex(value: float) -> str:
    """A number for st.latex: 3 significant digits, powers of ten as ×10ⁿ."""
    mantissa, _, exponent = f"{value:.3g}".partition("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}" if exponent else mantissa


init_state()  # app.py did this too; a page run on its own (AppTest reruns) needs it
st.title("Why the gradient?")
data_badge()
st.markdown(
    "Taylor: $\\mathcal{L}(\\theta + \\eta u) = \\mathcal{L}(\\theta) + \\eta\\, u^T\\nabla"
    "\\mathcal{L}(\\theta) + \\frac{\\eta^2}{2} u^T\\nabla^2\\mathcal{L}(\\theta)\\, u + \\dots$ "
    "For small η the first-order term decides: $u^T\\nabla\\mathcal{L} = \\|u\\|\\,\\|\\nabla"
    "\\mathcal{L}\\|\\cos\\beta$ lies between $-k$ and $k$ and is most negative at "
    "β = 180°: **move opposite to the gradient.** Turn u below and see it; push η up and see "
    "where the argument stops holding."
)
_take_click(st.session_state.get("taylor_theta"))
shared_controls()
settings: Settings = current_settings()
x, y, loss = active_data()
problem = gd_core.SigmoidNeuron(x, y, loss=loss)

top = st.columns([2, 2, 3])
source = top[0].radio("θ is", SOURCES, key="taylor_source")
top[1].radio("A click on the contour sets", ["θ", "the direction u"], key="taylor_click")
beta = top[2].slider("β, the angle between u and ∇L (degrees)", 0, 360, key="taylor_beta")


def _compute(s: Settings) -> tuple:
    run = cache.descent(x, y, loss, s.start, s.eta, s.epochs)
    return (run, *cache.surface_and_background(x, y, loss, s.view, s.resolution, s.log_colour))


settings, (run, surface, bg) = compute_or_fall_back(_compute)
if source == "epoch k of the run":
    k = top[2].slider("k", 0, run.steps, key="taylor_epoch") if run.steps else 0
    theta = tuple(float(v) for v in run.params[min(k, run.steps)])
elif source == "a point I click":
    theta = tuple(st.session_state["taylor_point"])
else:
    theta = settings.start
st.session_state["taylor_theta"] = theta
at = local(problem, theta)
eta = settings.eta

toggles = st.columns(2)
show_field = toggles[0].toggle("Show the field of −∇L", key="taylor_field")
show_quadric = toggles[1].toggle("Show the second-order quadric in 3D", key="taylor_quadric")

betas = np.arange(0.0, 360.0, 15.0)
first_s, actual_s = directional_changes(problem, at, eta, betas)
field = (
    gd_core.gradient_field(problem, settings.w_range, settings.b_range, 15) if show_field else None
)
figure = directions_figure(
    bg, settings.w_range, settings.b_range, at, beta, (betas, actual_s), field=field
)
st.session_state["taylor_curves"] = [k for k, t in enumerate(figure.data) if t.name == CLICK_NAME]

left, right = st.columns(2)
with left:
    st.subheader(f"Directions at θ = ({at.theta[0]:.2f}, {at.theta[1]:.2f})")
    if not at.direction_defined:
        st.warning(
            f"‖∇L‖ = {at.grad_norm:.1e} here: every data point sits on a flat wing of the "
            "sigmoid, so the gradient has no meaningful direction — no arrows are drawn, "
            "and β is measured from the w axis. Pick another θ."
        )
    show_figure(figure, key=CHART_KEY, on_select="rerun", selection_mode="points")  # fmt: skip
with right:
    st.subheader("The cosine curve")
    curve_betas = np.linspace(0.0, 360.0, 361)
    first_c, actual_c = directional_changes(problem, at, eta, curve_betas)
    show_figure(cosine_figure(curve_betas, first_c, actual_c, beta), key="taylor_cos")  # fmt: skip
    u = at.direction(beta)
    dot = float(u @ at.grad)
    first_b, actual_b = directional_changes(problem, at, eta, beta)
    st.latex(
        rf"u^T\nabla\mathcal{{L}} = {_tex(dot)} = \underbrace{{{_tex(at.grad_norm)}}}"
        rf"_{{\|u\|\,\|\nabla\mathcal{{L}}\|}}\cdot"
        rf"\underbrace{{{np.cos(np.radians(beta)):.3f}}}_{{\cos\beta}}"
    )
    st.latex(rf"\text{{first order: }}\eta\, u^T\nabla\mathcal{{L}} = {_tex(float(first_b))}")
    st.latex(
        rf"\text{{actual: }}\mathcal{{L}}(\theta+\eta u)-\mathcal{{L}}(\theta) = "
        rf"{_tex(float(actual_b))}"
    )
    st.caption(f"First-order prediction and actual change for η = {eta:g}.")

left, right = st.columns(2)
with left:
    st.subheader('Where "η small" stops holding')
    if at.direction_defined:
        curve = step_curve(problem, at, np.logspace(-3, 3, 241))
        show_figure(step_figure(curve, eta), key="taylor_step")  # fmt: skip
        parts = []
        if curve.first_departs is not None:
            parts.append(f"the tangent is off by 10 % from η ≈ {curve.first_departs:.3g}")
        if curve.second_departs is not None:
            parts.append(f"the quadric from η ≈ {curve.second_departs:.3g}")
        if parts:
            st.markdown("Along −∇L/‖∇L‖, " + ", ".join(parts) + ".")
    else:
        st.info("No downhill direction to step along here.")
with right:
    st.subheader("Tangent plane on the surface")
    show_figure(tangent_figure(surface, bg, at, quadric=show_quadric), key="taylor_3d")  # fmt: skip

st.subheader("The Hessian at θ")
h = at.hessian
st.latex(
    r"\nabla^2\mathcal{L}(\theta) = \begin{bmatrix}"
    r"\frac{\partial^2\mathcal{L}}{\partial w^2} & "
    r"\frac{\partial^2\mathcal{L}}{\partial w\partial b} \\ "
    r"\frac{\partial^2\mathcal{L}}{\partial b\partial w} & "
    r"\frac{\partial^2\mathcal{L}}{\partial b^2}"
    rf"\end{{bmatrix}} = \begin{{bmatrix}} {h[0, 0]:.4g} & {h[0, 1]:.4g} \\ {h[1, 0]:.4g} & "
    rf"{h[1, 1]:.4g} \end{{bmatrix}}"
)
lam, vec = at.eigenvalues, at.eigenvectors
st.markdown(
    f"Eigenvalues (curvatures) λ₁ = {lam[0]:.4g} along ({vec[0, 0]:.3f}, {vec[1, 0]:.3f}) and "
    f"λ₂ = {lam[1]:.4g} along ({vec[0, 1]:.3f}, {vec[1, 1]:.3f}) — the dashed lines on the "
    f"contour. Along the chosen u the curvature is uᵀ∇²L u = {float(u @ h @ u):.4g}."
)
stable = at.max_stable_eta
if stable is None:
    st.markdown(
        "No direction curves upwards here (both λ ≤ 0): the surface is a cap, not a bowl, "
        "so the quadratic model gives no step-size limit — and no minimum nearby."
    )
else:
    edge = cache.sweep(x, y, loss, tuple(at.theta), settings.epochs).edge
    measured = (
        f"the η sweep from this θ finds runs stop converging from η ≈ {edge:.3g}"
        if edge is not None
        else "the η sweep from this θ finds no η at which runs stop converging"
    )
    st.markdown(
        f"For a quadratic bowl, gradient descent converges only for η < 2/λ_max = "
        f"**{stable:.3g}**; {measured} (the bowl is only local, so the two agree best near "
        "the minimum)."
    )
