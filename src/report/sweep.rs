//! A sweep's output directory: the plan (what the sweep is, so a resume or a
//! merge can check it is the same sweep), one file per finished run (written
//! atomically as it finishes, so a killed sweep loses no finished run), and
//! the final tables — `runs.csv`, `summary.csv`, `summary.json` — plus
//! `manifest.json`. The final tables are built from the run files alone, in
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

fn run_path(dir: &Path, id: RunId) -> PathBuf {
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
    write_atomic(&run_path(dir, run.id), (v.to_string() + "\n").as_bytes())
}

/// The stored file of a run.
pub fn run_file(dir: &Path, id: RunId) -> PathBuf {
    run_path(dir, id)
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
    if run_path(Path::new(""), id).file_name() != path.file_name() {
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

/// One row per run: point, replication, seed, the varied parameters, every metric.
pub fn runs_csv(plan: &Plan, runs: &[StoredRun]) -> String {
    let names = metric_names(runs);
    let mut out = String::from("point,replication,seed");
    for p in plan.parameters.iter().chain(&names) {
        out.push(',');
        out.push_str(&field(p));
    }
    out.push('\n');
    for r in runs {
        let _ = write!(out, "{},{},{}", r.id.point, r.id.replication, r.seed);
        for v in &plan.points[r.id.point as usize] {
            out.push(',');
            out.push_str(&field(&value_text(v)));
        }
        for n in &names {
            out.push(',');
            out.push_str(&cell(
                r.metrics.iter().find(|(k, _)| k == n).and_then(|m| m.1),
            ));
        }
        out.push('\n');
    }
    out
}

/// Long table: one row per point and metric.
pub fn summary_csv(plan: &Plan, summaries: &[Vec<(String, Summary)>]) -> String {
    let mut out = String::from("point");
    for p in &plan.parameters {
        out.push(',');
        out.push_str(&field(p));
    }
    out.push_str(",metric,mean,std,ci95_low,ci95_high,n\n");
    for (i, s) in summaries.iter().enumerate() {
        let params: String = plan.points[i]
            .iter()
            .map(|v| format!(",{}", field(&value_text(v))))
            .collect();
        for (name, x) in s {
            let _ = writeln!(
                out,
                "{i}{params},{},{},{},{},{},{}",
                field(name),
                cell(x.mean),
                cell(x.std),
                cell(x.ci95_low),
                cell(x.ci95_high),
                x.n
            );
        }
    }
    out
}

pub fn summary_json(plan: &Plan, summaries: &[Vec<(String, Summary)>]) -> String {
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
            json!({"point": i, "parameters": params, "metrics": metrics_value(s)})
        })
        .collect();
    let v = json!({
        "sweep": plan.sweep_file,
        "replications": plan.replications,
        "seed": plan.seed,
        "parameters": plan.parameters,
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

/// Write the final files of a complete sweep (or of one shard: runs only).
/// Write the final tables; for a whole sweep, returns the cost / benefit
/// table for people (with the Pareto frontier), when the runs have costs.
pub fn write_final(
    dir: &Path,
    plan: &Plan,
    runs: &[StoredRun],
    manifest: &ManifestInfo,
    whole: bool,
) -> std::io::Result<Option<String>> {
    write_atomic(&dir.join("runs.csv"), runs_csv(plan, runs).as_bytes())?;
    let mut table = None;
    if whole {
        let sums = crate::experiment::sweep::summarise_points(
            plan.points.len(),
            runs,
            plan.baseline_point,
        );
        table = frontier_table(plan, &sums);
        write_atomic(
            &dir.join("summary.csv"),
            summary_csv(plan, &sums).as_bytes(),
        )?;
        write_atomic(
            &dir.join("summary.json"),
            summary_json(plan, &sums).as_bytes(),
        )?;
    }
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
