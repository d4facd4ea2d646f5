"""Plotly animation with plain-dict frames and controls.

Plotly.py builds, validates and deep-copies an object for every trace of every
frame and every slider step: for the explorer's ~120 frames that is ~0.3 s per
redraw, three times the page's whole budget. Frames and controls only carry
coordinates and labels, so :class:`AnimatedFigure` keeps them (and the layout
it sets directly) as plain dicts and merges them in ``to_dict()``, which is
what ``to_json``, ``write_html`` and ``st.plotly_chart`` read.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike

FRAME_MS = 40


class AnimatedFigure(go.Figure):
    """A ``go.Figure`` plus ``raw_layout`` (merged over the layout, key by
    key) and ``frame_dicts`` (the frames), both plain JSON-ready dicts."""

    def __init__(
        self,
        data: list[dict[str, Any]],
        raw_layout: dict[str, Any],
        frame_dicts: list[dict[str, Any]],
    ) -> None:
        super().__init__(data=data)
        # Underscored: plotly's figures refuse any other new attribute.
        self._raw_layout = raw_layout
        self._frame_dicts = frame_dicts

    @property
    def raw_layout(self) -> dict[str, Any]:
        return self._raw_layout

    @property
    def frame_dicts(self) -> list[dict[str, Any]]:
        return self._frame_dicts

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = super().to_dict()
        result["layout"] = {**result.get("layout", {}), **self._raw_layout}
        result["frames"] = self._frame_dicts
        return result


def typed(values: ArrayLike) -> dict[str, str]:
    """A float32 typed array as plotly.js reads it (``{"dtype", "bdata"}``):
    plain-dict frames do not get plotly.py's own base64 encoding of arrays."""
    raw = np.ascontiguousarray(values, dtype="<f4").tobytes()
    return {"dtype": "f4", "bdata": base64.b64encode(raw).decode("ascii")}


def play_controls(
    frame_names: list[str], prefix: str, y: float, slider_y: float, slider_x: float
) -> dict[str, Any]:
    """Play / Pause buttons at height ``y`` (paper coordinates) and a slider
    with one step per frame at (``slider_x``, ``slider_y``): beside the
    buttons on a wide figure, under them on a narrow one. Play resumes from
    the current frame."""
    play = {
        "frame": {"duration": FRAME_MS, "redraw": True},
        "fromcurrent": True,
        "transition": {"duration": 0},
        "mode": "immediate",
    }
    pause = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    jump = {
        "frame": {"duration": 0, "redraw": True},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    return {
        "updatemenus": [{
            "type": "buttons", "direction": "left", "x": 0, "y": y, "xanchor": "left",
            "yanchor": "top", "pad": {"t": 0, "r": 6}, "showactive": False,
            "font": {"size": 14},
            "buttons": [
                {"label": "▶ Play", "method": "animate", "args": [None, play]},
                {"label": "❚❚ Pause", "method": "animate", "args": [[None], pause]},
            ],
        }],
        "sliders": [{
            "active": 0, "x": slider_x, "len": 1 - slider_x, "y": slider_y, "yanchor": "top",
            "pad": {"t": 0, "b": 0}, "ticklen": 0, "minorticklen": 0,
            # One step per frame is too many labels: hide them (the current
            # value above the rail says which epoch is shown).
            "font": {"color": "rgba(0,0,0,0)", "size": 1},
            "currentvalue": {"prefix": prefix, "font": {"size": 14, "color": "#1f2430"},
                             "xanchor": "left"},
            "steps": [
                {"label": name, "method": "animate", "args": [[name], jump]} for name in frame_names
            ],
        }],
    }  # fmt: skip
