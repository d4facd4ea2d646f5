"""The offline animations (explorer, small multiples, race) in plotly.js
itself: they draw without a script error, every trace is drawn, and the
shared template's font, axis style and 3D camera reach the resolved layout
(``test_figures_unchanged`` assumes plotly.js applies the template that
way). Screenshots go to ``artifacts/``."""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, browser

import gd_core
from gd_core.export import offline_html
from gd_core.figures.background import background
from gd_core.figures.compare import small_multiples_figure
from gd_core.figures.explorer import explorer_figure
from gd_core.figures.race import race_figure
from gd_core.figures.theme import AXIS, FONT, SCENE
from gd_core.runs.one import run_method

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # a module-scoped fixture from browser_helpers.py

LECTURE = gd_core.SigmoidNeuron.lecture()


def _figures():
    surface = gd_core.loss_surface(LECTURE, resolution=80)
    bg = background(surface)
    optimum = LECTURE.zero_loss_point()
    descent = gd_core.gradient_descent(LECTURE)
    search = gd_core.random_search(LECTURE, 1001, start=(-2, -2))
    runs = [gd_core.gradient_descent(LECTURE, learning_rate=eta) for eta in (1, 10)]
    momentum = run_method(LECTURE, "momentum", {"learning_rate": 1.0})
    explorer = {
        "surface": surface,
        "bg": bg,
        "descent": descent,
        "search": search,
        "data_x": LECTURE.x,
        "data_y": LECTURE.y,
        "optimum": optimum,
        "loss_tol": 1e-5,
    }
    return {
        "explorer": explorer_figure(**explorer),
        "explorer-stacked": explorer_figure(**explorer, stacked=True),
        "multiples": small_multiples_figure(bg, (-6, 6), (-6, 6), runs, ["η = 1", "η = 10"],
                                            optimum=optimum),
        "race": race_figure(surface, bg, [descent, momentum], ["descent", "momentum"],
                            [None, 0.9], optimum=optimum),
    }  # fmt: skip


FIGURES = _figures()


@pytest.mark.parametrize("name", list(FIGURES))
def test_the_offline_animation_draws_every_trace_in_the_template(browser, tmp_path, name):
    figure = FIGURES[name]
    path = tmp_path / f"{name}.html"
    path.write_text(offline_html(figure, name, name))
    context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    resolved = page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const scene = gd._fullLayout.scene;
        return {traces: gd._fullData.length, visible: gd._fullData.filter(t => t.visible).length,
                font: gd._fullLayout.font.family, line: gd._fullLayout.xaxis.linecolor,
                ticks: gd._fullLayout.xaxis.ticks,
                eye: scene ? scene.camera.eye : null, z: scene ? scene.aspectratio.z : null,
                frames: gd._transitionData._frames.length};
    }""")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"offline-{name}.png"), full_page=True)
    context.close()
    assert errors == []
    assert resolved["traces"] == resolved["visible"] == len(figure.data)
    assert resolved["frames"] == len(figure.frames)
    assert resolved["font"] == FONT["family"]
    assert (resolved["line"], resolved["ticks"]) == (AXIS["linecolor"], AXIS["ticks"])
    if name != "multiples":  # the only one without a 3D view
        # The camera chosen from the surface (gd_core.figures.camera), not the template's.
        eye = figure.layout.scene.camera.eye
        assert resolved["eye"] == {"x": eye.x, "y": eye.y, "z": eye.z} != SCENE["camera"]["eye"]
        assert resolved["z"] == 0.6
