"""The Compare η page through AppTest."""

import pytest
from app_helpers import chart_payload, figure_payload, open_page
from app_helpers import text as _text

import gd_core

ONE_AND_TEN = ["converged: L < 1e-05 from epoch 380", "converged: L < 1e-05 from epoch 30"]


def _compare(app):
    return open_page(app, "views/compare_eta.py")


def _verdicts(app) -> list[str]:
    return list(app.table[0].value["status"])


def test_compare_page_default_statuses(app):
    _compare(app)
    assert not app.error
    table = app.table[0].value  # a plain table: it wraps on a phone
    assert list(table["η"]) == ["0.1", "1", "10", "50"]
    assert _verdicts(app) == [
        "still descending",
        "converged: L < 1e-05 from epoch 380",
        "converged: L < 1e-05 from epoch 30",
        "stuck on a saturated plateau",
    ]
    assert table["final L"][0] == "0.0164"  # η = 0.1: ≈ 0.016 after 1000 epochs
    assert not app.get("plotly_chart")  # every chart is the component's: one Plotly.js
    chart = chart_payload(app, "multiples")
    assert chart["kind"] == "compare"
    assert [r["label"] for r in chart["runs"]] == ["η = 0.1", "η = 1", "η = 10", "η = 50"]
    assert chart["titles"][1] == "η = 1 · converged: L < 1e-05 from epoch 380"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0.1, 1, 1", "η = 1 is listed twice"),
        ("0.1, -1", "η must be a finite number > 0 and ≤ 10000, got -1"),
        ("0.1, 0", "η must be a finite number > 0 and ≤ 10000, got 0"),
        ("0.1, abc", "'abc' is not a number"),
        ("1", "choose 2 to 6 values, got 1"),
        ("1, 2, 3, 4, 5, 6, 7", "choose 2 to 6 values, got 7"),
    ],
)
def test_compare_bad_rates_keep_the_previous_set(app, text, message):
    _compare(app)
    app.text_input(key="eta_list").set_value("1, 10").run()
    assert _verdicts(app) == ONE_AND_TEN
    app.text_input(key="eta_list").set_value(text).run()
    assert not app.exception
    assert len(app.error) == 1 and message in app.error[0].value
    assert "Still comparing 1, 10" in app.error[0].value
    assert _verdicts(app) == ONE_AND_TEN


def test_compare_uses_the_start_set_on_the_error_surface_page(app):
    app.number_input(key="w0").set_value(1.0).run()
    app.number_input(key="b0").set_value(-3.0).run()
    _compare(app)
    assert app.number_input(key="w0").value == 1.0
    # The η = 1 row is the run from (1, −3), not from the lecture's start.
    run = gd_core.gradient_descent(gd_core.SigmoidNeuron.lecture(), (1.0, -3.0), 1.0, 1000)
    assert run.converged_at != 380
    assert _verdicts(app)[1] == f"converged: L < 1e-05 from epoch {run.converged_at}"
    assert "From the same start (1, -3)" in _text(app)


def test_the_sweep_goes_to_the_chart_component_clickable(app):
    _compare(app)
    sweep = figure_payload(app, "sweep_chart")
    assert sweep["clickable"] is True and sweep["height"] == 520
    assert sweep["config"]["toImageButtonOptions"]["filename"] == "sweep-chart"
    traces = sweep["figure"]["data"]
    assert {t["legendgroup"] for t in traces} >= {"converged"}
    hovers = {t["hovertemplate"] for t in traces}
    assert all("click to compare" in h for h in hovers)
    # the chosen η drawn as lines: one per compared η (and one at the edge)
    lines = [s["x0"] for s in sweep["figure"]["layout"]["shapes"]]
    assert lines[:4] == [0.1, 1.0, 10.0, 50.0]


# A click on the sweep (the component's trigger value) is tested against a
# real server in test_crafted_client.py: AppTest cannot send a component event.
