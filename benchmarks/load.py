"""Load: how the app holds up when a class opens it at once. Loopback only,
bounded in sessions (≤ 100) and time (--deadline per level).

(a) Server capacity without browsers: N concurrent sessions speak
    Streamlit's WebSocket protocol (``st_client.Session``) and do the
    classroom round — open the page, change η, click a start on the contour,
    switch to "Compare η", drop and reopen the WebSocket (a network blip),
    come back — each with its own η and start (a class
    does not all click the same point), pausing --think seconds between
    actions like a student reading the page. Reported per N: p50/p95 of the
    rerun time (request sent → ``script_finished`` received), errors
    (exceptions on a page, timeouts, a session that lost its state), the
    server's resident memory before and at its peak, and its CPU time per
    rerun (with --pids, or its own server): the mean cost of a rerun, which
    other programs sharing the cores do not inflate as they do the times.
(b) The browser round (load_browser.py): the same actions in headless
    Chromium for N = 1 and 5, timed to the charts being drawn.
(c) --profile: where a rerun's time goes (cProfile of one round in-process);
    --profile-server: the levels against a server profiled in every thread
    (serve_profiled.py), Streamlit's own work around each rerun included.

Usage:
    python benchmarks/load.py                          # starts its own server
    python benchmarks/load.py --url http://127.0.0.1:8080 --pids 123 456   # e.g. behind nginx
Targets (issue 14): p95 at N = 30 ≤ 3 × p95 at N = 1; 0 errors; RSS growth ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from st_client import Session

ROOT = Path(__file__).resolve().parents[1]
MAX_SESSIONS = 100
STEPS = ("open", "eta", "click", "page", "back")
WARM_UP = 339  # the warm-up student: starts repeat every 340 students, levels use 0 … 140


def rss_mb(pids: list[int]) -> float:
    """Resident memory of ``pids`` and their children, in MB (from /proc)."""
    total = 0.0
    for pid in pids:
        for p in [pid, *_children(pid)]:
            try:
                for line in Path(f"/proc/{p}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
            except OSError:
                pass
    return total


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) used so far by ``pids`` and their children,
    from /proc: divided by the reruns it gives the server's mean cost of a
    rerun, which other programs on the machine do not inflate as they do
    the wall-clock times."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        for p in [pid, *_children(pid)]:
            try:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            if p == pid:  # children that ended and were waited for (a stopped worker)
                total += (int(fields[13]) + int(fields[14])) / tick  # cutime, cstime
    return total


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(k) for k in kids]


async def student(url: str, index: int, think: tuple[float, float], log: dict) -> None:
    """One student's round; appends (step, seconds) and errors to ``log``."""
    rng = random.Random(index)
    eta = round(0.5 + 0.05 * (index % 40), 2)  # each student their own η and start
    w, b = round(-4 + 0.37 * (index % 20), 2), round(-3 + 0.29 * (index % 17), 2)
    session = Session(url)

    async def step(name: str, click: tuple[float, float] | None = None, **kwargs):
        await asyncio.sleep(rng.uniform(*think))
        if click is not None:
            result = await session.click("explorer", *click)
        else:
            result = await session.rerun(**kwargs)
        log["times"].append((name, result.seconds))
        log["errors"] += [f"session {index} {name}: {e}" for e in result.errors]
        return result

    try:
        await asyncio.sleep(rng.uniform(0, think[1]))  # the class opens the link within seconds
        await session.connect()
        await step("open")
        await step("eta", eta=eta)
        await step("click", click=(w, b))
        await step("page", page="compare_eta")
        await session.reconnect()  # a network blip: the same session must answer
        back = await step("back", page="")
        kept = (back.numbers.get("eta"), back.numbers.get("w0"), back.numbers.get("b0"))
        if kept != (eta, w, b):
            log["errors"].append(f"session {index} lost its state: {kept} != {(eta, w, b)}")
        log["upstreams"][session.upstreams[0]] += 1
        if len(set(session.upstreams)) != 1:
            log["errors"].append(f"session {index} moved replica: {session.upstreams}")
    except Exception as error:
        log["errors"].append(f"session {index}: {type(error).__name__} {error}"[:200])
    finally:
        await session.close()


async def level(url: str, n: int, pids: list[int], think, deadline: float, first: int = 0) -> dict:
    """N students at once, numbered from ``first`` (a student's number gives
    its η and start)."""
    log: dict = {"times": [], "errors": [], "upstreams": Counter()}
    before = peak = rss_mb(pids)
    cpu_before = cpu_seconds(pids)
    tasks = [asyncio.create_task(student(url, first + k, think, log)) for k in range(n)]
    start = time.monotonic()
    pending = set(tasks)
    while pending and time.monotonic() - start < deadline:
        _, pending = await asyncio.wait(pending, timeout=0.5)
        peak = max(peak, rss_mb(pids))
    for task in pending:
        task.cancel()
        log["errors"].append("a session did not finish before the deadline")
    await asyncio.gather(*tasks, return_exceptions=True)
    cpu = cpu_seconds(pids) - cpu_before
    return {"n": n, "before": before, "peak": peak, "wall": time.monotonic() - start, "cpu": cpu,
            **log}  # fmt: skip


