"""One look for every figure: readable on a projector and on a phone."""

from __future__ import annotations

import plotly.colors

# Viridis: perceptually even, readable in greyscale and for the colour-blind;
# low loss is dark, the flat high wings are bright.
COLOURS: list[str] = list(plotly.colors.sequential.Viridis)
COLOURSCALE = [[k / (len(COLOURS) - 1), c] for k, c in enumerate(COLOURS)]

# Method colours, distinct from every Viridis colour and from each other.
DESCENT = "#ff3355"  # gradient descent
SEARCH = "#ff9f1c"  # random search
OPTIMUM = "#ffffff"  # the zero-loss point
INK = "#1f2430"
FONT = {"family": "Inter, Segoe UI, Helvetica, Arial, sans-serif", "size": 14, "color": INK}

# One colour per learning rate in a comparison (up to six), each distinct
# from the others and from the Viridis background.
RUN_COLOURS = ["#ff3355", "#ff9f1c", "#d500f9", "#00b0ff", "#ffffff", "#3d2b1f"]
# Sweep points by status.
STATUS_COLOURS = {
    "converged": "#2e7d32",
    "max_epochs": "#1565c0",
    "plateau": "#ef6c00",
    "diverged": "#c62828",
}
STATUS_NAMES = {
    "converged": "converged (L < tolerance, or ∇L ≈ 0)",
    "max_epochs": "still descending / not settled",
    "plateau": "stuck on a plateau",
    "diverged": "diverged",
}
