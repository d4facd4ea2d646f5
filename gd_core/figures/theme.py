"""One look for every figure, readable on a projector and on a phone: the
colours, and one registered Plotly template (:data:`TEMPLATE`) that every
builder names, holding the font, white background, margins, axis style and
the 3D camera."""

from __future__ import annotations

from typing import Any

import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio

from gd_core.figures.palette import DESCENT, SEARCH, eta_colour, method_colours, on_white

__all__ = ["DESCENT", "SEARCH", "eta_colour", "method_colours", "on_white"]

# Viridis: perceptually even, readable in greyscale and for the colour-blind;
# low loss is dark, the flat high wings are bright.
COLOURS: list[str] = list(plotly.colors.sequential.Viridis)
COLOURSCALE = [[k / (len(COLOURS) - 1), c] for k, c in enumerate(COLOURS)]

# Run colours: one table for every page (descent, search, η by value,
# method by name), in ``palette``.
OPTIMUM = "#ffffff"  # the zero-loss point
INK = "#1f2430"
FONT = {"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 14, "color": INK}
PAPER = "white"  # paper, plot area, the ○ start's fill
MUTED = "#555"  # secondary words: the tolerance's label, a note under a chart
TOLERANCE = "#777"  # the dotted tolerance line
HALO = "white"  # drawn under a line or word so it reads on any colour of the contour
ISO_LINES = "rgba(255,255,255,0.5)"  # the contours' iso-lines

# Sweep points by status.
STATUS_COLOURS = {
    "converged": "#2e7d32",
    "max_epochs": "#1565c0",
    "plateau": "#ef6c00",
    "diverged": "#c62828",
}
# The convergence map's epochs to the tolerance (log scale): light to dark green.
EPOCH_SCALE = [[0.0, "#d9f0d3"], [0.35, "#7fbf7b"], [0.7, "#1b7837"], [1.0, "#00441b"]]
STATUS_NAMES = {
    "converged": "converged (L < tolerance, or ∇L ≈ 0)",
    "max_epochs": "still descending / not settled",
    "plateau": "stuck on a plateau",
    "diverged": "diverged",
}

# Every 2D axis: a visible line, ticks outside, a light grid; small and large
# numbers as 5×10⁻⁵ (Plotly's default SI prefixes read "50μ" — not a student's unit).
AXIS: dict[str, Any] = {
    "exponentformat": "power",
    "showline": True,
    "linecolor": "#999",
    "ticks": "outside",
    "gridcolor": "#e6e6e6",
    "automargin": True,
}
# Every 3D view: w, b on the floor, L up, seen from the lecture's corner.
SCENE: dict[str, Any] = {
    "xaxis": {"title": {"text": "w"}},
    "yaxis": {"title": {"text": "b"}},
    "zaxis": {"title": {"text": "L"}},
    "camera": {"eye": {"x": -1.6, "y": -1.7, "z": 1.1}},
}
# Not in the template: plotly.js throws ("Cannot set properties of undefined")
# on a templated aspect ratio, so each scene sets it (``parts.scene``).
ASPECT: dict[str, Any] = {"aspectmode": "manual", "aspectratio": {"x": 1, "y": 1, "z": 0.6}}
TEMPLATE = "error_surface"


def _template() -> go.layout.Template:
    """Plotly's own template with our font, white paper, margins, axes, camera
    (a figure sets only what differs: its height, its top margin …)."""
    template = go.layout.Template(pio.templates["plotly"])
    template.layout.update(
        font=FONT,
        paper_bgcolor=PAPER,
        plot_bgcolor=PAPER,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis=AXIS,
        yaxis=AXIS,
        scene=SCENE,
    )
    return template


pio.templates[TEMPLATE] = _template()


def browser_theme() -> dict[str, Any]:
    """The theme as the chart component draws with it (it keeps no copy of
    its own): the standard look's ink, paper, muted words, tolerance line,
    halo, iso-lines and the zero-loss point's fill."""
    return {
        "ink": INK, "paper": PAPER, "muted": MUTED, "tolerance": TOLERANCE, "halo": HALO,
        "iso": ISO_LINES, "optimum": OPTIMUM, "font_family": FONT["family"],
    }  # fmt: skip
