"""What a client may post to a room, checked before anything is written:
:class:`Event` and :func:`check_event`. A crafted client can send anything;
each field is held to its type and size here, and the message names the
field and the rule."""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from rooms.errors import RoomError
from rooms.tables import CLIENT_ID_CHARS, TEXT_CHARS

KINDS = ("prediction", "challenge", "run")
CLIENT_ID = re.compile(rf"[A-Za-z0-9_-]{{8,{CLIENT_ID_CHARS}}}")
MAX_ABS = 1e12  # a start, an η or a loss beyond this is not a run of this app
MAX_EPOCHS = 1_000_000


@dataclass(frozen=True)
class Event:
    """One thing a student did. ``client_id`` is made by the client once per
    thing (a retry sends the same id). Fields a kind does not use stay None.

    - prediction: ``step`` (the lesson step's slug), ``said``, ``correct``.
    - challenge: ``step`` (the goal's text), ``said`` (the attempt's words,
      cut), ``correct`` (goal met), ``score`` (lower is better), the settings.
    - run: ``w0, b0`` (the start), ``eta``, ``method``, ``epochs`` (to the
      loss tolerance, None if never), ``final_loss``, ``status``.
    """

    client_id: str
    kind: str
    step: str | None = None
    said: str | None = None
    correct: bool | None = None
    w0: float | None = None
    b0: float | None = None
    eta: float | None = None
    method: str | None = None
    epochs: int | None = None
    final_loss: float | None = None
    status: str | None = None
    score: float | None = None

    def row(self) -> dict[str, Any]:
        return asdict(self)


FLOATS = ("w0", "b0", "eta", "final_loss", "score")
TEXTS = ("step", "said", "method", "status")


def check_event(event: Any) -> Event:
    """``event`` if every field keeps its rule, else :class:`RoomError`."""
    if not isinstance(event, Event):
        raise RoomError("a post must be an Event")
    if not isinstance(event.client_id, str) or not CLIENT_ID.fullmatch(event.client_id):
        raise RoomError(f"client_id must be 8–{CLIENT_ID_CHARS} letters, digits, '-' or '_'")
    if event.kind not in KINDS:
        raise RoomError(f"kind must be one of {', '.join(KINDS)}")
    for name in TEXTS:
        value = getattr(event, name)
        if value is not None and (not isinstance(value, str) or len(value) > TEXT_CHARS):
            raise RoomError(f"{name} must be text of at most {TEXT_CHARS} characters")
    for name in FLOATS:
        value = getattr(event, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RoomError(f"{name} must be a number")
        if not math.isfinite(value) or abs(value) > MAX_ABS:
            raise RoomError(f"{name} must be finite and at most {MAX_ABS:g} in size")
    epochs = event.epochs
    if epochs is not None and (
        isinstance(epochs, bool) or not isinstance(epochs, int) or not 0 <= epochs <= MAX_EPOCHS
    ):
        raise RoomError(f"epochs must be a whole number from 0 to {MAX_EPOCHS:,}")
    if event.correct is not None and not isinstance(event.correct, bool):
        raise RoomError("correct must be true or false")
    return event


FIELD_NAMES = tuple(f.name for f in fields(Event))
