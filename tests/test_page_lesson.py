"""The Lesson page in AppTest: every step walked with a right and a wrong
prediction (the reveal, the coach's sentence, the numbers the core gives,
no exception), then again on other data and another loss; the step's link
and its progress; a malformed prediction refused by name."""

import csv
import io

from streamlit.testing.v1 import AppTest

import gd_core
from gd_core.figures.wire import decode
from gd_core.lesson import STEPS
from tests.app_helpers import APP, component_elements, new_app, open_page
from tests.test_lesson import _right_prediction, _wrong_prediction
from ui import lesson, url
from ui.inputs import plain


def _predict(at: AppTest, step, prediction) -> None:
    key = f"lesson_said_{step.slug}"
    if step.question.kind == "choice":
        at.radio(key=key).set_value(prediction)
    elif step.question.kind == "number":
        at.number_input(key=key).set_value(prediction)
    else:  # what the chart component sends after a click on the contour
        at.session_state[f"lesson_chart_{step.slug}"] = {
            "click": {"w": prediction[0], "b": prediction[1]}
        }
    at.run()
    assert not at.exception


def _reveal(at: AppTest, step) -> str:
    at.button(key=f"lesson_reveal_{step.slug}").click().run()
    assert not at.exception
    return "\n".join([e.value for e in at.success] + [e.value for e in at.error])


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts + [i.value for i in at.info])


def _walk(at: AppTest, problem: gd_core.SigmoidNeuron) -> None:
    """Every step: a wrong prediction, reveal, then predict again rightly."""
    for number, step in enumerate(STEPS, start=1):
        assert at.session_state["lesson_step"] == number
        answer = step.answer(step.stage(problem))
        _predict(at, step, _wrong_prediction(step, answer))
        verdict = _reveal(at, step)
        assert "Not this time." in verdict and plain(answer.shown.rstrip(".")) in verdict
        shown = _texts(at)
        assert plain(step.explains) in shown, step.slug  # the lecture's sentence
        assert plain(answer.because) in shown, step.slug  # the reason, with the numbers
        assert answer.alt_text in shown, step.slug  # the chart in words, numbers in
        assert "(**View**)" not in shown, step.slug  # the lesson has no View to widen
        at.button(key=f"lesson_again_{step.slug}").click().run()
        _predict(at, step, _right_prediction(step, answer))
        verdict = _reveal(at, step)
        assert "Right." in verdict and plain(answer.shown.rstrip(".")) in verdict, step.slug
        if number < len(STEPS):
            at.button(key="lesson_next").click().run()
            assert not at.exception


def test_every_step_with_a_wrong_and_a_right_prediction_on_the_lectures_data():
    at = open_page(new_app(), "views/lesson.py")
    assert "Step 1 of" in at.get("progress")[0].proto.text
    _walk(at, gd_core.SigmoidNeuron.lecture())
    assert at.session_state["lesson_done"] == tuple(range(1, len(STEPS) + 1))
    assert at.query_params["done"] == "_".join(str(k) for k in range(1, len(STEPS) + 1))
    rows = list(csv.reader(io.StringIO(_csv(at))))
    assert len(rows) == len(STEPS) + 1 and all(row[5] == "right" for row in rows[1:])


def _csv(at: AppTest) -> str:
    s = at.session_state
    return lesson.answers_csv(s["lesson_predictions"], s["lesson_revealed"], s["data_x"],
                              s["data_y"], s["loss_name"])  # fmt: skip


def test_the_walk_on_other_data_and_another_loss_follows_the_answers():
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["data"] = "noisy"
    at.query_params["loss"] = "ce"
    at.run()
    at.switch_page("views/lesson.py").run()
    assert not at.exception
    x, y = at.session_state["data_x"], at.session_state["data_y"]
    _walk(at, gd_core.SigmoidNeuron(x, y, "cross_entropy"))


def test_a_step_link_stages_what_the_share_link_carries():
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["lesson"] = "9"  # η = 50
    at.run()
    at.switch_page("views/lesson.py").run()
    assert not at.exception and at.session_state["eta"] == 50.0
    step = STEPS[8]
    state = {f.state: at.session_state[f.state] for f in url.FIELDS.values()}
    state.update({k: at.session_state[k] for k in ("race", "compare_etas", "taylor_point",
                                                    "data_x", "data_y", "data_name",
                                                    "loss_name", "lesson_done")})  # fmt: skip
    assert url.to_query(step.page, state) == {"eta": "50"}
    links = [e.proto.query_string for e in at.get("page_link")]
    assert "eta=50" in links  # "Open this in the full page": the error surface's share link


def test_a_malformed_prediction_is_named_and_the_page_keeps_working():
    at = open_page(new_app(), "views/lesson.py")
    at.button(key="lesson_reveal_guess").click().run()  # nothing predicted yet
    assert not at.exception
    assert any("Make a prediction first" in w.value for w in at.warning)
    assert "guess" not in at.session_state["lesson_revealed"]


