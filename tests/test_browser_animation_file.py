"""The downloaded animation file in headless Chromium with every request
blocked: the component's own views (explorer, small multiples, race) draw
every panel, ▶ Play moves them, the theme from Python reaches the controls,
and nothing is fetched. Screenshots at 1280 × 800 and 390 × 844 go to
``artifacts/``."""

from __future__ import annotations

import pytest
from animation_messages import messages
from browser_helpers import ARTIFACTS, browser

from ui.animation_file import animation_html

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # a module-scoped fixture from browser_helpers.py

PANELS = {"explorer": 4, "compare": 6, "race": 2}  # compare: 4 contours, 3D, loss
LOCAL = ("file:", "data:")


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
@pytest.mark.parametrize("kind", list(PANELS))
def test_the_file_plays_the_pages_views_with_every_request_blocked(browser, tmp_path, kind, size):
    path = tmp_path / f"{kind}.html"
    path.write_text(animation_html(messages(kind), f"Error Surface Explorer: {kind}"))
    width, height = size
    context = browser.new_context(offline=True, viewport={"width": width, "height": height})
    fetched: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL)
                  else (fetched.append(route.request.url), route.abort()))  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    root = page.locator(".esx")
    page.wait_for_function("() => document.querySelector('.esx')?.dataset.updates === '1'",
                           timeout=60_000)  # fmt: skip
    drawn = page.locator(".esx-plot .main-svg").evaluate_all(
        "nodes => new Set(nodes.map(n => n.closest('.esx-plot').dataset.view)).size"
    )
    assert root.get_attribute("data-epoch") == "0"
    page.locator(".esx-play").click()
    page.wait_for_function("() => Number(document.querySelector('.esx').dataset.epoch) > 20",
                           timeout=60_000)  # fmt: skip
    ink = root.evaluate("r => getComputedStyle(r).color")  # the controls' and legend's words
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"animation-file-{kind}-{width}.png"), full_page=True)
    context.close()
    assert errors == [] and fetched == []
    assert drawn == PANELS[kind]
    assert ink == "rgb(31, 36, 48)"  # theme.INK, handed over with the layers


def test_the_file_draws_descent_from_the_pointer_offline(browser, tmp_path):
    """The ghost path runs in the browser on the page's data (the layers
    carry them): moving over the contour draws it with no server."""
    path = tmp_path / "explorer.html"
    path.write_text(animation_html(messages("explorer"), "Error Surface Explorer: explorer"))
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 800})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL)
                  else route.abort())  # fmt: skip
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function("() => document.querySelector('.esx')?.dataset.updates === '1'",
                           timeout=60_000)  # fmt: skip
    box = page.locator(".esx-plot[data-view=contour]").bounding_box()
    for share in (0.30, 0.35):
        page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] * share)
    page.wait_for_function("() => Number(document.querySelector('.esx').dataset.ghostDrawn) > 0",
                           timeout=20_000)  # fmt: skip
    w, b = map(float, page.locator(".esx").get_attribute("data-ghost").split(","))
    context.close()
    assert -6 < w < 0 < b < 6  # the pointer's (w, b): upper left of the view
