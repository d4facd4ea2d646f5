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


def _predict(page, step, answer):
    """A prediction as a student makes it: a choice, a number, a click on the contour."""
    if step.question.kind == "choice":
        page.get_by_text(sorted(answer.right)[0], exact=True).click()
    elif step.question.kind == "number":
        box = page.get_by_label("Your prediction (epochs)")
        box.fill(str(int(answer.value or 2000)))
        box.press("Tab")
    else:
        page.wait_for_function(
            "() => { const gd = document.querySelector('.esx-plot[data-view=contour]');"
            " return gd && gd._fullLayout && gd._fullLayout.xaxis; }",
            timeout=60_000,
        )
        page.wait_for_timeout(1500)  # the new step's chart drawn
        page.screenshot(path=str(ARTIFACTS / "lesson-presenter-step2-1920.png"))
        page.mouse.click(*_contour_pixel(page, *answer.point))
        page.get_by_text("Your click: (w, b) = (").wait_for(timeout=20_000)
    settled(page)
    page.mouse.click(5, 400)  # focus off the widget: the keys are the room's


def test_presenter_mode_walks_the_lesson_with_the_keyboard(browser, app_url):
    import gd_core
    from gd_core.lesson import STEPS

    lecture = gd_core.SigmoidNeuron.lecture()
    page = open_page(browser, app_url, 1920, 1080, path="lesson?present=1")
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector("
        "'[data-testid=stMarkdownContainer] p')).fontSize)"
    )
    assert size >= 24
    assert not page.get_by_test_id("stSidebar").is_visible()
    page.screenshot(path=str(ARTIFACTS / "lesson-presenter-1920.png"))
    for number, step in enumerate(STEPS, start=1):
        page.get_by_text(f"Step {number} of {len(STEPS)}").wait_for(timeout=30_000)
        _predict(page, step, step.answer(step.stage(lecture)))
        page.keyboard.press("Enter")  # reveal
        page.get_by_text("Right.").wait_for(timeout=30_000)
        if number == 9:
            page.screenshot(path=str(ARTIFACTS / "lesson-presenter-revealed-1920.png"))
        if number < len(STEPS):
            page.keyboard.press("ArrowRight")
            settled(page)
    assert f"done={'_'.join(str(k) for k in range(1, len(STEPS) + 1))}" in page.url
    assert page.errors == []


def test_a_challenge_link_opens_with_its_goal_checked(browser, app_url):
    page = open_page(browser, app_url, 1280, 800, path="?goal=reach40&eta=10")
    page.get_by_text("Challenge:").wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "Goal met." in body and "reaches L < 1e−5 at epoch 30" in body  # η = 10
    page.screenshot(path=str(ARTIFACTS / "challenge-1280.png"))
    assert "goal=reach40" in page.url
    bad = open_page(browser, app_url, 1280, 800, path="?goal=reach%3Cb%3E")
    warnings = bad.get_by_test_id("stAlert").all_inner_texts()
    assert sum("`goal`" in w or "goal (" in w for w in warnings) == 1, warnings
    assert page.errors == [] and bad.errors == []
