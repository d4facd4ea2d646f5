"""Learning-rate schedules η_t, for any optimizer (t counts updates from 0)."""

from __future__ import annotations

import math
from collections.abc import Callable

from gd_core import _validate

Schedule = Callable[[int], float]
SCHEDULES = ("constant", "step", "exponential", "inverse_time")


def make_schedule(
    learning_rate: float, kind: str = "constant", decay: float = 0.5, every: int = 100
) -> Schedule:
    """η_t for ``kind``:

    - ``constant``: η_t = η
    - ``step``: η_t = η · decay^⌊t / every⌋ (decay in (0, 1])
    - ``exponential``: η_t = η · e^(−decay · t) (decay ≥ 0)
    - ``inverse_time``: η_t = η / (1 + decay · t) (decay ≥ 0)
    """
    eta = _validate.positive_finite("learning rate η", learning_rate)
    if kind not in SCHEDULES:
        raise ValueError(f"schedule must be one of {SCHEDULES}, got {kind!r}")
    if kind == "constant":
        return lambda t: eta
    rate = _validate.finite("schedule decay", decay)
    if kind == "step":
        if not 0 < rate <= 1:
            raise ValueError(f"schedule decay must be in (0, 1] for a step schedule, got {decay}")
        period = _validate.int_in_range("schedule every", every, 1, _validate.MAX_EPOCHS)
        return lambda t: eta * rate ** (t // period)
    if rate < 0:
        raise ValueError(f"schedule decay must be ≥ 0, got {decay}")
    if kind == "exponential":
        return lambda t: eta * math.exp(-rate * t)
    return lambda t: eta / (1.0 + rate * t)
