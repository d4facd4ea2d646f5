"""A member's place survives a reload (AppTest on a real SQLite file): after
a join the address holds ``room`` and ``member``; a fresh session opened with
them is the same member, its posts under the same nickname; a forged token
or another room's token is refused in words, with nothing written."""

from __future__ import annotations

import time

import pytest
from app_helpers import APP
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest
from test_page_room import joined, on_page, wait_sent

import rooms
from rooms.tables import events, members
from ui import room as room_ui


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("ESE_DATABASE_URL", url)
    return rooms.shared_engine(url)


def fresh(query, path="views/error_surface.py"):
    """A new session (a reload, or a replica restarted) opened at ``query``."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def count(engine, table):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_reloaded_student_is_the_same_member_with_the_same_nickname(database):
    opened = rooms.unit(database, rooms.open_room)
    at = joined(fresh({}, "views/room.py"), opened.code, "Ada")
    token = at.session_state[room_ui.OUTBOX].token
    at = on_page(at, "views/error_surface.py")  # a page switch: the address keeps the place
    assert (at.query_params["room"], at.query_params["member"]) == (opened.code, token)
    links = "\n".join(str(e.proto) for e in at.get("bidi_component"))
    assert token not in links  # the shared link never holds the token
    reloaded = fresh({"room": opened.code, "member": token})
    assert not reloaded.error, [e.value for e in reloaded.error]
    assert reloaded.session_state[room_ui.NICKNAME] == "Ada"
    assert token not in "\n".join(m.value for m in reloaded.markdown)  # never drawn
    reloaded.button(key="room_send_run").click().run()
    assert wait_sent(reloaded, database, events, 1) == 1
    seen = rooms.unit(database, rooms.wall, opened.code, opened.key)
    assert [r["nickname"] for r in seen.rows] == ["Ada"]
    assert count(database, members) == 1  # no second member, "Ada" not taken from herself


def test_a_forged_or_another_rooms_token_is_refused_and_writes_nothing(database):
    mine = rooms.unit(database, rooms.open_room)
    other = rooms.unit(database, rooms.open_room)
    stranger = rooms.unit(database, rooms.join, other.code, "Eve")
    for token in ("A" * 32, stranger.token):
        at = fresh({"room": mine.code, "member": token})
        assert [e.value for e in at.error] == [
            "Not back in the room from this page's address: member token: not one of this "
            "room's members. Join again on the Room page."
        ]
        assert room_ui.OUTBOX not in at.session_state
        assert "member" not in at.query_params
        assert not any(b.key == "room_send_run" for b in at.button)  # not in a room
        at = on_page(at, "views/room.py")
        assert any(b.label == "Join" for b in at.button)  # the join form, code filled in
        assert at.text_input(key="room_code").value == mine.code
    time.sleep(0.2)
    assert count(database, events) == 0 and count(database, members) == 1


def test_leaving_takes_the_token_out_of_the_address(database):
    opened = rooms.unit(database, rooms.open_room)
    at = joined(fresh({}, "views/room.py"), opened.code, "Bo")
    assert "member" in at.query_params
    at.button(key="room_leave").click().run()
    assert "member" not in at.query_params and room_ui.OUTBOX not in at.session_state
