import base64
import struct
import zlib

import numpy as np
import pytest

import gd_core
from gd_core.figures.background import background
from gd_core.figures.parts import click_grid
from gd_core.figures.raster import colour_png, iso_lines

LECTURE = gd_core.SigmoidNeuron.lecture()


def test_click_grid_is_round_and_covers_the_view():
    w, b = click_grid((-6, 6), (-6, 6))
    assert w.size == 81 * 81 and w.min() == -6 and w.max() == 6
    assert b.min() == -6 and b.max() == 6
    assert np.allclose(np.unique(w) / 0.15, np.round(np.unique(w) / 0.15))


def test_iso_lines_trace_a_circle_as_one_closed_polyline():
    g = np.linspace(-1, 1, 61)
    xx, yy = np.meshgrid(g, g)
    xs, ys = iso_lines(g, g, xx**2 + yy**2, [0.25])
    assert np.isnan(xs).sum() == 1  # one polyline
    r = np.hypot(xs[:-1], ys[:-1])
    assert np.max(np.abs(r - 0.5)) < 2e-3
    assert (xs[0], ys[0]) == (xs[-2], ys[-2])  # closed


def test_colour_png_is_a_valid_png_of_the_grid_size():
    values = np.arange(12.0).reshape(3, 4)
    uri = colour_png(values, 0.0, 11.0, ["#000000", "#ffffff"])
    raw = base64.b64decode(uri.split(",", 1)[1])
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", raw[16:24])
    assert (width, height) == (4, 3)
    idat = raw[raw.index(b"IDAT") + 4 : raw.index(b"IEND") - 8]
    rows = zlib.decompress(idat)
    assert len(rows) == 3 * (1 + 4 * 3)
    # PNG rows run top down: the top row holds the last row of values, whose
    # last value (the largest) is white; the bottom row starts with black.
    assert rows[10:13] == b"\xff\xff\xff"
    assert rows[27:30] == b"\x00\x00\x00"


def test_log_background_ticks_are_powers_of_ten():
    surface = gd_core.loss_surface(LECTURE, resolution=60)
    bg = background(surface)
    assert bg.log and all(float(t).is_integer() for t in bg.tickvals)
    assert bg.ticktext[0].startswith("1e")
    linear = background(surface, log=False)
    assert not linear.log and linear.cmax == pytest.approx(surface.loss.max())