def test_presenter_mode_from_the_link_gives_the_keys_and_large_type():
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["lesson"] = "3"
    at.query_params["present"] = "1"
    at.run()
    at.switch_page("views/lesson.py").run()
    assert not at.exception and at.session_state["presenter"] is True
    assert any("font-size: 24px" in h.proto.body for h in at.get("html"))
    shortcuts = {b.proto.id.rsplit("-", 1)[-1]: b.proto.shortcut for b in at.get("button")}
    assert shortcuts["lesson_next"] == "right" and shortcuts["lesson_prev"] == "left"
    assert shortcuts["lesson_reveal_move"] == "enter"  # Enter stays an alias of R
    keys = [
        decode(p.bytes) for p in component_elements(at, "chart") if p.id.endswith("-presenter_keys")
    ]
    assert keys == [{"role": "keys", "reveal": True}]  # R and space: the component's
    assert any("R reveals" in c.value for c in at.caption)  # the keys' legend
    assert at.query_params["present"] == "1" and at.query_params["lesson"] == "3"


def test_a_challenge_link_round_trips_and_is_checked_live():
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["goal"] = "reach20"
    at.query_params["eta"] = "10"
    at.run()
    assert not at.exception and not at.warning
    run = gd_core.gradient_descent(gd_core.SigmoidNeuron.lecture(), (-2, -2), 10.0, 20)
    shown = "\n".join(s.value for s in [*at.success, *at.info])
    assert "Challenge:" in shown and "within 20 epochs" in shown
    met = run.converged_epoch is not None and run.final_loss < 1e-5
    assert ("Goal met." in shown) == met
    assert at.query_params["goal"] == "reach20" and at.query_params["eta"] == "10"
    at.sidebar.number_input(key="eta").set_value(1.0).run()  # η = 1 needs 380 epochs
    shown = "\n".join(s.value for s in [*at.success, *at.info])
    assert "Not yet." in shown and "Your best so far" in shown


def test_a_malformed_goal_is_named_once_and_the_view_opens():
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params["goal"] = "reach<script>"
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and warnings[0].count("`goal`") == 1
    assert "reach20" in warnings[0]  # the rule, with an example
    assert at.get("bidi_component")  # the error surface is drawn


def test_make_this_a_challenge_puts_the_goal_into_the_link():
    at = new_app()
    at.sidebar.selectbox(key="challenge_kind").set_value("reach").run()
    at.sidebar.number_input(key="challenge_limit").set_value(50.0).run()
    at.sidebar.button(key="challenge_set").click().run()
    assert not at.exception
    assert at.session_state["challenge_goal"] == "reach50"
    assert at.query_params["goal"] == "reach50"


def test_progress_and_predictions_travel_in_the_link_to_another_device():
    from urllib.parse import parse_qsl, urlencode

    from ui.schema import DATA_DEFAULTS

    state = {f.state: f.default for f in url.FIELDS.values()} | DATA_DEFAULTS | {
        "lesson_step": 6, "lesson_done": (1, 2, 6),
        "lesson_predictions": {"guess": STEPS[0].question.options[1], "carpet": (1.5, -2.25),
                               "epochs": 380.0, "beta": "180°"},  # beta: said, not revealed
    }  # fmt: skip
    query = url.to_query("lesson", state)
    assert query == {"lesson": "6", "done": "1_2_6", "said": "1c1~2p1.5_-2.25~6n380"}
    link = url.parse(parse_qsl(urlencode(query)))
    assert link.problems == []
    assert link.values["lesson_predictions"] == {
        "guess": STEPS[0].question.options[1],
        "carpet": (1.5, -2.25),
        "epochs": 380.0,
    }
    at = AppTest.from_file(str(APP), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()  # the bare address with lesson=: the lesson opens
    assert not at.exception
    assert "Right." in at.success[0].value and "You said: 380." in at.success[0].value
    bad = url.parse([("said", "6c1"), ("done", "0_99")])
    assert len(bad.problems) == 2 and all("ignored" in p for p in bad.problems)


def _layers(at: AppTest) -> list[dict]:
    found = [decode(p.bytes) for p in component_elements(at, "chart") if p.bytes]
    return [d["layers"] for d in found if d.get("role") == "layers"]


def test_the_click_step_hides_the_zero_loss_mark_that_every_other_view_shows():
    """Step 2 asks where L is lowest: its layers carry no ◇ (it would give
    the answer away); the Error surface's layers of the same surface do."""
    at = open_page(new_app(), "views/lesson.py")
    at.button(key="lesson_next").click().run()
    assert at.session_state["lesson_step"] == 2 and STEPS[1].question.click
    assert [layers["optimum"] for layers in _layers(at)] == [None]
    marks = [layers["optimum"] for layers in _layers(new_app())]  # the Error surface
    assert len(marks) == 1 and marks[0] is not None
