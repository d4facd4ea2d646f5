"""Input checks shared by the core: each raises ``ValueError`` naming the
parameter and its allowed range, so a page can show the message as it is.

The documented ranges (every entry point of the core enforces them):

- ``MAX_START``: a start has |w₀|, |b₀| ≤ 1e4. The lecture's surface is drawn
  within ±6; far out every point is saturated and descent cannot move.
- ``MAX_LEARNING_RATE``: 0 < η ≤ 1e4 (the sweep goes to 1e3; beyond 1e4 a
  single step of a bounded gradient already leaves any drawable region).
- ``MAX_DATA``: data have |x|, |y| ≤ 1e6. Then, for N ≤ 1e5 points and
  |w|, |b| bounded as above, every intermediate stays far inside float64 and
  the values a figure holds stay inside float32 (≈ 3.4e38), which Plotly's
  typed arrays use: L ≤ N·(1 + |y|)²/2 ≈ 5e16, |∇L| ≤ N·|y|·|x| ≈ 1e17,
  |∇²L| ≤ N·(1 + |y|)·x² ≈ 1e23; cross-entropy's L ≤ N·|wx + b| ≈ 1e15.
  A larger y (1e308) made the very first loss infinite.
- ``MAX_EPOCHS``: 1 to 10,000 updates (the widget's range).
"""

from __future__ import annotations

import math
from typing import Any

MAX_START = 1e4
MAX_LEARNING_RATE = 1e4
MAX_DATA = 1e6
MAX_EPOCHS = 10_000
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


def learning_rate(name: str, value: Any) -> float:
    """Return η as a float, or raise if it is not finite with 0 < η ≤ ``MAX_LEARNING_RATE``."""
    number = positive_finite(name, value)
    if number > MAX_LEARNING_RATE:
        raise ValueError(f"{name} must be at most {MAX_LEARNING_RATE:g}, got {value!r}")
    return number


def start(value: Any, name: str = "start") -> tuple[float, float]:
    """Return ``(w₀, b₀)`` as floats within ±``MAX_START``, or raise."""
    try:
        w0, b0 = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (w0, b0), got {value!r}") from None
    return bounded(f"{name} w0", w0, MAX_START), bounded(f"{name} b0", b0, MAX_START)


def bounded(name: str, value: Any, limit: float) -> float:
    """Return ``value`` as a finite float with |value| ≤ ``limit``, or raise."""
    number = finite(name, value)
    if abs(number) > limit:
        raise ValueError(f"{name} must lie within ±{limit:g}, got {value!r}")
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
