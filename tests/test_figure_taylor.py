"""The Why the gradient? figures draw the Taylor pieces they name: arrows
along ∇L, −∇L and u at β, the curves they are given, the tangent plane
through L(θ) with slope ∇L."""

from __future__ import annotations

import numpy as np
import pytest

import gd_core
from gd_core.figures.background import background
from gd_core.figures.parts import CLICK_NAME
from gd_core.figures.taylor import cosine_figure, directions_figure, step_figure, tangent_figure
from gd_core.taylor import directional_changes, eta_range, local, step_curve

LECTURE = gd_core.SigmoidNeuron.lecture()
THETA = (0.5, 1.0)


@pytest.fixture(scope="module")
def setting():
    surface = gd_core.loss_surface(LECTURE, resolution=60)
    return surface, background(surface), local(LECTURE, THETA)


def _arrow(trace) -> np.ndarray:
    """The direction (unit) of a one-arrow trace: tail → tip."""
    x, y = trace["x"], trace["y"]
    d = np.array([x[1] - x[0], y[1] - y[0]], dtype=float)
    return d / np.linalg.norm(d)


def test_directions_arrows_point_along_the_gradient_and_u(setting):
    _, bg, at = setting
    betas = np.arange(0.0, 360.0, 45.0)
    _, changes = directional_changes(LECTURE, at, 1.0, betas)
    fig = directions_figure(bg, (-6, 6), (-6, 6), at, 120.0, (betas, changes))
    traces = {t.name: t for t in fig.data}
    g_hat = at.grad / np.linalg.norm(at.grad)
    np.testing.assert_allclose(_arrow(traces["∇L"]), g_hat, atol=1e-12)
    np.testing.assert_allclose(_arrow(traces["−∇L"]), -g_hat, atol=1e-12)
    turn = np.radians(120.0)  # u: ∇L turned by β, counter-clockwise
    rotated = [g_hat[0] * np.cos(turn) - g_hat[1] * np.sin(turn),
               g_hat[0] * np.sin(turn) + g_hat[1] * np.cos(turn)]  # fmt: skip
    np.testing.assert_allclose(_arrow(traces["u at β = 120°"]), rotated, atol=1e-12)
    sampled = [t for t in fig.data if t.name == "sampled u"]
    assert len(sampled) == betas.size
    # Red where the step raises L, blue where it lowers it.
    for trace, change in zip(sampled, changes):
        assert trace.line.color.startswith("rgba(211,47,47" if change > 0 else "rgba(21,101,192")
    # One legend entry per kind; the click layer covers the whole view, unlisted.
    listed = [t.name for t in fig.data if t.showlegend]
    assert len(listed) == len(set(listed)) and CLICK_NAME not in listed
    click = traces[CLICK_NAME]
    assert min(click.x) == -6 and max(click.x) == 6 and max(click.y) == 6
    # The window: a quarter of the view each way around θ.
    assert list(fig.layout.xaxis.range) == [THETA[0] - 3, THETA[0] + 3]
    assert list(fig.layout.yaxis.range) == [THETA[1] - 3, THETA[1] + 3]


def test_directions_at_a_flat_point_draw_no_arrows(setting):
    _, bg, _ = setting
    flat = local(LECTURE, (30.0, 30.0))
    assert not flat.direction_defined
    fig = directions_figure(bg, (-6, 6), (-6, 6), flat, 180.0, (np.zeros(0), np.zeros(0)))
    assert {"∇L", "−∇L", "sampled u"}.isdisjoint(t.name for t in fig.data)
    assert sum(t.name.startswith("eigenvector") for t in fig.data) == 2


def test_cosine_figure_draws_the_given_curves_and_marks_beta(setting):
    _, _, at = setting
    betas = np.linspace(0.0, 360.0, 361)
    first, actual = directional_changes(LECTURE, at, 1.0, betas)
    fig = cosine_figure(betas, first, actual, 75.0)
    np.testing.assert_array_equal(fig.data[0].y, first)
    np.testing.assert_array_equal(fig.data[1].y, actual)
    assert int(np.argmin(first)) == 180  # η k cos β is lowest opposite the gradient
    assert [s.x0 for s in fig.layout.shapes] == [75.0]
    assert fig.layout.annotations[0].x == 180


def test_step_figure_marks_where_each_approximation_departs(setting):
    _, _, at = setting
    curve = step_curve(LECTURE, at, eta_range(at, 1.0, 12.0))
    fig = step_figure(curve, 1.0)
    assert [t.name for t in fig.data] == [
        "L(θ − η∇L) (actual)", "first order (tangent)", "second order (Hessian)"
    ]  # fmt: skip
    np.testing.assert_array_equal(fig.data[0].x, curve.etas)
    departs = [v for v in (curve.first_departs, curve.second_departs) if v is not None]
    assert [s.x0 for s in fig.layout.shapes] == [*departs, 1.0]
    assert fig.layout.xaxis.type == "log"


@pytest.mark.parametrize("quadric", [False, True])
def test_tangent_plane_touches_the_surface_at_theta_with_slope_grad(setting, quadric):
    surface, bg, at = setting
    fig = tangent_figure(surface, bg, at, quadric=quadric)
    names = [t.name for t in fig.data]
    assert names == ["L(w, b)", "tangent plane", *(["second-order quadric"] * quadric), "θ"]
    plane = fig.data[1]
    w, b, z = (np.asarray(v, dtype=float) for v in (plane.x, plane.y, plane.z))
    centre = z.shape[0] // 2
    assert (w[centre, centre], b[centre, centre]) == pytest.approx(THETA)
    assert z[centre, centre] == pytest.approx(at.loss)
    expected = at.loss + at.grad[0] * (w - THETA[0]) + at.grad[1] * (b - THETA[1])
    np.testing.assert_allclose(z, expected, rtol=1e-12, atol=1e-15)
    assert fig.layout.scene.zaxis.range[1] == pytest.approx(1.3 * surface.loss.max())
