"""The charts' look (``gd_core.figures.looks``): the colour scale (Viridis
or Cividis) and the high-contrast theme, followed by every chart of every
page — the Plotly figures, the chart component's figures and its layers —
set by the link or the session, and a bad value named once."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from streamlit.testing.v1 import AppTest

import gd_core
from gd_core.figures.background import background
from gd_core.figures.convergence import convergence_figure
from gd_core.figures.looks import BLACK, SAFE_COLOURS, Look, colourscale, restyle
from gd_core.figures.payload import layers_payload
from gd_core.figures.theme import COLOURSCALE, EPOCH_SCALE, STATUS_COLOURS
from gd_core.figures.wire import decode
from gd_core.lesson import STEPS
from gd_core.maps import convergence_map
from tests.app_helpers import APP, component_elements
from tests.test_lesson import _right_prediction
from tests.test_page_lesson import _predict, _reveal
from ui.inputs import sanitise
from ui.schema import DEFAULTS

LECTURE = gd_core.SigmoidNeuron.lecture()
PAGES = ("views/error_surface.py", "views/compare_eta.py", "views/convergence_map.py",
         "views/optimizers.py", "views/taylor.py", "views/data.py", "views/lesson.py")  # fmt: skip
STANDARD = {"colorscale": (COLOURSCALE, EPOCH_SCALE), "colours": set(STATUS_COLOURS.values())}


def _scales(node):
    """Every colour scale in a figure dict."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "colorscale" and isinstance(value, list):
                yield value
            else:
                yield from _scales(value)
    elif isinstance(node, list):
        for value in node:
            yield from _scales(value)


def _same(scale, reference) -> bool:
    return len(scale) == len(reference) and all(
        abs(a - ra) < 1e-9 and b.lower() == rb.lower()
        for (a, b), (ra, rb) in zip(scale, reference, strict=True)
    )


def _follows(figure: dict) -> bool:
    """Whether a Plotly figure is drawn in Cividis with high contrast: no
    standard colour scale left, type black."""
    text = json.dumps(figure).lower()
    standard = any(_same(s, ref) for s in _scales(figure) for ref in STANDARD["colorscale"])
    status = any(f'"{c}"' in text for c in STANDARD["colours"] if c != "#1565c0")
    font = (figure.get("layout") or {}).get("font", {}).get("color")
    return not standard and not status and font == BLACK


def _widths(figure: dict) -> list[float]:
    """The widths of every trace's line and marks' outline."""
    found = []
    for trace in figure["data"]:
        for holder in (trace.get("line"), trace.get("marker", {}).get("line")):
            if isinstance(holder, dict) and "width" in holder:
                found.append(holder["width"])
    return found


def test_a_colour_scale_must_be_one_of_the_two():
    with pytest.raises(ValueError, match="colour scale must be one of viridis, cividis, got 'jet'"):
        Look("jet")
    assert colourscale("cividis")[0] == [0.0, "#00224e"]


def test_the_standard_look_leaves_a_figure_as_it_is():
    figure = {"data": [{"type": "surface", "colorscale": COLOURSCALE}], "layout": {}}
    assert restyle(figure, Look()) is figure


def test_cividis_and_contrast_recolour_the_convergence_map():
    surface = gd_core.loss_surface(LECTURE, resolution=40)
    cmap = convergence_map(LECTURE, resolution=20, settings={"learning_rate": 10.0}, epochs=200)
    figure = convergence_figure([cmap], ["η = 10"], background(surface), start=(-2.0, -2.0),
                                optimum=LECTURE.zero_loss_point()).to_dict()  # fmt: skip
    assert not _follows(figure)  # the standard look: greens, red against green
    shown = restyle(figure, Look("cividis", contrast=True))
    assert _follows(shown) and not _follows(figure)  # the input is untouched
    assert SAFE_COLOURS[STATUS_COLOURS["diverged"]] in json.dumps(shown)
    widths, before = _widths(shown), _widths(figure)
    assert widths and all(w > b for w, b in zip(widths, before, strict=True))


