"""Cached core calls: thin wrappers, bounded by ``max_entries`` so memory
cannot grow without limit. Caching stays here, never inside ``gd_core``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import streamlit as st

import gd_core
from gd_core import maps, worker
from gd_core.datasets import parse_csv
from gd_core.figures.background import Background, background
from gd_core.figures.payload import layers_payload
from ui.looks import current_look
from ui.offload import WORKER
from ui.waiting import LARGE_WORK, ComputeSlots, session_id, still_wanted

# Sweeps hold ~11 MB of history while they run. Scripts run in threads under
# one GIL, so more than two at once finish no sooner; a class switching page
# together would otherwise hold a hundred histories at the same time. One
# session holds at most one of them, and leaves the queue when its tab closes.
SWEEP_SLOTS = ComputeSlots(2)
T = TypeVar("T")

# Work that grows with the data goes to the worker above these sizes, whoever's
# turn it is: in this process it would hold the GIL the class's reruns share
# (a 100,000-row CSV parses in ≈ 0.3 s, its surface builds in ≈ 0.4 s).
WORKER_POINTS = 10_000
WORKER_BYTES = 100_000


def _problem(x: np.ndarray, y: np.ndarray, loss: str) -> gd_core.SigmoidNeuron:
    return gd_core.SigmoidNeuron(x, y, loss=loss)


def _run(job: Callable[..., T], *args: Any) -> T:
    """A core job (``gd_core.worker``): in the worker process when this
    session's rerun is large (it holds the large turn), else here."""
    if session_id() in LARGE_WORK.holders:
        return WORKER.call(job, args, still_wanted)
    return job(*args)


def parse_upload(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """``gd_core.datasets.parse_csv`` of an upload: a large one in the worker."""
    if len(data) <= WORKER_BYTES:
        return parse_csv(data)
    return WORKER.call(worker.parse, (np.frombuffer(data, np.uint8),), still_wanted)


def surface_and_background(
    x: np.ndarray, y: np.ndarray, loss: str, view: float, resolution: int, log: bool
) -> tuple[gd_core.LossSurface, Background]:
    """The loss grid and its colours/contours (they change together), in
    the session's colour scale (``ui.looks``)."""
    return _surface_and_background(x, y, loss, view, resolution, log, current_look().scale)


@st.cache_data(max_entries=8, show_spinner=False)
def _surface_and_background(
    x: np.ndarray, y: np.ndarray, loss: str, view: float, resolution: int, log: bool, scale: str
) -> tuple[gd_core.LossSurface, Background]:
    if x.size > WORKER_POINTS:
        surface = WORKER.call(worker.surface, (x, y, loss, view, resolution), still_wanted)
    else:
        surface = worker.surface(x, y, loss, view, resolution)
    return surface, background(surface, log=log, scale=scale)


def chart_layers(
    x: np.ndarray,
    y: np.ndarray,
    loss: str,
    view: float,
    resolution: int,
    log: bool,
    *,
    marked: bool = True,
) -> dict[str, Any]:
    """The chart component's static layers of this surface (with its
    revision), in the session's look; ``marked=False`` leaves out the ◇
    zero-loss mark (the lesson, where it would give the answer away)."""
    look = current_look()
    return _chart_layers(x, y, loss, view, resolution, log, look.scale, look.contrast, marked)


@st.cache_data(max_entries=8, show_spinner=False)
def _chart_layers(
    x: np.ndarray, y: np.ndarray, loss: str, view: float, resolution: int, log: bool,
    scale: str, contrast: bool, marked: bool,
) -> dict[str, Any]:  # fmt: skip
    surface, bg = _surface_and_background(x, y, loss, view, resolution, log, scale)
    optimum = _problem(x, y, loss).zero_loss_point() if marked else None
    return layers_payload(surface, bg, optimum=optimum, contrast=contrast)


@st.cache_data(max_entries=64, show_spinner=False)
def descent(
    x: np.ndarray, y: np.ndarray, loss: str, start: tuple[float, float], eta: float, epochs: int
) -> gd_core.Trajectory:
    return _run(worker.descent, x, y, loss, start, eta, epochs)


@st.cache_data(max_entries=64, show_spinner=False)
def search(
    x: np.ndarray,
    y: np.ndarray,
    loss: str,
    start: tuple[float, float],
    budget: int,
    mode: str,
    seed: int,
    view: float,
) -> gd_core.Trajectory:
    return _run(worker.search, x, y, loss, start, budget, mode, seed, view)


@st.cache_data(max_entries=16, show_spinner=False)
def sweep(
    x: np.ndarray, y: np.ndarray, loss: str, start: tuple[float, float], epochs: int
) -> gd_core.Sweep:
    """The 200-η sweep from ``start`` (at most two of the class's computed at
    once; a large one holds the one large turn, and runs in the worker)."""
    owner = session_id()
    if owner in LARGE_WORK.holders:
        return _run(worker.sweep, x, y, loss, start, epochs)
    with SWEEP_SLOTS.hold(owner, still_wanted):
        return worker.sweep(x, y, loss, start, epochs)


@st.cache_data(max_entries=64, show_spinner=False)
def method_run(
    x: np.ndarray,
    y: np.ndarray,
    loss: str,
    method: str,
    settings: tuple[tuple[str, Any], ...],
    start: tuple[float, float],
    epochs: int,
) -> gd_core.Trajectory:
    """A registered optimizer's run (settings as sorted pairs, to hash)."""
    return _run(worker.method, x, y, loss, method, dict(settings), start, epochs)


# A map is computed in blocks (gd_core.maps.block_count: 11 for 300 × 300)
# so the page can show progress between them; each block is cached alone.
@st.cache_data(max_entries=96, show_spinner=False)
def map_block(
    x: np.ndarray,
    y: np.ndarray,
    loss: str,
    view: float,
    resolution: int,
    method: str,
    settings: tuple[tuple[str, Any], ...],
    epochs: int,
    block: int,
) -> gd_core.DescentMap:
    """Block ``block`` of the starts of a convergence map of the ±view square
    (settings as sorted pairs, to hash)."""
    w, b = maps.start_grid((-view, view), (-view, view), resolution)
    starts = maps.grid_starts(w, b)
    blocks = np.array_split(starts, maps.block_count(len(starts)))
    return _run(worker.map_block, x, y, loss, method, dict(settings), blocks[block], epochs)
