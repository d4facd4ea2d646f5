"""The Python side of the app's chart component (its JavaScript is
``ui/chart_component/``): mount it, read its clicks. Figures drawn with
Streamlit's own ``st.plotly_chart`` instead go through :mod:`ui.checked_figures`.

One component (``st.components.v2``, plain JavaScript in
``ui/chart_component/``) draws the animated views of every page with
Plotly.js from the pinned ``plotly`` package. Each page mounts it twice:

* the *layers* element (surface, contour image, iso-lines) under a key of
  its own: it changes only with the surface, so after the first run
  Streamlit sends a reference to its hash instead of its ~0.2 MB;
* the *chart* element with the runs (a few kB per run), which draws the
  plots and returns a click on the contour as a trigger value.

The same component draws a page's other Plotly charts (:func:`static_chart`:
the Compare η sweep, the race's loss and effective η), so a page loads one
Plotly.js, not Streamlit's own copy (a 4.7 MB chunk) as well.

The component's JavaScript and Plotly.js are files the browser fetches over
HTTP once (``/_stcore/bidi-components/<name>/<file>``, see
:mod:`ui.components`), not message content.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from gd_core.figures.looks import restyle
from gd_core.figures.payload import RunSpec, figure_payload, runs_payload
from gd_core.figures.rows import epoch_rows
from gd_core.figures.wire import encode
from gd_core.offview import leaves_view
from ui import cache, components, ghost
from ui.checked_figures import require_finite
from ui.looks import current_look
from ui.notes import off_view_note
from ui.state import Settings, active_data

PRELOADED = "plotly_preloaded"  # session state: the early script was sent to this tab
# Starts Plotly.js early. In the head of a page with charts
# (ui.page_head.PageHead) it comes just before an async script that loads
# Plotly.js (requested before Streamlit's bundle, run as it arrives): there it
# only watches. As the page's first element (preload: a tab that opened on a
# page without charts; by then the page is parsed) it loads Plotly.js itself.
# Either way a listener on the document marks how our Plotly.js script ended
# (data-esx-plotly: loading, ready, failed) for plotly_loader.js, whenever it
# ends: the load and error events of a script reach the document's capturing
# listeners, installed here before the tag exists. A literal of ours (no user
# text; test_security), allowed by its hash in deploy/explorer.conf's CSP.
EARLY_SCRIPT = """<script>(() => {
        if (!window.esxPlotlyWatched) {
          window.esxPlotlyWatched = true;
          const mark = (event) => {
            const script = event.target;
            if (script.dataset?.esxPlotly !== "loading") return;
            script.dataset.esxPlotly = event.type === "load" ? "ready" : "failed";
          };
          document.addEventListener("load", mark, true);
          document.addEventListener("error", mark, true);
        }
        const app = document.querySelector("script[src*='/static/js/index']");
        // In the head, before Streamlit's bundle: the tag after this loads it.
        if (!app) return performance.mark("explorer:plotly-early");
        if (window.Plotly || document.querySelector("script[data-esx-plotly]")) return;
        const script = document.createElement("script");
        script.dataset.esxPlotly = "loading";
        const path = "../../_stcore/bidi-components/explorer.plotly/plotly.min.js";
        script.src = new URL(path, app.src).href;
        performance.mark("explorer:plotly-early");
        document.head.appendChild(script);
        })();</script>"""
EARLY_ELEMENT = '<span class="esx-early" hidden></span>' + EARLY_SCRIPT  # hidden: assets/page.css


def preload() -> None:
    """Start loading Plotly.js in the browser now (call it first on a page
    with charts): its download and parse, the longest step of a first
    load, then overlap the rest of the page. Two hidden elements of a few
    bytes:

    * a script in ``st.html`` (``EARLY_SCRIPT``): Streamlit's HTML element
      is a 2 kB chunk, while the component's own chunk arrives with the
      page's forty others. On a page whose head started Plotly.js it finds
      that script and stops; on a tab that opened on a page without charts
      it loads Plotly.js. Sent on the tab's first chart page only
      (``PRELOADED``): later reruns keep its place with an empty marker;
    * the component: its modules arrive while the rest of the page is drawn.
    """
    # Registers the assets first: the script may fetch them at once.
    mount = components.mount("chart")
    if st.session_state.get(PRELOADED):
        # Started by this tab's first chart page (the script would now return
        # at once): its place kept with a few bytes instead of ~1 kB a rerun.
        st.html('<span class="esx-early" hidden></span>')
    else:
        st.session_state[PRELOADED] = True
        _early_script()
    mount(key="chart_preload", data=encode({"role": "preload"}), height=0)


def _early_script() -> None:
    st.html(EARLY_ELEMENT, unsafe_allow_javascript=True)


def animated_views(
    key: str,
    settings: Settings,
    kind: str,
    runs: Sequence[RunSpec],
    *,
    on_click: Callable[[str], None] | None = None,
    ghosts: Sequence[dict[str, Any] | None] | None = None,
    ghost_note: str | None = None,
    view_control: bool = True,
    **options: Any,
) -> tuple[bytes, bytes] | None:
    """Draw ``runs`` on the active surface as the chart of ``kind``
    (``runs_payload``'s kinds and ``options``), or say why it cannot be.
    Returns the two messages the component received (layers, chart), which
    ``ui.animation_file`` plays offline, or ``None`` if nothing was drawn.

    A click on a contour moves the shared start (w₀, b₀) there: the callback
    runs before the next script run, so the inputs are drawn with it.
    ``on_click(key)`` replaces that (the lesson: a click is a prediction).
    ``ghosts``: per run, what the browser runs from the pointer while it
    moves over a contour (``ui.ghost``; ``None``: no ghost for that run).
    ``view_control``: the sidebar has **View** (a run that leaves the view
    is then said with where to widen it).
    """
    x, y, loss = active_data()
    try:
        layers = cache.chart_layers(
            x, y, loss, settings.view, settings.resolution, settings.log_colour
        )
        chart = runs_payload(kind, layers["revision"], runs, start=settings.start,
                             view=(settings.w_range, settings.b_range), **options)  # fmt: skip
    except ValueError as error:
        st.error(f"The animated charts cannot be drawn: {error}.")
        return None
    notice = st.session_state.pop(_notice(key), None)
    if notice:
        st.warning(notice)
    mount = components.mount("chart")
    # Not drawn itself (the chart reads it); unchanged, Streamlit sends its hash.
    if ghosts is not None:
        chart["ghost"] = ghost.ghost_payload(ghosts, settings.epochs, len(x), ghost_note)
    layers_data = {"role": "layers", "layers": layers, "engine": ghost.engine_data(x, y, loss)}
    messages = encode(layers_data), encode({"role": "chart", **chart})
    mount(key=f"{key}_layers", data=messages[0], height=0)
    mount(key=key, data=messages[1], on_click_change=partial(on_click or _move_start, key))
    for spec in runs:  # the words beside the ▲ the chart draws
        off = leaves_view(spec.run, epoch_rows(spec.run), settings.w_range, settings.b_range)
        if off is not None:
            st.caption(off_view_note(spec.label, off, settings.view, widen=view_control))
    return messages


def _move_start(key: str) -> None:
    point = clicked_start(key)
    if point is not None:
        st.session_state["w0"], st.session_state["b0"] = point
    else:  # only a crafted client sends a click the contour could not have made
        view = st.session_state["last_good"].view
        st.session_state[_notice(key)] = (
            f"A click on the chart '{key}' was ignored: a start must be a pair of numbers "
            f"(w, b) inside the view, w and b within ±{view:g}."
        )


def _notice(key: str) -> str:
    return f"{key}__click_notice"


def start_from_click(
    value: Any, w_range: tuple[float, float], b_range: tuple[float, float]
) -> tuple[float, float] | None:
    """The (w, b) a click on the contour sent, rounded to 0.01, or ``None``
    if it is malformed, not finite or outside the view (a crafted client
    can send anything)."""
    if not isinstance(value, Mapping):
        return None
    try:
        w, b = float(value["w"]), float(value["b"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(w) and math.isfinite(b)):
        return None
    if w_range[0] <= w <= w_range[1] and b_range[0] <= b <= b_range[1]:
        return round(w, 2) + 0.0, round(b, 2) + 0.0
    return None


def clicked_value(key: str) -> Any:
    """What the component under ``key`` sent as its ``click`` (``None`` if nothing)."""
    result = st.session_state.get(key)
    value = getattr(result, "click", None)
    if value is None and isinstance(result, Mapping):
        value = result.get("click")
    return value


def clicked_start(key: str) -> tuple[float, float] | None:
    """The start a click on chart ``key`` chose, inside the last valid view."""
    good = st.session_state["last_good"]
    return start_from_click(clicked_value(key), good.w_range, good.b_range)


def static_chart(
    key: str, figure: go.Figure, *, on_click: Callable[[], None] | None = None
) -> None:
    """Draw ``figure`` as it is in the chart component (what
    ``ui.checked_figures.show_figure`` does with ``st.plotly_chart``), or say why not.

    With ``on_click``, a click on a point is sent back (read it with
    :func:`clicked_value`: ``{"x", "y", "curve"}``) and ``on_click`` runs
    before the next script run. A NaN or inf in the figure is refused with a
    message naming the trace and field, as for every chart. Drawn in the
    session's look (colour scale, contrast: ``gd_core.figures.looks``).
    """
    spec = restyle(json.loads(pio.to_json(figure, validate=False)), current_look())
    try:
        require_finite(spec)
        payload = figure_payload(spec, filename=key.replace("_", "-"), clickable=bool(on_click))
    except ValueError as error:
        st.error(f"This chart was not drawn: {error}. Please report it.")
        return
    events = {"on_click_change": on_click} if on_click else {}
    components.mount("chart")(key=key, data=encode({"role": "figure", **payload}), **events)
