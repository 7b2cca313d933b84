//! A sweep's output directory: the plan (what the sweep is, so a resume or a
//! merge can check it is the same sweep), one file per finished run (written
//! atomically as it finishes, so a killed sweep loses no finished run), and
//! the final tables — `points.csv`, `runs.csv`, `runs_long.csv`,
//! `summary.csv`, `frontier.csv`, `summary.json` and their `schema.json` —
//! plus `manifest.json`. The final tables are built from the run files alone, in
//! sweep order, so they are byte-identical whatever the thread count, the
//! order of completion, interruptions or sharding.

use super::{cell, metrics_value, write_atomic};
use crate::experiment::sweep::{RunId, StoredRun};
use crate::scenario::doc::{Node, Val};
use crate::stats::Summary;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const PLAN_FILE: &str = "plan.json";
pub const RUNS_DIR: &str = "runs";

/// What a sweep is: enough to check a resume or a merge, and to write the
/// final tables without the sweep file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub patrolsim_version: String,
    pub sweep_file: String,
    pub sweep_hash: String,
    pub scenario_file: String,
    pub scenario_hash: String,
    pub design: String,
    pub parameters: Vec<String>,
    /// Each point's parameter values, as JSON values.
    pub points: Vec<Vec<Value>>,
    pub replications: u32,
    pub seed: u64,
    /// The point benefits are measured against, if any.
    #[serde(default)]
    pub baseline_point: Option<usize>,
    /// `M/N` for a shard's directory, `null` for a whole sweep.
    pub shard: Option<String>,
    /// Uncertainty designs (`morris`, `sobol`, `robust`): each point's
    /// coordinates in the unit cube, for the estimators; absent otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit_points: Vec<Vec<f64>>,
}

