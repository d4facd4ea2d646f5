"""Figures for the Taylor argument: directions around θ on the contour, the
cosine curve, the loss along −∇L against η, and the tangent plane in 3D."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import NDArray
from plotly.colors import hex_to_rgb

from gd_core.figures import parts
from gd_core.figures.background import Background
from gd_core.figures.parts import (
    CLICK_NAME,
    contour_axes,
    contour_image,
    iso_trace,
    line_chart_layout,
)
from gd_core.figures.rows import click_grid
from gd_core.figures.theme import DESCENT, INK
from gd_core.surface import GradientField, LossSurface
from gd_core.taylor import Local, StepCurve

Array = NDArray[np.float64]
UP, DOWN, U_COLOUR = "#d32f2f", "#1565c0", "#00c853"


def _segments(
    tails: Array, tips: Array
) -> tuple[list[float | None], list[float | None], list[int]]:
    """x, y and marker sizes for arrows tail → tip as one Scatter (arrowheads
    at the tips, drawn by ``marker.symbol = "arrow"`` along the segment)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    sizes: list[int] = []
    for (x0, y0), (x1, y1) in zip(tails.tolist(), tips.tolist(), strict=True):
        xs += [x0, x1, None]
        ys += [y0, y1, None]
        sizes += [0, 11, 0]
    return xs, ys, sizes


def _arrows(tails: Array, tips: Array, colour: Any, name: str, width: float) -> dict[str, Any]:
    xs, ys, sizes = _segments(tails, tips)
    return {
        "type": "scatter", "mode": "lines+markers", "x": xs, "y": ys, "name": name,
        "line": {"color": colour, "width": width},
        "marker": {"symbol": "arrow", "angleref": "previous", "size": sizes, "color": colour},
        "hoverinfo": "skip",
    }  # fmt: skip


def directions_figure(
    bg: Background,
    w_range: tuple[float, float],
    b_range: tuple[float, float],
    at: Local,
    beta: float,
    samples: tuple[Array, Array],
    *,
    field: GradientField | None = None,
    height: int = 560,
) -> go.Figure:
    """The contour around θ (a window a quarter of the view wide each way):
    ∇L and −∇L, the chosen u at angle β, sampled directions coloured by how
    much the step ηu changes the loss (``samples``: β and L(θ + ηu) − L(θ)),
    the Hessian's eigenvectors, and (optionally) the field of −∇L. Arrows
    show directions only: all are drawn the same length (the step ηu itself
    is often too short to see). Clicks anywhere in the view register."""
    span = max(w_range[1] - w_range[0], b_range[1] - b_range[0])
    theta = at.theta
    half = span / 4
    length = 0.45 * half
    data: list[dict[str, Any]] = [iso_trace(bg)]
    if field is not None:
        data.append(_field_arrows(field))
    if at.direction_defined:
        data += _direction_arrows(at, beta, samples, length)
    data += _eigenvectors(at, length)
    data.append({
        "type": "scatter", "mode": "markers", "x": [theta[0]], "y": [theta[1]], "name": "θ",
        "marker": {"size": 13, "color": "white", "line": {"color": INK, "width": 3}},
        "hovertemplate": "θ = (%{x:.3f}, %{y:.3f})<extra></extra>",
    })  # fmt: skip
    grid_w, grid_b = click_grid(w_range, b_range)
    data.append(parts.invisible_markers(grid_w, grid_b, CLICK_NAME, 10, hoverinfo="none"))
    window_w = (float(theta[0]) - half, float(theta[0]) + half)
    window_b = (float(theta[1]) - half, float(theta[1]) + half)
    fig = go.Figure(data=data, layout=parts.layout(
        height=height, showlegend=True,
        legend={"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top", "font": {"size": 12}},
        images=[contour_image(bg, w_range, b_range)],
        **contour_axes(((0.0, 1.0), (0.0, 1.0)), window_w, window_b),
    ))  # fmt: skip
    # Legend entries for one arrow of each kind only.
    seen: set[str] = set()
    for trace in fig.data:
        trace.showlegend = trace.name not in seen and trace.name != CLICK_NAME
        seen.add(trace.name)
    return fig


