"""Error Surface Explorer as served: ``streamlit run serve.py`` runs
``app.py`` inside ``st.App`` with the server's protections in front of
Streamlit's own handlers (``ui/serving.py``): foreign WebSocket origins
refused without an outbound lookup, Plotly.js gzipped once and nothing else
of its folder served, a cap on the uploads a session holds, and Plotly.js
started from the HTML of a page with charts."""

import streamlit as st
from starlette.middleware import Middleware

from ui.serving import EarlyPlotly, OriginGate, PlotlyAsset, UploadCap

app = st.App(
    "app.py",
    middleware=[
        Middleware(OriginGate),
        Middleware(UploadCap),
        Middleware(PlotlyAsset),
        Middleware(EarlyPlotly),
    ],
)
