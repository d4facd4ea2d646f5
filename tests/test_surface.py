import tracemalloc

import numpy as np
import pytest

import lecture_reference as lec
from gd_core import SigmoidNeuron, gradient_field, loss_surface

LECTURE = SigmoidNeuron.lecture()


def test_default_is_the_slide_square():
    surface = loss_surface(LECTURE)
    assert surface.w[0] == -6 and surface.w[-1] == 6
    assert surface.b[0] == -6 and surface.b[-1] == 6
    assert surface.loss.shape == (surface.b.size, surface.w.size)


def test_surface_equals_lecture_error_on_sampled_points():
    surface = loss_surface(LECTURE, (-6, 6), (-5, 4), resolution=(301, 201))
    assert surface.loss.shape == (201, 301)
    rng = np.random.default_rng(0)
    for i, j in zip(rng.integers(0, 201, 40), rng.integers(0, 301, 40)):
        assert surface.loss[i, j] == pytest.approx(lec.error(surface.w[j], surface.b[i]), rel=1e-12)


def test_surface_blocks_cover_every_row():
    # 1000 columns: many row blocks; the last block is partial.
    surface = loss_surface(LECTURE, resolution=(1000, 997))
    np.testing.assert_allclose(surface.loss[-1], LECTURE.loss(surface.w, surface.b[-1]), rtol=1e-13)
    assert np.isfinite(surface.loss).all()


def test_argmin_near_the_zero_loss_point():
    surface = loss_surface(LECTURE, resolution=481)
    w, b = surface.argmin
    assert abs(w - np.log(6)) < 0.1 and abs(b - (-2.282174)) < 0.1


def test_gradient_field_matches_grad():
    field = gradient_field(LECTURE, resolution=9)
    dw, db = LECTURE.grad(field.w[3], field.b[5])
    assert field.dw[5, 3] == pytest.approx(float(dw)) and field.db[5, 3] == pytest.approx(float(db))


def test_surface_memory_is_bounded_for_many_points():
    rng = np.random.default_rng(0)
    many = SigmoidNeuron(rng.normal(size=20_000), rng.random(20_000))
    tracemalloc.start()
    surface = loss_surface(many, resolution=60)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert surface.loss.shape == (60, 60)
    # A (grid × points) array would be 3600 × 20000 × 8 B = 576 MB.
    assert peak - surface.loss.nbytes < 64 * 2**20


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"resolution": 1}, "resolution must be a whole number from 2 to 2,000"),
        ({"resolution": 2001}, "resolution must be a whole number from 2 to 2,000"),
        ({"resolution": 10.5}, "resolution"),
        ({"w_range": (3, 3)}, "w range must have min < max"),
        ({"b_range": (4, -4)}, "b range must have min < max"),
        ({"w_range": (-np.inf, 1)}, "w range min must be a finite number"),
        ({"b_range": (0, np.nan)}, "b range max must be a finite number"),
        ({"w_range": 5}, "w range must be a pair"),
        ({"w_range": (-1e300, 1e300)}, "w range must lie within ±1,000,000"),
    ],
)
def test_bad_surface_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        loss_surface(LECTURE, **kwargs)


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
@pytest.mark.parametrize("resolution", [2, 9, 40, 150])
def test_binned_surface_equals_the_exact_sum(loss, resolution, monkeypatch):
    rng = np.random.default_rng(5)
    x = rng.normal(0, 2, 2500)
    y = rng.random(2500) if loss == "squared_error" else (rng.random(2500) > 0.4) * 1.0
    many = SigmoidNeuron(x, y, loss=loss)
    fast = loss_surface(many, (-6, 6), (-5, 3), resolution=resolution)
    monkeypatch.setattr("gd_core.surface.BINNED_MIN_POINTS", 10**9)
    exact = loss_surface(many, (-6, 6), (-5, 3), resolution=resolution)
    np.testing.assert_allclose(fast.loss, exact.loss, rtol=1e-8)


def test_100k_point_surface_memory_is_bounded():
    rng = np.random.default_rng(0)
    many = SigmoidNeuron(rng.normal(0, 2, 100_000), rng.random(100_000))
    tracemalloc.start()
    surface = loss_surface(many, resolution=200)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert np.isfinite(surface.loss).all()
    assert peak - surface.loss.nbytes < 64 * 2**20