impl Plan {
    /// Do two plans describe the same sweep (shards aside)?
    pub fn same_sweep(&self, o: &Plan) -> bool {
        let mut a = self.clone();
        a.shard = o.shard.clone();
        a.sweep_file = o.sweep_file.clone();
        a.scenario_file = o.scenario_file.clone();
        a == *o
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of texts (not for security).
pub fn fingerprint<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in texts {
        for b in t.bytes().chain([0xFF]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    format!("{h:016x}")
}

/// A parameter value as JSON.
pub fn node_json(n: &Node) -> Value {
    match &n.val {
        Val::Str(s) | Val::Datetime(s) => json!(s),
        Val::Int(i) => json!(i),
        Val::Float(f) => json!(f),
        Val::Bool(b) => json!(b),
        Val::Array(items) => Value::Array(items.iter().map(node_json).collect()),
        Val::Table(e) => Value::Object(
            e.iter()
                .map(|(k, v)| (k.name.clone(), node_json(v)))
                .collect(),
        ),
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A CSV field, quoted when it must be (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The stored file of a run.
pub fn run_file(dir: &Path, id: RunId) -> PathBuf {
    dir.join(RUNS_DIR)
        .join(format!("p{:06}-r{:05}.json", id.point, id.replication))
}

pub fn read_plan(dir: &Path) -> Result<Option<Plan>, String> {
    let p = dir.join(PLAN_FILE);
    if !p.exists() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("{} is not a sweep plan: {e}", p.display()))
}

pub fn write_plan(dir: &Path, plan: &Plan) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join(RUNS_DIR))?;
    write_atomic(
        &dir.join(PLAN_FILE),
        (serde_json::to_string_pretty(plan).expect("plan") + "\n").as_bytes(),
    )
}

/// The id of the sweep a plan describes, stored in every run file so a run
/// of another sweep is never taken for one of this one (shards aside: every
/// shard of a sweep has the same id).
pub fn plan_id(plan: &Plan) -> String {
    let mut p = plan.clone();
    p.shard = None;
    p.sweep_file.clear();
    p.scenario_file.clear();
    fingerprint([serde_json::to_string(&p).expect("plan").as_str()])
}

/// A run's JSON without its checksum, and the checksum of that text.
fn run_value(run: &StoredRun, plan_id: &str) -> (Value, String) {
    let mut m = Map::new();
    for (k, v) in &run.metrics {
        m.insert(k.clone(), v.map_or(Value::Null, |x| json!(x)));
    }
    let v = json!({"point": run.id.point, "replication": run.id.replication, "seed": run.seed, "plan": plan_id, "metrics": m});
    let sum = fingerprint([v.to_string().as_str()]);
    (v, sum)
}

/// Store one finished run (atomically), with the plan's id and a checksum
/// of its contents.
pub fn write_run(dir: &Path, plan: &Plan, run: &StoredRun) -> std::io::Result<()> {
    let (mut v, sum) = run_value(run, &plan_id(plan));
    v["checksum"] = json!(sum);
    write_atomic(&run_file(dir, run.id), (v.to_string() + "\n").as_bytes())
}

/// Read and check one run file: it must be whole, unedited (checksum), of
/// this sweep (plan id), named after its run, inside the plan, and carry
/// the seed the plan gives it.
fn read_run(path: &Path, plan: &Plan, id_of_plan: &str) -> Result<StoredRun, String> {
    let shown = path.display();
    let redo = "delete it and run the sweep again with --resume to redo that run";
    let text = std::fs::read_to_string(path).map_err(|x| format!("cannot read {shown}: {x}"))?;
    let mut v: Value =
        serde_json::from_str(&text).map_err(|x| format!("{shown} is damaged ({x}); {redo}"))?;
    let bad = |what: &str| format!("{shown} {what}; {redo}");
    let stored_sum = v
        .as_object_mut()
        .and_then(|o| o.shift_remove("checksum"))
        .and_then(|c| c.as_str().map(str::to_string))
        .ok_or_else(|| bad("has no checksum (not a run file of this patrolsim)"))?;
    let id = RunId {
        point: v["point"]
            .as_u64()
            .ok_or_else(|| bad("is not a run file"))? as u32,
        replication: v["replication"]
            .as_u64()
            .ok_or_else(|| bad("is not a run file"))? as u32,
    };
    let seed = v["seed"].as_u64().ok_or_else(|| bad("is not a run file"))?;
    let metrics: Vec<(String, Option<f64>)> = v["metrics"]
        .as_object()
        .ok_or_else(|| bad("is not a run file"))?
        .iter()
        .map(|(k, x)| (k.clone(), x.as_f64()))
        .collect();
    if v["plan"].as_str() != Some(id_of_plan) {
        return Err(bad("belongs to another sweep (its plan id differs)"));
    }
    if fingerprint([v.to_string().as_str()]) != stored_sum {
        return Err(bad(
            "was changed after it was written (its checksum does not match)",
        ));
    }
    if run_file(Path::new(""), id).file_name() != path.file_name() {
        return Err(bad(&format!(
            "holds point {} replication {}, not the run its name says",
            id.point, id.replication
        )));
    }
    if id.point as usize >= plan.points.len() || id.replication >= plan.replications {
        return Err(bad("is a run outside the sweep's plan"));
    }
    if seed != crate::experiment::sweep::seed_of(plan.seed, id) {
        return Err(bad("has a seed the plan does not give that run"));
    }
    if metrics.is_empty() {
        return Err(bad("has no metrics"));
    }
    Ok(StoredRun { id, seed, metrics })
}

/// Every stored run of a directory, sorted by id, each checked against the
/// plan (see `read_run`); the first bad file is refused by name.
pub fn read_runs(dir: &Path, plan: &Plan) -> Result<Vec<StoredRun>, String> {
    let rd = dir.join(RUNS_DIR);
    let entries = match std::fs::read_dir(&rd) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(format!("cannot read {}: {e}", rd.display())),
    };
    let id = plan_id(plan);
    let mut out = Vec::new();
    for e in entries {
        let e = e.map_err(|e| format!("cannot read {}: {e}", rd.display()))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".json") || name.starts_with('.') {
            continue; // temporary files of runs cut short
        }
        out.push(read_run(&e.path(), plan, &id)?);
    }
    out.sort_by_key(|r| r.id);
    Ok(out)
}

/// Metric names over all runs, in order of first appearance.
fn metric_names(runs: &[StoredRun]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for r in runs {
        for (k, _) in &r.metrics {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    names
}

/// A run's value of metric `names[i]`: at index `i` when the run lists its
/// metrics in the common order (the usual case), else by name.
fn metric_at(r: &StoredRun, names: &[String], i: usize) -> Option<f64> {
    match r.metrics.get(i) {
        Some((k, v)) if *k == names[i] => *v,
        _ => r
            .metrics
            .iter()
            .find(|(k, _)| *k == names[i])
            .and_then(|m| m.1),
    }
}

/// The prefix of parameter columns in the CSV tables: `param_` then the
/// dotted key, e.g. `param_deployment.patrol_share` (a valid name in pandas,
/// polars and R's `read.csv`), so parameters never look like metrics.
pub const PARAM_PREFIX: &str = "param_";

/// The type a column is written as, and read as by pandas, polars and R.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Bool,
    Str,
    /// A list or table parameter: JSON text, in `points.csv` only.
    List,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Int => "int64",
            Kind::Float => "float64",
            Kind::Bool => "bool",
            Kind::Str | Kind::List => "string",
        }
    }
}

