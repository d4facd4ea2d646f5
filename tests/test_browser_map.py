"""The Convergence-map page in a real browser: a click on a cell moves the
shared start, the link opens the error surface from there; screenshots.

Uses the server and Chromium fixtures of ``browser_helpers.py``.
"""

from __future__ import annotations

import pytest
from browser_helpers import IPHONE, app_url, browser
from browser_helpers import open_view as _open
from browser_helpers import plotly_pixel as _contour_pixel
from browser_helpers import settled as _settled
from browser_helpers import start_inputs as _start_inputs
from test_browser import screenshots

pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # fixtures


def _drawn_cells(page):
    """Heatmap images drawn and cell markers laid over them."""
    return page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            const cells = gd._fullData.filter(t => t.type === 'scattergl')
                .reduce((n, t) => n + t.x.length, 0);
            return {heatmaps: gd.querySelectorAll('.hm image').length, cells};
        }"""
    )


def test_a_click_on_a_cell_moves_the_start(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="convergence_map")
    assert page.locator("[data-testid='stException']").count() == 0
    drawn = _drawn_cells(page)
    assert drawn["heatmaps"] >= 2 and drawn["cells"] == 150 * 150, drawn
    assert _start_inputs(page) == [-2.0, -2.0]
    page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    x, y = _contour_pixel(page, 1.0, -3.0)  # a cell centre of the 150 × 150 grid on ±6
    page.mouse.click(x, y)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stNumberInput"]')]
            .filter(box => box.innerText.includes('w₀'))
            .some(box => box.querySelector('input').value !== '-2.00')""",
        timeout=30_000,
    )
    _settled(page)
    w0, b0 = _start_inputs(page)
    assert abs(w0 - 1.0) <= 0.09 and abs(b0 + 3.0) <= 0.09, (w0, b0)  # within one cell
    link = page.get_by_role("link", name="Watch descent from")
    link.click()
    # The error surface is the default page: its address is the app's root.
    page.wait_for_function("() => !location.pathname.includes('convergence_map')")
    page.get_by_role("heading", name="Error surface").wait_for(timeout=30_000)
    _settled(page)
    assert _start_inputs(page) == [w0, b0]
    page.context.close()


@pytest.mark.parametrize(
    ("name", "width", "height", "agent", "two"),
    [
        ("map-desktop-1280x800", 1280, 800, None, False),
        ("map-phone-390x844", 390, 844, IPHONE, False),
        ("map-two-eta-desktop-1280x800", 1280, 800, None, True),
        ("map-two-eta-phone-390x844", 390, 844, IPHONE, True),
    ],
)
def test_map_screenshots(browser, app_url, name, width, height, agent, two):
    page = _open(browser, app_url, width, height, agent, "convergence_map")
    if two:
        page.locator("[data-testid='stSelectbox']").filter(has_text="Show").click()
        page.get_by_role("option", name="Two learning rates").click()
        # The rerun's result, not a fixed wait: a loaded machine takes longer.
        page.get_by_text("η = 10 converges from", exact=False).first.wait_for(timeout=60_000)
        _settled(page, timeout=60_000)
    text = screenshots(page, name, width)
    assert "converged from" in text
    if two:
        assert "η = 10 converges from" in text and "η = 1 from" in text
    page.context.close()
