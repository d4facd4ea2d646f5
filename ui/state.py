"""Session state, set up in one place: :func:`init_state`, which ``app.py``
calls on every run before the shared controls and the page.

The settings are read through widget keys (``w0``, ``eta`` …), so widgets
and pages see the same value. The shared controls live in the entrypoint
and every settings widget keeps its value for the session
(``persist_state="session"``), so a value survives page switches without
being copied back; what is kept here is only the last value that passed its
check, to put back in place of one a crafted client sends.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from gd_core.validate import run_settings
from ui import budget
from ui.inputs import plain, sanitise
from ui.schema import DATA_DEFAULTS, DEFAULTS
from ui.share import apply_link
from ui.waiting import LARGE_WORK, WAIT_NOTE, session_id, still_wanted

__all__ = ["DATA_DEFAULTS", "DEFAULTS", "Settings", "init_state"]

PHONE_HINTS = ("Mobi", "Android", "iPhone", "iPad")
KEPT = "settings_kept"  # the last value of each shared setting that passed its check


@dataclass(frozen=True)
class Settings:
    """The shared settings, as the core wants them."""

    w0: float
    b0: float
    eta: float
    epochs: int
    search_mode: str
    seed: int
    view: float
    resolution: int
    log_colour: bool
    asked_epochs: int | None = None  # the epochs asked for, when the budget cut them

    @property
    def start(self) -> tuple[float, float]:
        return (self.w0, self.b0)

    @property
    def w_range(self) -> tuple[float, float]:
        return (-self.view, self.view)

    @property
    def b_range(self) -> tuple[float, float]:
        return (-self.view, self.view)


def init_state() -> None:
    """Defaults for what the session does not hold yet (on its first run,
    then a shared link's settings); on every run, each setting a client sent
    checked (see ``ui.inputs``) and the ones that passed kept."""
    for key, value in (DATA_DEFAULTS | DEFAULTS).items():
        if key not in st.session_state:
            st.session_state[key] = copy.deepcopy(value)
    apply_link()  # a shared link's settings, on the session's first run
    kept = st.session_state.get(KEPT, DEFAULTS)
    for message in sanitise(st.session_state, kept):
        st.error(f"{plain(message)}. Kept the previous value.")
    if st.session_state["stacked"] is None:
        agent = st.context.headers.get("User-Agent", "") or ""
        st.session_state["stacked"] = any(h in agent for h in PHONE_HINTS)
    st.session_state[KEPT] = {key: st.session_state[key] for key in DEFAULTS}
    if "last_good" not in st.session_state:
        st.session_state["last_good"] = current_settings()


def current_settings() -> Settings:
    """The settings as the widgets hold them now (not yet validated)."""
    s = st.session_state
    return Settings(
        w0=s["w0"],
        b0=s["b0"],
        eta=s["eta"],
        epochs=s["epochs"],
        search_mode=s["search_mode"],
        seed=s["seed"],
        view=s["view"],
        resolution=s["resolution"],
        log_colour=s["log_colour"],
    )


def active_data() -> tuple[NDArray[np.float64], NDArray[np.float64], str]:
    """(x, y, loss name) of the data every page fits."""
    s = st.session_state
    x = np.asarray(s["data_x"], dtype=np.float64)
    return x, np.asarray(s["data_y"], dtype=np.float64), str(s["loss_name"])


T = TypeVar("T")


def compute_or_fall_back(
    compute: Callable[[Settings], T], work: Sequence[budget.Runs]
) -> tuple[Settings, T]:
    """``compute(current settings)``, within the work budget: ``work`` is what
    the page runs each epoch, and ``ui.budget.fit`` cuts the epochs (saying
    so) when one rerun would compute too long. If the core refuses the
    settings (``ValueError`` naming the field and its range) show that and
    compute with the last settings that worked instead, so the page keeps its
    previous state; if those fail too, or are the ones that just failed, the
    page stops under the message rather than run them again."""
    n_points = len(st.session_state["data_x"])
    asked = current_settings()
    try:
        settings = _within_budget(asked, n_points, work)
        result = _in_turn(compute, settings, n_points, work)
    except ValueError as error:
        fallback: Settings = st.session_state["last_good"]
        if fallback == asked:
            st.error(plain(f"{error}."))
            st.stop()
        st.error(plain(f"{error}. Showing the last valid settings instead."))
        try:
            settings = _within_budget(fallback, n_points, work)
            return settings, _in_turn(compute, settings, n_points, work)
        except ValueError as again:
            st.error(plain(f"The last valid settings fail too: {again}."))
            st.stop()
    try:  # a page may not use every setting: remember only fully valid ones
        run_settings(asked.start, asked.eta, asked.epochs)
        st.session_state["last_good"] = asked
    except ValueError:
        pass
    return settings, result


def _in_turn(
    compute: Callable[[Settings], T], settings: Settings, n_points: int, work: Sequence[budget.Runs]
) -> T:
    """``compute(settings)``; a large one (``ui.budget.is_large``) waits until
    no other session's large one computes, saying so while it waits."""
    epochs = settings.epochs
    if not isinstance(epochs, int) or not budget.is_large(n_points, max(epochs, 0), work):
        return compute(settings)
    waiting = st.empty()

    def say_so() -> None:
        waiting.info(WAIT_NOTE, icon=":material/hourglass_top:")

    with LARGE_WORK.hold(session_id(), still_wanted, on_wait=say_so):
        waiting.empty()
        return compute(settings)


def _within_budget(settings: Settings, n_points: int, work: Sequence[budget.Runs]) -> Settings:
    """``settings`` with the epochs the work budget allows (and a note saying
    what was cut and why), or raise ``ValueError`` if not even one fits."""
    epochs = settings.epochs
    if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 1:
        return settings  # the core names the rule
    fit = budget.fit(n_points, epochs, work)
    if fit.note is None:
        return settings
    st.info(fit.note, icon=":material/timer:")
    return replace(settings, epochs=fit.epochs, asked_epochs=fit.asked)
