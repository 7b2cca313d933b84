#!/usr/bin/env bash
# Speed of two commits side by side, as instruction counts (valgrind's
# callgrind: deterministic, so stable on a shared, noisy machine): the
# yardstick dispatch model (scenarios/bench/reference-dispatch.toml, one
# simulated year) and the county (60 days, one replication).
#
#   scripts/icount.sh [BASE [NEW]]    # BASE default HEAD~1, NEW the work tree
#
# Prints each count and the ratio NEW / BASE. A refactor should stay within
# 1.05 (issue 12). Both binaries run the scenario files of the work tree
# unless a file is not valid for BASE, in which case BASE's own copy is used.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
base=${1:-HEAD~1}
new=${2:-}
command -v valgrind >/dev/null || { echo "icount: valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/icount.XXXXXX")
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

count() { # BIN ROOT ARGS... -> instructions
    local bin=$1 root=$2
    shift 2
    (cd "$root" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 >/dev/null) |
        grep -o 'Collected : [0-9]*' | grep -o '[0-9]*$'
}

root_a=$work/src-base
[[ -d $root_a ]] || root_a=$repo
for job in "yardstick year|run scenarios/bench/reference-dispatch.toml -r 1 --format json" \
    "county 60 days|run scenarios/county.toml -r 1 --set scenario.horizon_days=60 --format json"; do
    label=${job%%|*}
    read -r -a args <<<"${job#*|}"
    a=$(count "$bin_a" "$root_a" "${args[@]}")
    b=$(count "$bin_b" "$repo" "${args[@]}")
    python3 -c "import sys; a, b = int(sys.argv[2]), int(sys.argv[3]); print(f'{sys.argv[1]:16s} base {a:>14,d}  new {b:>14,d}  ratio {b / a:.4f}')" "$label" "$a" "$b"
done
