"""One colour table for runs, the same on every page: gradient descent,
random search, each learning rate η by its value, each method by its name.

A colour depends only on what the run is, never on where it sits in a list:
the lecture's η = 1 is descent's red on the Error surface, on Compare η and
in the Optimizers race; typing "10, 50" instead of "0.1, 1, 10, 50" does not
recolour η = 10. Every colour here stands out on the Viridis background of
the contours (dark purple to yellow) and, through :func:`on_white`, on the
white paper of the loss curves. The chart component receives the colours
with each run; it has no table of its own.
"""

from __future__ import annotations

import itertools
import math

DESCENT = "#ff3355"  # gradient descent, and η = 1 (the lecture's) wherever η is shown
SEARCH = "#ff9f1c"  # random search (the lecture's "guess work"); no η is ever orange
LECTURE_ETA = 1.0

# η by its value, on a log scale: anchor colours at decades (log10 η), the
# lecture's η = 1 at descent's red; between two anchors the colour is mixed
# in proportion to log10 η. Small η are blue (cold: slow), large η magenta
# to pale pink to white (hot: jumpy). Below and above the ends: the end colour.
ETA_ANCHORS: tuple[tuple[float, str], ...] = (
    (-3.0, "#b2ebf2"),  # 0.001: pale cyan
    (-2.0, "#00e5ff"),  # 0.01: cyan
    (-1.0, "#2979ff"),  # 0.1: blue
    (0.0, DESCENT),  # 1: the lecture's
    (1.0, "#d500f9"),  # 10: magenta
    (2.0, "#ff80ab"),  # 100: pink
    (3.0, "#ffffff"),  # 1000 and above: white (grey on white paper)
)

# Each method of the registry (gd_core.methods.METHODS) by its name.
METHOD_COLOURS: dict[str, str] = {
    "gradient_descent": DESCENT,
    "momentum": "#00b0ff",
    "nesterov": "#d500f9",
    "stochastic": "#ffffff",
    "adagrad": "#76ff03",
    "rmsprop": "#3d2b1f",
    "adam": "#ff80ab",
    "line_search": "#00e5ff",
    "newton": "#8d6e63",
}
_UNKNOWN = "#9e9e9e"


def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _mix(a: str, b: str, t: float) -> str:
    (r0, g0, b0), (r1, g1, b1) = _hex(a), _hex(b)
    mixed = (round(x + t * (y - x)) for x, y in ((r0, r1), (g0, g1), (b0, b1)))
    return "#" + "".join(f"{v:02x}" for v in mixed)


def eta_colour(eta: float) -> str:
    """The colour of a run with learning rate ``eta`` (> 0), on every page.

    >>> eta_colour(1.0) == DESCENT
    True
    """
    if not (math.isfinite(eta) and eta > 0):
        raise ValueError(f"η must be a finite number > 0, got {eta!r}")
    x = math.log10(eta)
    if abs(x) < 1e-12:  # η = 1 exactly: descent's own colour, not a mix
        return DESCENT
    (lo, first), (hi, last) = ETA_ANCHORS[0], ETA_ANCHORS[-1]
    if x <= lo:
        return first
    if x >= hi:
        return last
    for (x0, c0), (x1, c1) in itertools.pairwise(ETA_ANCHORS):
        if x0 <= x <= x1:
            return _mix(c0, c1, (x - x0) / (x1 - x0))
    return last  # not reached: the anchors cover [lo, hi]


def method_colours(names: list[str]) -> list[str]:
    """The colours of a race's methods, by name: a method raced twice (two
    η, say) keeps its colour, darkened by a quarter for each repeat so the
    two stay apart."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        repeat = seen.get(name, 0)
        seen[name] = repeat + 1
        colour = METHOD_COLOURS.get(name, _UNKNOWN)
        out.append(_mix(colour, "#000000", min(0.25 * repeat, 0.75)) if repeat else colour)
    return out


def on_white(colour: str) -> str:
    """A run colour as drawn on white paper: white (meant for the dark
    contours) becomes grey."""
    return "#9e9e9e" if colour.lower() == "#ffffff" else colour
