"""Pieces every figure builder shares: axis style, the contour background
(PNG image and iso-lines, see ``raster``), panel titles, thinning long runs."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from gd_core.figures.background import Background
from gd_core.trajectory import Trajectory

F32 = np.float32
AXIS: dict[str, Any] = {
    "showline": True,
    "linecolor": "#999",
    "ticks": "outside",
    "gridcolor": "#e6e6e6",
    "automargin": True,
}
Domain = tuple[tuple[float, float], tuple[float, float]]


def contour_image(
    bg: Background, w_range: tuple[float, float], b_range: tuple[float, float], axes: str = ""
) -> dict[str, Any]:
    """The filled contour colours as a layout image on axes ``x{axes}``/``y{axes}``."""
    return {
        "source": bg.image, "xref": f"x{axes}", "yref": f"y{axes}",
        "x": w_range[0], "y": b_range[1],
        "sizex": w_range[1] - w_range[0], "sizey": b_range[1] - b_range[0],
        "sizing": "stretch", "layer": "below", "xanchor": "left", "yanchor": "top",
    }  # fmt: skip


def iso_trace(bg: Background, axes: str = "") -> dict[str, Any]:
    """The contour lines as one Scatter on axes ``x{axes}``/``y{axes}``."""
    return {
        "type": "scatter", "xaxis": f"x{axes}", "yaxis": f"y{axes}", "mode": "lines",
        "name": "iso-lines", "x": bg.iso_w.astype(F32), "y": bg.iso_b.astype(F32),
        "showlegend": False, "line": {"color": "rgba(255,255,255,0.5)", "width": 1},
        "hoverinfo": "skip",
    }  # fmt: skip


def contour_axes(
    domain: Domain, w_range: tuple[float, float], b_range: tuple[float, float], axes: str = ""
) -> dict[str, Any]:
    """Square w–b axes ``xaxis{axes}``/``yaxis{axes}`` over ``domain``."""
    x, y = f"x{axes}", f"y{axes}"
    return {
        f"xaxis{axes}": {**AXIS, "domain": list(domain[0]), "range": list(w_range),
                         "title": {"text": "w"}, "showgrid": False, "zeroline": False,
                         "anchor": y, "constrain": "domain"},
        f"yaxis{axes}": {**AXIS, "domain": list(domain[1]), "range": list(b_range),
                         "title": {"text": "b"}, "showgrid": False, "zeroline": False,
                         "anchor": x, "scaleanchor": x, "scaleratio": 1, "constrain": "domain"},
    }  # fmt: skip


def title(text: str, domain: Domain, size: int = 15) -> dict[str, Any]:
    """A bold panel title centred above ``domain`` (an annotation)."""
    return {
        "text": f"<b>{text}</b>", "x": (domain[0][0] + domain[0][1]) / 2, "y": domain[1][1],
        "xref": "paper", "yref": "paper", "xanchor": "center", "yanchor": "bottom",
        "showarrow": False, "font": {"size": size},
    }  # fmt: skip


def thin(run: Trajectory, most: int = 2000) -> NDArray[np.int64]:
    """Indices that draw a long run with at most ``most`` points."""
    n = run.params.shape[0]
    return np.unique(np.round(np.linspace(0, n - 1, min(n, most))).astype(np.int64))
