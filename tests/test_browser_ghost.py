"""Ghost paths in headless Chromium: moving over a contour draws descent
from the pointer (the browser's engine, the same numbers as gd_core) and
leaving hides it; nothing goes over the WebSocket while hovering; a click
still commits; dragging the ○ with touch moves the start; the small
multiples and the race draw one ghost per run, and say which have none."""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, app_url, browser, settled, start_inputs

import gd_core
from gd_core.runs.one import run_method

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # fixtures

ROOT_DATA = "() => document.querySelector('.esx').dataset"
DRAWN = """() => [...document.querySelectorAll('svg.esx-ghost')]
    .map(s => ({view: s.parentElement.dataset.view, paths: s.querySelectorAll('path').length,
                words: [...s.querySelectorAll('text')].map(t => t.textContent)}))"""
LAST = """() => { const g = document.querySelector('.esx').__explorer.ghost.last;
    return {start: g.start, runs: g.results.map(r => r && {w: Array.from(r.w), b: Array.from(r.b),
            status: r.status, converged_at: r.convergedAt})}; }"""


def _open(browser, url, width, height, path="", touch=False):
    """A page whose WebSocket frames sent are counted (CDP, enabled before
    the page opens its socket): ``page.sent`` is the count so far."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=touch, is_mobile=touch
    )
    page = context.new_page()
    page.errors, page.sent = [], [0]
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketFrameSent", lambda _: page.sent.__setitem__(0, page.sent[0] + 1))
    page.cdp = cdp
    page.goto(f"{url}/{path}")
    settled(page)
    page.wait_for_selector(".esx[data-updates]", state="attached", timeout=60_000)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    return page


def _pixel(page, w, b, view="contour"):
    return page.evaluate(
        """([w, b, view]) => {
            const gd = document.querySelector(`.esx-plot[data-view=${view}]`);
            gd.scrollIntoView({block: 'center'});
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.c2p(w), box.top + ya._offset + ya.c2p(b)];
        }""",
        [w, b, view],
    )


def _hover(page, w, b, view="contour"):
    """Move the mouse to (w, b) and wait for the ghost drawn from there."""
    before = int(page.evaluate(ROOT_DATA).get("ghostDrawn") or 0)
    page.mouse.move(*_pixel(page, w, b, view), steps=3)
    page.wait_for_function(
        f"() => Number(document.querySelector('.esx').dataset.ghostDrawn || 0) > {before}"
    )
    return page.evaluate(LAST)


def test_hover_draws_descent_from_the_pointer_and_leaving_hides_it(browser, app_url):
    page = _open(browser, app_url, 1280, 800)
    page.mouse.move(5, 5)
    sent = page.sent[0]
    for w, b in ((1.0, -3.0), (-3.0, 2.0), (0.5, 0.5), (-4.0, 4.0)):
        last = _hover(page, w, b)
        (descent, search) = last["runs"]
        assert search is None  # random search: no ghost (its guesses are the server's)
        start = tuple(last["start"])
        assert abs(start[0] - w) < 0.06 and abs(start[1] - b) < 0.06
        core = gd_core.gradient_descent(gd_core.SigmoidNeuron.lecture(), start, 1.0, 1000)
        assert len(descent["w"]) == core.params.shape[0]
        assert descent["w"][-1] == pytest.approx(core.params[-1, 0], rel=1e-12)
        assert descent["b"][-1] == pytest.approx(core.params[-1, 1], rel=1e-12)
        assert (descent["status"], descent["converged_at"]) == (core.status, core.converged_at)
        drawn = page.evaluate(DRAWN)
        assert drawn[0]["paths"] >= 2
        assert drawn[0]["words"][0].startswith(f"from ({start[0]:g}, {start[1]:g}): ")
    page.wait_for_timeout(300)
    assert page.sent[0] == sent, "hovering sent WebSocket frames"
    page.screenshot(path=str(ARTIFACTS / "ghost-1280.png"))
    page.mouse.move(5, 5)  # leave the contour
    page.wait_for_function("() => !document.querySelector('svg.esx-ghost path')")
    # A click still commits (and is sent: the counter sees the socket).
    page.mouse.click(*_pixel(page, 1.0, -3.0))
    page.wait_for_function(f"() => ({ROOT_DATA})().start !== '-2,-2'", timeout=20_000)
    assert page.sent[0] > sent
    w0, b0 = start_inputs(page)
    assert abs(w0 - 1.0) <= 0.05 and abs(b0 + 3.0) <= 0.05
    assert page.evaluate("() => document.querySelectorAll('svg.esx-ghost path').length") == 0
    assert page.errors == []
    page.context.close()


def _touch(page, kind, x, y):
    points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
    page.cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def test_dragging_the_start_by_touch_moves_it(browser, app_url):
    page = _open(browser, app_url, 390, 844, touch=True)
    x0, y0 = _pixel(page, -2.0, -2.0)
    x1, y1 = _pixel(page, 1.5, -2.5)
    sent = page.sent[0]
    _touch(page, "touchStart", x0, y0)
    for k in range(1, 11):
        _touch(page, "touchMove", x0 + (x1 - x0) * k / 10, y0 + (y1 - y0) * k / 10)
        page.wait_for_timeout(30)
    page.wait_for_function("() => document.querySelectorAll('svg.esx-ghost path').length >= 2")
    assert page.sent[0] == sent, "dragging sent WebSocket frames before the drop"
    page.screenshot(path=str(ARTIFACTS / "ghost-390.png"))
    _touch(page, "touchEnd", x1, y1)
    page.wait_for_function(f"() => ({ROOT_DATA})().start !== '-2,-2'", timeout=20_000)
    w0, b0 = start_inputs(page)
    assert abs(w0 - 1.5) <= 0.06 and abs(b0 + 2.5) <= 0.06
    assert page.errors == []
    page.context.close()


def test_compare_draws_a_ghost_on_every_small_multiple(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="compare_eta")
    last = _hover(page, -4.0, 4.0, view="contour1")
    problem = gd_core.SigmoidNeuron.lecture()
    for eta, run in zip((0.1, 1, 10, 50), last["runs"], strict=True):
        core = gd_core.gradient_descent(problem, tuple(last["start"]), eta, 1000)
        assert run["status"] == core.status
        assert run["w"][-1] == pytest.approx(core.params[-1, 0], rel=1e-9)
    drawn = page.evaluate(DRAWN)
    assert len(drawn) == 4 and all(d["paths"] >= 2 and len(d["words"]) == 1 for d in drawn)
    page.screenshot(path=str(ARTIFACTS / "ghost-compare-1280.png"))
    assert page.errors == []
    page.context.close()


def test_race_draws_each_covered_method_and_names_the_others(browser, app_url):
    race = "optimizers?race=gd_eta1~mom_eta1_gamma0.9~adam_eta0.1~sgd_eta3_k1"
    page = _open(browser, app_url, 1280, 800, path=race)
    last = _hover(page, -3.0, 3.0)
    problem = gd_core.SigmoidNeuron.lecture()
    settings = [("gradient_descent", {}), ("momentum", {"gamma": 0.9}), ("adam", {})]
    etas = (1.0, 1.0, 0.1)
    for (method, extra), eta, run in zip(settings, etas, last["runs"], strict=False):
        core = run_method(problem, method, {"learning_rate": eta, **extra}, tuple(last["start"]))
        assert (run["status"], run["converged_at"]) == (core.status, core.converged_at)
    assert last["runs"][3] is None  # stochastic: the server's shuffles
    note = page.locator(".esx-ghost-note").inner_text()
    assert "Stochastic / mini-batch" in note and "reshuffled" in note
    assert len(page.evaluate(DRAWN)[0]["words"]) == 3
    page.screenshot(path=str(ARTIFACTS / "ghost-race-1280.png"))
    assert page.errors == []
    page.context.close()
