"""Compare learning rates: the same start, the same surface, 2–6 values of η
animated side by side, their loss curves and verdicts, and a sweep across
six decades of η."""

import streamlit as st

import gd_core
from gd_core.figures.compare import sweep_figure
from gd_core.figures.payload import RunSpec
from gd_core.figures.theme import eta_colour
from gd_core.sweep import DEFAULT_SWEEP
from ui import cache, ghost
from ui.browser_chart import animated_views, clicked_value, preload, static_chart
from ui.budget import Runs
from ui.controls import KEEP
from ui.data import data_badge
from ui.etas import added, clicked_eta, format_learning_rates, parse_learning_rates
from ui.inputs import plain
from ui.share import share_view
from ui.state import Settings, active_data, compute_or_fall_back
from ui.words import short_verdict

SWEEP_KEY = "sweep_chart"


def _take_sweep_click() -> None:
    """A click on the sweep adds that η to the comparison (the chart
    component's callback: it runs before the page, so the η list shows it)."""
    low, high, _ = DEFAULT_SWEEP
    eta = clicked_eta(clicked_value(SWEEP_KEY), low, high)
    if eta is None:  # only a crafted client sends a point the sweep does not have
        st.session_state["compare_notice"] = (
            f"A click on the chart '{SWEEP_KEY}' was ignored: a clicked point must have "
            f"a finite number η from {low:g} to {high:g}."
        )
        return
    rates, reason = added(list(st.session_state["compare_etas"]), eta)
    if reason is None:
        st.session_state["compare_etas"] = rates
        st.session_state["eta_list"] = format_learning_rates(rates)
    st.session_state["compare_notice"] = reason


preload()  # Plotly.js loads while the rest of the page arrives
st.title("Compare learning rates")
data_badge()
st.markdown(
    "η scales every step: θ ← θ − η∇L(θ). Too small and descent crawls; the lecture's "
    "η = 1 works; larger is faster — until a step jumps onto a flat wing of the sigmoid, "
    "where f(1 − f) ≈ 0, the gradient vanishes and descent stalls. The Taylor argument "
    "that justifies stepping against the gradient assumed η small; the sweep below shows "
    "where that stops holding."
)

text = st.text_input(
    "Learning rates to compare (2 to 6, comma-separated)",
    key="eta_list",
    persist_state=KEEP,
    help="Edit, add or remove values, or click a point of the sweep below to add its η.",
)
try:
    st.session_state["compare_etas"] = parse_learning_rates(text)
except ValueError as error:
    rates = format_learning_rates(st.session_state["compare_etas"])
    st.error(plain(f"{error}. Still comparing {rates}."))
notice = st.session_state.pop("compare_notice", None)
if notice:
    st.warning(notice)
etas: list[float] = st.session_state["compare_etas"]

x, y, loss = active_data()


def _compute(s: Settings) -> tuple[list[gd_core.Trajectory], gd_core.Sweep]:
    runs = [cache.descent(x, y, loss, s.start, eta, s.epochs) for eta in etas]
    return runs, cache.sweep(x, y, loss, s.start, s.epochs)


settings, (runs, sweep) = compute_or_fall_back(
    _compute, [Runs("single", len(etas)), Runs("batch", DEFAULT_SWEEP[2])]
)

names = [f"η = {eta:g}" for eta in etas]
labels = [f"{name} · {short_verdict(run)}" for name, run in zip(names, runs, strict=True)]
animation = animated_views(
    "multiples", settings, "compare",
    [RunSpec(run, name, eta_colour(eta)) for run, name, eta in zip(runs, names, etas, strict=True)],
    loss_tol=gd_core.DEFAULT_LOSS_TOL, titles=labels,
    ghosts=[ghost.descent(eta) for eta in etas],
)  # fmt: skip

st.subheader("Verdicts")
# A plain table: its cells wrap, so nothing is cut on a phone (390 px), where a
# data grid cut its headers ("epochs to to…"); the status says the epochs.
st.table(
    {
        "η": [f"{eta:g}" for eta in etas],
        "status": [short_verdict(run) for run in runs],
        "final L": [f"{run.final_loss:.3g}" for run in runs],
        "final (w, b)": [f"({run.final_params[0]:.3f}, {run.final_params[1]:.3f})" for run in runs],
        "largest step ‖Δθ‖": [f"{run.largest_step:.3g}" for run in runs],
    },
    hide_index=True,
)

st.subheader("Sweep: 200 learning rates from 0.001 to 1000")
st.markdown(
    f"From the same start ({settings.w0:g}, {settings.b0:g}), {settings.epochs} epochs each, "
    "in one batched pass. **Click a point** to add its η to the comparison above."
)
static_chart(SWEEP_KEY, sweep_figure(sweep, etas), on_click=_take_sweep_click)
if sweep.edge is not None:
    st.caption(
        f"The dashed line: from η ≈ {sweep.edge:.3g} on, runs from this start stop converging "
        f"within {settings.epochs} epochs. The coloured lines are the η compared above."
    )


share_view("compare_eta", settings, dict(zip(names, runs, strict=True)), animation)
