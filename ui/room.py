"""A student in a room (the Streamlit side of ``rooms``): joining, the hooks
that post what the student does, and the sidebar's word on the room.

Each hook is one call from its page and returns at once: the post goes to
the session's :class:`rooms.outbox.Outbox`, which sends it in the
background, keeps it while the database does not answer and sends it again
(same id: the store counts it once). The student's own page never waits
for the room.

A member's place survives a reload or a replica's restart without an
account: after a join the page's address carries ``room`` and ``member``
(the member's secret token, never drawn on the page nor put in a shared
link); a new session reads them once (:func:`restore`) and, if the
database knows that token in that room, is the same member again.

Session state: ``room_outbox`` (the membership and its waiting posts),
``room_nickname``, ``room_restored``."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from typing import Any

import streamlit as st
from sqlalchemy import Engine

import rooms
from gd_core.lesson.challenge import Attempt, Goal
from gd_core.lesson.coach import said
from gd_core.lesson.model import Step
from gd_core.trajectory import Trajectory
from rooms.outbox import Outbox
from ui.inputs import plain

OUTBOX = "room_outbox"
NICKNAME = "room_nickname"
MEMBER = "member"  # the address's key for the member's token
RESTORED = "room_restored"  # this session has read the address's membership
LINK_CODE = "room_link_code"  # a refused address's room code, for the join form
RETRY_SECONDS = 2.0


def engine() -> Engine:
    """The process's engine (``ESE_DATABASE_URL`` or the SQLite file),
    upgraded on first use; raises if the database does not answer."""
    return rooms.shared_engine()


def outbox() -> Outbox | None:
    box = st.session_state.get(OUTBOX)
    return box if isinstance(box, Outbox) else None


def enter(member: rooms.Membership) -> None:
    """Keep the membership for this session (after :func:`rooms.join`)."""
    st.session_state[OUTBOX] = Outbox(member.code, member.token, engine)
    st.session_state[NICKNAME] = member.nickname


def leave() -> None:
    st.session_state.pop(OUTBOX, None)
    st.session_state.pop(NICKNAME, None)
    if MEMBER in st.query_params:
        del st.query_params[MEMBER]


def address() -> dict[str, str]:
    """What the page's address keeps of the room: ``room`` and ``member``
    while this session is a member (``ui.share`` adds it to the URL it
    writes; never to the link it offers)."""
    box = outbox()
    return {"room": box.code, MEMBER: box.token} if box is not None else {}


def restore() -> None:
    """On a session's first run (a reload, a replica restarted): the
    address's ``room`` and ``member`` make it that member again, with the
    same nickname. A token the room does not know is refused in one message
    (the join form is on the Room page); a database that does not answer is
    said, and tried again on a later run."""
    if outbox() is not None or MEMBER not in st.query_params:
        return
    if time.monotonic() < st.session_state.get(RESTORED, 0.0):
        return
    code = str(st.query_params.get("room", ""))[:32]
    token = str(st.query_params.get(MEMBER, ""))[:64]
    try:
        member = rooms.unit(engine(), rooms.rejoin, code, token)
    except rooms.RoomError as error:
        st.session_state[RESTORED] = float("inf")
        st.session_state[LINK_CODE] = code
        del st.query_params[MEMBER]
        st.error(plain(f"Not back in the room from this page's address: {error}. "
                       "Join again on the Room page."), icon=":material/person_off:")  # fmt: skip
        return
    except Exception as error:  # the database down, locked or slow
        st.session_state[RESTORED] = time.monotonic() + 5 * RETRY_SECONDS
        st.warning(plain(f"The room cannot be reached now ({type(error).__name__}): your "
                         "place in it is kept in this page's address and tried again in "
                         f"{5 * RETRY_SECONDS:g} s."), icon=":material/cloud_off:")  # fmt: skip
        return
    st.session_state[RESTORED] = float("inf")
    enter(member)


def _keep_in_address() -> None:
    kept = address()
    if kept and any(st.query_params.get(k) != v for k, v in kept.items()):
        st.query_params.update(kept)


def _client_id(kind: str, *parts: Any) -> str:
    """The same thing said twice gets the same id (the store keeps it once)."""
    box = outbox()
    seed = "|".join([box.token if box else "", kind, *map(repr, parts)])
    return kind[0] + hashlib.sha256(seed.encode()).hexdigest()[:31]


def _submit(event: rooms.Event) -> None:
    box = outbox()
    if box is not None:
        box.submit(event)


def post_prediction(step: Step, value: Any, correct: Callable[[], bool]) -> None:
    """Hook of the lesson's Reveal: the prediction and its verdict
    (``correct`` is asked only in a room: it runs the step's answer)."""
    if outbox() is None:
        return
    point = value if step.question.kind == "point" else (None, None)
    _submit(rooms.Event(_client_id("prediction", step.slug, value), "prediction",
                        step=step.slug, said=said(step, value)[:80], correct=bool(correct()),
                        w0=point[0], b0=point[1]))  # fmt: skip


def post_challenge(goal: Goal, settings: dict[str, Any], attempt: Attempt) -> None:
    """Hook of the challenge banner: an attempt at ``goal`` with ``settings``."""
    if outbox() is None:
        return
    values = [float(settings[k]) for k in ("w0", "b0", "eta")]
    _submit(rooms.Event(_client_id("challenge", goal.text, *values, settings["epochs"]),
                        "challenge", step=goal.text, said=attempt.words[:80],
                        correct=attempt.met, w0=values[0], b0=values[1], eta=values[2],
                        epochs=int(settings["epochs"]), score=float(attempt.score)))  # fmt: skip


def run_event(run: Trajectory, start: tuple[float, float], method: str) -> rooms.Event:
    """A committed run as the room keeps it."""
    finite = run.final_loss == run.final_loss and abs(run.final_loss) < 1e12
    eta = float(run.learning_rate or 0.0)
    return rooms.Event(
        _client_id("run", *start, eta, run.steps, method), "run",
        w0=float(start[0]), b0=float(start[1]), eta=eta, method=method[:80],
        epochs=run.converged_at, final_loss=float(run.final_loss) if finite else None,
        status=run.status,
    )  # fmt: skip


def send_run_button(run: Trajectory, start: tuple[float, float], method: str) -> None:
    """Hook of a page's run: in a room, a button that sends it to the wall."""
    if outbox() is None:
        return
    st.button("Send this run to the room", key="room_send_run", icon=":material/send:",
              on_click=_submit, args=(run_event(run, start, method),),
              help="Your start, η, the epochs to the tolerance and the final loss go to "
                   "the teacher's wall.")  # fmt: skip


def sidebar_status() -> None:
    """In the sidebar of every page: the room, and what waits to be sent."""
    box = outbox()
    if box is None:
        return
    _keep_in_address()  # a page switch leaves the address bare; a reload needs it
    with st.sidebar:
        if box.waiting or box.problem:
            _status_live()  # sends again and redraws until nothing waits
        else:
            _status()


@st.fragment(run_every=RETRY_SECONDS)
def _status_live() -> None:
    _status()


def _status() -> None:
    box = outbox()
    if box is None:
        return
    box.retry()
    with box.lock:
        waiting, sent, problem = len(box.waiting), box.sent, box.problem
        refused, box.refused = box.refused, []
    st.markdown(f"**Room {box.code}** as {plain(str(st.session_state.get(NICKNAME, '')))}: "
                f"{sent} sent to the wall")  # fmt: skip
    for reason in refused:
        st.warning(plain(f"The room refused a post: {reason}."), icon=":material/block:")
    if waiting and problem:
        st.warning(plain(f"The room cannot be reached now ({problem}): {waiting} of your "
                         f"posts wait and are sent again every {RETRY_SECONDS:g} s. "
                         "Your own work goes on."), icon=":material/cloud_off:")  # fmt: skip
    elif waiting:
        st.caption(f"{waiting} on the way…")


def allowed(action: str, most: int, seconds: float) -> bool:
    """At most ``most`` of ``action`` per ``seconds`` in this session (joins,
    rooms opened): a script that floods is told to wait, nothing written."""
    now = time.monotonic()
    key = f"room_times_{action}"
    recent = [t for t in st.session_state.get(key, []) if now - t < seconds]
    if len(recent) >= most:
        st.session_state[key] = recent
        return False
    st.session_state[key] = [*recent, now]
    return True


def room_hours() -> float:
    """How long a new room stays open: ``ESE_ROOM_HOURS`` (default 24)."""
    try:
        hours = float(os.environ.get("ESE_ROOM_HOURS", "") or 24)
    except ValueError:
        return 24.0
    return hours if 0 < hours <= 720 else 24.0
