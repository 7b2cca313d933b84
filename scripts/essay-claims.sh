#!/usr/bin/env bash
# Regenerate docs/essay-claims.md: build patrolsim, run every claim's
# comparison and write the document from the results.
#   scripts/essay-claims.sh [--replications N (default 30)] [--out FILE]
# Honours CARGO_TARGET_DIR (a relative one is taken from the repository root,
# as cargo does when run there).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in
/*) ;;
*) target_dir="$PWD/$target_dir" ;;
esac
cargo build --release --locked --bin patrolsim --example essay_claims
export PATROLSIM_BIN="$target_dir/release/patrolsim"
exec "$target_dir/release/examples/essay_claims" "$@"
