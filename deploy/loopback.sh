#!/usr/bin/env bash
# Writes deploy/'s nginx configuration for this machine's loopback into a
# folder, with a self-signed certificate for 127.0.0.1 (deploy/demo.sh and
# tests/test_deploy.py run nginx from it):
#   deploy/loopback.sh PREFIX HTTP_PORT HTTPS_PORT "REPLICA_PORT..." [--demo]
# --demo: plain HTTP serves the site too (instead of its redirect), for the
# load test's client, and an X-Upstream header says which replica answered,
# for its report. The public configuration does neither.
set -euo pipefail
DEPLOY="$(cd "$(dirname "$0")" && pwd)"
PREFIX="$1" HTTP_PORT="$2" HTTPS_PORT="$3" REPLICAS="$4" DEMO="${5:-}"
mkdir -p "$PREFIX/logs" "$PREFIX/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
  -keyout "$PREFIX/tls/privkey.pem" -out "$PREFIX/tls/fullchain.pem" 2>/dev/null
: > "$PREFIX/upstream.conf"
for port in $REPLICAS; do echo "server 127.0.0.1:$port;" >> "$PREFIX/upstream.conf"; done
PLAIN="s|^\( *location / { return 301 https://\$host\)\(\$request_uri; }\)|\1:$HTTPS_PORT\2|"
[ "$DEMO" = "--demo" ] && PLAIN="s|^ *location / { return 301 .*|        include explorer.conf;|"
sed -e "s|listen 80;|listen 127.0.0.1:$HTTP_PORT;|" -e "$PLAIN" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$HTTPS_PORT ssl http2;|" \
    "$DEPLOY/nginx.conf" > "$PREFIX/nginx.conf"
sed -e "s|/etc/nginx/tls/|$PREFIX/tls/|" "$DEPLOY/tls.conf" > "$PREFIX/tls.conf"
cp "$DEPLOY/explorer.conf" "$PREFIX/explorer.conf"
if [ "$DEMO" = "--demo" ]; then
  echo 'add_header X-Upstream $upstream_addr always;' >> "$PREFIX/explorer.conf"
fi
