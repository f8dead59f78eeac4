#!/usr/bin/env bash
# The classroom widget in a real browser (issue 19): tests/test_widget_browser.py.
#
#   .ci/widget_browser.sh install   Chromium from Debian (apt-get, when /usr/bin/chromium
#                                   is missing; needs root) and the "browser" extra
#                                   (playwright, voila) into the active Python environment
#   .ci/widget_browser.sh test      run tests/test_widget_browser.py with
#                                   SKACTIVE_REQUIRE_BROWSER=1: a missing piece fails
#   .ci/widget_browser.sh           both
#
# The test starts its own Voila server on 127.0.0.1 with a throw-away token and stops it.
# playwright drives the system's Chromium (SKACTIVE_CHROMIUM to use another binary): no
# `playwright install`, which would download a browser build. SKACTIVE_WIDGET_SCREENSHOT=
# path.png also saves a screenshot of the rendered widget (doc/_static/labeling_session.png).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[widget_browser] $*" >&2; }

chromium="${SKACTIVE_CHROMIUM:-/usr/bin/chromium}"

install() {
    local started=$SECONDS
    if [ ! -x "$chromium" ]; then
        if [ "$(id -u)" != 0 ]; then
            log "$chromium is missing and this is not root: apt-get install chromium first"
            return 1
        fi
        log "installing Chromium from Debian (apt-get install chromium)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq chromium >/dev/null
    fi
    log "$("$chromium" --version 2>/dev/null || echo "$chromium")"
    python -m pip install --quiet ".[browser]"
    log "installed in $((SECONDS - started)) s"
}

run_tests() {
    local started=$SECONDS
    SKACTIVE_REQUIRE_BROWSER=1 SKACTIVE_CHROMIUM="$chromium" \
        python -m pytest -q tests/test_widget_browser.py
    log "tested in $((SECONDS - started)) s"
}

case "${1:-all}" in
    install) install ;;
    test) run_tests ;;
    all) install && run_tests ;;
    *) echo "usage: $0 [install|test]" >&2; exit 2 ;;
esac
