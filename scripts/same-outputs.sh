#!/usr/bin/env bash
# Do two commits give byte-identical outputs? For refactors that must change
# no output byte: builds both commits (each in its own worktree and target
# directory), runs every shipped scenario, comparison and sweep with each
# binary, and diffs the results.
#
#   scripts/same-outputs.sh [--full] [BASE [NEW]]
#
# BASE defaults to HEAD~1, NEW to the work tree as it is (uncommitted changes
# included). By default every run is shortened (horizon 30 days, 2
# replications; sweeps 30 days) so the whole check takes a few minutes on
# two cores; --full runs the files exactly as shipped.
# Exit 0: identical; 1: some output differs (the diff is printed); 2: usage.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

full=0
if [[ ${1:-} == --full ]]; then
    full=1
    shift
fi
base=${1:-HEAD~1}
new=${2:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/same-outputs.XXXXXX")
cleanup() {
    remove_rev_worktrees
    rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=lib/build-rev.sh
source "$repo/scripts/lib/build-rev.sh"

echo "building $base and ${new:-the work tree} ..." >&2
bin_a=$(build_rev "$base" base)
bin_b=$(build_rev "$new" new)

short=()
sweep_short=()
if ((full == 0)); then
    short=(--set scenario.horizon_days=30 -r 2)
    sweep_short=(--set scenario.horizon_days=30)
fi

# run_all BIN OUT: every shipped file with BIN into OUT.
run_all() {
    local bin=$1 out=$2 f name
    mkdir -p "$out"
    for f in scenarios/*.toml scenarios/bench/*.toml; do
        name=$(basename "$f" .toml)
        if grep -q '^\[strategies\.' "$f"; then
            "$bin" compare "$f" "${short[@]}" --format json >"$out/compare-$name.json" 2>"$out/compare-$name.err" || echo "exit $?" >>"$out/compare-$name.err"
        fi
        "$bin" run "$f" "${short[@]}" --format json --out "$out/run-$name" >"$out/run-$name.json" 2>"$out/run-$name.err" || echo "exit $?" >>"$out/run-$name.err"
    done
    for f in scenarios/claims/*.toml; do
        name=$(basename "$f" .toml)
        "$bin" compare "$f" "${short[@]}" --format json >"$out/claim-$name.json" 2>"$out/claim-$name.err" || echo "exit $?" >>"$out/claim-$name.err"
    done
    for f in scenarios/sweeps/*.toml; do
        name=$(basename "$f" .toml)
        grep -q '^\[sweep\]' "$f" || continue
        "$bin" sweep "$f" "${sweep_short[@]}" --out "$out/sweep-$name" >"$out/sweep-$name.txt" 2>/dev/null || echo "exit $?" >>"$out/sweep-$name.txt"
        rm -f "$out/sweep-$name/manifest.json" # wall time, command
    done
    find "$out" -name .patrolsim.lock -delete
}

echo "running every shipped scenario, comparison and sweep with both ..." >&2
run_all "$bin_a" "$work/a"
run_all "$bin_b" "$work/b"
n=$(find "$work/a" -type f | wc -l)
if diff -r "$work/a" "$work/b" >"$work/diff.txt"; then
    echo "same-outputs: $n files identical between $base and ${new:-the work tree}"
else
    head -100 "$work/diff.txt"
    echo "same-outputs: outputs differ between $base and ${new:-the work tree} ($n files compared)" >&2
    exit 1
fi
