"""The app in a real browser: clicks, animation, screenshots.

Drives Debian's Chromium through Playwright (its own browser download is not
reachable here). Screenshots go to ``artifacts/`` for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def app_url():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.read().decode() == "ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("streamlit did not come up")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )  # fmt: skip
        yield chromium
        chromium.close()


def _open(browser, url, width, height, user_agent=None, path=""):
    context = browser.new_context(
        viewport={"width": width, "height": height}, user_agent=user_agent
    )
    page = context.new_page()
    page.goto(f"{url}/{path}")
    _settled(page)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # the 3D scene draws after the SVG
    return page


def _settled(page, timeout=30_000):
    """Wait until the script has run (Streamlit marks the app element)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )
    page.wait_for_timeout(300)


def _start_inputs(page):
    values = []
    for label in ("w₀", "b₀"):
        box = page.locator("[data-testid='stNumberInput']").filter(has_text=label).locator("input")
        values.append(float(box.input_value()))
    return values


def _contour_pixel(page, w, b):
    """Page coordinates of data point (w, b) on the contour panel (x/y axes)."""
    return page.evaluate(
        """([w, b]) => {
            const gd = document.querySelector('.js-plotly-plot');
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(w), box.top + ya._offset + ya.l2p(b)];
        }""",
        [w, b],
    )


def _drawn_contour(page):
    """What the contour view shows now: its background image and iso-lines."""
    return page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            const images = [...gd.querySelectorAll('.imagelayer image')]
                .filter(i => (i.getAttribute('href') || '').startsWith('data:image/png')).length;
            // d3 binds each trace group to its calcdata: find the iso-lines.
            const iso = [...gd.querySelectorAll('.scatterlayer .trace')]
                .find(g => g.__data__ && g.__data__[0].trace.name === 'iso-lines');
            const lines = iso ? [...iso.querySelectorAll('path.js-line')]
                .filter(p => (p.getAttribute('d') || '').length > 20).length : 0;
            const current = gd.querySelector('.slider-container text.slider-label');
            return {images, lines, epoch: current ? current.textContent : ''};
        }"""
    )


def test_click_on_the_contour_moves_the_start(browser, app_url):
    page = _open(browser, app_url, 1280, 800)
    assert _start_inputs(page) == [-2.0, -2.0]
    x, y = _contour_pixel(page, 1.0, -3.0)
    page.mouse.click(x, y)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stNumberInput"] input')]
            .some(i => i.value !== '-2.00')""",
        timeout=20_000,
    )
    _settled(page)
    w0, b0 = _start_inputs(page)
    assert abs(w0 - 1.0) <= 0.1 and abs(b0 + 3.0) <= 0.1
    page.context.close()


def test_play_animates_and_the_contour_stays_drawn(browser, app_url):
    page = _open(browser, app_url, 1280, 800)
    before = _drawn_contour(page)
    assert before["images"] == 1 and before["lines"] >= 10
    assert before["epoch"].strip() == "epoch 0"
    page.locator(".updatemenu-button").filter(has_text="Play").click()
    seen = []
    for _ in range(12):
        page.wait_for_timeout(300)
        seen.append(_drawn_contour(page))
    epochs = [int(s["epoch"].split()[-1]) for s in seen]
    print("epochs seen every 0.3 s while playing:", epochs)
    assert epochs[-1] > epochs[0] > 0, epochs  # it advanced, frame after frame
    assert all(s["images"] == 1 and s["lines"] == before["lines"] for s in seen), seen
    page.wait_for_function(
        """() => document.querySelector('.slider-container text.slider-label')
            .textContent.trim() === 'epoch 1000'""",
        timeout=120_000,  # software WebGL here: a frame takes ~0.2 s, not 40 ms
    )
    after = _drawn_contour(page)
    assert after["images"] == 1 and after["lines"] == before["lines"]
    page.context.close()


