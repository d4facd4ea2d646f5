"""Geometry behind the contour view, computed once per surface.

The contour view is drawn without a ``Contour`` trace: Plotly stops drawing
contour (and heatmap) traces while frames animate other traces in the same
figure (plotly.py #2151, plotly.js #4491). So the filled colours are a PNG in
``layout.images`` (encoded by Pillow) and the iso-lines are plain polylines
traced by contourpy (marching squares with saddles resolved by the cell
centre), both of which stay put through playback.
"""

from __future__ import annotations

import base64
import io

import contourpy
import numpy as np
from numpy.typing import NDArray
from PIL import Image
from plotly.colors import hex_to_rgb

Array = NDArray[np.float64]


def iso_lines(x: Array, y: Array, z: Array, levels: Array) -> tuple[Array, Array]:
    """The curves z = level for each level, as polylines separated by NaN.

    A browser then draws a few long paths instead of thousands of tiny
    segments (which it would redraw on every animation frame).

    Args:
        x: ``(nx,)`` column coordinates; y: ``(ny,)`` row coordinates.
        z: ``(ny, nx)`` values; levels: the values to trace.

    Returns:
        ``(xs, ys)``: ``[x0, x1, …, nan, x0, …]``, ready for one Scatter trace.
    """
    generator = contourpy.contour_generator(
        x, y, z, name="serial", line_type=contourpy.LineType.ChunkCombinedNan
    )
    pieces: list[Array] = []
    for level in np.asarray(levels, dtype=np.float64).reshape(-1):
        # One chunk: an (n, 2) array, NaN rows between the lines of this level.
        points = generator.lines(float(level))[0][0]
        if points is not None and points.size:
            pieces += [points, np.full((1, 2), np.nan)]
    if not pieces:
        return np.empty(0), np.empty(0)
    xy = np.concatenate(pieces)
    return xy[:, 0].copy(), xy[:, 1].copy()


def colour_png(values: Array, vmin: float, vmax: float, colours: list[str]) -> str:
    """``values`` (rows bottom to top) mapped through ``colours`` (evenly spaced
    hex stops) to an RGB PNG, as a ``data:`` URI for ``layout.images``."""
    stops = np.array([hex_to_rgb(c) for c in colours], dtype=np.float64)
    span = vmax - vmin if vmax > vmin else 1.0
    t = np.clip((values - vmin) / span, 0.0, 1.0) * (len(colours) - 1)
    positions = np.arange(len(colours))
    rgb = np.stack([np.interp(t, positions, stops[:, k]) for k in range(3)], axis=-1)
    pixels = np.ascontiguousarray(np.round(rgb[::-1]).astype(np.uint8))  # PNG rows top down
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="RGB").save(buffer, format="PNG", compress_level=6)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
