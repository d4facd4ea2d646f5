"""deploy/'s nginx, running (Debian's nginx, on loopback, with a self-signed
certificate: tests/deploy_helpers.py), in front of two replicas of the app as
served: HTTPS with its headers, no replica address leaked, foreign Origins
and floods refused, and a Content-Security-Policy the app really passes in
Chromium, every page's charts drawn."""

from __future__ import annotations

import asyncio
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import websockets
from browser_helpers import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from deploy_helpers import NGINX, behind_nginx

pytestmark = pytest.mark.browser  # with the browser tests: servers, Chromium, minutes


@pytest.fixture(scope="module")
def site():
    assert Path(NGINX).exists(), f"no nginx at {NGINX}: apt-get install -y nginx"
    with behind_nginx(replicas=2) as running:
        yield running


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(site, url: str, headers: dict[str, str] | None = None):
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=site.tls), _NoRedirect()
    )
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


PATHS = ["/", "/_stcore/health", "/compare_eta", "/no/such/file.js",
         "/_stcore/bidi-components/explorer.plotly/plotly.min.js"]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers_and_no_replica_address(site, path):
    status, headers, _ = _get(site, site.https + path)
    assert status in (200, 404), status
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "object-src 'none'" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["Server"] == "nginx"  # no version
    assert "X-Upstream" not in headers
    replica_ports = [url.rsplit(":", 1)[1] for url in site.replicas]
    for name, value in headers.items():
        assert not any(port in value for port in replica_ports), (name, value)


def test_plain_http_only_redirects_to_https(site):
    status, headers, _ = _get(site, site.http + "/compare_eta?eta=2")
    assert status == 301
    assert headers["Location"] == site.https + "/compare_eta?eta=2"


def _stream(site, origin: str, cookie: str = "") -> str:
    async def one() -> str:
        try:
            async with websockets.connect(
                "wss" + site.https[5:] + "/_stcore/stream",
                ssl=site.tls,
                additional_headers={"Origin": origin, **({"Cookie": cookie} if cookie else {})},
                subprotocols=["streamlit"],  # type: ignore[list-item]
                open_timeout=60,
            ):
                return "open"
        except websockets.exceptions.InvalidStatus as refused:
            return str(refused.response.status_code)

    return asyncio.run(one())


def test_a_websocket_from_another_site_is_refused_and_ours_opens(site):
    assert _stream(site, "https://evil.example") == "403"
    assert _stream(site, site.https.replace("127.0.0.1", "localhost")) == "403"
    assert _stream(site, site.https) == "open"


def test_one_browser_keeps_at_most_ten_websockets_open(site):
    async def many() -> list[str]:
        cookie = "explorer_replica=one-browser"
        opened, outcomes = [], []
        for _ in range(12):
            try:
                opened.append(
                    await websockets.connect(
                        "wss" + site.https[5:] + "/_stcore/stream",
                        ssl=site.tls,
                        additional_headers={"Origin": site.https, "Cookie": cookie},
                        subprotocols=["streamlit"],  # type: ignore[list-item]
                    )
                )
                outcomes.append("open")
            except websockets.exceptions.InvalidStatus as refused:
                outcomes.append(str(refused.response.status_code))
        for ws in opened:
            await ws.close()
        return outcomes

    assert asyncio.run(many()) == ["open"] * 10 + ["429"] * 2


PAGES = {"": 3, "compare_eta": 3, "convergence_map": 1, "optimizers": 3, "taylor": 3, "data": 1}


def test_the_app_passes_its_content_security_policy_in_chromium(site):
    playwright = pytest.importorskip("playwright.sync_api")
    violations: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            ignore_https_errors=True, viewport={"width": 1280, "height": 800}
        )
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation', e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber))"
        )
        for path, charts in PAGES.items():
            page = context.new_page()
            page.on(
                "console",
                lambda m: (
                    violations.append(m.text)
                    if re.search(r"CSP violation|Content Security Policy", m.text)
                    else None
                ),
            )
            page.goto(f"{site.https}/{path}")
            page.wait_for_selector(
                "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=90_000
            )
            page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=90_000)
            page.wait_for_timeout(1500)
            drawn = page.locator(".js-plotly-plot .main-svg").count()
            assert drawn >= charts, (path, drawn)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"csp_{path or 'error_surface'}.png"))
            page.close()
        browser.close()
    assert violations == []


def test_a_flood_of_new_sessions_from_one_address_is_throttled(site):
    # Last in this module: it spends the address's burst of new sessions.
    # Plain GETs of the WebSocket's route: the session limit applies, no session opens.
    with ThreadPoolExecutor(16) as pool:
        statuses = list(
            pool.map(lambda _: _get(site, site.https + "/_stcore/stream")[0], range(420))
        )
    assert statuses.count(429) >= 50, sorted(set(statuses))  # beyond the class-sized burst
    assert statuses.count(429) < 420 - 250  # a whole class's arrival passes