/// One column of a table: its name, type and role (for `schema.json`).
struct Col {
    name: String,
    kind: Kind,
    role: &'static str,
}

fn col(name: impl Into<String>, kind: Kind, role: &'static str) -> Col {
    Col {
        name: name.into(),
        kind,
        role,
    }
}

/// A CSV table: its columns and its rows (already rendered).
struct Table {
    cols: Vec<Col>,
    body: String,
}

impl Table {
    fn csv(&self) -> String {
        let head: Vec<String> = self.cols.iter().map(|c| field(&c.name)).collect();
        head.join(",") + "\n" + &self.body
    }
}

impl Col {
    fn schema(&self) -> Value {
        json!({"name": self.name, "type": self.kind.name(), "role": self.role})
    }
}

const SCHEMA_ABOUT: &str = "The columns of each CSV table of this directory, in order: name, type \
    (int64, float64, bool or string) and role. Parameter columns are named param_ then the dotted key; \
    parameters that are lists or tables are JSON text in points.csv only. A float column with no value \
    at all is written NaN in every row; otherwise a missing value is an empty cell.";

/// Each parameter's column type over all points: `int64` when every value
/// is an integer, `float64` when they are numbers, `bool`, `string`, or a
/// list (any value a list or table).
fn param_kinds(plan: &Plan) -> Vec<Kind> {
    (0..plan.parameters.len())
        .map(|j| {
            let mut kind = None;
            for p in &plan.points {
                let this = match &p[j] {
                    Value::Array(_) | Value::Object(_) => Kind::List,
                    Value::Bool(_) => Kind::Bool,
                    Value::Number(n) if n.is_i64() || n.is_u64() => Kind::Int,
                    Value::Number(_) => Kind::Float,
                    _ => Kind::Str,
                };
                kind = Some(match (kind, this) {
                    (None, t) => t,
                    (Some(Kind::List), _) | (_, Kind::List) => Kind::List,
                    (Some(a), b) if a == b => a,
                    (Some(Kind::Int), Kind::Float) | (Some(Kind::Float), Kind::Int) => Kind::Float,
                    _ => Kind::Str,
                });
            }
            kind.unwrap_or(Kind::Str)
        })
        .collect()
}

/// The parameters written in every row (all but lists and tables, which are
/// written once per point in `points.csv`): their indices and columns.
fn scalar_params(plan: &Plan) -> (Vec<usize>, Vec<Col>) {
    let kinds = param_kinds(plan);
    let idx: Vec<usize> = (0..kinds.len())
        .filter(|&j| kinds[j] != Kind::List)
        .collect();
    let cols = idx
        .iter()
        .map(|&j| {
            col(
                format!("{PARAM_PREFIX}{}", plan.parameters[j]),
                kinds[j],
                "parameter",
            )
        })
        .collect();
    (idx, cols)
}

fn param_cells(plan: &Plan, point: usize, idx: &[usize]) -> String {
    idx.iter()
        .map(|&j| match &plan.points[point][j] {
            Value::Bool(b) => format!(",{}", bool_cell(*b)),
            v => format!(",{}", field(&value_text(v))),
        })
        .collect()
}

/// A boolean cell: `TRUE` / `FALSE`, which pandas, polars and R's
/// `read.csv` all read as booleans (R reads `true` as text).
fn bool_cell(b: bool) -> &'static str {
    if b { "TRUE" } else { "FALSE" }
}

/// A float cell. A column with no finite value at all is written `NaN` in
/// every row, so that pandas, polars and R read it as a float column (an
/// all-empty column reads as text in polars and as logical in R); in a
/// column with values, a missing one is an empty cell (null / NA).
fn fcell(v: Option<f64>, column_empty: bool) -> String {
    if column_empty { "NaN".into() } else { cell(v) }
}

