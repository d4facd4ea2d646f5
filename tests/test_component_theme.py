"""The theme is defined once, in Python (``gd_core/figures/theme.py``), and
handed to the chart component with the layers: no module of the component
holds a colour or a font of its own, and its style sheet none of the
theme's values (it reads them as ``--esx-*`` variables the chart sets)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gd_core.figures.background import background
from gd_core.figures.payload import layers_payload
from gd_core.figures.theme import AXIS, FONT, browser_theme
from gd_core.problem import SigmoidNeuron
from gd_core.surface import loss_surface

FOLDER = Path(__file__).resolve().parents[1] / "ui" / "chart_component"
MODULES = sorted(FOLDER.glob("*.js"))
# A CSS colour written out: #rgb…#rrggbbaa, rgb()/rgba()/hsl(), or a named
# colour the theme uses ("white-space" is not one).
COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(|(?<![-\w])(?:white|black)(?![-\w])")


def _code(path: Path) -> str:
    """``path`` without its comments (a comment may name a colour)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
    return re.sub(r"(?m)(^|\s)//.*$", "", text)


def test_the_component_has_modules_to_check():
    assert {"figures.js", "look.js", "ghost.js", "chart.js"} <= {p.name for p in MODULES}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_module_of_the_component_writes_a_colour_or_font(path):
    code = _code(path)
    assert COLOUR.findall(code) == []
    assert FONT["family"].split(",")[0] not in code


def test_the_style_sheet_holds_none_of_the_themes_values():
    css = _code(FOLDER / "chart.css")
    theme = browser_theme()
    for key in ("ink", "muted", "tolerance", "iso", "font_family"):
        assert theme[key] not in css, key
    assert FONT["family"].split(",")[0] not in css
    assert AXIS["gridcolor"] not in css and AXIS["linecolor"] not in css
    assert "#000" not in css  # high contrast's black: the look's ink
    for name in ("ink", "line", "paper", "muted", "font"):
        assert f"var(--esx-{name})" in css, name


def test_the_colour_pattern_finds_what_it_is_for():
    samples = ['"#1f2430"', "'#555'", "rgba(1, 2, 3, 0.5)", 'stroke: "white"', "color: black;"]
    assert all(COLOUR.search(s) for s in samples)
    assert not COLOUR.search("white-space: nowrap; THEME.ink; L.theme.halo")


def test_the_layers_carry_the_theme():
    problem = SigmoidNeuron.lecture()
    surface = loss_surface(problem, (-6, 6), (-6, 6), resolution=20)
    layers = layers_payload(surface, background(surface), optimum=problem.zero_loss_point())
    assert layers["theme"] == browser_theme()
    assert layers["font"]["family"] == FONT["family"]
    assert layers["axis"]["linecolor"] == AXIS["linecolor"]
