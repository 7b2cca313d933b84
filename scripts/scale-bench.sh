#!/usr/bin/env bash
# Scale bench: grid cities scaled from the county (scenarios/county.toml:
# 441 nodes, 14 cars, 6 calls an hour, 300 local offenders, 2 roaming a day)
# to about 3.7k, 15k and 58k nodes, with calls, cars and offenders in
# proportion to nodes, jurisdictions of about 10 × 10 nodes, 30 days, one
# replication, one thread; offenders' candidate stops within
# crime.search_radius_m = 2,000 m of home (journeys to crime, B18; --radius 0:
# anywhere, as before issue 17's local searches); then the real road network
# shipped with patrolsim (scenarios/real/helsinki.toml, read from
# OpenStreetMap) and any scenario given with --scenario (a planner's own
# county: how long will a run of it take?), each for the same days, one
# replication. Prints, per row, the whole-process wall time, the world build
# (scenario, network, places, routing engines) and the simulation timed
# apart (wall and CPU seconds: on a shared machine the CPU seconds are the
# one-core cost), events, events per CPU second of simulation and peak
# memory; a row that exceeds its time limit is reported as "timed out" and
# the bench goes on.
#
#   scripts/scale-bench.sh [--bin PATH] [--timeout SECONDS] [--days N] [--radius M]
#                          [--scenario FILE ...] [SIDE ...]
#
# SIDE is the grid's side in nodes (default: 61 121 241, i.e. 3,721, 14,641
# and 58,081 nodes). Given SIDEs or --scenario, only those rows run; given
# neither, the three grids and Helsinki. --radius applies to the grids only;
# a --scenario runs as written (its own warm-up) but for --days (N ≥ 2: the
# grids warm up for a day)
# and one replication. The binary defaults to target/release/examples/scale_run
# (one replication, build and simulation timed apart; built when missing).
# The generated scenarios are kept in $SCALE_BENCH_DIR when set (else a
# temporary directory, removed at the end). With PATROLSIM_HIERARCHY_DIR set,
# the contraction hierarchies are kept in (and taken from) that directory,
# as `patrolsim --hierarchy-dir` does: a second bench then times the build
# without the contraction (docs/performance.md).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/examples/scale_run
limit=600
days=30
radius=2000
sides=()
scenarios=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --bin) bin=$2; shift 2 ;;
        --timeout) limit=$2; shift 2 ;;
        --days) days=$2; shift 2 ;;
        --radius) radius=$2; shift 2 ;;
        --scenario) scenarios+=("$(realpath -m "$2")"); shift 2 ;;
        -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
        -*) echo "scale-bench.sh: unknown option $1 (allowed: --bin, --timeout, --days, --radius, --scenario)" >&2; exit 2 ;;
        *) sides+=("$1"); shift ;;
    esac
