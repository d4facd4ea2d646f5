"""Large reruns compute in a worker process at a lower CPU priority
(ui.offload, gd_core.worker): the same numbers as in the server's process,
the core's errors as they are, stopped when nobody waits, and computed here
when the worker cannot."""

from __future__ import annotations

import os
import threading
import time

import numpy as np
import pytest
from app_helpers import open_page

from gd_core import worker
from ui.offload import NICENESS, Worker

LECTURE = (np.array([0.5, 2.5]), np.array([0.2, 0.9]))
RUN = ("params", "losses", "grad_norms", "status", "converged_at")


@pytest.fixture
def pool():
    w = Worker()
    yield w
    w.stop()


def _never() -> None:
    return None


def _many(n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    return rng.uniform(-3, 3, n), rng.uniform(0.05, 0.95, n)


def _csv(x: np.ndarray, y: np.ndarray) -> bytes:
    return b"x,y\n" + b"".join(b"%r,%r\n" % row for row in zip(x.tolist(), y.tolist(), strict=True))


def test_a_job_in_the_worker_gives_the_same_numbers_bit_for_bit(pool):
    x, y = _many(5_000)
    for job, args, names in [
        (worker.descent, (x, y, "squared_error", (-2.0, -2.0), 1.0, 50), RUN),
        (worker.method, (x, y, "cross_entropy", "adam", {"learning_rate": 0.1}, (1.0, -3.0), 40),
         RUN),
        (worker.sweep, (*LECTURE, "squared_error", (-2.0, -2.0), 30),
         ("learning_rates", "status", "converged_at", "final_loss")),
    ]:  # fmt: skip
        there, here = pool.call(job, args, _never), job(*args)
        for name in names:  # the same machine, the same NumPy: exact
            np.testing.assert_array_equal(getattr(there, name), getattr(here, name))
    assert pool.pid is not None and pool.pid != os.getpid()


def test_the_worker_runs_at_a_lower_priority(pool):
    assert pool.call(worker.niceness, (), _never) == min(os.nice(0) + NICENESS, 19)


def test_the_cores_error_comes_back_named(pool):
    with pytest.raises(ValueError, match="epochs"):
        pool.call(worker.descent, (*LECTURE, "squared_error", (0.0, 0.0), 1.0, -5), _never)
    assert pool.call(worker.niceness, (), _never) >= NICENESS  # and the worker goes on


class Gone(Exception):
    """What Streamlit raises in a rerun whose tab has closed."""


def test_a_rerun_nobody_waits_for_stops_the_worker_at_once(pool):
    pool.call(worker.niceness, (), _never)  # started
    first = pool.pid
    x, y = _many(100_000)
    asked = time.monotonic()

    def gone_after_a_moment() -> None:
        if time.monotonic() - asked > 0.3:
            raise Gone

    long_run = (x, y, "squared_error", (-2.0, -2.0), 1.0, 10_000)  # ≈ 30 s of CPU
    with pytest.raises(Gone):
        pool.call(worker.descent, long_run, gone_after_a_moment)
    assert time.monotonic() - asked < 5
    assert first is not None and not _alive(first) and pool.pid is None
    assert pool.call(worker.niceness, (), _never) >= NICENESS  # the next call starts another


def test_a_worker_that_dies_leaves_the_job_to_the_server(pool):
    pool.call(worker.niceness, (), _never)
    x, y = _many(100_000)
    args = (x, y, "squared_error", (-2.0, -2.0), 1.0, 300)
    killer = threading.Timer(0.3, lambda: os.kill(pool.pid or 0, 9))
    killer.start()
    result = pool.call(worker.descent, args, _never)
    killer.join()
    np.testing.assert_array_equal(result.losses, worker.descent(*args).losses)


def test_a_large_page_computes_in_the_worker_and_a_small_one_here(app):
    from ui.offload import WORKER

    WORKER.stop()
    open_page(app, "views/data.py")
    assert WORKER.pid is None  # the lecture's two points: computed in the server's process
    x, y = _many(20_000)
    app.session_state["data_x"] = tuple(x.tolist())
    app.session_state["data_y"] = tuple(y.tolist())
    app.session_state["data_name"] = "uploaded: many.csv"
    app.run()
    assert not app.exception and not app.error
    assert WORKER.pid is not None and _alive(WORKER.pid)
    assert not [i.value for i in app.info if "Epochs cut to" in i.value]  # ≈ 0.8 s: large, uncut
    epochs = 1000
    run = worker.descent(x, y, "squared_error", (-2.0, -2.0), 1.0, epochs)
    w, b = run.final_params
    assert any(f"= ({w:.3g}, {b:.3g}) after {epochs} epochs" in c.value for c in app.caption)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_only_the_workers_jobs_are_sent_to_it(pool):
    with pytest.raises(ValueError, match=r"not one of gd_core\.worker's jobs"):
        pool.call(os.nice, (0,), _never)
    assert pool.pid is None  # nothing started for it


def test_an_uploads_parse_and_its_surface_in_the_worker_are_the_servers(pool):
    x, y = _many(3_000)
    text = _csv(x, y)
    there = pool.call(worker.parse, (np.frombuffer(text, np.uint8),), _never)
    np.testing.assert_array_equal(there[0], x)  # repr round-trips every double
    np.testing.assert_array_equal(there[1], y)
    with pytest.raises(ValueError, match=r"row 2: y is 'oops', not a number"):
        pool.call(worker.parse, (np.frombuffer(b"x,y\n1,0.5\n2,oops\n", np.uint8),), _never)
    args = (x, y, "cross_entropy", 6.0, 40)
    surface = pool.call(worker.surface, args, _never)
    for name in ("w", "b", "loss"):
        np.testing.assert_array_equal(getattr(surface, name), getattr(worker.surface(*args), name))


def test_a_large_upload_and_its_surface_leave_the_servers_process():
    """Parsing 100,000 rows and building their surface hold the GIL the class
    shares for ≈ 0.7 s: above a size, they are computed in the worker."""
    from ui import cache
    from ui.offload import WORKER

    WORKER.stop()
    small = b"x,y\n0.5,0.2\n2.5,0.9\n"
    assert [a.tolist() for a in cache.parse_upload(small)] == [[0.5, 2.5], [0.2, 0.9]]
    cache.surface_and_background(*LECTURE, "squared_error", 6.0, 30, True)
    assert WORKER.pid is None  # small: here
    x, y = _many(cache.WORKER_POINTS + 1)
    text = _csv(x, y)
    assert len(text) > cache.WORKER_BYTES
    parsed = cache.parse_upload(text)
    assert WORKER.pid is not None  # large: there
    np.testing.assert_array_equal(parsed[0], x)
    WORKER.stop()
    surface, _ = cache.surface_and_background(x, y, "squared_error", 6.0, 30, True)
    assert WORKER.pid is not None
    np.testing.assert_array_equal(surface.loss, worker.surface(x, y, "squared_error", 6.0, 30).loss)
    WORKER.stop()
