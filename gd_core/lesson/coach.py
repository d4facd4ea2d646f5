"""The coach: the student's prediction against the answer the core computed,
as a verdict with the right answer, its numbers, the reason a wrong guess
is wrong, and the lecture's sentence that explains it."""

from __future__ import annotations

import math
from typing import Any

from gd_core.lesson.model import Answer, Step, Verdict
from gd_core.problem import SigmoidNeuron


def check_prediction(step: Step, prediction: Any) -> Any:
    """The prediction in the step's terms, or ``ValueError`` naming the rule:
    one of the options, a finite number ≥ 0, or a finite point (w, b)."""
    question = step.question
    if question.kind == "choice":
        if prediction not in question.options:
            raise ValueError(f"prediction must be one of the {len(question.options)} choices")
        return prediction
    if question.kind == "number":
        if isinstance(prediction, bool) or not isinstance(prediction, int | float):
            raise ValueError("prediction must be a number")
        if not (math.isfinite(prediction) and prediction >= 0):
            raise ValueError("prediction must be a finite number ≥ 0")
        return float(prediction)
    try:
        w, b = (float(v) for v in prediction)
    except (TypeError, ValueError):
        raise ValueError("prediction must be a point (w, b)") from None
    if not (math.isfinite(w) and math.isfinite(b)):
        raise ValueError("prediction must be a point (w, b) of finite numbers")
    return (w, b)


def said(step: Step, prediction: Any) -> str:
    """The prediction in words."""
    kind = step.question.kind
    if kind == "choice":
        return str(prediction)
    if kind == "number":
        return f"{prediction:g}"
    return f"(w, b) = ({prediction[0]:.2f}, {prediction[1]:.2f})"


def coach(step: Step, answer: Answer, prediction: Any, problem: SigmoidNeuron) -> Verdict:
    """The verdict on ``prediction`` (see :func:`check_prediction`) for ``step``.

    Args:
        step: the step asked.
        answer: ``step.answer`` computed on ``problem``'s data.
        prediction: the student's choice, number or clicked point.
        problem: the active data and loss (a click's loss is computed on it).
    """
    prediction = check_prediction(step, prediction)
    kind = step.question.kind
    reason = answer.because
    if kind == "choice":
        correct = prediction in answer.right
        if not correct and prediction in answer.why_not:
            reason = f"{answer.why_not[prediction]} {answer.because}"
    elif kind == "number":
        low, high = answer.band or (math.nan, math.nan)
        correct = low <= prediction <= high
        if not correct:
            side = "too low" if prediction < low else "too high"
            reason = f"{prediction:g} is {side}. {answer.because}"
    else:
        clicked = float(problem.loss(*prediction))
        correct = answer.loss_ok is not None and clicked <= answer.loss_ok
        where = f"L at your click is {clicked:.3g}"
        reason = (
            f"{where}. {answer.because}"
            if correct
            else (f"{where}, above the valley floor (≤ {answer.loss_ok:.3g}). {answer.because}")
        )
    return Verdict(
        correct=correct,
        headline="Right." if correct else "Not this time.",
        said=f"You said: {said(step, prediction)}.",
        right=f"The run says: {answer.shown.rstrip('.')}.",
        reason=reason,
        lecture=step.explains,
    )
