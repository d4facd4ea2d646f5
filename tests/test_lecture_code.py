"""The lecture's code, generated: it runs in a fresh interpreter (only NumPy)
and prints the app's final w, b and loss to 1e−9."""

import subprocess
import sys

import numpy as np
import pytest

import gd_core
from gd_core.datasets import PRESETS
from gd_core.lecture_code import descent_program, number
from gd_core.methods import METHODS
from gd_core.optimizer_code import optimizer_program, writable
from gd_core.runs.one import run_method
from lecture_reference import do_gradient_descent

LECTURE_X, LECTURE_Y = [0.5, 2.5], [0.2, 0.9]


def _run(program: str, tmp_path) -> dict[str, float]:
    """Run ``program`` as a file in a fresh, isolated Python (-I: no
    PYTHONPATH, no user site, so the app's modules are out of reach)."""
    path = tmp_path / "generated.py"
    path.write_text(program, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-I", str(path)], capture_output=True, text=True, cwd=tmp_path,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(" = ") for line in done.stdout.strip().splitlines())
    return {name: float(value) for name, value in lines.items()}


def _assert_prints_the_run(printed: dict[str, float], run: gd_core.Trajectory) -> None:
    w, b = run.final_params
    assert printed["w"] == pytest.approx(w, abs=1e-9)
    assert printed["b"] == pytest.approx(b, abs=1e-9)
    assert printed["loss"] == pytest.approx(run.final_loss, abs=1e-9)


def test_the_slides_program_with_the_lectures_settings(tmp_path):
    program = descent_program(LECTURE_X, LECTURE_Y, "squared_error", (-2.0, -2.0), 1.0, 1000)
    for line in ("def f(w,b,x) : #sigmoid with parameters w,b", "def error(w, b) :",
                 "def grad_b(w,b,x,y) :", "def grad_w(w,b,x,y) :", "def do_gradient_descent() :",
                 "    w, b, eta, max_epochs = -2, -2, 1.0, 1000", "X = [0.5, 2.5]"):  # fmt: skip
        assert line in program
    printed = _run(program, tmp_path)
    run = gd_core.gradient_descent(gd_core.SigmoidNeuron.lecture(), (-2.0, -2.0), 1.0, 1000)
    _assert_prints_the_run(printed, run)
    w, b = do_gradient_descent()[-1]  # and the slide's own loop, verbatim
    assert printed["w"] == pytest.approx(w, abs=1e-12)
    assert printed["b"] == pytest.approx(b, abs=1e-12)
    assert printed["w"] == pytest.approx(1.791720, abs=1e-6)


@pytest.mark.parametrize(
    "preset, loss, start, eta, epochs",
    [
        ("Five noisy points along a sigmoid", "squared_error", (0.37, -1.25), 2.5, 400),
        ("Five noisy points along a sigmoid", "cross_entropy", (1.0, 1.0), 0.3, 300),
        ("The lecture's two points", "cross_entropy", (-2.0, -2.0), 1.0, 500),
    ],
)
def test_the_slides_program_with_other_settings(tmp_path, preset, loss, start, eta, epochs):
    data = PRESETS[preset]
    program = descent_program(data.x, data.y, loss, start, eta, epochs)
    run = gd_core.gradient_descent(gd_core.SigmoidNeuron(data.x, data.y, loss=loss), start, eta,
                                   epochs)  # fmt: skip
    _assert_prints_the_run(_run(program, tmp_path), run)


def test_on_screen_copy_abbreviates_big_data():
    x = np.linspace(-1, 1, 500).tolist()
    y = np.linspace(0.1, 0.9, 500).tolist()
    shown = descent_program(x, y, "squared_error", (0, 0), 1, 10, shown_points=12)
    full = descent_program(x, y, "squared_error", (0, 0), 1, 10)
    assert "488 more in the download" in shown and len(shown) < len(full) / 5
    assert "..." not in full


def test_numbers_read_back_exactly():
    for value in (-2.0, 1.0, 0.1, 1e-7, 1 / 3, -1234567.0):
        assert float(number(value)) == value
    assert number(-2.0) == "-2" and number(1.5) == "1.5"


def test_bad_settings_name_the_field():
    with pytest.raises(ValueError, match="learning rate η"):
        descent_program(LECTURE_X, LECTURE_Y, "squared_error", (0, 0), 0.0, 10)
    with pytest.raises(ValueError, match="epochs"):
        descent_program(LECTURE_X, LECTURE_Y, "squared_error", (0, 0), 1.0, 0)
    with pytest.raises(ValueError, match="loss must be one of"):
        descent_program(LECTURE_X, LECTURE_Y, "hinge", (0, 0), 1.0, 10)
    with pytest.raises(ValueError, match="method must be one of"):
        optimizer_program(LECTURE_X, LECTURE_Y, "squared_error", "sgd", {}, (0, 0), 10)
    with pytest.raises(ValueError, match="momentum γ"):
        optimizer_program(LECTURE_X, LECTURE_Y, "squared_error", "momentum", {"gamma": 2.0},
                          (0, 0), 10)  # fmt: skip


# Settings that exercise each rule (and every schedule) without diverging.
METHOD_SETTINGS = {
    "gradient_descent": {"learning_rate": 1.0},
    "momentum": {"learning_rate": 1.0, "gamma": 0.9},
    "nesterov": {"learning_rate": 2.0, "gamma": 0.9},
    "stochastic": {"learning_rate": 3.0, "batch_size": 1},
    "adagrad": {"learning_rate": 0.5, "schedule": "exponential", "decay": 0.001},
    "rmsprop": {"learning_rate": 0.05},
    "adam": {"learning_rate": 0.1, "schedule": "step", "decay": 0.5, "every": 100},
    "line_search": {},
    "newton": {"schedule": "inverse_time", "decay": 0.01},
}


def test_every_registered_method_can_be_written():
    assert set(METHOD_SETTINGS) == set(METHODS)
    assert all(writable(name) for name in METHODS)


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
@pytest.mark.parametrize("method", sorted(METHOD_SETTINGS))
def test_each_methods_program_prints_the_apps_run(tmp_path, method, loss):
    x, y = [0.5, 2.5, 1.0], [0.2, 0.9, 0.5]
    settings = METHOD_SETTINGS[method]
    run = run_method(gd_core.SigmoidNeuron(x, y, loss=loss), method, settings, (-2.0, -2.0), 300)
    assert run.status != "diverged"
    program = optimizer_program(x, y, loss, method, settings, (-2.0, -2.0), 300)
    _assert_prints_the_run(_run(program, tmp_path), run)


def test_the_stochastic_program_with_mini_batches_of_two(tmp_path):
    data = PRESETS["Five noisy points along a sigmoid"]
    settings = {"learning_rate": 1.0, "batch_size": 2}
    run = run_method(gd_core.SigmoidNeuron(data.x, data.y), "stochastic", settings, (0, 0), 200)
    program = optimizer_program(data.x, data.y, "squared_error", "stochastic", settings, (0, 0),
                                200)  # fmt: skip
    assert "rng.permutation(len(X))" in program
    _assert_prints_the_run(_run(program, tmp_path), run)
