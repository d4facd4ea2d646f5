"""The Streamlit layer: shared state, shared controls, cached core calls.
Pages import from here; ``gd_core`` never imports from here."""
