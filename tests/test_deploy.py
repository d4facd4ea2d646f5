"""deploy/ and compose.yaml, checked as text (no Docker runs in the test
suite); tests/test_deploy_nginx.py runs deploy/'s nginx itself."""

import ast
import base64
import hashlib
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
SITE = (ROOT / "deploy" / "explorer.conf").read_text()
BOTH = NGINX + SITE
COMPOSE = (ROOT / "compose.yaml").read_text()


def _servers(name: str) -> list[str]:
    return re.findall(r"^server\s+(\S+);", (ROOT / "deploy" / name).read_text(), re.M)


def test_nginx_upgrades_websockets_and_keeps_each_browser_on_its_replica():
    assert "proxy_http_version 1.1;" in SITE
    assert "proxy_set_header Upgrade $http_upgrade;" in SITE
    assert "proxy_set_header Connection $connection_upgrade;" in SITE
    assert "proxy_set_header Host $http_host;" in SITE  # Streamlit checks Origin vs Host
    # Affinity by a cookie nginx sets itself: not ip_hash (one school NAT = one IP).
    assert not re.search(r"^\s*ip_hash", BOTH, re.M)
    assert re.search(r"hash \$affinity consistent;", NGINX)
    assert re.search(r"map \$cookie_(\w+) \$affinity", NGINX)
    assert "add_header Set-Cookie $affinity_cookie always;" in SITE
    # Every add_header at the server level: one in a location drops the rest there.
    for location in re.findall(r"location[^{]*\{(.*?)\n\}", SITE, re.S):
        assert "add_header" not in location


def _seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m|h)?", value).groups()
    return int(number) * {"s": 1, "m": 60, "h": 3600, None: 1}[unit]


def test_timeouts_are_sane_and_outlast_the_apps_websocket_pings():
    timeouts = dict(re.findall(r"^\s*(\w+_timeout) (\w+);", NGINX, re.M))
    for name in (
        "client_header_timeout",
        "client_body_timeout",
        "send_timeout",
        "keepalive_timeout",
        "proxy_connect_timeout",
        "proxy_read_timeout",
    ):
        assert _seconds(timeouts[name]) <= 60, name  # fmt: skip
    stream = SITE[SITE.index("location = /_stcore/stream") :]
    read = _seconds(re.search(r"proxy_read_timeout (\w+);", stream).group(1))
    ping = 30  # Streamlit 1.67's default server.websocketPingInterval, unset in config.toml
    assert 2 * ping <= read <= 300
    assert "1h" not in BOTH


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
    assert "./deploy/explorer.conf:/etc/nginx/explorer.conf" in COMPOSE
    assert "./deploy/tls.conf:/etc/nginx/tls.conf" in COMPOSE


def test_compose_refuses_to_start_without_a_cookie_secret_of_ones_own():
    # One secret for all replicas, from the environment or .env; ${VAR:?message}
    # makes compose stop with the message when it is unset or empty.
    secret = re.search(r"STREAMLIT_SERVER_COOKIE_SECRET: (.+)", COMPOSE).group(1)
    assert re.fullmatch(r"\$\{STREAMLIT_SERVER_COOKIE_SECRET:\?[^}]+\}", secret), secret
    assert "change-me" not in COMPOSE


def test_compose_gives_the_replicas_one_postgresql_for_the_rooms():
    """Issue 23: the replicas share one PostgreSQL (a room seen from either,
    kept across a replica's restart); its password is one of one's own."""
    assert re.search(r"^  postgres:\n\s+image: postgres:\d+", COMPOSE, re.M)
    url = re.search(r"ESE_DATABASE_URL: (.+)", COMPOSE).group(1).strip()
    assert url.startswith("postgresql+psycopg://explorer:${ESE_DB_PASSWORD:?")
    assert url.endswith("@postgres:5432/explorer")
    assert re.search(r"POSTGRES_PASSWORD: \$\{ESE_DB_PASSWORD:\?[^}]+\}", COMPOSE)
    assert "condition: service_healthy" in COMPOSE and "pg_isready" in COMPOSE
    assert re.search(r"- rooms-data:/var/lib/postgresql/data", COMPOSE)
    assert re.search(r"^volumes:\n  rooms-data:", COMPOSE, re.M)


def test_the_certificate_paths_are_settings_and_no_key_is_committed():
    tls = (ROOT / "deploy" / "tls.conf").read_text()
    assert re.search(r"^ssl_certificate\s+/etc/nginx/tls/fullchain.pem;", tls, re.M)
    assert re.search(r"^ssl_certificate_key\s+/etc/nginx/tls/privkey.pem;", tls, re.M)
    assert "include tls.conf;" in NGINX and re.search(r"listen 443 ssl", NGINX)
    assert "deploy/tls/*.pem" in (ROOT / ".gitignore").read_text()


def test_the_demo_points_the_load_test_at_nginx():
    demo = ROOT / "deploy" / "demo.sh"
    assert os.access(demo, os.X_OK)
    text = demo.read_text()
    assert "benchmarks/load.py --url" in text and "--pids" in text
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in text


def _script_hashes(text: str) -> set[str]:
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in re.findall(r"<script>(.*?)</script>", text, re.S)
    }


def test_the_csp_allows_exactly_the_inline_scripts_the_page_runs():
    """Streamlit's page has one inline script, the app one (ui/browser_chart.py's
    early start of Plotly.js): the policy allows both by their hashes and
    no other inline script ('unsafe-inline' is ignored beside a hash)."""
    import streamlit

    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    ours = [
        node.value
        for node in ast.walk(ast.parse((ROOT / "ui" / "browser_chart.py").read_text()))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and "<script>" in node.value
    ]
    expected = _script_hashes(page) | _script_hashes("".join(ours))
    assert len(expected) == 2
    csp = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', SITE).group(1)
    script_src = re.search(r"script-src ([^;]+);", csp).group(1).split()
    assert {s for s in script_src if s.startswith("'sha256-")} == expected
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
