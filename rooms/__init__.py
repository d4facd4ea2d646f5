"""Rooms: a class's lesson predictions, challenge attempts and runs, pooled
for the teacher's wall. Pure Python over SQLAlchemy (no Streamlit): the
tables (``rooms.tables``, versioned by Alembic in ``rooms/migrations``), the
units of work (``rooms.store``), what a client may post (``rooms.events``)
and where the database is (``rooms.db``)."""

from rooms.db import database_url, make_engine, shared_engine, single, unit, upgrade
from rooms.errors import RoomError, RoomUnavailable
from rooms.events import Event, check_event
from rooms.store import Membership, OpenedRoom, Wall, join, open_room, post, rejoin, wall

__all__ = [
    "Event", "Membership", "OpenedRoom", "RoomError", "RoomUnavailable", "Wall",
    "check_event", "database_url", "join", "make_engine", "open_room", "post", "rejoin",
    "shared_engine", "single", "unit", "upgrade", "wall",
]  # fmt: skip
