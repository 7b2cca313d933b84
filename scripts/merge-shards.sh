#!/usr/bin/env bash
# Merge the shard directories of a sharded sweep into one result.
#
#   scripts/merge-shards.sh [OUTPUT_ROOT]      # default: results
#
# Reads OUTPUT_ROOT/shard-* (as written by scripts/sweep.sbatch) and writes
# OUTPUT_ROOT/merged: runs.csv, summary.csv, summary.json, manifest.json,
# plan.json and runs/. `patrolsim merge` checks that every shard belongs to the
# same sweep and that every run is there exactly once; it exits with 2 and
# names the missing or duplicated runs otherwise (resubmit the shards that did
# not finish, then merge again). Merging again into the same directory is safe.
#
# Run it after every array task has finished, by hand or as a dependent job:
#   jid=$(sbatch --parsable --array=0-9 --cpus-per-task=8 scripts/sweep.sbatch SWEEP.toml results)
#   sbatch --dependency=afterok:$jid --wrap 'scripts/merge-shards.sh results'
#
# The binary: $PATROLSIM if set, else `patrolsim` on PATH, else
# target/release/patrolsim under the current directory. If it is missing or
# not executable, the script exits with 2 and says to set PATROLSIM.

set -euo pipefail

out_root=${1:-results}

if [[ -n ${PATROLSIM:-} ]]; then
    bin=$PATROLSIM
elif command -v patrolsim >/dev/null 2>&1; then
    bin=$(command -v patrolsim)
else
    bin=$PWD/target/release/patrolsim
fi
# A path must be an executable file; a bare name must be found on PATH.
if [[ $bin == */* ]]; then [[ -f $bin && -x $bin ]]; else command -v "$bin" >/dev/null 2>&1; fi || {
    echo "error: the patrolsim binary '$bin' does not exist or is not executable;" \
        "set PATROLSIM to its path (e.g. PATROLSIM=\$PWD/target/release/patrolsim, after cargo build --release)" >&2
    exit 2
}

shopt -s nullglob
shards=("$out_root"/shard-*/)
if ((${#shards[@]} == 0)); then
    echo "error: no shard directories in $out_root (expected $out_root/shard-1, shard-2, ...)" >&2
    exit 2
fi
# Natural order (shard-2 before shard-10), only for a tidy manifest: the
# merged tables do not depend on the order.
mapfile -t shards < <(printf '%s\n' "${shards[@]%/}" | sort -V)

echo "merging ${#shards[@]} shards of $out_root into $out_root/merged" >&2
exec "$bin" merge "${shards[@]}" --out "$out_root/merged"
