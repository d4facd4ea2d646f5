"""The chart component's messages for the three animated views, built from
the core as ``ui.browser_chart.animated_views`` builds them on a page (the
layers, then the chart), for the tests of the downloaded animation file."""

from __future__ import annotations

import gd_core
from gd_core.figures.background import background
from gd_core.figures.payload import RunSpec, layers_payload, runs_payload
from gd_core.figures.theme import SEARCH, eta_colour, method_colours
from gd_core.figures.wire import encode
from gd_core.runs.one import run_method
from ui import ghost

LECTURE = gd_core.SigmoidNeuron.lecture()
VIEW = ((-6.0, 6.0), (-6.0, 6.0))


def messages(kind: str, resolution: int = 80) -> tuple[bytes, bytes]:
    """(layers, chart) for ``kind``: the error surface's explorer, Compare η's
    small multiples (η = 0.1, 1, 10, 50) or the Optimizers race."""
    p, start = LECTURE, (-2.0, -2.0)
    surface = gd_core.loss_surface(p, *VIEW, resolution=resolution)
    layers = layers_payload(surface, background(surface), optimum=p.zero_loss_point())
    options: dict = {}
    if kind == "explorer":
        runs = [
            RunSpec(
                gd_core.gradient_descent(p, start, 1.0, 300), "gradient descent", eta_colour(1)
            ),
            RunSpec(gd_core.random_search(p, 301, start=start), "random search", SEARCH),
        ]
        options = {"data": (p.x, p.y), "loss_tol": gd_core.DEFAULT_LOSS_TOL}
    elif kind == "compare":
        etas = (0.1, 1.0, 10.0, 50.0)
        runs = [
            RunSpec(gd_core.gradient_descent(p, start, eta, 300), f"η = {eta:g}", eta_colour(eta))
            for eta in etas
        ]
        options = {"loss_tol": gd_core.DEFAULT_LOSS_TOL, "titles": [r.label for r in runs]}
    else:
        names = ("gradient_descent", "momentum", "adam")
        colours = method_colours(list(names))
        runs = [
            RunSpec(
                run_method(p, name, {"learning_rate": 1.0}, start, 300),
                name,
                colour,
                0.9 if name == "momentum" else None,
            )
            for name, colour in zip(names, colours, strict=True)
        ]
    chart = runs_payload(kind, layers["revision"], runs, start=start, view=VIEW, **options)
    chart["ghost"] = ghost.ghost_payload([ghost.descent(1.0)] * len(runs), 300, len(p.x), None)
    layers_message = {
        "role": "layers",
        "layers": layers,
        "engine": ghost.engine_data(p.x, p.y, "squared_error"),
    }
    return encode(layers_message), encode({"role": "chart", **chart})
