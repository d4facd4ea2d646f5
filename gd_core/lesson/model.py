"""The lesson's records: a step (the lecture's words, the state it stages, a
question), the answer the core computes for it, and the coach's verdict.

A step stages settings by their session-state keys (``w0``, ``eta``,
``epochs``, ``map_method``, ``race`` … as ``ui.schema`` names them), so the
app's link carries exactly that state; what a step leaves out is the
lecture's own value (:data:`LESSON_DEFAULTS`). Pure: no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gd_core.problem import SigmoidNeuron
from gd_core.trajectory import Trajectory

KINDS = ("choice", "number", "point")
# The lecture's settings (the same values as ``ui.schema.DEFAULTS``; a test holds them equal).
LESSON_DEFAULTS: dict[str, Any] = {
    "w0": -2.0,
    "b0": -2.0,
    "eta": 1.0,
    "epochs": 1000,
    "search_mode": "sample",
    "seed": 0,
    "view": 6.0,
    "taylor_beta": 150,
    "map_method": "gradient_descent",
    "map_resolution": 150,
}


@dataclass(frozen=True)
class Question:
    """What the student commits to before the reveal.

    Attributes:
        kind: ``"choice"`` (one of ``options``), ``"number"`` or ``"point"``
            (a click (w, b) on the contour).
        text: the question, in the lecture's notation.
        options: the choices of a ``"choice"`` question.
        hint: how to answer (the band a number is accepted in, what to click).
        click: a ``"point"`` question's ask, as the contour's title says it
            ("click where you think L is lowest").
    """

    kind: str
    text: str
    options: tuple[str, ...] = ()
    hint: str = ""
    click: str = ""


@dataclass(frozen=True)
class Stage:
    """A step's settings on the active data: what its answer is computed from."""

    problem: SigmoidNeuron
    settings: Mapping[str, Any]

    @property
    def start(self) -> tuple[float, float]:
        return float(self.settings["w0"]), float(self.settings["b0"])

    @property
    def eta(self) -> float:
        return float(self.settings["eta"])

    @property
    def epochs(self) -> int:
        return int(self.settings["epochs"])

    @property
    def view(self) -> float:
        return float(self.settings["view"])


@dataclass(frozen=True)
class Answer:
    """The right answer to a step on the active data, computed by the core.

    Attributes:
        right: the right option(s) of a choice question (any of them counts).
        value: a number question's exact answer (``None``: never, within the
            epochs); a point question's lowest L in view.
        band: the interval of numbers accepted as right (the step says it).
        point: a point question's answer (w, b).
        loss_ok: a click counts if L there is at most this.
        shown: the right answer in words, with its numbers.
        because: why, with the numbers.
        why_not: for a wrong option, the reason it is wrong.
        numbers: named numbers the answer rests on (for tests and the CSV).
        runs: (label, run) the reveal draws, the very runs the answer used.
        alt_text: what the revealed chart shows, in one or two sentences.
    """

    shown: str
    because: str
    alt_text: str
    right: frozenset[str] = frozenset()
    value: float | None = None
    band: tuple[float, float] | None = None
    point: tuple[float, float] | None = None
    loss_ok: float | None = None
    why_not: Mapping[str, str] = field(default_factory=dict)
    numbers: Mapping[str, float] = field(default_factory=dict)
    runs: tuple[tuple[str, Trajectory], ...] = ()
    extras: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """One step of the lesson.

    Attributes:
        slug: a short name (stable across edits of the wording).
        title: the step's heading.
        quote: a short sentence of the lecture.
        slide_time: where it is said ("Refer Slide Time: 16:19").
        look_at: what to look at in the staged view.
        page: the view it stages (a page of the app: ``error_surface``,
            ``taylor``, ``convergence_map``, ``optimizers``).
        settings: the settings it stages, by session-state key; the rest
            are :data:`LESSON_DEFAULTS`.
        question: what the student predicts.
        answer: computes the right answer from the core for a stage.
        explains: the lecture's sentence the coach quotes after the reveal.
    """

    slug: str
    title: str
    quote: str
    slide_time: str
    look_at: str
    page: str
    settings: Mapping[str, Any]
    question: Question
    answer: Callable[[Stage], Answer]
    explains: str

    def stage(self, problem: SigmoidNeuron) -> Stage:
        """This step's settings on ``problem``'s data."""
        return Stage(problem, {**LESSON_DEFAULTS, **self.settings})

    def ask(self) -> str:
        """The question with the step's settings filled in (``{eta:g}`` …)."""
        return self.question.text.format_map({**LESSON_DEFAULTS, **self.settings})


@dataclass(frozen=True)
class Verdict:
    """The coach's word after the reveal."""

    correct: bool
    headline: str
    said: str
    right: str
    reason: str
    lecture: str
