#!/usr/bin/env bash
# Two app replicas behind Debian's nginx, on loopback, with the load test
# pointed at nginx: sessions spread over both replicas and none loses its
# state (load.py checks each session's η and start after a page switch).
#   deploy/demo.sh [load.py arguments, default: --sessions 10 30 --browsers]
# Needs nginx and openssl on the PATH (Debian: apt-get install -y nginx).
# nginx runs deploy/'s configuration (deploy/loopback.sh: HTTPS with a
# self-signed certificate for 127.0.0.1) with plain HTTP serving the site as
# well, for the load test, and an X-Upstream header for its report. Ports:
# REPLICA_PORTS (default "18501 18502"), PROXY_PORT (plain HTTP, default
# 18080) and HTTPS_PORT (default 18443).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
REPLICA_PORTS="${REPLICA_PORTS:-18501 18502}"
PROXY_PORT="${PROXY_PORT:-18080}"
HTTPS_PORT="${HTTPS_PORT:-18443}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
PREFIX="$(mktemp -d)"
PIDS=()
cleanup() {
  [ -f "$PREFIX/nginx.pid" ] && kill "$(cat "$PREFIX/nginx.pid")" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$PREFIX"
}
trap cleanup EXIT

# The replicas share one cookie secret: an XSRF cookie signed by one is
# valid on the other (e.g. after a replica restarts and affinity moves).
export STREAMLIT_SERVER_COOKIE_SECRET="${STREAMLIT_SERVER_COOKIE_SECRET:-$(head -c 24 /dev/urandom | base64)}"
for port in $REPLICA_PORTS; do
  "$PYTHON" -m streamlit run serve.py --server.address 127.0.0.1 --server.port "$port" \
    >"$PREFIX/app-$port.log" 2>&1 &
  PIDS+=("$!")
done
deploy/loopback.sh "$PREFIX" "$PROXY_PORT" "$HTTPS_PORT" "$REPLICA_PORTS" --demo
"$NGINX" -t -q -p "$PREFIX" -c "$PREFIX/nginx.conf"
"$NGINX" -p "$PREFIX" -c "$PREFIX/nginx.conf"
for port in $REPLICA_PORTS "$PROXY_PORT"; do
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null && break
    sleep 0.3
  done
done
echo "nginx on 127.0.0.1:$PROXY_PORT (https: $HTTPS_PORT) -> replicas on $REPLICA_PORTS (pids ${PIDS[*]})"
if [ "$#" -eq 0 ]; then set -- --sessions 10 30 --browsers; fi
"$PYTHON" benchmarks/load.py --url "http://127.0.0.1:$PROXY_PORT" --pids "${PIDS[@]}" "$@"
