"""Compare learning rates: the same start, the same surface, 2–6 values of η
animated side by side, their loss curves and verdicts, and a sweep across
six decades of η."""

import streamlit as st

import gd_core
from gd_core.figures.compare import sweep_figure
from gd_core.figures.payload import RunSpec
from gd_core.figures.theme import RUN_COLOURS
from ui import cache
from ui.chart import animated_views
from ui.click import new_selection
from ui.controls import shared_controls
from ui.data import data_badge
from ui.etas import added, format_learning_rates, parse_learning_rates
from ui.state import Settings, active_data, compute_or_fall_back, init_state
from ui.words import short_verdict

SWEEP_KEY = "sweep_chart"


def _take_sweep_click() -> None:
    """A click on the sweep adds that η to the comparison."""
    selection = new_selection(SWEEP_KEY)
    points = (selection or {}).get("selection", {}).get("points") or []
    if not points:
        return
    rates, reason = added(list(st.session_state["compare_etas"]), float(points[0]["x"]))
    if reason is None:
        st.session_state["compare_etas"] = rates
        st.session_state["eta_list"] = format_learning_rates(rates)
    st.session_state["compare_notice"] = reason


init_state()  # app.py did this too; a page run on its own (AppTest reruns) needs it
st.title("Compare learning rates")
data_badge()
st.markdown(
    "η scales every step: θ ← θ − η∇L(θ). Too small and descent crawls; the lecture's "
    "η = 1 works; larger is faster — until a step jumps onto a flat wing of the sigmoid, "
    "where f(1 − f) ≈ 0, the gradient vanishes and descent stalls. The Taylor argument "
    "that justifies stepping against the gradient assumed η small; the sweep below shows "
    "where that stops holding."
)
_take_sweep_click()
shared_controls(learning_rate=False)

text = st.text_input(
    "Learning rates to compare (2 to 6, comma-separated)",
    key="eta_list",
    help="Edit, add or remove values, or click a point of the sweep below to add its η.",
)
try:
    st.session_state["compare_etas"] = parse_learning_rates(text)
except ValueError as error:
    st.error(f"{error}. Still comparing {format_learning_rates(st.session_state['compare_etas'])}.")
notice = st.session_state.pop("compare_notice", None)
if notice:
    st.warning(notice)
etas: list[float] = st.session_state["compare_etas"]

x, y, loss = active_data()


def _compute(s: Settings) -> tuple:
    runs = [cache.descent(x, y, loss, s.start, eta, s.epochs) for eta in etas]
    return runs, cache.sweep(x, y, loss, s.start, s.epochs)


settings, (runs, sweep) = compute_or_fall_back(_compute)

names = [f"η = {eta:g}" for eta in etas]
labels = [f"{name} · {short_verdict(run)}" for name, run in zip(names, runs, strict=True)]
animated_views(
    "multiples", settings, "compare",
    [RunSpec(run, name, RUN_COLOURS[k % len(RUN_COLOURS)])
     for k, (run, name) in enumerate(zip(runs, names, strict=True))],
    loss_tol=gd_core.DEFAULT_LOSS_TOL, titles=labels,
)  # fmt: skip

st.subheader("Verdicts")
st.dataframe(
    {
        "η": [f"{eta:g}" for eta in etas],
        "status": [short_verdict(run) for run in runs],
        "epochs to tolerance": [
            str(run.converged_at) if run.converged_at is not None else "—" for run in runs
        ],
        "final loss": [f"{run.final_loss:.3g}" for run in runs],
        "final (w, b)": [f"({run.final_params[0]:.3f}, {run.final_params[1]:.3f})" for run in runs],
        "largest step ‖Δθ‖": [f"{run.largest_step:.3g}" for run in runs],
    },
    hide_index=True,
    width="stretch",
)

st.subheader("Sweep: 200 learning rates from 0.001 to 1000")
st.markdown(
    f"From the same start ({settings.w0:g}, {settings.b0:g}), {settings.epochs} epochs each, "
    "in one batched pass. **Click a point** to add its η to the comparison above."
)
st.plotly_chart(
    sweep_figure(sweep, etas),
    key=SWEEP_KEY, on_select="rerun", selection_mode="points", theme=None,
    config={"displaylogo": False},
)  # fmt: skip
