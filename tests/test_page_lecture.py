"""The lecture made live through AppTest: the slide's code on the Error-surface
page, each optimizer's update rule on the Optimizers page, the random start,
and the lecture's words where epochs are set."""

import html
import re

from app_helpers import open_page

from gd_core.search import random_start


def _python_blocks(app) -> list[str]:
    """The text of each Python block (ui.lecture.python_block) on the page."""
    blocks = [re.search(r'<pre[^>]*data-language="python"[^>]*>(.*)</pre>', h.proto.body, re.S)
              for h in app.get("html")]  # fmt: skip
    return [html.unescape(re.sub(r"<[^>]*>", "", b.group(1))) for b in blocks if b]


def _code(app) -> str:
    """The panel's Python (its only code block; not Streamlit's code element,
    whose highlighter held up the first load)."""
    python = _python_blocks(app)
    assert len(python) == 1 and not app.code
    return python[0]


def _downloads(app) -> list:
    """The panel's .py downloads (not the share section's CSV / HTML)."""
    return [d for d in app.get("download_button") if d.proto.label.endswith(".py")]


def test_error_surface_shows_the_slides_code_filled_in(app):
    code = _code(app)
    assert "def do_gradient_descent() :" in code
    assert "    w, b, eta, max_epochs = -2, -2, 1.0, 1000" in code
    assert "X = [0.5, 2.5]\nY = [0.2, 0.9]" in code
    assert len(_downloads(app)) == 1
    assert any("w = 1.791719830, b = -2.282118073" in c.value for c in app.caption)


def test_the_code_shown_is_the_program_character_for_character(app):
    """Highlighting adds colours only: the block's text is the program."""
    from gd_core.lecture_code import SHOWN_POINTS, descent_program

    program = descent_program(
        [0.5, 2.5],
        [0.2, 0.9],
        "squared_error",
        (-2.0, -2.0),
        1.0,
        1000,
        shown_points=SHOWN_POINTS,
        filename="gradient_descent.py",
    )
    assert _code(app) == program


def test_error_surface_code_follows_the_settings(app):
    app.number_input(key="eta").set_value(2.5).run()
    app.number_input(key="w0").set_value(0.5).run()
    app.number_input(key="epochs").set_value(300).run()
    assert "w, b, eta, max_epochs = 0.5, -2, 2.5, 300" in _code(app)


def test_error_surface_code_for_cross_entropy(app):
    app.session_state["loss_name"] = "cross_entropy"
    app.run()
    assert not app.exception
    code = _code(app)
    assert "# cross-entropy" in code and "return (fx - y) * x" in code


def test_random_start_draws_reproducibly_from_the_view(app):
    app.button(key="random_start").click().run()
    first = (app.session_state["w0"], app.session_state["b0"])
    assert first == random_start(0, 0, (-6.0, 6.0), (-6.0, 6.0))
    app.button(key="random_start").click().run()
    assert (app.session_state["w0"], app.session_state["b0"]) == random_start(
        0, 1, (-6, 6), (-6, 6)
    )
    assert not app.exception and not app.error
    start = app.session_state["w0"], app.session_state["b0"]
    assert f"w, b, eta, max_epochs = {start[0]:g}, {start[1]:g}, 1.0, 1000" in _code(app)


def test_random_start_uses_the_seed_and_the_view(app):
    app.number_input(key="seed").set_value(42).run()
    app.number_input(key="view").set_value(2.0).run()
    app.button(key="random_start").click().run()
    w, b = app.session_state["w0"], app.session_state["b0"]
    assert (w, b) == random_start(42, 0, (-2.0, 2.0), (-2.0, 2.0))
    assert abs(w) <= 2 and abs(b) <= 2


def test_epochs_help_quotes_the_lecture(app):
    assert "1000 epochs which is my notion of convergence" in app.number_input(key="epochs").help


def test_random_search_is_named_the_lectures_guess_work(app):
    assert "Random search (guess work)" in [h.value for h in app.subheader]
    text = "\n".join(m.value for m in app.markdown)
    assert "the lecture's “guess work”" in text
    assert "moves in the direction opposite to the gradient" in text


def test_optimizers_page_shows_each_raced_rule(app):
    open_page(app, "views/optimizers.py")
    assert "Show the Python" in [e.label for e in app.expander] and not _python_blocks(app)
    assert len(_downloads(app)) == 1  # the file, even while the code is folded
    app.session_state["optimizer_code_download_open"] = True  # the student opens it
    app.run()
    assert "def do_gradient_descent() :" in _code(app)
    app.selectbox(key="code_method").set_value(1).run()  # momentum, the second raced
    code = _code(app)
    assert "def do_momentum() :" in code and "gamma = 0.9" in code
    assert "update_w = gamma * update_w + eta_t(t) * dw" in code
    assert len(_downloads(app)) == 1
    app.button(key="preset_Stochastic jitter").click().run()
    app.selectbox(key="code_method").set_value(1).run()
    code = _code(app)
    assert "rng.permutation(len(X))" in code and "batch_size = 1" in code
    assert not app.exception


def test_optimizers_status_says_what_converged_means(app):
    open_page(app, "views/optimizers.py")
    statuses = list(app.table[0].value["status"])
    assert statuses[0] == "converged (L < 1e-05)"


def test_big_data_abbreviates_the_code_and_the_derivation(app):
    xs = tuple(float(v) for v in range(-150, 150))
    app.session_state["data_x"] = tuple(v / 75 for v in xs)
    app.session_state["data_y"] = tuple(0.1 + 0.8 * (v + 150) / 300 for v in xs)
    app.run()
    assert not app.exception
    assert "288 more in the download" in _code(app)
    open_page(app, "views/taylor.py")
    assert len(app.dataframe[0].value) == 10
    assert any("the table shows the first 10 of 300" in m.value for m in app.markdown)
