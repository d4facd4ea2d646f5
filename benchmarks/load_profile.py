"""Where a rerun's time goes: classroom rounds (open, change η, click a
start on the explorer's contour, switch to "Compare η", come back)
in-process through AppTest under cProfile, each step timed on its own, and
the self time of every function summed by where it lives.

The click goes in as the browser sends it: a trigger value on the chart
component's events widget (``st_client.event_state``), added to the widget
states of the rerun (AppTest has no API for a component's events)."""

from __future__ import annotations

import cProfile
import pstats
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from st_client import event_state, trigger_id  # noqa: E402

STEPS = ("eta", "click", "page", "back")
GROUPS = [  # first match wins: (label, fragment of the file or function name)
    ("script compile + AST (AppTest; the server caches it)", "compile"),
    ("script compile + AST (AppTest; the server caches it)", "ast.py"),
    ("pickle (st.cache_data hands out copies)", "pickle"),
    ("deepcopy (plotly's to_dict)", "copy.py"),
    ("deepcopy (plotly's to_dict)", "__deepcopy__"),
    ("narwhals/pandas (plotly and st.dataframe)", "narwhals"),
    ("narwhals/pandas (plotly and st.dataframe)", "pandas"),
    ("pyarrow (st.dataframe)", "pyarrow"),
    ("threading / sleep (AppTest waits)", "threading"),
    ("threading / sleep (AppTest waits)", "sleep"),
    ("app: gd_core figures", "gd_core/figures"),
    ("app: gd_core maths", "gd_core"),
    ("app: ui (incl. figure check)", "/ui/"),
    ("app: views", "/views/"),
    ("plotly (figure objects, JSON)", "plotly"),
    ("numpy", "numpy"),
    ("streamlit", "streamlit"),
    ("protobuf", "protobuf"),
    ("json / orjson / base64", "json"),
]


def click_contour(at: AppTest, chart: str, w: float, b: float) -> AppTest:
    """Rerun with a click on chart component ``chart``'s contour at (w, b)."""
    ids = [e.proto.id for e in at.get("bidi_component") if e.proto.id.endswith(f"-{chart}")]
    states = at._tree.get_widget_states()
    states.widgets.append(event_state(trigger_id(ids[0]), "click", {"w": w, "b": b}))
    return at._run(states)


def _round(at: AppTest, eta: float, start: tuple[float, float], timed: dict) -> None:
    steps = {
        "eta": lambda: at.number_input(key="eta").set_value(eta).run(),
        "click": lambda: click_contour(at, "explorer", *start),
        "page": lambda: at.switch_page("views/compare_eta.py").run(),
        "back": lambda: at.switch_page("views/error_surface.py").run(),
    }
    for name, action in steps.items():
        timed["step"] = name
        began = time.perf_counter()
        action()
        timed["seconds"][name].append(time.perf_counter() - began)
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].message}")
    if (at.session_state["w0"], at.session_state["b0"]) != start:
        raise RuntimeError(f"the click did not move the start to {start}")


def _profile_new_threads(timed: dict) -> None:
    """AppTest runs each rerun in a new thread: profile each such thread,
    filed under the step that started it."""

    def start(*_: object) -> None:
        sys.setprofile(None)
        profiler = cProfile.Profile()
        timed["profilers"][timed["step"]].append(profiler)
        profiler.enable()

    threading.setprofile(start)


def _stats(profilers: list[cProfile.Profile]) -> pstats.Stats:
    stats = pstats.Stats(profilers[0])
    for profiler in profilers[1:]:
        stats.add(profiler)
    return stats


def _groups(stats: pstats.Stats) -> tuple[float, Counter[str]]:
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    groups: Counter[str] = Counter()
    for (filename, _, name), (_, _, self_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{filename} {name}"
        label = next((g for g, part in GROUPS if part in where), "other (stdlib, builtins)")
        groups[label] += self_time
    return total, groups


def profile_round(rounds: int = 3) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    timed: dict = {"step": "", "seconds": defaultdict(list), "profilers": defaultdict(list)}
    _round(at, 0.9, (0.5, -1.0), timed)  # warm: imports and the shared surface
    timed["seconds"].clear()
    _profile_new_threads(timed)
    for k in range(rounds):  # a new η and start each time: cache misses, as in class
        _round(at, 1.1 + 0.1 * k, (1.0 + 0.1 * k, -3.0), timed)
    threading.setprofile(None)  # type: ignore[arg-type]
    print(f"{rounds} classroom rounds under cProfile; per step: median wall, then self time")
    for name in STEPS:
        total, groups = _groups(_stats(timed["profilers"][name]))
        wall = sorted(timed["seconds"][name])[len(timed["seconds"][name]) // 2]
        top = ", ".join(
            f"{g.split(' (')[0]} {s / rounds * 1e3:.0f}" for g, s in groups.most_common(5)
        )
        print(f"  {name:<6} {wall * 1e3:6.0f} ms wall  {total / rounds * 1e3:6.0f} ms self: {top}")
    stats = _stats([p for name in STEPS for p in timed["profilers"][name]])
    total, groups = _groups(stats)
    print(f"All steps: {total:.2f} s of self time")
    for label, seconds in groups.most_common():
        print(f"  {seconds / total:6.1%}  {seconds:6.2f} s  {label}")
    print("Top functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"(gd_core|ui|views|plotly)", 25)
