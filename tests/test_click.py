import math

from ui.click import selection_signature, start_from_selection

VIEW = (-6.0, 6.0)


def _selection(*points):
    return {"selection": {"points": list(points), "box": [], "lasso": []}}


def test_takes_the_first_point_on_the_contour_rounded():
    sel = _selection(
        {"x": 400.0, "y": 0.1, "curve_number": 12},
        {"x": 1.0500001, "y": -2.9999, "curve_number": 9},
    )
    assert start_from_selection(sel, [4, 9], VIEW, VIEW) == (1.05, -3.0)


def test_ignores_empty_foreign_and_out_of_view_points():
    assert start_from_selection(None, [9], VIEW, VIEW) is None
    assert start_from_selection({}, [9], VIEW, VIEW) is None
    assert start_from_selection(_selection(), [9], VIEW, VIEW) is None
    assert (
        start_from_selection(_selection({"x": 1, "y": 1, "curve_number": 3}), [9], VIEW, VIEW)
        is None
    )
    assert (
        start_from_selection(_selection({"x": 7, "y": 1, "curve_number": 9}), [9], VIEW, VIEW)
        is None
    )
    assert (
        start_from_selection(_selection({"x": "a", "y": 1, "curve_number": 9}), [9], VIEW, VIEW)
        is None
    )
    assert (
        start_from_selection(
            _selection({"x": float("nan"), "y": 1, "curve_number": 9}), [9], VIEW, VIEW
        )
        is None
    )


def test_negative_zero_reads_as_zero():
    w, _ = start_from_selection(
        _selection({"x": -0.001, "y": 0.0, "curve_number": 9}), [9], VIEW, VIEW
    )
    assert str(w) == "0.0"


def test_signature_tells_clicks_apart():
    assert selection_signature(None) == ()
    assert selection_signature(_selection({"x": 1, "y": 2})) == ((1, 2),)
    assert selection_signature(_selection({"x": 1, "y": 2})) != selection_signature(
        _selection({"x": 1, "y": 3})
    )


def test_a_click_on_the_chart_component_is_rounded_and_checked():
    from ui.browser_chart import start_from_click

    assert start_from_click({"w": 1.0049, "b": -2.996}, VIEW, VIEW) == (1.0, -3.0)
    assert start_from_click({"w": -6.0, "b": 6.0}, VIEW, VIEW) == (-6.0, 6.0)  # edges count
    crafted_clicks = [
        None, [], "1,2", {"w": 1.0}, {"w": "a", "b": 0}, {"w": float("nan"), "b": 0},
        {"w": float("inf"), "b": 0}, {"w": 7.0, "b": 0.0}, {"w": 0.0, "b": -6.5},
    ]  # fmt: skip
    for crafted in crafted_clicks:
        assert start_from_click(crafted, VIEW, VIEW) is None, crafted


def test_a_click_on_the_sweep_gives_its_eta_inside_the_sweep_only():
    from ui.etas import clicked_eta

    assert clicked_eta({"x": 3.1622, "y": 40, "curve": 0}, 1e-3, 1e3) == 3.1622
    assert clicked_eta({"x": 1e-3}, 1e-3, 1e3) == 1e-3  # the sweep's own ends count
    assert clicked_eta({"x": 1000}, 1e-3, 1e3) == 1000.0
    for crafted in [None, [3.0], {"y": 1}, {"x": "3"}, {"x": True}, {"x": math.nan},
                    {"x": math.inf}, {"x": 5000.0}, {"x": 0.0}, {"x": -1.0}, "x"]:  # fmt: skip
        assert clicked_eta(crafted, 1e-3, 1e3) is None, crafted
