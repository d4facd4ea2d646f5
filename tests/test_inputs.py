"""The table of every client setting: each kind's rule, and sanitise."""

import math

import pytest

from ui.inputs import SETTINGS, plain, sanitise, shown


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("eta", 0.0, "learning rate η must be a finite number > 0 and ≤ 10000, got 0.0"),
        ("eta", math.nan, "learning rate η must be a finite number > 0 and ≤ 10000, got nan"),
        ("w0", 1e308, "start w₀ must be in [-10000, 10000], got 1e+308"),
        ("epochs", 2.5, "epochs must be a whole number from 1 to 10,000, got 2.5"),
        ("epochs", math.inf, "epochs must be a whole number from 1 to 10,000, got inf"),
        ("seed", "7", "seed must be a whole number from 0 to 2,147,483,647, got '7'"),
        ("search_mode", "both", "search mode must be one of sample, walk, got 'both'"),
        ("search_mode", ["sample"], "search mode must be one of sample, walk"),
        ("log_colour", 1, "log-scaled colour must be on or off, got 1"),
        ("eta_list", "1," * 200, "learning rates must be text of at most 200 characters"),
        ("opt_adam_eps", math.inf, "ε must be a finite number, got inf"),
    ],
)
def test_each_rule_names_the_field(key, value, message):
    with pytest.raises(ValueError) as error:
        SETTINGS[key].check(value)
    assert message in str(error.value)


def test_sanitise_keeps_the_last_good_value_and_makes_whole_floats_ints():
    state = {"epochs": 500.0, "w0": math.nan, "seed": -1, "opt_method": "nope"}
    messages = sanitise(state, {"w0": 1.5})
    assert state == {"epochs": 500, "w0": 1.5}  # no last good seed or method: removed
    assert type(state["epochs"]) is int
    assert [m.split(" must")[0] for m in messages] == ["start w₀", "seed", "method"]


def test_messages_never_echo_a_long_value_and_escape_markdown():
    assert len(shown("x" * 200_000)) < 80
    assert plain("![a](http://x/y.png) $x$ <b>") == "!\\[a\\](http:\u2060//x/y.png) \\$x\\$ \\<b>"
