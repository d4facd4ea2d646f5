"""The Streamlit layer: shared state, shared controls, cached core calls.
Pages import from here; ``gd_core`` never imports from here."""

# Imported here, once, by the first rerun (app.py imports ui first), while
# every other session's first rerun waits on this package's import lock: a
# class opening a fresh server at once otherwise imports pandas lazily in
# several threads at the same moment (Streamlit's dataframe, Plotly's
# encoder), and some got "partially initialized module 'pandas'" errors.
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401

from ui import streamlit_internals

streamlit_internals.install()  # before any page: see its docstring
