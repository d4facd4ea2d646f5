"""The Optimizers page through AppTest."""

from app_helpers import chart_payload, figure_payload, open_page


def _optimizers(app):
    return open_page(app, "views/optimizers.py")


def test_optimizers_default_race_renders(app):
    _optimizers(app)
    table = app.table[0].value
    assert list(table["method"]) == [
        "Gradient descent (η = 1)",
        "Momentum (η = 1, γ = 0.9)",
        "Nesterov (look-ahead) (η = 1, γ = 0.9)",
        "Adam (η = 0.1)",
    ]
    assert table["epochs to tolerance"].iloc[0] == "380"  # plain descent: the lecture
    # no column of nothing: these four take no loss evaluations, none is Newton's
    assert list(table.columns) == [
        "method", "status", "epochs to tolerance", "final loss", "gradient evaluations"
    ]  # fmt: skip
    assert not app.get("plotly_chart")  # every chart is the component's: one Plotly.js
    loss = figure_payload(app, "race_loss")
    assert not loss["clickable"]
    assert [t["name"] for t in loss["figure"]["data"]][: len(table)] == list(table["method"])
    assert figure_payload(app, "race_lr")["figure"]["data"]  # Adam: η_t / (√v_t + ε)
    chart = chart_payload(app, "race")
    assert chart["kind"] == "race" and [r["label"] for r in chart["runs"]] == list(table["method"])
    arrows = [r["momentum"] is not None for r in chart["runs"]]
    assert arrows == [False, True, True, False]  # momentum and Nesterov carry u_t


def test_optimizers_preset_loads(app):
    _optimizers(app)
    app.button(key="preset_Adam crosses the plateau").click().run()
    table = app.table[0].value
    assert list(table["method"])[-1] == "Adam (η = 0.01)"
    statuses = list(table["status"])
    assert statuses[0] == "max epochs"  # plain descent with η = 0.01 is still on the plateau
    assert float(list(table["final loss"])[-1]) < 1e-3  # Adam crossed it
    assert any("cross" in i.value for i in app.info)


def test_optimizers_add_a_method_and_a_bad_hyperparameter(app):
    _optimizers(app)
    app.selectbox(key="opt_method").set_value("newton").run()
    app.button(key="opt_add").click().run()
    table = app.table[0].value
    assert list(table["method"])[-1].startswith("Newton's method")
    fell_back = list(table["Newton fell back"])
    assert fell_back[:-1] == ["—"] * 4 and fell_back[-1].isdigit()
    app.selectbox(key="opt_method").set_value("momentum").run()
    app.number_input(key="opt_momentum_gamma").set_value(1.5).run()
    app.button(key="opt_add").click().run()
    assert not app.exception
    assert any("momentum γ must be in [0, 0.999], got 1.5" in e.value for e in app.error)
    assert len(app.table[0].value) == 5  # the bad one was not added


def test_optimizers_same_method_twice_and_remove(app):
    _optimizers(app)
    app.selectbox(key="opt_method").set_value("momentum").run()
    app.number_input(key="opt_momentum_gamma").set_value(0.5).run()
    app.button(key="opt_add").click().run()
    methods = list(app.table[0].value["method"])
    assert methods.count("Momentum (η = 1, γ = 0.9)") == 1
    assert methods[-1] == "Momentum (η = 1, γ = 0.5)"
    app.button(key="remove_0").click().run()
    assert len(app.table[0].value) == 4


def test_the_loss_evaluations_column_shows_when_a_line_search_races(app):
    """Backtracking line search evaluates L (Armijo's test); the others do not."""
    _optimizers(app)
    app.selectbox(key="opt_method").set_value("line_search").run()
    app.button(key="opt_add").click().run()
    table = app.table[0].value
    evaluations = [int(n) for n in table["loss evaluations"]]
    assert evaluations[:-1] == [0] * 4 and evaluations[-1] > 0
    assert "Newton fell back" not in table.columns
