"""The link's schema without Streamlit: defaults give a bare URL, what a page
writes reads back the same, and a bad link never raises — each unusable
parameter is named once, with its rule, and left at its default."""

from __future__ import annotations

import copy
import math
import re
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gd_core.datasets import LECTURE, PRESETS
from gd_core.methods import METHODS
from ui import url
from ui.races import DEFAULT_RACE
from ui.races import PRESETS as RACE_PRESETS
from ui.state import DATA_DEFAULTS, DEFAULTS
from ui.url_codecs import DATA_CODES, METHOD_CODES, PARAM_CODES, data_note, number, quote


def default_state() -> dict:
    state = {f.state: DEFAULTS[f.state] for f in url.FIELDS.values()}
    for key in ("compare_etas", "race", "taylor_point", "data_x", "data_y", "data_name",
                "loss_name"):  # fmt: skip
        state[key] = copy.deepcopy(DATA_DEFAULTS[key])
    return state


def round_trip(page: str, state: dict) -> tuple[dict, url.Link]:
    """State → query → the URL's text → parsed again."""
    query = url.to_query(page, state)
    link = url.parse(parse_qsl(urlencode(query), keep_blank_values=True))
    return query, link


def test_the_schema_defaults_are_the_apps():
    for field in url.FIELDS.values():
        assert DEFAULTS[field.state] == field.default, field.key


def test_every_preset_method_and_hyperparameter_has_a_code():
    assert set(DATA_CODES.values()) == set(PRESETS)
    assert set(METHOD_CODES) == set(METHODS)
    names = {p.name for m in METHODS.values() for p in m.hyperparameters}
    assert names == set(PARAM_CODES)


@pytest.mark.parametrize("page", list(url.PAGES))
def test_the_lectures_view_has_a_bare_url(page):
    assert url.to_query(page, default_state()) == {}


def test_the_teachers_example():
    state = default_state() | {"w0": -4.0, "b0": 4.0, "eta": 10.0}
    query, link = round_trip("error_surface", state)
    assert urlencode(query) == "w0=-4&b0=4&eta=10"
    assert link.problems == []
    assert link.values == {"w0": -4.0, "b0": 4.0, "eta": 10.0}


def test_numbers_are_written_exactly():
    for value in (0.1, 1 / 3, -2.0, 1e-05, 1.7976931348623157e308, 5e-324, -0.0):
        text = number(value)
        assert "+" not in text and float(text) == value


SETTINGS = st.fixed_dictionaries({
    "w0": st.floats(-1e4, 1e4), "b0": st.floats(-1e4, 1e4),
    "eta": st.floats(1e-6, 1e4), "epochs": st.integers(1, 10_000),
    "search_mode": st.sampled_from(["sample", "walk"]), "seed": st.integers(0, 2**31 - 1),
    "view": st.floats(1.0, 50.0), "resolution": st.integers(3, 30).map(lambda r: 10 * r),
    "log_colour": st.booleans(), "taylor_beta": st.integers(0, 360),
    "taylor_source": st.sampled_from(["the start", "epoch t of the run", "a point I click"]),
    "taylor_epoch": st.integers(0, 1), "taylor_field": st.booleans(),
    "taylor_quadric": st.booleans(),
    "taylor_point": st.tuples(st.floats(-1e4, 1e4), st.floats(-1e4, 1e4)),
    "compare_etas": st.lists(st.floats(1e-3, 1e3), min_size=2, max_size=6, unique=True).filter(
        lambda r: all(not math.isclose(a, b, rel_tol=1e-12) for a in r for b in r if a is not b)
    ),
    "race": st.sampled_from([p[1] for p in RACE_PRESETS.values()] + [DEFAULT_RACE]),
    "colour_scale": st.sampled_from(["viridis", "cividis"]), "high_contrast": st.booleans(),
})  # fmt: skip


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(SETTINGS, st.sampled_from(list(url.PAGES)))
def test_what_a_page_writes_reads_back_the_same(chosen, page):
    state = default_state() | chosen
    query, link = round_trip(page, state)
    assert link.problems == []
    opened = default_state() | link.values
    assert url.to_query(page, opened) == query  # the fresh session writes the same link
    for key in url.PAGES[page]:
        if key in url.FIELDS:
            name = url.FIELDS[key].state
            assert opened[name] == state[name], key


