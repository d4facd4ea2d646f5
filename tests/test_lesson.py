"""The lesson as data: its steps stage settings the app's schema knows, every
answer is the core's (checked against the lecture's own loop and against
runs made here), and the coach follows the data and the loss."""

import math

import numpy as np
import pytest

import gd_core
from gd_core.lesson import LESSON_DEFAULTS, SLUGS, STEPS, check_prediction, coach
from gd_core.lesson import answers_race as race
from gd_core.lesson import answers_runs as runs
from gd_core.runs.one import run_method
from tests.lecture_reference import do_gradient_descent, error
from ui.schema import DATA_DEFAULTS, DEFAULTS, SETTINGS
from ui.url import PAGES

LECTURE = gd_core.SigmoidNeuron.lecture()
CROSS_ENTROPY = gd_core.SigmoidNeuron([0.5, 2.5], [0.2, 0.9], "cross_entropy")
BY_SLUG = dict(zip(SLUGS, STEPS, strict=True))


def _answer(slug, problem=LECTURE):
    step = BY_SLUG[slug]
    return step, step.answer(step.stage(problem))


def test_ten_to_fourteen_steps_with_distinct_names_and_the_lectures_words():
    assert 10 <= len(STEPS) <= 14
    assert len(set(SLUGS)) == len(SLUGS)
    for step in STEPS:
        assert step.quote and step.explains and step.look_at
        assert "{" not in step.ask(), step.slug  # every placeholder filled
        assert "Refer" in step.slide_time or "Refer" in step.explains


def test_each_step_stages_settings_the_schema_and_the_link_carry():
    for key, value in LESSON_DEFAULTS.items():
        assert DEFAULTS[key] == value, key
    for step in STEPS:
        assert step.page in PAGES, step.slug
        for key, value in step.settings.items():
            if key in SETTINGS:
                assert SETTINGS[key].check(value) == value, (step.slug, key)
            else:
                assert key in DATA_DEFAULTS, (step.slug, key)


def test_every_choice_answer_is_one_of_its_options():
    for problem in (LECTURE, CROSS_ENTROPY):
        for step in STEPS:
            answer = step.answer(step.stage(problem))
            assert answer.shown and answer.because and answer.alt_text
            if step.question.kind == "choice":
                assert answer.right and answer.right <= set(step.question.options), step.slug
            for _, run in answer.runs:
                assert np.all(np.isfinite(run.losses))


def test_the_lectures_run_reaches_the_tolerance_when_the_slides_loop_does():
    path = do_gradient_descent()
    first = next(t for t, (w, b) in enumerate(path) if error(w, b) < 1e-5)
    _, answer = _answer("epochs")
    assert answer.value == first  # 380 on the lecture's data
    low, high = answer.band
    assert low == pytest.approx(0.8 * first) and high == pytest.approx(1.2 * first)


@pytest.mark.parametrize("slug", ["eta_small", "eta_ten", "eta_fifty"])
def test_each_status_is_the_cores(slug):
    step, answer = _answer(slug)
    eta = step.settings["eta"]
    run = gd_core.gradient_descent(LECTURE, (-2, -2), eta, 1000)
    assert answer.right == {runs.STATUS[run.status]}
    assert answer.numbers["final_loss"] == run.final_loss


def test_the_lectures_statuses():
    # README: η = 0.1 still descending, 10 converges, 50 stuck on a plateau.
    assert _answer("eta_small")[1].right == {runs.STATUS["max_epochs"]}
    assert _answer("eta_ten")[1].right == {runs.STATUS["converged"]}
    assert _answer("eta_fifty")[1].right == {runs.STATUS["plateau"]}
    assert _answer("stall")[1].right == {runs.STALL[0]}


def test_guess_work_and_descent_are_the_pages_runs():
    _, answer = _answer("guess")
    descent = gd_core.gradient_descent(LECTURE, (-2, -2), 1.0, 1000)
    search = gd_core.random_search(LECTURE, 1001, 0, "sample", start=(-2, -2),
                                   w_range=(-6, 6), b_range=(-6, 6))  # fmt: skip
    assert answer.numbers == {"descent_loss": descent.final_loss, "search_loss": search.final_loss}
    assert answer.right == {runs.GUESS[0]}
    assert "380" in answer.alt_text and f"{search.final_loss:.3g}" in answer.alt_text


def test_the_first_update_and_the_best_direction():
    _, signs = _answer("signs")
    dw, db = LECTURE.grad(-2.0, -2.0)
    assert signs.numbers["delta_w"] == -float(dw) > 0 and signs.numbers["delta_b"] == -float(db) > 0
    assert _answer("beta")[1].right == {"180°"}
    assert _answer("move")[1].right == {_answer("move")[0].question.options[0]}


def test_the_lowest_point_is_the_exact_minimum():
    step, answer = _answer("carpet")
    assert answer.point == pytest.approx(LECTURE.zero_loss_point())
    assert coach(step, answer, (1.8, -2.3), LECTURE).correct
    wrong = coach(step, answer, (-5.0, 5.0), LECTURE)
    assert not wrong.correct and "above the valley floor" in wrong.reason


