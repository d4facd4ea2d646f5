"""A crafted client on the wire, against what a page runs: table edits no
browser sends, and a share link whose race cannot run on its data. Each of
these raised with a traceback, on every rerun of the session, before they
were checked (ui.edits, ui.races.runnable). Talks to a real server over its
WebSocket (benchmarks/st_client.py), as the findings were made."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import start_server  # noqa: E402
from st_client import Session  # noqa: E402

EDITS = [  # (the editor's state a crafted client sends, the rule the refusal names)
    ({"added_rows": [{"nope": 1}]}, "'nope' is not a column"),
    ({"deleted_rows": [999999, "a"]}, "deleted rows: a row must be a position from 0 to 1"),
    ({"edited_rows": {"7": {"x": 1.0}}}, "edited rows: a row must be a position from 0 to 1"),
    ({"edited_rows": {"0": {"y": "WWW.evil.example"}}}, "row 1: y must be a number"),
    ({"added_rows": [{"x": k, "y": 0.5} for k in range(8000)]}, "at most 100 rows at once"),
    ({"added_rows": {"x": 1}}, "added rows must be a list"),
    ({"deleted_rows": [True]}, "deleted rows: a row must be a position"),
    ({"surprise": []}, "'surprise' is not a part of an edit"),
]


@pytest.fixture(scope="module")
def server_url():
    server, url = start_server()
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def _editor(result) -> str:
    keys = [k for k in result.widgets if k.startswith("editor_")]
    assert len(keys) == 1, result.widgets
    return keys[0]


async def _edits_round(url: str) -> list[str]:
    problems = []
    session = Session(url, timeout=60)
    await session.connect()
    try:
        await session.rerun()
        page = await session.rerun(page="data")
        for edits, rule in EDITS:
            editor = _editor(page)
            result = await session.rerun(**{editor: edits})
            session.states.pop(editor, None)
            refused = [t for t in result.texts if "Table edit refused" in t]
            if result.errors or not refused or rule not in refused[0].replace("\\", ""):
                problems.append(f"{str(edits)[:60]}: {result.errors} {refused}")
            after = await session.rerun()
            if after.errors or not any("(2 points)" in t for t in after.texts):
                problems.append(f"after {str(edits)[:60]}: {after.errors}")
            page = after
        editor = _editor(page)
        good = await session.rerun(**{editor: {"edited_rows": {"0": {"x": 0.7}}}})
        if good.errors or not any("Edited data are active" in t for t in good.texts):
            problems.append(f"a good edit was not applied: {good.errors} {good.texts[-3:]}")
    finally:
        await session.close()
    return problems


def test_crafted_table_edits_are_refused_by_name_and_the_data_stay(server_url):
    assert asyncio.run(_edits_round(server_url)) == []


async def _race_round(url: str) -> list[str]:
    problems = []
    session = Session(url, timeout=60)
    session.query = "race=sgd_k5"  # 29 characters: /optimizers?race=sgd_k5
    await session.connect()
    try:
        first = await session.rerun()
        session.query = ""
        named = [t for t in first.texts if "mini-batch size k must be from 1 to 2" in t]
        if first.errors or not named:
            problems.append(f"the link: {first.errors} {first.texts[:3]}")
        for page in ("optimizers", "", "optimizers"):  # there, away and back
            result = await session.rerun(page=page)
            if result.errors or not result.charts:
                problems.append(f"page {page!r}: {result.errors}")
    finally:
        await session.close()
    return problems


def test_a_link_racing_a_mini_batch_larger_than_the_data_is_named_and_never_runs(server_url):
    assert asyncio.run(_race_round(server_url)) == []
