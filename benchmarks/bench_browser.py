"""What a student waits for in the browser: this branch's chart component
beside today's ``st.plotly_chart`` path (the ``main`` branch), in one run.

    python benchmarks/bench_browser.py [--reps N] [--base REF]

Starts two servers on loopback: this checkout, and ``REF`` unpacked with
``git archive`` into a temporary folder (default: where this branch left
``main``, ``git merge-base HEAD main``, so only this change differs). Headless
Chromium (Debian's, software WebGL, as in CI) then measures on each:

* first load of each page: until every chart is drawn (shown / settled);
  WebSocket bytes (CDP ``Network.webSocketFrameReceived``, binary frames
  decoded from CDP's base64) and HTTP bytes, cold cache;
* a click on the contour until the start and the paths are redrawn,
  timed in the page from the click event: "shown" is the frame in which
  they are drawn, "settled" also waits out any long frame (> 50 ms) within
  a second after it (a second redraw, the page's other elements);
* a change of the Compare η list until every view is redrawn (the same);
* playback of the 1000 epochs: frame-time percentiles.
Medians over ``--reps`` repetitions (clicks and η changes: 2 × reps).
"""

from __future__ import annotations

import argparse
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


def measure(browser, url: str, flavour: str, reps: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for _ in range(reps):
        for name, path in PAGES.items():
            with Probe(browser, url, path, flavour, 1280, 800) as probe:
                (shown, settled), ws, http = probe.first_load()
            out.setdefault(f"load {name} s (shown)", []).append(shown)
            out.setdefault(f"load {name} s (settled)", []).append(settled)
            out.setdefault(f"load {name} WS kB", []).append(ws / 1e3)
            out.setdefault(f"load {name} HTTP kB", []).append(http / 1e3)
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


def report(base: str, today: dict, ours: dict, reps: int) -> None:
    print(f"Browser benchmark: headless Chromium {CHROMIUM}, software WebGL, loopback;"
          f" medians of {reps}–{2 * reps} repetitions")  # fmt: skip
    print(f"{'measure':38} {'today (' + base + ', st.plotly_chart)':>34} "
          f"{'chart component (this branch)':>34}  target")  # fmt: skip
    for key in dict.fromkeys([*today, *ours]):
        print(f"{key:38} {_cell(today.get(key)):>34} {_cell(ours.get(key)):>34}  "
              f"{CHECKS.get(key, '')}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--base", default=None, help="default: git merge-base HEAD main")
    args = parser.parse_args()
    if args.base is None:
        args.base = subprocess.run(
            ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()[:12]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-base-") as tmp:
        base_root = checkout(args.base, Path(tmp))
        ports = free_port(), free_port()
        servers = [start_server(base_root, ports[0]), start_server(ROOT, ports[1])]
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                today = measure(browser, f"http://127.0.0.1:{ports[0]}", "plotly", args.reps)
                ours = measure(browser, f"http://127.0.0.1:{ports[1]}", "component", args.reps)
                browser.close()
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=20)
    report(args.base, today, ours, args.reps)


if __name__ == "__main__":
    main()
