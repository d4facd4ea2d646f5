"""The room store's units of work: plain functions over a SQLAlchemy
``Connection`` (each caller wraps one in ``engine.begin()``), bound
parameters only. A teacher opens a room (:func:`open_room`), students join
it (:func:`join`) and post what they do (:func:`post`), the teacher reads
it (:func:`wall`) with the key, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, delete, exists, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Insert

from rooms.errors import RoomError
from rooms.events import FIELD_NAMES, Event, check_event
from rooms.tables import NICKNAME_CHARS, events, members, rooms

# 31 letters and digits that cannot be misread (no 0/O, 1/I/L): 8 of them
# are 31⁸ ≈ 8.5·10¹¹ codes, against a join rate of a few a second.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_HOURS = 24.0
DEFAULT_STUDENTS = 60
DEFAULT_ROWS = 300  # per student: a lesson's 13 predictions, runs and attempts
JOIN_WINDOW = timedelta(seconds=10)
JOINS_PER_WINDOW = 50  # per room: a class joins over a minute, a script in a burst
OPEN_WINDOW = timedelta(minutes=1)
OPENS_PER_WINDOW = 20  # per database, so per server and all its replicas: teachers open few
WRONG = "no open room has this code (check it, or ask for a new one)"


def now_utc() -> datetime:
    """Naive UTC, as the tables keep times."""
    return datetime.now(UTC).replace(tzinfo=None)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class OpenedRoom:
    code: str  # the students' code (in their link)
    key: str  # the teacher's secret (in the teacher's link only)
    expires_at: datetime


@dataclass(frozen=True)
class Membership:
    code: str
    nickname: str
    token: str  # the member's secret: what a post is signed with


def open_room(
    conn: Connection,
    *,
    hours: float = DEFAULT_HOURS,
    max_students: int = DEFAULT_STUDENTS,
    max_rows: int = DEFAULT_ROWS,
    now: datetime | None = None,
) -> OpenedRoom:
    """A new room, open for ``hours``; expired rooms are deleted on the way.
    Refused (nothing written) past :data:`OPENS_PER_WINDOW` rooms opened in
    this database within :data:`OPEN_WINDOW`, whichever session asks."""
    if not 0 < hours <= 24 * 30:
        raise RoomError("hours must be more than 0 and at most 720 (30 days)")
    if not 1 <= max_students <= 1000 or not 1 <= max_rows <= 10_000:
        raise RoomError("students per room must be 1–1000, rows per student 1–10,000")
    now = now or now_utc()
    recent = select(func.count()).select_from(rooms).where(rooms.c.created_at > now - OPEN_WINDOW)
    if conn.execute(recent).scalar_one() >= OPENS_PER_WINDOW:
        raise RoomError(f"this server has opened {OPENS_PER_WINDOW} rooms in the last minute, "
                        "its limit: open one again in a minute")  # fmt: skip
    conn.execute(delete(rooms).where(rooms.c.expires_at <= now))
    key = secrets.token_urlsafe(24)
    expires = now + timedelta(hours=hours)
    for _ in range(5):  # a clash of two random codes is rare; try again then
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        taken = conn.execute(select(rooms.c.id).where(rooms.c.code == code)).first()
        if taken is None:
            break
    conn.execute(
        insert(rooms).values(code=code, key_hash=digest(key), created_at=now, expires_at=expires,
                             max_students=max_students, max_rows=max_rows)
    )  # fmt: skip
    return OpenedRoom(code, key, expires)


def normal_code(code: Any) -> str:
    """A code as typed (any case, spaces or dashes) in its stored form."""
    if not isinstance(code, str) or len(code) > 32:
        raise RoomError(f"room code: {WRONG}")
    return "".join(c for c in str(code).upper() if c.isalnum())


def check_nickname(nickname: Any) -> str:
    """A nickname of 1–24 printable characters (spaces at the ends cut)."""
    if not isinstance(nickname, str):
        raise RoomError("nickname must be text")
    name = unicodedata.normalize("NFC", nickname).strip()
    if not 1 <= len(name) <= NICKNAME_CHARS:
        raise RoomError(f"nickname must be 1 to {NICKNAME_CHARS} characters")
    if any(unicodedata.category(c)[0] in "CZ" and c != " " for c in name):
        raise RoomError("nickname must not hold control characters, tabs or line breaks")
    return name


def nickname_key(name: str) -> str:
    """What makes two nicknames one in a room: case does not count ("Ada",
    "ADA" and "ada" are one; so are "Straße" and "STRASSE")."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def _room(conn: Connection, code: Any, now: datetime) -> Any:
    row = conn.execute(
        select(rooms).where(rooms.c.code == normal_code(code), rooms.c.expires_at > now)
    ).first()
    if row is None:
        raise RoomError(f"room code: {WRONG}")
    return row


def join(conn: Connection, code: Any, nickname: Any, now: datetime | None = None) -> Membership:
    """Join the room ``code`` as ``nickname``; refused (nothing written) for
    a wrong or expired code, a bad or taken nickname, a full room, or more
    than :data:`JOINS_PER_WINDOW` joins in the room within :data:`JOIN_WINDOW`."""
    now = now or now_utc()
    name = check_nickname(nickname)
    room = _room(conn, code, now)
    count = select(func.count()).select_from(members).where(members.c.room_id == room.id)
    if conn.execute(count).scalar_one() >= room.max_students:
        raise RoomError(f"this room is full ({room.max_students} students)")
    recent = count.where(members.c.joined_at > now - JOIN_WINDOW)
    if conn.execute(recent).scalar_one() >= JOINS_PER_WINDOW:
        raise RoomError("too many joins at once: wait a few seconds and join again")
    token = secrets.token_urlsafe(24)
    try:
        with conn.begin_nested():
            row = {"nickname": name, "nickname_key": nickname_key(name),
                   "token_hash": digest(token), "joined_at": now}  # fmt: skip
            conn.execute(insert(members).values(room_id=room.id, **row))
    except IntegrityError:
        raise RoomError(f"nickname {name!r} is taken in this room (capitals do not count): "
                        "choose another") from None  # fmt: skip
    return Membership(room.code, name, token)


