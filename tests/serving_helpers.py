"""The app as served (``streamlit run serve.py``) on a loopback port, for
tests and benchmarks that speak HTTP and the WebSocket to it; and a
"blackhole" proxy that stands in for dropped outbound traffic."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVED = "serve.py"  # the launch command's script (scripts/run-app, Dockerfile, deploy/)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.terminate()
            raise RuntimeError(f"streamlit did not come up at {url}")
        time.sleep(0.3)


@contextlib.contextmanager
def served(
    script: str = SERVED, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run script`` in ``cwd`` on a free loopback port: (url, process)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=cwd, env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server)
        yield url, server
    finally:
        server.terminate()
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


@contextlib.contextmanager
def blackhole() -> Iterator[str]:
    """A loopback port that takes connections and never answers: as a proxy
    for every outbound request, it is outbound traffic that is dropped
    (each request waits for its own timeout), without leaving the machine."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(256)  # the kernel completes the handshakes; nothing reads
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def dropped_outbound_env(proxy: str) -> dict[str, str]:
    """The environment under which the server's outbound HTTP goes to ``proxy``."""
    names = ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")
    return {**{name: proxy for name in names}, "NO_PROXY": "", "no_proxy": ""}
