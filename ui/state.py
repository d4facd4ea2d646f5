"""Session state, set up in one place: :func:`init_state`, which ``app.py``
calls on every run before the page (and each page calls again, harmlessly,
because Streamlit's AppTest reruns a page without the entrypoint).

The shared settings are read through widget keys (``w0``, ``eta`` …), so
widgets and pages see the same value. Streamlit drops a widget's state when
a page that does not draw that widget runs (and on a page switch), so every
value is also kept in a plain dict, ``shared_settings``: each run copies the
widgets' latest values into it, and restores any that were dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import streamlit as st

from gd_core.descent import check_run
from ui.share import apply_link

DEFAULTS: dict[str, Any] = {
    "w0": -2.0,
    "b0": -2.0,
    "eta": 1.0,
    "eta_preset": 1.0,
    "epochs": 1000,
    "search_mode": "sample",
    "seed": 0,
    "view": 6.0,
    "resolution": 150,
    "log_colour": True,
    "stacked": None,  # None: decided from the browser on first load (phones stack)
    "eta_list": "0.1, 1, 10, 50",  # the learning rates compared side by side
    "taylor_source": "the start",  # where the Taylor page looks: start / epoch k / a click
    "taylor_epoch": 100,
    "taylor_click": "θ",  # a click on the Taylor page's contour sets θ or u
    "taylor_beta": 150,
    "taylor_field": False,
    "taylor_quadric": True,
    # The convergence map's choices (see ui.maps): kept across pages like the rest.
    "map_compare": "One map",
    "map_method": "gradient_descent",
    "map_method2": "adam",
    "map_eta2": 10.0,
    "map_resolution": 150,
}
# The active data and loss (the lecture's two points until the data page
# changes them): plain keys, not widgets.
DATA_DEFAULTS: dict[str, Any] = {
    "data_x": (0.5, 2.5),
    "data_y": (0.2, 0.9),
    "data_name": "The lecture's two points",
    "data_version": 0,  # bumped when the data change: the editor redraws from them
    "loss_name": "squared_error",
    "compare_etas": [0.1, 1.0, 10.0, 50.0],  # the last valid set of compared η
    "race": None,  # the Optimizers page's methods (None: ui.races.DEFAULT_RACE)
    "taylor_point": (-2.0, -2.0),  # the last clicked θ on the Taylor page
}
PHONE_HINTS = ("Mobi", "Android", "iPhone", "iPad")

# Learning rates on the log-scale slider: 1, 2, 5 per decade, 0.001 … 100.
ETA_PRESETS = [round(m * 10.0**k, 6) for k in range(-3, 3) for m in (1, 2, 5)] + [100.0]


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

    @property
    def start(self) -> tuple[float, float]:
        return (self.w0, self.b0)

    @property
    def w_range(self) -> tuple[float, float]:
        return (-self.view, self.view)

    @property
    def b_range(self) -> tuple[float, float]:
        return (-self.view, self.view)


SHARED = "shared_settings"


def init_state() -> None:
    """Defaults on the first run; afterwards keep every shared value alive
    across pages (see the module docstring)."""
    for key, value in DATA_DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value
    apply_link()  # a shared link's settings, on the session's first run
    store = dict(st.session_state.get(SHARED, DEFAULTS))
    _refuse_bad_values(store)
    for key in DEFAULTS:
        if key in st.session_state:
            store[key] = st.session_state[key]  # the widget's latest value
        # Set it again as a plain value: a page's widget is a new widget (its
        # id includes the page), and it starts from the value set under its key.
        st.session_state[key] = store[key]
    if st.session_state["stacked"] is None:
        agent = st.context.headers.get("User-Agent", "") or ""
        st.session_state["stacked"] = store["stacked"] = any(h in agent for h in PHONE_HINTS)
    st.session_state[SHARED] = store
    if "last_good" not in st.session_state:
        st.session_state["last_good"] = current_settings()


def _refuse_bad_values(store: dict[str, Any]) -> None:
    """Check every setting a client sent against ``ui.inputs.SETTINGS``: a
    refused value is replaced by the last one kept in ``store``, and named."""
    from ui.inputs import plain, sanitise  # ui.inputs reads ETA_PRESETS from here

    for message in sanitise(st.session_state, store):
        st.error(f"{plain(message)}. Kept the previous value.")


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


def nearest_preset(eta: float) -> float:
    """The log-slider stop closest to η on a log scale."""
    if not (isinstance(eta, (int, float)) and math.isfinite(eta) and eta > 0):
        return float(st.session_state.get("eta_preset", 1.0))
    return min(ETA_PRESETS, key=lambda p: abs(math.log10(p) - math.log10(eta)))


def active_data() -> tuple[np.ndarray, np.ndarray, str]:
    """(x, y, loss name) of the data every page fits."""
    s = st.session_state
    return np.asarray(s["data_x"], float), np.asarray(s["data_y"], float), s["loss_name"]


T = TypeVar("T")


def compute_or_fall_back(compute: Callable[[Settings], T]) -> tuple[Settings, T]:
    """``compute(current settings)``; if the core refuses them (``ValueError``
    naming the field and its range) show that and compute with the last
    settings that worked instead, so the page keeps its previous state."""
    settings = current_settings()
    try:
        result = compute(settings)
    except ValueError as error:
        from ui.inputs import plain

        st.error(plain(f"{error}. Showing the last valid settings instead."))
        settings = st.session_state["last_good"]
        return settings, compute(settings)
    try:  # a page may not use every setting: remember only fully valid ones
        check_run(settings.start, settings.eta, settings.epochs, 1.0, 1.0)
        st.session_state["last_good"] = settings
    except ValueError:
        pass
    return settings, result
