"""What the server does once, before its first session (``serve.py``).

A full garbage collection scans every object the process holds that could
be in a reference cycle; after the first page the server holds ~170,000
of them, nearly all from importing Streamlit, NumPy, Plotly, SQLAlchemy,
Pygments and the app, alive until the process ends. Each full collection
took 90–160 ms with the GIL held, so every session's rerun, and the event
loop that sends them, stopped meanwhile (measured: two such pauses in 13
reruns of one tab). Frozen once here, they are no longer scanned; what the
sessions create after is collected as before.
"""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil

_LOGGER = logging.getLogger(__name__)

# Every module the pages' scripts import (their first run would import them).
PACKAGES = ("gd_core", "ui")


def import_and_freeze() -> int:
    """Import every module of ``PACKAGES``, collect once, then
    :func:`gc.freeze` every object alive; returns how many were frozen."""
    for name in PACKAGES:
        package = importlib.import_module(name)
        for module in pkgutil.walk_packages(package.__path__, f"{name}."):
            importlib.import_module(module.name)
    gc.collect()  # the imports' own garbage: not kept forever
    gc.freeze()
    frozen = gc.get_freeze_count()
    _LOGGER.info("%d objects of the app's imports frozen out of full garbage collections", frozen)
    return frozen
