#!/usr/bin/env bash
# Import bench for OpenStreetMap extracts (issue 16: "import of a 100k-node
# extract takes seconds, not minutes"). No real extract of that size is in
# the repository, so scripts/make-big-osm.py writes a synthetic one (a grid
# of SIDE x SIDE road nodes plus shaping nodes and tagged places), and
# `patrolsim validate` reads it: the PBF read, the road graph (largest
# strongly connected component, merged shaping nodes), land use from the
# tags, jurisdictions and snaps; no travel table. Prints wall time and peak
# memory per size, with land use from tags and without (synthetic).
#
#   scripts/osm-import-bench.sh [--bin PATH] [SIDE ...]    (default SIDE: 100 317)
#
# Times are machine-dependent: report them with the date and the machine
# (docs/performance.md), never assert them in a test.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/patrolsim
sides=()
while [[ $# -gt 0 ]]; do
    case $1 in
        --bin) bin=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        -*) echo "osm-import-bench.sh: unknown option $1 (allowed: --bin)" >&2; exit 2 ;;
        *) sides+=("$1"); shift ;;
    esac
done
[[ ${#sides[@]} -gt 0 ]] || sides=(100 317)
if [[ ! -x $bin ]]; then
    cargo build --release --locked --quiet --bin patrolsim
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "osm-import-bench.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2
    exit 2
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/osm-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

printf '%-6s %-9s %-10s %-10s %-9s %-10s\n' side map_nodes pbf_bytes land_use wall_s peak_MiB
for side in "${sides[@]}"; do
    python3 scripts/make-big-osm.py "$side" "$dir/big-$side.osm.pbf" > /dev/null
    cat > "$dir/big-$side.toml" <<TOML
[scenario]
name = "osm-bench-$side"
horizon_days = 1
replications = 1

[network]
kind = "osm"
file = "big-$side.osm.pbf"

[[jurisdictions]]
name = "all"
rest = true
station = [24.0005, 60.0005]

[calls]
rate_per_hour = 1

[[units]]
jurisdiction = "all"
type = "car"
count = 1
TOML
    bytes=$(stat -c %s "$dir/big-$side.osm.pbf")
    for lu in tags synthetic; do
        /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" validate "$dir/big-$side.toml" \
            --set "places.land_use_from=\"$lu\"" > /dev/null 2> "$dir/err" || {
            cat "$dir/err" >&2
            exit 1
        }
        read -r wall kib < "$dir/time"
        nodes=$(grep -o '^roads: [0-9]*' "$dir/err" | grep -o '[0-9]*$')
        printf '%-6s %-9s %-10s %-10s %-9s %-10s\n' "$side" "$nodes" "$bytes" "$lu" "$wall" "$((kib / 1024))"
    done
done
