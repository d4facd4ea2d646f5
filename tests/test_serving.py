"""The server's protections, over real HTTP and the real WebSocket of the app
as served (``streamlit run serve.py``): no traceback or server path reaches a
browser; a foreign Origin cannot stall the event loop; Plotly.js is the only
file of its folder served; a session cannot pile up uploads."""

from __future__ import annotations

import asyncio
import gzip
import shutil
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest
import websockets
from serving_helpers import ROOT, blackhole, dropped_outbound_env, served
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ui.serving import MAX_HELD_UPLOADS, PLOTLY_JS

sys.path.insert(0, str(ROOT / "benchmarks"))
from st_client import Session

SECRET = "s3cr3t-detail-of-the-failure"


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Any, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


async def _raw_rerun(url: str) -> list[bytes]:
    """Every WebSocket frame of one session's first run, as received."""
    session = Session(url, timeout=60)
    await session.connect()
    frames: list[bytes] = []
    receive = session.ws.recv

    async def recording() -> bytes:
        frame = await receive()
        frames.append(frame)
        return frame

    session.ws.recv = recording
    try:
        await session.rerun()
    finally:
        await session.close()
    return frames


def _without_script_path(frame: bytes) -> bytes:
    """The frame, less the one path Streamlit sends every session whatever
    the settings (``NewSession.main_script_path``: where the app is installed,
    not an error; see the module's docstring)."""
    message = ForwardMsg()
    message.ParseFromString(frame)
    if message.WhichOneof("type") != "new_session":
        return frame
    message.new_session.main_script_path = ""
    return message.SerializeToString()


