"""Why step against the gradient: the lecture's Taylor-series argument at a
point θ the student picks — the gradient and its partial derivatives, the
directions u at angle β, the cosine curve, where "η small" stops holding,
the tangent plane, the Hessian, and the derivation of ∇w and ∇b."""

import numpy as np
import streamlit as st

import gd_core
from gd_core.derivation import derive_gradient, digression
from gd_core.figures.background import Background
from gd_core.figures.parts import CLICK_NAME
from gd_core.figures.taylor import cosine_figure, directions_figure, step_figure, tangent_figure
from gd_core.sweep import DEFAULT_SWEEP
from gd_core.taylor import angle_to, bound, directional_changes, eta_range, local, step_curve
from ui import cache
from ui.budget import Runs
from ui.checked_figures import show_figure
from ui.click import clicked_point
from ui.controls import KEEP
from ui.data import data_badge
from ui.derivation import derivation_section, gradient_section
from ui.schema import SETTINGS
from ui.schema import TAYLOR_SOURCES as SOURCES
from ui.share import share_view
from ui.state import Settings, active_data, compute_or_fall_back
from ui.taylor_words import good_move, hessian_section, intro, step_words

CHART_KEY = "taylor_chart"


def _take_click(at_theta: tuple[float, float] | None) -> None:
    """A click on the contour sets θ, or points u towards it."""
    point = clicked_point(CHART_KEY, "taylor_curves")
    if point is None:
        return
    if st.session_state["taylor_click"] == "θ" or at_theta is None:
        st.session_state["taylor_point"] = point
        st.session_state["taylor_source"] = SOURCES[2]
    else:
        x, y, loss = active_data()
        at = local(gd_core.SigmoidNeuron(x, y, loss=loss), at_theta)
        st.session_state["taylor_beta"] = round(angle_to(at, point))


st.title("Why the gradient?")
data_badge()
intro()
_take_click(st.session_state.get("taylor_theta"))
x, y, loss = active_data()
problem = gd_core.SigmoidNeuron(x, y, loss=loss)

top = st.columns([2, 2, 3])
source = top[0].radio("θ is", SOURCES, key="taylor_source", persist_state=KEEP)
top[1].radio("A click on the contour sets", SETTINGS["taylor_click"].options, key="taylor_click",
             persist_state=KEEP)  # fmt: skip
beta = top[2].slider("β, the angle between u and ∇L (degrees)", 0, 360, key="taylor_beta",
                     persist_state=KEEP)  # fmt: skip


def _compute(s: Settings) -> tuple[gd_core.Trajectory, gd_core.LossSurface, Background]:
    run = cache.descent(x, y, loss, s.start, s.eta, s.epochs)
    return (run, *cache.surface_and_background(x, y, loss, s.view, s.resolution, s.log_colour))


# one run, and the η sweep from θ when the Hessian gives a stable edge
settings, (run, surface, bg) = compute_or_fall_back(
    _compute, [Runs("single"), Runs("batch", DEFAULT_SWEEP[2])]
)
if source == SOURCES[1]:
    # t must lie on the run: fewer epochs (a link, or the input) pull it in.
    st.session_state["taylor_epoch"] = min(st.session_state["taylor_epoch"], run.steps)
    t = (
        top[2].slider("epoch t", 0, run.steps, key="taylor_epoch", persist_state=KEEP)
        if run.steps
        else 0
    )
    theta = tuple(float(v) for v in run.params[min(t, run.steps)])
elif source == SOURCES[2]:
    theta = tuple(st.session_state["taylor_point"])
else:
    theta = settings.start
st.session_state["taylor_theta"] = theta
at = local(problem, theta)
eta = settings.eta

gradient_section(digression(theta), (float(at.grad[0]), float(at.grad[1])))

toggles = st.columns(2)
show_field = toggles[0].toggle("Show the field of −∇L", key="taylor_field", persist_state=KEEP)
show_quadric = toggles[1].toggle(
    "Show the second-order quadric in 3D", key="taylor_quadric", persist_state=KEEP
)

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
    show_figure(figure, key=CHART_KEY, on_select="rerun", selection_mode="points")
with right:
    st.subheader("When is a move good?")
    curve_betas = np.linspace(0.0, 360.0, 361)
    first_c, actual_c = directional_changes(problem, at, eta, curve_betas)
    show_figure(cosine_figure(curve_betas, first_c, actual_c, beta), key="taylor_cos")
    first_b, actual_b = directional_changes(problem, at, eta, beta)
    good_move(at, beta, eta, bound(at, beta), float(first_b), float(actual_b))

left, right = st.columns(2)
with left:
    st.subheader('Where "η small" stops holding')
    if at.direction_defined:
        span = max(np.ptp(settings.w_range), np.ptp(settings.b_range))
        curve = step_curve(problem, at, eta_range(at, eta, span))
        show_figure(step_figure(curve, eta), key="taylor_step")
        step_words(curve, eta)
    else:
        st.info("No downhill direction to step along here.")
with right:
    st.subheader("Tangent plane on the surface")
    show_figure(tangent_figure(surface, bg, at, quadric=show_quadric), key="taylor_3d")  # fmt: skip

u = at.direction(beta)
edge = (
    cache.sweep(x, y, loss, tuple(at.theta), settings.epochs).edge
    if at.max_stable_eta is not None
    else None
)
hessian_section(at, float(u @ at.hessian @ u), eta, edge)
derivation_section(derive_gradient(problem, theta))
share_view("taylor", settings, {f"gradient descent (η = {eta:g})": run})
