"""Pieces every Plotly figure builder shares, each written once: the surface
and its contour background (PNG image and iso-lines, see ``raster``), square
w–b axes and 3D scenes, the start ○, the zero-loss ◇, the tolerance line,
panel titles.

The animated views are the chart component's alone (``ui/chart_component``,
on the page and in the downloaded file); its payload (``payload``) takes the
same numbers from here and from ``rows`` (``lift``, ``view_3d``,
``epoch_rows``, ``thin``)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core.figures.background import Background
from gd_core.figures.camera import camera, z_ticks
from gd_core.figures.theme import (
    ASPECT,
    COLOURSCALE,
    INK,
    MUTED,
    OPTIMUM,
    PAPER,
    TEMPLATE,
    TOLERANCE,
)
from gd_core.surface import LossSurface

F32 = np.float32
Domain = tuple[tuple[float, float], tuple[float, float]]
Range = tuple[float, float]
CLICK_NAME = "click to start here"
ZERO_LOSS = "zero loss (w*, b*)"
OPTIMUM_HOVER = "w* %{x:.4f}<br>b* %{y:.4f}<extra>zero loss</extra>"
Array = NDArray[np.float64]
Trace = dict[str, Any]


def layout(**settings: Any) -> dict[str, Any]:
    """A figure's layout: the shared template (``theme.TEMPLATE``) and ``settings``."""
    return {"template": TEMPLATE, **settings}


# --- the surface and its background -------------------------------------------


def ranges(surface: LossSurface) -> tuple[Range, Range]:
    """The (w, b) rectangle the surface covers."""
    return (float(surface.w[0]), float(surface.w[-1])), (float(surface.b[0]), float(surface.b[-1]))


def lift(surface: LossSurface) -> float:
    """How far above the surface 3D paths float: 2 % of the loss span."""
    return 0.02 * float(surface.loss.max() - surface.loss.min())


def surface_trace(surface: LossSurface, bg: Background, **extra: Any) -> Trace:
    """L(w, b) as a 3D surface in the background's colours."""
    return {
        "type": "surface", "name": "L(w, b)", "x": surface.w.astype(F32),
        "y": surface.b.astype(F32), "z": surface.loss.astype(F32),
        "surfacecolor": bg.colour.astype(F32), "cmin": bg.cmin, "cmax": bg.cmax,
        "colorscale": COLOURSCALE, **extra,
    }  # fmt: skip


def contour_image(bg: Background, w_range: Range, b_range: Range, axes: str = "") -> Trace:
    """The filled contour colours as a layout image on axes ``x{axes}``/``y{axes}``."""
    return {
        "source": bg.image, "xref": f"x{axes}", "yref": f"y{axes}",
        "x": w_range[0], "y": b_range[1],
        "sizex": w_range[1] - w_range[0], "sizey": b_range[1] - b_range[0],
        "sizing": "stretch", "layer": "below", "xanchor": "left", "yanchor": "top",
    }  # fmt: skip


def iso_trace(bg: Background, axes: str = "") -> Trace:
    """The contour lines as one Scatter on axes ``x{axes}``/``y{axes}``."""
    return {
        **on(axes), "type": "scatter", "mode": "lines", "name": "iso-lines",
        "x": bg.iso_w.astype(F32), "y": bg.iso_b.astype(F32), "showlegend": False,
        "line": {"color": "rgba(255,255,255,0.5)", "width": 1}, "hoverinfo": "skip",
    }  # fmt: skip


# --- axes, scenes, titles -------------------------------------------------------


def on(axes: str) -> dict[str, str]:
    """The trace keys that put it on axes ``x{axes}``/``y{axes}``."""
    return {"xaxis": f"x{axes}", "yaxis": f"y{axes}"}


def contour_axes(domain: Domain, w_range: Range, b_range: Range, axes: str = "") -> dict[str, Any]:
    """Square w–b axes ``xaxis{axes}``/``yaxis{axes}`` over ``domain``."""
    x, y = f"x{axes}", f"y{axes}"
    plain = {"showgrid": False, "zeroline": False, "constrain": "domain"}
    return {
        f"xaxis{axes}": {"domain": list(domain[0]), "range": list(w_range),
                         "title": {"text": "w"}, "anchor": y, **plain},
        f"yaxis{axes}": {"domain": list(domain[1]), "range": list(b_range),
                         "title": {"text": "b"}, "anchor": x, "scaleanchor": x,
                         "scaleratio": 1, **plain},
    }  # fmt: skip


