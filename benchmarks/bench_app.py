"""The error-surface page's server time per rerun and what it sends.

    python benchmarks/bench_app.py

Runs the real page through Streamlit's AppTest (script execution, core
calls, figure building and serialisation: the server's whole share of a
rerun) after each change of η, beside a static peer page (same controls and
core calls, a plain Plotly figure, no animation) timed in the same loop.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

ETAS = [0.5, 2.0, 5.0, 0.2, 3.0, 0.7, 1.5, 4.0, 0.3, 8.0, 1.2, 6.0]


def rerun_times(script: Path) -> tuple[float, list[float], AppTest]:
    at = AppTest.from_file(str(script), default_timeout=120)
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    times = []
    for eta in ETAS:  # each η is new: its descent is computed, not cached
        at.number_input(key="eta").set_value(eta)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return cold, times, at


def main() -> None:
    cold, ours, at = rerun_times(ROOT / "app.py")
    peer_cold, peer, _ = rerun_times(ROOT / "benchmarks" / "peer_static.py")
    runs_after = _chart_bytes(at)[1]
    at.number_input(key="eta").set_value(1.0).run()
    layers, runs = _chart_bytes(at)
    mean, median = statistics.mean(ours), statistics.median(ours)
    print("Error-surface page, rerun after a change of η (AppTest, server side)")
    print(f"  ours:        median {median * 1e3:6.1f} ms   mean {mean * 1e3:6.1f} ms"
          f"   first run {cold * 1e3:6.0f} ms   target ≤ 100 ms")  # fmt: skip
    print(
        f"  static peer: median {statistics.median(peer) * 1e3:6.1f} ms"
        f"   mean {statistics.mean(peer) * 1e3:6.1f} ms   first run {peer_cold * 1e3:6.0f} ms"
    )
    print(f"  ratio ours / peer (medians): {median / statistics.median(peer):.2f}")
    print(
        f"Chart elements at the default settings: layers {layers / 1e3:.0f} kB (sent once), runs"
        f" {runs / 1e3:.1f} kB per rerun (after the η changes: {runs_after / 1e3:.1f} kB)"
    )

    at.switch_page("views/compare_eta.py").run()
    layers, runs = _chart_bytes(at)
    sweep = sum(len(chart.proto.spec) for chart in at.get("plotly_chart"))
    print(
        f"Compare η page at the defaults: layers {layers / 1e3:.0f} kB (sent once), runs"
        f" {runs / 1e3:.1f} kB and the sweep figure {sweep / 1e3:.1f} kB per rerun"
    )


def _chart_bytes(at: AppTest) -> tuple[int, int]:
    """Serialised sizes of the chart component's layers and runs elements."""
    sizes = sorted(len(e.proto.SerializeToString()) for e in at.get("bidi_component"))
    return sizes[-1], sizes[0]


if __name__ == "__main__":
    main()