def test_custom_data_of_up_to_50_points_travel_inline():
    state = default_state() | {"data_x": (0.0, 1.5, -2.25), "data_y": (0.1, 0.5, 0.75),
                               "data_name": "edited", "loss_name": "cross_entropy"}  # fmt: skip
    query, link = round_trip("data", state)
    assert query == {"x": "0_1.5_-2.25", "y": "0.1_0.5_0.75", "loss": "ce"}
    assert link.values["data_x"] == state["data_x"] and link.values["data_y"] == state["data_y"]
    assert link.values["loss_name"] == "cross_entropy" and link.problems == []
    assert data_note(state) is None


def test_a_preset_travels_by_name_and_long_data_get_a_note():
    one = PRESETS["One point"]
    state = default_state() | {"data_x": one.x, "data_y": one.y, "data_name": one.name}
    assert url.to_query("optimizers", state) == {"data": "one"}
    long = default_state() | {"data_x": tuple(range(51)), "data_y": (0.5,) * 51,
                              "data_name": "uploaded: big.csv"}  # fmt: skip
    assert url.to_query("data", long) == {}  # the lecture's data, with a note saying so
    assert "51 points" in data_note(long) and "at most 50" in data_note(long)


def test_a_race_with_a_schedule_reads_back():
    race = [
        {"method": "adam", "settings": {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99,
                                        "eps": 1e-8, "decay": 0.5, "every": 100,
                                        "schedule": "step"}},
        {"method": "stochastic", "settings": {"learning_rate": 3.0, "batch_size": 1}},
    ]  # fmt: skip
    query, link = round_trip("optimizers", default_state() | {"race": race})
    assert query["race"] == (
        "adam_eta0.05_decay0.5_every100_beta10.8_beta20.99_eps1e-08_step~sgd_eta3_k1"
    )
    assert link.values["race"] == race


def _problem_for(pairs):
    link = url.parse(pairs)
    return link, link.problems


@pytest.mark.parametrize(
    ("pairs", "key", "rule"),
    [
        ([("eta", "nan")], "eta", "a number > 0 and ≤ 10000"),
        ([("eta", "1e999")], "eta", "a number > 0"),
        ([("eta", "0")], "eta", "a number > 0"),
        ([("epochs", "-5")], "epochs", "a whole number ≥ 1 and ≤ 10000"),
        ([("epochs", "2.5")], "epochs", "a whole number"),
        ([("w0", "1e5")], "w0", "≤ 10000"),
        ([("w0", "0x10")], "w0", "a number"),
        ([("res", "155")], "res", "in steps of 10"),
        ([("mode", "guess")], "mode", "one of sample, walk"),
        ([("log", "yes")], "log", "one of 1, 0"),
        ([("eta", "1"), ("eta", "2")], "eta", "given 2 times"),
        ([("etas", "1_1")], "etas", "listed twice"),
        ([("etas", "1")], "etas", "2 to 6"),
        ([("race", "mom_gamma1.5")], "race", "momentum γ must be in [0, 0.999]"),
        ([("race", "warp_eta1")], "race", "is not a method"),
        ([("race", "~".join(["gd"] * 7))], "race", "1 to 6"),
        ([("theta", "1")], "theta", "two numbers"),
        ([("data", "mnist")], "data", "one of lecture, one"),
        ([("x", "1_2")], "x", "comes with y, and y is missing"),
        ([("x", "1_2"), ("y", "0.5")], "y", "as many values as x"),
        ([("x", "_".join(["1"] * 51)), ("y", "_".join(["0.5"] * 51))], "x", "at most 50"),
        ([("x", "1_2"), ("y", "0.5_3"), ("loss", "ce")], "loss", "cross-entropy needs every y"),
        ([("loss", "hinge")], "loss", "one of se, ce"),
        ([("t", "900"), ("epochs", "100")], "t", "≤ epochs (100)"),
        ([("eta", "x" * 3000)], "eta", "longer than 2,000 characters"),
        ([("scale", "jet")], "scale", "one of viridis, cividis"),
        ([("contrast", "yes")], "contrast", "one of 1, 0"),
    ],
)
def test_each_bad_parameter_is_named_once_with_its_rule(pairs, key, rule):
    link, problems = _problem_for(pairs)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"`{key}`") and rule in problems[0], problems[0]
    field = url.FIELDS.get(key)
    if field is not None:
        assert field.state not in link.values  # the default stays


