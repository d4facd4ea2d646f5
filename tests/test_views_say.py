"""Issue 26: what the views show and say — one colour per meaning, the
plateau wording, the off-view mark, the 3D camera, guess work explained,
the phone's verdict table, axes and digits, the lecture against the map.
Unit tests and AppTest; what only a browser shows is in
``test_browser_views.py``."""

import math
import re
from pathlib import Path

import numpy as np
import pytest
from app_helpers import chart_payload, new_app, open_page, text

import gd_core
from gd_core.figures import camera as cam
from gd_core.figures.background import background
from gd_core.figures.palette import DESCENT, SEARCH, eta_colour, method_colours
from gd_core.figures.payload import RunSpec, layers_payload, runs_payload
from gd_core.figures.rows import epoch_rows
from gd_core.offview import leaves_view
from ui.notes import LECTURE_ANYWHERE, guess_work_lead

ROOT = Path(__file__).resolve().parents[1]
LECTURE = gd_core.SigmoidNeuron.lecture()
VIEW = ((-6.0, 6.0), (-6.0, 6.0))


@pytest.fixture(scope="module")
def surface():
    return gd_core.loss_surface(LECTURE, *VIEW, 150)


# --- 2. one colour per meaning ---------------------------------------------------


def test_a_colour_depends_on_the_eta_not_on_its_place_in_the_list():
    assert eta_colour(1.0) == DESCENT  # the lecture's η is descent's red
    colours = [eta_colour(e) for e in (0.001, 0.01, 0.1, 1, 2, 10, 50, 100, 1000, 1e4)]
    assert SEARCH not in colours  # no η is guess work's orange
    assert len(set(colours[:-1])) == len(colours) - 1  # distinct up to 1000 (then white)
    assert method_colours(["gradient_descent", "momentum"])[0] == DESCENT
    # A method raced twice keeps its hue, darker; the first keeps the table's colour.
    twice = method_colours(["momentum", "momentum"])
    assert twice[0] == method_colours(["momentum"])[0] != twice[1]


def _colours(at, key: str) -> dict[str, str]:
    return {r["label"]: r["colour"] for r in chart_payload(at, key)["runs"]}


def test_a_runs_colour_is_the_same_on_every_page():
    """η = 1 is descent's colour on the Error surface, on Compare η and in the
    Optimizers race; typing "10, 50" does not recolour η = 10."""
    at = new_app()
    explorer = _colours(at, "explorer")
    assert explorer["gradient descent (η = 1)"] == DESCENT
    assert explorer["random search"] == SEARCH
    open_page(at, "views/compare_eta.py")
    four = _colours(at, "multiples")
    assert four["η = 1"] == DESCENT and four["η = 10"] == eta_colour(10.0)
    at.text_input(key="eta_list").set_value("10, 50").run()
    two = _colours(at, "multiples")
    assert two == {"η = 10": four["η = 10"], "η = 50": four["η = 50"]}
    open_page(at, "views/optimizers.py")
    race = _colours(at, "race")
    assert race["Gradient descent (η = 1)"] == DESCENT


def test_the_chart_component_keeps_no_copy_of_the_theme(surface):
    """Font, axes, camera and run colours reach the browser with the data."""
    js = "".join(p.read_text() for p in (ROOT / "ui" / "chart_component").glob("*.js"))
    assert "eye:" not in js and "#ff3355" not in js and "#ff9f1c" not in js
    layers = layers_payload(surface, background(surface), optimum=LECTURE.zero_loss_point())
    assert {"font", "axis", "camera", "zticks"} <= set(layers)
    assert layers["camera"] == cam.camera(surface, [LECTURE.zero_loss_point()])


# --- 3. the plateau wording (test_words.py holds the wording itself) ------------------


def test_the_plateau_from_minus5_5_at_eta_1_does_not_say_jumps_on_the_page():
    at = new_app()
    at.number_input(key="w0").set_value(-5.0).run()
    at.number_input(key="b0").set_value(5.0).run()
    words = text(at)
    assert "Stuck on a plateau: descent slid downhill (its largest step ‖Δθ‖ = 0.117" in words
    assert "jump" not in words.split("Stuck on a plateau")[1].split("\n")[0]


# --- 4. the off-view mark ----------------------------------------------------------


def test_a_run_that_leaves_the_view_carries_the_mark_and_the_words():
    run = gd_core.gradient_descent(LECTURE, (-2.0, -2.0), 50.0, 1000)
    off = leaves_view(run, epoch_rows(run), *VIEW)
    assert off is not None and not off.end_inside
    assert off.end == pytest.approx((16.356, 2.679), abs=1e-3)
    assert 6.0 - 0.36 <= off.border[0] < 6.0  # just inside the right edge (3 % of the view)
    assert -6 <= off.border[1] <= 6 and abs(off.angle) < 90  # heading right
    lecture = gd_core.gradient_descent(LECTURE, (-2.0, -2.0), 1.0, 1000)
    assert leaves_view(lecture, epoch_rows(lecture), *VIEW) is None
    payload = runs_payload("compare", "r", [RunSpec(run, "η = 50", eta_colour(50)),
                                            RunSpec(lecture, "η = 1", DESCENT)],
                           start=(-2.0, -2.0), view=VIEW)  # fmt: skip
    mark, none = (r["off_view"] for r in payload["runs"])
    assert none is None and mark["epoch"] == off.epoch and mark["end"] == list(off.end)
    at = new_app()
    at.number_input(key="eta").set_value(50.0).run()
    caption = " ".join(c.value for c in at.caption)
    assert f"leaves the view at epoch {off.epoch}" in caption
    assert "ends at (w, b) = (16.36, 2.679), outside the view (±6)" in caption
    assert "Widen the view in the sidebar (**View**)" in caption  # this page has it


