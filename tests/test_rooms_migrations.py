"""The room store's schema is versioned (Alembic, rooms/migrations): an
upgrade from the first revision keeps a room and what it pooled, and the
newest revision is what rooms/tables.py declares."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from rooms import Event, RoomError, join, make_engine, open_room, post, unit, upgrade, wall
from rooms.db import alembic_config, database_url
from rooms.store import digest, now_utc
from rooms.tables import metadata

INDEX = "ix_events_room_id_id"  # what revision 0002 adds


def indexes(engine):
    return {i["name"] for i in inspect(engine).get_indexes("events")}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request, tmp_path):
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_url"))
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    yield engine
    engine.dispose()


def test_upgrading_from_the_first_revision_keeps_the_room(empty_engine):
    upgrade(empty_engine, "0001")
    now = now_utc()
    with empty_engine.begin() as conn:  # a room written by the first revision's app
        conn.execute(text(
            "INSERT INTO rooms (code, key_hash, created_at, expires_at, max_students, max_rows) "
            "VALUES (:code, :hash, :now, :end, 60, 300)"
        ), {"code": "ABCDEFGH", "hash": digest("the-key"), "now": now,
            "end": now + timedelta(hours=24)})  # fmt: skip
        conn.execute(
            text(
                "INSERT INTO members (room_id, nickname, token_hash, joined_at) "
                "VALUES (1, 'Ann', :hash, :now)"
            ),
            {"hash": digest("ann-token"), "now": now},
        )
        conn.execute(text(
            "INSERT INTO events (room_id, member_id, client_id, kind, eta, created_at) "
            "VALUES (1, 1, 'kept-0001', 'run', 1.0, :now)"
        ), {"now": now})  # fmt: skip
    assert INDEX not in indexes(empty_engine)
    upgrade(empty_engine)
    seen = unit(empty_engine, wall, "ABCDEFGH", "the-key")
    assert [(r["nickname"], r["client_id"], r["eta"]) for r in seen.rows] == [
        ("Ann", "kept-0001", 1.0)
    ]
    assert INDEX in indexes(empty_engine)
    with empty_engine.connect() as conn:
        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        assert MigrationContext.configure(conn).get_current_revision() == head == "0004"
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    upgrade(empty_engine)  # at start, every time: nothing to do, nothing lost
    challenge = Event("kept-0002", "challenge", step="reach20", correct=True, score=17.0)
    assert unit(empty_engine, post, "ABCDEFGH", "ann-token", challenge) is True
    rows = unit(empty_engine, wall, "ABCDEFGH", "the-key").rows
    assert [(r["client_id"], r["score"]) for r in rows] == [
        ("kept-0001", None),
        ("kept-0002", 17.0),
    ]
    unit(empty_engine, open_room)


def test_members_who_differed_only_in_case_before_0004_both_stay(empty_engine):
    upgrade(empty_engine, "0003")
    now = now_utc()
    with empty_engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO rooms (code, key_hash, created_at, expires_at, max_students, max_rows) "
            "VALUES ('ABCDEFGH', :hash, :now, :end, 60, 300)"
        ), {"hash": digest("the-key"), "now": now, "end": now + timedelta(hours=24)})  # fmt: skip
        for k, name in enumerate(("Ann", "ann", "Bob")):
            conn.execute(text(
                "INSERT INTO members (room_id, nickname, token_hash, joined_at) "
                "VALUES (1, :name, :hash, :now)"
            ), {"name": name, "hash": digest(f"token-{k}"), "now": now})  # fmt: skip
    upgrade(empty_engine)
    seen = unit(empty_engine, wall, "ABCDEFGH", "the-key")
    assert sorted(seen.nicknames.values()) == ["Ann", "Bob", "ann"]
    for name in ("ANN", "bob"):
        with pytest.raises(RoomError, match="taken"):
            unit(empty_engine, join, "ABCDEFGH", name)
    assert unit(empty_engine, join, "ABCDEFGH", "Cy").nickname == "Cy"


def test_the_database_is_a_sqlite_file_unless_a_url_is_configured(monkeypatch, tmp_path):
    monkeypatch.delenv("ESE_DATABASE_URL", raising=False)
    monkeypatch.setenv("ESE_DATA_DIR", str(tmp_path / "data"))
    assert database_url() == f"sqlite:///{tmp_path / 'data' / 'rooms.sqlite3'}"
    assert (tmp_path / "data").is_dir()
    monkeypatch.setenv("ESE_DATABASE_URL", "postgresql+psycopg://u@db:5432/rooms")
    assert database_url() == "postgresql+psycopg://u@db:5432/rooms"
