"""A link is a lesson, through AppTest: on every page, settings → URL →
a fresh session opened with that URL → the same settings and the same
numbers; bad links render with one warning line per bad parameter."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from app_helpers import APP, component_elements, share_links
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from gd_core.methods import METHODS
from ui import url
from ui.races import DEFAULT_RACE
from ui.url_codecs import DATA_CODES

SHARED = ("w0", "b0", "eta", "epochs", "search_mode", "seed", "view", "resolution", "log_colour",
          "eta_preset", "compare_etas", "race", "data_x", "data_y", "data_name", "loss_name",
          "taylor_source", "taylor_epoch", "taylor_beta", "taylor_field", "taylor_quadric",
          "taylor_point", "map_compare", "map_method", "map_method2", "map_eta2",
          "map_resolution")  # fmt: skip


def opened(page: str, query: dict | None = None) -> AppTest:
    """A fresh session opened on ``page`` with the link's ``query``."""
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params.update(query or {})
    if page != "views/error_surface.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def numbers(at: AppTest) -> list:
    """What the page shows: texts, tables, formulas (the numbers in them)."""
    shown = [m.value for m in at.markdown] + [c.value for c in at.caption]
    shown += [e.value for e in at.latex] + [m.value for m in at.metric]
    shown += [d.value.to_dict("list") for d in (*at.dataframe, *at.table)]
    return shown


def effective(entry: dict) -> tuple:
    """A raced method's settings as the optimizer uses them: defaults filled
    in; a constant schedule's decay and step dropped (they change nothing)."""
    used = {"schedule": "constant", **METHODS[entry["method"]].defaults(), **entry["settings"]}
    if used["schedule"] == "constant":
        del used["decay"], used["every"]
    return entry["method"], used


def share_link(at: AppTest) -> str:
    """The link Share this view shows in the sidebar (with its Copy link button)."""
    (link,) = share_links(at)
    return link


def state(at: AppTest) -> dict:
    values = {key: at.session_state[key] for key in SHARED}
    values["race"] = [effective(e) for e in values["race"] or DEFAULT_RACE]
    return values


def change(at: AppTest, steps: list[tuple[str, str, object]]) -> None:
    """Set widgets as a student would: (widget kind, key, value); a button is clicked."""
    for kind, key, value in steps:
        widget = getattr(at, kind)(key=key)
        (widget.click() if kind == "button" else widget.set_value(value)).run()


# Per page: the settings a student changes, and the keys the link then holds.
PAGES: dict[str, tuple[list[tuple[str, str, object]], set[str]]] = {
    "views/error_surface.py": (
        [("number_input", "w0", -4.0), ("number_input", "b0", 4.0), ("number_input", "eta", 10.0),
         ("number_input", "epochs", 500), ("number_input", "seed", 3),
         ("selectbox", "search_mode", "walk"), ("number_input", "view", 8.0),
         ("slider", "resolution", 100), ("toggle", "log_colour", False)],
        {"w0", "b0", "eta", "epochs", "mode", "seed", "view", "res", "log"},
    ),
    "views/compare_eta.py": (
        [("text_input", "eta_list", "0.5, 2, 20"), ("number_input", "w0", 1.0)], {"w0", "etas"}
    ),
    "views/optimizers.py": (
        [("button", "preset_Momentum overshoots", None), ("selectbox", "opt_method", "adam"),
         ("number_input", "opt_adam_beta1", 0.8), ("button", "opt_add", None)],
        {"race"},
    ),
    "views/taylor.py": (
        [("radio", "taylor_source", "epoch t of the run"), ("slider", "taylor_epoch", 50),
         ("slider", "taylor_beta", 120), ("toggle", "taylor_field", True)],
        {"src", "t", "beta", "field"},
    ),
    "views/data.py": (
        [("selectbox", "preset_choice", "One point"), ("button", "load_preset", None),
         ("radio", "loss_choice", "cross_entropy"), ("number_input", "eta", 2.0)],
        {"eta", "data", "loss"},
    ),
    "views/convergence_map.py": (
        [("selectbox", "map_compare", "Two methods"), ("selectbox", "map_method2", "momentum"),
         ("select_slider", "map_resolution", 50), ("number_input", "epochs", 200)],
        {"map", "method2", "cells", "epochs"},
    ),
}  # fmt: skip


@pytest.mark.parametrize("page", list(PAGES))
def test_a_link_reopens_the_same_view(page):
    steps, keys = PAGES[page]
    at = opened(page)
    assert at.query_params == {}  # the lecture's view: a bare URL
    change(at, steps)
    assert not at.exception and not at.error
    query = dict(at.query_params)
    assert set(query) == keys
    assert share_link(at).endswith("?" + urlencode(query))  # the link shown to copy
    fresh = opened(page, query)
    assert not fresh.warning
    assert dict(fresh.query_params) == query
    assert state(fresh) == state(at)
    assert numbers(fresh) == numbers(at)


