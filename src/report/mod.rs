//! Renderers of results: a table for people, JSON and CSV for programs
//! (DESIGN "Conventions": one JSON shape, `null` / empty for a metric with no
//! observation), the per-node table, and atomic file output.

use crate::experiment::{Comparison, Replicated};
use crate::stats::Summary;
use crate::world::{World, node_name};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

pub mod outdir;
pub mod sweep;

fn num(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

/// `{NAME: {"mean", "std", "ci95_low", "ci95_high"}}`.
pub fn metrics_value(summary: &[(String, Summary)]) -> Value {
    let mut m = Map::new();
    for (name, s) in summary {
        m.insert(
            name.clone(),
            json!({"mean": num(s.mean), "std": num(s.std), "ci95_low": num(s.ci95_low), "ci95_high": num(s.ci95_high)}),
        );
    }
    Value::Object(m)
}

/// The JSON document of `run --format json` and `metrics.json`.
pub fn run_json(scenario: &str, r: &Replicated) -> String {
    let v = json!({
        "scenario": scenario,
        "seed": r.master_seed,
        "replications": r.runs.len(),
        "metrics": metrics_value(&r.summary),
    });
    serde_json::to_string_pretty(&v).expect("JSON of plain values") + "\n"
}

/// A CSV number: shortest round-trip text, always with a decimal point so
/// that readers which infer types from the first rows (polars) see a float.
pub(crate) fn cell(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => {
            let t = format!("{x}");
            if t.contains(['.', 'e', 'E', 'i', 'N']) {
                t
            } else {
                t + ".0"
            }
        }
        _ => String::new(),
    }
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

/// Per-node table (`nodes.csv`).
pub fn nodes_csv(w: &World, r: &Replicated) -> String {
    let mut out =
        String::from("node,name,x_m,y_m,jurisdiction,calls,presence_hours,coverage,crimes\n");
    for i in 0..w.node_count() {
        let name = node_name(i as u32, w.grid);
        let _ = writeln!(
            out,
            "{i},\"{name}\",{},{},{},{},{},{},{}",
            cell(Some(w.xy[i][0])),
            cell(Some(w.xy[i][1])),
            w.jurisdictions[w.node_jur[i] as usize].name,
            cell(r.nodes.calls.get(i).copied()),
            cell(r.nodes.presence_hours.get(i).copied()),
            cell(r.nodes.coverage.get(i).copied()),
            cell(r.nodes.crimes.get(i).copied()),
        );
    }
    out
}

fn fmt_val(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// A metric as people read it: `8.41 ± 0.12` (95 % CI half-width), or `—`.
pub fn fmt_summary(s: &Summary) -> String {
    match (s.mean, s.half_width()) {
        (None, _) => "—".into(),
        (Some(m), Some(h)) => format!("{} ± {}", fmt_val(m), fmt_val(h)),
        (Some(m), None) => fmt_val(m),
    }
}

const SECTIONS: &[(&str, &[&str])] = &[
    (
        "Calls for service",
        &[
            "calls",
            "call_rate_per_hour",
            "calls_cleared",
            "calls_open_at_end",
        ],
    ),
    (
        "Response (received → on scene)",
        &[
            "response_time_mean_min",
            "response_time_median_min",
            "response_time_p90_min",
            "response_target_met_share",
            "response_target_met_share.urban",
            "response_target_met_share.suburban",
            "response_target_met_share.rural",
        ],
    ),
    (
        "Dispatch wait (queued → assigned)",
        &[
            "dispatch_wait_mean_min",
            "dispatch_wait_p90_min",
            "dispatch_delayed_share",
        ],
    ),
    (
        "Work per call",
        &[
            "travel_time_mean_min",
            "on_scene_mean_min",
            "busy_time_mean_min",
        ],
    ),
    (
        "Units",
        &[
            "units_on_duty_mean",
            "busy_units_mean",
            "unit_utilization",
            "officers_needed",
        ],
    ),
    ("Presence", &["patrol_coverage", "presence_hours"]),
    (
        "Crime (offenders' opportunities → outcomes)",
        &[
            "crimes_deterred",
            "crimes_displaced",
            "crimes_attempted",
            "crimes_completed",
            "crimes_failed",
            "crimes_reported",
            "crimes_cleared",
            "clearance_rate",
            "clearance_rate_all",
            "social_cost",
            "crime_concentration_50",
            "alarm_calls",
            "false_alarm_calls",
        ],
    ),
    (
        "Arrests",
        &[
            "arrests",
            "arrests.in_act",
            "arrests.response",
            "arrests.investigation",
            "arrests.checkpoint",
            "arrests.stop_check",
            "arrests.stake_out",
            "offenders_in_prison_mean",
        ],
    ),
    (
        "Regional linkage",
        &[
            "calls_answered_across_boundary",
            "identifications.cross_jurisdiction",
            "arrests.cross_jurisdiction",
            "identifications.outside_county",
            "arrests.outside_county",
            "offenders_wanted",
            "arrests.wanted",
        ],
    ),
    (
        "Informants and registration",
        &[
            "informants",
            "tips.offenders_noted",
            "tips.loot_sales_noted",
            "tips.lodging_registrations",
            "identifications.helped_by_tips",
        ],
    ),
    (
        "Cost (scenario currency, over the simulated period after warm-up)",
        &[
            "cost_total",
            "cost.officers",
            "cost.vehicles",
            "cost.locks",
            "cost.alarms",
            "cost.cameras",
            "cost.street_cameras",
            "cost.checkpoints",
            "cost.detectives",
            "cost.volunteers",
            "cost.informants",
            "cost.registration",
            "cost.regional",
            "cost.platform",
            "cost_by_payer.public",
            "cost_by_payer.households",
            "cost_by_payer.businesses",
        ],
    ),
];

/// The report for people.
pub fn run_table(title: &str, r: &Replicated) -> String {
    let mut out = String::new();
    let n = r.runs.len();
    let _ = writeln!(
        out,
        "patrolsim — {title}\n{n} replication{} (master seed {}); values are mean ± 95 % CI half-width\n",
        if n == 1 { "" } else { "s" },
        r.master_seed
    );
    let label = |name: &str| name.replace('_', " ");
    for (head, names) in SECTIONS {
        if !names.iter().any(|n| r.get(n).is_some()) {
            continue; // e.g. no crime model in this scenario
        }
        let _ = writeln!(out, "{head}");
        for name in *names {
            if let Some(s) = r.get(name) {
                let _ = writeln!(out, "  {:<34} {}", label(name), fmt_summary(s));
            }
        }
        if *head == "Response (received → on scene)" {
            for (name, s) in &r.summary {
                if let Some(p) = name.strip_prefix("response_time_mean_min.") {
                    let calls = r
                        .get(&format!("calls.{p}"))
                        .map(fmt_summary)
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  {:<34} {}   ({calls} calls)",
                        format!("mean, priority {}", &p[1..]),
                        fmt_summary(s)
                    );
                }
            }
        }
        if head.starts_with("Crime") && r.get("crimes_completed").is_some() {
            let _ = writeln!(out, "  completed by type:");
            for (name, s) in &r.summary {
                if let Some(k) = name
                    .strip_prefix("crimes_completed.")
                    .filter(|k| !["hot_spots", "ring", "elsewhere"].contains(k))
                {
                    let _ = writeln!(out, "    {:<32} {}", k.replace('_', " "), fmt_summary(s));
                }
            }
        }
        if *head == "Units" {
            let _ = writeln!(out, "  unit-hours by state:");
            for (name, s) in &r.summary {
                if let Some(st) = name.strip_prefix("unit_hours.")
                    && s.mean.unwrap_or(0.0) > 0.0
                {
                    let _ = writeln!(out, "    {:<32} {}", st.replace('_', " "), fmt_summary(s));
                }
            }
        }
        out.push('\n');
    }
    // Phased building: each period's own outcomes and cost, period by period.
    let mut periods: Vec<(&str, Vec<(&str, &Summary)>)> = Vec::new();
    for (name, s) in &r.summary {
        if let Some((phase, metric)) = name.strip_prefix("phase.").and_then(|r| r.split_once('.')) {
            match periods.iter_mut().find(|(p, _)| *p == phase) {
                Some((_, list)) => list.push((metric, s)),
                None => periods.push((phase, vec![(metric, s)])),
            }
        }
    }
    if !periods.is_empty() {
        let _ = writeln!(out, "Phases (each period's own outcomes, after warm-up)");
        for (phase, list) in periods {
            let _ = writeln!(out, "  {phase}:");
            for (metric, s) in list {
                let _ = writeln!(out, "    {:<32} {}", label(metric), fmt_summary(s));
            }
        }
        out.push('\n');
    }
    out
}

/// Write `contents` to `path` atomically: a temporary file in the same
/// directory, flushed, then renamed over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let res = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

fn diff_value(d: &crate::experiment::Diff) -> Value {
    json!({
        "mean": num(d.paired.mean),
        "std": num(d.paired.std),
        "ci95_low": num(d.paired.ci95_low),
        "ci95_high": num(d.paired.ci95_high),
        "unpaired_ci95_low": num(d.unpaired_low),
        "unpaired_ci95_high": num(d.unpaired_high),
    })
}

/// The JSON document of `compare`: each strategy in the shape of `run`, and
/// the paired difference of each to the baseline.
pub fn compare_json(scenario: &str, c: &Comparison) -> String {
    let mut strategies = Map::new();
    let mut diffs = Map::new();
    for ((name, r), d) in c.strategies.iter().zip(&c.diffs) {
        strategies.insert(
            name.clone(),
            json!({"replications": r.runs.len(), "metrics": metrics_value(&r.summary)}),
        );
        let mut m = Map::new();
        for (metric, diff) in d {
            m.insert(metric.clone(), diff_value(diff));
        }
        diffs.insert(name.clone(), Value::Object(m));
    }
    let v = json!({
        "scenario": scenario,
        "seed": c.master_seed,
        "replications": c.strategies[c.baseline].1.runs.len(),
        "baseline": c.strategies[c.baseline].0,
        "strategies": strategies,
        "differences": diffs,
    });
    serde_json::to_string_pretty(&v).expect("JSON of plain values") + "\n"
}

/// Long CSV: one row per strategy and metric, with the difference to the baseline.
pub fn compare_csv(c: &Comparison) -> String {
    let mut out = String::from(
        "strategy,metric,mean,std,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high,diff_unpaired_ci95_low,diff_unpaired_ci95_high\n",
    );
    for ((name, r), d) in c.strategies.iter().zip(&c.diffs) {
        let none = crate::stats::Summary::of([None]);
        for (metric, diff) in d {
            let s = r.get(metric).unwrap_or(&none);
            let _ = writeln!(
                out,
                "{name},{metric},{},{},{},{},{},{},{},{},{}",
                cell(s.mean),
                cell(s.std),
                cell(s.ci95_low),
                cell(s.ci95_high),
                cell(diff.paired.mean),
                cell(diff.paired.ci95_low),
                cell(diff.paired.ci95_high),
                cell(diff.unpaired_low),
                cell(diff.unpaired_high),
            );
        }
    }
    out
}

const COMPARE_METRICS: &[&str] = &[
    "crimes_completed",
    "crimes_completed.hot_spots",
    "crimes_completed.ring",
    "crimes_completed.elsewhere",
    "crimes_deterred",
    "social_cost",
    "arrests",
    "clearance_rate",
    "calls",
    "response_time_mean_min",
    "response_time_p90_min",
    "response_time_mean_min.p1",
    "dispatch_wait_mean_min",
    "travel_time_mean_min",
    "unit_utilization",
    "patrol_coverage",
    "presence_hours",
    "officers_needed",
    "cost_total",
];

/// Rows that exist only as differences to the baseline.
const ECONOMIC_ROWS: &[&str] = &[
    "benefit",
    "net_benefit",
    "benefit_cost_ratio",
    "cost_per_crime_prevented",
];

fn fmt_interval(lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) => format!("[{}, {}]", fmt_val(l), fmt_val(h)),
        _ => "—".into(),
    }
}

