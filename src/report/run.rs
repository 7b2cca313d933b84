//! A run's files for programs: the metrics as JSON and CSV, the per-node
//! table (of a run and of a comparison), the response-time distribution and
//! the hour-of-week profile.

use super::{cell, metrics_value, num};
use crate::experiment::{Comparison, Replicated};
use crate::model::Model;
use crate::scenario::Scenario;
use crate::world::node_name;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

/// metrics, and the priority-1 response targets by area type (`null`: none)
/// that charts mark.
pub fn run_json(s: &Scenario, r: &Replicated) -> String {
    let targets: Map<String, Value> = crate::scenario::AREA_TYPES
        .iter()
        .zip(s.dispatch.response_target_min)
        .map(|(a, t)| (a.to_string(), num(t)))
        .collect();
    let v = json!({
        "scenario": s.name,
        "seed": r.master_seed,
        "replications": r.runs.len(),
        "response_target_min": targets,
        "metrics": metrics_value(&r.summary),
    });
    serde_json::to_string_pretty(&v).expect("JSON of plain values") + "\n"
}

/// `metric,mean,std,ci95_low,ci95_high`, one row per metric.
pub fn run_csv(r: &Replicated) -> String {
    let mut out = String::from("metric,mean,std,ci95_low,ci95_high\n");
    for (name, s) in &r.summary {
        let _ = writeln!(
            out,
            "{name},{},{},{},{}",
            cell(s.mean),
            cell(s.std),
            cell(s.ci95_low),
            cell(s.ci95_high)
        );
    }
    out
}

const NODE_COLUMNS: &str =
    "node,name,x_m,y_m,jurisdiction,stations,posts,calls,presence_hours,coverage,crimes";

/// Per node: the jurisdiction stations and the standby posts (as listed in
/// the unit groups) at it.
pub(crate) fn stations_and_posts(m: &Model) -> (Vec<u32>, Vec<u32>) {
    let n = m.world.node_count();
    let (mut stations, mut posts) = (vec![0u32; n], vec![0u32; n]);
    for j in &m.world.jurisdictions {
        stations[j.station as usize] += 1;
    }
    for g in &m.scenario.units {
        for p in g.posts.iter().filter_map(|&p| m.world.resolve(p)) {
            posts[p as usize] += 1;
        }
    }
    (stations, posts)
}

/// The rows of one model's per-node table, each line led by `lead`.
fn node_rows(out: &mut String, lead: &str, m: &Model, r: &Replicated) {
    let w = &m.world;
    let (stations, posts) = stations_and_posts(m);
    for i in 0..w.node_count() {
        let name = node_name(i as u32, w.grid);
        let _ = writeln!(
            out,
            "{lead}{i},\"{name}\",{},{},{},{},{},{},{},{},{}",
            cell(Some(w.xy[i][0])),
            cell(Some(w.xy[i][1])),
            w.jurisdictions[w.node_jur[i] as usize].name,
            stations[i],
            posts[i],
            cell(r.nodes.calls.get(i).copied()),
            cell(r.nodes.presence_hours.get(i).copied()),
            cell(r.nodes.coverage.get(i).copied()),
            cell(r.nodes.crimes.get(i).copied()),
        );
    }
}

/// Per-node table of a run (`nodes.csv`).
pub fn nodes_csv(m: &Model, r: &Replicated) -> String {
    let mut out = format!("{NODE_COLUMNS}\n");
    node_rows(&mut out, "", m, r);
    out
}

/// Per-node table of a comparison (its `nodes.csv`): one row per strategy
/// and node, each strategy with its own stations and posts.
pub fn compare_nodes_csv(models: &[Model], c: &Comparison) -> String {
    let mut out = format!("strategy,{NODE_COLUMNS}\n");
    for (m, (name, r)) in models.iter().zip(&c.strategies) {
        node_rows(&mut out, &format!("\"{name}\","), m, r);
    }
    out
}

/// `response_cdf.csv`: per priority (`all`, `p1`, …) and minute, the mean
/// share of responses (received → on scene) within that many minutes.
pub fn response_cdf_csv(r: &Replicated) -> String {
    let mut out = String::from("priority,minutes,share_within\n");
    for (p, cdf) in &r.profiles.response_cdf {
        for (m, v) in cdf.iter().enumerate() {
            let _ = writeln!(out, "{p},{m},{}", cell(Some(*v)));
        }
    }
    out
}

/// `week.csv`: per hour of the week (0 = Monday 00:00), the mean calls
/// received per hour and the mean number of units busy with a call.
pub fn week_csv(r: &Replicated) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut out = String::from("hour_of_week,day,hour,calls_per_hour,busy_units\n");
    let p = &r.profiles;
    for h in 0..p.calls_by_hour.len().min(p.busy_units_by_hour.len()) {
        let _ = writeln!(
            out,
            "{h},{},{},{},{}",
            DAYS[h / 24 % 7],
            h % 24,
            cell(Some(p.calls_by_hour[h])),
            cell(Some(p.busy_units_by_hour[h]))
        );
    }
    out
}
