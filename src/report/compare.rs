//! A comparison of strategies in all three forms: the JSON document, the
//! long CSV and the table for people (each strategy, its paired and
//! unpaired difference to the baseline, Holm-adjusted p-values, and the
//! economic rows that exist only as differences).

use super::{cell, fmt_summary, fmt_val, metrics_value, num, uncertainty};
use crate::experiment::Comparison;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

fn diff_value(d: &crate::experiment::Diff, holm: Option<f64>) -> Value {
    json!({
        "p_value": num(crate::experiment::multiplicity::paired_p(&d.paired)),
        "p_holm": num(holm),
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
    let (fam, note) = uncertainty::compare_family_note(c);
    for (s, ((name, r), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
        strategies.insert(
            name.clone(),
            json!({"replications": r.runs.len(), "metrics": metrics_value(&r.summary)}),
        );
        let mut m = Map::new();
        for (metric, diff) in d {
            let h = fam.iter().find(|t| t.strategy == s && t.metric == metric);
            m.insert(metric.clone(), diff_value(diff, h.map(|t| t.p_holm)));
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
        "multiple_comparisons": {"method": "holm", "tests": fam.len(), "family": note},
    });
    serde_json::to_string_pretty(&v).expect("JSON of plain values") + "\n"
}

/// Long CSV: one row per strategy and metric, with the difference to the baseline.
pub fn compare_csv(c: &Comparison) -> String {
    let mut out = String::from(
        "strategy,metric,mean,std,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high,diff_unpaired_ci95_low,diff_unpaired_ci95_high,diff_p,diff_p_holm\n",
    );
    let fam = crate::experiment::multiplicity::compare_family(c);
    for (si, ((name, r), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
        let none = crate::stats::Summary::of([None]);
        for (metric, diff) in d {
            let s = r.get(metric).unwrap_or(&none);
            let _ = writeln!(
                out,
                "{name},{metric},{},{},{},{},{},{},{},{},{},{},{}",
                cell(s.mean),
                cell(s.std),
                cell(s.ci95_low),
                cell(s.ci95_high),
                cell(diff.paired.mean),
                cell(diff.paired.ci95_low),
                cell(diff.paired.ci95_high),
                cell(diff.unpaired_low),
                cell(diff.unpaired_high),
                cell(crate::experiment::multiplicity::paired_p(&diff.paired)),
                cell(
                    fam.iter()
                        .find(|t| t.strategy == si && t.metric == metric)
                        .map(|t| t.p_holm)
                ),
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
    "offenders_in_prison_mean",
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
    "benefit.victims",
    "benefit.public_services",
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
    let (fam, note) = uncertainty::compare_family_note(c);
    let _ = writeln!(out, "{note}\n");
    let pcell = |s: usize, m: &str| {
        uncertainty::family_cells(&fam, s, m).map_or(String::new(), |p| format!("  {p}"))
    };
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
            let line = format!(
                "  {name:<22} {v:<22} Δ {dm:<9} paired {paired:<22} unpaired {unpaired:<22}{}",
                pcell(i, metric)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out.push('\n');
    }
    if c.diffs
        .iter()
        .any(|d| d.iter().any(|(m, _)| m == "benefit"))
    {
        let _ = writeln!(
            out,
            "Against the baseline (benefit = harm to victims and public-service costs avoided; paired 95 % CI)"
        );
        for metric in ECONOMIC_ROWS {
            let row = match *metric {
                "benefit.victims" => "benefit, harm to victims".to_string(),
                "benefit.public_services" => "benefit, public services".to_string(),
                m => m.replace('_', " "),
            };
            let _ = writeln!(out, "{row}");
            for (i, ((name, _), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
                if i == c.baseline {
                    continue;
                }
                if let Some((_, x)) = d.iter().find(|(m, _)| m == metric) {
                    let v = x.paired.mean.map(fmt_val).unwrap_or("—".into());
                    let ci = fmt_interval(x.paired.ci95_low, x.paired.ci95_high);
                    let line = format!("  {name:<22} {v:<14} {ci:<22}{}", pcell(i, metric));
                    let _ = writeln!(out, "{}", line.trim_end());
                }
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::metrics;

    #[test]
    fn every_metric_the_compare_table_shows_is_registered() {
        for m in COMPARE_METRICS.iter().chain(ECONOMIC_ROWS) {
            assert!(metrics::resolve(m).is_some(), "`{m}` is not registered");
        }
    }
}
