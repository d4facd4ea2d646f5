"""A room behind nginx: two replicas of the app sharing one PostgreSQL, the
students spread over both by nginx's affinity, the wall on one replica
(seeing the other's students), and the other replica restarted mid-run.
Loopback only, bounded (N ≤ 100, --deadline).

Reported as in ``room_load.py``, plus how many students each replica served
and how many sessions the restart ended (a student whose session ended
stops: every post whose click had been answered must be in the database,
none twice).

Usage:
    python benchmarks/room_replicas.py                 # N = 30, replica 2 restarted after 25 s
    python benchmarks/room_replicas.py --levels 30 100 --restart-after 0   # no restart
Needs nginx and openssl (deploy/loopback.sh writes deploy/'s configuration
for loopback) and Debian's PostgreSQL binaries (tests/pg_server.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pg_server import free_port, postgres_server
from room_load import level, report

import rooms

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def replica(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    healthy(f"http://127.0.0.1:{port}")
    return server


def healthy(url: str, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", nargs="+", type=int, default=[30])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 6.0))
    parser.add_argument("--restart-after", type=float, default=25.0,
                        help="seconds into each level to restart replica 2 (0: never)")  # fmt: skip
    parser.add_argument("--deadline", type=float, default=300.0)
    args = parser.parse_args()
    if any(not 1 <= n <= 100 for n in args.levels):
        parser.error("levels must be 1 … 100")
    print(f"load average before: {os.getloadavg()}")
    os.environ.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", os.urandom(18).hex())
    with postgres_server() as url, tempfile.TemporaryDirectory() as prefix:
        os.environ["ESE_DATABASE_URL"] = url
        engine = rooms.make_engine(url)
        rooms.upgrade(engine)
        ports = [free_port(), free_port()]
        servers = [replica(port) for port in ports]
        proxy, https = free_port(), free_port()
        subprocess.run([str(ROOT / "deploy" / "loopback.sh"), prefix, str(proxy), str(https),
                        " ".join(map(str, ports)), "--demo"], check=True)  # fmt: skip
        subprocess.run([NGINX, "-p", prefix, "-c", f"{prefix}/nginx.conf"], check=True)
        try:
            healthy(f"http://127.0.0.1:{proxy}")
            for n in args.levels:

                async def restart() -> None:
                    if args.restart_after <= 0:
                        return
                    await asyncio.sleep(args.restart_after)
                    servers[1].terminate()  # SIGTERM: Streamlit stops, its sessions end
                    await asyncio.to_thread(servers[1].wait, 60)
                    print(f"replica :{ports[1]} restarted {args.restart_after:g} s in", flush=True)
                    servers[1] = await asyncio.to_thread(replica, ports[1])

                result = asyncio.run(level(
                    f"http://127.0.0.1:{proxy}", engine, n, args.runs, tuple(args.think),
                    args.deadline, wall_url=f"http://127.0.0.1:{ports[0]}", during=restart,
                ))  # fmt: skip
                print(report(f"2 replicas, PostgreSQL, wall on :{ports[0]}", result, args.runs))
        finally:
            pid = Path(prefix, "nginx.pid")
            if pid.exists():
                os.kill(int(pid.read_text()), 15)
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
            engine.dispose()
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
