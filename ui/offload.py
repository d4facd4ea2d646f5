"""Large reruns compute in a worker process of their own, at a lower CPU
priority, so the class's reruns do not wait on them.

The app serves every session from one process: its script threads share
one GIL and the machine's two cores. A large rerun (``ui.budget.is_large``,
such as a 100,000-point upload's) computing in that process slowed every
other session's rerun with it, and lowering its thread's priority made it
worse: a low-priority thread holding the GIL holds up the rest (both
measured by ``benchmarks/abuse.py``). Large reruns already take turns
(``ui.waiting.LARGE_WORK``); the one whose turn it is sends its core calls
(``gd_core.worker``'s jobs) to one worker process (a fresh interpreter)
started at niceness +10, so on a busy machine the class's reruns get the CPU first. A rerun
nobody waits for any more stops the worker at once (it starts again for the
next large rerun); a worker that cannot start or dies leaves the job to be
computed here, as before.
"""

from __future__ import annotations

import logging
import select
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import gd_core
from gd_core import worker_messages as messages
from gd_core.worker import JOBS

T = TypeVar("T")
LOG = logging.getLogger(__name__)
NICENESS = 10
POLL_SECONDS = 0.05
ROOT = Path(gd_core.__file__).resolve().parent.parent  # where ``gd_core`` imports from


class Worker:
    """One worker process (``python -m gd_core.worker``) that runs one job at
    a time, spoken to through its standard input and output."""

    def __init__(self, niceness: int = NICENESS) -> None:
        self._niceness = niceness
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def call(self, job: Callable[..., T], args: tuple[Any, ...], check: Callable[[], None]) -> T:
        """``job(*args)`` in the worker (``job`` one of ``gd_core.worker.JOBS``);
        ``check`` is called while it runs and may raise (the rerun is not
        wanted any more): the worker is stopped and the exception goes on.
        The core's ``ValueError`` is raised here; anything else that goes
        wrong there leaves the job to be computed here."""
        if JOBS.get(getattr(job, "__name__", "")) is not job:
            raise ValueError(f"{job!r} is not one of gd_core.worker's jobs")
        with self._lock:
            process = self._running()
            if process is None or process.stdin is None or process.stdout is None:
                return job(*args)
            try:
                messages.write(process.stdin, (job.__name__, args))
                while not select.select([process.stdout], [], [], POLL_SECONDS)[0]:
                    check()
                ok, value = messages.read(process.stdout)
            except (EOFError, OSError, messages.WireError) as error:
                LOG.warning("worker failed (%r); computing in the server process", error)
                self.stop()
                return job(*args)
            except BaseException:
                self.stop()
                raise
        if ok is None:
            LOG.warning("worker job %s failed (%s); computing here", job.__name__, value)
            return job(*args)
        if ok:
            return value  # type: ignore[no-any-return]
        raise value

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    def stop(self) -> None:
        """End the worker process (the next call starts another)."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait(timeout=5)
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()

    def _running(self) -> subprocess.Popen[bytes] | None:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self.stop()
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "gd_core.worker", str(self._niceness)],
                cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            )  # fmt: skip
        except OSError as error:
            LOG.warning("cannot start the worker process (%s)", error)
            return None
        return self._process


WORKER = Worker()
