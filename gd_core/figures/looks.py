"""The charts' two looks a student or a teacher can choose, followed by
every figure of every page: the colour scale of L (Viridis, or Cividis,
made to read the same for the common colour-vision deficiencies) and a
high-contrast theme (black ink, thicker lines and marks, a darker grid: a
projector in a bright room).

One place for both: :func:`restyle` turns any finished figure (a Plotly
figure as a dict) into the chosen look, the contour's PNG is painted with
:func:`scale_colours` (``background``), and :func:`component_look` is what
the chart component reads with the layers. The figure builders themselves
draw the standard look only.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

import plotly.colors

from gd_core.figures.theme import COLOURSCALE, EPOCH_SCALE, INK, ISO_LINES, STATUS_COLOURS

SCALES = ("viridis", "cividis")
_SEQUENCES = {
    "viridis": plotly.colors.sequential.Viridis,
    "cividis": plotly.colors.sequential.Cividis,
}
# The convergence map's epochs (greens) and statuses (green, blue, orange,
# red: red against green is the pair a deuteranope cannot tell apart). In
# Cividis's look: the epochs in Cividis, the statuses in Okabe and Ito's
# colour-blind-safe set (bluish green, sky blue, orange, vermilion).
_CIVIDIS = plotly.colors.sequential.Cividis
SAFE_COLOURS: dict[str, str] = {
    STATUS_COLOURS["converged"]: "#009e73",
    STATUS_COLOURS["max_epochs"]: "#56b4e9",
    STATUS_COLOURS["plateau"]: "#e69f00",
    STATUS_COLOURS["diverged"]: "#d55e00",
    # The map's legend swatch for "converged": its epochs' colour at 0.7.
    str(EPOCH_SCALE[2][1]): _CIVIDIS[round(0.7 * (len(_CIVIDIS) - 1))],
}
# High contrast: the ink black, lines and marks 1.6 × as thick, the grid darker.
BLACK = "#000000"
THICKER = 1.6
GRID = "#b0b0b0"
_AXIS = re.compile(r"^[xy]axis\d*$")


@dataclass(frozen=True)
class Look:
    """The chosen look. ``scale``: one of :data:`SCALES`; ``contrast``: the
    high-contrast theme."""

    scale: str = "viridis"
    contrast: bool = False

    def __post_init__(self) -> None:
        if self.scale not in SCALES:
            raise ValueError(f"colour scale must be one of {', '.join(SCALES)}, got {self.scale!r}")


def scale_colours(scale: str) -> list[str]:
    """The colours of ``scale``, low loss first."""
    Look(scale)  # the check
    return list(_SEQUENCES[scale])


def colourscale(scale: str) -> list[list[Any]]:
    """``scale`` as a Plotly colour scale ``[[0, c0], …, [1, cn]]``."""
    colours = scale_colours(scale)
    return [[k / (len(colours) - 1), c] for k, c in enumerate(colours)]


def _same_scale(value: Any, reference: Any) -> bool:
    try:
        return len(value) == len(reference) and all(
            abs(float(a) - float(ra)) < 1e-9 and str(b).lower() == str(rb).lower()
            for (a, b), (ra, rb) in zip(value, reference, strict=True)
        )
    except (TypeError, ValueError):
        return False


def _swap(node: Any, look: Look, colours: dict[str, str]) -> Any:
    """``node`` with the standard colour scales and colours replaced."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            standard = _same_scale(value, COLOURSCALE) or _same_scale(value, EPOCH_SCALE)
            if key == "colorscale" and look.scale != "viridis" and standard:
                out[key] = colourscale(look.scale)
            else:
                out[key] = _swap(value, look, colours)
        return out
    if isinstance(node, (list, tuple)):
        return [_swap(value, look, colours) for value in node]
    if isinstance(node, str):
        return colours.get(node.lower(), node)
    return node


def _thicker(trace: dict[str, Any]) -> None:
    """A trace's lines and its marks' outlines 1.6 × as thick (in place)."""
    for holder in (trace.get("line"), (trace.get("marker") or {}).get("line")):
        if isinstance(holder, dict) and isinstance(holder.get("width"), (int, float)):
            holder["width"] = round(holder["width"] * THICKER, 2)
    drawn = trace.get("type", "scatter") in ("scatter", "scattergl")
    if drawn and "line" not in trace and "lines" in str(trace.get("mode", "lines")):
        trace["line"] = {"width": round(2 * THICKER, 2)}  # Plotly's default width, thicker


def _contrast_layout(layout: dict[str, Any]) -> None:
    """Black type, black axis lines, a darker grid (in place, template included)."""
    targets = [layout]
    template = layout.get("template")
    if isinstance(template, dict) and isinstance(template.get("layout"), dict):
        targets.append(template["layout"])
    for target in targets:
        font = target.setdefault("font", {})
        font["color"] = BLACK
        font["size"] = (font.get("size") or 14) + 2
        axes = [k for k in target if _AXIS.match(k)] + ["xaxis", "yaxis"]
        for key in dict.fromkeys(axes):
            axis = target.setdefault(key, {})
            axis.update(linecolor=BLACK, linewidth=2, gridcolor=GRID, tickcolor=BLACK)
        for key in [k for k in target if k.startswith("scene")]:
            scene = target[key]
            for name in ("xaxis", "yaxis", "zaxis"):
                if isinstance(scene, dict):
                    scene.setdefault(name, {}).update(gridcolor=GRID, linecolor=BLACK)


def restyle(figure: dict[str, Any], look: Look) -> dict[str, Any]:
    """``figure`` (``{"data", "layout", "frames"?}``, as ``to_dict`` or
    ``to_json`` gives it) in ``look``; a new dict, ``figure`` is untouched.
    The standard look returns ``figure`` itself."""
    if look == Look():
        return figure
    colours: dict[str, str] = {}
    if look.scale != "viridis":
        colours.update(SAFE_COLOURS)
    if look.contrast:
        colours[INK] = BLACK
        colours[ISO_LINES] = component_look(look)["iso"]["color"]
    out: dict[str, Any] = _swap(copy.deepcopy(figure), look, colours)
    if look.contrast:
        for trace in out.get("data") or []:
            _thicker(trace)
        for frame in out.get("frames") or []:
            for trace in frame.get("data") or []:
                _thicker(trace)
        _contrast_layout(out.setdefault("layout", {}))
    return out


def component_look(look: Look) -> dict[str, Any]:
    """What the chart component draws differently in ``look`` (its colour
    scale travels with the layers' PNG): ``contrast``, the ink, the
    iso-lines' colour and width, how much thicker lines and marks are, and
    what changes in its font and axes."""
    if not look.contrast:
        iso = {"color": ISO_LINES, "width": 1}
        return {"contrast": False, "ink": INK, "iso": iso, "thicker": 1.0, "font": {}, "axis": {}}
    return {
        "contrast": True, "ink": BLACK, "iso": {"color": "rgba(255,255,255,0.9)", "width": 1.5},
        "thicker": THICKER, "font": {"size": 15, "color": BLACK},
        "axis": {"linecolor": BLACK, "linewidth": 2, "gridcolor": GRID, "tickcolor": BLACK},
    }  # fmt: skip
