"""Abuse: can one student stall a class? Loopback only, bounded in sessions
and time, stops by itself.

(a) The class round of load.py (N students, each their own η and start,
    --think seconds between actions, Compare η among them) on one server,
    alone and beside two attackers in turn (--pairs times each, so that a
    shared machine's drifting load weighs on both), the attackers each doing the worst
    upload-and-sweep found in issue 25 — a 100,000-row CSV on Your data,
    then Compare η (200-η sweep and the comparisons), then the epochs
    raised to 10,000 — --rounds times with a new start each time (no cache
    hit). Reported: the students' p50/p95 over all rounds of each, their ratio (target
    ≤ 2), the attackers' own rerun times, the server's CPU.
(b) A closed tab: one session with the 100,000 points opens Compare η at a
    start not computed yet and closes its WebSocket --close-after seconds
    later; the server's CPU is sampled every 0.1 s until it is idle (target:
    idle within 2 s of the close). The same rerun waited for, for scale.

Usage:
    python benchmarks/abuse.py                         # N = 30, its own server
    python benchmarks/abuse.py --sessions 10 --deadline 120
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import MAX_SESSIONS, cpu_seconds, level, report, start_server
from st_client import Session

ROWS = 100_000  # the CSV limit; 1.45 MB, within the 5 MB upload limit


def big_csv(rows: int = ROWS) -> bytes:
    rng = np.random.default_rng(25)
    x, y = rng.uniform(-3, 3, rows), rng.uniform(0.05, 0.95, rows)
    return b"x,y\n" + b"".join(b"%.4f,%.4f\n" % pair for pair in zip(x, y, strict=True))


async def attacker(url: str, index: int, rounds: int, log: dict, pair: int = 0) -> None:
    """Upload the CSV, then Compare η, then the epochs raised; ``rounds``
    times, each from a start of its own (nothing served from the cache)."""
    session = Session(url, timeout=600)
    content = big_csv()
    try:
        await session.connect()
        await session.rerun()
        await session.rerun(page="data")
        for k in range(rounds):
            start = time.perf_counter()
            await session.upload("csv_upload", f"attack-{pair}-{index}-{k}.csv", content)
            log["attack"].append(("upload", time.perf_counter() - start))
            await session.rerun(page="")  # the start inputs live on every page's sidebar
            w0 = round(-3.9 + 0.7 * index + 0.13 * k + 0.031 * pair, 3)
            for name, changes in (("compare", {"w0": w0}), ("epochs", {"epochs": 10_000})):
                page = "compare_eta" if name == "compare" else None
                result = await session.rerun(page=page, **changes)
                log["attack"].append((name, result.seconds))
                log["cut"] |= {t for t in result.texts if "Epochs cut to" in t}
                log["errors"] += [f"attacker {index} {name}: {e}" for e in result.errors]
            await session.rerun(page="data", epochs=1000)
    except Exception as error:
        log["errors"].append(f"attacker {index}: {type(error).__name__} {error}"[:200])
    finally:
        await session.close()


async def with_attackers(url: str, n: int, pids: list[int], args, pair: int, log: dict) -> dict:
    attacks = [asyncio.create_task(attacker(url, k, args.rounds, log, pair)) for k in range(2)]
    think = (args.think_min, args.think_max)
    students = await level(url, n, pids, think, args.deadline, 1000 * pair + 500)
    await asyncio.gather(*attacks)
    return students


async def closed_tab(url: str, pids: list[int], close_after: float) -> dict:
    """One tab with the 100,000 points opens Compare η and closes; the server's
    CPU per 0.1 s after the close, until idle. Then the same rerun waited for."""
    session = Session(url, timeout=600)
    await session.connect()
    await session.rerun()
    await session.rerun(page="data")
    await session.upload("csv_upload", "closed-tab.csv", big_csv())
    await session.rerun(page="")
    await asyncio.sleep(1.0)
    cpu_before = cpu_seconds(pids)
    waited = await session.rerun(page="compare_eta", w0=2.71)  # for scale: the whole rerun
    waited_cpu = cpu_seconds(pids) - cpu_before
    await session.rerun(page="", w0=-3.33)
    await asyncio.sleep(1.0)
    # the closed tab: a rerun at a start not computed yet, then the socket closes
    await session.rerun_no_wait(page="compare_eta", w0=3.17)
    await asyncio.sleep(close_after)
    closed_at = time.monotonic()
    closing = asyncio.create_task(session.close())  # the close handshake may wait on the server
    samples, last = [], cpu_seconds(pids)
    idle_at = None
    while time.monotonic() - closed_at < 15:
        await asyncio.sleep(0.1)
        now = cpu_seconds(pids)
        samples.append(now - last)
        last = now
        if len(samples) >= 3 and sum(samples[-3:]) < 0.03:  # 3 ticks of 10 ms in 0.3 s
            idle_at = time.monotonic() - closed_at - 0.3
            break
    await closing
    return {"waited": waited.seconds, "waited_cpu": waited_cpu, "idle_after": idle_at,
            "samples": samples}  # fmt: skip


def _p(seconds: list[float], q: float) -> float:
    seconds = sorted(seconds)
    return seconds[min(len(seconds) - 1, int(q * len(seconds)))] if seconds else float("nan")


async def main_async(args) -> None:
    server, url = start_server(niceness=args.niceness)
    pids = [server.pid]
    try:
        print(f"load average at start: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; "
              f"server niceness {args.niceness}")  # fmt: skip
        if not args.closed_tab_only:
            await class_with_and_without_attackers(url, pids, args)
        tab = await closed_tab(url, pids, args.close_after)
        idle = tab["idle_after"]
        print(
            f"(b) closed tab: the rerun waited for took {tab['waited']:.2f} s "
            f"({tab['waited_cpu']:.2f} s of server CPU); closed "
            f"{args.close_after:g} s into the same rerun, the server was idle "
            + (f"{idle:.2f} s after the close" if idle is not None else "never within 15 s")
            + " (target ≤ 2 s); CPU s per 0.1 s after the close: "
            + " ".join(f"{s:.2f}" for s in tab["samples"][:25])
        )
        print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    finally:
        server.terminate()
        server.wait(timeout=30)


async def class_with_and_without_attackers(url: str, pids: list[int], args) -> None:
    """(a): the class alone, then beside two attackers, --pairs times in turn
    (alone, attacked, alone, attacked …), each round of students with starts
    of its own: a machine whose load drifts weighs on both the same."""
    await level(url, 1, pids, (0.1, 0.2), 120, 339)  # warm the caches: the lecture's pages
    think = (args.think_min, args.think_max)
    log: dict = {"attack": [], "errors": [], "cut": set()}
    alone: list[float] = []
    attacked: list[float] = []
    for pair in range(args.pairs):
        print(f"pair {pair + 1} of {args.pairs}, load {os.getloadavg()[0]:.2f}")
        quiet = await level(url, args.sessions, pids, think, args.deadline, 1000 * pair)
        print("(a) students alone:\n" + report(quiet))
        students = await with_attackers(url, args.sessions, pids, args, pair, log)
        print("(a) students beside two attackers:\n" + report(students))
        alone += [s for _, s in quiet["times"]]
        attacked += [s for _, s in students["times"]]
    p95_alone, p95_attacked = _p(alone, 0.95), _p(attacked, 0.95)
    print(
        f"    over {args.pairs} pair(s): p95 alone {p95_alone:.3f} s, attacked "
        f"{p95_attacked:.3f} s; ratio {p95_attacked / p95_alone:.2f} (target ≤ 2); p50 "
        f"{statistics.median(attacked):.3f} s vs {statistics.median(alone):.3f} s"
    )
    for name in ("upload", "compare", "epochs"):
        times = [s for step, s in log["attack"] if step == name]
        if times:
            print(f"    attackers' {name}: median {statistics.median(times):.2f} s, "
                  f"max {max(times):.2f} s over {len(times)}")  # fmt: skip
    for text in sorted(log["cut"])[:2]:
        print(f"    the page said: {text[:160]}…")
    for error in log["errors"][:5]:
        print(f"    {error}")
    print(f"load average now: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=2, help="attacks per attacker")
    parser.add_argument("--pairs", type=int, default=3, help="alone/attacked rounds in turn")
    parser.add_argument(
        "--niceness", type=int, default=0,
        help="the server's niceness (e.g. -5, as root: ahead of other sessions' work)",
    )  # fmt: skip
    parser.add_argument("--think-min", type=float, default=2.0)
    parser.add_argument("--think-max", type=float, default=6.0)
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds per level")
    parser.add_argument("--close-after", type=float, default=0.5)
    parser.add_argument("--closed-tab-only", action="store_true", help="(b) alone")
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be 1 to {MAX_SESSIONS}")
    if not 1 <= args.pairs <= 10:
        parser.error("--pairs must be 1 to 10")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