def post(conn: Connection, code: Any, token: Any, event: Any, now: datetime | None = None) -> bool:
    """Write ``event`` for the member holding ``token`` in room ``code``.

    One statement on the common path: an ``INSERT … SELECT`` that finds the
    room and the member, holds the member's row limit, and skips a row whose
    ``client_id`` the room has (``ON CONFLICT DO NOTHING``), so a post is one
    round trip to the database (and atomic without a transaction around it:
    see :func:`rooms.db.single`). Only when it writes nothing does a read
    say why.

    Returns:
        True if written now, False if this ``client_id`` was written before
        (a retry, or a concurrent one: counted once).
    """
    now = now or now_utc()
    event = check_event(event)
    code, hashed = normal_code(code), digest(str(token))
    member = and_(members.c.room_id == rooms.c.id, members.c.token_hash == hashed)
    written = select(func.count()).where(events.c.member_id == members.c.id).scalar_subquery()
    values = {"created_at": now, **event.row()}
    source = (
        select(rooms.c.id, members.c.id, *(literal(v, events.c[k].type) for k, v in values.items()))
        .select_from(rooms.join(members, member))
        .where(rooms.c.code == code, rooms.c.expires_at > now, written < rooms.c.max_rows)
    )  # fmt: skip
    # No row back: nothing written. (RETURNING, not rowcount: with it,
    # psycopg reports rowcount −1 either way.)
    added = conn.execute(
        _insert_once(conn).from_select(["room_id", "member_id", *values], source)
        .returning(events.c.id)
    ).first()  # fmt: skip
    if added is not None:
        return True
    found = conn.execute(
        select(rooms.c.max_rows, members.c.id.label("member"),
               exists().where(events.c.room_id == rooms.c.id,
                              events.c.client_id == event.client_id).label("seen"))
        .select_from(rooms.outerjoin(members, member))
        .where(rooms.c.code == code, rooms.c.expires_at > now)
    ).first()  # fmt: skip
    if found is None:
        raise RoomError(f"room code: {WRONG}")
    if found.member is None:
        raise RoomError("not a member of this room: join it first")
    if not found.seen:
        raise RoomError(f"this student has sent the room's limit of {found.max_rows} rows")
    return False


def _insert_once(conn: Connection) -> Insert:
    """An insert into ``events`` that skips a row whose id the room has."""
    key = ["room_id", "client_id"]
    if conn.dialect.name == "postgresql":
        return postgresql.insert(events).on_conflict_do_nothing(index_elements=key)
    return sqlite.insert(events).on_conflict_do_nothing(index_elements=key)


def rejoin(conn: Connection, code: Any, token: Any, now: datetime | None = None) -> Membership:
    """The membership the holder of ``token`` has in room ``code`` (read
    again after a reload or a replica's restart: the same nickname, no new
    row); refused for a token that is not one of this room's members', or
    a room that is closed."""
    room = _room(conn, code, now or now_utc())
    given = token if isinstance(token, str) and 8 <= len(token) <= 64 else ""
    row = conn.execute(
        select(members.c.nickname).where(
            members.c.room_id == room.id, members.c.token_hash == digest(given)
        )
    ).first()
    if row is None:
        raise RoomError("member token: not one of this room's members")
    return Membership(room.code, row.nickname, given)


@dataclass(frozen=True)
class Wall:
    """A room as its teacher sees it: nicknames and every event, in order."""

    code: str
    expires_at: datetime
    nicknames: dict[int, str]  # member id -> nickname
    rows: list[dict[str, Any]]  # FIELD_NAMES + member_id, nickname, id


def check_key(conn: Connection, code: Any, key: Any, now: datetime | None = None) -> Any:
    """The room row if ``key`` is its teacher key (constant-time compare)."""
    room = _room(conn, code, now or now_utc())
    given = digest(key) if isinstance(key, str) and len(key) <= 64 else ""
    if not hmac.compare_digest(given.encode(), room.key_hash.encode()):
        raise RoomError("teacher key: not this room's key (use the teacher's link)")
    return room


def wall(conn: Connection, code: Any, key: Any, now: datetime | None = None) -> Wall:
    """Everything room ``code`` pooled, for the holder of its teacher ``key``."""
    room = check_key(conn, code, key, now)
    people = conn.execute(
        select(members.c.id, members.c.nickname).where(members.c.room_id == room.id)
    ).all()
    nicknames = {row.id: row.nickname for row in people}
    columns = [events.c.id, events.c.member_id, *(events.c[name] for name in FIELD_NAMES)]
    found = conn.execute(
        select(*columns).where(events.c.room_id == room.id).order_by(events.c.id)
    ).mappings()
    rows = [{**row, "nickname": nicknames.get(row["member_id"], "?")} for row in found]
    return Wall(room.code, room.expires_at, nicknames, rows)


__all__ = [
    "Event", "Membership", "OpenedRoom", "Wall", "join", "open_room", "post", "rejoin", "wall",
]  # fmt: skip
