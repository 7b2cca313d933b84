#!/usr/bin/env bash
# Regenerate the run outputs the guide pages quote (docs/guide/*.md, between
# `<!-- out:NAME $ COMMAND -->` and `<!-- /out -->`): build patrolsim, run
# each marked command on the shipped scenarios and write what it printed,
# with the commit it ran at. Takes a few minutes (the county for a year, a
# few short comparisons and sweeps).
#   scripts/gen-guide.sh [--only NAME_PREFIX] [PAGE...]   (default: every guide page)
# Honours CARGO_TARGET_DIR as cargo does.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in
/*) ;;
*) target_dir="$PWD/$target_dir" ;;
esac
cargo build --release --locked --bin patrolsim
export PATROLSIM_BIN="$target_dir/release/patrolsim"
only=()
if [[ ${1:-} == --only ]]; then
    only=(--only "$2")
    shift 2
fi
if [[ $# -eq 0 ]]; then
    set -- docs/guide/*.md
fi
exec python3 scripts/gen-guide.py "${only[@]}" "$@"
