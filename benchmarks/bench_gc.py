"""Full garbage collections in the server, before and after the app's
imports are frozen out of them (``ui/startup.py``), in one run.

    python benchmarks/bench_gc.py [--base REF] [--sessions 4] [--rounds 6]

1. In a fresh process: the app's modules imported (as the served app's
   first page does), then the time of one full collection (``gc.collect()``,
   min of 5) before and after :func:`ui.startup.import_and_freeze`, and the
   objects a full collection scans (``len(gc.get_objects())``).
2. End to end: two servers on loopback, ``REF`` (default: main before the
   freeze) unpacked with ``git archive`` and this checkout, each
   ``streamlit run serve.py``. ``--sessions`` sessions (``st_client``, no
   browser) click starts on the Error surface contour as fast as their
   reruns return, the two servers taking turns round by round; each
   rerun's time (request sent → ``script_finished``), p50 / p95 / p99 / max,
   and how many reruns took 80 ms more than the median (a pause).
The load average is printed before and after (these machines are shared).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_browser import checkout  # noqa: E402
from browser_helpers import free_port, start_server  # noqa: E402
from st_client import Session  # noqa: E402

BASE = "acf5e92"  # main before ui/startup.py
IN_PROCESS = """
import gc, json, time
def full_ms():
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter(); gc.collect(); best = min(best, time.perf_counter() - t)
    return best * 1000
import importlib, pkgutil
for name in ("gd_core", "ui"):
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(module.name)
before = (full_ms(), len(gc.get_objects()))
from ui.startup import import_and_freeze
frozen = import_and_freeze()
print(json.dumps({"before": before, "after": (full_ms(), len(gc.get_objects())), "frozen": frozen}))
"""


def in_process() -> dict:
    out = subprocess.run([sys.executable, "-c", IN_PROCESS], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    import json

    return json.loads(out.strip().splitlines()[-1])


async def clicks(url: str, sessions: list[Session], per_session: int, round_: int) -> list[float]:
    """Each session clicks ``per_session`` starts, one after another."""

    async def one(index: int, session: Session) -> list[float]:
        seconds = []
        for k in range(per_session):
            i = round_ * per_session + k
            w, b = -5 + (0.37 * (i + 7 * index)) % 10, -5 + (0.61 * (i + 3 * index)) % 10
            seconds.append((await session.click("explorer", round(w, 3), round(b, 3))).seconds)
        return seconds

    done = await asyncio.gather(*(one(i, s) for i, s in enumerate(sessions)))
    return [t for times in done for t in times]


async def end_to_end(urls: dict[str, str], n: int, rounds: int, per: int) -> dict[str, list[float]]:
    sessions = {name: [Session(url) for _ in range(n)] for name, url in urls.items()}
    for group in sessions.values():
        for session in group:
            await session.connect()
            await session.rerun()  # the page's first run
    times: dict[str, list[float]] = {name: [] for name in urls}
    for r in range(rounds):
        for name in list(urls) if r % 2 == 0 else list(urls)[::-1]:
            times[name] += await clicks(urls[name], sessions[name], per, r)
    for group in sessions.values():
        for session in group:
            await session.close()
    return times


def _row(name: str, seconds: list[float]) -> str:
    ms = sorted(1000 * s for s in seconds)
    q = statistics.quantiles(ms, n=100)
    median = statistics.median(ms)
    paused = sum(t > median + 80 for t in ms)
    return (f"{name:28s} n={len(ms):4d}  p50 {median:6.1f}  p95 {q[94]:6.1f}  p99 {q[98]:6.1f}"
            f"  max {ms[-1]:6.1f} ms  over p50 + 80 ms: {paused}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default=BASE, help=f"default: {BASE}")
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--per", type=int, default=10, help="clicks per session per round")
    args = parser.parse_args()
    print(f"load average at the start {os.getloadavg()}")
    got = in_process()
    for when in ("before", "after"):
        ms, objects = got[when]
        print(f"one full collection, {when} the freeze: {ms:6.1f} ms, {objects:,} objects scanned")
    print(f"frozen: {got['frozen']:,} objects")
    with tempfile.TemporaryDirectory(prefix="bench-base-") as tmp:
        base_root = checkout(args.base, Path(tmp))
        ports = free_port(), free_port()
        servers = [start_server(base_root, ports[0]), start_server(ROOT, ports[1])]
        try:
            urls = {f"base ({args.base})": f"http://127.0.0.1:{ports[0]}",
                    "this checkout": f"http://127.0.0.1:{ports[1]}"}  # fmt: skip
            times = asyncio.run(end_to_end(urls, args.sessions, args.rounds, args.per))
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=20)
    print(f"reruns of {args.sessions} sessions clicking at once, {args.rounds} rounds in turn:")
    for name, seconds in times.items():
        print(_row(name, seconds))
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