def test_a_page_that_raises_shows_no_traceback_no_message_and_no_path(tmp_path):
    # A page that fails, served with the app's own configuration file.
    (tmp_path / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", tmp_path / ".streamlit" / "config.toml")
    (tmp_path / "boom.py").write_text(
        "import streamlit as st\nst.write('before')\n"
        f"def inner():\n    raise ValueError({SECRET!r})\ninner()\n"
    )
    with served("boom.py", cwd=tmp_path) as (url, server):
        wire = b"".join(_without_script_path(f) for f in asyncio.run(_raw_rerun(url)))
        server.terminate()
        log = server.communicate(timeout=20)[1].decode()
    assert b"before" in wire  # the page ran and its output reached the client
    for leak in (SECRET, "Traceback", "boom.py", str(tmp_path), "site-packages", "inner"):
        assert leak.encode() not in wire, leak
    assert SECRET in log and "Traceback" in log  # the server still logs it


async def _foreign_handshakes(url: str, count: int) -> list[str]:
    async def one() -> str:
        try:
            async with websockets.connect(
                "ws" + url[4:] + "/_stcore/stream",
                additional_headers={"Origin": "https://evil.example"},
                subprotocols=["streamlit"],  # type: ignore[list-item]
                open_timeout=120,
            ) as ws:
                await ws.recv()
                return "open"
        except websockets.exceptions.InvalidStatus as refused:
            return str(refused.response.status_code)
        except websockets.exceptions.ConnectionClosed as closed:
            return str(closed.rcvd.code if closed.rcvd else "closed")

    return list(await asyncio.gather(*(one() for _ in range(count))))


def test_foreign_origin_handshakes_do_not_stall_the_server_when_outbound_traffic_is_dropped():
    with blackhole() as proxy, served(env=dropped_outbound_env(proxy)) as (url, _):
        latencies: list[float] = []
        done = threading.Event()

        def poll_health() -> None:
            while not done.is_set():
                start = time.perf_counter()
                _get(f"{url}/_stcore/health")
                latencies.append(time.perf_counter() - start)
                time.sleep(0.05)

        poller = threading.Thread(target=poll_health)
        poller.start()
        try:
            outcomes = asyncio.run(_foreign_handshakes(url, 20))
            time.sleep(0.5)
        finally:
            done.set()
            poller.join()
    assert set(outcomes) <= {"403", "1008"}, outcomes  # refused, every one
    assert len(latencies) >= 5
    # one lookup alone blocks 2 s (two 1 s timeouts); a loaded machine stays well under 1 s
    assert max(latencies) < 1.0, f"health took up to {max(latencies):.2f} s"


@pytest.fixture(scope="module")
def app_url():
    with served() as (url, _):
        asyncio.run(_first_run(url))  # the components register on a page's first run
        yield url


async def _first_run(url: str) -> None:
    session = Session(url, timeout=120)
    await session.connect()
    await session.rerun()
    await session.close()


BIDI = "/_stcore/bidi-components/"


@pytest.mark.parametrize(
    "path",
    [
        "explorer.plotly/widgetbundle.js",
        "explorer.plotly/plotly.js",
        "explorer.plotly/templates/plotly.json",
        "explorer.plotly/datasets/iris.csv.gz",
        "explorer.plotly/package_data/plotly.min.js",
        "explorer.plotly/%2e%2e/explorer.chart/entry.js",
        "explorer.plotly/plotly.min.js/",
    ],
)
def test_nothing_but_plotly_min_js_is_served_from_plotlys_folder(app_url, path):
    status, _, body = _get(app_url + BIDI + path)
    assert status in (400, 404), (status, body[:80])


def test_plotly_min_js_is_served_whole_and_gzipped_when_asked(app_url):
    original = PLOTLY_JS.read_bytes()
    status, headers, body = _get(app_url + BIDI + "explorer.plotly/plotly.min.js")
    assert status == 200 and body == original
    assert "javascript" in headers["Content-Type"]
    status, headers, body = _get(
        app_url + BIDI + "explorer.plotly/plotly.min.js", {"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(body) == original and len(body) < len(original) / 2
    # cached a day, then revalidated without a body
    assert "max-age=86400" in headers["Cache-Control"]
    status, _, body = _get(
        app_url + BIDI + "explorer.plotly/plotly.min.js", {"If-None-Match": headers["ETag"]}
    )
    assert status == 304 and body == b""
    # the chart's own files are served as before
    assert _get(app_url + BIDI + "explorer.chart/entry.js")[0] == 200


def test_a_chart_pages_html_starts_plotly_and_names_the_charts_modules(app_url):
    """ui.page_head.PageHead on a fresh server (its first request): the
    head of a chart page starts Plotly.js (an async script, served, then the
    early script) just before Streamlit's bundle, and ends with a
    modulepreload of every chart module, each served; other pages are
    Streamlit's own."""
    import re

    from ui.browser_chart import EARLY_SCRIPT
    from ui.components import chart_modules

    status, headers, body = _get(app_url + "/")
    page = body.decode()
    assert status == 200 and "text/html" in headers["Content-Type"]
    head = page.split("</head>")[0]
    tag = ('<script async src="./_stcore/bidi-components/explorer.plotly/'
           'plotly.min.js" data-esx-plotly="loading"></script>')  # fmt: skip
    started = head.index(EARLY_SCRIPT + tag)
    assert started < head.index('<script type="module"') and page.count(EARLY_SCRIPT) == 1
    assert head.count("<script") == 4  # Streamlit's two, ours two
    status, _, plotly = _get(app_url + "/_stcore/bidi-components/explorer.plotly/plotly.min.js")
    assert status == 200 and plotly.startswith(b"/**") and b"plotly.js" in plotly[:400]
    assert head.rstrip().endswith('.js">')  # the modules: last, after Streamlit's own
    preloaded = re.findall(r'<link rel="modulepreload" href="\./_stcore/bidi-components/'
                           r'explorer\.chart/([\w.]+)">', head)  # fmt: skip
    assert preloaded == chart_modules() and "entry.js" in preloaded and "engine.js" in preloaded
    for name in preloaded:
        assert _get(app_url + BIDI + "explorer.chart/" + name)[0] == 200, name
    status, headers, zipped = _get(app_url + "/optimizers", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    assert gzip.decompress(zipped) == body and int(headers["Content-Length"]) == len(zipped)
    assert "ETag" not in headers and "no-cache" in headers["Cache-Control"]
    # a conditional request still gets the page whole (Streamlit would say 304)
    assert _get(app_url + "/compare_eta", {"If-None-Match": "*"})[2] == body
    for other in ("/data", "/taylor", "/room"):
        status, _, plain = _get(app_url + other)
        assert (
            status == 200
            and b"data-esx-plotly" not in plain
            and b'modulepreload" href="./_stcore' not in plain
        )
    assert _get(app_url + "/_stcore/health")[2] == b"ok"


def test_every_pages_head_carries_the_apps_style_rules(app_url):
    """ui.page_head.PageHead: the rules of assets/page.css (without their
    comments) in the head of every page's HTML, once, an unknown page's
    (Streamlit answers it with the default page) included; none in the
    page's script runs (test_page_error_surface); nothing else is touched."""
    from ui.page_head import PAGE_STYLE, is_page

    rules = [line for line in PAGE_STYLE.read_text().splitlines() if line.startswith("#root")]
    views = sorted(f"/{view.stem}" for view in (ROOT / "views").glob("*.py"))
    assert len(rules) >= 4 and len(views) == 9
    for route in ["/", *views, "/nope"]:
        status, _, body = _get(app_url + route)
        head = body.decode().split("</head>")[0]
        assert status == 200 and head.count("<style>") == 1, route
        style = head.split("<style>")[1].split("</style>")[0]
        assert all(rule in style for rule in rules) and "/*" not in style, route
    _, headers, favicon = _get(app_url + "/favicon.png")
    assert favicon.startswith(b"\x89PNG") and "image/png" in headers["Content-Type"]
    assert _get(app_url + "/_stcore/health")[2] == b"ok"
    assert [p for p in ("/", "/optimizers", "/a/b", "/lesson/") if not is_page(p)] == []
    assets = ("/_stcore/stream", "/static/js/index.js", "/media/x", "/favicon.png", "/robots.txt")
    assert [p for p in assets if is_page(p)] == []


def _request(
    url: str, session: Session, method: str, file_id: str, body: bytes = b"", boundary: str = ""
) -> int:
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{session.session_id}/{file_id}",
        data=body or None,
        method=method,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": session.cookies["_streamlit_xsrf"],  # as the browser sends it
            "Cookie": "; ".join(f"{k}={v}" for k, v in session.cookies.items()),
            "Origin": url,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def _upload(url: str, session: Session, file_id: str, size: int = 4 * 2**20) -> int:
    """A CSV of ``size`` bytes (within the 5 MB limit) to the session, as the
    browser's uploader sends it."""
    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\n'
    body = (
        (head + "Content-Type: text/csv\r\n\r\nx,y\n").encode()
        + b"1,0.5\n" * (size // 6)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return _request(url, session, "PUT", file_id, body, boundary)


async def _upload_round(url: str) -> dict[str, list[int]]:
    sessions = [Session(url, timeout=120), Session(url, timeout=120)]
    for session in sessions:
        await session.connect()
        await session.rerun()
    attacker, student = sessions
    ids = [str(uuid.uuid4()) for _ in range(6)]
    put = asyncio.to_thread
    seen = {"attacker": [await put(_upload, url, attacker, i) for i in ids]}
    seen["again"] = [await put(_upload, url, attacker, ids[0])]  # the same file, replaced
    seen["delete"] = [await put(_request, url, attacker, "DELETE", ids[0])]
    seen["after_delete"] = [await put(_upload, url, attacker, str(uuid.uuid4()))]
    seen["student"] = [await put(_upload, url, student, str(uuid.uuid4())) for _ in range(2)]
    for session in sessions:
        await session.close()
    return seen


def test_a_session_holds_at_most_its_cap_of_uploads(app_url):
    seen = asyncio.run(_upload_round(app_url))
    cap = MAX_HELD_UPLOADS
    assert seen["attacker"] == [204] * cap + [413] * (6 - cap)
    assert seen["again"] == [204]  # a file the session holds can be sent again
    assert seen["delete"] == [204] and seen["after_delete"] == [204]
    assert seen["student"] == [204, 204]  # the cap is per session


def test_the_chart_routes_are_the_pages_that_preload_plotly():
    """ui.page_head.CHART_ROUTES names exactly the pages whose scripts call
    ui.browser_chart.preload (the default page, Error surface, also as "/")."""
    from ui.page_head import CHART_ROUTES

    preloading = {
        "/" + path.stem
        for path in (ROOT / "views").glob("*.py")
        if "\npreload()" in path.read_text(encoding="utf-8")
    }
    assert preloading and preloading | {"/"} == CHART_ROUTES
