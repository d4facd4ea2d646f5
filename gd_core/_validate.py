"""Input checks shared by the core: each raises ``ValueError`` naming the
parameter and its allowed range, so a page can show the message as it is."""

from __future__ import annotations

import math
from typing import Any

MAX_EPOCHS = 100_000
# Coordinates of a plotted range: far beyond any useful view, far inside
# where a grid step (max − min) / n could overflow.
MAX_COORDINATE = 1e6
MIN_RESOLUTION, MAX_RESOLUTION = 2, 2000


def positive_finite(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise if it is not a finite number > 0."""
    number = _real(name, value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return number


def finite(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise if it is NaN or infinite."""
    number = _real(name, value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number


def int_in_range(name: str, value: Any, low: int, high: int) -> int:
    """Return ``value`` as an int in ``[low, high]``, or raise."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number from {low:,} to {high:,}, got {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a whole number from {low:,} to {high:,}, got {value!r}"
        ) from None
    if not math.isfinite(number) or number != int(number) or not low <= number <= high:
        raise ValueError(f"{name} must be a whole number from {low:,} to {high:,}, got {value!r}")
    return int(number)


def interval(name: str, value: Any) -> tuple[float, float]:
    """Return ``(low, high)`` as floats with both finite and ``low < high``, or raise."""
    try:
        low, high = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (min, max), got {value!r}") from None
    low = finite(f"{name} min", low)
    high = finite(f"{name} max", high)
    if not low < high:
        raise ValueError(f"{name} must have min < max, got ({low:g}, {high:g})")
    if max(abs(low), abs(high)) > MAX_COORDINATE:
        raise ValueError(f"{name} must lie within ±{MAX_COORDINATE:,.0f}, got ({low:g}, {high:g})")
    return low, high


def _real(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
