"""Room load: a class posting to a room while its teacher's wall refreshes.
Loopback only, bounded in students (≤ 100) and time (--deadline per level).

N simulated students speak Streamlit's WebSocket protocol (``st_client``)
against the app as served (``serve.py``): each joins the room on the Room
page, reveals a prediction in the lesson, then sends --runs runs from the
Error surface (each its own η), the last one sent twice (a double click:
it must count once), pausing --think seconds (default 2–6) between actions
like a student reading the page (as ``load.py`` does). One teacher session
keeps the Wall page open and refreshes its fragment every second as a
browser does (the server's ``auto_rerun``), reading the counts it shows.

Reported per store and N: posts expected / in the database / lost / doubled;
a post's latency (the student's click sent → its row in the database, seen
by a poller every 20 ms) p50/p95/max; the wall's latency (click → the
wall's counts include it) p50/p95/max; the rerun times.

Usage:
    python benchmarks/room_load.py                       # SQLite and PostgreSQL, N = 30, 100
    python benchmarks/room_load.py --stores sqlite --levels 30
Targets (issue 23): 0 lost, 0 doubled; post p95 ≤ 100 ms at N = 30; the wall within 2 s.
PostgreSQL: a throwaway server from Debian's binaries (tests/pg_server.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from load import start_server
from sqlalchemy import select
from st_client import Session
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

import rooms
from gd_core.lesson import STEPS
from rooms.outbox import WORKERS
from rooms.tables import events, members

MAX_STUDENTS = 100
JOINS_PER_SECOND = 4.0  # within the store's limit of 50 per 10 s per room
GUESSES = [str(option) for option in STEPS[0].question.options]
CLOCK = time.time() - time.monotonic()  # the wall clock (the store's times) on time.monotonic


def trigger(session: Session, key: str) -> None:
    session.states[key] = WidgetState(id=session._ids[key], trigger_value=True)


async def click(session: Session, key: str, expect: str = "", **values) -> float:
    """Press button ``key`` (with ``values`` set); the time the click was sent.
    ``expect``: words the page must then show (else the step failed)."""
    for name, value in values.items():
        state = WidgetState(id=session._ids[name])
        if isinstance(value, int) and not isinstance(value, bool):
            state.int_value = value
        elif isinstance(value, float):
            state.double_value = value
        else:
            state.string_value = str(value)
        session.states[name] = state
    trigger(session, key)
    sent = time.monotonic()
    try:
        result = await session.rerun()
    finally:
        session.states.pop(key, None)
    if result.errors:
        raise RuntimeError(f"{key}: {result.errors[:2]}")
    if expect and not any(expect in text for text in result.texts):
        raise RuntimeError(f"{key}: the page did not say {expect!r}: {result.texts[-2:]}")
    return sent


async def student(
    url: str, code: str, index: int, runs: int, think: tuple[float, float], log: dict
) -> None:
    nickname = f"student{index:03d}"
    session = Session(url)
    rng = random.Random(index)

    async def pause() -> None:  # a student reads the page between actions
        await asyncio.sleep(rng.uniform(*think))

    try:
        await asyncio.sleep(index / JOINS_PER_SECOND)  # a class joins over a few seconds
        await session.connect()
        log["upstreams"][session.upstreams[0] if session.upstreams else ""] += 1
        log["reruns"].append((await session.rerun()).seconds)
        await session.rerun(page="room")
        for attempt in range(6):  # "too many joins at once: wait a few seconds": a student waits
            try:
                await click(session, "room_join_button", "You are in room", room_code=code,
                            room_nickname_input=nickname)  # fmt: skip
                break
            except RuntimeError:
                if attempt == 5:
                    raise
                log["join_waits"] += 1
                await asyncio.sleep(5.0)
        log["joined"] += 1
        await pause()
        await session.rerun(page="lesson")
        await pause()
        said = GUESSES[index % len(GUESSES)]  # a radio sends its option's text
        sent = await click(session, "lesson_reveal_guess", lesson_said_guess=said)
        log["sent"][(nickname, "prediction", None)] = sent
        await pause()
        await session.rerun(page="")
        for k in range(runs):
            eta = round(0.5 + 0.25 * k + 0.01 * index, 2)
            await pause()
            result = await session.rerun(eta=eta)
            log["reruns"].append(result.seconds)
            await pause()
            log["sent"][(nickname, "run", eta)] = await click(session, "room_send_run")
        await click(session, "room_send_run")  # the last run again: counted once
    except Exception as error:
        log["errors"].append(f"{nickname}: {type(error).__name__} {error}"[:200])
    finally:
        await session.close()


async def wall(url: str, code: str, key: str, log: dict, stop: asyncio.Event) -> None:
    """The teacher's wall: the page once, then its fragment every interval."""
    session = Session(url)
    await session.connect()
    await session.rerun()
    session.query = f"room={code}&key={key}"
    page_hash = session.pages["wall"]
    fragment, interval = "", 1.5
    message = BackMsg()
    message.rerun_script.query_string = session.query
    message.rerun_script.page_script_hash = page_hash
    while not stop.is_set():
        asked = time.monotonic()
        await session.ws.send(message.SerializeToString())
        counts: dict[str, int] = {}
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(session.ws.recv(), 60))
            kind = fwd.WhichOneof("type")
            if kind == "auto_rerun":
                fragment, interval = fwd.auto_rerun.fragment_id, fwd.auto_rerun.interval
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                element = fwd.delta.new_element
                if element.WhichOneof("type") == "metric":
                    counts[element.metric.label] = int(element.metric.body)
            elif kind == "script_finished":
                break
        shown = counts.get("Predictions", 0) + counts.get("Runs", 0)
        log["wall"].append((time.monotonic(), shown))
        log["wall_reruns"].append(time.monotonic() - asked)
        await asyncio.sleep(interval)
        message = BackMsg()
        message.rerun_script.page_script_hash = page_hash
        message.rerun_script.fragment_id = fragment
        message.rerun_script.is_auto_rerun = True
    await session.close()


