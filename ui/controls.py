"""The sidebar's settings, drawn once per run by the entrypoint (``app.py``)
for whichever page runs: widgets drawn there are the same widgets on every
page. Each keeps its value for the session (``persist_state="session"``),
also on a page that leaves it out (Compare η has no single η)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

import streamlit as st

from gd_core.search import random_start
from ui.looks import look_controls
from ui.schema import DEFAULTS, ETA_PRESETS, SETTINGS, nearest_preset

if TYPE_CHECKING:  # annotations only
    from ui.streamlit_internals import DeltaGenerator

EPOCHS_HELP = (
    "“I am going to run this till 1000 epochs which is my notion of convergence” "
    "(the lecture): the loop makes this many updates whatever happens. The app calls a run "
    "converged when its loss is below 1e−5 (or its gradient has vanished at a minimum)."
)
RANDOM_HELP = (
    "The lecture: “I will always start with a random guess”. Draws (w₀, b₀) uniformly from "
    "the visible plane (± the view range), from the session's seed: the same seed gives the "
    "same sequence of starts."
)
KEEP: Final = "session"  # every settings widget: its value outlives a page that does not draw it


def _eta_from_preset() -> None:
    st.session_state["eta"] = float(st.session_state["eta_preset"])


def _preset_from_eta() -> None:
    eta = st.session_state["eta"]
    if isinstance(eta, (int, float)) and math.isfinite(eta) and eta > 0:
        st.session_state["eta_preset"] = nearest_preset(eta)


def _random_start() -> None:
    """θ = [w, b] ← random: the next start of this session's reproducible
    sequence (a generator seeded with (seed, number of draws so far))."""
    s = st.session_state
    draw = int(s.get("start_draws", 0))
    try:
        view = float(s["view"])
        s["w0"], s["b0"] = random_start(int(s["seed"]), draw, (-view, view), (-view, view))
    except (TypeError, ValueError) as error:
        s["random_start_error"] = f"Random start: {error}"
        return
    s["random_start_error"] = None
    s["start_draws"] = draw + 1


READERS = ("stacked", "colour_scale", "high_contrast")  # the reader's own, not the lecture's


def _reset() -> None:
    for key, value in DEFAULTS.items():
        if key not in READERS:
            st.session_state[key] = value


def sidebar_controls(learning_rate: bool = True, search: bool = False) -> None:
    """Start, learning rate, epochs and view in the sidebar (keys: ``w0``,
    ``b0``, ``eta_preset``, ``eta``, ``epochs``, ``view``, ``resolution``,
    ``log_colour``, ``stacked``), the charts' look (``colour_scale``,
    ``high_contrast``), the lecture's random start (button
    ``random_start``) and the reset. A page that sets its own learning rates
    leaves out the single η (``learning_rate=False``); the error surface adds
    the random search's controls (``search=True``)."""
    sb = st.sidebar
    sb.markdown("**Start θ₀ = (w₀, b₀)** · or click the contour")
    left, right = sb.columns(2)
    left.number_input("w₀", key="w0", value=None, step=0.1, format="%.2f", persist_state=KEEP)
    right.number_input("b₀", key="b0", value=None, step=0.1, format="%.2f", persist_state=KEEP)
    sb.button("θ = [w, b] ← random", key="random_start", on_click=_random_start,
              help=RANDOM_HELP, icon=":material/casino:")  # fmt: skip
    if st.session_state.get("random_start_error"):
        sb.error(st.session_state["random_start_error"])
    if learning_rate:
        _learning_rate(sb)
    # value=None: Streamlit replaces a NaN, inf or out-of-range number a
    # crafted client sends by the widget's default; None is what ui.inputs
    # then refuses by name (a number would pass unnoticed). Whole numbers go
    # through float inputs: an integer input raises on NaN before the page
    # runs; ui.inputs makes them ints.
    epochs = SETTINGS["epochs"]
    sb.number_input(
        "Epochs", key="epochs", value=None, min_value=float(epochs.low),
        max_value=float(epochs.high), step=100.0, format="%.0f", help=EPOCHS_HELP,
        persist_state=KEEP,
    )  # fmt: skip
    _view(sb)
    look_controls(sb)
    sb.button("Reset to the lecture's settings", on_click=_reset, key="reset")
    if search:
        _search(sb)


def _view(sb: DeltaGenerator) -> None:
    view = SETTINGS["view"]
    with sb.expander("View"):
        st.number_input(
            "View range ± (w and b)", key="view", value=None, min_value=view.low,
            max_value=view.high, step=1.0, persist_state=KEEP,
        )  # fmt: skip
        res = SETTINGS["resolution"]
        st.slider("Surface resolution", key="resolution", min_value=int(res.low),
                  max_value=int(res.high), step=res.step, persist_state=KEEP)  # fmt: skip
        st.toggle("Log-scaled colour", key="log_colour", persist_state=KEEP)
        st.toggle("Stack the views (phone layout)", key="stacked", persist_state=KEEP)


def _learning_rate(sb: DeltaGenerator) -> None:
    sb.select_slider(
        "Learning rate η (log scale)",
        options=ETA_PRESETS,
        key="eta_preset",
        format_func=lambda v: f"{v:g}",
        on_change=_eta_from_preset,
        persist_state=KEEP,
    )
    sb.number_input(
        "η exactly",
        key="eta",
        value=None,
        step=0.1,
        format="%.4g",
        on_change=_preset_from_eta,
        help="Any η > 0. The lecture uses η = 1.",
        persist_state=KEEP,
    )


def _search(sb: DeltaGenerator) -> None:
    """Random-search controls (keys ``search_mode``, ``seed``)."""
    sb.markdown("**Random search** (the lecture's guess work)")
    left, right = sb.columns(2)
    left.selectbox(
        "Mode",
        options=SETTINGS["search_mode"].options,
        key="search_mode",
        help="sample: draw (w, b) anywhere in view, keep the best (the start is only "
        "its first guess: a new start hardly changes it). "
        "walk: try a random step, keep it only if the loss went down.",
        persist_state=KEEP,
    )
    seed = SETTINGS["seed"]
    right.number_input(
        "Seed", key="seed", value=None, min_value=float(seed.low), max_value=float(seed.high),
        step=1.0, format="%.0f", persist_state=KEEP,
    )  # fmt: skip
