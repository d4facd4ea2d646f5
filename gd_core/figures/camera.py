"""The 3D camera, chosen from the surface: turned so that what matters —
the zero-loss point ◇, the valley (the lowest cells) and any path given —
is not hidden behind a fold of the surface (the lecture's surface has a
high yellow wing that, seen from the fixed corner, covered the valley).

Pure geometry on the drawn grid: the scene's box in its aspect ratio
(w, b: 1, L: 0.6), a ray from each point towards the eye, and the point is
hidden if the surface rises above the ray anywhere on its way out of the
box. Among a ring of directions the one showing the most wins; a tie keeps
the direction closest to the lecture's corner (w and b negative), so a
surface with nothing hidden keeps the familiar view.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from gd_core.surface import LossSurface

Array = NDArray[np.float64]
Z_ASPECT = 0.6  # the scene's aspect ratio of L to w and b (theme.ASPECT)
EYE_DISTANCE = 2.3  # a little closer than the old eye (−1.6, −1.7, 1.1), 2.6; 2.1 cut the L title
HOME = (math.radians(226.7), math.radians(25.0))  # that eye's azimuth and elevation
AZIMUTHS = np.radians(np.arange(0.0, 360.0, 15.0))
ELEVATIONS = np.radians([25.0, 35.0, 45.0])
VALLEY_SHARE = 0.03  # the lowest 3 % of the cells are "the valley"
VALLEY_POINTS = 40


def valley_points(surface: LossSurface, count: int = VALLEY_POINTS) -> Array:
    """Up to ``count`` (w, b) of the lowest cells, spread over the valley, (K, 2)."""
    flat = surface.loss.ravel()
    k = max(1, int(VALLEY_SHARE * flat.size))
    low = np.argpartition(flat, k - 1)[:k]
    low = low[np.argsort(flat[low])]
    pick = low[np.linspace(0, low.size - 1, min(count, low.size)).astype(int)]
    i, j = np.unravel_index(pick, surface.loss.shape)
    return np.column_stack([surface.w[j], surface.b[i]])


def _heights(surface: LossSurface, w: Array, b: Array) -> Array:
    """L at (w, b) read off the grid (nearest cell), any shape."""
    nw, nb = surface.w.size, surface.b.size
    j = np.clip(np.rint((w - surface.w[0]) / (surface.w[-1] - surface.w[0]) * (nw - 1)), 0, nw - 1)
    i = np.clip(np.rint((b - surface.b[0]) / (surface.b[-1] - surface.b[0]) * (nb - 1)), 0, nb - 1)
    return np.asarray(surface.loss[i.astype(int), j.astype(int)], dtype=np.float64)


def visible_share(surface: LossSurface, points: Array, azimuth: float, elevation: float) -> float:
    """The share of ``points`` (K, 2), on the surface, seen from the direction
    (azimuth, elevation) in the scene's box (orthographic)."""
    span_w = float(surface.w[-1] - surface.w[0])
    span_b = float(surface.b[-1] - surface.b[0])
    lo, hi = float(surface.loss.min()), float(surface.loss.max())
    span_z = max(hi - lo, 1e-300)
    d = np.array([math.cos(elevation) * math.cos(azimuth),
                  math.cos(elevation) * math.sin(azimuth), math.sin(elevation)])  # fmt: skip
    # The ray in data units: one unit of box is span_w in w, span_b in b, span_z / 0.6 in L.
    step = d * np.array([span_w, span_b, span_z / Z_ASPECT])
    s = np.linspace(0.01, 1.6, 80)[None, :]
    z0 = _heights(surface, points[:, 0], points[:, 1]) + 0.01 * span_z
    w = points[:, :1] + s * step[0]
    b = points[:, 1:] + s * step[1]
    z = z0[:, None] + s * step[2]
    inside = (w >= surface.w[0]) & (w <= surface.w[-1]) & (b >= surface.b[0]) & (b <= surface.b[-1])
    hidden = (inside & (_heights(surface, w, b) > z)).any(axis=1)
    return float(1.0 - hidden.mean())


def camera(surface: LossSurface, targets: ArrayLike | None = None) -> dict[str, Any]:
    """A Plotly scene camera showing the valley and ``targets`` ((K, 2): the
    zero-loss point, a path …; they count three times as much as the valley).

    Returns:
        ``{"eye": {"x", "y", "z"}, "center": {0, 0, 0}, "up": {0, 0, 1}}``.
    """
    valley = valley_points(surface)
    extra = np.empty((0, 2)) if targets is None else np.asarray(targets, float).reshape(-1, 2)
    extra = extra[np.all(np.isfinite(extra), axis=1)]

    def score(az: float, el: float) -> float:
        seen = visible_share(surface, valley, az, el)
        if extra.size:
            seen = (seen + 3 * visible_share(surface, extra, az, el)) / 4
        # Ties (within 1 %) go to the direction nearest the lecture's corner.
        turn = abs((az - HOME[0] + math.pi) % (2 * math.pi) - math.pi) + abs(el - HOME[1])
        return round(seen, 2) - 1e-3 * turn

    best = max(((az, el) for az in AZIMUTHS for el in ELEVATIONS), key=lambda a: score(*a))
    az, el = best
    eye = EYE_DISTANCE * np.array([math.cos(el) * math.cos(az), math.cos(el) * math.sin(az),
                                   math.sin(el)])  # fmt: skip
    return {
        "eye": {"x": round(float(eye[0]), 3), "y": round(float(eye[1]), 3),
                "z": round(float(eye[2]), 3)},
        "center": {"x": 0, "y": 0, "z": 0},
        "up": {"x": 0, "y": 0, "z": 1},
    }  # fmt: skip


def z_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values for the L axis above its floor: none at the floor
    itself, whose label sits in the corner where the w and b axes' labels are
    (the L axis's "0" was drawn over the b axis's "6")."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return []
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = min((m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw), default=10 * power)
    first = math.floor(low / step) * step + step
    ticks = []
    value = first
    while value <= high + 1e-12 * step:
        ticks.append(float(f"{value:.12g}"))
        value += step
    return ticks
