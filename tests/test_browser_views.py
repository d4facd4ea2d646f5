"""Issue 26 in headless Chromium: what only a browser shows — paths drawn
only as Play reaches them, sample-mode guesses as points, the off-view
mark, the phone layout (aligned small multiples, an uncut verdict table,
the sweep's note in view, Play beside the contour, code without sideways
scrolling), the loss axis down to the smallest loss, ticks without SI
prefixes. Screenshots to artifacts/ for a person to look at."""

from __future__ import annotations

import math

import pytest
from browser_helpers import ARTIFACTS, IPHONE, app_url, browser, open_view

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # fixtures

TO_EPOCH = """(k) => { const s = document.querySelector('.esx-slider');
    s.value = String(k); s.dispatchEvent(new Event('input')); }"""
CONTOUR = """() => { const gd = document.querySelector('.esx-plot[data-view=contour]');
    return gd.data.map(t => ({name: t.name || '', mode: t.mode, n: (t.x || []).length,
                              shown: gd.querySelectorAll('.scatterlayer .trace').length})); }"""
SURFACE_TRAILS = """() => document.querySelector('.esx-plot[data-view=surface]').data
    .filter(t => t.type === 'scatter3d' && !t.name.startsWith('zero loss')).map(t => t.x.length)"""


def _at(page, k):
    page.evaluate(TO_EPOCH, k)
    page.wait_for_function(
        "(k) => [...document.querySelectorAll('.esx-plot')]"
        ".every(p => p.dataset.epoch === String(k))",
        arg=k, timeout=30_000,
    )  # fmt: skip
    page.wait_for_timeout(300)


def test_paths_are_drawn_only_as_play_reaches_them(browser, app_url):
    page = open_view(browser, app_url, 1280, 800)
    traces = {(t["name"], t["mode"]): t for t in page.evaluate(CONTOUR)}
    guesses = traces["random search: kept guesses", "markers"]
    assert guesses["mode"] == "markers" and guesses["n"] == 1  # a point, not a line
    assert traces["gradient descent (η = 1)", "lines"]["n"] <= 2  # no whole path at epoch 0
    assert max(page.evaluate(SURFACE_TRAILS)) <= 1
    _at(page, 1000)
    traces = {(t["name"], t["mode"]): t for t in page.evaluate(CONTOUR)}
    assert traces["gradient descent (η = 1)", "lines"]["n"] == 1001
    assert 3 <= traces["random search: kept guesses", "markers"]["n"] < 40
    assert min(page.evaluate(SURFACE_TRAILS)) >= 1 and max(page.evaluate(SURFACE_TRAILS)) > 100
    page.locator(".esx").screenshot(path=ARTIFACTS / "issue26-explorer-epoch-1000.png")
    assert page.errors == []
    page.context.close()


def test_a_run_that_leaves_the_view_is_marked_at_the_edge(browser, app_url):
    page = open_view(browser, app_url, 1280, 800, path="?eta=50")
    mark = "gradient descent (η = 50): leaves the view"
    count = f"""() => {{ const gd = document.querySelector('.esx-plot[data-view=contour]');
        const i = gd.data.findIndex(t => t.name === {mark!r});
        const g = [...gd.querySelectorAll('.scatterlayer .trace')]
            .find(g => g.__data__[0].trace.index === i);
        if (!g) return [];  // no point drawn yet
        return [...g.querySelectorAll('path.point')].filter(p => p.style.display !== 'none')
            .map(p => {{ const r = p.getBoundingClientRect(),
                a = gd.querySelector('.nsewdrag').getBoundingClientRect();
                return r.left >= a.left - 1 && r.right <= a.right + 1; }}); }}"""
    assert page.evaluate(count) == []  # not before the run leaves
    _at(page, 1000)
    assert page.evaluate(count) == [True]  # one mark, whole, inside the plot
    _at(page, 2)
    assert page.evaluate(count) == []  # stepping back hides it again
    _at(page, 1000)
    page.locator(".esx").screenshot(path=ARTIFACTS / "issue26-off-view-eta-50.png")
    assert page.errors == []
    page.context.close()


