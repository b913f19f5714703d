#!/usr/bin/env bash
# Runs the README's two commands the way a fresh machine does: a new clone (no node_modules, no
# build), no Redis answering on the port the tests use, and with --uninstall-redis (root only) no
# redis-server installed at all — then checks that both commands passed and that no Redis daemon the
# tests started is left behind.
#   bash scripts/fresh-machine-check.sh [--uninstall-redis]
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/toolloop-fresh-XXXXXX")"
port="${TOOLLOOP_FRESH_REDIS_PORT:-6399}"
failed=0

if [ "${1:-}" = "--uninstall-redis" ]; then
  if [ "$(id -u)" != "0" ]; then echo "fresh-machine-check: --uninstall-redis needs root" >&2; exit 2; fi
  echo "fresh-machine-check: removing redis-server (the test run must install it again)"
  DEBIAN_FRONTEND=noninteractive apt-get remove -y redis-server >/dev/null 2>&1 || true
  if command -v redis-server >/dev/null 2>&1; then echo "fresh-machine-check: redis-server is still on PATH" >&2; fi
fi
if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
  echo "fresh-machine-check: something already answers on 127.0.0.1:$port; pick another TOOLLOOP_FRESH_REDIS_PORT" >&2
  exit 2
fi

git clone -q "$repo" "$work/toolloop" || exit 1
cd "$work/toolloop" || exit 1
export TOOLLOOP_REDIS_PORT="$port"
unset OPENAI_API_KEY OPENAI_BASE_URL TOOLLOOP_REDIS_URL TOOLLOOP_KEEP_REDIS

echo "── npm start ──"
if npm start; then echo "fresh-machine-check: npm start passed"; else echo "fresh-machine-check: npm start FAILED"; failed=1; fi
echo "── npm test ──"
if npm test; then echo "fresh-machine-check: npm test passed"; else echo "fresh-machine-check: npm test FAILED"; failed=1; fi

if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
  echo "fresh-machine-check: a Redis daemon was left running on 127.0.0.1:$port"
  redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
  failed=1
else
  echo "fresh-machine-check: no Redis daemon left behind"
fi
cd / && rm -rf "$work"
if [ "$failed" = 0 ]; then echo "fresh-machine-check: passed"; else echo "fresh-machine-check: FAILED"; fi
exit "$failed"
