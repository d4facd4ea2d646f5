"""The learning rates compared side by side (ui.etas): what a student types,
what a click on the sweep adds, and each refusal naming its rule."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ui.etas import MAX_RATES, MAX_TEXT_CHARS, added, format_learning_rates, parse_learning_rates


def test_the_default_list_reads_in_the_order_given():
    assert parse_learning_rates("0.1, 1, 10, 50") == [0.1, 1.0, 10.0, 50.0]
    assert parse_learning_rates("50;1 ,, 0.1") == [50.0, 1.0, 0.1]  # ";" and empty parts


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("1, x", "'x' is not a number"),
        ("1, nan", "η must be a finite number > 0 and ≤ 10000, got nan"),
        ("1, inf", "got inf"),
        ("1, 0", "got 0"),
        ("1, -2", "got -2"),
        ("1, 20000", "≤ 10000"),
        ("1, 1.0", "η = 1 is listed twice"),
        ("1", "choose 2 to 6 values, got 1"),
        ("1, 2, 3, 4, 5, 6, 7", "choose 2 to 6 values, got 7"),
        ("1," * MAX_TEXT_CHARS, f"at most {MAX_TEXT_CHARS} characters"),
    ],
)
def test_each_refusal_names_the_rule(text, rule):
    with pytest.raises(ValueError, match="learning rates") as error:
        parse_learning_rates(text)
    assert rule in str(error.value)


@given(st.lists(st.floats(1e-3, 1e4), min_size=2, max_size=MAX_RATES, unique=True))
def test_formatted_rates_read_back_to_the_same_list_up_to_six_digits(rates):
    if any(math.isclose(a, b, rel_tol=1e-5) for a in rates for b in rates if a is not b):
        return  # "%g" would write two of them the same
    again = parse_learning_rates(format_learning_rates(rates))
    assert len(again) == len(rates)
    assert all(math.isclose(a, b, rel_tol=1e-5) for a, b in zip(again, rates))


def test_a_click_adds_eta_to_three_digits():
    assert added([0.1, 1.0], 12.3456) == ([0.1, 1.0, 12.3], None)


def test_a_click_that_cannot_be_added_says_why_and_changes_nothing():
    rates = [0.1, 1.0]
    assert added(rates, 1.0004) == (rates, "η = 1 is already compared")
    assert added(rates, math.nan)[1] == "η must be a finite number > 0 and ≤ 10000, got nan"
    assert added(rates, -1.0)[0] is rates
    full = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert added(full, 7.0) == (full, "at most 6 learning rates: remove one to add η = 7")
