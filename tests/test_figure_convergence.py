"""The convergence-map figure: pure, arrays in, figure out."""

import numpy as np
import pytest

import gd_core
from gd_core.figures.background import background
from gd_core.figures.convergence import CELL_NAME, click_traces, convergence_figure
from gd_core.maps import ConvergenceMap, convergence_map

LECTURE = gd_core.SigmoidNeuron.lecture()


@pytest.fixture(scope="module")
def maps():
    one = convergence_map(LECTURE, resolution=30, settings={"learning_rate": 1.0}, epochs=300)
    ten = convergence_map(LECTURE, resolution=30, settings={"learning_rate": 10.0}, epochs=300)
    return one, ten


@pytest.fixture(scope="module")
def bg():
    return background(gd_core.loss_surface(LECTURE, resolution=60))


def test_every_cell_is_hoverable_and_clickable_once(maps, bg):
    fig = convergence_figure(maps[:1], ["η = 1"], bg, start=(-2.0, -2.0))
    cells = [fig.data[k] for k in click_traces(fig)]
    assert sum(len(t.x) for t in cells) == 30 * 30
    assert all(t.type == "scattergl" and t.name == CELL_NAME for t in cells)
    assert all(t.marker.opacity == 0 and t.hoverinfo != "skip" for t in cells)


def test_legend_names_counts_and_shares(maps, bg):
    fig = convergence_figure(maps[:1], ["η = 1"], bg)
    names = [t.name for t in fig.data if t.showlegend]
    counts = maps[0].counts()
    assert len(names) == 4
    for name, (status, count) in zip(names, counts.items(), strict=True):
        assert f"{count:,} ({100 * count / 900:.1f} %)" in name, (status, name)


def test_two_maps_share_one_epoch_scale_and_have_a_legend_each(maps, bg):
    fig = convergence_figure(list(maps), ["η = 1", "η = 10"], bg)
    epochs = [t for t in fig.data if t.type == "heatmap" and t.name == "epochs to tolerance"]
    assert len(epochs) == 2 and epochs[0].zmax == epochs[1].zmax
    assert epochs[0].zmax == pytest.approx(np.log10(max(m.epochs.max() for m in maps)))
    assert [t.showscale for t in epochs] == [True, False]
    assert fig.layout.legend2 is not None and fig.layout.xaxis2.range is not None
    stacked = convergence_figure(list(maps), ["η = 1", "η = 10"], bg, stacked=True)
    assert stacked.layout.xaxis.domain == stacked.layout.xaxis2.domain  # one column


def test_cells_coloured_once_each(maps, bg):
    fig = convergence_figure(maps[:1], ["η = 1"], bg)
    epochs, codes = (np.asarray(t.z, dtype=float) for t in fig.data if t.type == "heatmap")
    assert np.all(np.isfinite(epochs) ^ np.isfinite(codes))  # a colour per cell, never two
    assert np.isfinite(epochs).sum() == maps[0].counts()["converged"]


def test_bad_input(maps, bg):
    with pytest.raises(ValueError, match="one or two maps"):
        convergence_figure(list(maps) * 2, ["a", "b", "c", "d"], bg)
    empty: list[ConvergenceMap] = []
    with pytest.raises(ValueError, match="one or two maps"):
        convergence_figure(empty, [], bg)