def test_the_start_and_the_variants_follow_the_runs():
    _, answer = _answer("start")
    for option, start in zip(runs.START_OPTIONS, runs.STARTS, strict=False):
        run = gd_core.gradient_descent(LECTURE, start, 10.0, 1000)
        assert (option in answer.right) == (run.status != "converged")
    _, mom = _answer("momentum")
    plain = run_method(LECTURE, "gradient_descent", {"learning_rate": 2.0}, (-2, -2), 1000)
    heavy = run_method(LECTURE, "momentum", {"learning_rate": 2.0, "gamma": 0.9}, (-2, -2), 1000)
    assert mom.numbers["first_tolerance"] == plain.converged_epoch
    assert mom.numbers["second_tolerance"] == heavy.converged_epoch
    assert mom.right == {race.RACE[0 if plain.converged_epoch < heavy.converged_epoch else 1]}
    _, adam = _answer("adam")
    assert adam.right == {race.LOWER[1]}  # Adam crosses the flat start, plain descent does not


def _right_prediction(step, answer):
    if step.question.kind == "choice":
        return sorted(answer.right)[0]
    if step.question.kind == "number":
        return answer.value if answer.value is not None else answer.band[0] + 1
    return answer.point


def _wrong_prediction(step, answer):
    if step.question.kind == "choice":
        return next(o for o in step.question.options if o not in answer.right)
    if step.question.kind == "number":
        return 1.0 if answer.value is None else answer.band[1] * 3
    return (-5.5, 5.5)


@pytest.mark.parametrize("problem", [LECTURE, CROSS_ENTROPY], ids=["lecture", "ce"])
def test_the_coach_says_what_was_said_the_answer_and_why(problem):
    for step in STEPS:
        answer = step.answer(step.stage(problem))
        right = coach(step, answer, _right_prediction(step, answer), problem)
        assert right.correct and right.headline == "Right.", step.slug
        assert right.lecture == step.explains and answer.shown in right.right
        wrong = coach(step, answer, _wrong_prediction(step, answer), problem)
        assert not wrong.correct, step.slug
        assert answer.because in wrong.reason and len(wrong.reason) > len(answer.because)


def test_answers_and_the_coach_follow_the_data_and_the_loss():
    """Cross-entropy on the lecture's points: its minimum L is 0.825, not 0,
    and η = 10 no longer converges; the answers and the coach change with it."""
    step, lecture_ten = _answer("eta_ten")
    _, ce_ten = _answer("eta_ten", CROSS_ENTROPY)
    run = gd_core.gradient_descent(CROSS_ENTROPY, (-2, -2), 10.0, 1000)
    assert ce_ten.right == {runs.STATUS[run.status]} != lecture_ten.right
    said = runs.STATUS["converged"]
    assert coach(step, lecture_ten, said, LECTURE).correct
    assert not coach(step, ce_ten, said, CROSS_ENTROPY).correct
    epochs, ce_epochs = _answer("epochs")[1], _answer("epochs", CROSS_ENTROPY)[1]
    assert epochs.value == 380 and ce_epochs.value is None  # L never falls below 1e−5
    one = gd_core.SigmoidNeuron([1.0], [0.7])  # one point: a valley of minima
    step, answer = _answer("guess", one)
    descent = gd_core.gradient_descent(one, (-2, -2), 1.0, 1000)
    assert answer.numbers["descent_loss"] == descent.final_loss


@pytest.mark.parametrize(
    ("slug", "bad"),
    [("guess", "maybe"), ("epochs", math.nan), ("epochs", -3), ("epochs", True),
     ("carpet", (math.inf, 0)), ("carpet", "here")],
)  # fmt: skip
def test_a_malformed_prediction_is_refused_by_name(slug, bad):
    with pytest.raises(ValueError, match="prediction must be"):
        check_prediction(BY_SLUG[slug], bad)


def test_goals_read_their_rule_and_are_checked_by_the_cores_runs():
    from gd_core.lesson.challenge import Goal, check_goal, parse_goal

    assert parse_goal("reach20") == Goal("reach", 20.0) and parse_goal("reach20").text == "reach20"
    assert parse_goal("stall10").text == "stall10" and parse_goal("beat").page == "optimizers"
    for bad in ("reach0", "reach99999", "stall0", "stall5000", "go", "reach20;x", "", "beat2"):
        with pytest.raises(ValueError, match="must be reach"):
            parse_goal(bad)
    settings = {"w0": -2.0, "b0": -2.0, "eta": 10.0, "epochs": 1000}
    assert check_goal(Goal("reach", 40), LECTURE, settings).met  # η = 10: epoch 30
    assert not check_goal(Goal("reach", 40), LECTURE, settings | {"eta": 1.0}).met
    assert check_goal(Goal("stall", 10), LECTURE, settings | {"w0": -4.0, "b0": 4.0}).met
    assert not check_goal(Goal("stall", 10), LECTURE, settings).met
    race = [{"method": "gradient_descent", "settings": {"learning_rate": 2.0}},
            {"method": "momentum", "settings": {"learning_rate": 2.0, "gamma": 0.9}}]  # fmt: skip
    assert not check_goal(Goal("beat"), LECTURE, settings, race).met  # momentum: 694 > 190


def test_the_start_step_keeps_its_map_within_the_map_pages_work_budget():
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, 5000)
    many = gd_core.SigmoidNeuron(x, 1 / (1 + np.exp(-(1.5 * x - 0.5))))
    _, answer = _answer("start", many)
    assert answer.extras["map"] is None and "Too many points" in answer.because
    assert answer.right  # the four starts are still run and judged
    _, lecture = _answer("start")
    assert lecture.extras["map"].status.shape == (50, 50)  # the step's staged 50 × 50
