"""Challenges on the page: the goal a link carries (``goal=reach20``),
checked live against the view's settings with a verdict and the student's
best so far; and "Make this a challenge" in the sidebar, which puts a goal
into the view's link. The goal's rules are ``gd_core.lesson.challenge``."""

from __future__ import annotations

from typing import Any

import streamlit as st

import gd_core
from gd_core.lesson.challenge import KINDS, Goal, check_goal, parse_goal
from ui import room
from ui.budget import Runs, fit
from ui.inputs import plain
from ui.races import DEFAULT_RACE
from ui.state import active_data
from ui.url_lesson import GOAL_KEY

PAGE_OF = {"": "error_surface", "optimizers": "optimizers"}  # url path -> link page
BEST = "challenge_best"  # (goal text, best score, its words)
CHECK_RUNS = (Runs("method", count=2, factor=2.0),)
LABELS = {"reach": "reach L < 1e−5 within N epochs: choose η",
          "stall": "find a start from which η = N stalls",
          "beat": "beat plain descent with another method"}  # fmt: skip


def _goal() -> Goal | None:
    text = st.session_state.get(GOAL_KEY)
    if text is None:
        return None
    try:
        return parse_goal(str(text))
    except ValueError as error:  # only a crafted client sends one that the link refused
        st.error(plain(f"The challenge's goal {str(text)[:40]!r} {error}; ignored."))
        st.session_state[GOAL_KEY] = None
        return None


def banner(url_path: str) -> None:
    """The goal of this view, the verdict for its settings now, the best so far."""
    goal = _goal()
    if goal is None or PAGE_OF.get(url_path) != goal.page:
        return
    x, y, loss = active_data()
    race = st.session_state.get("race") or DEFAULT_RACE
    try:
        settings = {key: st.session_state[key] for key in ("w0", "b0", "eta", "epochs")}
        # Its check runs descent beside another method: within the work budget.
        if fit(len(x), settings["epochs"], CHECK_RUNS).epochs < settings["epochs"]:
            raise ValueError(
                f"not checked: {settings['epochs']:,} epochs on {len(x):,} points are more "
                "than one rerun may compute (the work budget); use fewer epochs or points"
            )
        attempt = check_goal(goal, gd_core.SigmoidNeuron(x, y, loss), settings, race)
    except ValueError as error:
        st.warning(plain(f"Challenge: {error}."))
        return
    room.post_challenge(goal, settings, attempt)
    best = st.session_state.get(BEST)
    if best is None or best[0] != goal.text or attempt.score < best[1]:
        best = (goal.text, attempt.score, attempt.words)
        st.session_state[BEST] = best
    box = st.success if attempt.met else st.info
    box(
        f"**Challenge:** {goal.words()}.\n\n"
        + ("**Goal met.** " if attempt.met else "**Not yet.** ")
        + attempt.words
        + f"\n\nYour best so far: {best[2]}",
        icon=":material/flag:",
    )


def make_challenge(url_path: str) -> None:
    """Sidebar: pick a goal and its limit; the view's link then carries it."""
    if url_path not in PAGE_OF:
        return
    with st.sidebar.expander("Make this a challenge"):
        kinds = [k for k in KINDS if (k == "beat") == (PAGE_OF[url_path] == "optimizers")]
        kind = st.selectbox("Goal", kinds, format_func=LABELS.__getitem__, key="challenge_kind")
        limit: Any = 0
        if kind != "beat":
            limit = st.number_input(
                "N (epochs)" if kind == "reach" else "N (η)", min_value=1.0, max_value=1000.0,
                value=20.0 if kind == "reach" else 10.0, step=1.0, key="challenge_limit",
            )  # fmt: skip
        text = "beat" if kind == "beat" else f"{kind}{float(limit or 1):g}"
        st.button("Set this goal", key="challenge_set", on_click=_set, args=(text,))
        if st.session_state.get(GOAL_KEY):
            st.button("Clear the goal", key="challenge_clear", on_click=_set, args=(None,))
        st.caption("The goal goes into this view's link (Share this view).")


def _set(text: str | None) -> None:
    if text is not None:
        try:
            text = parse_goal(text).text
        except ValueError as error:
            st.session_state["challenge_problem"] = f"goal {error}"
            return
    st.session_state[GOAL_KEY] = text
    st.session_state.pop(BEST, None)
