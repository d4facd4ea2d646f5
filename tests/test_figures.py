import base64
import io
import json

import numpy as np
import plotly.io as pio
import pytest
from PIL import Image

import gd_core
from gd_core.figures.background import background
from gd_core.figures.explorer import explorer_figure
from gd_core.figures.raster import colour_png, iso_lines
from gd_core.figures.rows import MAX_FRAMES, click_grid, frame_indices
from gd_core.figures.theme import FONT

LECTURE = gd_core.SigmoidNeuron.lecture()


@pytest.fixture(scope="module")
def figure():
    surface = gd_core.loss_surface(LECTURE, resolution=150)
    descent = gd_core.gradient_descent(LECTURE)
    search = gd_core.random_search(LECTURE, 1001, start=(-2, -2))
    return explorer_figure(
        surface, background(surface), descent, search, LECTURE.x, LECTURE.y,
        optimum=LECTURE.zero_loss_point(), loss_tol=gd_core.DEFAULT_LOSS_TOL,
    )  # fmt: skip


def test_frame_indices_keep_first_and_last_and_cap():
    idx = frame_indices(10_001, 500)
    assert idx[0] == 0 and idx[-1] == 10_000 and idx.size == MAX_FRAMES
    assert np.all(np.diff(idx) > 0)
    assert frame_indices(5, 120).tolist() == [0, 1, 2, 3, 4]


def test_frames_carry_only_the_moving_traces(figure):
    spec = figure.to_dict()
    frames = spec["frames"]
    assert 2 <= len(frames) <= MAX_FRAMES
    assert frames[0]["name"] == "0" and frames[-1]["name"] == "1000"
    moving = frames[0]["traces"]
    kinds = {spec["data"][k]["type"] for k in moving}
    assert "surface" not in kinds and "scattergl" not in kinds
    for frame in frames:
        assert frame["traces"] == moving and len(frame["data"]) == len(moving)
        assert all(d["type"] in ("scatter", "scatter3d") for d in frame["data"])
    # Slider steps name the frames, in order.
    steps = spec["layout"]["sliders"][0]["steps"]
    assert [s["args"][0][0] for s in steps] == [f["name"] for f in frames]


def test_the_figure_object_is_what_is_drawn(figure):
    """``.frames`` and ``.layout`` are the figure's own (no plain-dict side
    channel merged in at serialisation), and the layout names the template."""
    spec = figure.to_dict()
    assert [f.name for f in figure.frames] == [f["name"] for f in spec["frames"]]
    steps = figure.layout.sliders[0].steps
    assert [s.args[0][0] for s in steps] == [f.name for f in figure.frames]
    assert figure.layout.height == spec["layout"]["height"] == 820
    assert figure.layout.template.layout.font.family == FONT["family"]
    assert figure.layout.template.layout.scene.camera.eye.x == -1.6


def test_trail_grows_and_ends_at_the_last_epoch(figure):
    frames = figure.to_dict()["frames"]
    trail = frames[-1]["data"][1]  # descent's trail on the contour
    w = np.frombuffer(base64.b64decode(trail["x"]["bdata"]), dtype="<f4")
    assert w.size == len(frames)
    assert w[-1] == pytest.approx(1.79172, abs=1e-4)


def test_contour_view_has_no_contour_trace(figure):
    types = [t.type for t in figure.data]
    assert "contour" not in types and "heatmap" not in types
    spec = figure.to_dict()
    assert spec["layout"]["images"][0]["source"].startswith("data:image/png;base64,")


def test_json_is_small_and_typed(figure):
    text = pio.to_json(figure.to_dict(), validate=False)
    assert len(text) < 1.5e6
    assert '"bdata"' in text and "NaN" not in text.replace('"nan"', "")
    json.loads(text)


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
