"""Where a run leaves the drawn view: the one off-view mark every chart and
page uses (a path that runs off the ±view square would otherwise just stop
at the edge, its end marker clipped away, with nothing said).

Over the rows a chart draws (one per epoch, ``figures.rows.epoch_rows``):
the first row outside the rectangle, the point where the path crosses the
border on its way there, the direction it was heading, whether it comes
back, and where it ends.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gd_core.trajectory import Trajectory

Range = tuple[float, float]


@dataclass(frozen=True)
class OffView:
    """A run that leaves the view.

    Attributes:
        epoch: the first drawn epoch (row) outside the view.
        border: (w, b) where the mark goes: where the path crosses the
            border between rows ``epoch − 1`` and ``epoch``, moved back
            inside by 3 % of the view so the mark is seen whole.
        angle: the direction it crosses in, degrees anticlockwise from +w.
        back: the first epoch inside again, or ``None`` if it stays out.
        end: the run's last (w, b).
        end_inside: whether that last point is inside the view.
    """

    epoch: int
    border: tuple[float, float]
    angle: float
    back: int | None
    end: tuple[float, float]
    end_inside: bool


def _inside(points: NDArray[np.float64], w_range: Range, b_range: Range) -> NDArray[np.bool_]:
    w, b = points[:, 0], points[:, 1]
    return (w >= w_range[0]) & (w <= w_range[1]) & (b >= b_range[0]) & (b <= b_range[1])


def _crossing(a: NDArray[np.float64], z: NDArray[np.float64], w_range: Range,
              b_range: Range) -> tuple[float, float]:  # fmt: skip
    """The last point of segment a → z (a inside) still in the rectangle."""
    d = z - a
    t = 1.0
    for axis, (lo, hi) in enumerate((w_range, b_range)):
        if d[axis] > 0 and z[axis] > hi:
            t = min(t, (hi - a[axis]) / d[axis])
        elif d[axis] < 0 and z[axis] < lo:
            t = min(t, (lo - a[axis]) / d[axis])
    p = a + max(t, 0.0) * d
    return (float(np.clip(p[0], *w_range)), float(np.clip(p[1], *b_range)))


def leaves_view(run: Trajectory, rows: NDArray[np.int64], w_range: Range,
                b_range: Range) -> OffView | None:  # fmt: skip
    """The first time the drawn rows ``rows`` of ``run`` leave the view, or
    ``None`` if every one is inside (a start outside the view is the page's
    own warning, not this)."""
    points = run.params[rows]
    finite = np.all(np.isfinite(points), axis=1)
    points = points[finite]
    if points.shape[0] < 2:
        return None
    inside = _inside(points, w_range, b_range)
    if not inside[0] or inside.all():
        return None
    k = int(np.argmin(inside))  # the first row outside
    a, z = points[k - 1], points[k]
    w, b = _crossing(a, z, w_range, b_range)
    # The mark sits just inside the border (3 % of the view), so it is seen whole.
    heading = (z - a) / max(float(np.hypot(*(z - a))), 1e-300)
    inset = 0.03 * max(w_range[1] - w_range[0], b_range[1] - b_range[0])
    again = np.flatnonzero(inside[k:])
    end = points[-1]
    return OffView(
        epoch=k,
        border=(
            float(np.clip(w - inset * heading[0], *w_range)),
            float(np.clip(b - inset * heading[1], *b_range)),
        ),
        angle=math.degrees(math.atan2(float(z[1] - a[1]), float(z[0] - a[0]))),
        back=int(k + again[0]) if again.size else None,
        end=(float(end[0]), float(end[1])),
        end_inside=bool(inside[-1]),
    )
