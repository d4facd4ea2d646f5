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
"""

from __future__ import annotations

import gzip
import hashlib
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


def route(scope: Scope) -> str:
    """The request's path below ``server.baseUrlPath``."""
    path: str = scope.get("path", "")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    if base and (path == f"/{base}" or path.startswith(f"/{base}/")):
        path = path[len(base) + 1 :] or "/"
    return path


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


async def respond(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
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
            header(scope, b"origin"), header(scope, b"host")
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
        path = route(scope) if scope["type"] == "http" else ""
        if not path.startswith(PLOTLY_ROUTE):
            await self.app(scope, receive, send)
            return
        if path != PLOTLY_ROUTE + "plotly.min.js" or scope.get("method") != "GET":
            await respond(send, 404, b"not found", [(b"content-type", b"text/plain")])
            return
        cache = [(b"cache-control", b"public, max-age=86400"), (b"etag", self.etag)]
        if (header(scope, b"if-none-match") or "").encode() == self.etag:
            await respond(send, 304, b"", cache)
            return
        accepts = header(scope, b"accept-encoding") or ""
        zipped = "gzip" in accepts.lower()
        headers = [
            (b"content-type", b"text/javascript"),
            (b"vary", b"Accept-Encoding"),
            *cache,
        ]
        if zipped:  # answered here: Streamlit's gzip middleware never sees it
            headers.append((b"content-encoding", b"gzip"))
        body = self.gzipped if zipped else self.plain
        await respond(send, 200, body, headers)


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
        path = route(scope) if scope["type"] == "http" else ""
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
            await respond(send, 413, message, [(b"content-type", b"text/plain")])
            return
        self.in_flight[session_id] = self.in_flight.get(session_id, 0) + 1
        try:
            await self.app(scope, receive, send)
        finally:
            left = self.in_flight.pop(session_id) - 1
            if left:
                self.in_flight[session_id] = left
