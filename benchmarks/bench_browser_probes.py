"""One page of the app under measurement (see ``bench_browser.py``).

Times are taken inside the page: from the user's event (a capture listener
on click / Enter) to the frame in which the new state shows (conditions
polled every animation frame), then extended to the end of any long
animation frame (``PerformanceObserver('long-animation-frame')``) within a
second after it, so a second redraw that follows the first is counted too.
The same rule for both flavours: ``plotly`` (today's st.plotly_chart
figures) and ``component`` (the chart component).
"""

from __future__ import annotations

import base64
import itertools
from typing import Any

# Issue 22's targets, beside the base (main) in the same run.
CHECKS = {
    "click s (shown)": "≤ 0.25 s",
    "click s (settled)": "≤ 0.25 s",
    "click WS kB": "≤ base",
    "η list s (shown)": "≤ 0.3 s",
    "η list s (settled)": "≤ 0.3 s",
    "η list WS kB": "≤ base",
    "play 2D frame interval ms": "p95 ≤ 50 ms",
    "play 3D update ms": "report",
}
for _page in ("error surface", "compare η", "optimizers"):
    CHECKS[f"load {_page} s (shown)"] = "≤ 0.7 × base"
    CHECKS[f"load {_page} s (settled)"] = "≤ 0.7 × base"
    CHECKS[f"load {_page} first 2D s"] = "≤ 0.5 × base"
    CHECKS[f"load {_page} WS kB"] = "≤ base"
    CHECKS[f"ghost {_page} ms"] = "p95 ≤ 50 ms"
    CHECKS[f"ghost {_page} WS frames sent"] = "0"

INIT = """
window.__marks = {};
window.__frames = [];
document.addEventListener('click', () => { window.__marks.user = performance.now(); }, true);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') window.__marks.user = performance.now(); }, true);
new PerformanceObserver((list) => { for (const e of list.getEntries())
  window.__frames.push([e.startTime, e.startTime + e.duration]); })
  .observe({type: 'long-animation-frame', buffered: true});
"""
IDLE = "document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'"
PLOTS_DRAWN = """[...document.querySelectorAll('[data-testid=stPlotlyChart]')].every(c => {
  const gd = c.querySelector('.js-plotly-plot');
  return gd && gd._fullLayout && gd.querySelector('.main-svg'); })"""
GHOST = "document.querySelector('.esx')?.__explorer?.ghost"
# The first 2D view of the component drawn (its epoch is set once Plotly drew it).
FIRST_2D = """[...document.querySelectorAll('.esx-plot')]
  .some(p => p.dataset.view !== 'surface' && p.dataset.epoch !== undefined)"""
CHART_DRAWN = """(() => { const root = document.querySelector('.esx');
  return !!root && !!root.dataset.updates
    && [...root.querySelectorAll('.esx-plot')].every(p => p.dataset.epoch !== undefined); })()"""
UPDATES = "Number(document.querySelector('.esx')?.dataset.updates || 0)"
# Plain figures the component draws (the sweep, the race's loss and η_t):
# how many times each was drawn, summed.
FIGURE_DRAWS = """[...document.querySelectorAll('.esx-figure')]
  .reduce((n, gd) => n + Number(gd.dataset.drawn || 0), 0)"""
START_X = """(() => { const gd = document.querySelector('.js-plotly-plot');
  const t = gd && gd._fullData && gd._fullData.find(t => t.name === 'start (w₀, b₀)');
  return t ? String(t.x[0]) + ',' + String(t.y[0]) : ''; })()"""
# st.plotly_chart figures on each page, today and with the component; and
# the plain figures the component draws.
CHARTS = {
    "plotly": {"": 1, "compare_eta": 4, "optimizers": 3},
    "component": {"": 0, "compare_eta": 0, "optimizers": 0},
}
FIGURES = {"": 0, "compare_eta": 1, "optimizers": 2}
CONTOUR = {
    "plotly": "document.querySelector('.js-plotly-plot')",
    "component": "document.querySelector('.esx-plot[data-view=contour]')",
}


