"""The app in a real browser: clicks on Plotly charts, an upload, and
screenshots of every page (the chart component has its own tests, in
``test_browser_chart.py``)."""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, IPHONE, app_url, browser, settled
from browser_helpers import open_page as _open

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # fixtures


def test_a_click_on_the_sweep_adds_that_eta(browser, app_url):
    """The sweep is drawn by the chart component (one Plotly.js per page):
    a click on a point sends its η back, and the η list gains it."""
    page = _open(browser, app_url, 1280, 800, path="compare_eta")
    page.wait_for_selector(".esx-figure[data-drawn]", timeout=30_000)
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0
    target = page.evaluate(
        """() => {
            const gd = document.querySelector('.esx-figure');
            gd.scrollIntoView();
            const k = gd._fullData
                .findIndex(t => t.xaxis === 'x2' && t.legendgroup === 'converged');
            const trace = gd._fullData[k];
            const i = Math.floor(trace.x.length / 3);
            const xa = gd._fullLayout.xaxis2, ya = gd._fullLayout.yaxis2;
            const eta = trace.x[i];
            return {eta, x: xa._offset + xa.l2p(Math.log10(eta)),
                    y: ya._offset + ya.l2p(Math.log10(trace.y[i]))};
        }"""
    )
    page.wait_for_timeout(800)
    box = page.locator(".esx-figure").first.bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    eta = float(target["eta"])
    expected = f"{float(f'{eta:.3g}'):g}"  # the page keeps 3 significant digits
    rates = page.locator("[data-testid='stTextInput'] input")
    page.wait_for_function(
        "(want) => document.querySelector('[data-testid=\"stTextInput\"] input').value"
        ".endsWith(want)",
        arg=expected,
        timeout=20_000,
    )
    assert rates.input_value() == f"0.1, 1, 10, 50, {expected}"
    assert not page.errors
    page.context.close()


def test_taylor_click_moves_theta(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="taylor", chart=False)
    heading = page.get_by_text("Directions at θ = (-2.00, -2.00)")
    heading.wait_for(timeout=20_000)
    target = page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            gd.scrollIntoView();
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            return [xa._offset + xa.l2p(-1.0), ya._offset + ya.l2p(-3.0)];
        }"""
    )
    page.wait_for_timeout(600)
    box = page.locator(".js-plotly-plot").first.bounding_box()
    page.mouse.click(box["x"] + target[0], box["y"] + target[1])
    moved = page.get_by_text("Directions at θ = (-1.05, -3.00)")
    moved.wait_for(timeout=20_000)  # the 0.15 click grid: −1.0 snaps to −1.05
    page.context.close()


STYLE = """() => {
    const main = getComputedStyle(document.querySelector('[data-testid=stMainBlockContainer]'));
    const early = document.querySelector('.esx-early')?.closest('[data-testid=stElementContainer]');
    return {top: main.paddingTop, bottom: main.paddingBottom,
            early: early ? getComputedStyle(early).display : null,
            title: getComputedStyle(document.querySelector('h1')).fontSize}; }"""


@pytest.mark.parametrize("width, height, top", [(1280, 800, "48px"), (390, 844, "72px")])
def test_the_apps_style_rules_hold_over_streamlits_on_every_page(
    browser, app_url, width, height, top
):
    """assets/page.css, in the head (ui.page_head.PageHead), outranks
    Streamlit's own rules, which its emotion styles add after it; and stays
    when the student moves to another page (no new HTML)."""
    page = _open(browser, app_url, width, height)
    assert page.evaluate(STYLE) == {"top": top, "bottom": "32px", "early": "none", "title": "32px"}
    page.goto(f"{app_url}/compare_eta")
    page.wait_for_selector(".esx[data-updates]", state="attached", timeout=60_000)
    page.evaluate("window.__stayed = true")  # gone if the next step loaded a new page
    page.get_by_role("link", name="Why the gradient?").first.dispatch_event("click")
    page.get_by_role("heading", name="Why the gradient?").first.wait_for(timeout=30_000)
    settled(page)
    assert page.evaluate("window.__stayed") is True
    assert page.evaluate(STYLE) == {"top": top, "bottom": "32px", "early": None, "title": "32px"}
    page.context.close()


def test_uploading_a_csv_changes_the_surface(browser, app_url, tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("x,y\n-2,0.05\n-1,0.2\n0,0.5\n1,0.8\n2,0.95\n")
    page = _open(browser, app_url, 1280, 800, path="data", chart=False)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(csv_file)
    page.get_by_text("Loaded 5 points from mine.csv").wait_for(timeout=20_000)
    page.get_by_role("link", name="Error surface").click()  # same session: same data
    page.get_by_text("uploaded: mine.csv (5 points)").wait_for(timeout=20_000)
    settled(page)
    page.wait_for_function(
        """() => { const gd = document.querySelector('.esx-plot[data-view=data]');
            return gd && gd._fullData && gd._fullData.length > 0; }""",
        timeout=30_000,
    )
    points = page.evaluate(
        """() => document.querySelector('.esx-plot[data-view=data]')._fullData
            .find(t => t.name === 'data (x, y)').x.length"""
    )
    assert points == 5  # the explorer's data view shows the uploaded points
    page.context.close()


@pytest.mark.parametrize(
    ("name", "path", "width", "height", "agent", "expect"),
    [
        ("desktop-1280x800", "", 1280, 800, None, "Converged"),
        ("phone-390x844", "", 390, 844, IPHONE, "Converged"),
        ("compare-desktop-1280x800", "compare_eta", 1280, 800, None, "L < 1e-05 from epoch 380"),
        ("compare-phone-390x844", "compare_eta", 390, 844, IPHONE, "L < 1e-05 from epoch 380"),
        ("optimizers-desktop-1280x800", "optimizers", 1280, 800, None, "Adam"),
        ("optimizers-phone-390x844", "optimizers", 390, 844, IPHONE, "Adam"),
        ("taylor-desktop-1280x800", "taylor", 1280, 800, None, "opposite to the gradient"),
        ("taylor-phone-390x844", "taylor", 390, 844, IPHONE, "opposite to the gradient"),
        ("data-desktop-1280x800", "data", 1280, 800, None, "Upload a CSV"),
        ("data-phone-390x844", "data", 390, 844, IPHONE, "Upload a CSV"),
    ],
)
def test_screenshots(browser, app_url, name, path, width, height, agent, expect):
    page = _open(browser, app_url, width, height, agent, path, chart=path not in ("taylor", "data"))
    text = screenshots(page, name, width)
    assert expect in text
    assert page.errors == []
    page.context.close()


def screenshots(page, name: str, width: int) -> str:
    """Save the first screen and the whole page under ``artifacts/``; check
    that no exception, NaN or traceback shows; return the page's text."""
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(".esx-error:visible").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    # The page scrolls inside the app's main element: a tall viewport shows it all.
    page.set_viewport_size({"width": width, "height": 3200})
    page.wait_for_timeout(2500)
    page.screenshot(path=ARTIFACTS / f"{name}-whole.png")
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "NaN" not in text and "Traceback" not in text
    return text
