"""The server's own protections, as ASGI middleware around Streamlit's
(``serve.py`` hands them to ``st.App``): each answers a request Streamlit
would answer expensively, before it reaches Streamlit.

- :class:`OriginGate`: a WebSocket whose ``Origin`` is neither this site nor
  loopback is refused here. Streamlit 1.67 refuses it too, but first looks up
  the machine's external IP (``net_util.get_external_ip``: a blocking HTTP
  request, up to 2 s, not cached when it fails) on the event loop, so with
  outbound traffic dropped every foreign handshake froze every session.
- :class:`PlotlyAsset`: ``plotly.min.js`` (the 1.75 MB gl3d bundle) from
  memory, gzipped once at start; Streamlit read it from disk and gzipped it
  on every request, and served the rest of its folder beside it: 404 now.
- :class:`UploadCap`: a session holds at most ``MAX_HELD_UPLOADS`` uploaded
  files (Streamlit kept every one until the session ended).
- :class:`PageHead`: the head of every page's HTML carries the app's style
  rules (once, not with every script run), and on a page with charts starts
  Plotly.js and the chart's modules, so their download and Plotly.js's
  ~0.5 s parse overlap Streamlit's own start instead of following the
  page's first drawing.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from ui.streamlit_internals import COMPONENT_ROUTE, UPLOAD_ROUTE, held_uploads

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

# The partial bundle the chart draws with (ui/plotly_js/README.md).
PLOTLY_JS = Path(__file__).resolve().parent / "plotly_js" / "plotly.min.js"
PLOTLY_ROUTE = COMPONENT_ROUTE + "explorer.plotly/"
# The data page has one single-file uploader: a replaced file can be held
# for a moment beside its successor (the browser deletes the old one).
MAX_HELD_UPLOADS = 2
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "0.0.0.0", "::1")
STREAMLIT_SCRIPT = b'<script type="module"'  # Streamlit's bundle, in its page's head
_APP = Path(__file__).resolve().parents[1]
PAGE_STYLE = _APP / "assets" / "page.css"
# Every page's address: "/" (the default page) and one per script in views/.
PAGE_ROUTES = frozenset({"/"} | {f"/{view.stem}" for view in (_APP / "views").glob("*.py")})
# The pages that draw with the chart component (their scripts call
# ui.browser_chart.preload): "/" is the default page, Error surface.
CHART_ROUTES = frozenset({"/", "/error_surface", "/compare_eta", "/optimizers", "/lesson"})
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


def _route(scope: Scope) -> str:
    """The request's path below ``server.baseUrlPath``."""
    path: str = scope.get("path", "")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == f"/{base}" or path.startswith(f"/{base}/")):
        path = path[len(base) + 1 :] or "/"
    return path


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def _respond(
    send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]
) -> None:
    head = [(b"content-length", str(len(body)).encode()), *headers]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


