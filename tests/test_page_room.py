"""The Room and Wall pages (AppTest) on a real SQLite file: a teacher opens a
room, students join it, the lesson's Reveal, a sent run and a challenge
attempt reach the wall once each; a wrong key, another room's code, bad
nicknames and a flood of joins are refused in words with nothing written."""

from __future__ import annotations

import time

import pytest
from app_helpers import APP, new_app
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

import rooms
from rooms.tables import events, members
from ui import room as room_ui


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("ESE_DATABASE_URL", url)
    return rooms.shared_engine(url)


def count(engine, table):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def on_page(at, path):
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def joined(at, code, nickname):
    at.text_input(key="room_code").set_value(code)
    at.text_input(key="room_nickname_input").set_value(nickname)
    form_submit = next(b for b in at.button if b.label == "Join")
    form_submit.click().run()
    assert not at.exception, at.exception
    return at


def wait_sent(at, engine, table, expected, seconds=10.0):
    end = time.monotonic() + seconds
    while count(engine, table) < expected and time.monotonic() < end:
        time.sleep(0.05)
    return count(engine, table)


def test_a_teacher_opens_a_room_and_gets_two_links(database):
    at = on_page(new_app(), "views/room.py")
    at.button(key="room_open").click().run()
    opened = at.session_state["room_opened"]
    links = [str(e.proto) for e in at.get("bidi_component")]
    assert any(f"/room?room={opened.code}" in link for link in links)
    assert any(f"/wall?room={opened.code}&key={opened.key}" in link for link in links)


def test_a_student_joins_and_the_lessons_reveal_reaches_the_wall_once(database):
    opened = rooms.unit(database, rooms.open_room)
    at = joined(on_page(new_app(), "views/room.py"), opened.code.lower(), "<b>Ann</b>")
    assert isinstance(at.session_state[room_ui.OUTBOX], room_ui.Outbox)
    assert "You are in room" in "\n".join(s.value for s in at.success)
    at = on_page(at, "views/lesson.py")
    radios = at.radio
    assert radios, "the first step asks a choice"
    radios[0].set_value(radios[0].options[0]).run()
    reveal = next(b for b in at.button if b.key and b.key.startswith("lesson_reveal_"))
    reveal.click().run()
    reveal_again = [b for b in at.button if b.key and b.key.startswith("lesson_again_")]
    assert reveal_again, "the step is revealed"
    assert wait_sent(at, database, events, 1) == 1
    row = rooms.unit(database, rooms.wall, opened.code, opened.key).rows[0]
    assert (row["nickname"], row["kind"]) == ("<b>Ann</b>", "prediction")
    assert row["said"] == radios[0].options[0] and row["correct"] in (True, False)


def test_a_sent_run_is_counted_once_however_often_it_is_sent(database):
    opened = rooms.unit(database, rooms.open_room)
    at = joined(on_page(new_app(), "views/room.py"), opened.code, "Bob")
    at = on_page(at, "views/error_surface.py")
    for _ in range(3):
        at.button(key="room_send_run").click().run()
    assert wait_sent(at, database, events, 1) == 1
    time.sleep(0.3)
    rows = rooms.unit(database, rooms.wall, opened.code, opened.key).rows
    assert len(rows) == 1
    assert (rows[0]["w0"], rows[0]["b0"], rows[0]["eta"]) == (-2.0, -2.0, 1.0)
    assert rows[0]["status"] == "converged" and rows[0]["epochs"] > 0


def test_the_wall_shows_the_room_to_its_key_only(database):
    opened = rooms.unit(database, rooms.open_room)
    ann = rooms.unit(database, rooms.join, opened.code, "<img src=x onerror=a()>")
    run = rooms.Event("run-00000001", "run", w0=-2.0, b0=-2.0, eta=1.0, method="gd",
                      epochs=400, final_loss=1e-6, status="converged")  # fmt: skip
    rooms.unit(database, rooms.post, opened.code, ann.token, run)
    at = new_app()
    at.query_params["room"] = opened.code
    at.query_params["key"] = opened.key
    at = on_page(at, "views/wall.py")
    assert [m.value for m in at.metric][:3] == ["1", "0", "1"]
    assert "key" not in at.query_params  # the key leaves the address bar
    assert at.get("plotly_chart")
    wrong = new_app()
    wrong.query_params["room"] = opened.code
    wrong.query_params["key"] = "guess"
    wrong = on_page(wrong, "views/wall.py")
    assert "teacher key" in wrong.error[0].value
    assert not wrong.metric and not wrong.get("plotly_chart")
    other = rooms.unit(database, rooms.open_room)
    crossed = new_app()
    crossed.query_params["room"] = opened.code
    crossed.query_params["key"] = other.key  # another room's key
    crossed = on_page(crossed, "views/wall.py")
    assert "teacher key" in crossed.error[0].value


