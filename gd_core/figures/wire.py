"""The chart component's wire format: float32 arrays checked finite, and one
binary message per payload (a JSON header, then the raw little-endian float32
arrays) that the browser reads into ``Float32Array`` views without parsing a
number. Pure: a non-finite number is refused with a ``ValueError`` naming the
field, so a page never hands the browser a NaN."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

F32Array = NDArray[np.float32]


def packed(values: ArrayLike, field: str) -> F32Array:
    """``values`` as a flat float32 array, checked.

    Raises:
        ValueError: if any value is NaN or ±inf (the message names ``field``),
            or if a finite value overflows float32.
    """
    array = np.asarray(values, dtype=np.float64).ravel()
    if not np.all(np.isfinite(array)):
        raise ValueError(f"chart data: {field} has a non-finite value (NaN or ±inf)")
    if array.size and float(np.max(np.abs(array))) > float(np.finfo(np.float32).max):
        raise ValueError(f"chart data: {field} is too large for float32")
    return np.ascontiguousarray(array, dtype="<f4")


def encode(message: dict[str, Any]) -> bytes:
    """``message`` as bytes: a uint32 (little-endian) header length, the
    header (JSON, each float32 array replaced by ``{"f4": [offset, length]}``
    in floats from the start of the array block), padded to a multiple of
    4 bytes, then the arrays back to back."""
    blocks: list[bytes] = []
    offset = 0

    def swap(value: Any) -> Any:
        nonlocal offset
        if isinstance(value, np.ndarray):
            ref = {"f4": [offset, int(value.size)]}
            blocks.append(np.ascontiguousarray(value, dtype="<f4").tobytes())
            offset += int(value.size)
            return ref
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [swap(v) for v in value]
        return value

    header = json.dumps(swap(message), separators=(",", ":"), allow_nan=False).encode()
    header += b" " * (-(4 + len(header)) % 4)
    return len(header).to_bytes(4, "little") + header + b"".join(blocks)


def decode(data: bytes) -> dict[str, Any]:
    """The inverse of :func:`encode` (arrays come back as float32)."""
    size = int.from_bytes(data[:4], "little")
    arrays = np.frombuffer(data[4 + size :], dtype="<f4")

    def swap(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"f4"}:
                start, length = value["f4"]
                return arrays[start : start + length]
            return {k: swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        return value

    result: dict[str, Any] = swap(json.loads(data[4 : 4 + size]))
    return result


def finite(value: float, field: str) -> float:
    """``value`` as a float, refused with a ``ValueError`` naming ``field``
    if NaN or ±inf."""
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"chart data: {field} is not a finite number")
    return number
