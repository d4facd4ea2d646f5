"""The app in headless Chromium: a server fixture, a browser fixture, and
what the browser tests read off a page.

Debian's Chromium through Playwright (its own browser download is not
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

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: Path, port: int) -> subprocess.Popen:
    """``streamlit run serve.py`` (the app as served) in ``root`` on loopback;
    returns once healthy."""
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().decode() == "ok":
                    return server
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.terminate()
            raise RuntimeError("streamlit did not come up")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def app_url():
    port = free_port()
    server = start_server(ROOT, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def settled(page, timeout=30_000):
    """Wait until the script has run (Streamlit marks the app element)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout
    )
    page.wait_for_timeout(300)


def open_page(browser, url, width, height, user_agent=None, path="", chart=True, before=None):
    """A new page at ``url/path``; with ``chart``, once the chart component drew;
    ``before(page)`` runs before it loads (e.g. to watch its WebSocket)."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, user_agent=user_agent
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    if before is not None:
        before(page)
    page.goto(f"{url}/{path}")
    settled(page)
    if chart:
        page.wait_for_selector(".esx[data-updates]", state="attached", timeout=60_000)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    return page


def start_inputs(page) -> list[float]:
    values = []
    for label in ("w₀", "b₀"):
        box = page.locator("[data-testid='stNumberInput']").filter(has_text=label).locator("input")
        values.append(float(box.input_value()))
    return values


CHART_PAGES = ("", "compare_eta", "optimizers")  # pages whose animated views are the component


def open_view(browser, url, width, height, user_agent=None, path=""):
    """:func:`open_page`, waiting for the chart component only on a page that has one
    (``path`` may carry a query string)."""
    name = path.split("?", 1)[0].strip("/")
    return open_page(browser, url, width, height, user_agent, path, chart=name in CHART_PAGES)


def plotly_pixel(page, w, b):
    """Page coordinates of data point (w, b) on the page's first Plotly chart
    drawn by ``st.plotly_chart`` (its x/y axes)."""
    return page.evaluate(
        """([w, b]) => {
            const gd = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            const box = gd.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(w), box.top + ya._offset + ya.l2p(b)];
        }""",
        [w, b],
    )
