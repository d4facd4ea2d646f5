"""The set of learning rates compared side by side: parsing and checking."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from gd_core.validate import MAX_LEARNING_RATE

MIN_RATES, MAX_RATES = 2, 6
MAX_TEXT_CHARS = 200  # six numbers and their commas fit many times over


def parse_learning_rates(text: str) -> list[float]:
    """``"0.1, 1, 10, 50"`` → ``[0.1, 1.0, 10.0, 50.0]``, in the order given.

    Raises:
        ValueError: naming the entry and the rule it breaks: a number, finite
            and > 0, no duplicates, 2 to 6 of them.
    """
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(
            f"learning rates: the list must be at most {MAX_TEXT_CHARS} characters, "
            f"got {len(text):,}"
        )
    parts = [p.strip() for p in text.replace(";", ",").split(",")]
    rates: list[float] = []
    for part in parts:
        if not part:
            continue
        try:
            value = float(part)
        except ValueError:
            raise ValueError(f"learning rates: '{part}' is not a number") from None
        if not math.isfinite(value) or not 0 < value <= MAX_LEARNING_RATE:
            raise ValueError(
                f"learning rates: η must be a finite number > 0 and ≤ {MAX_LEARNING_RATE:g}, "
                f"got {part}"
            )
        if any(math.isclose(value, r, rel_tol=1e-12) for r in rates):
            raise ValueError(f"learning rates: η = {value:g} is listed twice")
        rates.append(value)
    if not MIN_RATES <= len(rates) <= MAX_RATES:
        raise ValueError(
            f"learning rates: choose {MIN_RATES} to {MAX_RATES} values, got {len(rates)}"
        )
    return rates


def format_learning_rates(rates: list[float]) -> str:
    return ", ".join(f"{r:g}" for r in rates)


def added(rates: list[float], eta: float) -> tuple[list[float], str | None]:
    """``rates`` with ``eta`` (3 significant digits) appended, or unchanged
    with the reason it was not added."""
    if not (math.isfinite(eta) and 0 < eta <= MAX_LEARNING_RATE):
        return rates, f"η must be a finite number > 0 and ≤ {MAX_LEARNING_RATE:g}, got {eta:g}"
    value = float(f"{eta:.3g}")
    if any(math.isclose(value, r, rel_tol=1e-9) for r in rates):
        return rates, f"η = {value:g} is already compared"
    if len(rates) >= MAX_RATES:
        return rates, f"at most {MAX_RATES} learning rates: remove one to add η = {value:g}"
    return [*rates, value], None


def clicked_eta(value: Any, low: float, high: float) -> float | None:
    """The η of a click on the sweep (the chart component sends the point as
    ``{"x": η, "y", "curve"}``), or ``None`` if it is malformed, not a finite
    number or outside the sweep's range [low, high] (a crafted client can
    send anything)."""
    x = value.get("x") if isinstance(value, Mapping) else None
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        return None
    slack = 1e-9 * (high - low)  # the sweep's own end points count
    return float(x) if low - slack <= x <= high + slack else None
