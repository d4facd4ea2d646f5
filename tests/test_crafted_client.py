"""A crafted client on the wire: widget values in fields their widgets do not
use, or that their deserializers cannot read. Streamlit raised on these
before the page ran, on every rerun of that session;
ui.streamlit_internals.guard_widget_values drops them as if never sent.
Talks to a real server over its WebSocket (benchmarks/st_client.py), as
load.py does."""

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


SWEEP = "sweep_chart"  # the Compare η sweep, drawn by the chart component
DEFAULT_ETAS = "0.1, 1, 10, 50"
CRAFTED_SWEEP = [
    {"x": "a"}, {"x": 1e308}, {"x": True}, {"x": {"a": 1}}, {"x": [3.0]}, {"y": 3.0},
    {"x": 1e5}, {"x": 0.0}, {"x": -1.0}, [3.0], 7, "", "x" * 10_000, None,
]  # fmt: skip


async def _sweep_round(url: str) -> list[str]:
    problems = []
    session = Session(url, timeout=60)
    await session.connect()
    try:
        await session.rerun()
        first = await session.rerun(page="compare_eta")
        assert first.inputs["eta_list"] == DEFAULT_ETAS and SWEEP in first.charts
        for value in CRAFTED_SWEEP:
            result = await session.event(SWEEP, "click", value)
            named = any(f"click on the chart '{SWEEP}' was ignored" in t for t in result.texts)
            if result.errors or result.inputs.get("eta_list") != DEFAULT_ETAS or not named:
                problems.append(f"{value!r}: {result.errors} {result.inputs} named={named}")
        clicked = await session.event(SWEEP, "click", {"x": 3.1622, "y": 40, "curve": 0})
        if clicked.errors or clicked.inputs.get("eta_list") != f"{DEFAULT_ETAS}, 3.16":
            problems.append(f"a good click did not add η = 3.16: {clicked.inputs}")
        full = await session.rerun(eta_list="0.1, 0.5, 1, 2, 5, 10")
        seventh = await session.event(SWEEP, "click", {"x": 20.0, "y": 30, "curve": 0})
        if not any("at most 6 learning rates" in t for t in seventh.texts):
            problems.append(f"a seventh η by click gave no reason: {seventh.texts[-3:]}")
        if seventh.inputs.get("eta_list") != full.inputs.get("eta_list"):
            problems.append(f"a seventh η changed the list: {seventh.inputs}")
    finally:
        await session.close()
    return problems


def test_a_click_on_the_sweep_adds_its_eta_and_a_crafted_one_is_named(server_url):
    """The sweep's click comes back as the chart component's value: a point
    adds its η (3 significant digits); anything else is refused with a
    warning naming the chart, and the η list stays as it was."""
    assert asyncio.run(_sweep_round(server_url)) == []
