"""The lesson's charts: before the reveal the staged surface with the start
(nothing that gives the answer away), after it the very runs the answer was
computed from, drawn by the app's own chart component and figure builders.
Each chart comes with a text alternative (what a screen reader reads)."""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import streamlit as st

import gd_core
from gd_core import taylor
from gd_core.figures.convergence import convergence_figure
from gd_core.figures.payload import RunSpec, runs_payload
from gd_core.figures.taylor import cosine_figure, step_figure
from gd_core.figures.theme import DESCENT, SEARCH, eta_colour, method_colours
from gd_core.figures.wire import encode
from gd_core.lesson import Answer, Step
from gd_core.trajectory import Trajectory
from ui import cache, components, presenter
from ui.browser_chart import animated_views, static_chart
from ui.lesson import lesson_data, problem, take_click
from ui.state import Settings, current_settings

KIND = {"optimizers": "race"}  # the chart kind of each staged page (else the explorer)


def _start_only(point: tuple[float, float], label: str) -> RunSpec:
    """A run of no steps: the chart draws the surface and this point only
    (nothing to play)."""
    at = problem()
    loss, dw, db = at.loss_and_grad(*point)
    run = Trajectory(
        params=np.array([point], dtype=np.float64), losses=np.array([float(loss)]),
        grad_norms=np.array([float(np.hypot(dw, db))]), status="max_epochs",
        converged_at=None, evaluations=1, learning_rate=None, method="start",
    )  # fmt: skip
    return RunSpec(run, label, DESCENT)


def contour_title(step: Step, revealed: bool) -> str:
    """What the contour's title asks in this step: a click only where the
    click is the prediction; the step's start ○ (or the runs) otherwise."""
    if revealed:
        return "Contour · the runs from the start ○"
    if step.question.kind == "point":
        return f"Contour · {step.question.click}"
    return "Contour · the step's start ○"


def _colour(run: Trajectory) -> str:
    """The run's colour on every page: guess work, descent by its η, a method by name."""
    if run.method.startswith("random_search"):
        return SEARCH
    if run.method == "gradient_descent" and run.learning_rate is not None:
        return eta_colour(run.learning_rate)
    return method_colours([run.method])[0]


def _words(text: str) -> None:
    st.caption(f"Chart, in words: {text}")


def _click_chart(step: Step, key: str, settings: Settings) -> None:
    """The explorer's views for a point question: no ◇, no run, a click is the prediction."""
    x, y, loss = lesson_data()
    layers = cache.chart_layers(
        x, y, loss, settings.view, settings.resolution, settings.log_colour, marked=False
    )
    chart = runs_payload("explorer", layers["revision"], [], start=settings.start, data=(x, y),
                         contour_title=contour_title(step, revealed=False))  # fmt: skip
    mount = components.mount("chart")
    mount(key=f"{key}_layers", data=encode({"role": "layers", "layers": layers}), height=0)
    mount(key=key, data=encode({"role": "chart", **chart}),
          on_click_change=partial(take_click, step, key))  # fmt: skip


def before_reveal(step: Step, key: str) -> None:
    """The staged view: the surface and the start ○, no run and nothing to
    play; a point question takes a click."""
    settings = current_settings()
    x, y, loss = lesson_data()
    surface, _ = cache.surface_and_background(
        x, y, loss, settings.view, settings.resolution, settings.log_colour
    )
    if step.question.kind == "point":
        _click_chart(step, key, settings)
    else:
        _views(key, settings, step, [], contour_title=contour_title(step, revealed=False))
    low, high = float(surface.loss.min()), float(surface.loss.max())
    at = float(problem().loss(*settings.start))
    _words(
        f"the loss L(w, b) over w and b in ±{settings.view:g}, from {low:.3g} to {high:.3g}; "
        f"the start ○ at ({settings.w0:g}, {settings.b0:g}), where L = {at:.3g}."
    )


def _views(key: str, settings: Settings, step: Step, runs: list[RunSpec], **options: Any) -> None:
    """The animated views of the step's page: the explorer's (with the data
    and the fit) or the race's (3D and one contour)."""
    kind = KIND.get(step.page, "explorer")
    if kind == "explorer":
        options["data"] = lesson_data()[:2]
    animated_views(key, settings, kind, runs, on_click=_ignore, view_control=False, **options)


def _ignore(key: str) -> None:
    """A click moves no start here (the step's is staged); a point question
    reads it as its prediction (``ui.lesson.take_click``, on the page)."""


def _boxes(two: bool) -> tuple[Any, Any]:
    """Where a step's two charts go: tabs in presenter mode, else one below the other."""
    if two and presenter.on():
        runs, eta = st.tabs(["The runs", "The step against η"])
        return runs, eta
    return st.container(), st.container()


def after_reveal(step: Step, found: Answer, key: str, said: object) -> None:
    """The runs and figures the answer came from, with the answer's text alternative."""
    settings = current_settings()
    key = f"{key}_revealed"  # another element than the staged view's
    if step.slug in ("move", "beta"):
        at = taylor.local(problem(), settings.start)
        betas = np.linspace(0.0, 360.0, 361)
        first, actual = taylor.directional_changes(problem(), at, settings.eta, betas)
        static_chart(key, cosine_figure(betas, first, actual, 180.0))
    elif step.slug == "start" and found.extras["map"] is not None:
        _, bg = cache.surface_and_background(*lesson_data(), settings.view, 150, True)
        figure = convergence_figure(
            [found.extras["map"]], [f"η = {settings.eta:g}"], bg, start=settings.start,
            optimum=problem().zero_loss_point(), stacked=bool(st.session_state["stacked"]),
        )  # fmt: skip
        static_chart(key, figure)
    elif step.slug == "carpet" and isinstance(said, tuple):
        title = "Contour · your click and the zero-loss point ◇"
        _views(key, settings, step, [_start_only(said, "your click")], contour_title=title)
    else:
        specs = [RunSpec(run, label, _colour(run)) for label, run in found.runs]
        title = contour_title(step, revealed=True)
        # Two charts: on the projector one at a time (tabs), so a step stays one screen.
        runs_box, eta_box = _boxes(step.slug == "stall")
        with runs_box:
            _views(key, settings, step, specs, loss_tol=gd_core.DEFAULT_LOSS_TOL,
                   contour_title=title)  # fmt: skip
        if step.slug == "stall":
            at = taylor.local(problem(), settings.start)
            etas = np.geomspace(1e-2, 1e3, 200)
            with eta_box:
                static_chart(f"{key}_eta", step_figure(taylor.step_curve(problem(), at, etas),
                                                        settings.eta))  # fmt: skip
    _words(found.alt_text)
