"""The one check a figure passes before it is drawn: no NaN or inf, except a
gap in a line (NaN in every coordinate at one index)."""

import base64
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from ui.checked_figures import require_finite


def _figure(**trace):
    return go.Figure(go.Scatter(name="descent", **trace)).to_dict()


def test_a_finite_figure_passes_and_line_gaps_are_allowed():
    require_finite(_figure(x=[0.0, 1.0, np.nan, 2.0], y=[1.0, 2.0, np.nan, 3.0]))
    require_finite({"data": [{"type": "scatter", "x": [0, 1, None, 2], "y": [1, 2, None, 3]}]})
    require_finite({"data": [], "layout": {"xaxis": {"range": [None, 2.0]}}})


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_non_finite_coordinate_is_refused_naming_trace_and_field(bad):
    with pytest.raises(ValueError, match=r"trace data\[0\] \(descent\) field y .* index 1"):
        require_finite(_figure(x=[0.0, 1.0, 2.0], y=[0.0, bad, 2.0]))


def test_nan_in_only_one_coordinate_is_not_a_gap():
    with pytest.raises(ValueError, match=r"field x"):
        require_finite(_figure(x=[0.0, np.nan], y=[0.0, 1.0]))


def test_a_surface_may_hold_no_nan_at_all():
    z = np.ones((3, 3))
    z[1, 1] = np.nan
    with pytest.raises(ValueError, match=r"trace data\[0\] \(L\) field z"):
        require_finite(go.Figure(go.Surface(z=z, name="L")).to_dict())


def test_nested_fields_layout_and_frames_are_checked():
    with pytest.raises(ValueError, match=r"field marker.color"):
        require_finite(_figure(x=[0.0], y=[0.0], marker={"color": np.array([np.inf])}))
    with pytest.raises(ValueError, match=r"layout field xaxis.range"):
        require_finite({"data": [], "layout": {"xaxis": {"range": [0.0, math.inf]}}})
    # A float32 typed array in a frame, as plotly.io.to_json writes one:
    # float64 1e308 overflows to inf in float32.
    with np.errstate(over="ignore"):
        raw = np.asarray([0.0, 1e308], dtype="<f4").tobytes()
    x = {"dtype": "f4", "bdata": base64.b64encode(raw).decode("ascii")}
    frame = {"name": "7", "data": [{"type": "scatter", "x": x, "y": [0, 1]}]}
    with pytest.raises(ValueError, match=r"frame '7' data\[0\] field x .* first inf"):
        require_finite({"data": [], "frames": [frame]})


@pytest.mark.parametrize(
    "page", ["views/compare_eta.py", "views/optimizers.py", "views/taylor.py", "views/data.py",
             "views/convergence_map.py"],
)  # fmt: skip
def test_every_plotly_figure_a_page_draws_passes(page):
    """The finished Plotly figures a page draws, with st.plotly_chart or as
    the chart component's plain figures (the animated views are the
    component's runs, which payload.py checks)."""
    import json

    from app_helpers import component_elements, new_app, open_page

    from gd_core.figures.wire import decode

    at = open_page(new_app(), page)
    figures = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    for proto in component_elements(at, "chart"):  # not the share link
        message = decode(proto.bytes)
        if message.get("role") == "figure":
            figures.append(message["figure"])
    assert figures
    for figure in figures:
        require_finite(figure)


def test_every_page_draws_its_figures_through_show_figure():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for path in [root / "app.py", *(root / "views").glob("*.py"), *(root / "ui").glob("*.py")]:
        calls = [
            node
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "plotly_chart"
        ]
        assert path.name == "checked_figures.py" or not calls, path.name


def test_an_empty_heatmap_cell_is_allowed_but_inf_is_not():
    """NaN in a heatmap's z is a cell left empty (the convergence map's
    unconverged starts); inf there is still a bug."""
    holes = np.array([[1.0, np.nan], [np.nan, 2.0]])
    require_finite(go.Figure(go.Heatmap(z=holes)).to_dict())
    with pytest.raises(ValueError, match="field z"):
        require_finite(go.Figure(go.Heatmap(z=np.array([[1.0, np.inf]]))).to_dict())
