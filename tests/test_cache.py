"""ui/cache: the sweep, the heaviest computation a page switch starts, runs
at most two at a time however many sessions ask at once (memory stays bounded
when a class switches page together)."""

from __future__ import annotations

import threading
import time

import numpy as np

import gd_core
from gd_core import worker
from ui import cache

X, Y = np.array([0.5, 2.5]), np.array([0.2, 0.9])


def test_at_most_two_sweeps_run_at_once(monkeypatch):
    running, most, lock = 0, 0, threading.Lock()
    real = gd_core.learning_rate_sweep

    def counting(*args, **kwargs):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)  # long enough for every thread to arrive
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(worker, "learning_rate_sweep", counting)  # what cache.sweep runs
    cache.sweep.clear()
    results: list[gd_core.Sweep] = []
    threads = [  # each its own start, so none is served from the cache
        threading.Thread(
            target=lambda k=k: results.append(
                cache.sweep(X, Y, "squared_error", (-2.0 + 0.1 * k, -2.0), 50)
            )
        )
        for k in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache.sweep.clear()
    assert len(results) == 6
    assert most == 2