def test_a_custom_data_link_carries_the_points():
    at = opened("views/data.py")
    at.session_state["data_x"] = (0.0, 1.0, 3.0)
    at.session_state["data_y"] = (0.1, 0.7, 0.95)
    at.session_state["data_name"] = "edited"
    at.run()
    query = dict(at.query_params)
    assert query == {"x": "0_1_3", "y": "0.1_0.7_0.95"}
    fresh = opened("views/error_surface.py", query)
    assert fresh.session_state["data_x"] == (0.0, 1.0, 3.0)
    assert any("Data from a link (3 points)" in c.value for c in [*fresh.caption, *fresh.info])


def test_every_page_offers_the_link_and_the_downloads():
    at = opened("views/error_surface.py")
    for page, animated in (("views/error_surface.py", True), ("views/compare_eta.py", True),
                           ("views/optimizers.py", True), ("views/taylor.py", False),
                           ("views/data.py", False)):  # fmt: skip
        at.switch_page(page).run()
        assert not at.exception
        assert len(share_links(at)) == 1  # the link, with its Copy link button
        assert not at.sidebar.code  # not a code block: its highlighter is 1.5 MB of script
        labels = [b.proto.label for b in at.get("download_button")]
        assert "Download runs (CSV)" in labels, page
        assert ("Download animation (HTML)" in labels) == animated, page
        for chart in at.get("plotly_chart"):  # the toolbar's camera saves PNGs at 2×
            config = json.loads(chart.proto.config)
            assert config["toImageButtonOptions"]["scale"] == 2, page


BAD = {"eta": "nan", "epochs": "-5", "view": "1e999", "mode": "<b>walk</b>",
       "![x](http://127.0.0.1:9/a.png)": "1", "w0": "-4"}  # fmt: skip


def test_a_bad_link_names_each_bad_parameter_once_and_opens():
    at = opened("views/error_surface.py", BAD)
    assert len(at.warning) == 1
    lines = [line for line in at.warning[0].value.splitlines() if line.startswith("- ")]
    assert len(lines) == 5
    for key in ("eta", "epochs", "view", "mode", "![x](http://127.0.0.1:9/a.png)"):
        assert sum(line.startswith(f"- `{key}`") for line in lines) == 1, key
    assert at.session_state["w0"] == -4.0 and at.session_state["eta"] == 1.0
    assert at.session_state["epochs"] == 1000
    assert dict(at.query_params) == {"w0": "-4"}  # the URL now says what is shown
    assert any("Final (w, b) =" in m.value for m in at.markdown)
    at.number_input(key="eta").set_value(2.0).run()
    assert not at.warning  # gone once the student changes a setting


@pytest.mark.parametrize(
    "query",
    [
        {"junk": "x" * 10_000},
        {f"k{i}": "<script>alert(1)</script>" for i in range(300)},
        {"epochs": "-1", "eta": "-0", "w0": "1e999", "b0": "nan", "res": "0"},
        {"race": "~~~", "etas": "_", "theta": "_", "x": "1", "y": "", "data": "", "loss": "ce"},
        {"src": "epoch", "t": "99999", "beta": "720", "field": "2"},
    ],
)
def test_junk_links_still_open_every_page(query):
    at = opened("views/error_surface.py", query)
    assert len(at.warning) == 1
    for page in ("views/compare_eta.py", "views/optimizers.py", "views/taylor.py",
                 "views/data.py"):  # fmt: skip
        at.switch_page(page).run()
        assert not at.exception, page
        assert not at.error, (page, [e.value for e in at.error])


KEYS = st.sampled_from(sorted(url.KNOWN)) | st.text(max_size=6)
VALUES = (
    st.from_regex(r"-?[0-9]{0,4}(\.[0-9]{0,3})?(e-?[0-9]{1,3})?", fullmatch=True)
    | st.sampled_from(["nan", "inf", "-0", "1e999", "walk", "epoch", "click", *DATA_CODES, "ce",
                       "mom_eta2_gamma0.9~adam", "0.1_1_10", "1_-2", "<b>x</b>"])
    | st.text(max_size=12)
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(KEYS, VALUES, max_size=6), st.sampled_from(list(PAGES)))
def test_any_generated_link_renders(query, page):
    at = opened(page, {k: v for k, v in query.items() if k.lower() not in url.STREAMLIT_KEYS})
    assert not at.error, [e.value for e in at.error]
    assert len(at.warning) <= 2  # the link's notice, and a page's own (e.g. start outside view)
    assert at.get("plotly_chart") or component_elements(at, "chart")  # every page draws a chart


def test_a_link_with_fewer_epochs_than_k_pulls_k_onto_the_run():
    at = opened("views/taylor.py", {"epochs": "50", "src": "epoch"})
    assert not at.error and not at.warning
    assert at.slider(key="taylor_epoch").value == 50
    assert dict(at.query_params) == {"epochs": "50", "src": "epoch", "t": "50"}


def test_the_links_taylor_sources_are_the_pages_options():
    """``src=start|epoch|click`` must land on the radio's own options: if the
    page renames one, the link's schema (ui/url.py, field ``src``) follows."""
    at = opened("views/taylor.py")
    options = list(at.radio(key="taylor_source").options)
    assert options == [value for _, value in url.FIELDS["src"].choices]
