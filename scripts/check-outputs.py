#!/usr/bin/env python3
"""Read patrolsim's output files with pandas and polars (and R's read.csv when
Rscript is installed) exactly as a user would, with no arguments, and check
the types they infer.

Runs a small sweep (tests/fixtures/sweep-small.toml), a sweep with a baseline
point (tests/fixtures/sweep-budget.toml), a one-replication sweep over a list
and a boolean parameter with a baseline, `run --out` and `compare --out`, then loads every
CSV and JSON file; a run on the tiny-town map, whose nodes.geojson properties (json +
pandas, and geopandas when it is installed: one feature per node, EPSG:4326) must equal nodes.csv. Checks: the seed is an integer (never Int128 / uint64);
every metric column is a float, also when it has no value at all; parameter
columns are named `param_…` and list parameters appear only in points.csv;
the derived Pareto / benefit columns are in frontier.csv and not among the
metrics; runs_long.csv has one row per run and metric and matches runs.csv;
the types match schema.json; the seed reproduces the run with `run --seed`.

Needs: python3 with pandas and polars (and pyarrow for the Arrow checks).
The binary is $PATROLSIM, else target/release/patrolsim (or under
$CARGO_TARGET_DIR), built with `cargo build --release` when missing.
Exit status 0 when every check passes, 1 otherwise.
"""

import io
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import pandas as pd
import polars as pl

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAILS = []


def check(cond, what):
    if not cond:
        FAILS.append(what)
        print("FAIL:", what)


def binary():
    if os.environ.get("PATROLSIM"):
        return os.environ["PATROLSIM"]
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    b = os.path.join(target, "release", "patrolsim")
    if not os.path.exists(b):
        subprocess.run(["cargo", "build", "--release", "--locked"], cwd=ROOT, check=True)
    return b


BIN = binary()


