"""The guided lesson: the lecture's steps as data, each answer computed from
the core for the step's settings, and a coach for the student's prediction.
Pure: no Streamlit (the page is ``views/lesson.py``)."""

from gd_core.lesson.coach import check_prediction, coach
from gd_core.lesson.model import LESSON_DEFAULTS, Answer, Question, Stage, Step, Verdict
from gd_core.lesson.steps import SLUGS, STEPS

__all__ = [
    "LESSON_DEFAULTS",
    "SLUGS",
    "STEPS",
    "Answer",
    "Question",
    "Stage",
    "Step",
    "Verdict",
    "check_prediction",
    "coach",
]