def _field_arrows(field: GradientField) -> dict[str, Any]:
    """−∇L on the field's grid, every arrow the same length (a direction)."""
    tails = np.column_stack((np.repeat(field.w[None, :], field.b.size, 0).ravel(),
                             np.repeat(field.b[:, None], field.w.size, 1).ravel()))  # fmt: skip
    down = -np.column_stack((field.dw.ravel(), field.db.ravel()))
    norms = np.hypot(down[:, 0], down[:, 1])
    ok = norms > 1e-12
    step = 0.6 * (field.w[-1] - field.w[0]) / max(field.w.size, 2)
    tips = tails[ok] + step * down[ok] / norms[ok, None]
    return _arrows(tails[ok], tips, "rgba(255,255,255,0.75)", "−∇L field", 1.2)


def _direction_arrows(
    at: Local, beta: float, samples: tuple[Array, Array], length: float
) -> list[dict[str, Any]]:
    """The sampled u (blue where the step lowers L, red where it raises it,
    stronger for a larger change), ∇L, −∇L and the chosen u at angle β."""
    theta = at.theta[None, :]
    betas, changes = samples
    scale = np.max(np.abs(changes)) or 1.0
    out = []
    for u, change in zip(at.unit(betas), changes, strict=True):
        colour = _rgba(DOWN if change < 0 else UP, 0.25 + 0.75 * abs(change) / scale)
        out.append(_arrows(theta, theta + 0.7 * length * u[None, :], colour, "sampled u", 2))
    g_hat = at.unit(0.0)[None]
    return [
        *out,
        _arrows(theta, theta + length * g_hat, INK, "∇L", 3),
        _arrows(theta, theta - length * g_hat, DESCENT, "−∇L", 4),
        _arrows(theta, theta + length * at.unit(beta)[None], U_COLOUR, f"u at β = {beta:g}°", 4),
    ]


def _eigenvectors(at: Local, length: float) -> list[dict[str, Any]]:
    """The Hessian's two eigenvectors through θ (dashed: the first, dotted: the second)."""
    theta, out = at.theta, []
    for k in range(2):
        v = at.eigenvectors[:, k] * 0.9 * length
        out.append({
            "type": "scatter", "mode": "lines", "x": [theta[0] - v[0], theta[0] + v[0]],
            "y": [theta[1] - v[1], theta[1] + v[1]],
            "name": f"eigenvector, λ = {at.eigenvalues[k]:.3g}",
            "line": {"color": "#ffd600", "width": 2.5, "dash": "dash" if k == 0 else "dot"},
            "hoverinfo": "skip",
        })  # fmt: skip
    return out


def _rgba(hex_colour: str, alpha: float) -> str:
    r, g, b = hex_to_rgb(hex_colour)
    return f"rgba({r},{g},{b},{alpha:.2f})"


def cosine_figure(
    betas: Array, first: Array, actual: Array, beta: float, *, height: int = 380
) -> go.Figure:
    """First-order change η uᵀ∇L = η k cos β and the actual change
    L(θ + ηu) − L(θ) against β (u: ∇L turned by β, ‖u‖ = ‖∇L‖)."""
    fig = go.Figure(data=[
        {"type": "scatter", "mode": "lines", "x": betas, "y": first,
         "name": "η uᵀ∇L = η k cos β (first order)",
         "line": {"color": INK, "width": 2.5, "dash": "dash"}},
        {"type": "scatter", "mode": "lines", "x": betas, "y": actual,
         "name": "L(θ + ηu) − L(θ) (actual)", "line": {"color": DESCENT, "width": 2.5}},
    ])  # fmt: skip
    fig.add_vline(x=beta, line={"color": U_COLOUR, "width": 2})
    low = float(np.min(first))
    fig.add_annotation(
        x=180, y=low, text="180°: opposite to the gradient", showarrow=True, arrowhead=2,
        ay=-40, font={"size": 13}, bgcolor="rgba(255,255,255,0.85)",
    )  # fmt: skip
    fig.update_layout(
        line_chart_layout(height, "β, angle between u and ∇L (degrees)", "change in L")
    )
    fig.update_xaxes(tickvals=[0, 90, 180, 270, 360])
    return fig


