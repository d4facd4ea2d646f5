"""Error Surface Explorer as served: ``streamlit run serve.py`` runs
``app.py`` inside ``st.App`` with the server's protections in front of
Streamlit's own handlers (``ui/serving.py``): foreign WebSocket origins
refused without an outbound lookup, Plotly.js gzipped once and nothing else
of its folder served, a cap on the uploads a session holds, and the app's
style rules and (on a page with charts) Plotly.js's start in each page's
HTML head."""

import streamlit as st
from starlette.middleware import Middleware

from ui.serving import OriginGate, PageHead, PlotlyAsset, UploadCap

app = st.App(
    "app.py",
    middleware=[
        Middleware(OriginGate),
        Middleware(UploadCap),
        Middleware(PlotlyAsset),
        Middleware(PageHead),
    ],
)
