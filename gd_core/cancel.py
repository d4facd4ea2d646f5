"""Stopping long loops when nobody waits for their result.

The loops that run epochs call :func:`checkpoint`: a batch of runs (a
sweep, a map) and a registered optimizer every epoch, the
plain-float loops of one run and of random search every :data:`EVERY`
epochs (:func:`due`), where an epoch costs a few microseconds. It calls the
check installed by :func:`watching` in the current context, if any; the
check raises to stop the loop (whatever it raises propagates unchanged),
or returns to let it go on. The core stays pure: it knows nothing of who
installs the check, and without one a checkpoint does nothing.

Example::

    with watching(stop_if_the_tab_has_gone):
        run = gradient_descent(problem, (-2, -2), 1.0, 1000)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# How often the plain-float loops look, in epochs (a power of two: a mask test).
EVERY = 64
_CHECK: ContextVar[Callable[[], None] | None] = ContextVar("gd_core_cancel_check", default=None)


@contextmanager
def watching(check: Callable[[], None]) -> Iterator[None]:
    """Call ``check`` at every checkpoint of the loops run inside the block."""
    token = _CHECK.set(check)
    try:
        yield
    finally:
        _CHECK.reset(token)


def checkpoint() -> None:
    """Give the installed check, if any, its chance to stop the loop."""
    check = _CHECK.get()
    if check is not None:
        check()


def due(epoch: int) -> bool:
    """Whether epoch ``epoch`` is one at which a loop calls :func:`checkpoint`."""
    return epoch & (EVERY - 1) == 0
