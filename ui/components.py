"""The app's own browser components (``st.components.v2``, plain
JavaScript, no build step), served from this checkout.

- ``explorer.chart`` (``ui/chart_component/``, see :mod:`ui.browser_chart`): every
  animated view and the pages' other Plotly charts;
- ``explorer.link`` (``ui/link_component/``, see :mod:`ui.share`): the share
  link with its Copy button, without Streamlit's code block (whose syntax
  highlighter is a 1.5 MB script that held up each page's first charts);
- ``explorer.plotly``: no script of its own, only the folder that serves
  Plotly.js to the chart: the partial ``gl3d`` bundle of the same plotly.js
  version as the pinned ``plotly`` package's (``ui/plotly_js/README.md``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import streamlit as st

from ui import streamlit_internals

PACKAGE = "explorer"
_UI = Path(__file__).resolve().parent
_ASSETS = {  # served as COMPONENT_ROUTE + "explorer.<name>/<file>"
    "chart": _UI / "chart_component",
    "link": _UI / "link_component",
    "plotly": _UI / "plotly_js",
}
# name → (script, style sheet): in the page, not a shadow root (Plotly adds
# its own rules to the page; the link's text must be selectable as page
# text), so every rule is scoped under a class of ours (.esx, .esx-link).
# The link adds its few rules itself: Streamlit 1.67 fetched a style sheet
# given to it but did not attach it to the page (seen in Chromium).
_COMPONENTS: dict[str, tuple[str, str | None]] = {
    "chart": ("entry.js", "chart.css"),
    "link": ("link.js", None),
}
_mounts: dict[tuple[int, str], Callable[..., Any]] = {}


def mount(name: str) -> Callable[..., Any]:
    """The mount function of component ``name`` on the active runtime
    (AppTest makes a new runtime per test, each needing the assets). On a
    Streamlit the app is not tested with, one that says the chart is not drawn
    (``ui.streamlit_internals``: the components are registered through it)."""
    manager = streamlit_internals.component_manager()
    if manager is None:
        return partial(_not_drawn, name)
    found = _mounts.get((id(manager), name))
    if found is None:
        streamlit_internals.serve_asset_folders(manager, PACKAGE, _ASSETS)
        js, css = _COMPONENTS[name]
        found = st.components.v2.component(
            f"{PACKAGE}.{name}", js=js, css=css, isolate_styles=False
        )
        for stale in [k for k in list(_mounts) if k[0] != id(manager)]:  # list(): atomic
            _mounts.pop(stale, None)
        _mounts[(id(manager), name)] = found
    return found


def serve_assets() -> bool:
    """Serve the components' folders on the running server now (``mount``
    does it on a page's first run; ``ui.page_head.PageHead`` before the page
    names them in its HTML). False on an untested Streamlit: nothing is served."""
    manager = streamlit_internals.component_manager()
    if manager is None:
        return False
    streamlit_internals.serve_asset_folders(manager, PACKAGE, _ASSETS)
    return True


def chart_modules() -> list[str]:
    """The chart's modules a page loads, in order: ``entry.js`` and every
    module it imports, directly or not (``import … from "./x.js"``,
    ``import("./x.js")``), except the room's keys (``keys.js``)."""
    folder = _ASSETS["chart"]
    found: list[str] = []
    todo = [_COMPONENTS["chart"][0]]
    while todo:
        name = todo.pop(0)
        if name in found or name == "keys.js":
            continue
        found.append(name)
        todo += re.findall(r"""(?:from\s*|import\s*\(\s*)["']\./([\w.-]+\.js)["']""",
                           (folder / name).read_text(encoding="utf-8"))  # fmt: skip
    return found


def _not_drawn(name: str, *, height: int | None = None, **_: Any) -> None:
    if height != 0:  # hidden elements (layers, preload) have nothing to say
        what = {"chart": "This chart", "link": "The share link"}[name]
        st.info(
            f"{what} is not drawn: the app's components are tested with Streamlit "
            f"{streamlit_internals.TESTED_STREAMLIT}, and this server runs "
            f"{streamlit_internals.running_version()}. The numbers and words are unchanged."
        )
