"""The work budget (ui.budget): one rule for every run a page asks for. The
lecture's default case is never cut; a large data set runs fewer epochs,
said in words, on every page and in the link; a run that cannot fit even
one epoch is refused by name and never retried."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from app_helpers import new_app, open_page

from gd_core.sweep import DEFAULT_SWEEP
from ui import budget
from ui.budget import Runs
from ui.races import DEFAULT_RACE, PRESETS, runnable, work
from ui.waiting import LARGE_WORK, WAIT_NOTE

SWEEP = DEFAULT_SWEEP[2]
# What each page runs per epoch, as the pages declare it.
PAGES = {
    "error surface": [Runs("single"), Runs("single", factor=2.0)],
    "compare η (6 rates)": [Runs("single", 6), Runs("batch", SWEEP)],
    "taylor": [Runs("single"), Runs("batch", SWEEP)],
    "your data": [Runs("single")],
    "optimizers": work(DEFAULT_RACE, 2),
    **{f"optimizers: {name}": work(race, 2) for name, (_, race) in PRESETS.items()},
}


@pytest.mark.parametrize("page", list(PAGES))
def test_the_lectures_default_case_is_never_cut(page):
    assert budget.fit(2, 1000, PAGES[page]) == budget.Fit(1000, 1000)


def test_a_large_data_set_runs_fewer_epochs_said_in_words():
    fit = budget.fit(100_000, 1000, PAGES["compare η (6 rates)"])
    assert 1 <= fit.epochs < 1000 and fit.asked == 1000
    assert fit.note is not None
    assert f"Epochs cut to {fit.epochs:,} of the 1,000 asked for" in fit.note
    assert "100,000 points × 206 runs" in fit.note
    per_epoch = budget.seconds_per_epoch(100_000, PAGES["compare η (6 rates)"])
    assert (fit.epochs + 1) * per_epoch <= budget.BUDGET_SECONDS  # E epochs: E + 1 evaluations
    assert (fit.epochs + 2) * per_epoch > budget.BUDGET_SECONDS


def test_more_points_or_more_runs_never_give_more_epochs():
    last = 10_000
    for n in (2, 100, 1_000, 10_000, 100_000):
        now = budget.fit(n, 10_000, PAGES["compare η (6 rates)"]).epochs
        assert now <= last
        last = now
    assert (
        budget.fit(1000, 10_000, [Runs("single", 6)]).epochs
        >= budget.fit(1000, 10_000, [Runs("single", 6), Runs("batch", SWEEP)]).epochs
    )


def test_not_even_one_epoch_is_refused_by_name():
    sgd = [{"method": "stochastic", "settings": {"learning_rate": 0.1, "batch_size": 1}}]
    with pytest.raises(ValueError, match="work budget: one epoch of 100,000 points × 1 run"):
        budget.fit(100_000, 1, work(sgd, 100_000))
    kept, messages = runnable(sgd + DEFAULT_RACE[:1], 100_000)
    assert kept == DEFAULT_RACE[:1]
    assert (
        "Stochastic / mini-batch (η = 0.1, k = 1) cannot race on these data: work budget"
        in (messages[0])
    )
    # a larger mini-batch fits: fewer updates an epoch
    big = [{"method": "stochastic", "settings": {"learning_rate": 0.1, "batch_size": 10_000}}]
    assert runnable(big, 100_000) == (big, [])


def _many_points(app, n: int) -> None:
    rng = np.random.default_rng(0)
    app.session_state["data_x"] = tuple(rng.uniform(-3, 3, n).tolist())
    app.session_state["data_y"] = tuple(rng.uniform(0.05, 0.95, n).tolist())
    app.session_state["data_name"] = "uploaded: many.csv"


def _notes(app) -> list[str]:
    return [i.value for i in app.info if "Epochs cut to" in i.value]


@pytest.mark.parametrize(
    "page", ["views/error_surface.py", "views/compare_eta.py", "views/optimizers.py",
             "views/taylor.py", "views/data.py", "views/convergence_map.py"],
)  # fmt: skip
def test_no_page_cuts_the_lectures_default_case(app, page):
    open_page(app, page)
    assert _notes(app) == [] and not app.error


def test_compare_eta_on_many_points_runs_the_epochs_the_budget_allows(app):
    _many_points(app, 5_000)
    open_page(app, "views/compare_eta.py")
    assert not app.exception and not app.error
    notes = _notes(app)
    expected = budget.fit(5_000, 1000, [Runs("single", 4), Runs("batch", SWEEP)])
    assert len(notes) == 1 and f"Epochs cut to {expected.epochs:,}" in notes[0]
    table = app.table[0].value  # the verdicts, one row per η
    assert len(table) == 4
    # the link still asks for the student's epochs (it carries the lecture's data)
    assert app.session_state["epochs"] == 1000


def test_a_stochastic_race_on_many_points_is_dropped_by_name(app):
    """(That it stays dropped after navigating away and back is checked over
    the WebSocket in test_crafted_runs.py: AppTest sets a test's session
    state again on every run.)"""
    _many_points(app, 20_000)
    app.session_state["race"] = [
        {"method": "stochastic", "settings": {"learning_rate": 0.1, "batch_size": 1}},
        {"method": "adam", "settings": {"learning_rate": 0.1}},
    ]
    open_page(app, "views/optimizers.py")
    assert not app.exception
    assert any("cannot race on these data: work budget" in e.value for e in app.error)
    assert [e["method"] for e in app.session_state["race"]] == ["adam"]
    assert len(app.table[0].value) == 1  # adam raced alone


def test_a_map_that_cannot_fit_one_epoch_says_so_once_and_does_not_run_it_again(app):
    """Stochastic descent one point at a time over 20,000 points, from every
    start of even a 10 × 10 grid: not one epoch fits. The page names the
    rule, and since the last valid settings are these very settings, it
    stops there instead of running them again (which raised)."""
    _many_points(app, 20_000)
    open_page(app, "views/convergence_map.py")
    app.selectbox(key="map_method").set_value("stochastic").run()
    assert not app.exception
    errors = [e.value for e in app.error]
    assert len(errors) == 1 and "work budget: one epoch of 20,000 points" in errors[0]
    assert "last valid settings" not in errors[0]
    app.selectbox(key="map_method").set_value("gradient_descent").run()  # and it recovers
    assert not app.exception and not app.error and app.get("plotly_chart")


@pytest.mark.parametrize("page", list(PAGES))
def test_the_lectures_pages_are_not_large(page):
    """The class's own reruns never wait behind another student's large data."""
    assert not budget.is_large(2, 1000, PAGES[page])


def test_a_large_data_set_is_large_even_after_its_cut():
    work_ = PAGES["compare η (6 rates)"]
    fit = budget.fit(100_000, 1000, work_)
    assert budget.is_large(100_000, fit.epochs, work_)
    assert not budget.is_large(100_000, 0, [Runs("single")])  # only the start's evaluation


def test_large_reruns_take_turns_and_the_class_does_not_wait(app):
    """While another session's large computation holds the turn, a rerun on
    the lecture's two points goes on; a large rerun waits, and takes the
    turn once it is free."""
    small = new_app()
    small.switch_page("views/data.py")
    _many_points(app, 20_000)
    app.switch_page("views/data.py")
    held, release, seen = threading.Event(), threading.Event(), []

    def another_session() -> None:
        with LARGE_WORK.hold("another session", lambda: None):
            held.set()
            release.wait(timeout=20)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not seen:  # who takes the turn next
            seen.extend(LARGE_WORK.holders)
            time.sleep(0.005)

    holder = threading.Thread(target=another_session)
    holder.start()
    assert held.wait(timeout=5)
    small.run()  # not large: does not wait for the turn
    assert not small.exception and LARGE_WORK.holders == {"another session"}
    threading.Timer(1.0, release.set).start()
    app.run()  # large: waits until the other session is done, then computes
    holder.join(timeout=30)
    assert not app.exception and not app.error
    assert any("Epochs cut to" in i.value or "after 1000 epochs" in i.value
               for i in [*app.info, *app.caption])  # fmt: skip
    assert len(seen) == 1 and seen[0] != "another session"  # the page's session took it
    assert WAIT_NOTE not in [i.value for i in app.info]  # the note went with the wait
    assert LARGE_WORK.holders == frozenset()
