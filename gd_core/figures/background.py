"""What the surface contributes to every view, computed once per surface:
its colour scale (log by default), the contour view's PNG and iso-lines."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from gd_core.figures import raster
from gd_core.figures.looks import scale_colours
from gd_core.surface import LossSurface

Array = NDArray[np.float64]
ISO_LEVELS = 12
# The lecture's loss spans 1e-11 … 0.43; a 150-point grid sees down to ~1e-5.
# Colours below this floor would only stretch the valley's last few cells.
LOG_FLOOR = 1e-6


@dataclass(frozen=True)
class Background:
    """Colour values and contour geometry for one surface.

    Attributes:
        colour: ``(n_b, n_w)`` the value coloured: log10 L, or L.
        cmin, cmax: the colour range.
        tickvals, ticktext: colour-bar ticks (powers of ten for a log scale).
        image: the contour view's filled colours, a PNG ``data:`` URI.
        iso_w, iso_b: iso-line segments with NaN gaps.
        log: whether colours are log-scaled.
        scale: the colour scale the PNG is painted in (``looks.SCALES``).
    """

    colour: Array
    cmin: float
    cmax: float
    tickvals: list[float]
    ticktext: list[str]
    image: str
    iso_w: Array
    iso_b: Array
    log: bool
    scale: str = "viridis"


def background(surface: LossSurface, log: bool = True, scale: str = "viridis") -> Background:
    """The shared colour scale and contour geometry of ``surface``, its PNG
    painted in colour scale ``scale`` (``ValueError`` if unknown)."""
    colours = scale_colours(scale)
    loss = surface.loss
    if log:
        floor = max(float(loss.min()), LOG_FLOOR, float(loss.max()) * 1e-12)
        colour = np.log10(np.maximum(loss, floor))
        cmin, cmax = float(colour.min()), float(colour.max())
        if cmax - cmin < 1e-9:
            cmax = cmin + 1.0
        powers = np.arange(np.ceil(cmin), np.floor(cmax) + 1)
        tickvals = powers.tolist()
        ticktext = [f"1e{int(p)}" for p in powers]
        levels = np.linspace(cmin, cmax, ISO_LEVELS + 2)[1:-1]
    else:
        colour = loss
        cmin, cmax = float(loss.min()), float(loss.max())
        if cmax - cmin < 1e-12:
            cmax = cmin + 1.0
        tickvals = np.linspace(cmin, cmax, 5).tolist()
        ticktext = [f"{v:.3g}" for v in tickvals]
        levels = np.linspace(cmin, cmax, ISO_LEVELS + 2)[1:-1]
    iso_w, iso_b = raster.iso_lines(surface.w, surface.b, colour, levels)
    return Background(
        colour=colour,
        cmin=cmin,
        cmax=cmax,
        tickvals=tickvals,
        ticktext=ticktext,
        image=raster.colour_png(colour, cmin, cmax, colours),
        iso_w=iso_w,
        iso_b=iso_b,
        log=log,
        scale=scale,
    )
