"""Error surface: the lecture's "flying carpet", gradient descent rolling down
it from a clicked start, random search guessing beside it."""

import streamlit as st

import gd_core
from gd_core.figures.payload import RunSpec
from gd_core.figures.theme import SEARCH, eta_colour
from ui import cache, ghost, room
from ui.browser_chart import animated_views, preload
from ui.budget import Runs
from ui.data import data_badge
from ui.lecture import descent_code_panel
from ui.notes import guess_work_words
from ui.share import share_view
from ui.state import Settings, active_data, compute_or_fall_back
from ui.words import descent_verdict, search_verdict

CHART_KEY = "explorer"
# The work per epoch: one descent, and random search's L at a guess (then ∇L
# along its path: a second pass over the points).
SEARCH_AND_DESCENT = [Runs("single"), Runs("single", factor=2.0)]


def _compute(settings: Settings) -> tuple[gd_core.Trajectory, gd_core.Trajectory]:
    x, y, loss = active_data()
    descent = cache.descent(x, y, loss, settings.start, settings.eta, settings.epochs)
    search = cache.search(
        x, y, loss, settings.start, settings.epochs + 1, settings.search_mode, settings.seed,
        settings.view,
    )  # fmt: skip
    return descent, search


preload()  # Plotly.js loads while the rest of the page arrives
st.title("Error surface")
data_badge()
st.markdown(
    # The formula in KaTeX, which the page loads for its update rule anyway:
    # HTML here (unsafe_allow_html) would fetch and run Streamlit's HTML
    # parser for markdown (rehype-raw, 188 kB) on every first load.
    r"A sigmoid neuron $f(x) = 1/(1+e^{-(wx+b)})$ fit to the active data. "
    "**Click the contour** to choose where to start, then press **▶ Play**: "
    "**gradient descent** moves in the direction opposite to the gradient (its colour is "
    "its η's, the same on every page: red for the lecture's η = 1), "
    ":orange[**random search**] (the lecture's “guess work”) guesses with the "
    "same number of loss evaluations. ◇ marks the zero-loss point (w*, b*), ○ the start."
)
st.caption(
    "The start (w₀, b₀), η and the epochs are in the sidebar — on a phone, open it with "
    "» at the top left."
)
settings, (descent, search) = compute_or_fall_back(_compute, SEARCH_AND_DESCENT)

x, y, loss = active_data()
problem = gd_core.SigmoidNeuron(x, y, loss=loss)
if not (abs(settings.w0) <= settings.view and abs(settings.b0) <= settings.view):
    st.warning(
        f"The start ({settings.w0:g}, {settings.b0:g}) is outside the view ±{settings.view:g}: "
        "widen the view range to see it."
    )

animation = animated_views(
    CHART_KEY, settings, "explorer",
    [RunSpec(descent, f"gradient descent (η = {settings.eta:g})", eta_colour(settings.eta)),
     RunSpec(search, "random search", SEARCH)],
    data=(x, y), loss_tol=gd_core.DEFAULT_LOSS_TOL,
    ghosts=[ghost.descent(settings.eta), None],
    ghost_note="Moving over the contour draws gradient descent from the pointer (random "
    "search draws its guesses on the server, from the session's seed).",
)  # fmt: skip

left, right = st.columns(2)
with left:
    st.subheader("Gradient descent")
    st.markdown(descent_verdict(descent, gd_core.DEFAULT_LOSS_TOL, problem.unbounded))
    w, b = descent.final_params
    st.metric("Final loss", f"{descent.final_loss:.3g}")
    st.markdown(f"Final (w, b) = ({w:.4f}, {b:.4f}) after {descent.steps} epochs")
    room.send_run_button(descent, settings.start, "gradient descent")
with right:
    st.subheader("Random search (guess work)")
    st.markdown(search_verdict(search, gd_core.DEFAULT_LOSS_TOL))
    w, b = search.final_params
    st.metric("Final loss", f"{search.final_loss:.3g}")
    st.markdown(f"Best (w, b) = ({w:.4f}, {b:.4f}) after {search.evaluations} evaluations")

st.subheader("Guess work against gradient descent")
for paragraph in guess_work_words(descent, search, problem, settings.view):
    st.markdown(paragraph)
st.page_link("views/convergence_map.py", label="Descent from every start: the Convergence map",
             icon=":material/grid_on:")  # fmt: skip

st.subheader("The update rule, with numbers")
dw, db = problem.grad(*settings.start)
w0, b0 = settings.start
w1, b1 = descent.params[1] if descent.steps >= 1 else descent.params[0]
# One relation per row, so the numbers fit a phone's width (390 px) too.
st.latex(
    r"\begin{aligned}\theta_1 &= \theta_0 - \eta\,\nabla\mathcal{L}(\theta_0)\\"
    rf"\begin{{bmatrix}} w_1 \\ b_1 \end{{bmatrix}} &= "
    rf"\begin{{bmatrix}} {w0:.3f} \\ {b0:.3f} \end{{bmatrix}} - {settings.eta:g}"
    rf"\begin{{bmatrix}} {float(dw):.4g} \\ {float(db):.4g} \end{{bmatrix}}\\"
    rf"&= \begin{{bmatrix}} {w1:.4f} \\ {b1:.4f} \end{{bmatrix}}\end{{aligned}}"
)
# The slide's formulas for the active loss: cross-entropy drops f(1 − f).
slope = r"\, f(x_i)\,(1 - f(x_i))" if loss == "squared_error" else ""
n = len(x)
st.latex(
    rf"\begin{{aligned}}\nabla w &= \sum_{{i=1}}^{{{n}}} (f(x_i) - y_i){slope}\, x_i\\"
    rf"\nabla b &= \sum_{{i=1}}^{{{n}}} (f(x_i) - y_i){slope}\end{{aligned}}"
)
descent_code_panel(x, y, loss, settings, descent)


share_view(
    "error_surface", settings, {"gradient descent": descent, "random search": search}, animation
)
