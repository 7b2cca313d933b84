#!/usr/bin/env bash
# The HTML reports in a real browser: builds the report of the county's run,
# of a comparison and of a sweep, renders each in headless Chromium to PNG,
# and fails if the page logs to the console (it has no script, so any
# message is an error), names a URL, or renders blank.
#
#   scripts/test-html.sh [--update-images]    # --update-images: copy the PNGs to docs/images/
#
# Installs Debian's chromium if it is missing (as root; CI runs as root and
# must never skip). The binary: $PATROLSIM, else $CARGO_TARGET_DIR/release/patrolsim
# (target/ when unset; built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
update=0
[[ ${1:-} == --update-images ]] && update=1
say() { echo "test-html: $*" >&2; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
    if [[ $(id -u) != 0 ]]; then
        if [[ ${CI:-} == true ]]; then
            say "FAILED: chromium is missing and this CI run is not root"
            exit 1
        fi
        say "SKIPPED: chromium is missing and installing it needs root (apt-get install chromium)"
        exit 0
    fi
    for try in 1 2 3; do
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) && break
        [[ $try == 3 ]] && { say "FAILED: apt-get install chromium"; exit 1; }
        sleep 5
    done
    browser=$(command -v chromium)
fi
python3 -c 'import PIL' 2>/dev/null || python3 -m pip install --quiet pillow >/dev/null 2>&1 || {
    say "FAILED: pip install pillow (needed to check the screenshots are not blank)"
    exit 1
}

bin=${PATROLSIM:-${CARGO_TARGET_DIR:-target}/release/patrolsim}
[[ -x $bin ]] || cargo build --release --locked --quiet --bin patrolsim
work=$(mktemp -d "${TMPDIR:-/tmp}/patrolsim-html.XXXXXX")
trap 'rm -rf "$work"' EXIT

say "building the results (county run, comparison, sweep) ..."
"$bin" run scenarios/county.toml --out "$work/run" --html "$work/run.html" >/dev/null
"$bin" compare scenarios/compare-deployment.toml --out "$work/compare" --html "$work/compare.html" >/dev/null
"$bin" sweep scenarios/sweeps/on-road-share.toml --out "$work/sweep" --html "$work/sweep.html" >/dev/null 2>&1
# `report DIR` must draw the same page from the files alone.
for kind in run compare sweep; do
    "$bin" report "$work/$kind" --out "$work/$kind-from-dir.html"
done

status=0
for kind in run compare sweep; do
    page=$work/$kind.html
    size=$(stat -c %s "$page")
    if grep -q 'http' "$page"; then
        say "FAILED: $kind.html names a URL (it must open offline)"
        status=1
    fi
    start=$EPOCHREALTIME
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1360,2200 \
        --enable-logging=stderr --v=0 --screenshot="$work/$kind.png" "file://$page" \
        >"$work/$kind.log" 2>&1 || true
    secs=$(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$start" "$EPOCHREALTIME")
    # The pages have no script: any console message at all is a fault.
    if grep -qE 'CONSOLE|Uncaught' "$work/$kind.log"; then
        say "FAILED: $kind.html logged to the console:"
        grep -E 'CONSOLE|Uncaught' "$work/$kind.log" >&2
        status=1
    fi
    if [[ ! -s $work/$kind.png ]]; then
        say "FAILED: no screenshot of $kind.html"
        status=1
        continue
    fi
    if ! python3 - "$work/$kind.png" <<'EOF'; then
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
colours = im.getcolors(maxcolors=1 << 20) or []
ink = sum(n for n, c in colours if c != (255, 255, 255))
if len(colours) < 8 or ink < 5000:
    sys.exit(f"{sys.argv[1]}: blank ({len(colours)} colours, {ink} non-white pixels)")
EOF
        status=1
    fi
    say "$kind.html: $size bytes, rendered in ${secs} s (whole browser start included)"
    if ((update)); then
        mkdir -p docs/images
        cp "$work/$kind.png" "docs/images/report-$kind.png"
    fi
done
if ((status)); then
    say "FAILED"
    exit 1
fi
say "PASSED: three reports render in headless Chromium with no console error"
