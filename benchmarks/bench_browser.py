"""What a student waits for in the browser: this branch's chart component
beside today's ``st.plotly_chart`` path, in one run.

    python benchmarks/bench_browser.py [--reps N] [--base REF] [--loads-only]

Starts two servers on loopback: this checkout, and ``REF`` unpacked with
``git archive`` into a temporary folder (default ``TODAY``: main where the
ghost paths and the partial Plotly.js began; ``--base 16c76bf``, the last
main that drew every chart with ``st.plotly_chart``, is measured as such).
Headless Chromium (Debian's, software WebGL, as in CI) then measures on each:

* first load of each page: until every chart is drawn (shown / settled);
  WebSocket bytes (CDP ``Network.webSocketFrameReceived``, binary frames
  decoded from CDP's base64) and HTTP bytes, cold browser cache; the two
  servers take turns page by page (see ``first_loads``). "shown" is the
  first frame with every chart on screen; "settled" adds the page's long
  frames in the second after it. Today's ``st.plotly_chart`` charts are
  drawn, then drawn again 0.25–0.8 s later (a second ``Plotly.react`` of
  each: a 0.3–0.4 s long frame), so today's page is done at "settled";
  the component draws once (its "settled" is its "shown");
* a click on the contour until the start and the paths are redrawn,
  timed in the page from the click event: "shown" is the frame in which
  they are drawn, "settled" also waits out any long frame (> 50 ms) within
  a second after it (a second redraw, the page's other elements);
* a change of the Compare η list until every view is redrawn (the same);
* playback of the 1000 epochs: frame-time percentiles;
* ghost paths: the pointer swept over each page's contour, 60 moves 25 ms
  apart: pointer move → the frame after the ghost was drawn (percentiles),
  and the WebSocket frames sent meanwhile (CDP ``webSocketFrameSent``);
* "first 2D": a first load until the first 2D view is drawn.
Medians over ``--reps`` repetitions (clicks and η changes: 2 × reps).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bench_browser_probes import CHECKS, Probe  # noqa: E402
from browser_helpers import CHROMIUM, CHROMIUM_ARGS, free_port, start_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

# The base: main where this branch (issue 22) began, the chart component
# with the full Plotly.js; "16c76bf" is the last main with st.plotly_chart.
TODAY = "df7d27d"
PAGES = {"error surface": "", "compare η": "compare_eta", "optimizers": "optimizers"}
CLICKS = [(1.0, -3.0), (-1.0, 2.0), (3.0, 0.0), (-3.0, -4.0), (0.5, 1.5), (2.0, -1.0)]
# Each list brings in one η the previous one lacked (the probe waits for it).
ETA_LISTS = ["0.2, 1, 10, 50", "0.1, 2, 10, 50", "0.1, 1, 20, 50", "0.1, 1, 10, 40",
             "0.5, 1, 10, 50", "0.1, 3, 10, 50"]  # fmt: skip


def checkout(ref: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True,
                             capture_output=True).stdout  # fmt: skip
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def first_loads(
    browser, urls: dict[str, str], flavours: dict[str, str], reps: int
) -> dict[str, dict[str, list[float]]]:
    """Each page opened in a fresh browser context (cold cache), ``reps``
    times per flavour, the two flavours taking turns page by page (who goes
    first alternates), so a busy spell on the machine falls on both. One
    untimed load of each page first: the servers' caches warm, as for every
    student after the first."""
    out: dict[str, dict[str, list[float]]] = {side: {} for side in urls}
    for side, url in urls.items():
        for path in PAGES.values():
            with Probe(browser, url, path, flavours[side], 1280, 800) as probe:
                probe.first_load()
    for rep in range(reps):
        for k, (name, path) in enumerate(PAGES.items()):
            order = list(urls.items())
            for side, url in order if (rep + k) % 2 == 0 else order[::-1]:
                with Probe(browser, url, path, flavours[side], 1280, 800) as probe:
                    (shown, settled), ws, http = probe.first_load()
                got = out[side]
                got.setdefault(f"load {name} s (shown)", []).append(shown)
                got.setdefault(f"load {name} s (settled)", []).append(settled)
                got.setdefault(f"load {name} first 2D s", []).append(probe.first_2d)
                got.setdefault(f"load {name} WS kB", []).append(ws / 1e3)
                got.setdefault(f"load {name} HTTP kB", []).append(http / 1e3)
    return out


def measure(browser, url: str, flavour: str, reps: int) -> dict[str, list[float]]:
    """Clicks on the contour, playback and η-list changes on one server."""
    out: dict[str, list[float]] = {}
    for name, path in PAGES.items():  # ghost paths: pointer moves, nothing sent
        with Probe(browser, url, path, flavour, 1280, 800) as probe:
            probe.first_load()
            for _ in range(reps):
                hovered = probe.hover()
                if hovered is not None:
                    out.setdefault(f"ghost {name} ms", []).extend(hovered[0])
                    out.setdefault(f"ghost {name} WS frames sent", []).append(hovered[1])
    with Probe(browser, url, "", flavour, 1280, 800) as probe:
        probe.first_load()
        for w, b in (CLICKS * reps)[: 2 * reps]:
            (shown, settled), ws = probe.click_contour(w, b)
            out.setdefault("click s (shown)", []).append(shown)
            out.setdefault("click s (settled)", []).append(settled)
            out.setdefault("click WS kB", []).append(ws / 1e3)
        frames = probe.play_to_the_end()
    for key, values in frames.items():
        out[f"play {key}"] = values
    with Probe(browser, url, "compare_eta", flavour, 1280, 800) as probe:
        probe.first_load()
        for text in (ETA_LISTS * reps)[: 2 * reps]:
            (shown, settled), ws = probe.change_etas(text)
            out.setdefault("η list s (shown)", []).append(shown)
            out.setdefault("η list s (settled)", []).append(settled)
            out.setdefault("η list WS kB", []).append(ws / 1e3)
    return out


def _cell(values: list[float] | None) -> str:
    if not values:
        return "—"
    if len(values) > 20:  # frame times: percentiles, not a median of repetitions
        ordered = sorted(values)
        p50, p95 = ordered[len(ordered) // 2], ordered[int(len(ordered) * 0.95)]
        return f"p50 {p50:.0f} p95 {p95:.0f} (n={len(values)})"
    median = statistics.median(values)
    return f"{median:.3f}" if median < 10 else f"{median:.0f}"


def _ratio(base: list[float] | None, ours: list[float] | None) -> str:
    if not base or not ours or len(base) > 20 or statistics.median(base) == 0:
        return ""
    return f"× {statistics.median(ours) / statistics.median(base):.2f}"


def report(base: str, flavour: str, today: dict, ours: dict, reps: int) -> None:
    print(f"Browser benchmark: headless Chromium {CHROMIUM}, software WebGL, loopback;"
          f" medians of {reps}–{2 * reps} repetitions")  # fmt: skip
    drawn = "st.plotly_chart" if flavour == "plotly" else "chart component"
    print(f"{'measure':38} {'base (' + base + ', ' + drawn + ')':>34} "
          f"{'this branch':>34} {'ratio':>7}  target")  # fmt: skip
    for key in dict.fromkeys([*today, *ours]):
        print(f"{key:38} {_cell(today.get(key)):>34} {_cell(ours.get(key)):>34} "
              f"{_ratio(today.get(key), ours.get(key)):>7}  {CHECKS.get(key, '')}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--base", default=TODAY, help=f"default: {TODAY}")
    parser.add_argument("--loads-only", action="store_true", help="first loads only")
    args = parser.parse_args()
    started = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="bench-base-") as tmp:
        base_root = checkout(args.base, Path(tmp))
        # A base from before the chart component draws with st.plotly_chart.
        flavour = "component" if (base_root / "ui" / "chart_component").is_dir() else "plotly"
        ports = free_port(), free_port()
        servers = [start_server(base_root, ports[0]), start_server(ROOT, ports[1])]
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                urls = {"base": f"http://127.0.0.1:{ports[0]}",
                        "ours": f"http://127.0.0.1:{ports[1]}"}  # fmt: skip
                flavours = {"base": flavour, "ours": "component"}
                loads = first_loads(browser, urls, flavours, args.reps)
                today, ours = loads["base"], loads["ours"]
                if not args.loads_only:
                    today.update(measure(browser, urls["base"], flavour, args.reps))
                    ours.update(measure(browser, urls["ours"], "component", args.reps))
                browser.close()
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=20)
    report(args.base, flavour, today, ours, args.reps)
    print(f"load average (1, 5, 15 min) at the start {started}, at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
