"""The bad-input table: every setting, chart click, upload and editor cell
fed the extremes a class (or a crafted client) sends. For each: no
exception, a message naming the field, the previous state kept on that page
and on every other, and no NaN or inf in any figure.

A crafted client can put any value under a widget's key; AppTest's
``session_state[key] = value`` delivers it the same way.
"""

from __future__ import annotations

import copy
import json
import math
import re

import pytest
from app_helpers import new_app

from ui.checked_figures import require_finite
from ui.inputs import SETTINGS

PAGES = [
    "views/error_surface.py",
    "views/compare_eta.py",
    "views/optimizers.py",
    "views/taylor.py",
    "views/data.py",
]
EXTREMES = [
    0, -1, 1e308, -1e308, math.nan, math.inf, -math.inf, "", "9" * 10_000, "x" * 200_000,
    "<script>alert(1)</script>", "![x](http://example.invalid/a.png)", [1.0], {"a": 1}, None, 2.5,
]  # fmt: skip
# Where each setting's widget is drawn, and a page where it is not (None:
# on every page). The Optimizers page shows the first method's inputs.
WIDGETS = {
    **dict.fromkeys(["w0", "b0", "epochs", "view", "resolution"], ("views/error_surface.py", None)),
    **dict.fromkeys(["eta", "eta_preset", "search_mode", "seed"],
                    ("views/error_surface.py", "views/compare_eta.py")),
    "eta_list": ("views/compare_eta.py", "views/data.py"),
    **dict.fromkeys(["opt_method", "opt_gradient_descent_learning_rate",
                     "opt_gradient_descent_every", "opt_gradient_descent_schedule"],
                    ("views/optimizers.py", "views/data.py")),
    **dict.fromkeys(["taylor_source", "taylor_epoch", "taylor_click", "taylor_beta",
                     "taylor_field", "taylor_quadric"], ("views/taylor.py", "views/data.py")),
    **dict.fromkeys(["preset_choice", "loss_choice"], ("views/data.py", "views/taylor.py")),
}  # fmt: skip
SHARED = ["w0", "b0", "eta", "epochs", "view", "resolution", "search_mode", "seed"]


def _specs(at) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


def _healthy(at, where) -> None:
    """No exception, and every figure on the page finite."""
    assert not at.exception, (where, [e.value for e in at.exception])
    for spec in _specs(at):
        require_finite(json.loads(spec))


def _messages(at) -> str:
    return "\n".join(m.value for m in [*at.error, *at.warning])


def _is_bad(key, value) -> bool:
    try:
        SETTINGS[key].check(value)
    except ValueError:
        return True
    return False


def _tour(at, expected: dict) -> None:
    """Every page: healthy, and the kept values still in place."""
    for page in PAGES:
        at.switch_page(page).run()
        _healthy(at, page)
        for key, value in expected.items():
            assert at.session_state[key] == value, (page, key)


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@pytest.mark.parametrize("key", list(WIDGETS))
def test_every_setting_refuses_the_extremes(key):
    """Delivered in session state from a page without the widget (any value,
    as a crafted client's state would hold it), or, for a widget on every
    page, as its own widget value (the numbers its wire format can carry:
    Streamlit itself swaps NaN, inf and out-of-range values for the default,
    None for our inputs, which is then refused by name)."""
    page, absent = WIDGETS[key]
    at = new_app()
    at.switch_page(page).run()
    _healthy(at, page)
    label = SETTINGS[key].label
    numeric = SETTINGS[key].kind in ("float", "int")
    for value in EXTREMES:
        if not _is_bad(key, value) or (absent is None and not (numeric and _number(value))):
            continue
        before, kept = _specs(at), at.session_state[key]
        if absent is not None:
            at.switch_page(absent).run()
            at.session_state[key] = value
            at.switch_page(page).run()
        else:
            at.session_state[key] = value
            at.run()
        where = (key, repr(value)[:40])
        _healthy(at, where)
        if key == "resolution":  # a slider: Streamlit resets it to its minimum, unasked
            assert not _is_bad(key, at.session_state[key]), where
            at.session_state[key] = kept
            at.run()
            continue
        assert at.session_state[key] == kept, where
        assert label in _messages(at), where
        assert _specs(at) == before, where  # the page shows what it showed
    _tour(at, {k: at.session_state[k] for k in SHARED})


def _click(x, y, curve=0):
    return {"selection": {"points": [{"x": x, "y": y, "curve_number": curve}]}}