class Probe:
    """A fresh browser context (cold cache) on ``url/path``."""

    def __init__(self, browser, url: str, path: str, flavour: str, width: int, height: int):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.add_init_script(INIT)
        self.page = self.context.new_page()
        self.url, self.path, self.flavour = url, path, flavour
        self.ws = 0
        self.sent = 0  # WebSocket frames the page sent
        self.http = 0
        self.errors: list[str] = []
        cdp = self.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._sent)
        cdp.on("Network.loadingFinished", self._loaded)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _frame(self, event: dict[str, Any]) -> None:
        """Bytes of a received frame (CDP gives binary payloads in base64)."""
        payload = event["response"]["payloadData"]
        binary = event["response"].get("opcode") == 2
        self.ws += len(base64.b64decode(payload)) if binary else len(payload.encode())

    def _sent(self, event: dict[str, Any]) -> None:
        self.sent += 1

    def _loaded(self, event: dict[str, Any]) -> None:
        self.http += int(event.get("encodedDataLength", 0))

    def __enter__(self) -> Probe:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.errors:
            print(f"  page errors ({self.flavour} {self.path or 'error surface'}): {self.errors}")
        self.context.close()

    def _when(self, condition: str, timeout: float = 60_000) -> float:
        """performance.now() of the first frame in which ``condition`` holds."""
        handle = self.page.wait_for_function(
            f"() => ({condition}) ? performance.now() : false", polling="raf", timeout=timeout
        )
        return float(handle.json_value())

    def _settle(self, start: float, shown: float) -> tuple[float, float]:
        """Seconds from ``start`` to the frame that showed the new state, and
        to the end of the last long frame within a second after it."""
        self.page.wait_for_timeout(1000)
        frames = self.page.evaluate("() => window.__frames")
        ends = [end for begin, end in frames if start <= begin <= shown + 1000]
        return (shown - start) / 1000, (max([shown, *ends]) - start) / 1000

    def drawn(self) -> str:
        count = CHARTS[self.flavour][self.path]
        charts = f"document.querySelectorAll('[data-testid=stPlotlyChart]').length === {count}"
        if self.flavour != "component":
            return f"{IDLE} && {charts} && {PLOTS_DRAWN}"
        figures = (f"document.querySelectorAll('.esx-figure[data-drawn]').length"
                   f" === {FIGURES[self.path]}")  # fmt: skip
        return f"{IDLE} && {charts} && {PLOTS_DRAWN} && {CHART_DRAWN} && {figures}"

    def first_load(self) -> tuple[tuple[float, float], int, int]:
        """Seconds from navigation to every chart drawn; WS and HTTP bytes.
        ``self.first_2d``: seconds to the first 2D view drawn (component)."""
        self.page.goto(f"{self.url}/{self.path}")
        first = (
            FIRST_2D
            if self.flavour == "component"
            else (
                "[...document.querySelectorAll('[data-testid=stPlotlyChart] .js-plotly-plot')]"
                ".some(gd => gd._fullLayout && gd.querySelector('.main-svg'))"
            )
        )
        self.first_2d = self._when(first) / 1000
        shown = self._when(self.drawn())
        return self._settle(0.0, shown), self.ws, self.http

    def hover(self, moves: int = 60) -> tuple[list[float], int] | None:
        """The pointer swept over the (first) contour in ``moves`` steps, 25 ms
        apart: each ghost's time from the move to the frame after it was drawn
        (ms), and the WebSocket frames sent meanwhile. ``None`` without ghosts."""
        if self.flavour != "component" or not self.page.evaluate(f"() => !!{GHOST}"):
            return None
        box = self.page.evaluate(
            """() => { const gd = document.querySelector('.esx-plot[data-view^=contour]');
                gd.scrollIntoView({block: 'center'});
                const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
                const r = gd.getBoundingClientRect();
                return [r.left + xa._offset, r.top + ya._offset, xa._length, ya._length]; }"""
        )
        x0, y0, width, height = box
        self.page.evaluate(f"() => {GHOST}.stats.splice(0).length")
        sent = self.sent
        for k in range(moves):
            t = k / max(1, moves - 1)
            x, y = x0 + width * (0.05 + 0.9 * t), y0 + height * (0.1 + 0.8 * abs(1 - 2 * t))
            self.page.mouse.move(x, y)
            self.page.wait_for_timeout(25)
        self.page.wait_for_timeout(200)
        times = self.page.evaluate(f"() => {GHOST}.stats.slice()")
        self.page.mouse.move(1, 1)
        return times, self.sent - sent

    def click_contour(self, w: float, b: float) -> tuple[tuple[float, float], int]:
        """A click at (w, b) on the contour until the start and paths show."""
        gd = CONTOUR[self.flavour]
        x, y = self.page.evaluate(
            f"""([w, b]) => {{ const gd = {gd}; const xa = gd._fullLayout.xaxis,
                ya = gd._fullLayout.yaxis, box = gd.getBoundingClientRect();
                return [box.left + xa._offset + xa.l2p(w), box.top + ya._offset + ya.l2p(b)]; }}""",
            [w, b],
        )
        if self.flavour == "component":
            before = self.page.evaluate(f"() => {UPDATES}")
            done = f"{UPDATES} > {before} && {IDLE}"
        else:
            before = self.page.evaluate(f"() => {START_X}")
            done = f"{START_X} !== '{before}' && {IDLE} && {PLOTS_DRAWN}"
        bytes_before = self.ws
        self.page.mouse.click(x, y)
        shown = self._when(done, timeout=30_000)
        seconds = self._settle(self.page.evaluate("() => window.__marks.user"), shown)
        return seconds, self.ws - bytes_before

    def change_etas(self, text: str) -> tuple[tuple[float, float], int]:
        """Type a new η list, press Enter; until every view shows it."""
        box = self.page.locator("[data-testid='stTextInput'] input")
        box.fill(text)
        if self.flavour == "component":  # the animated views and the sweep redrawn
            before, drawn = self.page.evaluate(f"() => [{UPDATES}, {FIGURE_DRAWS}]")
            done = f"{UPDATES} > {before} && {FIGURE_DRAWS} > {drawn} && {IDLE}"
        else:
            done = (f"{IDLE} && {PLOTS_DRAWN} && "
                    "(document.querySelector('.js-plotly-plot')._fullLayout.annotations || [])"
                    f".map(a => a.text).join(' ').includes('η = {_changed(text)}')")  # fmt: skip
        bytes_before = self.ws
        box.press("Enter")
        shown = self._when(done, timeout=30_000)
        seconds = self._settle(self.page.evaluate("() => window.__marks.user"), shown)
        return seconds, self.ws - bytes_before

    def play_to_the_end(self) -> dict[str, list[float]]:
        """Play the 1000 epochs; frame intervals (ms) while it plays."""
        if self.flavour == "component":
            self.page.locator(".esx-play").click()
            self.page.wait_for_function(
                "() => document.querySelector('.esx').dataset.epoch === '1000'"
                " && document.querySelector('.esx').dataset.playing === '0'",
                timeout=120_000,
            )
            stats = self.page.evaluate(
                """() => { const c = document.querySelector('.esx').__explorer;
                    return {ticks: c.stats.ticks, deep: c.views.filter(v => v.is3d)
                    .flatMap(v => v.times), flat: c.views.filter(v => !v.is3d)
                    .flatMap(v => v.times)}; }"""
            )
            return {
                "2D frame interval ms": stats["ticks"],
                "2D update (JS) ms": stats["flat"],
                "3D update ms": stats["deep"],
                "frames shown (2D)": [float(len(stats["ticks"]) + 1)],
            }
        self.page.locator(".updatemenu-button").filter(has_text="Play").first.click()
        times = self.page.evaluate(
            """() => new Promise((resolve) => {
                const label = () => document.querySelector('.slider-container text.slider-label')
                    .textContent.trim();
                const times = []; let last = label();
                const step = (now) => { const l = label();
                    if (l !== last) { times.push(now); last = l; }
                    if (l === 'epoch 1000') resolve(times); else requestAnimationFrame(step); };
                requestAnimationFrame(step); })"""
        )
        gaps = [b - a for a, b in itertools.pairwise(times)]
        return {"2D frame interval ms": gaps, "frames shown (2D)": [float(len(times))]}


def _changed(text: str) -> str:
    """The η the text brings in that the default list lacks (else its first)."""
    defaults = {"0.1", "1", "10", "50"}
    values = [v.strip() for v in text.split(",")]
    return next((v for v in values if v not in defaults), values[0])
