"""The convergence map: for every start of the w–b plane, how many epochs
descent needs to reach the tolerance (log colour, greens), and the starts
from which it never does, in the status colours of the η sweep. One panel
per map (two side by side to compare), one colour scale for all, the loss's
iso-lines on top, and an invisible marker at every cell centre that carries
the hover text and makes a click on a cell a selection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from gd_core.figures import parts
from gd_core.figures.background import Background
from gd_core.figures.parts import F32, Domain, contour_axes, iso_trace, title
from gd_core.figures.theme import EPOCH_SCALE, STATUS_COLOURS, STATUS_NAMES
from gd_core.maps import ConvergenceMap
from gd_core.trajectory import STATUSES

# Few epochs light, many dark: the greens of "converged" in the η sweep.
NOT_CONVERGED = ("max_epochs", "plateau", "diverged")
CELL_NAME = "cell: click to start here"
_PANEL = 470  # pixels: one square panel with its axis titles
_TOP = 96  # pixels above the panels: the colour bar and the panel titles
_LEGEND = 150  # pixels under each panel: its legend (four statuses, counts)


def convergence_figure(
    maps: Sequence[ConvergenceMap],
    labels: Sequence[str],
    bg: Background,
    *,
    start: tuple[float, float] | None = None,
    optimum: tuple[float, float] | None = None,
    stacked: bool = False,
) -> go.Figure:
    """One panel per map (1 or 2; ``stacked`` puts them in one column), the
    same epoch colour scale on all, each with a legend of its statuses'
    counts and shares of the plane.

    Args:
        maps: maps over the same plane (their cells tile ``bg``'s rectangle).
        labels: a title per panel (``"η = 1"``, ``"Adam"`` …).
        bg: the loss surface's iso-lines over the same plane.
        start, optimum: the shared start and the zero-loss point, if any.
    """
    if not 1 <= len(maps) <= 2 or len(labels) != len(maps):
        raise ValueError(f"one or two maps with a label each, got {len(maps)} and {len(labels)}")
    columns = 1 if stacked else len(maps)
    domains, height = _domains(len(maps), columns, 330 if stacked else _PANEL)
    top = _epoch_top(maps)
    data: list[dict[str, Any]] = []
    layout = parts.layout(
        height=height, margin={"t": _TOP}, clickmode="event+select", dragmode=False,
        hovermode="closest", uirevision="convergence-map", annotations=[],
    )  # fmt: skip
    for k, (cmap, label, domain) in enumerate(zip(maps, labels, domains, strict=True)):
        axes = "" if k == 0 else str(k + 1)
        w_range = _edges(cmap.w)
        b_range = _edges(cmap.b)
        layout.update(contour_axes(domain, w_range, b_range, axes))
        layout["annotations"].append(title(label, domain, size=15))
        legend = "legend" if k == 0 else f"legend{k + 1}"
        layout[legend] = _legend(domain, height)
        data += _cells(cmap, axes, top, show_scale=k == 0)
        lines = iso_trace(bg, axes)
        lines["line"] = {"color": "rgba(31,36,48,0.45)", "width": 1}
        data.append(lines)
        data += _markers(axes, start, optimum)
        data += _swatches(cmap, legend)
        data += _hover_layer(cmap, axes)
    return go.Figure(data=data, layout=layout)


def click_traces(fig: go.Figure) -> list[int]:
    """Trace numbers of the cell markers: a point selected on one is a cell."""
    return [k for k, t in enumerate(fig.data) if t.name == CELL_NAME]


def _edges(centres: np.ndarray) -> tuple[float, float]:
    """The rectangle the cells tile, from their centres."""
    half = (float(centres[-1]) - float(centres[0])) / (centres.size - 1) / 2
    return float(centres[0]) - half, float(centres[-1]) + half


def _epoch_top(maps: Sequence[ConvergenceMap]) -> float:
    """log₁₀ of the most epochs any converged cell took (≥ 1: a 1–10 scale)."""
    most = max((int(m.epochs.max(initial=0)) for m in maps), default=1)
    return max(1.0, float(np.log10(max(most, 1))))


def _cells(cmap: ConvergenceMap, axes: str, top: float, show_scale: bool) -> list[dict[str, Any]]:
    """Two heatmaps: log₁₀ epochs where the run converged, and a status code
    (a discrete colour each) where it did not."""
    converged = cmap.status == "converged"
    epochs = np.where(converged, np.log10(np.maximum(cmap.epochs, 1)), np.nan)
    codes = np.full(cmap.status.shape, np.nan)
    scale = []
    for k, status in enumerate(NOT_CONVERGED):
        codes[cmap.status == status] = k
        colour = STATUS_COLOURS[status]
        scale += [[k / 3, colour], [(k + 1) / 3, colour]]
    ticks = [v for v in (0, 1, 2, 3, 4, 5) if v <= top + 1e-9]
    common = {"xaxis": f"x{axes}", "yaxis": f"y{axes}", "x": cmap.w.astype(F32),
              "y": cmap.b.astype(F32), "hoverinfo": "skip", "xgap": 0, "ygap": 0}  # fmt: skip
    return [
        {
            "type": "heatmap", **common, "z": epochs.astype(F32), "zmin": 0.0, "zmax": top,
            "colorscale": EPOCH_SCALE, "showscale": show_scale, "name": "epochs to tolerance",
            "colorbar": {"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0.995,
                         "yanchor": "top", "yref": "container", "len": 0.7, "thickness": 12,
                         "tickvals": ticks, "ticktext": [f"{10**v:,}" for v in ticks],
                         "title": {"text": "epochs to reach L < tolerance (log scale)",
                                   "side": "top", "font": {"size": 13}}},
        },
        {
            "type": "heatmap", **common, "z": codes.astype(F32), "zmin": 0, "zmax": 3,
            "colorscale": scale, "showscale": False, "name": "not converged",
        },
    ]  # fmt: skip


def _markers(
    axes: str, start: tuple[float, float] | None, optimum: tuple[float, float] | None
) -> list[dict[str, Any]]:
    out = []
    if optimum is not None:
        out.append(parts.zero_loss(optimum, size=12, axes=axes, name="zero loss",
                                   showlegend=False, hoverinfo="skip"))  # fmt: skip
    if start is not None:
        out.append(parts.start_marker(start, axes=axes, showlegend=False, hoverinfo="skip"))
    return out


def _swatches(cmap: ConvergenceMap, legend: str) -> list[dict[str, Any]]:
    """Legend entries only: a square per status, named with its count and share."""
    counts, cells = cmap.counts(), cmap.status.size
    out = []
    for status in STATUSES:
        colour = EPOCH_SCALE[2][1] if status == "converged" else STATUS_COLOURS[status]
        name = STATUS_NAMES[status].replace(" / not settled", "")
        out.append({
            "type": "scatter", "mode": "markers", "x": [None], "y": [None], "legend": legend,
            "name": f"{name}: {counts[status]:,} ({100 * counts[status] / cells:.1f} %)",
            "marker": {"symbol": "square", "size": 14, "color": colour},
            "hoverinfo": "skip", "showlegend": True,
        })  # fmt: skip
    return out


def _hover_layer(cmap: ConvergenceMap, axes: str) -> list[dict[str, Any]]:
    """An invisible marker at every cell centre, one trace per status: the
    hover text (start, epochs, final loss) and the click target."""
    ww, bb = np.meshgrid(cmap.w, cmap.b)
    out = []
    for status in STATUSES:
        hit = cmap.status == status
        if not hit.any():
            continue
        reached = "epoch %{customdata[0]}" if status == "converged" else STATUS_NAMES[status]
        out.append(parts.invisible_markers(
            ww[hit], bb[hit], CELL_NAME, 6, axes=axes,
            customdata=np.column_stack((cmap.epochs[hit], cmap.final_loss[hit])).astype(F32),
            hovertemplate="start (%{x:.3~f}, %{y:.3~f})<br>" + reached
            + "<br>final L %{customdata[1]:.3g}<extra>" + status + "</extra>",
        ))  # fmt: skip
    return out


def _legend(domain: Domain, height: int) -> dict[str, Any]:
    """A panel's legend, under its w axis."""
    plot = height - _TOP - 10
    return {
        "x": domain[0][0], "xanchor": "left", "y": domain[1][0] - 56 / plot, "yanchor": "top",
        "orientation": "v", "font": {"size": 13}, "bgcolor": "rgba(255,255,255,0)",
    }  # fmt: skip


def _domains(count: int, columns: int, panel: int) -> tuple[list[Domain], int]:
    """Square panels ``panel`` pixels tall in ``columns`` columns, a legend under each."""
    rows = -(-count // columns)
    height = _TOP + 10 + rows * (panel + _LEGEND)
    plot = height - _TOP - 10
    gap = 0.08
    width = (1 - gap * (columns - 1)) / columns
    domains = []
    for k in range(count):
        r, c = divmod(k, columns)
        y1 = 1 - r * (panel + _LEGEND) / plot
        x0 = c * (width + gap)
        domains.append(((x0, x0 + width), (y1 - (panel - 40) / plot, y1)))
    return domains, height
