"""The lesson's Streamlit side: stage a step's settings in session state (the
same keys the share link writes), keep the predictions and the progress,
compute the answers (cached), and write the answers' CSV.

Session state: ``lesson_step`` (1 … N, in the link as ``lesson=``),
``lesson_done`` (the steps revealed, ``done=``), ``lesson_predictions``
(slug → what the student said), ``lesson_revealed`` (slugs revealed in
this session) and ``lesson_problem`` (a prediction refused, by name).
"""

from __future__ import annotations

import copy
import csv
import io
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import streamlit as st

import gd_core
from gd_core.lesson import LESSON_DEFAULTS, STEPS, Answer, Step, check_prediction, coach
from gd_core.lesson.coach import said
from ui import room
from ui.browser_chart import clicked_value
from ui.budget import Runs, fit
from ui.schema import nearest_preset
from ui.state import active_data
from ui.url_lesson import DONE_KEY

PREDICTIONS = "lesson_predictions"
REVEALED = "lesson_revealed"
PROBLEM = "lesson_problem"
LAST = "lesson_last_click"
BY_SLUG = {step.slug: step for step in STEPS}


def current_step() -> tuple[int, Step]:
    """(number from 1, step) the session is on."""
    number = int(st.session_state["lesson_step"])
    return number, STEPS[number - 1]


def stage(step: Step) -> None:
    """Put the step's settings (and the lecture's for the rest) into session
    state, where every page and the share link read them."""
    for key, value in {**LESSON_DEFAULTS, **step.settings}.items():
        st.session_state[key] = copy.deepcopy(value)
    st.session_state["eta_preset"] = nearest_preset(float(st.session_state["eta"]))
    if REVEALED not in st.session_state:  # a link's steps done, with what was said
        done, said = st.session_state.get(DONE_KEY, ()), st.session_state[PREDICTIONS]
        st.session_state[REVEALED] = {STEPS[k - 1].slug for k in done if STEPS[k - 1].slug in said}


def go(offset: int) -> None:
    """Next (+1) or previous (−1) step: a button's callback."""
    number = int(st.session_state["lesson_step"]) + offset
    st.session_state["lesson_step"] = min(max(number, 1), len(STEPS))


def widget_key(step: Step) -> str:
    """The prediction widget's key (a choice or a number; a click is stored directly)."""
    return f"lesson_said_{step.slug}"


def prediction(step: Step) -> Any:
    """What the student has said for ``step`` so far (``None``: nothing yet)."""
    if step.question.kind == "point":
        return st.session_state.get(PREDICTIONS, {}).get(step.slug)
    return st.session_state.get(widget_key(step))


def take_click(step: Step, key: str) -> None:
    """A click on the contour of chart ``key`` is the prediction of a point
    question, until the reveal. Read on every run (a click's value lasts the
    run it caused); the same click is taken once."""
    value = clicked_value(key)
    if value is None or step.question.kind != "point" or value == st.session_state.get(LAST):
        return
    st.session_state[LAST] = value
    if step.slug in st.session_state.get(REVEALED, set()):
        return
    try:
        point = check_prediction(step, (value["w"], value["b"]))
    except (KeyError, TypeError, ValueError):
        st.session_state[PROBLEM] = "A click on the chart was ignored: it sent no point (w, b)."
        return
    st.session_state[PREDICTIONS][step.slug] = point


def reveal(step: Step, number: int) -> None:
    """The Reveal button's callback: check the prediction, keep it, mark the step done."""
    try:
        said_now = check_prediction(step, prediction(step))
    except ValueError as error:
        st.session_state[PROBLEM] = f"Make a prediction first: {error}."
        return
    st.session_state[PREDICTIONS][step.slug] = said_now
    room.post_prediction(step, said_now, lambda: coach(step, active_answer(step), said_now,
                                                       problem()).correct)  # fmt: skip
    st.session_state[REVEALED].add(step.slug)
    st.session_state[DONE_KEY] = tuple(sorted({*st.session_state.get(DONE_KEY, ()), number}))


def reveal_by_key(step: Step, number: int) -> None:
    """R in presenter mode (the chart component's trigger): :func:`reveal`,
    unless the step is revealed already."""
    if step.slug not in st.session_state[REVEALED]:
        reveal(step, number)


def predict_again(step: Step) -> None:
    """Hide the answer of ``step`` so the student can predict once more."""
    st.session_state[REVEALED].discard(step.slug)


# A step runs up to two full-length runs of a method (the race) beside its
# view: the lesson's own share of the work budget every page keeps to.
STEP_RUNS = (Runs("method", count=2, factor=2.0),)
STEP_EPOCHS = 1000


def lesson_data() -> tuple[np.ndarray, np.ndarray, str]:
    """The active data and loss, or — where a step's runs on that data would
    not fit the work budget — the lecture's two points with the active loss."""
    x, y, loss = active_data()
    if fit(len(x), STEP_EPOCHS, STEP_RUNS).epochs == STEP_EPOCHS:
        return x, y, loss
    lecture = gd_core.SigmoidNeuron.lecture()
    return lecture.x, lecture.y, loss


def too_large_note() -> str | None:
    """Why the lesson is not on the student's data, when it is not."""
    x, _, _ = active_data()
    if len(x) == len(lesson_data()[0]):
        return None
    return (
        f"Your data set has {len(x):,} points: a step's runs on it would take longer than "
        "one rerun may (the work budget every page keeps to), so the lesson follows the "
        "lecture's two points. Your data stays active on the other pages."
    )


def problem() -> gd_core.SigmoidNeuron:
    x, y, loss = lesson_data()
    return gd_core.SigmoidNeuron(x, y, loss=loss)


@st.cache_data(max_entries=64, show_spinner="Running…")
def answer(slug: str, x: np.ndarray, y: np.ndarray, loss: str) -> Answer:
    """The step's answer on the data (x, y) with ``loss``, as the core computes it."""
    step = BY_SLUG[slug]
    return step.answer(step.stage(gd_core.SigmoidNeuron(x, y, loss=loss)))


def active_answer(step: Step) -> Answer:
    x, y, loss = lesson_data()
    return answer(step.slug, x, y, loss)


def answers_csv(
    predictions: Mapping[str, Any], revealed: Collection[str], x: Any, y: Any, loss: str
) -> str:
    """Every step: the question, what the student said, the right answer on
    the data (x, y) with ``loss``, and the verdict (empty until revealed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["step", "title", "question", "you said", "the run says", "verdict"])
    data = gd_core.SigmoidNeuron(x, y, loss=loss)
    for number, step in enumerate(STEPS, start=1):
        row = [number, step.title, step.ask(), "", "", ""]
        if step.slug in predictions and step.slug in revealed:
            found = answer(step.slug, np.asarray(x), np.asarray(y), loss)
            verdict = coach(step, found, predictions[step.slug], data)
            row[3:] = [said(step, predictions[step.slug]), found.shown,
                       "right" if verdict.correct else "not this time"]  # fmt: skip
        writer.writerow(row)
    return out.getvalue()


def session_csv() -> str:
    """:func:`answers_csv` of this session (the download button calls it)."""
    s = st.session_state
    return answers_csv(s.get(PREDICTIONS, {}), s.get(REVEALED, set()), *lesson_data())
