"""No internet in the classroom: every page, opened in Chromium with every
request outside the app's own server blocked, fetches nothing from outside
(the favicon is a local file; the navigation's icons come from Streamlit's
bundled font)."""

from __future__ import annotations

import pytest
from browser_helpers import app_url, browser  # noqa: F401 - shared fixtures

pytestmark = pytest.mark.browser
PAGES = ["", "compare_eta", "optimizers", "taylor", "data"]


def test_no_page_fetches_anything_from_outside(browser, app_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    outside: list[str] = []
    local: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith((app_url, "data:", "blob:")):
            local.append(url)
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    for path in PAGES:
        page.goto(f"{app_url}/{path}")
        page.wait_for_selector(
            "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000
        )
        page.wait_for_timeout(1000)
    context.close()
    assert outside == []
    assert any("MaterialSymbols" in url for url in local)  # the icon font, served locally
    assert any(url.endswith(".png") and "/media/" in url for url in local)  # the favicon
