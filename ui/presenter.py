"""Presenter mode for the projector: large type, the sidebar out of the
way, one step per screen (the words beside the chart, the chart sized to
the screen) and the room's keys: → next, ← previous, R reveals (Enter too),
space plays or pauses. Set by the toggle ``presenter`` (``present=1`` in
the link).

→, ← and Enter are the buttons' own shortcuts (Streamlit's ``shortcut=``).
R and space come from the chart component (``keys.js``): Streamlit binds R
to its own rerun, and space only reaches the chart when it has the focus;
the component catches both on the window before Streamlit does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from gd_core.figures.wire import encode
from ui import components

if TYPE_CHECKING:  # annotations only
    from ui.streamlit_internals import DeltaGenerator

KEYS = {"next": "Right", "previous": "Left", "reveal": "Enter"}
LEGEND = "Keys: → next step · ← previous step · R reveals (or Enter) · space plays or pauses"


def on() -> bool:
    return bool(st.session_state.get("presenter"))


def style() -> None:
    """Large type, no sidebar and charts sized to the screen, in presenter mode."""
    # Body type 24 px (≥ 24 px at 1920 × 1080), headings and widgets in step;
    # the sidebar and its toggle hidden; the chart's plots sized to the screen
    # (vh), so the words and the chart of a step fit one 1080 px screen.
    if on():
        st.html(
            "<style>html { font-size: 24px; }"
            "[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl']"
            " { display: none; }"
            "[data-testid='stMainBlockContainer'] { max-width: 100%; padding: 1.2rem 2rem 1rem; }"
            "[data-testid='stMarkdownContainer'] p, [data-testid='stMarkdownContainer'] li,"
            " [data-testid='stCaptionContainer'], label, button { font-size: 1rem !important; }"
            "[data-testid='stMarkdownContainer'] blockquote { margin-bottom: 0.4rem; }"
            ".esx-plot { height: 34vh; }"
            ".esx-panel[data-panel='data'] .esx-plot, .esx-panel[data-panel='loss'] .esx-plot"
            " { height: 22vh; }"
            "</style>"
        )


def layout() -> tuple[DeltaGenerator, DeltaGenerator]:
    """Where a step's words and its chart go: in presenter mode side by side
    (one screen), else one column, the chart among the words."""
    if on():
        words, chart = st.columns([1, 1], gap="medium")
        return words, chart
    column = st.container()
    return column, column


def room_keys(reveal: Callable[[], None] | None) -> None:
    """In presenter mode: the keys' legend, and R / space from anywhere on
    the page. ``reveal`` runs when R is pressed (``None``: the step is
    revealed, R does nothing, not even a rerun)."""
    if not on():
        return
    st.caption(LEGEND)
    mount = components.mount("chart")
    data = encode({"role": "keys", "reveal": reveal is not None})
    mount(key="presenter_keys", data=data, height=0, on_reveal_change=reveal or _nothing)


def _nothing() -> None:
    """R on a revealed step: the browser sends nothing (``keys.js``)."""


def shortcut(action: str) -> str | None:
    """The key of ``action`` in presenter mode (none otherwise: arrows move a radio)."""
    return KEYS[action] if on() else None
