#!/usr/bin/env bash
# Regenerate docs/essay-claims.md: build patrolsim, run every claim's
# comparison and write the document from the results.
#   scripts/essay-claims.sh [--replications N] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --bin patrolsim --example essay_claims
exec ./target/release/examples/essay_claims "$@"