def test_compare_on_a_phone(browser, app_url):
    page = open_view(browser, app_url, 390, 844, IPHONE, path="compare_eta")
    tops = page.evaluate(
        """() => [...document.querySelectorAll('.esx-panel[data-panel=contour] .esx-plot')]
            .map(p => [Math.round(p.getBoundingClientRect().top),
                       p.getBoundingClientRect().width])"""
    )
    assert len(tops) == 4
    assert tops[0][0] == tops[1][0] and tops[2][0] == tops[3][0]  # aligned, titles wrap or not
    assert all(w >= 160 for _, w in tops)
    cut = page.evaluate(
        """() => { const t = document.querySelector('[data-testid=stTable] table');
            const cells = [...t.querySelectorAll('th, td')];
            return { cells: cells.length, cut: cells.filter(c => c.scrollWidth > c.clientWidth + 1)
                .map(c => c.textContent), right: t.getBoundingClientRect().right,
                width: document.documentElement.clientWidth }; }"""
    )
    assert cut["cells"] >= 25 and cut["cut"] == [] and cut["right"] <= cut["width"]
    page.wait_for_selector(".esx-static .annotation", timeout=60_000)
    note = page.evaluate(
        """() => { const fig = document.querySelector('.esx-static .js-plotly-plot');
            const box = fig.getBoundingClientRect();
            return [...fig.querySelectorAll('.annotation')].map(a => {
                const r = a.getBoundingClientRect();
                return [a.textContent, r.left >= box.left - 1 && r.right <= box.right + 1]; }); }"""
    )
    assert any(text.startswith("edge η ≈") and inside for text, inside in note), note
    page.locator(".esx").screenshot(path=ARTIFACTS / "issue26-compare-phone.png")
    page.context.close()


def test_compare_loss_axis_reaches_the_smallest_loss(browser, app_url):
    page = open_view(browser, app_url, 1280, 800, path="compare_eta")
    low, smallest, label = page.evaluate(
        """() => { const gd = document.querySelector('.esx-plot[data-view=loss]');
            const runs = gd.data.filter(t => t.name.startsWith('η'));
            const tol = gd.data.find(t => t.name === 'tolerance');
            return [gd._fullLayout.yaxis.range[0], Math.min(...runs.flatMap(t => [...t.y])),
                    tol.text[1]]; }"""
    )
    assert smallest < 1e-30  # η = 10 reaches 2.5e-32
    assert low <= math.log10(smallest) and label == "tolerance 1e-5"
    page.context.close()


def test_error_surface_on_a_phone(browser, app_url):
    page = open_view(browser, app_url, 390, 844, IPHONE)
    play, contour = page.evaluate(
        """() => [document.querySelector('.esx-play').getBoundingClientRect().top,
                  document.querySelector('.esx-plot[data-view=contour]').getBoundingClientRect().bottom]"""
    )
    assert contour - play <= 844  # Play and the whole contour on one screen
    wide = page.evaluate(
        """() => [...document.querySelectorAll(
                '.esx-code, [data-testid=stCode] pre, [data-testid=stCode] code')]
            .map(e => e.scrollWidth - e.clientWidth)"""
    )
    assert wide and max(wide) <= 1  # no sideways scrolling
    page.context.close()


def test_taylor_ticks_are_powers_of_ten(browser, app_url):
    page = open_view(browser, app_url, 1280, 800, path="taylor")
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 4")
    page.wait_for_timeout(1500)
    ticks = page.evaluate(
        "() => [...document.querySelectorAll('.xtick text, .ytick text')].map(t => t.textContent)"
    )
    assert ticks and not [t for t in ticks if "μ" in t or t.endswith(("m", "k"))]
    assert any("10" in t and "−" in t for t in ticks)  # e.g. −0.5×10⁻⁴
    page.context.close()


def test_high_contrast_reaches_the_play_bar_and_the_legend(browser, app_url):
    """contrast=1: the controls and the legend in black ink and bold, as the
    plots are; the standard look keeps the theme's ink."""
    style = """() => { const s = (q) => getComputedStyle(document.querySelector(q));
        return [document.querySelector('.esx').classList.contains('esx-contrast'),
                s('.esx-play').backgroundColor, s('.esx-legend').fontWeight]; }"""
    page = open_view(browser, app_url, 1280, 800, path="?contrast=1")
    assert page.evaluate(style) == [True, "rgb(0, 0, 0)", "600"]
    page.locator(".esx-bar").screenshot(path=ARTIFACTS / "contrast-play-bar.png")
    page.context.close()
    page = open_view(browser, app_url, 1280, 800)
    assert page.evaluate(style) == [False, "rgb(31, 36, 48)", "400"]
    page.context.close()
