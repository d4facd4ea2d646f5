"""The room store (rooms/) against a real SQLite file and a real PostgreSQL
server started for the tests: rooms, joins, idempotent posts, the teacher's
key, the limits, and what is refused with nothing written."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from rooms import Event, RoomError, RoomUnavailable, join, make_engine, open_room, post, wall
from rooms.db import single, unit
from rooms.store import JOINS_PER_WINDOW, OPENS_PER_WINDOW, now_utc, rejoin
from rooms.tables import events, members, rooms


def count(engine, table):
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def prediction(client_id, said="(1.8, -2.3)"):
    return Event(client_id, "prediction", step="start", said=said, correct=True)


def test_a_class_round_trip(room_engine):
    room = unit(room_engine, open_room)
    ann = unit(room_engine, join, room.code.lower(), "  Ann ")  # any case, ends trimmed
    bob = unit(room_engine, join, "-".join((room.code[:4], room.code[4:])), "Bob")
    assert (ann.nickname, bob.nickname) == ("Ann", "Bob")
    assert unit(room_engine, post, room.code, ann.token, prediction("ann-start-1")) is True
    run = Event("bob-run-0001", "run", w0=-2.0, b0=-2.0, eta=1.0, method="gd", epochs=420,
                final_loss=2.4e-11, status="converged")  # fmt: skip
    assert unit(room_engine, post, room.code, bob.token, run) is True
    seen = unit(room_engine, wall, room.code, room.key)
    assert [(r["nickname"], r["kind"]) for r in seen.rows] == [
        ("Ann", "prediction"),
        ("Bob", "run"),
    ]
    assert seen.rows[1]["final_loss"] == pytest.approx(2.4e-11)
    assert seen.rows[1]["epochs"] == 420
    assert sorted(seen.nicknames.values()) == ["Ann", "Bob"]


@pytest.mark.parametrize("how", [unit, single], ids=["in a transaction", "one statement"])
def test_a_post_sent_twice_counts_once(room_engine, how):
    room = unit(room_engine, open_room)
    ann = unit(room_engine, join, room.code, "Ann")
    assert how(room_engine, post, room.code, ann.token, prediction("same-id-123")) is True
    assert how(room_engine, post, room.code, ann.token, prediction("same-id-123")) is False
    assert count(room_engine, events) == 1


def test_a_retry_racing_the_first_send_is_counted_once(room_engine):
    """The first send has written the row but not committed when the retry
    reads: the retry waits on it and then writes nothing (False), on either store."""
    room = unit(room_engine, open_room)
    ann = unit(room_engine, join, room.code, "Ann")
    results: list[bool] = []
    with room_engine.connect() as first:
        first.begin()
        assert post(first, room.code, ann.token, prediction("raced-id-1")) is True
        retry = threading.Thread(
            target=lambda: results.append(
                single(room_engine, post, room.code, ann.token, prediction("raced-id-1"))
            )
        )
        retry.start()
        retry.join(0.5)
        assert retry.is_alive()  # it waits for the first send's transaction
        first.commit()
    retry.join(10)
    assert results == [False]
    assert count(room_engine, events) == 1


def test_concurrent_students_retrying_lose_nothing_and_double_nothing(room_engine):
    room = unit(room_engine, open_room)
    students = [unit(room_engine, join, room.code, f"s{k}") for k in range(6)]

    def work(member):
        for i in range(10):
            for _ in range(2):  # every post sent twice: a retry after a lost answer
                single(  # as the outbox sends it
                    room_engine,
                    post,
                    room.code,
                    member.token,
                    prediction(f"{member.nickname}-{i:06d}"),
                )

    threads = [threading.Thread(target=work, args=(m,)) for m in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = unit(room_engine, wall, room.code, room.key).rows
    assert len(rows) == 60
    assert len({r["client_id"] for r in rows}) == 60


def test_the_wall_needs_the_rooms_own_key(room_engine):
    room, other = unit(room_engine, open_room), unit(room_engine, open_room)
    with pytest.raises(RoomError, match="teacher key"):
        unit(room_engine, wall, room.code, "not-the-key")
    with pytest.raises(RoomError, match="teacher key"):
        unit(room_engine, wall, room.code, other.key)  # another room's key
    with pytest.raises(RoomError, match="teacher key"):
        unit(room_engine, wall, room.code, room.key + "x" * 10_000)
    assert unit(room_engine, wall, other.code, other.key).rows == []


def test_a_member_cannot_write_into_another_room(room_engine):
    room, other = unit(room_engine, open_room), unit(room_engine, open_room)
    ann = unit(room_engine, join, room.code, "Ann")
    with pytest.raises(RoomError, match="not a member"):
        unit(room_engine, post, other.code, ann.token, prediction("crafted-001"))
    with pytest.raises(RoomError, match="room code"):
        unit(room_engine, post, "ZZZZZZZZ", ann.token, prediction("crafted-002"))
    with pytest.raises(RoomError, match="not a member"):
        unit(room_engine, post, room.code, "guessed-token", prediction("crafted-003"))
    assert count(room_engine, events) == 0


def test_a_member_rejoins_with_the_token_only_in_the_own_open_room(room_engine):
    room, other = unit(room_engine, open_room), unit(room_engine, open_room)
    ann = unit(room_engine, join, room.code, "Ann")
    eve = unit(room_engine, join, other.code, "Eve")
    assert unit(room_engine, rejoin, room.code.lower(), ann.token) == ann  # same nickname
    for code, token in ((room.code, eve.token), (other.code, ann.token), (room.code, "A" * 32),
                        (room.code, None), (room.code, ann.token + "x" * 10_000)):  # fmt: skip
        with pytest.raises(RoomError, match="member token: not one of this room's members"):
            unit(room_engine, rejoin, code, token)
    with pytest.raises(RoomError, match="room code"):  # the room closed: no way back
        unit(room_engine, rejoin, room.code, ann.token, now=room.expires_at)
    assert count(room_engine, members) == 2 and count(room_engine, events) == 0


@pytest.mark.parametrize(
    "nickname, rule",
    [("x" * 10_240, "1 to 24"), ("", "1 to 24"), ("a\nb", "line breaks"), (42, "text"),
     ("a\u202eb", "control")],
)  # fmt: skip
def test_bad_nicknames_are_refused_and_nothing_is_written(room_engine, nickname, rule):
    room = unit(room_engine, open_room)
    with pytest.raises(RoomError, match=rule):
        unit(room_engine, join, room.code, nickname)
    assert count(room_engine, members) == 0


def test_markup_and_sql_in_a_nickname_are_kept_as_text(room_engine):
    room = unit(room_engine, open_room)
    for name in ("<b>x</b>", "'; DROP TABLE rooms;--", "[a](http://e.x)"):
        unit(room_engine, join, room.code, name)
    assert sorted(unit(room_engine, wall, room.code, room.key).nicknames.values()) == sorted(
        ["<b>x</b>", "'; DROP TABLE rooms;--", "[a](http://e.x)"]
    )
    assert count(room_engine, rooms) == 1


def test_a_taken_nickname_is_refused(room_engine):
    room = unit(room_engine, open_room)
    unit(room_engine, join, room.code, "Ann")
    with pytest.raises(RoomError, match="taken"):
        unit(room_engine, join, room.code, "Ann")
    assert count(room_engine, members) == 1


def test_nicknames_differing_only_in_case_are_one_name(room_engine):
    room, other = unit(room_engine, open_room), unit(room_engine, open_room)
    unit(room_engine, join, room.code, "Ada")
    for name in ("ada", "ADA", " aDa "):
        with pytest.raises(RoomError, match=r"'.*' is taken in this room \(capitals do not"):
            unit(room_engine, join, room.code, name)
    unit(room_engine, join, room.code, "Straße")
    with pytest.raises(RoomError, match="taken"):
        unit(room_engine, join, room.code, "STRASSE")
    assert unit(room_engine, join, other.code, "ada").nickname == "ada"  # another room: free
    assert count(room_engine, members) == 3


@pytest.mark.parametrize(
    "event, rule",
    [(Event("big-post-01", "prediction", said="x" * 10_240), "said must be text"),
     (Event("bad id!", "run"), "client_id"), (Event("x" * 41, "run"), "client_id"),
     (Event("nan-run-01", "run", final_loss=float("nan")), "final_loss must be finite"),
     (Event("kind-0001", "drop"), "kind must be"), (Event("ep-000001", "run", epochs=-1), "epochs"),
     (Event("eta-00001", "run", eta="1; DROP"), "eta must be a number"), ("not an event", "Event")],
)  # fmt: skip
def test_oversized_or_crafted_posts_are_refused_and_nothing_is_written(room_engine, event, rule):
    room = unit(room_engine, open_room)
    ann = unit(room_engine, join, room.code, "Ann")
    with pytest.raises(RoomError, match=rule):
        unit(room_engine, post, room.code, ann.token, event)
    assert count(room_engine, events) == 0


def test_a_flood_of_joins_is_refused(room_engine):
    room = unit(room_engine, open_room)
    for k in range(JOINS_PER_WINDOW):
        unit(room_engine, join, room.code, f"s{k}")
    with pytest.raises(RoomError, match="too many joins"):
        unit(room_engine, join, room.code, "one-more")
    assert count(room_engine, members) == JOINS_PER_WINDOW
    later = now_utc() + timedelta(seconds=11)  # the window has passed: joins open again
    assert unit(room_engine, join, room.code, "one-more", now=later).nickname == "one-more"


def test_limits_students_rows_and_expiry(room_engine):
    room = unit(room_engine, open_room, hours=1, max_students=2, max_rows=3)
    ann = unit(room_engine, join, room.code, "Ann")
    unit(room_engine, join, room.code, "Bob")
    with pytest.raises(RoomError, match="full"):
        unit(room_engine, join, room.code, "Cy")
    for i in range(3):
        unit(room_engine, post, room.code, ann.token, prediction(f"ann-row-{i:03d}"))
    with pytest.raises(RoomError, match="limit of 3 rows"):
        unit(room_engine, post, room.code, ann.token, prediction("ann-row-999"))
    assert count(room_engine, events) == 3
    later = now_utc() + timedelta(hours=1, seconds=1)
    with pytest.raises(RoomError, match="no open room"):
        unit(room_engine, post, room.code, ann.token, prediction("ann-late-01"), now=later)
    with pytest.raises(RoomError, match="no open room"):
        unit(room_engine, wall, room.code, room.key, now=later)
    unit(room_engine, open_room, now=later)  # opening a room clears the expired ones
    assert count(room_engine, rooms) == 1
    assert count(room_engine, events) == 0


def test_a_flood_of_opened_rooms_is_refused_whichever_session_asks(room_engine):
    start = now_utc()
    for k in range(OPENS_PER_WINDOW):
        unit(room_engine, open_room, now=start + timedelta(seconds=k))
    with pytest.raises(RoomError, match="in the last minute, its limit"):
        unit(room_engine, open_room, now=start + timedelta(seconds=30))
    assert count(room_engine, rooms) == OPENS_PER_WINDOW
    unit(room_engine, open_room, now=start + timedelta(seconds=61))  # the first ones aged out
    assert count(room_engine, rooms) == OPENS_PER_WINDOW + 1


def test_codes_are_short_unambiguous_and_keys_long():
    engine = make_engine("sqlite://")
    from rooms import upgrade

    upgrade(engine)
    start = now_utc()  # a minute apart: the server's limit on opened rooms
    opened = [unit(engine, open_room, now=start + timedelta(minutes=k)) for k in range(50)]
    assert len({r.code for r in opened}) == 50
    assert all(len(r.code) == 8 and not set(r.code) & set("01OIL") for r in opened)
    assert all(len(r.key) >= 32 for r in opened)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'r.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000


def test_a_database_that_does_not_answer_is_said_in_words():
    from pg_server import free_port

    engine = make_engine(f"postgresql+psycopg://ese@127.0.0.1:{free_port()}/rooms")
    with pytest.raises(RoomUnavailable, match="did not answer"):
        unit(engine, open_room)
