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
- ``MAX_UPDATES``: epochs × updates per epoch ≤ 200,000 (mini-batch runs).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

MAX_START = 1e4
MAX_LEARNING_RATE = 1e4
MAX_DATA = 1e6
MAX_EPOCHS = 10_000
MAX_UPDATES = 200_000
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


def starts(value: ArrayLike) -> NDArray[np.float64]:
    """Return many starts as an ``(R, 2)`` float array (a single ``(2,)``
    start becomes one row), each within ±``MAX_START``, or raise."""
    try:
        points = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("starts must be numbers") from None
    if points.ndim == 1:
        points = points[None, :]
    if points.ndim != 2 or points.shape[1] != 2 or points.shape[0] == 0:
        raise ValueError(f"starts must have shape (2,) or (R, 2), got {np.shape(value)}")
    if not np.all(np.isfinite(points) & (np.abs(points) <= MAX_START)):
        raise ValueError(f"starts must be finite numbers within ±{MAX_START:g}")
    return points


def run_settings(first: Any, eta: Any, epochs: Any) -> tuple[float, float, float, int]:
    """Return (w₀, b₀, η, epochs) of one run from ``first`` = (w₀, b₀), checked: within
    ±``MAX_START``, 0 < η ≤ ``MAX_LEARNING_RATE``, 1 ≤ epochs ≤ ``MAX_EPOCHS``;
    or raise."""
    w0, b0 = start(first)
    rate = learning_rate("learning rate η", eta)
    return w0, b0, rate, int_in_range("epochs", epochs, 1, MAX_EPOCHS)


def run_length(epochs: Any, loss_tol: Any, grad_tol: Any) -> tuple[int, float, float]:
    """Return (epochs, loss tolerance, gradient tolerance) checked: 1 ≤ epochs
    ≤ ``MAX_EPOCHS``, both tolerances finite and > 0; or raise."""
    return (
        int_in_range("epochs", epochs, 1, MAX_EPOCHS),
        positive_finite("loss tolerance", loss_tol),
        positive_finite("gradient tolerance", grad_tol),
    )


def mini_batches(batch_size: int | None, n_points: int, epochs: int) -> tuple[int | None, int]:
    """Return (k, updates per epoch) for mini-batches of k of ``n_points``
    (``None``: full batch, one update per epoch), or raise if k is not in
    1 … N or epochs × updates per epoch exceeds ``MAX_UPDATES``."""
    if batch_size is not None:
        batch_size = int_in_range("mini-batch size k", batch_size, 1, n_points)
    per_epoch = 1 if batch_size is None else math.ceil(n_points / batch_size)
    if epochs * per_epoch > MAX_UPDATES:
        raise ValueError(
            f"epochs × updates per epoch must be at most {MAX_UPDATES:,}, "
            f"got {epochs} × {per_epoch}"
        )
    return batch_size, per_epoch


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