@pytest.mark.parametrize("page", list(url.PAGES))
def test_the_charts_look_travels_on_every_page(page):
    """The colour scale and the high-contrast theme: in every page's link,
    read back by the session that opens it."""
    state = default_state() | {"colour_scale": "cividis", "high_contrast": True}
    query, link = round_trip(page, state)
    assert query["scale"] == "cividis" and query["contrast"] == "1"
    assert link.values["colour_scale"] == "cividis" and link.values["high_contrast"] is True
    assert "scale" not in url.to_query(page, default_state())  # the standard look: no key


def test_good_parameters_survive_beside_bad_ones():
    link = url.parse([("w0", "-4"), ("eta", "nan"), ("junk", "1"), ("epochs", "-1")])
    assert link.values == {"w0": -4.0}
    assert len(link.problems) == 3


def test_user_text_is_quoted_as_code():
    link = url.parse([("<img src=x onerror=alert(1)>", "1"), ("![a](http://x/y.png)", "`")])
    assert link.problems[0].startswith("`<img src=x onerror=alert(1)>`")
    assert link.problems[1].startswith("`![a](http://x/y.png)`")
    assert quote("a`b\nc" + "z" * 100).count("`") == 2


def test_streamlits_own_parameters_are_not_ours_to_judge():
    assert url.parse([("embed", "true"), ("embed_options", "light_theme")]).problems == []


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*url.KNOWN, "zz", ""]) | st.text(max_size=8),
            st.text(max_size=30) | st.from_regex(r"-?[0-9_.e~a-z]{0,20}"),
        )
    )
)
def test_any_link_parses_without_raising(pairs):
    link = url.parse(pairs)
    given_keys = {k for k, _ in pairs if k.lower() not in url.STREAMLIT_KEYS}
    assert len(link.problems) <= len(given_keys) + 1  # at most one each (+ k vs epochs)
    for value in link.values.values():
        if isinstance(value, float):
            assert math.isfinite(value)


def test_ten_kilobytes_of_junk():
    link = url.parse(parse_qsl("<script>alert(1)</script>" + "&%00=" + "j" * 10_000 + "&a=1" * 5))
    assert link.values == {}
    assert all(p.endswith("ignored.") or "ignored" in p for p in link.problems)


def test_the_lectures_data_stay_out_of_the_state():
    assert url.parse([("data", "lecture"), ("loss", "se")]).values == {}
    assert DATA_DEFAULTS["data_name"] == LECTURE


def test_the_readmes_example_links_are_clean():
    from pathlib import Path

    text = Path(__file__).resolve().parents[1].joinpath("README.md").read_text(encoding="utf-8")
    section = text.split("## Share a view", 1)[1].split("\n## ", 1)[0]
    examples = re.findall(r"[a-z0-9]+=[^\s`&]+(?:&[a-z0-9]+=[^\s`&]+)*", section)
    assert len(examples) >= 6
    for example in examples:
        link = url.parse(parse_qsl(example))
        assert link.problems == [] and link.values, example
