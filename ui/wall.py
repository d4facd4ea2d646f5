"""The teacher's wall, piece by piece (the Wall page draws them in a
fragment that refreshes itself): counts, the starts on the contour, each
lesson step's predictions beside the right answer, the challenge
leaderboard, and the room as CSV. Nicknames are shown as text: in tables
(which render no Markdown), in the chart's hover (escaped) and through
:func:`ui.inputs.plain` anywhere else."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import streamlit as st

import gd_core
from gd_core.figures.room import room_starts_figure
from gd_core.lesson import STEPS
from rooms import Wall
from rooms.events import FIELD_NAMES
from ui import cache, lesson
from ui.checked_figures import show_figure
from ui.schema import DEFAULTS

Row = dict[str, Any]


def counts(rows: Sequence[Row], students: int) -> dict[str, int]:
    kinds = Counter(row["kind"] for row in rows)
    return {"students": students, "predictions": kinds["prediction"], "runs": kinds["run"],
            "challenge attempts": kinds["challenge"]}  # fmt: skip


def lecture_answer(slug: str) -> str:
    """The step's right answer on the lecture's data, as the lesson computes it."""
    lecture = gd_core.SigmoidNeuron.lecture()
    return lesson.answer(slug, lecture.x, lecture.y, "squared_error").shown


def steps_table(rows: Sequence[Row]) -> list[Row]:
    """Per lesson step (in order): the right answer, how many predicted,
    how many were right, and the three most said answers with their counts."""
    table = []
    for number, step in enumerate(STEPS, start=1):
        said = [row for row in rows if row["kind"] == "prediction" and row["step"] == step.slug]
        if not said:
            continue
        latest = {row["member_id"]: row for row in said}  # a student's last word counts
        common = Counter(str(row["said"]) for row in latest.values()).most_common(3)
        table.append({
            "step": f"{number}. {step.title}", "right answer": lecture_answer(step.slug),
            "predicted": len(latest), "right": sum(bool(r["correct"]) for r in latest.values()),
            "the class said": "; ".join(f"{text} ×{n}" for text, n in common),
        })  # fmt: skip
    return table


def leaderboard(rows: Sequence[Row]) -> list[Row]:
    """Per challenge goal, each student's best attempt (goal met first, then
    the lowest score), best first."""
    best: dict[tuple[str, str], Row] = {}
    tries: Counter[tuple[str, str]] = Counter()
    for row in rows:
        if row["kind"] != "challenge":
            continue
        who = (str(row["step"]), row["nickname"])
        tries[who] += 1
        rank = (not row["correct"], row["score"] if row["score"] is not None else np.inf)
        if who not in best or rank < best[who]["rank"]:
            best[who] = {**row, "rank": rank}
    board = sorted(best.values(), key=lambda r: (str(r["step"]), r["rank"]))
    return [{"goal": r["step"], "student": r["nickname"], "met": bool(r["correct"]),
             "score": r["score"], "η": r["eta"], "start": f"({r['w0']:.2f}, {r['b0']:.2f})"
             if r["w0"] is not None else "", "attempts": tries[(str(r["step"]), r["nickname"])]}
            for r in board]  # fmt: skip


def _cell(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def wall_csv(wall: Wall) -> str:
    """Every event of the room, one row each, with the student's nickname."""
    out = io.StringIO()
    writer = csv.writer(out)
    columns = ["nickname", *FIELD_NAMES]
    writer.writerow(columns)
    for row in wall.rows:
        writer.writerow([_cell(row[name]) for name in columns])
    return out.getvalue()


def starts_chart(rows: Sequence[Row], key: str) -> None:
    """Every committed run's start on the lecture's contour, coloured by outcome."""
    runs = [row for row in rows if row["kind"] == "run" and row["w0"] is not None]
    lecture = gd_core.SigmoidNeuron.lecture()
    view = float(DEFAULTS["view"])
    _, bg = cache.surface_and_background(lecture.x, lecture.y, "squared_error", view, 120, True)
    figure = room_starts_figure(
        bg, view, [(float(r["w0"]), float(r["b0"])) for r in runs],
        [str(r["status"]) for r in runs],
        [f"{r['nickname']}: η = {r['eta']:g}" for r in runs], lecture.zero_loss_point(),
    )  # fmt: skip
    show_figure(figure, key=key)
    if not runs:
        st.caption("No run yet: students send theirs from the Error surface page.")


def draw(wall: Wall) -> None:
    """The whole wall of ``wall``."""
    numbers = counts(wall.rows, len(wall.nicknames))
    for column, (label, value) in zip(st.columns(len(numbers)), numbers.items(), strict=True):
        column.metric(label.capitalize(), value)
    left, right = st.columns(2)
    with left:
        st.subheader("Where each run started")
        starts_chart(wall.rows, "wall_starts")
    with right:
        st.subheader("Challenge leaderboard")
        board = leaderboard(wall.rows)
        if board:
            st.dataframe(board, hide_index=True, key="wall_board")
        else:
            st.caption("No challenge attempt yet.")
    st.subheader("The lesson: the class's predictions beside the right answer")
    table = steps_table(wall.rows)
    if table:
        st.dataframe(table, hide_index=True, key="wall_steps")
    else:
        st.caption("No prediction yet: students' Reveals in the Lesson appear here.")
