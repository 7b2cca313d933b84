#!/usr/bin/env bash
# How good is `patrolsim plan`'s time prediction? For a Morris and a Sobol
# design of twelve county parameters (scenarios/sensitivity/
# county-morris-12.toml, and a Sobol design on the same twelve written
# here), print plan's prediction for the whole design (runs of a year,
# shards), then run a small version for real (a shorter horizon) and
# compare plan's prediction for it with the measured wall time:
#   ratio = measured / predicted, predicted = one run (plan's probe) × runs / jobs.
# A check to run by hand (a bench, not a test: times vary with the machine
# and its load). docs/uncertainty.md §9 reports its output.
#
#   scripts/plan-check.sh [JOBS] [HORIZON_DAYS] [SOBOL_BASE_SAMPLES]
#   defaults: 2 jobs, 60 days, 8 base rows (n·(k + 2) = 112 runs)
# Honours CARGO_TARGET_DIR, as scripts/essay-claims.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-2}
horizon=${2:-60}
n=${3:-8}
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in
/*) ;;
*) target_dir="$PWD/$target_dir" ;;
esac
cargo build --release --locked --bin patrolsim >&2
bin="$target_dir/release/patrolsim"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
morris=scenarios/sensitivity/county-morris-12.toml
sobol="$tmp/county-sobol-12.toml"
cat >"$sobol" <<TOML
[sweep]
scenario = "$PWD/scenarios/sensitivity/county-uncertain-12.toml"
replications = 1
seed = 1

[sobol]
base_samples = $n
seed = 1
TOML

echo "# patrolsim plan's prediction for the whole designs (a county-year per run, $jobs cores)"
for f in "$morris" "$sobol"; do
    "$bin" plan "$f" --cores "$jobs" --hours 1 | grep -E '^(sweep|runs|one run|suggested|estimate)' |
        sed "s|$tmp/|(written by this script) |"
    echo
done

echo "# prediction against a real run: horizon $horizon days, --jobs $jobs"
printf '%-22s %6s %12s %12s %7s\n' design runs predicted_s measured_s ratio
for f in "$morris" "$sobol"; do
    set_h=(--set "scenario.horizon_days=$horizon")
    plan=$("$bin" plan "$f" --cores "$jobs" "${set_h[@]}")
    runs=$(sed -n 's/^runs: \([0-9]*\)$/\1/p' <<<"$plan")
    per=$(sed -n 's/^one run: \([0-9.]*\) s.*/\1/p' <<<"$plan")
    out="$tmp/out-$(basename "$f" .toml)"
    t0=$(date +%s.%N)
    "$bin" sweep "$f" --out "$out" --jobs "$jobs" "${set_h[@]}" >/dev/null 2>&1
    t1=$(date +%s.%N)
    awk -v name="$(basename "$f" .toml)" -v runs="$runs" -v per="$per" -v j="$jobs" -v t0="$t0" -v t1="$t1" \
        'BEGIN { p = per * runs / j; m = t1 - t0; printf "%-22s %6d %12.1f %12.1f %7.2f\n", name, runs, p, m, m / p }'
done