# --- 5. the 3D camera ---------------------------------------------------------------


def test_the_camera_shows_the_valley_and_the_zero_loss_point(surface):
    optimum = np.array([LECTURE.zero_loss_point()])
    home = cam.HOME
    # The old fixed corner hid ◇ and three quarters of the valley behind the fold.
    assert cam.visible_share(surface, optimum, *home) == 0.0
    assert cam.visible_share(surface, cam.valley_points(surface), *home) < 0.5
    eye = cam.camera(surface, optimum)["eye"]
    az, el = math.atan2(eye["y"], eye["x"]), math.asin(eye["z"] / math.hypot(*eye.values()))
    assert cam.visible_share(surface, optimum, az, el) == 1.0
    assert cam.visible_share(surface, cam.valley_points(surface), az, el) >= 0.9


def test_no_L_tick_at_the_floor_where_the_b_axis_labels_are():
    ticks = cam.z_ticks(0.0, 0.7)
    assert ticks == [0.2, 0.4, 0.6]
    assert 0.0 not in cam.z_ticks(0.0, 1.3)


# --- 1 and 6. guess work explained; sample mode's points ----------------------------


def test_guess_work_is_explained_with_the_runs_own_numbers():
    at = new_app()
    descent = gd_core.gradient_descent(LECTURE, (-2.0, -2.0), 1.0, 1000)
    search = gd_core.random_search(LECTURE, 1001, seed=0, start=(-2.0, -2.0))
    first, last = guess_work_lead(descent, search)
    words = text(at)
    assert f"From epoch {first} to {last} guess work has the lower loss" in words
    assert (first, last) == (2, 153)  # the count, from the core
    g0 = float(np.hypot(*LECTURE.grad(-2.0, -2.0)))
    assert f"‖∇L(θ₀)‖ = {g0:.2g}" in words and f"{g0:.2g}" == "0.0095"
    assert re.search(r"\| L < 1e-05 \| 380 \| — \|", words)  # descent reaches it, guessing not
    assert "In **sample** mode guess work ignores the start" in words
    at.selectbox(key="search_mode").set_value("walk").run()
    assert "ignores the start" not in text(at)


def test_sample_mode_sends_its_guesses_as_points_walk_mode_a_path():
    at = new_app()
    search = chart_payload(at, "explorer")["runs"][1]
    assert search["samples"] is not None and search["samples"]["epoch"][0] == 0
    kept = search["samples"]["epoch"]
    assert kept == sorted(kept) and len(kept) < 40  # the guesses that beat every earlier one
    assert chart_payload(at, "explorer")["runs"][0]["samples"] is None  # descent: a path
    at.selectbox(key="search_mode").set_value("walk").run()
    assert chart_payload(at, "explorer")["runs"][1]["samples"] is None


# --- 7. the phone's verdict table (its width in the browser test) -------------------


def test_the_verdict_table_is_a_plain_table_with_short_headers():
    at = open_page(new_app(), "views/compare_eta.py")
    assert len(at.dataframe) == 0 and len(at.table) == 1
    headers = list(at.table[0].value.columns)
    assert "epochs to tolerance" not in headers and all(len(h) <= 18 for h in headers)


# --- 8. axes and digits -------------------------------------------------------------


def test_axes_read_powers_of_ten_not_si_prefixes():
    from gd_core.figures.taylor import cosine_figure

    betas = np.linspace(0, 360, 13)
    fig = cosine_figure(betas, -1e-4 * np.cos(np.radians(betas)), -1e-4 * np.cos(betas), 90)
    assert fig.layout.template.layout.yaxis.exponentformat == "power"
    assert fig.layout.template.layout.xaxis.exponentformat == "power"


def test_the_tolerance_line_is_labelled():
    from gd_core.figures.parts import tolerance_line

    line = tolerance_line(1e-5, 1000)
    assert line["text"][-1] == "tolerance 1e-05" and "text" in line["mode"]


# --- 9. the lecture against the map -------------------------------------------------


def test_the_map_page_says_where_it_and_the_lecture_disagree():
    at = open_page(new_app(), "views/convergence_map.py")
    info = " ".join(i.value for i in at.info)
    assert LECTURE_ANYWHERE in info and "This map disagrees" in info
    stuck = re.search(r"stuck on a plateau from (\d+) %", text(at)).group(1)
    assert f"descent stops on a plateau from {stuck} % of the starts" in info
    assert int(stuck) > 0
