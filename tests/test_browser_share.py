"""Share this view, in a real browser: a link opened in a new context shows
the same start, η and final loss; Copy link puts the full URL on the
clipboard and says so; the downloaded animation plays with the network
off; a hostile link fetches nothing. Screenshots go to ``artifacts/``."""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, IPHONE, app_url, browser
from browser_helpers import open_view as _open
from browser_helpers import settled as _settled
from browser_helpers import start_inputs as _start_inputs

pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # module-scoped fixtures from browser_helpers.py


def _eta(page) -> float:
    box = page.locator("[data-testid='stNumberInput']").filter(has_text="η exactly")
    return float(box.locator("input").input_value())


def _final_loss(page) -> str:
    return page.get_by_test_id("stMetricValue").first.inner_text()


def _type(page, label: str, value: str, wait_for: str) -> None:
    box = page.locator("[data-testid='stNumberInput']").filter(has_text=label).locator("input")
    box.fill(value)
    box.press("Enter")
    page.wait_for_url(f"**{wait_for}**", timeout=30_000)
    _settled(page)


def _link_box(page):
    """Share this view's link (the link component: the URL, a Copy link button)."""
    return page.get_by_test_id("stSidebar").locator(".esx-link")


def _share_link(page) -> str:
    return _link_box(page).get_by_test_id("esx-link-url").inner_text().strip()


def test_a_shared_link_opens_the_same_view_in_a_new_context(browser, app_url):
    page = _open(browser, app_url, 1280, 800)
    _type(page, "w₀", "-4", "w0=-4")
    _type(page, "b₀", "4", "b0=4")
    _type(page, "η exactly", "10", "eta=10")
    link = _share_link(page)
    assert link == page.url == f"{app_url}/?w0=-4&b0=4&eta=10" or link == (
        f"{app_url}?w0=-4&b0=4&eta=10"
    )
    seen = (_start_inputs(page), _eta(page), _final_loss(page))
    page.context.close()

    other = _open(browser, app_url, 1280, 800, path=link.removeprefix(app_url).lstrip("/"))
    assert (_start_inputs(other), _eta(other), _final_loss(other)) == seen
    assert seen[:2] == ([-4.0, 4.0], 10.0)
    other.context.close()


def test_copy_link_copies_the_full_url_and_says_copied(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="compare_eta?etas=0.5_2_20")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    box = _link_box(page)
    box.scroll_into_view_if_needed()
    box.get_by_role("button", name="Copy link").click()
    box.get_by_role("status").filter(has_text="Link copied.").wait_for()
    assert box.get_by_role("button").inner_text() == "Copied ✓"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{app_url}/compare_eta?etas=0.5_2_20" == page.url
    page.context.close()


def test_without_a_clipboard_the_link_is_selected_and_the_keys_named(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="?eta=10")
    page.evaluate("""() => {  // a browser that refuses both ways of copying
        navigator.clipboard.writeText = () => Promise.reject(new Error("denied"));
        document.execCommand = () => false; }""")
    box = _link_box(page)
    box.scroll_into_view_if_needed()
    box.get_by_role("button", name="Copy link").click()
    box.get_by_role("status").filter(has_text="Press Ctrl+C").wait_for()
    selected = page.evaluate("String(window.getSelection())")
    assert selected == _share_link(page) and selected.endswith("?eta=10")
    page.context.close()


def test_the_downloaded_animation_plays_offline(browser, app_url, tmp_path):
    page = _open(browser, app_url, 1280, 800, path="?eta=10")
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Download animation (HTML)").click()
    path = tmp_path / "animation.html"
    download.value.save_as(path)
    print(f"offline HTML: {path.stat().st_size / 2**20:.1f} MB")
    page.context.close()

    offline = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    fetched: list[str] = []
    offline.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:"))
               else fetched.append(r.url))  # fmt: skip
    view = offline.new_page()
    view.goto(path.as_uri())
    # The chart component itself, as on the page: its Play bar and four views.
    view.wait_for_function("() => document.querySelector('.esx')?.dataset.updates === '1'",
                           timeout=60_000)  # fmt: skip
    assert view.locator(".esx-plot .main-svg").count() >= 4
    assert view.locator(".esx-epoch").inner_text() == "epoch 0"
    view.locator(".esx-play").click()
    view.wait_for_function("() => Number(document.querySelector('.esx').dataset.epoch) > 0",
                           timeout=30_000)  # fmt: skip
    assert view.locator(".esx-legend").inner_text().startswith("gradient descent (η = 10)")
    assert view.title() == "Error Surface Explorer: Error surface"
    assert fetched == []
    offline.close()


def test_a_hostile_link_fetches_nothing_and_shows_plain_text(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    probes: list[str] = []
    context.on("request", lambda r: probes.append(r.url) if "//probe.invalid/" in r.url else None)
    page = context.new_page()
    page.goto(
        f"{app_url}/?%21%5Bx%5D%28http%3A%2F%2Fprobe.invalid%2Fa.png%29=1"
        "&mode=%3Cimg%20src%3Dhttp%3A%2F%2Fprobe.invalid%2Fb.png%3E&eta=nan"
    )
    _settled(page)
    page.wait_for_timeout(1500)
    alert = page.get_by_test_id("stAlert").first
    assert "![x](http://probe.invalid/a.png)" in alert.inner_text()
    assert alert.locator("img, a").count() == 0
    assert probes == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "share-bad-link-1280x800.png")
    context.close()


@pytest.mark.parametrize(
    ("name", "width", "height", "agent"),
    [("share-desktop-1280x800", 1280, 800, None), ("share-phone-390x844", 390, 844, IPHONE)],
)
def test_screenshots_of_the_share_controls(browser, app_url, name, width, height, agent):
    page = _open(browser, app_url, width, height, agent, "optimizers?w0=-1&b0=1")
    if agent:  # phones: the sidebar starts closed
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_timeout(800)
    page.get_by_test_id("stDownloadButton").last.scroll_into_view_if_needed()
    _link_box(page).scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    assert _share_link(page).endswith("?w0=-1&b0=1")
    page.context.close()


def test_the_chart_toolbar_saves_a_png_at_twice_the_size(browser, app_url, tmp_path):
    page = _open(browser, app_url, 1280, 800, path="data")
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    chart.hover()
    with page.expect_download(timeout=60_000) as download:
        chart.locator(".modebar-btn[data-title='Download plot as a PNG']").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    shown = page.evaluate(
        "() => { const l = document.querySelector('.js-plotly-plot')._fullLayout;"
        " return [l.width, l.height]; }"
    )
    assert (width, height) == (2 * shown[0], 2 * shown[1])
    assert download.value.suggested_filename == "data-fit.png"
    page.context.close()
