"""The classroom round in real browsers: N headless Chromium pages (one
browser, a context each) open the app, change η, click a start on the
contour, switch to "Compare η" and back, at once. Timed from each action to
the script finishing and every chart on the page being drawn; page errors
(uncaught exceptions, unhandled rejections) counted."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import statistics
import time

from playwright.async_api import Page, async_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]  # fmt: skip
DRAWN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    // Plotly charts drawn by st.plotly_chart, and the chart component's plots.
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"], .esx-plot')];
    return charts.length > 0 && charts.every(c => c.querySelector('.main-svg'));
}"""
RUNNING = (
    "() => document.querySelector('[data-testid=\"stApp\"]').dataset.testScriptState === 'running'"
)
CONTOUR_PIXEL = """([w, b]) => {
    const gd = document.querySelector('.esx-plot[data-view=contour]');
    gd.scrollIntoView({block: 'center'});
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    return [box.left + xa._offset + xa.l2p(w), box.top + ya._offset + ya.l2p(b)];
}"""


async def _timed(page: Page, action) -> float:
    start = time.perf_counter()
    await action()
    # The rerun may start and end between two polls: then it is done.
    with contextlib.suppress(Exception):
        await page.wait_for_function(RUNNING, timeout=3_000)
    await page.wait_for_function(DRAWN, timeout=180_000, polling=100)
    return time.perf_counter() - start


async def _student(browser, url: str, index: int, times: list, errors: list) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    page.on("pageerror", lambda error: errors.append(f"page {index}: {error}"[:160]))
    try:
        times.append(("open", await _timed(page, lambda: page.goto(url))))
        await page.wait_for_timeout(1500)  # the 3D scene draws after the SVG
        box = (
            page.locator("[data-testid='stNumberInput']")
            .filter(has_text="η exactly")
            .locator("input")
        )

        async def eta() -> None:
            await box.fill(f"{0.5 + 0.1 * index:g}")
            await box.press("Enter")

        times.append(("eta", await _timed(page, eta)))
        x, y = await page.evaluate(CONTOUR_PIXEL, [1.0 - 0.2 * index, -3.0])
        times.append(("click", await _timed(page, lambda: page.mouse.click(x, y))))
        link = page.get_by_role("link", name="Compare η")
        times.append(("page", await _timed(page, link.click)))
        back = page.get_by_role("link", name="Error surface")
        times.append(("back", await _timed(page, back.click)))
    except Exception as error:
        errors.append(f"page {index}: {type(error).__name__} {error}"[:200])
    finally:
        await context.close()


async def _level(url: str, n: int) -> str:
    times: list[tuple[str, float]] = []
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        start = time.monotonic()
        await asyncio.gather(*(_student(browser, url, k, times, errors) for k in range(n)))
        wall = time.monotonic() - start
        await browser.close()
    seconds = sorted(s for _, s in times)
    p50 = statistics.median(seconds) if seconds else float("nan")
    p95 = seconds[min(len(seconds) - 1, int(0.95 * len(seconds)))] if seconds else float("nan")
    steps = " ".join(
        f"{name}={statistics.median([s for k, s in times if k == name] or [0.0]):.2f}"
        for name in ("open", "eta", "click", "page", "back")
    )
    lines = [
        f"browsers N={n:>2}  actions={len(seconds):>2}  p50={p50:6.3f}s  p95={p95:6.3f}s  "
        f"errors={len(errors)}  wall={wall:.0f}s",
        f"       median per step (action → charts drawn): {steps}",
    ]
    return "\n".join(lines + [f"       {e}" for e in errors[:5]])


def browser_levels(url: str, levels: list[int]) -> list[str]:
    """One report per N (each N at most 10: browsers are heavy)."""
    return [asyncio.run(_level(url, min(n, 10))) for n in levels]