def report(result: dict) -> str:
    seconds = sorted(s for _, s in result["times"])
    cpu = result["cpu"] > 0 and seconds
    p50 = statistics.median(seconds) if seconds else float("nan")
    p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))] if seconds else float("nan")
    by_step = {
        step: statistics.median([s for name, s in result["times"] if name == step] or [0.0])
        for step in STEPS
    }
    steps = " ".join(f"{k}={v:.2f}" for k, v in by_step.items())
    spread = ", ".join(f"{k}: {v}" for k, v in sorted(result["upstreams"].items()) if k)
    return (
        f"N={result['n']:>3}  reruns={len(seconds):>3}  p50={p50:6.3f}s  p95={p95:6.3f}s  "
        f"errors={len(result['errors'])}  RSS {result['before']:.0f}→{result['peak']:.0f} MB "
        f"(+{result['peak'] - result['before']:.0f})  wall={result['wall']:.0f}s"
        + (f"  server CPU {result['cpu'] / len(seconds) * 1e3:.0f} ms/rerun" if cpu else "")
        + "\n"
        f"       median per step: {steps}"
        + (f"\n       upstreams: {spread}" if spread else "")
        + "".join(f"\n       {e}" for e in result["errors"][:5])
    )


def start_server(profile_to: str | None = None, niceness: int = 0) -> tuple[subprocess.Popen, str]:
    """The app as served (``serve.py``) on a free loopback port (under
    serve_profiled.py with ``profile_to``), at ``niceness`` (below 0, as
    root: ahead of other work on a shared machine, as a replica that owns
    its machine would be)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    run = ["-m", "streamlit", "run", "serve.py"]  # the app as served, its protections in front
    if profile_to is not None:
        run = [str(Path(__file__).resolve().parent / "serve_profiled.py"), profile_to]
    server = subprocess.Popen(
        [sys.executable, *run, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        preexec_fn=(lambda: os.nice(niceness)) if niceness else None,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return server, url
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the app did not start")


def profile_server(sessions: list[int], think: tuple[float, float], deadline: float) -> None:
    """The levels against the app under serve_profiled.py, then where the
    server's time went (every thread), by cumulative time."""
    import pstats
    import signal
    import tempfile

    out = str(Path(tempfile.mkdtemp()) / "server.prof")
    server, url = start_server(profile_to=out)
    first = 0
    try:
        asyncio.run(level(url, 1, [server.pid], (0.0, 0.0), deadline, WARM_UP))
        for n in sessions:
            print(report(asyncio.run(level(url, n, [server.pid], think, deadline, first))))
            first += n
    finally:
        server.send_signal(signal.SIGUSR1)
        server.wait(timeout=120)
    stats = pstats.Stats(out)
    stats.sort_stats("cumulative").print_stats(
        r"(/views/|/ui/|/gd_core/|app_session|script_runner\.py|local_sources_watcher|gc\.collect)",
        30,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running app (loopback); default: start one")
    parser.add_argument("--pids", type=int, nargs="*", default=[], help="app pids for RSS")
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30, 100])
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"))
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds per level")
    parser.add_argument("--browsers", type=int, nargs="*", default=[1, 5])
    parser.add_argument("--profile", action="store_true", help="profile one round instead")
    parser.add_argument(
        "--profile-server", action="store_true", help="run the levels on a profiled server"
    )
    args = parser.parse_args()
    if args.profile:
        from load_profile import profile_round

        profile_round()
        return
    if args.profile_server:
        profile_server(args.sessions, tuple(args.think), args.deadline)
        return
    if any(not 1 <= n <= MAX_SESSIONS for n in args.sessions):
        parser.error(f"sessions must be 1 to {MAX_SESSIONS}")
    server = None
    if args.url is None:
        server, args.url = start_server()
        args.pids = [server.pid]
    try:
        print(f"app {args.url}; think {args.think[0]:g}–{args.think[1]:g} s between actions")
        # Warm the imports and the shared surface with a student no level has,
        # and give every level students of its own: in class no two arrive
        # with the same η and start, so no rerun may find another's results
        # in the caches (N = 1 would otherwise replay the warm-up from cache).
        asyncio.run(level(args.url, 1, args.pids, (0.0, 0.0), args.deadline, WARM_UP))
        first = 0
        for n in args.sessions:
            result = asyncio.run(level(args.url, n, args.pids, args.think, args.deadline, first))
            print(report(result))
            first += n
        if args.browsers:
            from load_browser import browser_levels

            for line in browser_levels(args.url, args.browsers):
                print(line)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
