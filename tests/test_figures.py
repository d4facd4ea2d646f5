import base64
import io

import numpy as np
import pytest
from PIL import Image

import gd_core
from gd_core.figures.background import background
from gd_core.figures.raster import colour_png, iso_lines
from gd_core.figures.rows import click_grid

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
    pixels = np.asarray(Image.open(io.BytesIO(raw)))
    assert pixels.shape == (3, 4, 3)
    # PNG rows run top down: the top row holds the last row of values, whose
    # last value (the largest) is white; the bottom row starts with black.
    assert pixels[0, -1].tolist() == [255, 255, 255]
    assert pixels[-1, 0].tolist() == [0, 0, 0]
    assert pixels[1, 1].tolist() == [116, 116, 116]  # 5/11 of the way: round(255·5/11)


def test_iso_line_vertices_lie_on_their_level():
    """Every vertex sits on a grid edge where linear interpolation of z gives
    the level: the lines are where the colours say they are."""
    surface = gd_core.loss_surface(LECTURE, resolution=80)
    z = np.log10(surface.loss)
    level = float(np.median(z))
    xs, ys = iso_lines(surface.w, surface.b, z, [level])
    keep = ~np.isnan(xs)
    assert keep.sum() > 20
    for x, y in zip(xs[keep], ys[keep]):
        j = int(np.clip(np.searchsorted(surface.w, x) - 1, 0, surface.w.size - 2))
        i = int(np.clip(np.searchsorted(surface.b, y) - 1, 0, surface.b.size - 2))
        on_row = np.isclose(y, surface.b[[i, i + 1]], atol=1e-12)
        if on_row.any():  # on a horizontal edge: interpolate along w
            r = i + int(np.argmax(on_row))
            t = (x - surface.w[j]) / (surface.w[j + 1] - surface.w[j])
            value = z[r, j] + t * (z[r, j + 1] - z[r, j])
        else:  # on a vertical edge: interpolate along b
            c = j + int(np.argmax(np.isclose(x, surface.w[[j, j + 1]], atol=1e-12)))
            t = (y - surface.b[i]) / (surface.b[i + 1] - surface.b[i])
            value = z[i, c] + t * (z[i + 1, c] - z[i, c])
        assert value == pytest.approx(level, abs=1e-6)  # far below a pixel


def test_log_background_ticks_are_powers_of_ten():
    surface = gd_core.loss_surface(LECTURE, resolution=60)
    bg = background(surface)
    assert bg.log and all(float(t).is_integer() for t in bg.tickvals)
    assert bg.ticktext[0].startswith("1e")
    linear = background(surface, log=False)
    assert not linear.log and linear.cmax == pytest.approx(surface.loss.max())
