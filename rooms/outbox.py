"""A student's posts on their way to the room, sent in the background so
that a slow or absent database never holds up the student's own page.

:class:`Outbox` keeps every event until the store has it: a post that fails
because the database did not answer stays and is sent again by
:meth:`Outbox.retry` (same ``client_id``: the store counts it once); a post
the store refuses is dropped with the store's message. One outbox per
session; the worker threads are shared by the process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Engine

from rooms.db import single
from rooms.errors import RoomError, RoomUnavailable
from rooms.events import Event
from rooms.store import post

WORKERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="room-post")
MAX_WAITING = 200  # a session's posts waiting at once; more are refused in words
PER_SECOND = 5  # a session's new posts per second (a person clicks slower; a script is told)


@dataclass
class Outbox:
    """Events waiting for room ``code``, sent as the member holding ``token``."""

    code: str
    token: str
    engine: Callable[[], Engine]  # made on first use: a database down at start is a retry
    waiting: dict[str, Event] = field(default_factory=dict)
    in_flight: set[str] = field(default_factory=set)
    sent: int = 0
    problem: str | None = None  # the last delivery's trouble, in words
    refused: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    recent: list[float] = field(default_factory=list)  # when the last posts were queued

    def submit(self, event: Event) -> None:
        """Queue ``event`` and send it in the background (once per ``client_id``)."""
        with self.lock:
            if event.client_id in self.waiting:
                return
            now = time.monotonic()
            self.recent = [t for t in self.recent if now - t < 1.0]
            if len(self.recent) >= PER_SECOND:
                self.refused.append(f"more than {PER_SECOND} posts a second: this one was not sent")
                return
            if len(self.waiting) >= MAX_WAITING:
                self.refused.append("too many posts wait for the room: this one was not kept")
                return
            self.recent.append(now)
            self.waiting[event.client_id] = event
        self._send(event.client_id)

    def retry(self) -> int:
        """Send again every event that waits and is not on its way; how many."""
        with self.lock:
            again = [cid for cid in self.waiting if cid not in self.in_flight]
        for client_id in again:
            self._send(client_id)
        return len(again)

    def _send(self, client_id: str) -> None:
        with self.lock:
            if client_id in self.in_flight or client_id not in self.waiting:
                return
            self.in_flight.add(client_id)
        WORKERS.submit(self.deliver, client_id)

    def deliver(self, client_id: str) -> None:
        """Post one waiting event now (in a worker thread, or directly in tests)."""
        event = self.waiting[client_id]
        try:
            single(self.engine(), post, self.code, self.token, event)  # False: had it already
        except RoomError as error:
            with self.lock:
                self.waiting.pop(client_id, None)
                self.refused.append(str(error))
        except RoomUnavailable as error:  # kept: retry() sends it again
            with self.lock:
                self.problem = str(error)
        except Exception as error:  # an engine that could not be made: kept too
            with self.lock:
                self.problem = f"the room's database did not answer ({type(error).__name__})"
        else:
            with self.lock:
                self.waiting.pop(client_id, None)
                self.sent += 1
                self.problem = None
        finally:
            with self.lock:
                self.in_flight.discard(client_id)
