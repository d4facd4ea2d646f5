import numpy as np
import pytest

from gd_core import SigmoidNeuron, gradient_descent, learning_rate_sweep

LECTURE = SigmoidNeuron.lecture()


@pytest.fixture(scope="module")
def sweep():
    return learning_rate_sweep(LECTURE, (-2.0, -2.0), 1000)


def test_default_sweep_is_200_log_spaced_rates(sweep):
    etas = sweep.learning_rates
    assert etas.size == 200 and etas[0] == pytest.approx(1e-3) and etas[-1] == pytest.approx(1e3)
    assert np.allclose(np.diff(np.log10(etas)), np.log10(etas[1] / etas[0]))


def test_sweep_equals_one_by_one_at_sampled_rates(sweep):
    # Sampled across the non-chaotic part of the sweep (η ≤ ~20); beyond it a
    # 1-ulp difference between NumPy's and libm's exp grows (see test_batch).
    for k in range(0, 150, 10):
        single = gradient_descent(LECTURE, (-2.0, -2.0), sweep.learning_rates[k], 1000)
        assert sweep.status[k] == single.status
        assert sweep.converged_at[k] == (
            single.converged_at if single.converged_at is not None else -1
        )
        assert sweep.final_loss[k] == pytest.approx(single.final_loss, rel=1e-9, abs=1e-300)


def test_fastest_and_edge(sweep):
    converged = sweep.converged_at >= 0
    best = np.argmin(np.where(converged, sweep.converged_at, 10**9))
    assert sweep.fastest == sweep.learning_rates[best]
    assert 5 < sweep.fastest < 30  # larger η is faster, up to a point
    assert sweep.edge is not None and sweep.edge > sweep.fastest
    edge = int(np.searchsorted(sweep.learning_rates, sweep.edge))
    assert sweep.status[edge] != "converged"
    assert np.all(converged[best:edge])


def test_the_lectures_four_rates_in_the_sweep():
    sweep = learning_rate_sweep(LECTURE, (-2, -2), 1000, [50.0, 0.1, 10.0, 1.0])
    assert sweep.learning_rates.tolist() == [0.1, 1.0, 10.0, 50.0]
    assert sweep.status.tolist() == ["max_epochs", "converged", "converged", "plateau"]


def test_bad_start():
    with pytest.raises(ValueError, match="start w0 must be a finite number"):
        learning_rate_sweep(LECTURE, (np.nan, 0.0))


@pytest.mark.parametrize("start", [(-2.0, -2.0), (-4.0, -3.0), (6.0, 6.0)])
def test_the_sweep_figure_is_valid_plotly(start):
    """sweep_figure skips Plotly's validation (rebuilt on every rerun): here
    Plotly validates every property, and the spec is what it sends as is."""
    import json

    import plotly.graph_objects as go

    from gd_core.figures.compare import sweep_figure

    figure = sweep_figure(learning_rate_sweep(SigmoidNeuron.lecture(), start), [0.1, 1.0, 50.0])
    validated = go.Figure(figure.to_dict())  # raises on an unknown or invalid property
    assert json.loads(validated.to_json()) == json.loads(figure.to_json())
    assert len(validated.data) >= 2 and validated.layout.xaxis2.type == "log"


def test_an_unvalidated_figure_resolves_a_template_name_as_plotly_would():
    import json

    import plotly.graph_objects as go

    from gd_core.figures.compare import unvalidated

    data = [{"type": "scatter", "x": [1, 2], "y": [3, 4]}]
    layout = {"template": "plotly_white", "height": 300}
    figure = unvalidated(data, layout)
    validated = go.Figure(data=data, layout=layout)
    assert json.loads(figure.to_json()) == json.loads(validated.to_json())
    assert layout["template"] == "plotly_white"  # the caller's layout is left as it was
