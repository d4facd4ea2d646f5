"""Where a rerun's time goes: one classroom round (open, change η, click a
start, switch page) in-process through AppTest under cProfile, with the
self time of every function summed by where it lives."""

from __future__ import annotations

import cProfile
import json
import pstats
import sys
import threading
from collections import Counter
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from gd_core.figures.parts import CLICK_NAME  # noqa: E402

GROUPS = [  # first match wins: (label, fragment of the file or function name)
    ("script compile + AST (AppTest; the server caches it)", "compile"),
    ("script compile + AST (AppTest; the server caches it)", "ast.py"),
    ("pickle (st.cache_data hands out copies)", "pickle"),
    ("deepcopy (plotly's to_dict)", "copy.py"),
    ("deepcopy (plotly's to_dict)", "__deepcopy__"),
    ("narwhals/pandas (plotly and st.dataframe)", "narwhals"),
    ("narwhals/pandas (plotly and st.dataframe)", "pandas"),
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


def _round(at: AppTest, eta: float) -> None:
    at.number_input(key="eta").set_value(eta).run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    curve = [k for k, t in enumerate(spec["data"]) if t.get("name") == CLICK_NAME][-1]
    point = {"x": 1.0 + eta / 10, "y": -3.0, "curve_number": curve}
    at.session_state["explorer"] = {"selection": {"points": [point]}}
    at.run()
    at.switch_page("views/compare_eta.py").run()
    at.switch_page("views/error_surface.py").run()


def _profile_new_threads(profilers: list[cProfile.Profile]) -> None:
    """AppTest runs each rerun in a new thread: profile each such thread."""

    def start(*_: object) -> None:
        sys.setprofile(None)
        profiler = cProfile.Profile()
        profilers.append(profiler)
        profiler.enable()

    threading.setprofile(start)


def profile_round(rounds: int = 3) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    _round(at, 0.9)  # warm: imports and the shared surface
    profilers: list[cProfile.Profile] = []
    _profile_new_threads(profilers)
    for k in range(rounds):
        _round(at, 1.1 + 0.1 * k)  # a new η and start each time: cache misses, as in class
    threading.setprofile(None)  # type: ignore[arg-type]
    stats = pstats.Stats(profilers[0])
    for profiler in profilers[1:]:
        stats.add(profiler)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    groups: Counter[str] = Counter()
    for (filename, _, name), (_, _, self_time, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{filename} {name}"
        label = next((g for g, part in GROUPS if part in where), "other (stdlib, builtins)")
        groups[label] += self_time
    print(f"{rounds} classroom rounds (4 reruns each + a return), {total:.2f} s of self time")
    for label, seconds in groups.most_common():
        print(f"  {seconds / total:6.1%}  {seconds:6.2f} s  {label}")
    print("Top functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"(gd_core|ui|views|plotly)", 18)
