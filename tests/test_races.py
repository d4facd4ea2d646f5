"""The optimizer races (ui.races): every preset and the default race are
methods the core accepts, within the page's limit, and each run's label
shows what changes the run and nothing that does not."""

import pytest

from gd_core.methods import METHODS
from ui.races import DEFAULT_RACE, MAX_RUNS, PRESETS, describe

RACES = {"default": DEFAULT_RACE, **{name: race for name, (_, race) in PRESETS.items()}}


@pytest.mark.parametrize("name", list(RACES))
def test_every_race_is_one_the_core_accepts(name):
    race = RACES[name]
    assert 1 <= len(race) <= MAX_RUNS
    for entry in race:
        METHODS[entry["method"]].optimizer(entry["settings"])  # raises on a bad setting
    labels = [describe(entry) for entry in race]
    assert len(set(labels)) == len(labels)  # each run told apart


def test_presets_say_what_they_teach():
    for name, (lesson, _) in PRESETS.items():
        assert lesson.endswith(".") and len(lesson) > 60, name


def test_labels_show_the_settings_in_the_courses_symbols():
    assert describe(DEFAULT_RACE[1]) == "Momentum (η = 1, γ = 0.9)"
    assert (
        describe({"method": "gradient_descent", "settings": {}})
        == METHODS["gradient_descent"].label
    )


def test_a_constant_schedule_hides_its_decay_and_step_and_a_default_eps_is_left_out():
    adam = METHODS["adam"]
    eps = next(p.default for p in adam.hyperparameters if p.name == "eps")
    settings = {"learning_rate": 0.1, "decay": 0.5, "every": 100, "eps": eps}
    constant = describe({"method": "adam", "settings": {**settings, "schedule": "constant"}})
    assert "decay" not in constant and "every" not in constant and "ε" not in constant
    stepped = describe({"method": "adam", "settings": {**settings, "schedule": "step"}})
    assert stepped.endswith("step schedule)") and "0.5" in stepped and "100" in stepped
    odd = describe({"method": "adam", "settings": {"learning_rate": 0.1, "eps": 1e-3}})
    assert "= 0.001" in odd
