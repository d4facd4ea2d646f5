"""The app's own lines in the head of the HTML Streamlit serves for a page
(ASGI middleware, ``serve.py``): the style rules of ``assets/page.css`` on
every page, sent once with the page instead of with every script run; and on
a page with charts, Plotly.js and the chart's modules started before
Streamlit's own bundle runs, so their download and Plotly.js's ~0.5 s parse
overlap Streamlit's start instead of following the page's first drawing.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from ui.serving import PLOTLY_ROUTE, App, Message, Receive, Scope, Send, header, respond, route
from ui.streamlit_internals import COMPONENT_ROUTE

PAGE_STYLE = Path(__file__).resolve().parents[1] / "assets" / "page.css"
# The pages that draw with the chart component (their scripts call
# ui.browser_chart.preload): "/" is the default page, Error surface.
CHART_ROUTES = frozenset({"/", "/error_surface", "/compare_eta", "/optimizers", "/lesson"})
STREAMLIT_SCRIPT = b'<script type="module"'  # Streamlit's bundle, in its page's head
# Where Streamlit serves what is not a page; any other path without a file
# extension is answered with the page (an unknown one with the default page).
NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/")
# Request headers that would make Streamlit answer with other than the
# plain page: its gzip, a 304, a part.
_WHOLE_PAGE_ONLY = (b"accept-encoding", b"if-none-match", b"if-modified-since", b"range")
# Response headers that describe Streamlit's bytes, not the page sent.
_OF_THE_BYTES = (
    b"content-length",
    b"content-encoding",
    b"etag",
    b"last-modified",
    b"accept-ranges",
)


def is_page(path: str) -> bool:
    """True if Streamlit answers ``path`` (below the base URL path) with its page."""
    return not path.startswith(NOT_PAGES) and "." not in path.rsplit("/", 1)[-1]


class PageHead:
    """Adds to the head of the HTML Streamlit serves for a page the style
    rules of ``assets/page.css`` (as an ``st.html`` element they travelled
    with every script run) and, on a page with charts (``CHART_ROUTES``),
    Plotly.js and the chart's modules.

    Plotly.js is an ``async`` script placed before Streamlit's own, after
    ``EARLY_SCRIPT`` (``ui.browser_chart``), which marks how it ends: it runs
    (a ~0.5 s parse) as it arrives, mostly while the browser still fetches
    Streamlit's ~60 modules, not after the page's first drawing (where the
    page's first element starts it for a tab that opened on another page).
    The page is sent whole, gzipped when asked, never cached (Streamlit's
    ``no-cache``)."""

    def __init__(self, app: App) -> None:
        from ui.browser_chart import EARLY_SCRIPT  # the app's modules: loaded with it anyway
        from ui.components import PACKAGE, chart_modules

        self.app = app
        rules = re.sub(r"/\*.*?\*/\n?", "", PAGE_STYLE.read_text(encoding="utf-8"), flags=re.S)
        self.style = f"<style>{rules}</style>".encode()  # its comments are for us
        # Relative, like Streamlit's own addresses, so a base URL path is kept.
        plotly = f".{PLOTLY_ROUTE}plotly.min.js"
        self.script = (
            f'{EARLY_SCRIPT}<script async src="{plotly}" data-esx-plotly="loading"></script>'
        ).encode()
        # The chart's modules, fetched with the page (each imports the next:
        # fetched as the component mounts, they came one round trip apart).
        folder = f".{COMPONENT_ROUTE}{PACKAGE}.chart/"
        self.modules = "".join(
            f'<link rel="modulepreload" href="{folder}{name}">' for name in chart_modules()
        ).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = route(scope) if scope["type"] == "http" else ""
        if scope["type"] != "http" or scope.get("method") != "GET" or not is_page(path):
            await self.app(scope, receive, send)
            return
        gzipped = "gzip" in (header(scope, b"accept-encoding") or "").lower()
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in _WHOLE_PAGE_ONLY]
        start: Message | None = None
        body: list[bytes] = []

        async def page(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.append(bytes(message.get("body", b"")))
            if not message.get("more_body"):
                await self._send_page(send, start, b"".join(body), gzipped, path in CHART_ROUTES)

        await self.app({**scope, "headers": headers}, receive, page)

    async def _send_page(
        self, send: Send, start: Message, html: bytes, gzipped: bool, charts: bool
    ) -> None:
        head = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
        kind = next((v for k, v in head if k.lower() == b"content-type"), b"")
        if start["status"] != 200 or not kind.startswith(b"text/html") or b"</head>" not in html:
            await send(start)  # not the page (an error, a redirect): as Streamlit sent it
            await send({"type": "http.response.body", "body": html})
            return
        html = html.replace(b"</head>", self.style + b"</head>", 1)
        if charts:
            html = self._start_plotly(html)
        kept = [(k, v) for k, v in head if k.lower() not in _OF_THE_BYTES and k.lower() != b"vary"]
        kept.append((b"vary", b"Accept-Encoding"))
        if gzipped:
            html = gzip.compress(html, compresslevel=6, mtime=0)
            kept.append((b"content-encoding", b"gzip"))
        await respond(send, 200, html, kept)

    def _start_plotly(self, html: bytes) -> bytes:
        """Plotly.js's start just before Streamlit's bundle, the modules last.
        A page without Streamlit's bundle where expected gets neither: its
        first element starts Plotly.js."""
        from ui.components import serve_assets

        app = html.find(STREAMLIT_SCRIPT)
        # Named only once served: a module that failed to load stays failed for the page.
        if app == -1 or not serve_assets():
            return html
        return (
            html[:app] + self.script + html[app:].replace(b"</head>", self.modules + b"</head>", 1)
        )
