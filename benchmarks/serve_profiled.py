"""The app's server under cProfile, every thread of it: the event loop
(WebSocket, message queues, session bookkeeping) and each script thread.
What the AppTest profile (load_profile.py) cannot see is Streamlit's own work
around a rerun: how the round found the full garbage collection after every
script run and the module scan after a reconnect.

Usage: ``python benchmarks/serve_profiled.py OUT.prof [streamlit run options]``
from the app's folder; SIGUSR1 writes OUT.prof and ends the server.
``python benchmarks/load.py --profile-server`` drives it and reads the result.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import signal
import sys
import threading

_profilers: list[cProfile.Profile] = []


def _profile_thread(*_: object) -> None:
    sys.setprofile(None)
    profiler = cProfile.Profile()
    _profilers.append(profiler)
    profiler.enable()


def _write_and_exit(out: str) -> None:
    stats: pstats.Stats | None = None
    for profiler in _profilers:
        profiler.disable()
        try:
            stats = pstats.Stats(profiler) if stats is None else stats.add(profiler)
        except TypeError:  # a thread that never ran a profiled call
            continue
    if stats is not None:
        stats.dump_stats(out)
    os._exit(0)


def main() -> None:
    out, options = sys.argv[1], sys.argv[2:]
    threading.setprofile(_profile_thread)
    _profile_thread()  # the main thread: the server's event loop
    signal.signal(signal.SIGUSR1, lambda *_: _write_and_exit(out))
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", "app.py", *options]
    cli.main()


if __name__ == "__main__":
    main()
