//! The metric registry (`model::metrics`) and the emitting code agree: a
//! run of the county with every lever on emits only registered names and
//! every registered family (and every fixed breakdown of it); the
//! reference generated from the registry is the one committed; economics
//! costs runs from typed values, not from metric names.

use super::*;
use patrolsim::model::Model;
use patrolsim::model::metrics::{self, FAMILIES, Scope};
use serde_json::Value;
use std::collections::BTreeSet;

/// Metric names of a `compare --format json` document: each strategy's
/// metrics and its differences to the baseline.
fn names_of_compare(args: &[&str]) -> BTreeSet<String> {
    let o = patrolsim(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let mut names = BTreeSet::new();
    for part in ["strategies", "differences"] {
        for (_, s) in v[part].as_object().expect(part) {
            let m = if part == "strategies" {
                &s["metrics"]
            } else {
                s
            };
            names.extend(m.as_object().expect("metrics").keys().cloned());
        }
    }
    names
}

/// Everything the lever-heavy scenarios emit, shortened to a few days.
fn emitted() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (file, days) in [
        ("tests/fixtures/every-lever.toml", "30"),
        ("scenarios/checkpoints-vs-patrol.toml", "10"),
        ("scenarios/community-and-informants.toml", "10"),
        ("scenarios/claims/regional.toml", "10"),
        ("scenarios/claims/volunteers.toml", "10"),
        ("tests/fixtures/desks.toml", "10"),
        ("tests/fixtures/roles.toml", "10"),
    ] {
        let horizon = format!("scenario.horizon_days={days}");
        names.extend(names_of_compare(&[
            "compare", file, "--set", &horizon, "-r", "2", "--format", "json",
        ]));
    }
    // A burn-in chosen by "auto" (short stays and no memory of arrests keep
    // it to weeks).
    let auto = replicate(
        "scenarios/county.toml",
        &[
            "scenario.horizon_days=7",
            "scenario.burn_in_days=\"auto\"",
            "sanctions.sentence_scale=0.02",
            "crime.certainty_own_arrest=0",
            "crime.certainty_area_arrest=0",
        ],
        1,
        1,
    );
    if auto.runs[0].metric("burn_in_days").is_some() {
        names.insert("burn_in_days".to_string());
    }
    names
}

#[test]
fn every_emitted_metric_is_registered_and_every_registered_metric_is_emitted() {
    let names = emitted();
    let unregistered: Vec<&String> = names
        .iter()
        .filter(|n| metrics::resolve(n).is_none())
        .collect();
    assert!(
        unregistered.is_empty(),
        "emitted but not registered in src/model/metrics/: {unregistered:?}"
    );
    let resolved: Vec<metrics::Resolved> =
        names.iter().filter_map(|n| metrics::resolve(n)).collect();
    let mut missing = Vec::new();
    for fam in FAMILIES {
        let mine = || resolved.iter().filter(|r| r.family.name == fam.name);
        let top = fam.scope != Scope::Phase;
        if fam.total && top && !mine().any(|r| !r.phase && r.by.is_none()) {
            missing.push(fam.name.to_string());
        }
        if matches!(fam.scope, Scope::Phase | Scope::RunAndPhase) && !mine().any(|r| r.phase) {
            missing.push(format!("phase.<name>.{}", fam.name));
        }
        for by in fam.by {
            match by.values() {
                Some(values) => {
                    for v in values {
                        if !mine().any(|r| r.by == Some((*by, v))) {
                            missing.push(format!("{}.{v}", fam.name));
                        }
                    }
                }
                None => {
                    if !mine().any(|r| r.by.is_some_and(|(b, _)| b == *by)) {
                        missing.push(format!("{}.<{by:?}>", fam.name));
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "registered in src/model/metrics/ but never emitted: {missing:?}"
    );
}

#[test]
fn the_metric_reference_is_generated_from_the_registry() {
    let path = root().join("docs/reference/metrics.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == metrics::reference_markdown(),
        "docs/reference/metrics.md is not the one the registry generates; \
         regenerate it with `cargo run --example gen_metrics_reference`"
    );
}

/// The every-lever county without costs, and the same run with costs.
fn every_lever_run() -> (patrolsim::scenario::Scenario, patrolsim::RunResult) {
    let s = shipped("tests/fixtures/every-lever.toml", &[]);
    let (m, _) = Model::new(&s).unwrap();
    (s, m.run(5))
}

#[test]
fn costs_are_computed_from_typed_period_results_not_from_metric_names() {
    let (s, r) = every_lever_run();
    assert_eq!(r.periods.len(), 2, "the base and one phase");
    // The typed values are the ones the metrics report.
    for (k, name) in s.period_names().iter().enumerate() {
        let p = &r.periods[k];
        let m = |x: &str| r.metric(&format!("phase.{name}.{x}")).unwrap();
        assert_eq!(p.years, m("years"));
        assert_eq!(p.officers_needed, m("officers_needed"));
        for (x, v) in p.provided.named() {
            assert_eq!(v, m(x), "phase.{name}.{x}");
        }
    }
    assert!(r.periods[1].provided.street_cameras > r.periods[0].provided.street_cameras);
    assert!(r.periods[0].provided.targets_locked > 0.0);
    assert!(r.periods[0].provided.informants > 0.0);
    // Rename every metric the costs used to be read from: the costs stay.
    let mut costed = r.clone();
    patrolsim::economics::append_costs(&s, &mut costed);
    let mut renamed = r.clone();
    for (n, _) in &mut renamed.metrics {
        n.insert_str(0, "renamed_");
    }
    patrolsim::economics::append_costs(&s, &mut renamed);
    let n = r.metrics.len();
    let costs = |x: &patrolsim::RunResult| x.metrics[n..].to_vec();
    assert!(
        costs(&costed)
            .iter()
            .any(|(m, _)| m == "phase.more_cameras.cost_total")
    );
    assert!(costed.metric("cost.locks").unwrap() > 0.0);
    assert!(costed.metric("cost.informants").unwrap() > 0.0);
    assert!(costed.metric("cost.officers").unwrap() > 0.0);
    assert_eq!(costs(&costed), costs(&renamed));
}

#[test]
#[should_panic(expected = "period results")]
fn costing_a_run_without_its_period_results_fails_loudly() {
    let (s, mut r) = every_lever_run();
    r.periods.clear();
    patrolsim::economics::append_costs(&s, &mut r);
}
