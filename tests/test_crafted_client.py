"""A crafted client on the wire: widget values in fields their widgets do not
use, or that their deserializers cannot read. Streamlit raised on these
before the page ran, on every rerun of that session; ui.hardening drops
them as if never sent. Talks to a real server over its WebSocket
(benchmarks/st_client.py), as load.py does."""

from __future__ import annotations

import asyncio
import json
import math
import sys
from pathlib import Path

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import start_server  # noqa: E402
from st_client import Session  # noqa: E402

CLICKS = "explorer__events"  # the chart component's events: a click is one
CRAFTED = [  # widget key, protobuf field, value
    (CLICKS, "json_trigger_value", json.dumps([{"event": "click", "value": {"w": "a"}}])),
    (CLICKS, "json_trigger_value", json.dumps([{"event": "click", "value": [1e308, 2]}])),
    (CLICKS, "json_trigger_value", json.dumps([{"event": "click", "value": {"w": 1e308, "b": 0}}])),
    (CLICKS, "json_trigger_value", "{not json"),
    (CLICKS, "json_trigger_value", json.dumps({"selection": {"points": []}})),
    (CLICKS, "string_value", "x" * 10_000),
    ("w0", "string_value", "<script>alert(1)</script>"),
    ("w0", "double_value", math.nan),
    ("eta", "double_value", math.inf),
    ("epochs", "int_value", 2**62),
    ("epochs", "double_value", -1e308),
    ("search_mode", "double_value", 3.0),
    ("search_mode", "string_value", "x" * 100_000),
    ("log_colour", "string_value", "yes"),
    ("resolution", "string_value", "150"),
    ("resolution", "double_array_value", [math.nan]),
]


@pytest.fixture(scope="module")
def server_url():
    server, url = start_server()
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def _crafted(widget_id: str, field: str, value) -> WidgetState:
    state = WidgetState(id=widget_id)
    if field == "double_array_value":
        state.double_array_value.data.extend(value)
    else:
        setattr(state, field, value)
    return state


async def _round(url: str) -> list[str]:
    problems = []
    session = Session(url, timeout=60)
    await session.connect()
    try:
        await session.rerun()
        good = await session.rerun(eta=2.0, w0=1.5)
        assert not good.errors and good.numbers["eta"] == 2.0
        for key, field, value in CRAFTED:
            session.states = {key: _crafted(session._ids[key], field, value)}
            result = await session.rerun()
            kept = (result.numbers.get("eta"), result.numbers.get("w0"))
            if result.errors or kept != (2.0, 1.5) or not result.charts:
                problems.append(f"{key} {field}: {result.errors} {kept}")
            if '"event": "click"' in str(value) and not any(
                "click on the chart 'explorer' was ignored" in t for t in result.texts
            ):
                problems.append(f"{key} {field} {str(value)[:40]}: no message names the chart")
        session.states = {}
        clicked = await session.click("explorer", 1.004, -2.996)  # a real click still works
        if (clicked.numbers.get("w0"), clicked.numbers.get("b0")) != (1.0, -3.0):
            problems.append(f"a good click did not move the start: {clicked.numbers}")
        after = await session.rerun(eta=3.0)
        if after.errors or after.numbers.get("eta") != 3.0:
            problems.append(f"afterwards: {after.errors}")
    finally:
        await session.close()
    return problems


def test_crafted_widget_values_never_raise_and_keep_the_state(server_url):
    assert asyncio.run(_round(server_url)) == []
