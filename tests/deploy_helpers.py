"""deploy/'s nginx in front of app replicas on loopback, as the tests run it:
the public configuration (HTTPS with a self-signed certificate for
127.0.0.1, plain HTTP redirecting), written by ``deploy/loopback.sh``."""

from __future__ import annotations

import contextlib
import secrets
import shutil
import ssl
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from serving_helpers import ROOT, free_port, served

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Site:
    https: str  # the site, as students open it
    http: str  # plain HTTP: a redirect
    replicas: list[str]
    prefix: Path  # nginx's folder (its configuration, the certificate)

    @property
    def tls(self) -> ssl.SSLContext:
        """A client context that trusts the site's self-signed certificate."""
        return ssl.create_default_context(cafile=str(self.prefix / "tls" / "fullchain.pem"))


def wait_up(url: str, context: ssl.SSLContext | None = None, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2, context=context):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@contextlib.contextmanager
def behind_nginx(replicas: int = 2) -> Iterator[Site]:
    """``replicas`` app processes (``serve.py``) behind deploy/'s nginx."""
    env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(24)}
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(served(env=env))[0] for _ in range(replicas)]
        prefix = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        http, https = free_port(), free_port()
        ports = " ".join(url.rsplit(":", 1)[1] for url in urls)
        subprocess.run(
            [ROOT / "deploy" / "loopback.sh", prefix, str(http), str(https), ports], check=True
        )
        conf = ["-p", str(prefix), "-c", str(prefix / "nginx.conf")]
        subprocess.run([NGINX, "-t", "-q", *conf], check=True)
        subprocess.run([NGINX, *conf], check=True)  # daemonises; its pid in nginx.pid
        try:
            site = Site(f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}", urls, prefix)
            wait_up(site.https, site.tls)
            yield site
        finally:
            subprocess.run([NGINX, *conf, "-s", "quit"], check=False)
            for _ in range(50):
                if not (prefix / "nginx.pid").exists():
                    break
                time.sleep(0.1)
