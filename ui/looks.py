"""The session's chart look (``gd_core.figures.looks``): the colour scale
(``colour_scale``, ``scale=`` in a link) and the high-contrast theme
(``high_contrast``, ``contrast=1``), read by every chart as it is drawn, and
the two controls that set them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from gd_core.figures.looks import SCALES, Look

if TYPE_CHECKING:  # annotations only
    from ui.streamlit_internals import DeltaGenerator

NAMES = {"viridis": "Viridis", "cividis": "Cividis (colour-vision safe)"}


def current_look() -> Look:
    """The look the session chose (the standard one if a value is unusable:
    the page's check has named it already)."""
    s = st.session_state
    try:
        return Look(str(s.get("colour_scale", "viridis")), s.get("high_contrast") is True)
    except ValueError:
        return Look()


def look_controls(where: DeltaGenerator) -> None:
    """The colour scale and the high-contrast switch, in ``where``."""
    where.radio("Chart colour scale", SCALES, key="colour_scale", format_func=NAMES.__getitem__,
                horizontal=True, persist_state="session",
                help="The colours of the loss L on every chart. Cividis reads the same for "
                "the common colour-vision deficiencies; it also recolours the convergence "
                "map's statuses in a colour-blind-safe set.")  # fmt: skip
    where.toggle("High-contrast charts", key="high_contrast", persist_state="session",
                 help="Black type and axes, thicker lines and marks: for a projector "
                 "in a bright room.")  # fmt: skip