BAD_CLICKS = [
    "", "x" * 200_000, [1, 2], 7, {"selection": "x"}, {"selection": {"points": "x"}},
    {"selection": {"points": [None, 3]}},
    _click(math.nan, 1.0), _click(math.inf, -math.inf), _click(1e308, -1e308),
    _click("<script>", [1], [0]), _click({"a": 1}, None),
]  # fmt: skip
# The explorer's contour and the Compare η sweep are the chart component's:
# their crafted clicks go over the wire in test_crafted_client.py (AppTest
# cannot send a component's events).
CHARTS = [  # page, chart key, its clickable curves, what a click sets, good clicks, bad η
    ("views/taylor.py", "taylor_chart", "taylor_curves", ("taylor_point",),
     [_click(-1.0, 0.0), _click(0.5, 0.5)], []),
]  # fmt: skip


@pytest.mark.parametrize(("page", "chart", "curves", "state", "good", "bad"), CHARTS)
def test_every_chart_click_survives_malformed_points(page, chart, curves, state, good, bad):
    at = new_app()
    at.switch_page(page).run()
    clicks = [(c, False) for c in BAD_CLICKS + bad] + [(c, True) for c in good]
    for original, takes in clicks:
        selection = copy.deepcopy(original)
        points = selection.get("selection") if isinstance(selection, dict) else None
        for point in points.get("points", []) if isinstance(points, dict) else []:
            if curves and isinstance(point, dict) and point["curve_number"] == 0:
                point["curve_number"] = at.session_state[curves][-1]  # the clickable trace
        kept = {k: at.session_state[k] for k in state}
        at.session_state[chart] = selection
        at.run()
        where = (chart, repr(selection)[:60])
        _healthy(at, where)
        now = {k: at.session_state[k] for k in state}
        if takes:
            assert now != kept, where
        else:
            assert now == kept, where
            assert chart in _messages(at) or "η must be" in _messages(at), where
    _tour(at, {k: at.session_state[k] for k in SHARED})


UPLOADS = [
    (b"", "empty"),
    (b"x,y\n1," + b"9" * 10_000 + b"\n", "characters long"),
    (b'x,y\n1,"' + b"a" * 200_000 + b'"\n', "longer than 100 characters"),
    (b"x,y\n1,1e308\n", "within ±1e+06"),
    (b"x,y\n1e308,0.5\n", "within ±1e+06"),
    (b"x,y\n-1e308,0.5\n", "within ±1e+06"),
    (b"x,y\n1,nan\n", "must be finite"),
    (b"x,y\n1,-inf\n", "must be finite"),
    (b"x,y\n<script>alert(1)</script>,1\n", "not a number"),
    (b"x,y\n", "no data rows"),
    (b"\x00\xff\xfe", "not UTF-8"),
]


@pytest.mark.parametrize(("content", "message"), UPLOADS)
def test_every_bad_upload_is_refused_and_the_data_kept(content, message):
    at = new_app()
    at.switch_page("views/data.py").run()
    name = "![x](http://example.invalid/a.png)<img src=x onerror=alert(1)>.csv"
    at.file_uploader(key="csv_upload").set_value((name, content, "text/csv")).run()
    _healthy(at, message)
    errors = [e.value for e in at.error]
    assert any(message in e and "previous data stay" in e for e in errors), errors
    # The file name is shown as text: escaped, never a link or an image.
    assert all(not re.search(r"(?<!\\)(\[x\]|<img)", e) for e in errors), errors
    assert at.session_state["data_x"] == (0.5, 2.5)
    _tour(at, {"data_x": (0.5, 2.5), "data_y": (0.2, 0.9)})


CELLS = [1e308, -1e308, math.inf, math.nan, "", "x" * 200_000, "<script>", None, [1]]


@pytest.mark.parametrize("cell", CELLS, ids=lambda c: repr(c)[:20])
def test_every_bad_editor_cell_is_refused_and_the_data_kept(cell):
    at = new_app()
    at.switch_page("views/data.py").run()
    key = f"editor_{at.session_state['data_version']}"
    at.session_state[key] = {"edited_rows": {0: {"y": cell}}, "added_rows": [], "deleted_rows": []}
    at.run()
    _healthy(at, cell)
    assert re.search(r"row 1: y|^y .*row 1 has", _messages(at), re.M), _messages(at)
    assert at.session_state["data_y"] == (0.2, 0.9)
    _tour(at, {"data_x": (0.5, 2.5), "data_y": (0.2, 0.9)})
