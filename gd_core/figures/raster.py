"""Geometry behind the contour view, computed once per surface.

The contour view is drawn without a ``Contour`` trace: Plotly stops drawing
contour (and heatmap) traces while frames animate other traces in the same
figure (plotly.py #2151, plotly.js #4491). So the filled colours are a PNG in
``layout.images`` and the iso-lines are plain line segments, both of which
stay put through playback.
"""

from __future__ import annotations

import base64
import struct
import zlib

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# Marching squares: for each corner case (bit 0 = (i, j), 1 = (i, j+1),
# 2 = (i+1, j+1), 3 = (i+1, j) above the level), the cell edges a segment
# joins. Edges: 0 bottom, 1 right, 2 top, 3 left. Saddles pick one pairing.
_SEGMENTS: dict[int, tuple[tuple[int, int], ...]] = {
    1: ((3, 0),),
    2: ((0, 1),),
    3: ((3, 1),),
    4: ((1, 2),),
    5: ((3, 0), (1, 2)),
    6: ((0, 2),),
    7: ((3, 2),),
    8: ((2, 3),),
    9: ((0, 2),),
    10: ((0, 1), (2, 3)),
    11: ((1, 2),),
    12: ((1, 3),),
    13: ((0, 1),),
    14: ((0, 3),),
}


def iso_lines(x: Array, y: Array, z: Array, levels: Array) -> tuple[Array, Array]:
    """The curves z = level for each level, as polylines separated by NaN.

    Marching squares gives one segment per cell; the segments are then joined
    end to end into polylines, so a browser draws a few long paths instead of
    thousands of tiny ones (which it would redraw on every animation frame).

    Args:
        x: ``(nx,)`` column coordinates; y: ``(ny,)`` row coordinates.
        z: ``(ny, nx)`` values; levels: the values to trace.

    Returns:
        ``(xs, ys)``: ``[x0, x1, …, nan, x0, …]``, ready for one Scatter trace.
    """
    xs: list[float] = []
    ys: list[float] = []
    for level in np.asarray(levels, dtype=np.float64):
        for chain in _chains(*_segments(x, y, z, float(level))):
            xs += [p[0] for p in chain] + [np.nan]
            ys += [p[1] for p in chain] + [np.nan]
    return np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)


def _segments(
    x: Array, y: Array, z: Array, level: float
) -> tuple[list[tuple[int, int]], dict[int, tuple[float, float]]]:
    """Marching squares for one level: segments as pairs of edge ids, and
    where on its edge each id's crossing lies. An edge id names one cell edge
    (shared by the two cells beside it), so touching segments share ids."""
    ny, nx = z.shape
    z00, z01, z11, z10 = z[:-1, :-1], z[:-1, 1:], z[1:, 1:], z[1:, :-1]
    case = (z00 > level) * 1 + (z01 > level) * 2 + (z11 > level) * 4 + (z10 > level) * 8
    jj, ii = np.meshgrid(np.arange(nx - 1), np.arange(ny - 1))
    vertical = ny * nx  # ids of vertical edges come after the horizontal ones
    segments: list[tuple[int, int]] = []
    points: dict[int, tuple[float, float]] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for code, pairs in _SEGMENTS.items():
            cells = case == code
            if not cells.any():
                continue
            i, j = ii[cells], jj[cells]
            for a, b in pairs:
                ids = []
                for edge in (a, b):
                    px, py = _edge_point(edge, i, j, x, y, z, level)
                    if edge == 0:
                        key = i * nx + j
                    elif edge == 2:
                        key = (i + 1) * nx + j
                    elif edge == 3:
                        key = vertical + i * nx + j
                    else:
                        key = vertical + i * nx + j + 1
                    points.update(zip(key.tolist(), zip(px.tolist(), py.tolist(), strict=True),
                                      strict=True))  # fmt: skip
                    ids.append(key.tolist())
                segments += list(zip(ids[0], ids[1], strict=True))
    return segments, points


def _chains(
    segments: list[tuple[int, int]], points: dict[int, tuple[float, float]]
) -> list[list[tuple[float, float]]]:
    """Join segments that share an edge id into polylines (open ones first,
    from an end; what is left are closed loops)."""
    links: dict[int, list[int]] = {}
    for k, (a, b) in enumerate(segments):
        links.setdefault(a, []).append(k)
        links.setdefault(b, []).append(k)
    used = [False] * len(segments)
    chains = []
    ends = [key for key, ks in links.items() if len(ks) == 1]
    for start in ends + [a for a, _ in segments]:
        if all(used[k] for k in links[start]):
            continue
        chain, key = [points[start]], start
        while True:
            nxt = next((k for k in links[key] if not used[k]), None)
            if nxt is None:
                break
            used[nxt] = True
            a, b = segments[nxt]
            key = b if a == key else a
            chain.append(points[key])
        chains.append(chain)
    return chains


def _edge_point(
    edge: int, i: NDArray[np.intp], j: NDArray[np.intp], x: Array, y: Array, z: Array, level: float
) -> tuple[Array, Array]:
    """Where z crosses ``level`` on one edge of cells (i, j), linearly interpolated."""
    if edge == 0:  # bottom: (i, j) → (i, j+1)
        t = (level - z[i, j]) / (z[i, j + 1] - z[i, j])
        return x[j] + t * (x[j + 1] - x[j]), y[i]
    if edge == 1:  # right: (i, j+1) → (i+1, j+1)
        t = (level - z[i, j + 1]) / (z[i + 1, j + 1] - z[i, j + 1])
        return x[j + 1], y[i] + t * (y[i + 1] - y[i])
    if edge == 2:  # top: (i+1, j) → (i+1, j+1)
        t = (level - z[i + 1, j]) / (z[i + 1, j + 1] - z[i + 1, j])
        return x[j] + t * (x[j + 1] - x[j]), y[i + 1]
    # left: (i, j) → (i+1, j)
    t = (level - z[i, j]) / (z[i + 1, j] - z[i, j])
    return x[j], y[i] + t * (y[i + 1] - y[i])


def colour_png(values: Array, vmin: float, vmax: float, colours: list[str]) -> str:
    """``values`` (rows bottom to top) mapped through ``colours`` (evenly spaced
    hex stops) to an RGB PNG, as a ``data:`` URI for ``layout.images``."""
    stops = np.array([[int(c[k : k + 2], 16) for k in (1, 3, 5)] for c in colours], float)
    span = vmax - vmin if vmax > vmin else 1.0
    t = np.clip((values - vmin) / span, 0.0, 1.0) * (len(colours) - 1)
    positions = np.arange(len(colours))
    rgb = np.stack([np.interp(t, positions, stops[:, k]) for k in range(3)], axis=-1)
    pixels = np.round(rgb[::-1]).astype(np.uint8)  # PNG rows run top to bottom
    return "data:image/png;base64," + base64.b64encode(_png(pixels)).decode("ascii")


def _png(pixels: NDArray[np.uint8]) -> bytes:
    """A minimal RGB PNG encoder (filter 0, one IDAT chunk)."""
    height, width, _ = pixels.shape
    raw = np.concatenate([np.zeros((height, 1), np.uint8), pixels.reshape(height, -1)], axis=1)

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6))
        + chunk(b"IEND", b"")
    )
