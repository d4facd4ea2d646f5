"""The core's runs as jobs a worker process can take, and that process's loop.

A job is a module-level function of plain values (the data as arrays, the
loss's name, the settings), listed in ``JOBS``; the server asks for one by
its name, with its arguments and the result sent as ``gd_core.worker_messages``
messages (data, never code). A fresh interpreter
(``python -m gd_core.worker``) runs it with nothing but this package
imported — not ``multiprocessing``'s spawn, which re-runs the parent's main
module in the child, and a Streamlit server's ``__main__`` is the app's
script. The Streamlit layer (``ui.offload``) sends large reruns' jobs here; the jobs are
the very calls it would make in its own process.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Mapping
from typing import IO, Any

import numpy as np

from gd_core import maps
from gd_core import worker_messages as messages
from gd_core.datasets import parse_csv
from gd_core.problem import SigmoidNeuron
from gd_core.runs.many import DescentMap
from gd_core.runs.one import run_method
from gd_core.runs.plain import gradient_descent
from gd_core.search import random_search
from gd_core.surface import LossSurface, loss_surface
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


def parse(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``parse_csv`` of an upload's bytes (sent as an array of ``uint8``)."""
    return parse_csv(data.tobytes())


def surface(x: np.ndarray, y: np.ndarray, loss: str, view: float, resolution: int) -> LossSurface:
    """The loss over the ±view square, ``resolution`` points a side."""
    return loss_surface(
        SigmoidNeuron(x, y, loss=loss), (-view, view), (-view, view), resolution=resolution
    )


def niceness() -> int:
    """This process's niceness (how much lower its CPU priority is)."""
    return os.nice(0)


JOBS = {
    job.__name__: job
    for job in (descent, search, sweep, method, map_block, parse, surface, niceness)
}


def serve(source: IO[bytes], sink: IO[bytes], increment: int) -> None:
    """The worker process: lower its CPU priority by ``increment``, then for
    each ``(job's name, args)`` read from ``source`` run ``JOBS[name](*args)``
    and write back ``(True, result)``, ``(False, the core's ValueError)``, or
    ``(None, what went wrong)`` for anything else (the server then computes
    the job itself), until ``source`` ends."""
    with contextlib.suppress(OSError):
        os.nice(increment)
    while True:
        try:
            name, args = messages.read(source)
        except EOFError:
            return
        try:
            reply: tuple[bool | None, Any] = (True, JOBS[name](*args))
            message = messages.encode(reply)
        except messages.WireError as error:  # a result no message holds: the server computes it
            message = messages.encode((None, repr(error)))
        except ValueError as error:  # the core's, named: goes back as it is
            message = messages.encode((False, error))
        except Exception as error:
            message = messages.encode((None, repr(error)))
        sink.write(message)
        sink.flush()


if __name__ == "__main__":  # python -m gd_core.worker NICENESS (started by ui.offload)
    serve(sys.stdin.buffer, sys.stdout.buffer, int(sys.argv[1]))