fn has_value(mut it: impl Iterator<Item = Option<f64>>) -> bool {
    it.any(|v| v.is_some_and(f64::is_finite))
}

/// One row per point: `point` and every parameter, lists and tables as JSON
/// text (written here once rather than on every row of the other tables).
fn points_table(plan: &Plan) -> Table {
    let kinds = param_kinds(plan);
    let mut cols = vec![col("point", Kind::Int, "id")];
    cols.extend(
        plan.parameters
            .iter()
            .zip(&kinds)
            .map(|(p, k)| col(format!("{PARAM_PREFIX}{p}"), *k, "parameter")),
    );
    let all: Vec<usize> = (0..kinds.len()).collect();
    let mut body = String::new();
    for i in 0..plan.points.len() {
        let _ = writeln!(body, "{i}{}", param_cells(plan, i, &all));
    }
    Table { cols, body }
}

/// One row per run: `point`, `replication`, `seed` (the sweep's master
/// seed: replication r of `run --seed SEED` is this run), the scalar
/// parameters (`param_…`), then every metric.
fn runs_table(plan: &Plan, runs: &[StoredRun]) -> Table {
    let names = metric_names(runs);
    let (idx, pcols) = scalar_params(plan);
    let mut cols = vec![
        col("point", Kind::Int, "id"),
        col("replication", Kind::Int, "id"),
        col("seed", Kind::Int, "seed"),
    ];
    cols.extend(pcols);
    cols.extend(names.iter().map(|n| col(n.clone(), Kind::Float, "metric")));
    let empty: Vec<bool> = (0..names.len())
        .map(|i| !has_value(runs.iter().map(|r| metric_at(r, &names, i))))
        .collect();
    let params: Vec<String> = (0..plan.points.len())
        .map(|i| param_cells(plan, i, &idx))
        .collect();
    let mut body = String::new();
    for r in runs {
        let _ = write!(
            body,
            "{},{},{}{}",
            r.id.point, r.id.replication, plan.seed, params[r.id.point as usize]
        );
        for (i, e) in empty.iter().enumerate() {
            body.push(',');
            body.push_str(&fcell(metric_at(r, &names, i), *e));
        }
        body.push('\n');
    }
    Table { cols, body }
}

/// The runs as a tidy long table: one row per run and metric
/// (`point,replication,metric,value`), in sweep order, metrics in the order
/// of `runs.csv`; a missing observation is an empty `value`.
fn runs_long_table(runs: &[StoredRun]) -> Table {
    let names = metric_names(runs);
    let empty = !has_value(
        runs.iter()
            .flat_map(|r| (0..names.len()).map(|i| metric_at(r, &names, i))),
    );
    let cols = vec![
        col("point", Kind::Int, "id"),
        col("replication", Kind::Int, "id"),
        col("metric", Kind::Str, "metric name"),
        col("value", Kind::Float, "metric value"),
    ];
    let quoted: Vec<String> = names.iter().map(|n| field(n)).collect();
    let mut body = String::with_capacity(runs.len() * names.len() * 40);
    for r in runs {
        for (i, n) in quoted.iter().enumerate() {
            let _ = writeln!(
                body,
                "{},{},{n},{}",
                r.id.point,
                r.id.replication,
                fcell(metric_at(r, &names, i), empty)
            );
        }
    }
    Table { cols, body }
}

/// One row per run (see `runs_table`).
pub fn runs_csv(plan: &Plan, runs: &[StoredRun]) -> String {
    runs_table(plan, runs).csv()
}

/// The runs as a long table (see `runs_long_table`).
pub fn runs_long_csv(runs: &[StoredRun]) -> String {
    runs_long_table(runs).csv()
}

/// Each point's parameters (see `points_table`).
pub fn points_csv(plan: &Plan) -> String {
    points_table(plan).csv()
}

type Named = (String, Summary);

/// The per-point summaries split into the metrics the runs measured and the
/// quantities derived across points (the Pareto frontier, the benefits
/// against the baseline point), which are not metrics of the point's runs.
fn split_derived<'a>(
    metrics: &[String],
    s: &'a [(String, Summary)],
) -> (Vec<&'a Named>, Vec<&'a Named>) {
    s.iter().partition(|(n, _)| metrics.contains(n))
}

