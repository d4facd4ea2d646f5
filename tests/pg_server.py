"""A throwaway PostgreSQL server for the room store's tests and benchmark:
Debian's binaries (``/usr/lib/postgresql/<n>/bin``), a temporary data
folder, trust auth on a free loopback port, no system cluster touched.
PostgreSQL refuses to run as root: as root the server runs as the
``postgres`` user (``runuser``), its folder owned by that user.

Where it cannot start, tests skip — except in CI (``CI`` set) or under
``scripts/run-tests`` (``ESE_REQUIRE_POSTGRES=1``), where they fail."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


class NoPostgres(RuntimeError):
    pass


def required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("ESE_REQUIRE_POSTGRES"))


def binaries() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: ``ESE_PG_BIN``, else the
    newest of Debian's, else the ones on the PATH."""
    if os.environ.get("ESE_PG_BIN"):
        chosen = Path(os.environ["ESE_PG_BIN"])
        if not (chosen / "initdb").exists():
            raise NoPostgres(f"no initdb in ESE_PG_BIN={chosen}")
        return chosen
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(
        p.split("/")[4]) if p.split("/")[4].isdigit() else 0)  # fmt: skip
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise NoPostgres("PostgreSQL's initdb not found: apt-get install postgresql")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_user(command: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *command] if user else command


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a ``postgresql+psycopg://`` URL of a fresh server; stop it after."""
    bin_dir = binaries()
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres").pw_name
        except KeyError:
            raise NoPostgres("running as root and no 'postgres' user to run the server") from None
    folder = Path(tempfile.mkdtemp(prefix="ese-pg-"))
    data, sockets = folder / "data", folder / "sock"
    sockets.mkdir()
    if user:
        shutil.chown(folder, user)
        shutil.chown(sockets, user)
    port = free_port()
    log = folder / "log"
    try:
        subprocess.run(_as_user([str(bin_dir / "initdb"), "-D", str(data), "-U", "ese", "-A",
                                 "trust", "--no-sync", "-E", "UTF8"], user),
                       check=True, capture_output=True, timeout=120)  # fmt: skip
        options = (f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=200")  # fmt: skip
        started = subprocess.run(
            _as_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options,
                      "-w", "-t", "60", "start"], user),
            capture_output=True, text=True, timeout=90,
        )  # fmt: skip
        if started.returncode != 0:
            raise NoPostgres(f"pg_ctl start failed: {started.stderr.strip()[-300:]}")
        subprocess.run(_as_user([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                                 "-U", "ese", "rooms"], user), check=True, capture_output=True,
                       timeout=30)  # fmt: skip
        yield f"postgresql+psycopg://ese@127.0.0.1:{port}/rooms"
    except (OSError, subprocess.SubprocessError) as error:
        raise NoPostgres(f"PostgreSQL did not start: {error}") from error
    finally:
        if (data / "postmaster.pid").exists():
            stop = [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
            subprocess.run(_as_user(stop, user), capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
