"""A browser-less Streamlit client: one session over the app's WebSocket,
speaking the protobufs that ship in the streamlit package.

The handshake, as the installed server expects it
(``streamlit/web/server/starlette/starlette_websocket.py``):

1. ``GET /_stcore/health`` sets the ``_streamlit_xsrf`` cookie (and, behind
   the nginx of ``deploy/``, the affinity cookie).
2. ``GET /_stcore/stream`` upgraded to a WebSocket with an ``Origin`` header,
   the cookies, and ``Sec-WebSocket-Protocol: streamlit, <xsrf cookie>``.
3. Each rerun is a ``BackMsg.rerun_script`` carrying a ``ClientState``
   (page, widget values); the server answers with ``ForwardMsg`` s: the
   page's deltas, then ``script_finished``.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Rerun:
    """What one rerun returned: seconds from request to ``script_finished``,
    the page's widgets (key → id), chart specs (key → JSON) and errors."""

    seconds: float
    widgets: dict[str, str] = field(default_factory=dict)
    charts: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, float] = field(default_factory=dict)  # number inputs' values
    set_by_server: set[str] = field(default_factory=set)  # numbers the script itself set
    link: dict[str, str] = field(default_factory=dict)  # the query of "Share this view"
    inputs: dict[str, str] = field(default_factory=dict)  # text inputs' values
    texts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Session:
    """One browser tab's worth of Streamlit session, without the browser."""

    def __init__(self, base_url: str, timeout: float = 120.0) -> None:
        host = urlsplit(base_url).hostname
        if host not in LOOPBACK:
            raise ValueError(f"loopback only: refusing to load {host!r}")
        self.base = base_url.rstrip("/")
        self.timeout = timeout
        self.pages: dict[str, str] = {}  # url path name → page script hash
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}
        self.cookies: dict[str, str] = {}
        self.upstreams: list[str] = []  # per request: the replica behind a proxy (X-Upstream)
        self.session_id = ""
        self.ws: Any = None
        self._ids: dict[str, str] = {}  # widget key → id, from the last rerun
        self.query = ""  # the page's query string, as a shared link opens it
        self._shown: dict[str, float] = {}  # number inputs' values, as a browser shows them

    async def connect(self) -> None:
        self.cookies, upstream = await asyncio.to_thread(self._health_cookies)
        self.upstreams.append(upstream)
        await self._open_stream()

    async def reconnect(self) -> None:
        """Drop the WebSocket and open a new one to the same session, as a
        browser does after a network blip: the session must still be there."""
        await self.ws.close()
        await self._open_stream(self.session_id)

    async def _open_stream(self, session_id: str = "") -> None:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        url = "ws" + self.base[len("http") :] + "/_stcore/stream"
        self.ws = await websockets.connect(
            url,
            # streamlit, the XSRF token, the session to resume (entries by position)
            subprotocols=[p for p in ("streamlit", xsrf, session_id) if p],  # type: ignore[misc]
            additional_headers={"Origin": self.base, "Cookie": cookie},
            max_size=64 * 2**20,
            open_timeout=self.timeout,
            ping_interval=None,  # as a browser: no client pings (a busy server answers late)
        )
        self.upstreams.append(self.ws.response.headers.get("X-Upstream", ""))

    def _health_cookies(self) -> tuple[dict[str, str], str]:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(f"{self.base}/_stcore/health", timeout=self.timeout) as reply:
            reply.read()
            upstream = reply.headers.get("X-Upstream", "")
        return {c.name: c.value for c in jar if c.value is not None}, upstream

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def click(self, chart: str, w: float, b: float) -> Rerun:
        """A click on chart component ``chart``'s contour at (w, b): the
        trigger is sent with this rerun only, as a browser sends it."""
        return await self.event(chart, "click", {"w": w, "b": b})

    async def event(self, chart: str, event: str, value: Any) -> Rerun:
        """Chart component ``chart`` sends ``event`` with ``value`` (a
        trigger: with this rerun only, as a browser sends it)."""
        key = f"{chart}{EVENTS}"
        self.states[key] = event_state(self._ids[key], event, value)
        try:
            return await self.rerun()
        finally:
            self.states.pop(key, None)

    async def upload(self, key: str, name: str, content: bytes) -> Rerun:
        """Upload ``content`` as file ``name`` to the file uploader ``key``, as
        a browser does: ask the server for an upload URL over the WebSocket,
        PUT the file there (with the XSRF token), then rerun with the
        uploader's state naming the file."""
        ask = BackMsg()
        ask.file_urls_request.request_id = f"upload-{time.monotonic_ns()}"
        ask.file_urls_request.file_names.append(name)
        ask.file_urls_request.session_id = self.session_id
        await self.ws.send(ask.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), self.timeout))
            if fwd.WhichOneof("type") == "file_urls_response":
                break
        urls = fwd.file_urls_response.file_urls[0]
        target = urls.upload_url if "://" in urls.upload_url else self.base + urls.upload_url
        boundary = "esx-upload-boundary"
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"'
            f"\r\nContent-Type: text/csv\r\n\r\n".encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(target, data=body, method="PUT")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("X-Xsrftoken", self.cookies.get("_streamlit_xsrf", ""))
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        await asyncio.to_thread(
            lambda: urllib.request.urlopen(request, timeout=self.timeout).read()
        )
        state = WidgetState(id=self._ids[key])
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(content), urls.file_id
        info.file_urls.CopyFrom(urls)
        self.states[key] = state
        return await self.rerun()

    async def rerun(self, page: str | None = None, **changes: Any) -> Rerun:
        """Rerun (on ``page``, a URL path name such as ``compare_eta``) with
        widget values changed: ``key=value`` for a known widget key."""
        start = time.perf_counter()
        await self.rerun_no_wait(page, **changes)
        result = Rerun(0.0)
        await asyncio.wait_for(self._until_finished(result), self.timeout)
        result.seconds = time.perf_counter() - start
        self._ids = result.widgets or self._ids
        self._show_numbers(result, changes)
        return result

    async def rerun_no_wait(self, page: str | None = None, **changes: Any) -> None:
        """Ask for the rerun :meth:`rerun` waits for, and return at once (a tab
        that closes before its page arrives)."""
        if page is not None:
            self.page_hash = self.pages[page]
            self.states = {}  # a new page: its own widgets
        for key, value in changes.items():
            self.states[key] = _state(self._ids[key], value)
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(self.states.values())
        await self.ws.send(msg.SerializeToString())

    def _show_numbers(self, result: Rerun, changes: dict[str, Any]) -> None:
        """The number inputs' values as a browser holds them: what it sent,
        until the script sets a value (only then does the server send one);
        a value the page's share link carries is what the page computed with."""
        self._shown.update({k: float(v) for k, v in changes.items() if isinstance(v, (int, float))})
        self._shown.update({k: result.numbers[k] for k in result.set_by_server})
        for key in result.numbers:
            if key in result.link:
                result.numbers[key] = float(result.link[key])
            elif key in self._shown:
                result.numbers[key] = self._shown[key]

    async def _until_finished(self, result: Rerun) -> None:
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                for page in fwd.navigation.app_pages:
                    self.pages[page.url_pathname] = page.page_script_hash
                if not self.page_hash:
                    self.page_hash = fwd.navigation.page_script_hash
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                _read_element(fwd.delta.new_element, result)
            elif kind == "script_finished":
                if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    result.errors.append("the page did not compile")
                if fwd.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return