async def _discard_body(receive: Receive) -> None:
    """Reads a request's body without keeping it, up to the upload limit."""
    left = (int(st.get_option("server.maxUploadSize")) + 1) * 2**20
    while left > 0:
        message = await receive()
        left -= len(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body"):
            return


def origin_is_ours(origin: str | None, host: str | None) -> bool:
    """True for the origins the app serves: no Origin (not a browser), the
    page's own host, loopback, ``browser.serverAddress`` and
    ``server.corsAllowedOrigins``. Stricter than Streamlit, which also trusts
    any port of the machine's internal and external IP addresses."""
    if origin is None:
        return True
    try:
        parts = urlsplit(origin)
        name = parts.hostname
    except ValueError:
        return False
    if parts.netloc and parts.netloc == host:
        return True
    trusted = {*LOOPBACK_NAMES, str(st.get_option("browser.serverAddress"))}
    trusted |= {urlsplit(o).hostname or "" for o in st.get_option("server.corsAllowedOrigins")}
    return name is not None and name in trusted


class OriginGate:
    """Refuses a WebSocket with a foreign ``Origin`` (close 1008, as Streamlit
    would) before Streamlit's check can block the event loop on a lookup."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and not origin_is_ours(
            _header(scope, b"origin"), _header(scope, b"host")
        ):
            await send({"type": "websocket.close", "code": 1008})
            return
        await self.app(scope, receive, send)


class PlotlyAsset:
    """Serves ``plotly.min.js`` under the ``explorer.plotly`` component, and
    nothing else from its folder."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.plain = PLOTLY_JS.read_bytes()
        self.gzipped = gzip.compress(self.plain, compresslevel=9, mtime=0)
        # A browser keeps it a day, then asks again with this tag (304: no body).
        self.etag = f'"{hashlib.sha256(self.plain).hexdigest()[:32]}"'.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = _route(scope) if scope["type"] == "http" else ""
        if not path.startswith(PLOTLY_ROUTE):
            await self.app(scope, receive, send)
            return
        if path != PLOTLY_ROUTE + "plotly.min.js" or scope.get("method") != "GET":
            await _respond(send, 404, b"not found", [(b"content-type", b"text/plain")])
            return
        cache = [(b"cache-control", b"public, max-age=86400"), (b"etag", self.etag)]
        if (_header(scope, b"if-none-match") or "").encode() == self.etag:
            await _respond(send, 304, b"", cache)
            return
        accepts = _header(scope, b"accept-encoding") or ""
        zipped = "gzip" in accepts.lower()
        headers = [
            (b"content-type", b"text/javascript"),
            (b"vary", b"Accept-Encoding"),
            *cache,
        ]
        if zipped:  # answered here: Streamlit's gzip middleware never sees it
            headers.append((b"content-encoding", b"gzip"))
        body = self.gzipped if zipped else self.plain
        await _respond(send, 200, body, headers)


class UploadCap:
    """Refuses an upload (413, its body read and dropped) when its session
    already holds ``MAX_HELD_UPLOADS`` files, counting uploads in flight."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.in_flight: dict[str, int] = {}

    def _held(self, session_id: str, file_id: str) -> int:
        # A re-upload of a file replaces it: not counted.
        held = sum(1 for held_id in held_uploads(session_id) if held_id != file_id)
        return held + self.in_flight.get(session_id, 0)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = _route(scope) if scope["type"] == "http" else ""
        parts = path[len(UPLOAD_ROUTE) :].split("/")
        if scope.get("method") != "PUT" or not path.startswith(UPLOAD_ROUTE) or len(parts) != 2:
            await self.app(scope, receive, send)
            return
        session_id, file_id = parts
        if self._held(session_id, file_id) >= MAX_HELD_UPLOADS:
            await _discard_body(receive)  # a refused client still reads the answer
            message = (
                f"upload refused: this session already holds {MAX_HELD_UPLOADS} uploaded "
                "files; remove one first"
            ).encode()
            await _respond(send, 413, message, [(b"content-type", b"text/plain")])
            return
        self.in_flight[session_id] = self.in_flight.get(session_id, 0) + 1
        try:
            await self.app(scope, receive, send)
        finally:
            left = self.in_flight.pop(session_id) - 1
            if left:
                self.in_flight[session_id] = left


class PageHead:
    """Adds to the head of the HTML Streamlit serves for a page
    (``PAGE_ROUTES``) the style rules of ``assets/page.css`` (as an
    ``st.html`` element they travelled with every script run) and, on a page
    with charts (``CHART_ROUTES``), Plotly.js and the chart's modules.

    Plotly.js is an ``async`` script placed before Streamlit's own, with
    ``EARLY_SCRIPT`` (``ui.browser_chart``) after it to mark how it ends: it
    runs (a ~0.5 s parse) as it arrives, mostly while the browser still
    fetches Streamlit's ~60 modules, not after the page's first drawing (where the page's first
    element starts it for a tab that opened on another page). The page is
    sent whole, gzipped when asked, never cached (Streamlit's ``no-cache``)."""

    def __init__(self, app: App) -> None:
        from ui.browser_chart import EARLY_SCRIPT  # the app's modules: loaded with it anyway
        from ui.components import PACKAGE, chart_modules

        self.app = app
        rules = re.sub(r"/\*.*?\*/\n?", "", PAGE_STYLE.read_text(encoding="utf-8"), flags=re.S)
        self.style = f"<style>{rules}</style>".encode()  # its comments are for us
        # Relative, like Streamlit's own addresses, so a base URL path is kept.
        plotly = f".{PLOTLY_ROUTE}plotly.min.js"
        self.script = (
            f'<script async src="{plotly}" data-esx-plotly="loading"></script>{EARLY_SCRIPT}'
        ).encode()
        # The chart's modules, fetched with the page (each imports the next:
        # fetched as the component mounts, they came one round trip apart).
        folder = f".{COMPONENT_ROUTE}{PACKAGE}.chart/"
        self.modules = "".join(
            f'<link rel="modulepreload" href="{folder}{name}">' for name in chart_modules()
        ).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or (_route(scope) not in PAGE_ROUTES)
        ):
            await self.app(scope, receive, send)
            return
        charts = _route(scope) in CHART_ROUTES
        gzipped = "gzip" in (_header(scope, b"accept-encoding") or "").lower()
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
                await self._send_page(send, start, b"".join(body), gzipped, charts)

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
        await _respond(send, 200, html, kept)

    def _start_plotly(self, html: bytes) -> bytes:
        # Named only once served: a module that failed to load stays failed for the page.
        from ui.components import serve_assets

        modules = self.modules if serve_assets() else b""
        app = html.find(STREAMLIT_SCRIPT)  # Plotly.js just before it, the modules after
        if app == -1:
            return html.replace(b"</head>", modules + self.script + b"</head>", 1)
        return html[:app] + self.script + html[app:].replace(b"</head>", modules + b"</head>", 1)
