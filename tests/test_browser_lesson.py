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


def _bottoms(page):
    """The bottom (px) of the step's first chart and of the coach's verdict, if shown."""
    return page.evaluate(
        """() => {
            const first = (s) => { const e = document.querySelector(s);
                                   return e ? e.getBoundingClientRect().bottom : null; };
            const plots = [...document.querySelectorAll('.esx-plot, .esx-figure')]
                .map((e) => e.getBoundingClientRect().bottom);
            return {chart: plots.length ? Math.max(...plots.slice(0, 4)) : null,
                    verdict: first('[data-testid=stAlert]'), top: window.scrollY};
        }"""
    )


def test_presenter_mode_walks_the_lesson_with_the_keyboard(browser, app_url):
    """→ / ← move, R reveals (not Streamlit's rerun: the prediction and the
    progress stay), space plays from anywhere, and each step — its words,
    its verdict and its chart — fits one 1920 × 1080 screen."""
    import gd_core
    from gd_core.lesson import STEPS

    lecture = gd_core.SigmoidNeuron.lecture()
    sent = []  # what the page sends the server: a rerun is a message on the WebSocket
    page = open_page(browser, app_url, 1920, 1080, path="lesson?present=1",
                     before=lambda page: page.on("websocket", lambda ws: ws.on(
                         "framesent", lambda frame: sent.append(frame))))  # fmt: skip
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector("
        "'[data-testid=stMarkdownContainer] p')).fontSize)"
    )
    assert size >= 24
    assert not page.get_by_test_id("stSidebar").is_visible()
    assert "R reveals" in page.inner_text("body")  # the keys' legend
    page.screenshot(path=str(ARTIFACTS / "lesson-presenter-1920.png"))
    for number, step in enumerate(STEPS, start=1):
        page.get_by_text(f"Step {number} of {len(STEPS)}").wait_for(timeout=30_000)
        if number > 1:  # ← and → again: the previous step, then back
            page.keyboard.press("ArrowLeft")
            page.get_by_text(f"Step {number - 1} of {len(STEPS)}").wait_for(timeout=30_000)
            settled(page)
            page.keyboard.press("ArrowRight")
            page.get_by_text(f"Step {number} of {len(STEPS)}").wait_for(timeout=30_000)
            settled(page)
        assert page.locator(".esx-bar:visible").count() == 0  # nothing to play before the reveal
        _predict(page, step, step.answer(step.stage(lecture)))
        page.keyboard.press("Enter" if number == 1 else "r")  # Enter stays an alias
        page.get_by_text("Right.").wait_for(timeout=30_000)
        settled(page)
        page.wait_for_timeout(500)
        where = _bottoms(page)
        assert where["top"] == 0 and where["chart"] is not None and where["chart"] <= 1080, where
        assert where["verdict"] is not None and where["verdict"] <= 1080, where
        if step.question.kind != "point" and page.locator(".esx-bar:visible").count():
            page.keyboard.press(" ")  # focus is off the chart: the page's space plays it
            page.wait_for_function(
                "() => document.querySelector('.esx').dataset.playing === '1'", timeout=10_000
            )
            page.keyboard.press(" ")
            page.wait_for_function(
                "() => document.querySelector('.esx').dataset.playing === '0'", timeout=10_000
            )
        if number == 9:
            page.screenshot(path=str(ARTIFACTS / "lesson-presenter-revealed-1920.png"))
        sent.clear()
        page.keyboard.press("r")  # R again: nothing to reveal, and no rerun of Streamlit's own
        page.wait_for_timeout(800)
        assert sent == [], "R asked the server for a rerun"
        if number < len(STEPS):
            page.keyboard.press("ArrowRight")
            settled(page)
    assert f"done={'_'.join(str(k) for k in range(1, len(STEPS) + 1))}" in page.url
    assert page.errors == []


def test_r_reveals_in_presenter_mode_and_keeps_the_state(browser, app_url):
    """R is caught before Streamlit's rerun key: the step is revealed with
    the prediction made, and a value typed into a field is not lost. In a
    text field R types an r."""
    page = open_page(browser, app_url, 1920, 1080, path="lesson?present=1&lesson=6")
    box = page.get_by_label("Your prediction (epochs)")
    box.click()
    page.keyboard.press("r")  # in a field the r is the field's (a number field drops it)
    page.wait_for_timeout(800)
    assert page.get_by_role("button", name="Reveal").is_visible()
    box.fill("380")
    box.press("Tab")
    settled(page)
    page.mouse.click(5, 400)
    page.keyboard.press("r")
    page.get_by_text("Right.").wait_for(timeout=30_000)
    assert "You said: 380" in page.inner_text("body")
    assert "done=6" in page.url and "present=1" in page.url
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
