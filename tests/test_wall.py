"""The wall's pieces (ui/wall.py) on rows as the store returns them: each
step's right answer as gd_core.lesson computes it, each student's last word,
the leaderboard's order, and a CSV a spreadsheet will not run."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import gd_core
from gd_core.lesson import STEPS
from rooms import Wall
from ui import wall

BASE = {name: None for name in ("step", "said", "correct", "w0", "b0", "eta", "method",
                                "epochs", "final_loss", "status", "score")}  # fmt: skip


def row(k, member, nickname, kind, **fields):
    return {**BASE, "id": k, "member_id": member, "nickname": nickname, "client_id": f"c{k:07d}",
            "kind": kind, **fields}  # fmt: skip


def test_each_step_shows_the_lessons_right_answer_and_each_students_last_word():
    guess = STEPS[0]
    rows = [
        row(1, 1, "Ann", "prediction", step=guess.slug, said="random search ends lower",
            correct=False),
        row(2, 1, "Ann", "prediction", step=guess.slug, said="gradient descent ends lower",
            correct=True),  # predicted again: her last word counts
        row(3, 2, "Bob", "prediction", step=guess.slug, said="gradient descent ends lower",
            correct=True),
    ]  # fmt: skip
    (line,) = wall.steps_table(rows)
    lecture = gd_core.SigmoidNeuron.lecture()
    assert line["right answer"] == guess.answer(guess.stage(lecture)).shown
    assert (line["predicted"], line["right"]) == (2, 2)
    assert line["the class said"] == "gradient descent ends lower ×2"


def test_the_leaderboard_puts_goals_met_first_then_the_lowest_score():
    rows = [
        row(1, 1, "Ann", "challenge", step="reach20", correct=False, score=3.0, w0=-2.0, b0=-2.0),
        row(2, 2, "Bob", "challenge", step="reach20", correct=True, score=19.0, w0=-2.0, b0=-2.0),
        row(3, 3, "Cy", "challenge", step="reach20", correct=True, score=12.0, w0=1.0, b0=1.0),
        row(4, 2, "Bob", "challenge", step="reach20", correct=True, score=15.0, w0=0.0, b0=0.0),
    ]
    board = wall.leaderboard(rows)
    assert [(r["student"], r["score"], r["attempts"]) for r in board] == [
        ("Cy", 12.0, 1), ("Bob", 15.0, 2), ("Ann", 3.0, 1)
    ]  # fmt: skip


def test_the_csv_keeps_nicknames_as_text_and_no_cell_is_a_formula():
    rows = [row(1, 1, "=HYPERLINK(\"http://x\")", "run", eta=1.0, method="@SUM(A1)",
                final_loss=-0.5)]  # fmt: skip
    text = wall.wall_csv(Wall("ABCDEFGH", datetime(2026, 1, 1), {1: "x"}, rows))
    header, line = list(csv.reader(io.StringIO(text)))
    assert header[0] == "nickname" and "client_id" in header
    assert line[0] == '\'=HYPERLINK("http://x")'
    assert line[header.index("method")] == "'@SUM(A1)"
    assert line[header.index("final_loss")] == "-0.5"  # a number stays a number
