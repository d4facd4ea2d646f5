"""The Python Plotly figures (the charts the chart component does not build
itself: the Compare η sweep, the convergence map, the Taylor tangent plane)
in plotly.js itself: they draw without a script error, every trace is drawn,
and the shared template's font, axis style and the 3D camera reach the
resolved layout (``test_figures_unchanged`` assumes plotly.js applies the
template that way). Screenshots go to ``artifacts/``."""

from __future__ import annotations

import plotly.io as pio
import pytest
from browser_helpers import ARTIFACTS, browser

import gd_core
from gd_core.figures.background import background
from gd_core.figures.compare import sweep_figure
from gd_core.figures.convergence import convergence_figure
from gd_core.figures.taylor import tangent_figure
from gd_core.figures.theme import AXIS, FONT, SCENE
from gd_core.maps import convergence_map
from gd_core.taylor import local

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # a module-scoped fixture from browser_helpers.py

LECTURE = gd_core.SigmoidNeuron.lecture()


def _figures():
    surface = gd_core.loss_surface(LECTURE, resolution=80)
    bg = background(surface)
    sweep = gd_core.learning_rate_sweep(LECTURE, (-2, -2), 300)
    cmap = convergence_map(LECTURE, resolution=12, epochs=200)
    return {
        "sweep": sweep_figure(sweep, [1.0, 10.0]),
        "map": convergence_figure([cmap], ["η = 1"], bg, start=(-2, -2),
                                  optimum=LECTURE.zero_loss_point()),
        "tangent": tangent_figure(surface, bg, local(LECTURE, (-2, -2)), quadric=True),
    }  # fmt: skip


FIGURES = _figures()


@pytest.mark.parametrize("name", list(FIGURES))
def test_the_figure_draws_every_trace_in_the_template(browser, tmp_path, name):
    figure = FIGURES[name]
    path = tmp_path / f"{name}.html"
    path.write_text(pio.to_html(figure, include_plotlyjs=True, full_html=True))
    context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    resolved = page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const scene = gd._fullLayout.scene, axis = gd._fullLayout.xaxis;
        return {traces: gd._fullData.length, visible: gd._fullData.filter(t => t.visible).length,
                font: gd._fullLayout.font.family, line: axis ? axis.linecolor : null,
                ticks: axis ? axis.ticks : null,
                eye: scene ? scene.camera.eye : null, z: scene ? scene.aspectratio.z : null};
    }""")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"figure-{name}.png"), full_page=True)
    context.close()
    assert errors == []
    assert resolved["traces"] == resolved["visible"] == len(figure.data)
    assert resolved["font"] == FONT["family"]
    if name == "tangent":
        # The camera chosen from the surface (gd_core.figures.camera), not the template's.
        eye = figure.layout.scene.camera.eye
        assert resolved["eye"] == {"x": eye.x, "y": eye.y, "z": eye.z} != SCENE["camera"]["eye"]
        assert resolved["z"] == 0.6
    else:
        assert (resolved["line"], resolved["ticks"]) == (AXIS["linecolor"], AXIS["ticks"])