/// Long table: one row per point and metric, with the scalar parameters.
fn summary_table(plan: &Plan, metrics: &[String], sums: &[Vec<(String, Summary)>]) -> Table {
    let (idx, pcols) = scalar_params(plan);
    let mut cols = vec![col("point", Kind::Int, "id")];
    cols.extend(pcols);
    cols.push(col("metric", Kind::Str, "metric name"));
    for c in ["mean", "std", "ci95_low", "ci95_high"] {
        cols.push(col(c, Kind::Float, "statistic"));
    }
    cols.push(col("n", Kind::Int, "statistic"));
    let rows: Vec<(usize, &(String, Summary))> = sums
        .iter()
        .enumerate()
        .flat_map(|(i, s)| split_derived(metrics, s).0.into_iter().map(move |x| (i, x)))
        .collect();
    let stats = |s: &Summary| [s.mean, s.std, s.ci95_low, s.ci95_high];
    let empty: Vec<bool> = (0..4)
        .map(|k| !has_value(rows.iter().map(|(_, (_, s))| stats(s)[k])))
        .collect();
    let mut body = String::new();
    for (i, (name, s)) in rows {
        let _ = write!(body, "{i}{},{}", param_cells(plan, i, &idx), field(name));
        for (v, e) in stats(s).iter().zip(&empty) {
            body.push(',');
            body.push_str(&fcell(*v, *e));
        }
        let _ = writeln!(body, ",{}", s.n);
    }
    Table { cols, body }
}

/// Long table: one row per point and metric.
pub fn summary_csv(plan: &Plan, metrics: &[String], sums: &[Vec<(String, Summary)>]) -> String {
    summary_table(plan, metrics, sums).csv()
}

/// One row per point with what is derived across points: `pareto_frontier`
/// (`TRUE` / `FALSE`) and, with a baseline point, `baseline` and each paired
/// difference against it (`benefit`, `net_benefit`, `benefit_cost_ratio`,
/// `cost_per_crime_prevented`) as `NAME_mean`, `NAME_std`, `NAME_ci95_low`,
/// `NAME_ci95_high` and `NAME_n`. `None` when nothing is derived.
fn frontier_csv_table(
    plan: &Plan,
    metrics: &[String],
    sums: &[Vec<(String, Summary)>],
) -> Option<Table> {
    let derived: Vec<Vec<&(String, Summary)>> =
        sums.iter().map(|s| split_derived(metrics, s).1).collect();
    let mut names: Vec<&str> = Vec::new();
    for (n, _) in derived.iter().flatten() {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    if names.is_empty() {
        return None;
    }
    let (idx, pcols) = scalar_params(plan);
    let mut cols = vec![col("point", Kind::Int, "id")];
    cols.extend(pcols);
    if plan.baseline_point.is_some() {
        cols.push(col("baseline", Kind::Bool, "derived"));
    }
    let get = |i: usize, n: &str| derived[i].iter().find(|(k, _)| k == n).map(|(_, s)| s);
    let stats = |s: Option<&Summary>| {
        [
            s.and_then(|s| s.mean),
            s.and_then(|s| s.std),
            s.and_then(|s| s.ci95_low),
            s.and_then(|s| s.ci95_high),
        ]
    };
    let mut empty: Vec<[bool; 4]> = Vec::new();
    for n in &names {
        if *n == "pareto_frontier" {
            cols.push(col(*n, Kind::Bool, "derived"));
            empty.push([false; 4]);
            continue;
        }
        for st in ["mean", "std", "ci95_low", "ci95_high"] {
            cols.push(col(format!("{n}_{st}"), Kind::Float, "derived"));
        }
        cols.push(col(format!("{n}_n"), Kind::Int, "derived"));
        let mut e = [false; 4];
        for (k, x) in e.iter_mut().enumerate() {
            *x = !has_value((0..sums.len()).map(|i| stats(get(i, n))[k]));
        }
        empty.push(e);
    }
    let mut body = String::new();
    for i in 0..sums.len() {
        let _ = write!(body, "{i}{}", param_cells(plan, i, &idx));
        if let Some(b) = plan.baseline_point {
            let _ = write!(body, ",{}", bool_cell(b == i));
        }
        for (n, e) in names.iter().zip(&empty) {
            let s = get(i, n);
            if *n == "pareto_frontier" {
                let on = s.and_then(|s| s.mean).map(|m| m == 1.0);
                let _ = write!(body, ",{}", on.map_or("", bool_cell));
                continue;
            }
            for (v, e) in stats(s).iter().zip(e) {
                body.push(',');
                body.push_str(&fcell(*v, *e));
            }
            let _ = write!(body, ",{}", s.map_or(0, |s| s.n));
        }
        body.push('\n');
    }
    Some(Table { cols, body })
}

/// The nested summary: per point its parameters (lists included), its
/// metrics and, apart from them, `pareto_frontier` (a boolean) and
/// `against_baseline` (the paired benefits against `baseline_point`).
pub fn summary_json(
    plan: &Plan,
    metrics: &[String],
    summaries: &[Vec<(String, Summary)>],
) -> String {
    let points: Vec<Value> = summaries
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let params: Map<String, Value> = plan
                .parameters
                .iter()
                .cloned()
                .zip(plan.points[i].iter().cloned())
                .collect();
            let (own, derived) = split_derived(metrics, s);
            let own: Vec<(String, Summary)> = own.into_iter().cloned().collect();
            let mut p = json!({"point": i, "parameters": params, "metrics": metrics_value(&own)});
            let mut against = Vec::new();
            for (name, x) in derived {
                if name == "pareto_frontier" {
                    p["pareto_frontier"] = json!(x.mean == Some(1.0));
                } else {
                    against.push((name.clone(), *x));
                }
            }
            if !against.is_empty() {
                p["against_baseline"] = metrics_value(&against);
            }
            p
        })
        .collect();
    let v = json!({
        "sweep": plan.sweep_file,
        "replications": plan.replications,
        "seed": plan.seed,
        "parameters": plan.parameters,
        "baseline_point": plan.baseline_point,
        "points": points,
    });
    serde_json::to_string_pretty(&v).expect("JSON") + "\n"
}

