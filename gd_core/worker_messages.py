"""The worker's messages (``gd_core.worker``): data, never code.

A message is a JSON header and the raw bytes of its arrays. Only plain
values (None, bools, numbers, strings, lists, tuples, dicts), NumPy arrays
of numbers, bools or strings, the core's result types (``Trajectory``,
``Sweep``, ``DescentMap``, ``LossSurface``) and a job's ``ValueError`` are written; reading
one builds nothing else, so a message cannot make either process run code
(as unpickling would: ``pickle.load`` calls whatever the bytes name).

Floats go through JSON as ``repr`` writes them, so every double and ±inf
comes back exactly (a NaN as NaN); arrays are their own bytes, bit for bit.

Example:
    >>> message = encode({"start": (-2.0, 0.5), "x": np.array([0.5, 2.5])})
    >>> decode(message[4:])["start"]
    (-2.0, 0.5)
"""

from __future__ import annotations

import dataclasses
import json
import struct
from typing import IO, Any

import numpy as np

from gd_core.runs.many import DescentMap
from gd_core.surface import LossSurface
from gd_core.sweep import Sweep
from gd_core.trajectory import Trajectory

TYPES = {cls.__name__: cls for cls in (Trajectory, Sweep, DescentMap, LossSurface)}
KINDS = "biufU"  # bool, int, unsigned, float, str arrays: no objects
LENGTH = struct.Struct("<I")  # the body's size, before the body
ALIGN = 8


class WireError(ValueError):
    """A message this module does not write."""


def encode(value: Any) -> bytes:
    """``value`` as one message: the body's length (4 bytes), then the body:
    the header's length, the JSON header, and each array's bytes, each part
    padded to 8 bytes so the arrays read back aligned."""
    arrays: list[np.ndarray] = []
    header = json.dumps(_plain(value, arrays), separators=(",", ":")).encode()
    parts = [LENGTH.pack(len(header)), header]
    for data in [b""] + [a.tobytes() for a in arrays]:
        used = sum(map(len, parts))
        parts += [b"\0" * (-used % ALIGN), data]
    body = b"".join(parts)
    return LENGTH.pack(len(body)) + body


def decode(body: bytes | bytearray) -> Any:
    """The value of a message's body (``encode``'s bytes after the length)."""
    buffer = bytearray(body)  # arrays over it stay writable, as the core's are
    (size,) = LENGTH.unpack_from(buffer)
    header = json.loads(buffer[LENGTH.size : LENGTH.size + size])
    start = LENGTH.size + size
    return _value(header, buffer, [start + -start % ALIGN])


def write(sink: IO[bytes], value: Any) -> None:
    sink.write(encode(value))
    sink.flush()


def read(source: IO[bytes]) -> Any:
    """The next message from ``source``; ``EOFError`` if it has ended."""
    head = source.read(LENGTH.size)
    if len(head) < LENGTH.size:
        raise EOFError("the stream ended")
    (size,) = LENGTH.unpack(head)
    body = source.read(size)
    if len(body) < size:
        raise EOFError("the stream ended inside a message")
    return decode(body)


def _plain(value: Any, arrays: list[np.ndarray]) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic) and value.dtype.kind in KINDS:
        return value.item()
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in KINDS:
            raise WireError(f"an array of {value.dtype} is not sent to the worker")
        arrays.append(value)  # tobytes() writes it in C order, whatever its strides
        return {"array": [value.dtype.str, list(value.shape)]}
    if isinstance(value, list):
        return [_plain(v, arrays) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [_plain(v, arrays) for v in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: _plain(v, arrays) for k, v in value.items()}}
    if TYPES.get(type(value).__name__) is type(value):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return {"type": [type(value).__name__, _plain(fields, arrays)]}
    if isinstance(value, ValueError):
        return {"error": str(value)}
    raise WireError(f"a {type(value).__name__} is not sent to the worker")


def _value(node: Any, buffer: bytearray, at: list[int]) -> Any:
    if not isinstance(node, dict):
        return [_value(v, buffer, at) for v in node] if isinstance(node, list) else node
    if len(node) != 1:
        raise WireError("a message's object has one tag")
    [(tag, body)] = node.items()
    if tag == "array":
        dtype, shape = np.dtype(body[0]), tuple(int(n) for n in body[1])
        if dtype.kind not in KINDS:
            raise WireError(f"an array of {dtype} in a message")
        count = int(np.prod(shape, dtype=np.int64))
        array = np.frombuffer(buffer, dtype, count, at[0]).reshape(shape)
        at[0] += array.nbytes + -array.nbytes % ALIGN
        return array
    if tag == "tuple":
        return tuple(_value(v, buffer, at) for v in body)
    if tag == "dict":
        return {str(k): _value(v, buffer, at) for k, v in body.items()}
    if tag == "type" and body[0] in TYPES:
        return TYPES[body[0]](**_value(body[1], buffer, at))
    if tag == "error":
        return ValueError(str(body))
    raise WireError(f"a message's tag {tag!r}")
