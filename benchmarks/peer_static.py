"""A reference page for bench_app.py: the same controls, core calls and
caching as the error-surface page, drawn the way a plain static app would
(a Plotly contour and 3D surface with the path, no animation, no click grid)."""

import plotly.graph_objects as go
import streamlit as st
from plotly.subplots import make_subplots

from ui import cache
from ui.controls import sidebar_controls
from ui.state import active_data, current_settings, init_state

init_state()
sidebar_controls(search=True)
s = current_settings()
x, y, loss = active_data()
surface, bg = cache.surface_and_background(x, y, loss, s.view, s.resolution, s.log_colour)
run = cache.descent(x, y, loss, s.start, s.eta, s.epochs)
fig = make_subplots(rows=1, cols=2, specs=[[{"type": "scene"}, {}]])
fig.add_trace(go.Surface(x=surface.w, y=surface.b, z=surface.loss), 1, 1)
fig.add_trace(go.Contour(x=surface.w, y=surface.b, z=bg.colour), 1, 2)
fig.add_trace(go.Scatter(x=run.params[:, 0], y=run.params[:, 1]), 1, 2)
st.plotly_chart(fig)
st.write(run.status, run.final_loss)