/// The comparison for people: each strategy's value, then its difference to
/// the baseline with the paired and the unpaired 95 % interval.
pub fn compare_table(title: &str, c: &Comparison) -> String {
    let mut out = String::new();
    let base = &c.strategies[c.baseline].0;
    let n = c.strategies[c.baseline].1.runs.len();
    let _ = writeln!(
        out,
        "patrolsim compare — {title}\n{n} replications per strategy, common random numbers (master seed {}); baseline: {base}\n",
        c.master_seed
    );
    for metric in COMPARE_METRICS {
        if c.strategies[0].1.get(metric).is_none() {
            continue;
        }
        let _ = writeln!(out, "{}", metric.replace('_', " "));
        for (i, ((name, r), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
            let v = r.get(metric).map(fmt_summary).unwrap_or_default();
            if i == c.baseline {
                let _ = writeln!(out, "  {name:<22} {v:<22} (baseline)");
                continue;
            }
            let diff = d.iter().find(|(m, _)| m == metric).map(|(_, d)| d);
            let (dm, paired, unpaired) = match diff {
                Some(d) => (
                    d.paired
                        .mean
                        .map(|x| format!("{}{}", if x >= 0.0 { "+" } else { "" }, fmt_val(x)))
                        .unwrap_or("—".into()),
                    fmt_interval(d.paired.ci95_low, d.paired.ci95_high),
                    fmt_interval(d.unpaired_low, d.unpaired_high),
                ),
                None => ("—".into(), "—".into(), "—".into()),
            };
            let _ = writeln!(
                out,
                "  {name:<22} {v:<22} Δ {dm:<9} paired {paired:<22} unpaired {unpaired}"
            );
        }
        out.push('\n');
    }
    if c.diffs
        .iter()
        .any(|d| d.iter().any(|(m, _)| m == "benefit"))
    {
        let _ = writeln!(
            out,
            "Against the baseline (benefit = social cost of crime avoided; paired 95 % CI)"
        );
        for metric in ECONOMIC_ROWS {
            let _ = writeln!(out, "{}", metric.replace('_', " "));
            for (i, ((name, _), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
                if i == c.baseline {
                    continue;
                }
                if let Some((_, x)) = d.iter().find(|(m, _)| m == metric) {
                    let v = x.paired.mean.map(fmt_val).unwrap_or("—".into());
                    let _ = writeln!(
                        out,
                        "  {name:<22} {v:<14} {}",
                        fmt_interval(x.paired.ci95_low, x.paired.ci95_high)
                    );
                }
            }
        }
        out.push('\n');
    }
    out
}
