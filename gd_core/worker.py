"""The core's runs as jobs a worker process can take, and that process's loop.

A job is a module-level function of plain values (the data as arrays, the
loss's name, the settings), so it pickles by name and a fresh interpreter
(``python -m gd_core.worker``) runs it with nothing but this package
imported — not ``multiprocessing``'s spawn, which re-runs the parent's main
module in the child, and a Streamlit server's ``__main__`` is the app's
script. The
Streamlit layer (``ui.offload``) sends large reruns' jobs here; the jobs are
the very calls it would make in its own process.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Mapping
from typing import Any, BinaryIO

import numpy as np

from gd_core import maps
from gd_core.batch import DescentMap
from gd_core.descent import gradient_descent
from gd_core.problem import SigmoidNeuron
from gd_core.runner import run_method
from gd_core.search import random_search
from gd_core.sweep import Sweep, learning_rate_sweep
from gd_core.trajectory import Trajectory

Start = tuple[float, float]


def descent(
    x: np.ndarray, y: np.ndarray, loss: str, start: Start, eta: float, epochs: int
) -> Trajectory:
    return gradient_descent(SigmoidNeuron(x, y, loss=loss), start, eta, epochs)


def search(
    x: np.ndarray,
    y: np.ndarray,
    loss: str,
    start: Start,
    budget: int,
    mode: str,
    seed: int,
    view: float,
) -> Trajectory:
    return random_search(
        SigmoidNeuron(x, y, loss=loss),
        budget,
        seed=seed,
        mode=mode,
        start=start,
        w_range=(-view, view),
        b_range=(-view, view),
    )


def sweep(x: np.ndarray, y: np.ndarray, loss: str, start: Start, epochs: int) -> Sweep:
    return learning_rate_sweep(SigmoidNeuron(x, y, loss=loss), start, epochs)


def method(
    x: np.ndarray,
    y: np.ndarray,
    loss: str,
    name: str,
    settings: Mapping[str, Any],
    start: Start,
    epochs: int,
) -> Trajectory:
    return run_method(SigmoidNeuron(x, y, loss=loss), name, dict(settings), start, epochs)


def map_block(
    x: np.ndarray,
    y: np.ndarray,
    loss: str,
    name: str,
    settings: Mapping[str, Any],
    starts: np.ndarray,
    epochs: int,
) -> DescentMap:
    return maps.method_ends(SigmoidNeuron(x, y, loss=loss), name, dict(settings), starts, epochs)


def serve(source: BinaryIO, sink: BinaryIO, niceness: int) -> None:
    """The worker process: lower its CPU priority by ``niceness``, then run
    each pickled ``(job, args)`` read from ``source`` and write back
    ``(True, result)`` or ``(False, the exception)``, until ``source`` ends.
    (Only the server that started this process writes to ``source``.)"""
    with contextlib.suppress(OSError):
        os.nice(niceness)
    while True:
        try:
            job, args = pickle.load(source)
        except EOFError:
            return
        try:
            reply: tuple[bool, Any] = (True, job(*args))
        except Exception as error:  # the core's ValueError, named, goes back as it is
            reply = (False, error)
        pickle.dump(reply, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


if __name__ == "__main__":  # python -m gd_core.worker NICENESS (started by ui.offload)
    serve(sys.stdin.buffer, sys.stdout.buffer, int(sys.argv[1]))