def step_figure(curve: StepCurve, eta_run: float, *, height: int = 380) -> go.Figure:
    """L(θ + ηu) with u = −∇L against the learning rate η (log x), with the
    tangent and the quadric, and the sidebar's η marked."""
    fig = go.Figure(data=[
        {"type": "scatter", "mode": "lines", "x": curve.etas, "y": curve.actual,
         "name": "L(θ − η∇L) (actual)", "line": {"color": DESCENT, "width": 3}},
        {"type": "scatter", "mode": "lines", "x": curve.etas, "y": curve.first,
         "name": "first order (tangent)", "line": {"color": INK, "width": 2, "dash": "dash"}},
        {"type": "scatter", "mode": "lines", "x": curve.etas, "y": curve.second,
         "name": "second order (Hessian)", "line": {"color": DOWN, "width": 2, "dash": "dot"}},
    ])  # fmt: skip
    top = float(np.max(curve.actual))
    low = float(np.min(curve.actual))
    span = max(top - low, 1e-12)
    for value, colour, text in (
        (curve.first_departs, INK, "tangent off by 10 %"),
        (curve.second_departs, DOWN, "quadric off by 10 %"),
    ):
        if value is not None:
            fig.add_vline(x=value, line={"color": colour, "width": 1.5, "dash": "dash"})
            fig.add_annotation(x=np.log10(value), y=low, text=text, showarrow=False,
                               yanchor="bottom", textangle=-90, xanchor="right",
                               font={"size": 12, "color": colour})  # fmt: skip
    fig.add_vline(x=eta_run, line={"color": U_COLOUR, "width": 2.5})
    fig.add_annotation(x=np.log10(eta_run), y=top + 0.2 * span,
                       text=f"the sidebar's η = {eta_run:g}", showarrow=False,
                       yanchor="top", xanchor="left",
                       font={"size": 12, "color": "#1b5e20"})  # fmt: skip
    fig.update_layout(line_chart_layout(height, "learning rate η (step θ − η∇L)", "L", x_log=True))
    fig.update_yaxes(range=[low - 0.1 * span, top + 0.25 * span])
    return fig


def tangent_figure(
    surface: LossSurface, bg: Background, at: Local, *, quadric: bool, height: int = 460
) -> go.Figure:
    """The surface with the tangent plane at θ (and the quadric) on a patch."""
    span = float(surface.w[-1] - surface.w[0])
    radius = 0.15 * span
    offsets = np.linspace(-radius, radius, 25)
    dw, db = np.meshgrid(offsets, offsets)
    w = at.theta[0] + dw
    b = at.theta[1] + db
    plane = at.loss + at.grad[0] * dw + at.grad[1] * db
    h = at.hessian
    bowl = plane + 0.5 * (h[0, 0] * dw**2 + 2 * h[0, 1] * dw * db + h[1, 1] * db**2)
    data: list[dict[str, Any]] = [
        parts.surface_trace(surface, bg, showscale=False, opacity=0.9, hoverinfo="skip"),
        {"type": "surface", "x": w, "y": b, "z": plane, "showscale": False, "opacity": 0.75,
         "colorscale": [[0, "#455a64"], [1, "#455a64"]], "name": "tangent plane",
         "showlegend": True, "hoverinfo": "skip"},
    ]  # fmt: skip
    if quadric:
        data.append({"type": "surface", "x": w, "y": b, "z": bowl, "showscale": False,
                     "opacity": 0.6, "colorscale": [[0, DOWN], [1, DOWN]],
                     "name": "second-order quadric", "showlegend": True,
                     "hoverinfo": "skip"})  # fmt: skip
    data.append({
        "type": "scatter3d", "mode": "markers", "x": [at.theta[0]], "y": [at.theta[1]],
        "z": [at.loss], "name": "θ",
        "marker": {"size": 6, "color": "white", "line": {"color": INK, "width": 3}},
    })  # fmt: skip
    zmax = float(surface.loss.max())
    w_range, b_range = parts.ranges(surface)
    fig = go.Figure(data=data, layout=parts.layout(
        height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        scene=parts.scene(w_range, b_range, z_range=(-0.1 * zmax, 1.3 * zmax),
                          view=parts.view_3d(surface, tuple(at.theta), 1.3 * zmax)),
    ))  # fmt: skip
    return fig