def poll(url: str, room_id: int, rows, stop) -> None:
    """First time each row is in the database (every 20 ms), put on ``rows``.
    Runs in a process of its own: in this one it would wait for the GIL
    behind the students' clients and count that wait as the store's."""
    engine = rooms.make_engine(url)
    query = (
        select(members.c.nickname, events.c.kind, events.c.eta, events.c.id, events.c.created_at)
        .join(members, members.c.id == events.c.member_id)
        .where(events.c.room_id == room_id)
    )
    seen: set[int] = set()
    with engine.connect() as conn:
        while not stop.is_set():
            now = time.monotonic()  # CLOCK_MONOTONIC: the same clock in every process
            for row in conn.execute(query):
                if row.id not in seen:
                    seen.add(row.id)
                    began = row.created_at.replace(tzinfo=UTC).timestamp() - CLOCK
                    rows.put((row.id, (row.nickname, row.kind, row.eta), now, began))
            conn.rollback()  # the next poll sees what was committed since
            time.sleep(0.02)
    rows.put(None)
    engine.dispose()


def quantiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    p50, top = statistics.median(ordered), ordered[-1]
    return f"p50={p50 * 1e3:.0f} p95={p95 * 1e3:.0f} max={top * 1e3:.0f} ms"


async def level(
    url: str, engine, n: int, runs: int, think, deadline: float, wall_url: str = "",
    during=None,
) -> dict:  # fmt: skip
    """One class: ``n`` students on ``url``, the wall on ``wall_url`` (or
    ``url``); ``during()``, if given, runs beside them (a replica restarted)."""
    opened = rooms.unit(engine, rooms.open_room, max_students=MAX_STUDENTS)
    with engine.connect() as conn:
        room_id = conn.execute(
            select(rooms.tables.rooms.c.id).where(rooms.tables.rooms.c.code == opened.code)
        ).scalar_one()
    log: dict = {"sent": {}, "errors": [], "reruns": [], "wall": [], "wall_reruns": [],
                 "joined": 0, "join_waits": 0, "upstreams": Counter()}  # fmt: skip
    spawn = multiprocessing.get_context("spawn")
    rows, stop_poll, stop_wall = spawn.Queue(), spawn.Event(), asyncio.Event()
    poller = spawn.Process(target=poll, args=(str(engine.url.render_as_string(False)), room_id,
                                              rows, stop_poll), daemon=True)  # fmt: skip
    poller.start()
    wall_task = asyncio.create_task(wall(wall_url or url, opened.code, opened.key, log, stop_wall))
    start = time.monotonic()
    tasks = [asyncio.create_task(student(url, opened.code, k, runs, think, log)) for k in range(n)]
    extra = asyncio.create_task(during()) if during is not None else None
    _, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
        log["errors"].append("a student did not finish before the deadline")
    if extra is not None:
        await extra
    await asyncio.sleep(3.5)  # the last posts reach the database, the wall refreshes twice
    stop_wall.set()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(wall_task, 30)
    stop_poll.set()
    seen: dict = {}
    while (row := rows.get(timeout=60)) is not None:
        seen[row[0]] = row[1:]
    poller.join(30)
    return {"n": n, "seconds": time.monotonic() - start, "seen": seen, **log}


