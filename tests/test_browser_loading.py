"""How the chart component's scripts load in headless Chromium: Plotly.js
started from the page's head or its first element and fetched once, no
chunk a page does not draw with, and each way a script can fail tried again
or said in words."""

from __future__ import annotations

import pytest
from browser_helpers import app_url, browser

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # fixtures


EVERY_PLOT_DRAWN = """() => [...document.querySelectorAll('.esx-plot')]
    .every(p => p.dataset.epoch !== undefined)"""


def test_plotly_is_started_by_the_pages_first_element_and_fetched_once(browser, app_url):
    """ui.browser_chart.preload's script starts Plotly.js before the component's
    chunk has arrived; the component then waits for that one copy. The tab
    opens on a page without charts (whose head starts nothing), then goes to
    a chart page within the app (no new HTML)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("plotly.min.js") else None)
    page.goto(f"{app_url}/room")  # no Plotly.js of any kind on it
    page.get_by_role("link", name="Optimizers").click()
    page.wait_for_selector(".esx[data-updates]", state="attached", timeout=60_000)
    marks = page.evaluate("performance.getEntriesByType('mark').map(m => m.name)"
                          ".filter(name => name.startsWith('explorer:'))")  # fmt: skip
    assert marks[0] == "explorer:plotly-early"  # the component found it started, or ready
    assert len(fetched) == 1
    assert page.evaluate("[...document.querySelectorAll('script[data-esx-plotly]')]"
                         ".map(s => s.dataset.esxPlotly)") == ["ready"]  # fmt: skip
    context.close()


def test_a_first_load_starts_plotly_and_the_modules_from_the_head(browser, app_url):
    """ui.page_head.PageHead: Plotly.js and the chart's modules are fetched
    by the page's head, Plotly.js first of all, and no page fetches
    Streamlit's syntax highlighter
    (the lecture's code is highlighted on the server), its HTML parser for
    markdown (rehype-raw) or its data grid (the results are a plain table)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    for path in ("", "optimizers"):
        page.goto(f"{app_url}/{path}")
        page.wait_for_selector(".esx[data-updates]", state="attached", timeout=60_000)
        page.wait_for_function(EVERY_PLOT_DRAWN, timeout=30_000)
        # Requested while the head was read (the component mounts seconds later),
        # Plotly.js first; marked by the early script right after its tag.
        read = page.evaluate("performance.getEntriesByType('navigation')[0].domInteractive")
        early = dict(page.evaluate("""(read) => performance.getEntriesByType('resource')
            .filter(r => r.startTime < read && r.name.endsWith('.js'))
            .map(r => [r.name.split('/').pop(), r.startTime])""", read))  # fmt: skip
        streamlit = next(t for name, t in early.items() if name.startswith("index."))
        assert early["plotly.min.js"] <= streamlit
        assert {"entry.js", "chart.js", "engine.js"} <= set(early)
        marked = page.evaluate("performance.getEntriesByName('explorer:plotly-early')[0].startTime")
        assert marked < read
        assert page.evaluate("[...document.querySelectorAll('script[data-esx-plotly]')]"
                             ".map(s => s.dataset.esxPlotly)") == ["ready"]  # fmt: skip
        assert page.locator(".esx-error:visible").count() == 0
        if not path:
            page.locator(".esx-code").first.wait_for(timeout=30_000)  # the lecture's code, drawn
            page.locator(".katex").first.wait_for(timeout=30_000)  # the formulas, drawn
        else:
            page.locator("[data-testid=stTable]").wait_for(timeout=30_000)  # the results
    chunks = {url.rsplit("/", 1)[-1].split(".")[0] for url in fetched if "/static/js/" in url}
    assert "rehype-katex" in chunks and "Table" in chunks  # what the pages do draw
    assert not {"StreamlitSyntaxHighlighter", "rehype-raw", "DataFrame"} & chunks, chunks
    assert not [url for url in fetched if "SyntaxHighlighter" in url]
    assert sum(url.endswith("plotly.min.js") for url in fetched) == 2  # once a page load
    context.close()


@pytest.mark.parametrize("fails", ["while the component waits", "at once"])
def test_the_component_tries_again_when_the_early_start_failed(browser, app_url, fails):
    """The early start's request fails, held until the component waits on it
    or at once (before anything but the head's script could watch it): the
    component fetches Plotly.js itself and draws."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    held, passed = [], []

    def hold_the_first(route):
        (passed if held else held).append(route)
        if len(passed) and route is passed[-1]:
            route.continue_()
        elif fails == "at once":
            route.abort()

    context.route("**/plotly.min.js", hold_the_first)
    page = context.new_page()
    # Not until "load": the held request (the head's async script) is part of it.
    page.goto(app_url, wait_until="domcontentloaded")
    page.wait_for_function(
        "() => performance.getEntriesByName('explorer:plotly-requested').length > 0",
        timeout=60_000,
    )
    marks = page.evaluate("performance.getEntriesByType('mark').map(m => m.name)")
    assert marks.index("explorer:plotly-early") < marks.index("explorer:plotly-requested")
    if fails != "at once":
        held[0].abort()
    page.wait_for_selector(".esx[data-updates]", state="attached", timeout=60_000)
    page.wait_for_function(EVERY_PLOT_DRAWN, timeout=30_000)
    assert len(passed) == 1 and page.locator(".esx-error:visible").count() == 0
    context.close()


def test_a_page_in_place_of_plotly_is_tried_again(browser, app_url):
    """A proxy that answers the early request with a page (200, not Plotly.js):
    the script "loads" but defines no Plotly; the component fetches it again."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tries = []

    def first_is_a_page(route):
        tries.append(route.request.url)
        if len(tries) == 1:
            route.fulfill(status=200, content_type="text/javascript", body="<!doctype html>")
        else:
            route.continue_()

    context.route("**/plotly.min.js", first_is_a_page)
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector(".esx[data-updates]", state="attached", timeout=60_000)
    page.wait_for_function(EVERY_PLOT_DRAWN, timeout=30_000)
    assert len(tries) == 2 and page.locator(".esx-error:visible").count() == 0
    context.close()


def test_a_failed_script_is_said_in_words(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/plotly.min.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(app_url)
    message = page.locator(".esx-error")
    message.wait_for(state="visible", timeout=60_000)
    assert "could not be drawn" in message.inner_text()
    assert "Plotly.js could not be loaded" in message.inner_text()
    context.close()


@pytest.mark.parametrize(
    ("module", "words"),
    [("entry.js", "Failed to load script"), ("chart.js", "The charts could not be loaded")],
)
def test_a_component_that_cannot_load_is_said_in_words(browser, app_url, module, words):
    """If the component's entry fails, Streamlit's error box names it; if
    the chart modules the entry loads fail, the chart says so itself."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(f"**/explorer.chart/{module}", lambda route: route.abort())
    page = context.new_page()
    page.goto(app_url)
    page.get_by_text(words).first.wait_for(timeout=60_000)
    if module == "chart.js":  # once per chart, none for the hidden elements
        page.wait_for_timeout(1000)
        assert page.get_by_text(words).count() == 1
    context.close()
