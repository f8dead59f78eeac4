#!/usr/bin/env bash
# A throw-away Label Studio server for the integration tests (tests/test_labelstudio.py).
#
#   .ci/labelstudio.sh start   install (or reuse) the server's virtualenv, start the server on
#                              127.0.0.1 with a fresh data directory and token, wait for /health,
#                              and write the shell file "$LABEL_STUDIO_CI_DIR/env" that exports
#                              SKACTIVE_LABEL_STUDIO_URL and SKACTIVE_LABEL_STUDIO_TOKEN (and the
#                              throw-away account's _USERNAME/_PASSWORD, for a browser session)
#   .ci/labelstudio.sh stop    stop it and delete its data directory (safe to call twice)
#
# The server gets its own virtualenv because it pins its own NumPy and Django (about 1 GB);
# it is kept in LABEL_STUDIO_VENV (default ~/.cache/skactive-ci/labelstudio-venv) and reused
# by the next run when its label-studio version is LABEL_STUDIO_VERSION.
set -euo pipefail

version="${LABEL_STUDIO_VERSION:-1.23.2}"
venv="${LABEL_STUDIO_VENV:-$HOME/.cache/skactive-ci/labelstudio-venv}"
state="${LABEL_STUDIO_CI_DIR:-${TMPDIR:-/tmp}/skactive-labelstudio-$(id -u)}"
timeout="${LABEL_STUDIO_START_TIMEOUT:-900}"

log() { echo "[labelstudio] $*" >&2; }

installed_version() {
    "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("label-studio"))' \
        2>/dev/null || true
}

install() {
    local started=$SECONDS
    if [ -x "$venv/bin/label-studio" ] && [ "$(installed_version)" = "$version" ]; then
        log "reusing $venv (label-studio $version)"
        return
    fi
    log "installing label-studio==$version into $venv (a few minutes)"
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet "label-studio==$version"
    log "installed in $((SECONDS - started)) s"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
        log "already running (pid $(cat "$state/pid")); source $state/env"
        return
    fi
    local t0=$SECONDS
    install
    local t1=$SECONDS
    rm -rf "$state"
    mkdir -p "$state"
    local port="${LABEL_STUDIO_PORT:-$(free_port)}"
    local token password
    token="$(python3 -c 'import secrets; print(secrets.token_hex(20))')"
    password="$(python3 -c 'import secrets; print(secrets.token_urlsafe(16))')"
    mkdir -p "$state/data"
    # setsid: the server and the workers it forks share one process group, stopped together.
    LABEL_STUDIO_USERNAME="ci@skactive.invalid" \
    LABEL_STUDIO_PASSWORD="$password" \
    LABEL_STUDIO_USER_TOKEN="$token" \
    LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true \
    LATEST_VERSION_CHECK=false \
    LABEL_STUDIO_LOCAL_FILES_SERVING_ENABLED=false \
    LABEL_STUDIO_BASE_DATA_DIR="$state/data" \
        setsid "$venv/bin/label-studio" start --no-browser --internal-host 127.0.0.1 \
            --port "$port" --data-dir "$state/data" >"$state/server.log" 2>&1 </dev/null &
    echo $! >"$state/pid"
    local url="http://127.0.0.1:$port"
    log "starting on $url (pid $(cat "$state/pid"), log $state/server.log)"
    until python3 - "$url" "$token" <<'EOF' 2>/dev/null
import sys, urllib.request
url, token = sys.argv[1:]
urllib.request.urlopen(url + "/health", timeout=5).read()
request = urllib.request.Request(url + "/api/current-user/whoami",
                                 headers={"Authorization": "Token " + token})
urllib.request.urlopen(request, timeout=5).read()
EOF
    do
        if ! kill -0 "$(cat "$state/pid")" 2>/dev/null; then
            log "the server exited; last lines of its log:"
            tail -n 40 "$state/server.log" >&2
            return 1
        fi
        if [ $((SECONDS - t1)) -ge "$timeout" ]; then
            log "no answer from $url/health after $timeout s; last lines of its log:"
            tail -n 40 "$state/server.log" >&2
            stop
            return 1
        fi
        sleep 2
    done
    {
        echo "export SKACTIVE_LABEL_STUDIO_URL=$url"
        echo "export SKACTIVE_LABEL_STUDIO_TOKEN=$token"
        # For a browser session (doc/screenshots/labelstudio_queue.py); throw-away account.
        echo "export SKACTIVE_LABEL_STUDIO_USERNAME=ci@skactive.invalid"
        echo "export SKACTIVE_LABEL_STUDIO_PASSWORD=$password"
    } >"$state/env"
    chmod 600 "$state/env"
    log "ready in $((SECONDS - t1)) s (install/reuse $((t1 - t0)) s); source $state/env"
}

stop() {
    if [ -f "$state/pid" ]; then
        local pid
        pid="$(cat "$state/pid")"
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 20); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.5
            done
            kill -KILL -- "-$pid" 2>/dev/null || true
            log "stopped (pid $pid)"
        fi
    fi
    rm -rf "$state"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