/// Everything a reader needs to trust and reproduce the results.
pub struct ManifestInfo<'a> {
    pub plan: &'a Plan,
    pub runs: usize,
    pub command: Vec<String>,
    pub wall_time_s: f64,
    pub jobs: usize,
    pub merged_from: Vec<String>,
}

pub fn manifest_json(m: &ManifestInfo) -> String {
    let seeds: Vec<u64> = (0..m.plan.replications)
        .map(|r| crate::engine::rng::replication_seed(m.plan.seed, r as u64))
        .collect();
    let v = json!({
        "patrolsim_version": env!("CARGO_PKG_VERSION"),
        "rng": crate::engine::rng::RNG_ALGORITHM,
        "sweep_file": m.plan.sweep_file,
        "sweep_hash": m.plan.sweep_hash,
        "scenario_file": m.plan.scenario_file,
        "scenario_hash": m.plan.scenario_hash,
        "design": m.plan.design,
        "parameters": m.plan.parameters,
        "points": m.plan.points.len(),
        "replications": m.plan.replications,
        "runs": m.runs,
        "seed": m.plan.seed,
        "replication_seeds": seeds,
        "shard": m.plan.shard,
        "merged_from": m.merged_from,
        "command": m.command,
        "jobs": m.jobs,
        "wall_time_s": m.wall_time_s,
    });
    serde_json::to_string_pretty(&v).expect("JSON") + "\n"
}

