"""The Your data page through AppTest, and every page following the data."""

import numpy as np
import pytest
from app_helpers import chart_payload, open_page
from app_helpers import text as _text

from gd_core.datasets import PRESETS
from gd_core.figures.rows import MAX_SHOWN
from ui.data import EDIT_ROWS, SHOWN_ROWS

PAGES = ["views/error_surface.py", "views/compare_eta.py", "views/optimizers.py", "views/taylor.py"]


def _data(app):
    return open_page(app, "views/data.py")


def _load(app, name):
    _data(app)
    app.selectbox(key="preset_choice").set_value(name).run()
    app.button(key="load_preset").click().run()
    assert not app.exception and not app.error
    assert app.session_state["data_name"] == name


@pytest.mark.parametrize("preset", list(PRESETS))
def test_each_preset_renders_on_every_page(app, preset):
    _load(app, preset)
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception, (preset, page)
        assert not app.error, (preset, page, [e.value for e in app.error])
        text = " ".join(i.value for i in app.info) + " ".join(c.value for c in app.caption)
        assert preset in text  # the badge names the active data


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a,b\n1,2\n", "missing column(s) x and y"),
        (b"x,y\n1,0.5\n2,abc\n", "row 2: y is 'abc', not a number"),
        (b"x,y\n1,nan\n", "row 1: y is nan; it must be finite"),
        (b"x,y\n1,0.5\n2,inf\n", "row 2: y is inf; it must be finite"),
        (b"x,y\n", "no data rows"),
        ("x,y\n1,0.5\n".encode("utf-16"), "not UTF-8"),
        (b"x,y\n" + b"\n".join(b"%d,0.5" % i for i in range(100_001)), "more than 100,000 rows"),
        (b"x,y\n" + b"1,0.5\n" * 1_000_000, "the limit is 5 MB"),
    ],
)
def test_each_bad_csv_gives_its_message_and_keeps_the_data(app, content, message):
    _data(app)
    app.file_uploader(key="csv_upload").set_value(("bad.csv", content, "text/csv")).run()
    assert not app.exception
    assert any(message in e.value and "previous data stay" in e.value for e in app.error)
    assert app.session_state["data_x"] == (0.5, 2.5)


def test_cross_entropy_with_y_outside_the_unit_interval_is_refused(app):
    _data(app)
    app.file_uploader(key="csv_upload").set_value(
        ("big.csv", b"x,y\n0,0.2\n1,1.7\n", "text/csv")
    ).run()
    assert app.session_state["data_y"] == (0.2, 1.7)  # fine for squared error
    app.radio(key="loss_choice").set_value("cross_entropy").run()
    assert not app.exception
    assert any("row 2 has y = 1.7" in e.value for e in app.error)
    assert app.session_state["loss_name"] == "squared_error"
    assert app.radio(key="loss_choice").value == "squared_error"


def test_a_good_csv_becomes_the_data_everywhere(app):
    _data(app)
    app.file_uploader(key="csv_upload").set_value(
        ("mine.csv", b"x,y\n-1,0.1\n0,0.5\n1,0.85\n", "text/csv")
    ).run()
    assert app.session_state["data_x"] == (-1.0, 0.0, 1.0)
    app.switch_page("views/error_surface.py").run()
    assert any("uploaded: mine.csv (3 points)" in i.value for i in app.info)
    app.button(key="badge_reset").click().run()
    assert app.session_state["data_x"] == (0.5, 2.5)
    assert "Converged: the loss fell below 1e-05 at epoch 380" in _text(app)


def test_switching_the_loss_changes_the_surface(app):
    before = chart_payload(app, "explorer")["layers"]  # the surface's revision
    _data(app)
    app.radio(key="loss_choice").set_value("cross_entropy").run()
    app.switch_page("views/error_surface.py").run()
    assert not app.exception
    after = chart_payload(app, "explorer")["layers"]
    assert before != after
    assert "cross-entropy" in " ".join(i.value for i in app.info)


def test_an_invalid_edit_is_refused(app):
    _data(app)
    key = f"editor_{app.session_state['data_version']}"
    app.session_state[key] = {
        "edited_rows": {0: {"x": None}},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception
    assert any("row 1: x must be a number" in e.value for e in app.error)
    assert app.session_state["data_x"] == (0.5, 2.5)


def test_a_valid_edit_is_applied(app):
    _data(app)
    key = f"editor_{app.session_state['data_version']}"
    app.session_state[key] = {
        "edited_rows": {1: {"y": 0.8}},
        "added_rows": [{"x": 4.0, "y": 0.95}],
        "deleted_rows": [],
    }
    app.run()
    assert not app.exception and not app.error
    assert app.session_state["data_y"] == (0.2, 0.8, 0.95)


def _many(app, n: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-3, 3, n), rng.uniform(0.05, 0.95, n)
    app.session_state["data_x"] = tuple(x.tolist())
    app.session_state["data_y"] = tuple(y.tolist())
    app.session_state["data_name"] = "uploaded: many.csv"
    return x, y


def test_a_large_data_set_is_shown_not_edited_and_each_chart_draws_a_sample(app):
    """A 100,000-row editor was 1.6 MB on every rerun of the page, and the
    explorer sent every point to draw (0.8 MB): both are now bounded."""
    x, _ = _many(app, 20_000)
    _data(app)
    assert not app.exception and not app.error
    assert [_editable(t) for t in app.dataframe] == [False]  # shown, not editable
    shown = app.dataframe[0].value
    assert len(shown) == SHOWN_ROWS and shown["x"].tolist() == x[:SHOWN_ROWS].tolist()
    assert any(f"The first {SHOWN_ROWS:,} of 20,000 points" in c.value for c in app.caption)
    app.switch_page("views/error_surface.py").run()
    data = chart_payload(app, "explorer")["data"]
    assert len(data["x"]) == MAX_SHOWN  # evenly picked, the first and the last kept
    assert data["x"][0] == pytest.approx(x[0]) and data["x"][-1] == pytest.approx(x[-1])
    low, high = data["x_range"]
    assert low < x.min() and high > x.max()  # the view spans every point


def test_a_small_data_set_stays_editable(app):
    _many(app, EDIT_ROWS)
    _data(app)
    assert not app.exception and [_editable(t) for t in app.dataframe] == [True]
    assert len(app.dataframe[0].value) == EDIT_ROWS


def _editable(table) -> bool:
    return table.proto.editing_mode != table.proto.EditingMode.READ_ONLY