def test_an_animation_follows_the_look_in_its_frames_too():
    """A figure with frames: restyled, frames included, still valid."""
    figure = {
        "data": [{"type": "surface", "colorscale": COLOURSCALE, "z": [[0, 1], [1, 0]]},
                 {"type": "scatter", "mode": "lines", "x": [0, 1], "y": [0, 1],
                  "line": {"width": 3, "color": "#1f2430"}}],
        "layout": {"template": "error_surface"},
        "frames": [{"data": [{"type": "scatter", "line": {"width": 3}}], "traces": [1]}],
    }  # fmt: skip
    shown = restyle(figure, Look("cividis", contrast=True))
    assert shown["data"][0]["colorscale"] == colourscale("cividis")
    assert shown["data"][1]["line"] == {"width": 4.8, "color": BLACK}
    assert shown["frames"][0]["data"][0]["line"]["width"] == 4.8
    go.Figure(shown)  # still a figure Plotly takes


def test_the_layers_follow_the_look():
    surface = gd_core.loss_surface(LECTURE, resolution=40)
    standard = layers_payload(surface, background(surface))
    chosen = layers_payload(surface, background(surface, scale="cividis"), contrast=True)
    assert standard["colourscale"] == COLOURSCALE and not standard["look"]["contrast"]
    assert chosen["colourscale"] == colourscale("cividis") and chosen["look"]["contrast"]
    assert chosen["image"] != standard["image"] and chosen["revision"] != standard["revision"]
    assert chosen["font"]["color"] == BLACK and chosen["axis"]["linecolor"] == BLACK
    with pytest.raises(ValueError, match="colour scale must be one of"):
        background(surface, scale="jet")


def _charts(at: AppTest) -> tuple[list[dict], list[dict]]:
    """(every Plotly figure on the page, every layers payload of the chart component)."""
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    layers = []
    for proto in component_elements(at, "chart"):
        data = decode(proto.bytes)
        if data["role"] == "figure":
            figures.append(data["figure"])
        elif data["role"] == "layers":
            layers.append(data["layers"])
    return figures, layers


def _open(path: str, query: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(path).run()
    assert not at.exception
    return at


def _reveal_steps(at: AppTest, slugs: tuple[str, ...]):
    """Reveal the lesson's steps ``slugs`` (their charts after the reveal), yielding after each."""
    for number, step in enumerate(STEPS, start=1):
        if step.slug in slugs:
            at.session_state["lesson_step"] = number
            at.run()
            _predict(at, step, _right_prediction(step, step.answer(step.stage(LECTURE))))
            _reveal(at, step)
            yield step


@pytest.mark.parametrize("path", PAGES)
def test_every_chart_on_every_page_follows_the_look(path):
    """Opened from a link with ``scale=cividis&contrast=1``: every figure in
    Cividis, black type, no status colour a colour-blind reader confuses;
    every layers payload painted in Cividis with high contrast. The same
    page in the standard look does not pass the same check."""
    at = _open(path, {"scale": "cividis", "contrast": "1"})
    figures, layers = _charts(at)
    if path.endswith("lesson.py"):  # the charts after a reveal too
        for _ in _reveal_steps(at, ("move", "stall", "start")):
            more, more_layers = _charts(at)
            figures, layers = figures + more, layers + more_layers
    assert figures or layers, path
    assert all(_follows(f) for f in figures), path
    for found in layers:
        assert found["colourscale"] == colourscale("cividis") and found["look"]["contrast"]
    standard_figures, standard_layers = _charts(_open(path, {}))
    assert not any(_follows(f) for f in standard_figures)
    assert all(found["colourscale"] == COLOURSCALE for found in standard_layers)


def test_the_sidebar_sets_the_look_and_a_bad_value_is_named_once():
    """The sidebar's controls set the look (and the link); a value no widget
    sends (a crafted client's) is refused by name, the previous kept."""
    at = _open("views/error_surface.py", {})
    at.sidebar.radio(key="colour_scale").set_value("cividis").run()
    at.sidebar.toggle(key="high_contrast").set_value(True).run()
    assert not at.exception
    _, layers = _charts(at)
    assert layers and all(found["look"]["contrast"] for found in layers)
    assert all(found["colourscale"] == colourscale("cividis") for found in layers)
    assert at.query_params["scale"] == ["cividis"] or at.query_params["scale"] == "cividis"
    state = dict(DEFAULTS) | {"colour_scale": "jet", "high_contrast": "yes"}
    messages = sanitise(state, DEFAULTS)
    assert sorted(m.split(" must")[0] for m in messages) == ["colour scale", "high-contrast charts"]
    assert state["colour_scale"] == "viridis" and state["high_contrast"] is False
