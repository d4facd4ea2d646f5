"""The one settings table (ui.schema): each default keeps its own rule, each
link field reads its default back, and the widgets' ranges come from it."""

import pytest

from gd_core.search import MODES
from ui import url
from ui.schema import DEFAULTS, SETTINGS, nearest_preset
from ui.state import DEFAULTS as STATE_DEFAULTS


@pytest.mark.parametrize("key", list(SETTINGS))
def test_every_default_keeps_its_own_rule(key):
    setting = SETTINGS[key]
    assert setting.check(setting.default) == setting.default


@pytest.mark.parametrize("name", list(url.FIELDS))
def test_every_link_field_reads_its_default_back(name):
    field = url.FIELDS[name]
    assert field.read(field.default_text) == field.default
    assert field.write(field.default) is None  # the default is left out of the link
    tokens = [token for token, _ in field.choices]
    assert len(set(tokens)) == len(tokens)


def test_one_table_gives_the_defaults_the_checks_and_the_link():
    assert STATE_DEFAULTS is DEFAULTS
    assert all(url.FIELDS[s.url].setting is s for s in SETTINGS.values() if s.url)
    assert set(DEFAULTS) == {key for key, s in SETTINGS.items() if s.shared}
    assert SETTINGS["search_mode"].options == MODES  # the core's modes, not a copy


def test_a_step_is_one_rule_for_a_client_and_a_link():
    with pytest.raises(ValueError, match="in steps of 10"):
        SETTINGS["resolution"].check(155)
    with pytest.raises(ValueError, match="in steps of 10"):
        url.FIELDS["res"].read("155")
    assert SETTINGS["map_resolution"].check(250.0) == 250


def test_the_nearest_slider_stop_is_nearest_on_a_log_scale():
    assert nearest_preset(1.0) == 1.0
    assert nearest_preset(3.0) == 2.0  # log10 3 is nearer log10 2 than log10 5
    assert nearest_preset(4.0) == 5.0
    assert nearest_preset(1e4) == 100.0


def test_the_log_slider_rises_from_0_001_to_100_without_a_repeat():
    stops = SETTINGS["eta_preset"].options
    assert stops[0] == 0.001 and stops[-1] == 100.0
    assert list(stops) == sorted(set(stops))