def _trail_lengths(page, chart=0):
    """Points in each animated trail of a chart (every other animated trace)."""
    return page.evaluate(
        """(chart) => {
            const gd = document.querySelectorAll('.js-plotly-plot')[chart];
            const moving = gd._transitionData._frames[0].traces;
            return moving.filter(k => gd._fullData[k].mode === 'lines')
                .map(k => gd._fullData[k].x.length);
        }""",
        chart,
    )


def test_compare_play_advances_every_panel(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="compare_eta")
    before = _trail_lengths(page)
    assert before == [1, 1, 1, 1]  # four panels, each at epoch 0
    page.locator(".js-plotly-plot").first.locator(".updatemenu-button").filter(
        has_text="Play"
    ).click()
    page.wait_for_timeout(2500)
    during = _trail_lengths(page)
    page.wait_for_timeout(1500)
    later = _trail_lengths(page)
    assert all(1 < now < then for now, then in zip(during, later)), (during, later)
    assert len(set(later)) == 1  # in step: every panel at the same frame
    page.context.close()


def test_a_click_on_the_sweep_adds_that_eta(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="compare_eta")
    target = page.evaluate(
        """() => {
            const gd = document.querySelectorAll('.js-plotly-plot')[3];
            gd.scrollIntoView();
            const k = gd._fullData.findIndex(t => t.xaxis === 'x2' && t.name === 'converged');
            const trace = gd._fullData[k];
            const i = Math.floor(trace.x.length / 3);
            const xa = gd._fullLayout.xaxis2, ya = gd._fullLayout.yaxis2;
            const eta = trace.x[i];
            return {eta, x: xa._offset + xa.l2p(Math.log10(eta)),
                    y: ya._offset + ya.l2p(Math.log10(trace.y[i]))};
        }"""
    )
    page.wait_for_timeout(800)
    box = page.locator(".js-plotly-plot").nth(3).bounding_box()
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
    page.context.close()


def test_optimizers_play_moves_every_method(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="optimizers")
    before = _trail_lengths(page)
    assert before == [1, 1, 1, 1]  # GD, momentum, Nesterov, Adam at epoch 0
    page.locator(".js-plotly-plot").first.locator(".updatemenu-button").filter(
        has_text="Play"
    ).click()
    page.wait_for_timeout(3000)
    during = _trail_lengths(page)
    arrows = page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            return gd._fullData.filter(t => (t.name || '').endsWith('momentum γu'))
                .map(t => Math.hypot(t.x[1] - t.x[0], t.y[1] - t.y[0]));
        }"""
    )
    assert all(n > 1 for n in during), during
    assert len(arrows) == 2 and all(a > 0 for a in arrows)  # momentum and Nesterov
    page.context.close()


def test_taylor_click_moves_theta(browser, app_url):
    page = _open(browser, app_url, 1280, 800, path="taylor")
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


def test_uploading_a_csv_changes_the_surface(browser, app_url, tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("x,y\n-2,0.05\n-1,0.2\n0,0.5\n1,0.8\n2,0.95\n")
    page = _open(browser, app_url, 1280, 800, path="data")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(csv_file)
    page.get_by_text("Loaded 5 points from mine.csv").wait_for(timeout=20_000)
    page.get_by_role("link", name="Error surface").click()  # same session: same data
    page.get_by_text("uploaded: mine.csv (5 points)").wait_for(timeout=20_000)
    _settled(page)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    points = page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            return gd._fullData.find(t => t.name === 'data (x, y)').x.length;
        }"""
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
    page = _open(browser, app_url, width, height, agent, path)
    text = screenshots(page, name, width)
    assert expect in text
    page.context.close()


def screenshots(page, name: str, width: int) -> str:
    """Save the first screen and the whole page under ``artifacts/``; check
    that no exception, NaN or traceback shows; return the page's text."""
    assert page.locator("[data-testid='stException']").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")
    # The page scrolls inside the app's main element: a tall viewport shows it all.
    page.set_viewport_size({"width": width, "height": 3200})
    page.wait_for_timeout(2500)
    page.screenshot(path=ARTIFACTS / f"{name}-whole.png")
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "NaN" not in text and "Traceback" not in text
    return text
