"""Where the rooms live: :func:`database_url` (``ESE_DATABASE_URL``, else a
SQLite file under the data folder ``ESE_DATA_DIR``), :func:`make_engine`
(SQLite in WAL mode with a busy timeout, or PostgreSQL through psycopg) and
:func:`upgrade` (Alembic's migrations to the newest revision, run at start).
:func:`unit` runs one unit of work and turns a database that does not answer
into :class:`RoomUnavailable`."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from rooms.errors import RoomUnavailable

ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_MS = 5000  # a writer waits this long for another before "locked"
BEGIN = {"IMMEDIATE": "BEGIN IMMEDIATE", "DEFERRED": "BEGIN DEFERRED"}
T = TypeVar("T")
_WRITERS: dict[str, threading.Lock] = {}


def database_url() -> str:
    """``ESE_DATABASE_URL`` when set (``postgresql+psycopg://…``), else
    ``sqlite:///<ESE_DATA_DIR or ./data>/rooms.sqlite3``."""
    url = os.environ.get("ESE_DATABASE_URL", "").strip()
    if url:
        return url
    folder = Path(os.environ.get("ESE_DATA_DIR", "") or ROOT / "data")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'rooms.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for SQLite: WAL, a busy timeout, foreign keys,
    and transactions that take the write lock when they begin (a reader
    turned writer in WAL gets "locked" at once, whatever the timeout)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                             connect_args={"connect_timeout": 5})  # fmt: skip
    engine = create_engine(url, connect_args={"timeout": BUSY_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy says BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")  # BUSY_MS
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("begin", "IMMEDIATE")
        conn.exec_driver_sql(BEGIN[mode])

    return engine


def shared_engine(url: str | None = None) -> Engine:
    """One engine per URL for the process (``url``: :func:`database_url`),
    its schema upgraded on first use."""
    return _engine_for(url or database_url())


@functools.cache
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    return engine


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Alembic's migrations up to ``revision``. On PostgreSQL an advisory
    lock makes replicas starting together take turns."""
    config = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(2323)"))
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def single(engine: Engine, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """:func:`unit` for ``work`` whose writes are one statement each (a
    post): on PostgreSQL without BEGIN and COMMIT around it, so each
    statement is its own transaction — two round trips fewer, each a wait
    for the GIL in a busy server. SQLite keeps its transaction (in-process,
    no round trips)."""
    if engine.dialect.name == "sqlite":
        return unit(engine, work, *args, **kwargs)
    return unit(engine.execution_options(isolation_level="AUTOCOMMIT"), work, *args, **kwargs)


def unit(engine: Engine, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``work(conn, *args, **kwargs)`` in one transaction; a database that
    is down, locked or slow raises :class:`RoomUnavailable` (nothing of
    this unit written); a refused request raises ``RoomError`` as is."""
    # SQLite has one writer at a time: this process's take turns on a lock
    # (at once) rather than on SQLite's busy handler (which sleeps and retries).
    turn = _WRITERS.setdefault(str(engine.url), threading.Lock())
    try:
        lock = turn if engine.dialect.name == "sqlite" else contextlib.nullcontext()
        with lock, engine.begin() as conn:
            return work(conn, *args, **kwargs)
    except IntegrityError:
        raise
    except DBAPIError as error:
        raise RoomUnavailable(
            f"the room's database did not answer ({type(error.orig).__name__})"
        ) from None
