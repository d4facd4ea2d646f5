"""A Plotly animation built once: static traces, the traces frames move,
the frames, and the Play / Pause buttons with an epoch slider.

Frames carry only what moves, as float32 typed arrays (``typed``): plotly.js
reads them without parsing a number, and a frame of a long trail stays small.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike, NDArray

FRAME_MS = 40
Trace = dict[str, Any]


def typed(values: ArrayLike) -> dict[str, str]:
    """A float32 typed array as plotly.js reads it (``{"dtype", "bdata"}``)."""
    raw = np.ascontiguousarray(values, dtype="<f4").tobytes()
    return {"dtype": "f4", "bdata": base64.b64encode(raw).decode("ascii")}


def animated_figure(
    static: Sequence[Trace],
    moving: Sequence[Trace],
    frame: Callable[[NDArray[np.int64]], list[Trace]],
    epochs: NDArray[np.int64],
    layout: dict[str, Any],
) -> go.Figure:
    """``static`` traces, then ``moving`` ones (styled, shown at the first
    epoch), and one frame per epoch of ``epochs``.

    Args:
        frame: the moving traces' coordinates with epochs ``shown`` drawn
            (``epochs[: k + 1]`` for frame k), in ``moving``'s order.
        layout: the figure's layout, with its controls (``epoch_controls``).
    """
    first = frame(epochs[:1])
    shown = [
        {**style, **{key: v for key, v in update.items() if key != "type"}}
        for style, update in zip(moving, first, strict=True)
    ]
    animated = list(range(len(static), len(static) + len(shown)))
    frames = [
        {"name": str(int(e)), "traces": animated, "data": frame(epochs[: k + 1])}
        for k, e in enumerate(epochs)
    ]
    return go.Figure(data=[*static, *shown], layout=layout, frames=frames)


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
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate",
             "transition": {"duration": 0}}  # fmt: skip
    jump = {"frame": {"duration": 0, "redraw": True}, "mode": "immediate",
            "transition": {"duration": 0}}  # fmt: skip
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


def epoch_controls(epochs: NDArray[np.int64], y: float, slider_y: float, slider_x: float) -> Any:
    """``play_controls`` for frames named by their epoch."""
    return play_controls([str(int(e)) for e in epochs], "epoch ", y, slider_y, slider_x)