/// Write the final files of a complete sweep (or of one shard: the points,
/// its runs and their schema) and `manifest.json`; for a whole sweep, returns
/// the cost / benefit table for people (with the Pareto frontier), when the
/// runs have costs.
pub fn write_final(
    dir: &Path,
    plan: &Plan,
    runs: &[StoredRun],
    manifest: &ManifestInfo,
    whole: bool,
) -> std::io::Result<Option<String>> {
    let mut tables: Vec<(&str, Table)> = vec![
        ("points.csv", points_table(plan)),
        ("runs.csv", runs_table(plan, runs)),
    ];
    let mut table = None;
    let mut json_files: Vec<(&str, String)> = Vec::new();
    if whole {
        let sums = crate::experiment::sweep::summarise_points(
            plan.points.len(),
            runs,
            plan.baseline_point,
        );
        let metrics = metric_names(runs);
        table = frontier_table(plan, &sums);
        tables.push(("runs_long.csv", runs_long_table(runs)));
        tables.push(("summary.csv", summary_table(plan, &metrics, &sums)));
        if let Some(t) = frontier_csv_table(plan, &metrics, &sums) {
            tables.push(("frontier.csv", t));
        }
        json_files.push(("summary.json", summary_json(plan, &metrics, &sums)));
    }
    // schema.json: one line a column, tables in the order written.
    let mut schema = String::from("{\n  \"about\": ");
    schema += &json!(SCHEMA_ABOUT).to_string();
    schema += ",\n  \"tables\": {";
    for (k, (name, t)) in tables.iter().enumerate() {
        write_atomic(&dir.join(name), t.csv().as_bytes())?;
        let cols: Vec<String> = t
            .cols
            .iter()
            .map(|c| format!("      {}", c.schema()))
            .collect();
        let _ = write!(
            schema,
            "{}\n    {}: [\n{}\n    ]",
            if k == 0 { "" } else { "," },
            json!(name),
            cols.join(",\n")
        );
    }
    schema += "\n  }\n}\n";
    for (name, text) in &json_files {
        write_atomic(&dir.join(name), text.as_bytes())?;
    }
    write_atomic(&dir.join("schema.json"), schema.as_bytes())?;
    write_atomic(
        &dir.join("manifest.json"),
        manifest_json(manifest).as_bytes(),
    )?;
    Ok(table)
}

/// A parameter value short enough for a table: lists by their length.
fn short(v: &Value) -> String {
    match v {
        Value::Array(a) => format!("[{} items]", a.len()),
        other => {
            let t = value_text(other);
            if t.chars().count() > 18 {
                format!("{}…", t.chars().take(17).collect::<String>())
            } else {
                t
            }
        }
    }
}

/// Each point's parameters, cost, social cost and (against the baseline
/// point) net benefit and benefit-cost ratio, with the points on the
/// cost / social-cost Pareto frontier marked; `None` without costs.
pub fn frontier_table(plan: &Plan, sums: &[Vec<(String, Summary)>]) -> Option<String> {
    let get = |i: usize, k: &str| sums[i].iter().find(|(n, _)| n == k).map(|(_, s)| s);
    if sums.len() < 2 || (0..sums.len()).any(|i| get(i, "pareto_frontier").is_none()) {
        return None;
    }
    let ci = |s: Option<&Summary>| match s.and_then(|s| s.mean) {
        Some(m) => match (s.and_then(|s| s.ci95_low), s.and_then(|s| s.ci95_high)) {
            (Some(lo), Some(hi)) => format!("{m:.0} [{lo:.0}, {hi:.0}]"),
            _ => format!("{m:.0}"),
        },
        None => "—".into(),
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut head = vec!["point".to_string()];
    head.extend(plan.parameters.iter().cloned());
    head.extend(
        [
            "cost total",
            "social cost",
            "net benefit [95 % CI]",
            "BCR",
            "frontier",
        ]
        .map(String::from),
    );
    rows.push(head);
    for i in 0..sums.len() {
        let mut r = vec![i.to_string()];
        r.extend(plan.points[i].iter().map(short));
        let mean = |k: &str| {
            get(i, k)
                .and_then(|s| s.mean)
                .map_or("—".into(), |m| format!("{m:.0}"))
        };
        r.push(mean("cost_total"));
        r.push(mean("social_cost"));
        r.push(if Some(i) == plan.baseline_point {
            "(baseline)".into()
        } else {
            ci(get(i, "net_benefit"))
        });
        r.push(
            get(i, "benefit_cost_ratio")
                .and_then(|s| s.mean)
                .map_or("—".into(), |m| format!("{m:.2}")),
        );
        let on = get(i, "pareto_frontier").and_then(|s| s.mean) == Some(1.0);
        r.push(if on { "*".into() } else { String::new() });
        rows.push(r);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = match plan.baseline_point {
        Some(b) => format!(
            "Cost and social cost per point (means over replications; benefits against point {b}); \
             * marks the cost / social-cost Pareto frontier:\n"
        ),
        None => "Cost and social cost per point (means over replications); \
                 * marks the cost / social-cost Pareto frontier:\n"
            .to_string(),
    };
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        let _ = writeln!(out, "  {}", line.join("  ").trim_end());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("plain.key"), "plain.key");
        assert_ne!(fingerprint(["a", "b"]), fingerprint(["ab"]));
        assert_eq!(fingerprint(["x"]), fingerprint(["x"]));
    }
}
