"""The room store's tables, declared once (SQLAlchemy Core). A room holds a
short student code and the SHA-256 of its teacher key (the key itself is
never stored); members are nicknames; events are what a room pools — a
lesson prediction, a challenge attempt or a committed run — each under the
id its client made, unique in the room, so a write sent twice counts once.
Nothing about a device is kept: no IP address, no user agent. Times are
naive UTC (the same on SQLite and PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
)

NICKNAME_CHARS = 24
NICKNAME_KEY_CHARS = 96  # the nickname casefolded (at most 72), unique in its room
CLIENT_ID_CHARS = 40
TEXT_CHARS = 80  # a prediction as said, a status, a method or a goal

metadata = MetaData()

rooms = Table(
    "rooms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", DateTime(), nullable=False),
    Column("expires_at", DateTime(), nullable=False, index=True),
    Column("max_students", Integer, nullable=False),
    Column("max_rows", Integer, nullable=False),
)

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("nickname", String(NICKNAME_CHARS), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("joined_at", DateTime(), nullable=False),
    # "Ada" and "ada" are one name in a room (revision 0004). Nullable in the
    # schema only (SQLite adds no NOT NULL column in place); the store always sets it.
    Column("nickname_key", String(NICKNAME_KEY_CHARS)),
    UniqueConstraint("room_id", "nickname", name="uq_members_room_nickname"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("room_id", ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("client_id", String(CLIENT_ID_CHARS), nullable=False),
    Column("kind", String(12), nullable=False),  # prediction | challenge | run
    Column("step", String(TEXT_CHARS)),  # lesson step slug, or the challenge's goal
    Column("said", String(TEXT_CHARS)),  # a prediction as the student said it
    Column("correct", Boolean),  # a prediction's or a challenge's verdict
    Column("w0", Float),
    Column("b0", Float),
    Column("eta", Float),
    Column("method", String(TEXT_CHARS)),
    Column("epochs", Integer),  # epochs to the loss tolerance (None: not reached)
    Column("final_loss", Float),
    Column("status", String(TEXT_CHARS)),
    Column("score", Float),  # a challenge attempt's score, lower is better (revision 0003)
    Column("created_at", DateTime(), nullable=False),
    UniqueConstraint("room_id", "client_id", name="uq_events_room_client"),
)
Index("uq_members_room_nickname_key", members.c.room_id, members.c.nickname_key, unique=True)
# The wall reads a room's events in order (revision 0002).
Index("ix_events_room_id_id", events.c.room_id, events.c.id)
