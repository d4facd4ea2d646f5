"""Plotly figure builders: arrays and settings in, ``go.Figure`` out."""
