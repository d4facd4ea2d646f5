"""The Lesson in headless Chromium: a step link opens its step, a prediction
made by clicking the contour is revealed with the coach, and screenshots at
1280 × 800 and 390 × 844 land in ``artifacts/`` for a person to look at."""

import pytest

from tests.browser_helpers import ARTIFACTS, IPHONE, app_url, browser, open_page, settled

pytestmark = pytest.mark.browser
__all__ = ["app_url", "browser"]  # fixtures


def _contour_pixel(page, w, b):
    return page.evaluate(
        """([w, b]) => {
            const gd = document.querySelector('.esx-plot[data-view=contour]');
            gd.scrollIntoView({block: 'center'});
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(w), box.top + ya._offset + ya.l2p(b)];
        }""",
        [w, b],
    )


def test_a_click_on_the_contour_is_the_prediction_and_reveal_coaches_it(browser, app_url):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, app_url, 1280, 800, path="lesson?lesson=2")
    assert "Step 2 of" in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "lesson-step2-1280.png"))
    page.mouse.click(*_contour_pixel(page, 1.8, -2.3))
    page.get_by_text("Your click: (w, b) = (1.").wait_for(timeout=20_000)  # (1.8, −2.3) ± a pixel
    page.get_by_role("button", name="Reveal").click()
    settled(page)
    page.get_by_text("Right.").wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "L is lowest at (w, b) = (1.79, -2.28)" in body and "L at your click is" in body
    page.get_by_text("Right.").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson-step2-revealed-1280.png"))
    assert "done=2" in page.url and "lesson=2" in page.url
    assert page.errors == []


def test_the_lesson_on_a_phone(browser, app_url):
    page = open_page(browser, app_url, 390, 844, user_agent=IPHONE, path="lesson?lesson=9")
    assert "Step 9 of" in page.inner_text("body")
    page.get_by_text("gets stuck on a plateau").click()
    page.get_by_role("button", name="Reveal").click()
    settled(page)
    page.get_by_text("Right.").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "lesson-step9-390-top.png"))
    page.get_by_text("Right.").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "lesson-step9-390.png"))
    assert page.errors == []