done
if [[ ${#sides[@]} -eq 0 && ${#scenarios[@]} -eq 0 ]]; then
    sides=(61 121 241)
    scenarios=("$PWD/scenarios/real/helsinki.toml")
fi
for f in ${scenarios[@]+"${scenarios[@]}"}; do
    [[ -f $f ]] || { echo "scale-bench.sh: no scenario file $f" >&2; exit 2; }
done
[[ $days =~ ^[0-9]+$ && $days -ge 2 ]] || { echo "scale-bench.sh: --days must be a whole number ≥ 2 (the grids warm up for a day), not $days" >&2; exit 2; }
[[ $limit =~ ^[0-9]+$ && $limit -ge 1 ]] || { echo "scale-bench.sh: --timeout must be a whole number of seconds ≥ 1, not $limit" >&2; exit 2; }
if [[ ! -x $bin ]]; then
    cargo build --release --locked --quiet --example scale_run
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "scale-bench.sh: no GNU time at /usr/bin/time (apt-get install time): peak memory not measured, CPU seconds from the run's own count" >&2
fi

if [[ -n ${SCALE_BENCH_DIR:-} ]]; then
    dir=$SCALE_BENCH_DIR
    mkdir -p "$dir"
else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/scale-bench.XXXXXX")
    trap 'rm -rf "$dir"' EXIT
fi

# gen SIDE FILE: write the scaled city's scenario.
gen() {
    python3 - "$1" "$2" "$days" "$radius" <<'EOF'
import sys
side, path, days, radius = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
n = side * side
f = n / 441.0                       # the county has 21 × 21 nodes
k = max(1, round(side / 10))        # jurisdictions per axis (~10 × 10 nodes)
cuts = [round(i * side / k) for i in range(k + 1)]
cars = round(14 * f)
nj = k * k
out = []
w = out.append
w(f'[scenario]\nname = "grid-{n}"\nhorizon_days = {days}\nwarmup_days = 1\nreplications = 1\nseed = 1\n')
w(f'[network]\nkind = "grid"\nrows = {side}\ncols = {side}\nblock_m = 400\narterial_every = 5\n'
  'local_speed_kmh = 40\narterial_speed_kmh = 60\n')
for a in range(k):
    for b in range(k):
        r0, r1, c0, c1 = cuts[a], cuts[a + 1] - 1, cuts[b], cuts[b + 1] - 1
        w(f'[[jurisdictions]]\nname = "j{a}_{b}"\nstation = [{(r0 + r1) // 2}, {(c0 + c1) // 2}]\n'
          f'rows = [{r0}, {r1}]\ncols = [{c0}, {c1}]\narea_type = "urban"\n')
w(f'[calls]\nrate_per_hour = {6.0 * f:.3f}\n'
  'hourly_profile = [3.5, 3.0, 2.5, 2.0, 1.6, 1.6, 2.2, 3.2, 4.0, 4.4, 4.7, 4.8,\n'
  '                  4.9, 4.8, 4.8, 5.0, 5.8, 6.2, 6.2, 6.0, 5.4, 4.8, 4.4, 4.0]\n')
for name, share, prio, mean, sd in [("crime_report", 0.12, 1, 45, 30), ("traffic", 0.30, 2, 35, 25),
                                    ("dispute", 0.25, 2, 40, 30), ("assistance", 0.33, 3, 30, 25)]:
    w(f'[[calls.types]]\nname = "{name}"\nshare = {share}\npriority = {prio}\n'
      f'on_scene_min = {{ dist = "lognormal", mean = {mean}, sd = {sd} }}\n')
w('[dispatch]\nintake_delay_min = { dist = "lognormal", mean = 1.5, sd = 1.0 }\n'
  'cross_boundary = "when_none_free"\n')
w('[unit_types.car]\nspeed_kmh = 50\npatrol_speed_kmh = 20\n')
w('[deployment]\npatrol_share = 0.5\npatrol = "random"\n')
for j in range(nj):
    c = cars // nj + (1 if j < cars % nj else 0)
    if c:
        w(f'[[units]]\njurisdiction = "j{j // k}_{j % k}"\ntype = "car"\ncount = {c}\n')
w('[places]\nseed = 7\n')
w(f'[crime]\nlocal_offenders = {round(300 * f)}\nroaming_per_day = {2.0 * f:.3f}\n'
  f'search_radius_m = {radius}\n')
open(path, "w").write("\n".join(out))
print(f"{n} {round(300 * f)} {cars} {nj} {6.0 * f:.0f}")
EOF
}

printf '# %s  %s  days=%s  radius=%sm  timeout=%ss\n' "$(date -u +%F)" "$bin" "$days" "$radius" "$limit"
fmt='%-12s %-8s %-10s %-6s %-6s %-8s %-8s %-8s %-8s %-8s %-10s %-8s %-10s %-9s %-8s\n'
printf "$fmt" name nodes offenders units jurs calls/h wall_s cpu_s build_s sim_s build_cpu sim_cpu events ev/cpu_s peak_MB

# row NAME FILE [KEY=VALUE ...]: time one replication of FILE, print its row.
row() {
    local name=$1 file=$2
    shift 2
    local out=$dir/$name
    local wall rss=- rc start
    rm -f "$out.time"
    set +e
    if [[ -x /usr/bin/time ]]; then
        RAYON_NUM_THREADS=1 /usr/bin/time -v -o "$out.time" timeout "$limit" "$bin" "$file" "$@" >"$out.out" 2>"$out.err"
        rc=$?
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$out.time")
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$out.time")
    else
        start=$(date +%s.%N)
        RAYON_NUM_THREADS=1 timeout "$limit" "$bin" "$file" "$@" >"$out.out" 2>"$out.err"
        rc=$?
        wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
    fi
    set -e
    if [[ $rc -eq 124 ]]; then
        printf "$fmt" "$name" "${size[@]}" ">$limit" - - - - - - - "$rss"
    elif [[ $rc -ne 0 ]]; then
        printf '%-12s failed (exit %s): %s\n' "$name" "$rc" "$(tail -1 "$out.err")"
    else
        local build sim events build_cpu sim_cpu cpu rate
        read -r build sim events build_cpu sim_cpu <"$out.out"
        # The run's own sizes (a binary too old to print them: the
        # generator's, or dashes).
        local got
        got=$(awk '$1 == "size" {print $2, $3, $4, $5, $6}' "$out.err")
        [[ -z $got ]] || read -r -a size <<<"$got"
        if [[ -f $out.time ]]; then
            cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$out.time")
        else
            cpu=$(awk -v a="$build_cpu" -v b="$sim_cpu" 'BEGIN { printf "%.2f", a + b }')
        fi
        rate=$(awk -v e="$events" -v t="$sim_cpu" 'BEGIN { if (t > 0) printf "%.0f", e / t; else printf "-" }')
        printf "$fmt" "$name" "${size[@]}" "$wall" "$cpu" "$build" "$sim" "$build_cpu" "$sim_cpu" "$events" "$rate" "$rss"
    fi
}

for side in ${sides[@]+"${sides[@]}"}; do
    file=$dir/grid-$side.toml
    read -r -a size < <(gen "$side" "$file")
    row "grid-$((side * side))" "$file"
done
for file in ${scenarios[@]+"${scenarios[@]}"}; do
    size=(- - - - -)
    row "$(basename "$file" .toml)" "$file" "scenario.horizon_days=$days" "scenario.replications=1"
done
