"""deploy/ and compose.yaml, checked as text (no nginx or Docker runs in the
test suite; deploy/demo.sh runs the real thing: see the README)."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
COMPOSE = (ROOT / "compose.yaml").read_text()


def _servers(name: str) -> list[str]:
    return re.findall(r"^server\s+(\S+);", (ROOT / "deploy" / name).read_text(), re.M)


def test_nginx_upgrades_websockets_and_keeps_each_browser_on_its_replica():
    assert "proxy_http_version 1.1;" in NGINX
    assert "proxy_set_header Upgrade $http_upgrade;" in NGINX
    assert "proxy_set_header Connection $connection_upgrade;" in NGINX
    assert "proxy_set_header Host $http_host;" in NGINX  # Streamlit checks Origin vs Host
    # Affinity by a cookie nginx sets itself: not ip_hash (one school NAT = one IP).
    assert not re.search(r"^\s*ip_hash", NGINX, re.M)
    assert re.search(r"hash \$affinity consistent;", NGINX)
    assert re.search(r"map \$cookie_(\w+) \$affinity", NGINX)
    assert "add_header Set-Cookie $affinity_cookie always;" in NGINX
    timeout = re.search(r"proxy_read_timeout (\d+)(h|s)?;", NGINX)
    assert timeout and int(timeout.group(1)) * (3600 if timeout.group(2) == "h" else 1) >= 600


def test_the_upstream_lists_name_the_replicas():
    assert _servers("upstream.conf") == ["127.0.0.1:8501", "127.0.0.1:8502"]
    assert _servers("upstream.compose.conf") == ["app:8501"]
    assert "include upstream.conf;" in NGINX


def test_compose_builds_the_app_and_mounts_what_exists():
    assert re.search(r"^\s+build: \.$", COMPOSE, re.M) and (ROOT / "Dockerfile").exists()
    assert re.search(r"replicas: 2", COMPOSE)
    for source in re.findall(r"- \./([^:\s]+):", COMPOSE):
        assert (ROOT / source).exists(), source
    assert "./deploy/upstream.compose.conf:/etc/nginx/upstream.conf" in COMPOSE
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in COMPOSE  # one secret for all replicas


def test_the_demo_points_the_load_test_at_nginx():
    demo = ROOT / "deploy" / "demo.sh"
    assert os.access(demo, os.X_OK)
    text = demo.read_text()
    assert "benchmarks/load.py --url" in text and "--pids" in text
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in text
