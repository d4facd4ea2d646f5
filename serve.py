"""Error Surface Explorer as served: ``streamlit run serve.py`` runs
``app.py`` inside ``st.App`` with the server's protections in front of
Streamlit's own handlers (``ui/serving.py``): foreign WebSocket origins
refused without an outbound lookup, Plotly.js gzipped once and nothing else
of its folder served, a cap on the uploads a session holds, and the app's
style rules and (on a page with charts) Plotly.js's start in each page's
HTML head. Before the first session, the app's modules are imported and the
objects they hold frozen out of full garbage collections (``ui/startup.py``)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from ui.page_head import PageHead
from ui.serving import OriginGate, PlotlyAsset, UploadCap
from ui.startup import import_and_freeze


@asynccontextmanager
async def _started(_: st.App) -> AsyncIterator[None]:
    import_and_freeze()  # Streamlit's runtime is up: the app's caches find it
    yield


app = st.App(
    "app.py",
    lifespan=_started,
    middleware=[
        Middleware(OriginGate),
        Middleware(UploadCap),
        Middleware(PlotlyAsset),
        Middleware(PageHead),
    ],
)
