"""The server's protections, before and after, side by side in one run.

    python benchmarks/bench_serving.py [--repeats 10]

"before" is ``streamlit run app.py`` (Streamlit's own handlers, as the app
was launched until ``serve.py``); "after" is ``streamlit run serve.py``
(``ui/serving.py`` in front). Both on loopback, each with outbound traffic
"dropped" (its HTTP proxy is a loopback port that never answers: see
``tests/serving_helpers.py``). For each:

- server CPU per ``plotly.min.js`` request (gzip asked, as a browser does),
  from the server process's user + system time over ``--repeats`` requests
  one after another, and the wall time of 20 requests at once;
- the latency of ``/_stcore/health`` (polled every 50 ms) while 20 WebSocket
  handshakes with a foreign ``Origin`` arrive at once.

The load average is printed before and after (these machines are shared).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from serving_helpers import blackhole, dropped_outbound_env, served  # noqa: E402
from st_client import Session  # noqa: E402

PLOTLY = "/_stcore/bidi-components/explorer.plotly/plotly.min.js"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


def cpu_seconds(pid: int) -> float:
    """User + system CPU of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch(url: str) -> int:
    request = urllib.request.Request(url + PLOTLY, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=120) as reply:
        return len(reply.read())


async def first_run(url: str) -> None:
    session = Session(url, timeout=120)  # registers the components (app.py's first run)
    await session.connect()
    await session.rerun()
    await session.close()


async def foreign_handshakes(url: str, count: int) -> None:
    import websockets

    async def one() -> None:
        try:
            async with websockets.connect(
                "ws" + url[4:] + "/_stcore/stream",
                additional_headers={"Origin": "https://evil.example"},
                open_timeout=300,
            ):
                pass
        except (websockets.exceptions.InvalidStatus, websockets.exceptions.ConnectionClosed):
            pass

    await asyncio.gather(*(one() for _ in range(count)))


def health_during_handshakes(url: str) -> list[float]:
    latencies: list[float] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            start = time.perf_counter()
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=300) as reply:
                reply.read()
            latencies.append(time.perf_counter() - start)
            time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    asyncio.run(foreign_handshakes(url, 20))
    time.sleep(0.3)
    done.set()
    poller.join()
    return latencies


def measure(script: str, repeats: int) -> dict[str, float]:
    with blackhole() as proxy, served(script, env=dropped_outbound_env(proxy)) as (url, server):
        asyncio.run(first_run(url))
        fetch(url)  # warm: the first request reads the file
        before = cpu_seconds(server.pid)
        for _ in range(repeats):
            fetch(url)
        per_request = (cpu_seconds(server.pid) - before) / repeats
        start, before = time.perf_counter(), cpu_seconds(server.pid)
        with ThreadPoolExecutor(20) as pool:
            sizes = list(pool.map(lambda _: fetch(url), range(20)))
        burst_wall, burst_cpu = time.perf_counter() - start, cpu_seconds(server.pid) - before
        health = health_during_handshakes(url)
    return {
        "cpu_per_request_s": per_request,
        "burst20_wall_s": burst_wall,
        "burst20_cpu_s": burst_cpu,
        "bytes": float(sizes[0]),
        "health_median_s": statistics.median(health),
        "health_max_s": max(health),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    print(load())
    rows = {name: measure(script, args.repeats) for name, script in
            (("before (app.py)", "app.py"), ("after (serve.py)", "serve.py"))}  # fmt: skip
    print(f"{'':18}" + "".join(f"{k:>20}" for k in next(iter(rows.values()))))
    for name, row in rows.items():
        print(f"{name:18}" + "".join(f"{v:>20.3f}" for v in row.values()))
    print(load())


if __name__ == "__main__":
    main()