def scene(
    w_range: Range,
    b_range: Range,
    domain: Domain | None = None,
    z_range: Range | None = None,
    view: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A 3D scene over the w–b rectangle (axis titles: the template's);
    ``view``: its camera and L ticks from :func:`view_3d`."""
    out: dict[str, Any] = {
        "xaxis": {"range": list(w_range)},
        "yaxis": {"range": list(b_range)},
        **ASPECT,
    }
    if z_range is not None:
        out["zaxis"] = {"range": list(z_range)}
    if view is not None:
        out["camera"] = view["camera"]
        out["zaxis"] = {**out.get("zaxis", {}), "tickvals": view["zticks"]}
    if domain is not None:
        out["domain"] = {"x": list(domain[0]), "y": list(domain[1])}
    return out


def view_3d(
    surface: LossSurface, optimum: tuple[float, float] | None = None, z_top: float | None = None
) -> dict[str, Any]:
    """The camera chosen from ``surface`` so the valley and ◇ are in view, and
    the L axis's ticks (none at its floor): ``{"camera", "zticks"}``."""
    targets = None if optimum is None else [optimum]
    top = float(surface.loss.max()) if z_top is None else z_top
    return {
        "camera": camera(surface, targets),
        "zticks": z_ticks(min(float(surface.loss.min()), 0.0), top),
    }


def title(text: str, domain: Domain, size: int = 15) -> dict[str, Any]:
    """A bold panel title centred above ``domain`` (an annotation)."""
    return {
        "text": f"<b>{text}</b>", "x": (domain[0][0] + domain[0][1]) / 2, "y": domain[1][1],
        "xref": "paper", "yref": "paper", "xanchor": "center", "yanchor": "bottom",
        "showarrow": False, "font": {"size": size},
    }  # fmt: skip


def line_chart_layout(
    height: int, x_title: str, y_title: str, *, y_log: bool = False, x_log: bool = False
) -> dict[str, Any]:
    """The layout of every plain line chart (loss curves, learning rates …):
    the template's look, legend on top, optional log axes."""
    log = {"type": "log", "exponentformat": "power"}
    return layout(
        height=height,
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        xaxis={"title": {"text": x_title}, **(log if x_log else {})},
        yaxis={"title": {"text": y_title}, **(log if y_log else {})},
    )


# --- markers and lines ------------------------------------------------------------


def start_marker(
    start: ArrayLike, *, size: int = 13, width: float = 3, axes: str = "", **extra: Any
) -> Trace:
    """The start (w₀, b₀) as a white ○."""
    w, b = (float(v) for v in np.asarray(start, dtype=np.float64)[:2])
    return {
        **on(axes), "type": "scatter", "mode": "markers", "name": "start", "x": [w], "y": [b],
        "marker": {"size": size, "color": PAPER, "line": {"color": INK, "width": width}},
        **extra,
    }  # fmt: skip


def zero_loss(
    optimum: tuple[float, float], *, size: int, axes: str = "", z: float | None = None,
    **extra: Any,
) -> Trace:  # fmt: skip
    """The zero-loss point (w*, b*) as a white ◇; in 3D at height ``z`` if given."""
    where: dict[str, Any] = on(axes) if z is None else {"scene": "scene", "z": [z]}
    return {
        **where, "type": "scatter" if z is None else "scatter3d", "mode": "markers",
        "name": ZERO_LOSS, "x": [optimum[0]], "y": [optimum[1]],
        "marker": {"size": size, "color": OPTIMUM, "symbol": "diamond",
                   "line": {"color": INK, "width": 2}},
        **extra,
    }  # fmt: skip


def tolerance_line(
    loss_tol: float, steps: int, *, axes: str = "", hover: str | None = None, **extra: Any
) -> Trace:
    """The horizontal line L = tolerance across ``steps`` epochs of a loss
    chart, labelled at its right end; ``hover`` its hover template (none by
    default)."""
    return {
        **on(axes), "type": "scatter", "mode": "lines+text", "name": f"tolerance {loss_tol:g}",
        "x": [0, steps], "y": [loss_tol, loss_tol],
        "text": ["", f"tolerance {loss_tol:g}"], "textposition": "top left",
        "textfont": {"size": 12, "color": MUTED},
        **({"hoverinfo": "skip"} if hover is None else {"hovertemplate": hover}),
        "line": {"dash": "dot", "color": TOLERANCE, "width": 1.5}, **extra,
    }  # fmt: skip


def invisible_markers(
    x: Array, y: Array, name: str, size: int, *, axes: str = "", **extra: Any
) -> Trace:
    """Markers nobody sees (not even when selected) at (x, y): what a click
    or a hover lands on where the view itself would not report one."""
    hidden = {"marker": {"opacity": 0}}
    return {
        **on(axes), "type": "scattergl", "mode": "markers", "name": name, "showlegend": False,
        "x": x.astype(F32), "y": y.astype(F32),
        "marker": {"size": size, "opacity": 0, "color": INK},
        "selected": hidden, "unselected": hidden, **extra,
    }  # fmt: skip
