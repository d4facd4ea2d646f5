"""The app's own browser components (``st.components.v2``, plain
JavaScript, no build step), served from this checkout.

- ``explorer.chart`` (``ui/chart_component/``, see :mod:`ui.chart`): every
  animated view and the pages' other Plotly charts;
- ``explorer.link`` (``ui/link_component/``, see :mod:`ui.share`): the share
  link with its Copy button, without Streamlit's code block (whose syntax
  highlighter is a 1.5 MB script that held up each page's first charts);
- ``explorer.plotly``: no script of its own, only the folder that serves
  Plotly.js to the chart: the partial ``gl3d`` bundle of the same plotly.js
  version as the pinned ``plotly`` package's (``ui/plotly_js/README.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.components.v2.get_bidi_component_manager import get_bidi_component_manager
from streamlit.components.v2.manifest_scanner import ComponentConfig, ComponentManifest

PACKAGE = "explorer"
_UI = Path(__file__).resolve().parent
_ASSETS = {  # served as /_stcore/bidi-components/explorer.<name>/<file>
    "chart": (_UI, "chart_component"),
    "link": (_UI, "link_component"),
    "plotly": (_UI, "plotly_js"),
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


def _register_assets(manager: BidiComponentManager) -> None:
    """Serve the asset folders from this runtime (once per runtime).

    Streamlit finds asset folders in installed packages' manifests; this app
    is not installed, so it hands the runtime the same manifest directly.
    """
    for name, (root, folder) in _ASSETS.items():
        if manager.get_component_path(f"{PACKAGE}.{name}") is None:
            manifest = ComponentManifest(
                name=PACKAGE, version="1", components=[ComponentConfig(name, folder)]
            )
            manager.register_from_manifest(manifest, root)


def mount(name: str) -> Callable[..., Any]:
    """The mount function of component ``name`` on the active runtime
    (AppTest makes a new runtime per test, each needing the assets)."""
    manager = get_bidi_component_manager()
    found = _mounts.get((id(manager), name))
    if found is None:
        _register_assets(manager)
        js, css = _COMPONENTS[name]
        found = st.components.v2.component(
            f"{PACKAGE}.{name}", js=js, css=css, isolate_styles=False
        )
        for stale in [k for k in list(_mounts) if k[0] != id(manager)]:  # list(): atomic
            _mounts.pop(stale, None)
        _mounts[(id(manager), name)] = found
    return found