@pytest.mark.parametrize(
    "nickname, words",
    [("x" * 10_240, "1 to 24"), ("", "1 to 24"), ("a\tb", "tabs")],
)
def test_bad_nicknames_are_refused_in_words(database, nickname, words):
    opened = rooms.unit(database, rooms.open_room)
    at = on_page(new_app(), "views/room.py")
    at = joined(at, opened.code, nickname)  # a crafted client: max_chars not kept
    assert any(words in e.value for e in at.error), [e.value for e in at.error]
    assert count(database, members) == 0


def test_another_rooms_code_and_a_join_flood_are_refused(database):
    opened = rooms.unit(database, rooms.open_room)
    at = joined(on_page(new_app(), "views/room.py"), "ZZZZ-ZZZZ", "Ann")
    assert "no open room has this code" in at.error[0].value
    for _ in range(5):
        joined(at, "ZZZZ-ZZZZ", "Ann")
    assert "Too many tries" in at.error[0].value
    joined(at, opened.code, "Ann")  # even with the right code: wait first
    assert "Too many tries" in at.error[0].value
    assert count(database, members) == 0


def test_a_database_down_keeps_the_students_work_and_sends_later(tmp_path, monkeypatch):
    good = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    engine = rooms.shared_engine(good)
    opened = rooms.unit(engine, rooms.open_room)
    member = rooms.unit(engine, rooms.join, opened.code, "Cy")
    down = {"yes": True}

    def flaky():
        if down["yes"]:
            raise rooms.RoomUnavailable("the room's database did not answer (test)")
        return engine

    box = room_ui.Outbox(member.code, member.token, flaky)
    event = rooms.Event("cy-run-000001", "run", eta=1.0)
    box.submit(event)
    box.submit(event)  # sent twice while down
    deadline = time.monotonic() + 5
    while box.in_flight and time.monotonic() < deadline:
        time.sleep(0.02)
    assert list(box.waiting) == ["cy-run-000001"] and "did not answer" in (box.problem or "")
    assert count(engine, events) == 0
    down["yes"] = False
    box.retry()
    box.retry()
    deadline = time.monotonic() + 5
    while box.waiting and time.monotonic() < deadline:
        time.sleep(0.02)
    assert (box.waiting, box.sent, box.problem) == ({}, 1, None)
    assert count(engine, events) == 1


def test_more_than_five_posts_a_second_from_a_session_are_refused(tmp_path):
    engine = rooms.shared_engine(f"sqlite:///{tmp_path / 'rooms.sqlite3'}")
    opened = rooms.unit(engine, rooms.open_room)
    member = rooms.unit(engine, rooms.join, opened.code, "Dee")
    box = room_ui.Outbox(member.code, member.token, lambda: engine)
    for k in range(8):  # a script, within a second
        box.submit(rooms.Event(f"dee-flood-{k:04d}", "run", eta=1.0))
    assert box.refused == ["more than 5 posts a second: this one was not sent"] * 3
    deadline = time.monotonic() + 5
    while box.waiting and time.monotonic() < deadline:
        time.sleep(0.02)
    assert count(engine, events) == 5


def test_a_database_that_does_not_answer_is_said_in_words_on_both_pages(monkeypatch):
    from pg_server import free_port

    monkeypatch.setenv("ESE_DATABASE_URL", f"postgresql+psycopg://ese@127.0.0.1:{free_port()}/x")
    at = joined(on_page(new_app(), "views/room.py"), "ABCDEFGH", "Ann")
    assert "cannot be reached now" in at.warning[0].value
    assert room_ui.OUTBOX not in at.session_state
    wall = new_app()
    wall.query_params["room"] = "ABCDEFGH"
    wall.query_params["key"] = "k"
    wall = on_page(wall, "views/wall.py")
    assert "did not answer" in wall.warning[0].value and "trying again" in wall.warning[0].value
    page = on_page(new_app(), "views/error_surface.py")  # the student's own work goes on
    assert page.get("bidi_component") and not page.exception


def test_a_room_link_opens_the_room_page_with_its_code_and_no_link_warning(database):
    opened = rooms.unit(database, rooms.open_room)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["room"] = opened.code  # the link, read on the session's first run
    at.switch_page("views/room.py").run()  # …/room?room=CODE
    assert not at.exception
    assert not [w.value for w in at.warning if "not a setting" in w.value]
    assert at.text_input(key="room_code").value == opened.code


def test_a_server_that_opened_its_limit_of_rooms_says_so_and_opens_none(database):
    from rooms.store import OPENS_PER_WINDOW

    for _ in range(OPENS_PER_WINDOW):  # other teachers' sessions, within the minute
        rooms.unit(database, rooms.open_room)
    at = on_page(new_app(), "views/room.py")
    at.button(key="room_open").click().run()
    assert [e.value for e in at.error] == [
        f"No room opened: this server has opened {OPENS_PER_WINDOW} rooms in the last minute, "
        "its limit: open one again in a minute."
    ]
    assert "room_opened" not in at.session_state
    assert count(database, rooms.tables.rooms) == OPENS_PER_WINDOW
