"""The worker's messages (gd_core.worker_messages): every value the jobs take and give
comes back exactly, and nothing but data is ever built from a message."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gd_core import worker
from gd_core import worker_messages as messages
from gd_core.worker_messages import WireError, decode, encode

LECTURE = (np.array([0.5, 2.5]), np.array([0.2, 0.9]))
ADAM = {"learning_rate": 0.1}
SGD = {"learning_rate": 1.0, "batch_size": 1, "schedule": "step"}


def _back(value):
    return decode(encode(value)[messages.LENGTH.size :])


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=20))
def test_every_double_comes_back_exactly(values):
    """Arrays bit for bit (NaN payloads too); a float on its own as ``repr``
    gives it: every double exactly, any NaN as NaN."""
    array = np.array(values, dtype=np.float64)
    scalars, back = _back((values, array))
    assert back.tobytes() == array.tobytes()
    for got, sent in zip(scalars, values, strict=True):
        assert got == sent or (math.isnan(got) and math.isnan(sent))
        assert math.copysign(1, got) == math.copysign(1, sent) or math.isnan(sent)


@pytest.mark.parametrize(
    ("job", "args"),
    [
        (worker.descent, (*LECTURE, "squared_error", (-2.0, -2.0), 1.0, 1000)),
        (worker.search, (*LECTURE, "squared_error", (-2.0, -2.0), 50, "sample", 7, 6.0)),
        (worker.sweep, (*LECTURE, "cross_entropy", (1.0, -3.0), 60)),
        (worker.method, (*LECTURE, "squared_error", "adam", ADAM, (0.0, 0.0), 40)),
        (worker.method, (*LECTURE, "squared_error", "stochastic", SGD, (0.0, 0.0), 20)),
        (worker.map_block, (*LECTURE, "squared_error", "gradient_descent", {"learning_rate": 1.0},
                            np.array([[-2.0, -2.0], [3.0, 1.0]]), 100)),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)  # fmt: skip
def test_each_jobs_arguments_and_result_come_back_equal(job, args):
    assert _same(_back(args), args)
    result = job(*args)
    back = _back((True, result))[1]
    assert type(back) is type(result) and _same(vars(back), vars(result))


def _same(a, b) -> bool:
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape
            and a.tobytes() == b.tobytes() and a.flags.writeable
        )  # fmt: skip
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and (a == b or (a != a and b != b))


def test_the_cores_value_error_comes_back_as_one():
    error = _back((False, ValueError("epochs must be at least 1")))[1]
    assert type(error) is ValueError and str(error) == "epochs must be at least 1"


@pytest.mark.parametrize(
    "value",
    [print, np.array([object()]), {1: "a non-string key"}, RuntimeError("x"), {1, 2}],
    ids=["function", "object-array", "int-key", "other-error", "set"],
)
def test_what_is_not_data_is_not_written(value):
    with pytest.raises(WireError):
        encode(value)


def _message(header) -> bytes:
    head = json.dumps(header).encode()
    return messages.LENGTH.pack(len(head)) + head


@pytest.mark.parametrize(
    "header",
    [
        {"type": ["Popen", {"dict": {}}]},
        {"array": ["|O", [1]]},
        {"call": "os.system"},
        {"tuple": [], "dict": {}},
    ],
    ids=["unknown-type", "object-array", "unknown-tag", "two-tags"],
)
def test_a_message_naming_anything_else_is_refused(header):
    with pytest.raises(WireError):
        decode(_message(header))


def test_the_worker_runs_only_its_jobs_and_says_so_for_the_rest():
    requests = io.BytesIO(
        encode(("niceness", ())) + encode(("system", ("true",))) + encode(("descent", (0,)))
    )
    replies = io.BytesIO()
    worker.serve(requests, replies, 0)
    replies.seek(0)
    first, unknown, broken = (messages.read(replies) for _ in range(3))
    assert first[0] is True and isinstance(first[1], int)
    assert unknown[0] is None and "KeyError" in unknown[1]
    assert broken[0] is None
    with pytest.raises(EOFError):
        messages.read(replies)


def test_a_stream_that_ends_inside_a_message_says_so():
    message = encode((True, np.arange(10.0)))
    with pytest.raises(EOFError):
        messages.read(io.BytesIO(message[:-5]))


def test_a_strided_array_comes_back_equal_and_in_c_order():
    transposed = np.arange(12.0).reshape(3, 4).T[::2]
    back = _back(transposed)
    assert back.shape == transposed.shape and (back == transposed).all()
    assert back.flags.c_contiguous and back.flags.writeable
