"""The active data and loss, shared by every page: the badge that names
them, and the one place that changes them (checked by the core first)."""

from __future__ import annotations

import numpy as np
import streamlit as st

import gd_core
from gd_core.datasets import LECTURE, PRESETS
from ui.inputs import plain

# Up to this many points Your data's table is editable; beyond, its first
# rows are shown (a 100,000-row editor was 1.6 MB on every rerun).
EDIT_ROWS = 1_000
SHOWN_ROWS = 200
LOSS_NAMES = {"squared_error": "squared error", "cross_entropy": "cross-entropy"}


def set_data(x: np.ndarray, y: np.ndarray, name: str, loss: str | None = None) -> None:
    """Make (x, y) with ``loss`` (default: the current one) active, or raise
    ``ValueError`` (from the core) and change nothing."""
    loss = loss or st.session_state["loss_name"]
    gd_core.SigmoidNeuron(x, y, loss=loss)  # raises ValueError with the row and the rule
    st.session_state["data_x"] = tuple(np.asarray(x, dtype=np.float64).tolist())
    st.session_state["data_y"] = tuple(np.asarray(y, dtype=np.float64).tolist())
    st.session_state["data_name"] = name
    st.session_state["loss_name"] = loss
    st.session_state["data_version"] = st.session_state.get("data_version", 0) + 1


def back_to_the_lecture() -> None:
    lecture = PRESETS[LECTURE]
    set_data(np.array(lecture.x), np.array(lecture.y), LECTURE, "squared_error")


def data_badge() -> None:
    """One line under the title: which data and loss every chart uses, and a
    one-click way back to the lecture's."""
    name = st.session_state["data_name"]
    loss = st.session_state["loss_name"]
    n = len(st.session_state["data_x"])
    points = f"{n:,} point{'s' if n != 1 else ''}"
    text = f"**Data:** {plain(name)} ({points}) · **loss:** {LOSS_NAMES[loss]}"
    if name == LECTURE and loss == "squared_error":
        st.caption(text.replace("**", ""))
        return
    left, right = st.columns([4, 1])
    left.info(text)
    right.button("Back to the lecture", key="badge_reset", on_click=back_to_the_lecture)
