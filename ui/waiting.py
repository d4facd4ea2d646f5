"""Work that stops when nobody waits for it, and compute slots shared fairly.

Streamlit asks a session's script to stop when its tab closes, and to rerun
when a newer rerun arrives, but the script only notices at its next call
into Streamlit: a NumPy loop that runs for seconds would go on for nobody.
:func:`still_wanted` is that call, and ``app.py`` installs it as the core's
cancellation check (``gd_core.cancel``) around every page, so the loops stop
at their next block of epochs (Streamlit's own stop or rerun exception).

:class:`ComputeSlots` bounds how many of the heaviest computations run at
once, and lets one session hold at most one of them; :data:`LARGE_WORK` is
the turn that large reruns take one at a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import streamlit as st

from ui import streamlit_internals


def still_wanted() -> None:
    """Return if this rerun is still wanted; otherwise raise Streamlit's own
    stop (the session has gone) or rerun (a newer rerun superseded it).

    Any read of the session state is one of Streamlit's yield points: it
    handles a pending stop or rerun request there, as at any ``st.*`` call.
    It asks at most every :data:`LOOK_EVERY` seconds per script thread: the
    loops call it every epoch of a batch, and an epoch can take 0.1 ms.
    """
    now = time.monotonic()
    if now - getattr(_looked, "at", -LOOK_EVERY) < LOOK_EVERY:
        return
    _looked.at = now
    _ = "esx_still_wanted" in st.session_state


LOOK_EVERY = 0.05
_looked = threading.local()


# The session's id comes from Streamlit's script-run context, an internal.
session_id = streamlit_internals.session_id


class ComputeSlots:
    """At most ``total`` holders at once, and at most one slot per owner.

    A session runs one script at a time, but nothing else stopped one owner
    from taking every slot (e.g. from a fragment or a thread of its own).
    """

    def __init__(self, total: int, poll_seconds: float = 0.05) -> None:
        self._free = total
        self._holders: set[str] = set()
        self._lock = threading.Lock()
        self._poll = poll_seconds

    @contextmanager
    def hold(
        self, owner: str, check: Callable[[], None], on_wait: Callable[[], None] | None = None
    ) -> Iterator[None]:
        """Wait for a free slot that ``owner`` does not already hold; while
        waiting, call ``check`` (which raises to leave the queue). ``on_wait``
        is called once, before the first wait, if there is one."""
        taken = self._take(owner)
        if not taken and on_wait is not None:
            on_wait()
        while not taken:
            check()
            time.sleep(self._poll)
            taken = self._take(owner)
        try:
            yield
        finally:
            with self._lock:
                self._holders.discard(owner)
                self._free += 1

    def _take(self, owner: str) -> bool:
        with self._lock:
            if self._free == 0 or owner in self._holders:
                return False
            self._holders.add(owner)
            self._free -= 1
            return True

    @property
    def holders(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._holders)


# One large computation at a time (``ui.budget.LARGE_SECONDS``): the other
# core stays with the class whatever a few students upload.
LARGE_WORK = ComputeSlots(1)
WAIT_NOTE = (
    "Waiting for the server: another student's large computation is running. Large data "
    "sets take turns so that the rest of the class stays fast."
)
