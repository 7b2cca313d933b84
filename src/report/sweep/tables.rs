//! A sweep's final tables, built from the run files alone: `points.csv`,
//! `runs.csv`, `runs_long.csv`, `summary.csv`, `frontier.csv`,
//! `summary.json`, and the column types and roles `schema.json` lists.

use super::{Plan, field, metric_at, metric_names, value_text};
use crate::experiment::sweep::StoredRun;
use crate::report::{cell, metrics_value};
use crate::stats::Summary;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

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
pub(super) struct Col {
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
pub(super) struct Table {
    pub(super) cols: Vec<Col>,
    body: String,
}

impl Table {
    pub(super) fn csv(&self) -> String {
        let head: Vec<String> = self.cols.iter().map(|c| field(&c.name)).collect();
        head.join(",") + "\n" + &self.body
    }
}

impl Col {
    pub(super) fn schema(&self) -> Value {
        json!({"name": self.name, "type": self.kind.name(), "role": self.role})
    }
}

pub(super) const SCHEMA_ABOUT: &str = "The columns of each CSV table of this directory, in order: name, type \
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
pub(super) fn points_table(plan: &Plan) -> Table {
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
pub(super) fn runs_table(plan: &Plan, runs: &[StoredRun]) -> Table {
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
pub(super) fn runs_long_table(runs: &[StoredRun]) -> Table {
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
pub(super) fn summary_table(
    plan: &Plan,
    metrics: &[String],
    sums: &[Vec<(String, Summary)>],
) -> Table {
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
pub(super) fn frontier_csv_table(
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