def report(store: str, result: dict, runs: int) -> str:
    expected = result["n"] * (1 + runs)
    identities = [identity for identity, *_ in result["seen"].values()]
    lost = sum(1 for identity in result["sent"] if identity not in set(identities))
    never_sent = expected - len(result["sent"])
    doubled = len(identities) - len(set(identities))
    first_seen: dict = {}
    began: dict = {}
    for identity, when, start in result["seen"].values():
        first_seen[identity] = min(when, first_seen.get(identity, when))
        began[identity] = start
    post = [first_seen[i] - sent for i, sent in result["sent"].items() if i in first_seen]
    parts = {  # where a post's time goes, by kind: click → the store's write begins → seen
        kind: ([began[i] - s for i, s in result["sent"].items() if i in began and i[1] == kind],
               [first_seen[i] - began[i] for i in result["sent"] if i in began and i[1] == kind])
        for kind in ("prediction", "run")
    }  # fmt: skip
    ranked = sorted(first_seen, key=first_seen.__getitem__)  # the k-th row in the database
    walls, from_click = [], []
    for rank, identity in enumerate(ranked, start=1):
        committed = first_seen[identity]
        shown = next((t for t, count in result["wall"] if count >= rank and t >= committed), None)
        if shown is None:
            continue
        walls.append(shown - committed)
        if identity in result["sent"]:
            from_click.append(shown - result["sent"][identity])
    missing = [i for i in result["sent"] if i not in set(identities)][:3]
    breakdown = "".join(
        f"             {kind}s: click → store begins {quantiles(to_store)}; "
        f"→ row seen {quantiles(to_row)}\n"
        for kind, (to_store, to_row) in parts.items()
    )
    return (
        (f"           missing, e.g.: {missing}\n" if missing else "")
        + f"{store:10s} N={result['n']:>3}  posts expected={expected} "
        f"in the database={len(identities)} "
        f"lost={lost} not sent={never_sent} doubled={doubled}  errors={len(result['errors'])}  "
        f"time={result['seconds']:.0f}s\n"
        f"           post (click → row): {quantiles(post)}\n"
        + breakdown
        + f"           wall (row → shown): {quantiles(walls)};  "
        f"click → wall: {quantiles(from_click)}"
        f"  ({len(result['wall'])} wall refreshes, the last showing "
        f"{result['wall'][-1][1] if result['wall'] else 0} of {len(identities)} rows)\n"
        f"           students joined: {result['joined']}/{result['n']} "
        f"(told to wait and joined again: {result['join_waits']});  "
        f"wall fragment reruns: {quantiles(result['wall_reruns'])};  "
        f"students' reruns: {quantiles(result['reruns'])}"
        + (
            f"\n           students per replica: {dict(result['upstreams'])}"
            if any(result["upstreams"])
            else ""
        )
        + "".join(f"\n           {e}" for e in result["errors"][:5])
    )


def direct(engine, n: int, posts: int) -> str:
    """The store alone, beside the app: ``n`` students post ``posts`` events
    each (every one sent twice) straight through ``rooms.unit``, from as many
    threads as a replica's outbox has (``rooms.outbox.WORKERS``)."""
    opened = rooms.unit(engine, rooms.open_room, max_students=MAX_STUDENTS)
    groups = (n - 1) // 40  # joins backdated in groups of 40: the join limit is per 10 s
    members_ = [rooms.unit(engine, rooms.join, opened.code, f"d{k:03d}",
                           now=rooms.store.now_utc() - timedelta(seconds=11 * (groups - k // 40)))
                for k in range(n)]  # fmt: skip
    times: list[float] = []

    def send(member, event) -> None:
        start = time.perf_counter()
        rooms.single(engine, rooms.post, opened.code, member.token, event)
        times.append(time.perf_counter() - start)

    jobs = [(m, rooms.Event(f"{m.nickname}-{i:06d}", "run", eta=1.0))
            for i in range(posts) for m in members_ for _ in range(2)]  # fmt: skip
    with ThreadPoolExecutor(WORKERS._max_workers) as pool:
        list(pool.map(lambda job: send(*job), jobs))
    rows = rooms.unit(engine, rooms.wall, opened.code, opened.key).rows
    return (f"store alone, {n} students × {posts} posts (each sent twice): rows={len(rows)} "
            f"(expected {n * posts}), post {quantiles(times)}")  # fmt: skip


@contextlib.contextmanager
def store_url(store: str):
    if store == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/rooms.sqlite3"
    else:
        from pg_server import postgres_server

        with postgres_server() as url:
            yield url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stores", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--levels", nargs="+", type=int, default=[30, 100])
    parser.add_argument("--runs", type=int, default=3, help="runs each student sends")
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0), metavar=("MIN", "MAX"),
                        help="seconds a student pauses between actions")  # fmt: skip
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds per level")
    args = parser.parse_args()
    if any(not 1 <= n <= MAX_STUDENTS for n in args.levels):
        parser.error(f"levels must be 1 … {MAX_STUDENTS}")
    print(f"load average before: {os.getloadavg()}")
    for store in args.stores:
        with store_url(store) as url:
            os.environ["ESE_DATABASE_URL"] = url
            engine = rooms.make_engine(url)
            rooms.upgrade(engine)
            for n in args.levels:
                print(f"{store:10s} N={n:>3}  {direct(engine, n, args.runs + 1)}", flush=True)
            server, app_url = start_server()
            try:
                for n in args.levels:
                    result = asyncio.run(
                        level(app_url, engine, n, args.runs, tuple(args.think), args.deadline)
                    )
                    print(report(store, result, args.runs), flush=True)
            finally:
                server.terminate()
                server.wait(timeout=30)
                engine.dispose()
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
