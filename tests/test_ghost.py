"""What the chart's ghost paths are told (ui/ghost.py): the data as exact
doubles, each run's method and checked settings, and a line for every run
the browser cannot draw, and why."""

from __future__ import annotations

import json

import numpy as np
import pytest
from app_helpers import chart_elements, decode, new_app

from ui import ghost


def test_engine_data_keeps_every_bit_and_stops_at_the_frame_limit():
    x = np.array([0.1, 1 / 3, -2.5e-7])
    data = ghost.engine_data(x, [0.2, 0.9, 0.5], "cross_entropy")
    back = json.loads(json.dumps(data))
    assert np.array_equal(np.array(back["x"]), x) and back["loss"] == "cross_entropy"
    big = ghost.engine_data(np.zeros(2001), np.zeros(2001), "squared_error")
    assert big == {"points": 2001, "loss": "squared_error"}


def test_method_fills_defaults_checks_ranges_and_names_what_it_cannot_run():
    adam = ghost.method("adam", {"learning_rate": 0.2})
    assert adam["settings"] == {"learning_rate": 0.2, "decay": 0.5, "every": 100, "beta1": 0.9,
                                "beta2": 0.999, "eps": 1e-8, "schedule": "constant"}  # fmt: skip
    with pytest.raises(ValueError, match="momentum γ"):
        ghost.method("momentum", {"gamma": 1.5})
    assert "reshuffled" in ghost.method("stochastic", {"batch_size": 1})["none"]
    assert "Newton's method" in ghost.method("newton", {})["none"]


def test_payload_says_why_there_is_no_ghost():
    runs = [ghost.descent(1.0), None, ghost.method("line_search", {})]
    ok = ghost.ghost_payload(runs, 1000, 2)
    assert ok["runs"][0] == ghost.descent(1.0) and ok["runs"][1:] == [None, None]
    assert ok["notes"] == ["No path under the pointer for Backtracking line search: "
                           "its trial steps are not in the browser's engine."]  # fmt: skip
    many = ghost.ghost_payload(runs, 1000, 5000)
    assert many["runs"] == [None, None, None] and "5,000 points" in many["notes"][-1]
    heavy = ghost.ghost_payload([ghost.descent(1.0)] * 4, 1000, 1000)
    assert heavy["runs"] == [None] * 4 and "1,000 epochs × 4 runs" in heavy["notes"][-1]


def test_the_explorer_sends_the_ghost_with_its_runs_and_the_data_with_the_layers():
    layers, chart = (decode(e.bytes) for e in chart_elements(new_app(), "explorer"))
    assert layers["engine"] == {"points": 2, "loss": "squared_error", "x": [0.5, 2.5],
                                "y": [0.2, 0.9]}  # fmt: skip
    assert chart["ghost"]["runs"] == [ghost.descent(1.0), None]
    assert chart["ghost"]["epochs"] == 1000
