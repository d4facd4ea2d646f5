"""Large reruns compute in a worker process of their own, at a lower CPU
priority, so the class's reruns do not wait on them.

The app serves every session from one process: its script threads share
one GIL and the machine's two cores. A large rerun (``ui.budget.is_large``,
such as a 100,000-point upload's) computing in that process slowed every
other session's rerun with it, and lowering its thread's priority made it
worse: a low-priority thread holding the GIL holds up the rest (both
measured by ``benchmarks/abuse.py``). Large reruns already take turns
(``ui.waiting.LARGE_WORK``); the one whose turn it is sends its core calls
(``gd_core.worker``'s jobs) to one worker process started at niceness
+10, so on a busy machine the class's reruns get the CPU first. A rerun
nobody waits for any more stops the worker at once (it starts again for the
next large rerun); a worker that cannot start or dies leaves the job to be
computed here, as before.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from gd_core import worker

T = TypeVar("T")
LOG = logging.getLogger(__name__)
NICENESS = 10
POLL_SECONDS = 0.05


class Worker:
    """One worker process that runs one job at a time."""

    def __init__(self, niceness: int = NICENESS) -> None:
        self._niceness = niceness
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def call(self, job: Callable[..., T], args: tuple[Any, ...], check: Callable[[], None]) -> T:
        """``job(*args)`` in the worker; ``check`` is called while it runs and
        may raise (the rerun is not wanted any more): the worker is stopped
        and the exception goes on. The job's own exception is raised here."""
        with self._lock:
            conn = self._connection()
            if conn is None:
                return job(*args)
            try:
                conn.send((job, args))
                while not conn.poll(POLL_SECONDS):
                    check()
                    if self._process is None or not self._process.is_alive():
                        raise ConnectionError("the worker process ended")
                ok, value = conn.recv()
            except (ConnectionError, EOFError, OSError) as error:
                LOG.warning("worker failed (%s); computing in the server process", error)
                self.stop()
                return job(*args)
            except BaseException:
                self.stop()
                raise
        if ok:
            return value  # type: ignore[no-any-return]
        raise value

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def stop(self) -> None:
        """End the worker process (the next call starts another)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            process.kill()
            process.join(timeout=5)

    def _connection(self) -> Connection | None:
        if self._process is not None and self._process.is_alive():
            return self._conn
        self.stop()
        context = multiprocessing.get_context("spawn")  # never fork a threaded server
        ours, theirs = context.Pipe()
        process = context.Process(
            target=worker.serve, args=(theirs, self._niceness), daemon=True, name="large-work"
        )
        try:
            process.start()
        except OSError as error:
            LOG.warning("cannot start the worker process (%s)", error)
            return None
        theirs.close()
        self._process, self._conn = process, ours
        return ours


WORKER = Worker()
