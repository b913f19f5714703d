#!/usr/bin/env bash
# Local Redis for the @toolloop/cache tests: a throwaway server on 127.0.0.1:6390 (no persistence).
#   bash scripts/redis.sh start   # install redis-server if missing (root only), start it unless it answers
#   bash scripts/redis.sh install # only install redis-server if missing (root only)
#   bash scripts/redis.sh stop
set -euo pipefail

PORT="${TOOLLOOP_REDIS_PORT:-6390}"

ping() {
  redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG
}

install_redis() {
  if command -v redis-server >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != "0" ]; then
    echo "redis.sh: redis-server is not installed and we are not root; install it (apt-get install -y redis-server)." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "redis.sh: installing redis-server with apt-get… (the Redis cache tests need a real server)" >&2
  if ! apt-get install -y redis-server >/dev/null 2>&1; then
    echo "redis.sh: apt-get update first…" >&2
    apt-get update >/dev/null
    apt-get install -y redis-server >/dev/null
  fi
}

case "${1:-}" in
  install)
    if command -v flock >/dev/null 2>&1; then
      exec 9>"${TMPDIR:-/tmp}/toolloop-redis-$PORT.lock"
      flock 9
    fi
    install_redis
    ;;
  start)
    # Several test files may ask at once: one installs and starts, the others wait and find it up.
    if command -v flock >/dev/null 2>&1; then
      exec 9>"${TMPDIR:-/tmp}/toolloop-redis-$PORT.lock"
      flock 9
    fi
    install_redis
    if ping; then
      echo "redis.sh: redis already answering on 127.0.0.1:$PORT"
      exit 0
    fi
    # 9>&- : the daemon must not inherit (and hold forever) the start lock.
    redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null 2>&1 9>&-
    for _ in $(seq 1 50); do
      if ping; then
        echo "redis.sh: redis started on 127.0.0.1:$PORT"
        exit 0
      fi
      sleep 0.1
    done
    echo "redis.sh: redis-server did not answer on 127.0.0.1:$PORT within 5 s" >&2
    exit 1
    ;;
  stop)
    if ping; then
      redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
      echo "redis.sh: stopped redis on 127.0.0.1:$PORT"
    else
      echo "redis.sh: nothing answering on 127.0.0.1:$PORT"
    fi
    ;;
  *)
    echo "usage: bash scripts/redis.sh install|start|stop" >&2
    exit 2
    ;;
esac
