"""Presenter mode for the projector: large type, the sidebar out of the
way, and the room's keys (→ next, ← previous, Enter reveals: Streamlit keeps
R for itself, its rerun key). Set by the toggle ``presenter`` (``present=1``
in the link)."""

from __future__ import annotations

import streamlit as st

KEYS = {"next": "Right", "previous": "Left", "reveal": "Enter"}


def on() -> bool:
    return bool(st.session_state.get("presenter"))


def style() -> None:
    """Large type and no sidebar, when presenter mode is on."""
    # Body type 26 px (≥ 24 px at 1920 × 1080), headings and widgets in step;
    # the sidebar and its toggle hidden: one step fills the screen.
    if on():
        st.html(
            "<style>html { font-size: 26px; }"
            "[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl']"
            " { display: none; }"
            "[data-testid='stMainBlockContainer'] { max-width: 100%; padding-left: 3rem;"
            " padding-right: 3rem; }"
            "[data-testid='stMarkdownContainer'] p, [data-testid='stMarkdownContainer'] li,"
            " [data-testid='stCaptionContainer'], label, button"
            " { font-size: 1rem !important; }</style>"
        )


def shortcut(action: str) -> str | None:
    """The key of ``action`` in presenter mode (none otherwise: arrows move a radio)."""
    return KEYS[action] if on() else None
