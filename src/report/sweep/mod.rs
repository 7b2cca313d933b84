//! A sweep's output directory: the plan (what the sweep is, so a resume or a
//! merge can check it is the same sweep), one file per finished run (written
//! atomically as it finishes, so a killed sweep loses no finished run), and
//! the final tables — `points.csv`, `runs.csv`, `runs_long.csv`,
//! `summary.csv`, `frontier.csv`, `summary.json` and their `schema.json` —
//! plus `manifest.json`. The final tables are built from the run files alone, in
//! sweep order, so they are byte-identical whatever the thread count, the
//! order of completion, interruptions or sharding.
//!
//! This file owns the plan and the run files; [`tables`] builds the final
//! tables and their schema, [`finish`] writes them with `manifest.json` and
//! renders the cost / Pareto-frontier table for people.

use super::write_atomic;
use crate::experiment::sweep::{RunId, StoredRun};
use crate::scenario::doc::{Node, Val};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

mod finish;
mod tables;

pub use finish::{ManifestInfo, frontier_table, manifest_json, write_final};
pub use tables::{PARAM_PREFIX, points_csv, runs_csv, runs_long_csv, summary_csv, summary_json};

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
    let mut h = crate::files::Fnv::default();
    for t in texts {
        h.add(t.as_bytes());
        h.add(&[0xFF]);
    }
    format!("{:016x}", h.0)
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
