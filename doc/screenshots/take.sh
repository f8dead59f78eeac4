#!/usr/bin/env bash
# Screenshots of the documentation as a reader sees it, without network:
# the landing page, a page with formulas and the ActiveLearner reference.
#
#   doc/screenshots/take.sh [HTML_DIR] [OUT_DIR]
#
# HTML_DIR defaults to doc/_build/html (built first when missing, with the
# README's command but without running the gallery), OUT_DIR to
# doc/_build/screenshots. Needs Chromium (Debian: apt-get install chromium).
# Networking is cut off (--host-resolver-rules, a dead proxy), so a page that
# still fetched MathJax or fonts from a CDN would show it here.
set -euo pipefail
cd "$(dirname "$0")/../.."

html_dir="${1:-doc/_build/html}"
out_dir="${2:-doc/_build/screenshots}"
if [ ! -f "$html_dir/index.html" ]; then
    SKACTIVE_DOCS_PLOT_GALLERY=0 sphinx-build -n -W -q -b html doc "$html_dir"
fi
mkdir -p "$out_dir"
chromium="$(command -v chromium || command -v chromium-browser || command -v google-chrome)"
html_dir="$(cd "$html_dir" && pwd)"

shoot() {  # shoot PAGE NAME HEIGHT
    local profile
    profile="$(mktemp -d)"
    "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars \
        --proxy-server="http://127.0.0.1:9" --host-resolver-rules="MAP * ~NOTFOUND" \
        --virtual-time-budget=8000 --window-size="1280,$3" \
        --screenshot="$out_dir/$2.png" "file://$html_dir/$1" 2>/dev/null
    rm -rf "$profile"
    echo "$out_dir/$2.png"
}

shoot index.html landing 1300
shoot user_guide/uncertainty.html formulas 1400
shoot generated/skactive.ActiveLearner.html activelearner 1600