def _read_element(element: Any, result: Rerun) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        result.errors.append(f"{element.exception.type}: {element.exception.message}")
        return
    if kind in ("markdown", "alert"):
        result.texts.append(getattr(element, kind).body)
    inner = getattr(element, kind, None) if kind else None
    widget_id = getattr(inner, "id", "")
    if widget_id.startswith("$$ID-"):
        result.widgets[widget_id.rsplit("-", 1)[-1]] = widget_id
    if kind == "number_input":
        number = element.number_input
        key = number.id.rsplit("-", 1)[-1]
        result.numbers[key] = number.value if number.set_value else number.default
        if number.set_value:
            result.set_by_server.add(key)
    if kind == "bidi_component" and element.bidi_component.component_name == "explorer.link":
        link = json.loads(element.bidi_component.json)["url"]  # Share this view
        if "?" in link:
            result.link = dict(parse_qsl(link.split("?", 1)[1]))
        return
    if kind == "text_input":
        box = element.text_input
        result.inputs[box.id.rsplit("-", 1)[-1]] = box.value if box.set_value else box.default
    if kind == "plotly_chart":
        result.charts[element.plotly_chart.id.rsplit("-", 1)[-1]] = element.plotly_chart.spec
    if kind == "bidi_component":  # the chart component: its events arrive on one trigger widget
        key = element.bidi_component.id.rsplit("-", 1)[-1]
        result.charts[key] = element.bidi_component.component_name
        result.widgets[f"{key}{EVENTS}"] = trigger_id(element.bidi_component.id)


EVENTS = "__events"


def trigger_id(component_id: str) -> str:
    """The widget id a component's events (trigger values) are sent on, as
    Streamlit's ``bidi_component`` builds it."""
    return f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{component_id}{EVENTS}"


def event_state(widget_id: str, event: str, value: Any) -> WidgetState:
    """A component event as the browser sends it: a JSON list of payloads."""
    state = WidgetState(id=widget_id)
    state.json_trigger_value = json.dumps([{"event": event, "value": value}])
    return state


def _state(widget_id: str, value: Any) -> WidgetState:
    """A widget value as the browser sends it: numbers as doubles, a chart
    selection as JSON text in ``string_value`` (Streamlit's chart decodes it
    itself; sent as ``json_value`` it raises before the page runs)."""
    state = WidgetState(id=widget_id)
    if isinstance(value, bool):
        state.bool_value = value
    elif isinstance(value, (int, float)):
        state.double_value = float(value)
    elif isinstance(value, dict):
        state.string_value = json.dumps(value)
    else:
        state.string_value = str(value)
    return state
