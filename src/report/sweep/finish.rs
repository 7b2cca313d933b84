//! The end of a sweep: the final files written atomically with
//! `manifest.json` (what a reader needs to trust and reproduce the results),
//! and the cost / social-cost table for people with the Pareto frontier.

use super::tables::{
    SCHEMA_ABOUT, Table, frontier_csv_table, points_table, runs_long_table, runs_table,
    summary_json, summary_table,
};
use super::{Plan, metric_names, value_text};
use crate::experiment::sweep::StoredRun;
use crate::report::write_atomic;
use crate::stats::Summary;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

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
