"""A closed tab's work stops: a session with many points asks for Compare η
(a 200-η sweep beside the comparisons) and closes its WebSocket half a
second later. Streamlit asks the script to stop; the core's loops look at
every epoch of a batch (gd_core.cancel, bound in app.py to Streamlit's own
yield point) and stop there. Before, the rerun went on for nobody: two such
tabs computed 44 s of CPU. Over the real WebSocket, with the server's own
CPU time from /proc (benchmarks/load.py); the margins are wide (an idle
server against one busy for seconds), so a loaded machine does not flip it."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from load import cpu_seconds, start_server  # noqa: E402
from st_client import Session  # noqa: E402

ROWS = 20_000  # the sweep alone: 200 runs × 20,000 points, ~0.15 s an epoch


@pytest.fixture(scope="module")
def server():
    process, url = start_server()
    try:
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _csv() -> bytes:
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-3, 3, ROWS), rng.uniform(0.05, 0.95, ROWS)
    return b"x,y\n" + b"".join(b"%.4f,%.4f\n" % pair for pair in zip(x, y, strict=True))


async def _close_mid_rerun(url: str, pid: int) -> float:
    session = Session(url, timeout=300)
    await session.connect()
    await session.rerun()
    await session.rerun(page="data")
    loaded = await session.upload("csv_upload", "many.csv", _csv())
    assert any(f"({ROWS:,} points)".replace(",", "") in t.replace(",", "") for t in loaded.texts)
    await session.rerun(page="")
    await session.rerun_no_wait(page="compare_eta", w0=1.23, epochs=10_000)
    await asyncio.sleep(0.5)
    await session.close()
    await asyncio.sleep(1.0)  # the next look of the loops, and the stop unwinding
    before = cpu_seconds([pid])
    await asyncio.sleep(4.0)
    return cpu_seconds([pid]) - before


def test_a_closed_tab_stops_computing(server):
    process, url = server
    used = asyncio.run(_close_mid_rerun(url, process.pid))
    assert used < 0.25, f"the server computed {used:.2f} s of CPU in the 4 s after the close"

    # and the server still serves a new tab
    async def fresh() -> list[str]:
        session = Session(url, timeout=120)
        await session.connect()
        try:
            return (await session.rerun()).errors
        finally:
            await session.close()

    assert asyncio.run(fresh()) == []