def patrolsim(*args):
    r = subprocess.run([BIN, *args], cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"patrolsim {' '.join(args)} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


# polars / pandas type names for schema.json's types.
POLARS = {"int64": {"Int64"}, "float64": {"Float64"}, "bool": {"Boolean"}, "string": {"String"}}
PANDAS = {"int64": {"int64"}, "float64": {"float64"}, "bool": {"bool"}, "string": {"object", "str", "string"}}
R = {"int64": {"integer", "numeric"}, "float64": {"numeric"}, "bool": {"logical"}, "string": {"character"}}
PSEUDO = {"pareto_frontier", "benefit", "net_benefit", "benefit_cost_ratio", "cost_per_crime_prevented"}


def read_both(path):
    """Read a CSV with plain pl.read_csv and pd.read_csv; both must convert to Arrow."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. pandas' DtypeWarning on mixed types
        p = pd.read_csv(path)
    q = pl.read_csv(path)
    name = os.path.relpath(path)
    for c, t in q.schema.items():
        check(str(t) in {"Int64", "Float64", "Boolean", "String"}, f"{name}: polars reads {c} as {t}")
    try:
        q.to_arrow()
        q.to_pandas()
    except Exception as e:  # Int128 cannot go to Arrow or pandas
        check(False, f"{name}: polars frame does not convert to Arrow/pandas: {e}")
    for c, t in p.dtypes.items():
        check(str(t) in {"int64", "float64", "bool", "object", "str", "string"}, f"{name}: pandas reads {c} as {t}")
    return p, q


def check_against_schema(d, schema):
    for file, cols in schema["tables"].items():
        path = os.path.join(d, file)
        p, q = read_both(path)
        names = [c["name"] for c in cols]
        check(list(q.columns) == names and list(p.columns) == names, f"{path}: columns differ from schema.json")
        for c in cols:
            n, t = c["name"], c["type"]
            check(str(q.schema[n]) in POLARS[t], f"{path}: polars reads {n} as {q.schema[n]}, schema.json says {t}")
            check(str(p.dtypes[n]) in PANDAS[t], f"{path}: pandas reads {n} as {p.dtypes[n]}, schema.json says {t}")
            if c["role"] == "parameter":
                check(n.startswith("param_"), f"{path}: parameter column {n} has no param_ prefix")
            elif c["role"] == "metric":
                check(not n.startswith("param_"), f"{path}: metric column {n} looks like a parameter")
        for c in q.columns:
            if q.schema[c] == pl.String:
                longest = q[c].str.len_chars().max() or 0
                check(file == "points.csv" or longest <= 200, f"{path}: column {c} holds {longest}-character text")


def all_null_float_columns(d):
    q = pl.read_csv(os.path.join(d, "runs.csv"))
    return [c for c in q.columns if q.schema[c] == pl.Float64 and q[c].is_nan().all()]


def check_sweep(d, with_frontier, list_param=None):
    print("sweep directory", d)
    schema = json.load(open(os.path.join(d, "schema.json")))
    check_against_schema(d, schema)
    runs_p, runs = read_both(os.path.join(d, "runs.csv"))
    long_p, long = read_both(os.path.join(d, "runs_long.csv"))
    summary = pl.read_csv(os.path.join(d, "summary.csv"))
    points = pl.read_csv(os.path.join(d, "points.csv"))
    s = json.load(open(os.path.join(d, "summary.json")))

    # Seed: an Int64 equal to the sweep's master seed.
    check(runs.schema["seed"] == pl.Int64 and str(runs_p.dtypes["seed"]) == "int64", "seed is not Int64")
    check(set(runs["seed"].to_list()) == {s["seed"]}, "runs.csv seed is not the master seed")

    # Metrics: the same names in runs.csv, runs_long.csv and summary.csv; no pseudo-metrics.
    roles = {c["name"]: c["role"] for c in schema["tables"]["runs.csv"]}
    wide = [c for c in runs.columns if roles[c] == "metric"]
    check(all(runs.schema[c] == pl.Float64 for c in wide), "a runs.csv metric column is not Float64")
    metrics = long["metric"].unique(maintain_order=True).to_list()
    check(metrics == wide, "runs_long.csv metrics differ from runs.csv's metric columns")
    check(summary["metric"].unique(maintain_order=True).to_list() == wide, "summary.csv metrics differ from runs.csv's")
    check(not PSEUDO & set(wide), f"pseudo-metrics among the metrics: {PSEUDO & set(wide)}")
    for p in s["points"]:
        check(not PSEUDO & set(p["metrics"]), "summary.json: pseudo-metrics among a point's metrics")

    # Long file: one row per run and metric, the same values as runs.csv.
    check(long.height == runs.height * len(wide), f"runs_long.csv has {long.height} rows, not {runs.height} x {len(wide)}")
    check(long.columns == ["point", "replication", "metric", "value"], f"runs_long.csv columns {long.columns}")
    check(long.schema["value"] == pl.Float64, "runs_long.csv value is not Float64")
    back = long.pivot(on="metric", index=["point", "replication"], values="value")
    for m in wide:
        a, b = runs[m].to_list(), back[m].to_list()
        same = all((x is None and y is None) or (x is not None and y is not None and (x == y or (math.isnan(x) and math.isnan(y))))
                   or (x is not None and math.isnan(x) and y is None) for x, y in zip(a, b))
        check(same, f"runs_long.csv differs from runs.csv for {m}")

    # pandas agrees with polars on the numbers.
    check(runs_p["calls"].tolist() == runs["calls"].to_list(), "pandas and polars read different calls")

    # Parameters: prefixed; list parameters only in points.csv.
    for key in s["parameters"]:
        check(f"param_{key}" in points.columns, f"points.csv lacks param_{key}")
        if key == list_param:
            check(f"param_{key}" not in runs.columns and f"param_{key}" not in summary.columns,
                  f"list parameter {key} repeated in runs.csv / summary.csv")
            check(points[f"param_{key}"].dtype == pl.String, "a list parameter in points.csv is not text")
            check(json.loads(points[f"param_{key}"][1]) == s["points"][1]["parameters"][key],
                  "points.csv's list parameter is not the JSON of the value")
        else:
            check(f"param_{key}" in runs.columns, f"runs.csv lacks param_{key}")

    # Derived quantities: frontier.csv, booleans and floats.
    f = os.path.join(d, "frontier.csv")
    check(os.path.exists(f) == with_frontier, f"frontier.csv exists: {os.path.exists(f)}")
    if with_frontier:
        fp, fq = read_both(f)
        check(fq.schema["pareto_frontier"] == pl.Boolean and str(fp.dtypes["pareto_frontier"]) == "bool",
              "pareto_frontier is not boolean")
        marks = [p["pareto_frontier"] for p in s["points"]]
        check(fq["pareto_frontier"].to_list() == marks, "frontier.csv and summary.json disagree on the frontier")
        if s["baseline_point"] is not None:
            check(fq.schema["net_benefit_mean"] == pl.Float64, "net_benefit_mean is not Float64")
            check(all("against_baseline" in p for p in s["points"]), "summary.json lacks against_baseline")

    # JSON: read by polars and pandas; no Int128 anywhere.
    for j in ["summary.json", "manifest.json"]:
        t = pl.read_json(os.path.join(d, j))
        check("Int128" not in str(t.schema), f"{j}: polars reads an Int128")
        pd.read_json(os.path.join(d, j), typ="series")
    pd.json_normalize(s["points"])
    return runs


def check_r(dirs):
    if not shutil.which("Rscript"):
        print("R: skipped (Rscript not found; install r-base-core to check read.csv)")
        return
    files = []
    for d in dirs:
        schema = json.load(open(os.path.join(d, "schema.json")))
        for file, cols in schema["tables"].items():
            files.append((os.path.join(d, file), cols))
    script = "for (f in commandArgs(TRUE)) { x <- read.csv(f); " \
             "cat(paste(f, names(x), sapply(x, function(c) class(c)[1]), sep='\\t'), sep='\\n') }"
    out = subprocess.run(["Rscript", "-e", script, *[f for f, _ in files]],
                         capture_output=True, text=True, check=True).stdout
    got = {}
    for line in out.splitlines():
        f, n, cls = line.split("\t")
        got.setdefault(f, []).append((n, cls))
    for f, cols in files:
        names = [n for n, _ in got[f]]
        check(names == [c["name"] for c in cols], f"R read.csv renames columns of {f}")
        for (n, cls), c in zip(got[f], cols):
            check(cls in R[c["type"]], f"R: {f}: {n} is {cls}, schema.json says {c['type']}")
    print(f"R: read.csv checked {len(files)} files")


def main():
    tmp = tempfile.mkdtemp(prefix="patrolsim-check-")
    small, budget, lists = (os.path.join(tmp, n) for n in ["small", "budget", "lists"])
    patrolsim("sweep", "tests/fixtures/sweep-small.toml", "--out", small)
    patrolsim("sweep", "tests/fixtures/sweep-budget.toml", "--out", budget)
    # One replication (so every std and interval is empty) over a list parameter.
    lt = os.path.join(tmp, "lists.toml")
    with open(lt, "w") as fh:
        fh.write(f'[sweep]\nscenario = {json.dumps(os.path.join(ROOT, "scenarios/county.toml"))}\n'
                 'replications = 1\nseed = 9223372036854775807\nbaseline_point = 0\n'
                 'set = ["scenario.horizon_days=5"]\n'
                 '[zip]\n"units.0.count" = [5, 4]\n"cameras.monitored" = [true, false]\n'
                 '"cameras.nodes" = [[], [[6, 6], [6, 7], [6, 8], [7, 6], [7, 7], [7, 8]]]\n')
    patrolsim("sweep", lt, "--out", lists)

    runs = check_sweep(small, with_frontier=True)
    check_sweep(budget, with_frontier=True)
    check_sweep(lists, with_frontier=True, list_param="cameras.nodes")
    check(any(all_null_float_columns(d) for d in [small, budget, lists]),
          "no all-null metric column in the test sweeps: the NaN rule is not exercised")
    lsum = pl.read_csv(os.path.join(lists, "summary.csv"))
    check(lsum.schema["std"] == pl.Float64 and lsum["std"].is_nan().all(), "one-replication std is not a NaN float column")
    lruns = pl.read_csv(os.path.join(lists, "runs.csv"))
    check(lruns["seed"].to_list() == [2**63 - 1] * 2, "the largest seed is not kept")
    check(lruns["param_cameras.monitored"].to_list() == [True, False], "a boolean parameter is not read as one")

    # The seed reproduces a run: replication 0 of `run --seed SEED` with point 0's values
    # and the fixture's settings (tests/fixtures/sweep-small.toml).
    row = runs.filter((pl.col("point") == 0) & (pl.col("replication") == 0))
    out = patrolsim("run", "scenarios/county.toml", "--seed", str(row["seed"][0]), "-r", "2",
                    "--set", "scenario.horizon_days=10", "--set", 'crime.start_state="empty"',
                    "--set", f"deployment.patrol_share={row['param_deployment.patrol_share'][0]}",
                    "--format", "json")
    # -r 2 is the least `run` accepts; compare the count of replication 0 through the sweep's mean.
    both = runs.filter((pl.col("point") == 0) & (pl.col("replication") < 2))["calls"].mean()
    check(json.loads(out)["metrics"]["calls"]["mean"] == both, "run --seed SEED does not reproduce the sweep's runs")

    # run --out and compare --out.
    rd = os.path.join(tmp, "run")
    patrolsim("run", "scenarios/county.toml", "-r", "2", "--set", "scenario.horizon_days=5", "--out", rd)
    for f in ["metrics.csv", "nodes.csv", "response_cdf.csv", "week.csv"]:
        p, q = read_both(os.path.join(rd, f))
        for c in ["mean", "std", "ci95_low", "ci95_high", "calls", "coverage", "share_within",
                  "calls_per_hour", "busy_units"]:
            if c in q.columns:
                check(q.schema[c] == pl.Float64, f"{f}: {c} is {q.schema[c]}")
    t = pl.read_json(os.path.join(rd, "metrics.json"))
    check("Int128" not in str(t.schema) and "String" not in str(t.schema["metrics"]), "metrics.json types")
    check(not os.path.exists(os.path.join(rd, "nodes.geojson")), "a grid run wrote nodes.geojson")

    # Maps out (a network from a map): the GeoJSON read with json + pandas,
    # as geopandas would see its properties, equals nodes.csv.
    gd = os.path.join(tmp, "map")
    patrolsim("run", "tests/fixtures/tiny-town.toml", "-r", "2", "--set", "scenario.horizon_days=2", "--out", gd)
    with open(os.path.join(gd, "nodes.geojson")) as fh:
        gj = json.load(fh)
    check(gj["type"] == "FeatureCollection", "nodes.geojson is not a FeatureCollection")
    props = pd.DataFrame([f["properties"] for f in gj["features"]])
    ncsv = pd.read_csv(os.path.join(gd, "nodes.csv"))
    check(list(props.columns) == list(ncsv.columns), f"nodes.geojson properties {list(props.columns)}")
    check(props.astype(str).equals(ncsv.astype(str)) or
          all((props[c].astype(float) - ncsv[c].astype(float)).abs().max() < 1e-12
              if ncsv[c].dtype.kind in "if" else (props[c] == ncsv[c]).all() for c in ncsv.columns),
          "nodes.geojson properties differ from nodes.csv")
    check(all(f["geometry"]["type"] == "Point" and -180 <= f["geometry"]["coordinates"][0] <= 180
              and -90 <= f["geometry"]["coordinates"][1] <= 90 for f in gj["features"]),
          "nodes.geojson points are not lon/lat")
    with open(os.path.join(gd, "edges.geojson")) as fh:
        ej = json.load(fh)
    check(all(f["geometry"]["type"] == "LineString" for f in ej["features"]) and
          "presence_hours_mean_of_ends" in ej["features"][0]["properties"], "edges.geojson shape")

    try:
        import geopandas as gpd
    except ImportError:
        gpd = None
        print("check-outputs: geopandas is not installed: nodes.geojson checked with json + pandas only")
    if gpd is not None:
        # As a GIS user loads them: one feature per node, WGS84, the same numbers as nodes.csv.
        gn = gpd.read_file(os.path.join(gd, "nodes.geojson"))
        check(len(gn) == len(ncsv), f"geopandas reads {len(gn)} node features for {len(ncsv)} nodes")
        check(gn.crs is not None and gn.crs.to_epsg() == 4326, f"nodes.geojson CRS {gn.crs}")
        check((gn.geometry.geom_type == "Point").all(), "geopandas: nodes are not Points")
        for c in ncsv.columns:
            if ncsv[c].dtype.kind in "if":
                check((gn[c].astype(float) - ncsv[c].astype(float)).abs().max() < 1e-12,
                      f"geopandas: nodes.geojson {c} differs from nodes.csv")
        ge = gpd.read_file(os.path.join(gd, "edges.geojson"))
        check(len(ge) == len(ej["features"]) and (ge.geometry.geom_type == "LineString").all(),
              "geopandas: edges.geojson")
        print(f"check-outputs: geopandas {gpd.__version__} read {len(gn)} nodes and {len(ge)} edges")

    cd = os.path.join(tmp, "compare")
    patrolsim("compare", "scenarios/compare-deployment.toml", "-r", "2", "--set", "scenario.horizon_days=5", "--out", cd)
    for f in os.listdir(cd):
        if f.endswith(".csv"):
            read_both(os.path.join(cd, f))
        elif f.endswith(".json"):
            t = pl.read_json(os.path.join(cd, f))
            check("Int128" not in str(t.schema), f"{f}: polars reads an Int128")

    check_r([small, budget, lists])
    shutil.rmtree(tmp)
    if FAILS:
        print(f"check-outputs: {len(FAILS)} checks failed")
        return 1
    print(f"check-outputs: all checks passed (pandas {pd.__version__}, polars {pl.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
