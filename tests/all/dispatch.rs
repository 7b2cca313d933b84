//! The dispatch queue and travel against outside oracles: Erlang C (M/M/c),
//! Little's law, exact grid distances, the shared yardstick; and determinism.

use super::*;
use patrolsim::engine::rng::replication_seed;
use patrolsim::experiment;
use patrolsim::model::{Model, RunOptions};

/// One node, `c` units standing by on it, Poisson calls, exponential
/// on-scene times, no intake delay, no travel: an M/M/c queue.
fn mmc(c: u32, a: f64, mean_service_min: f64, days: f64) -> Scenario {
    let rate_per_hour = a / mean_service_min * 60.0;
    scenario(&format!(
        r#"
[scenario]
horizon_days = {days}
warmup_days = 2
[network]
rows = 1
cols = 1
[calls]
rate_per_hour = {rate_per_hour}
[[calls.types]]
name = "call"
on_scene_min = {{ dist = "exponential", mean = {mean_service_min} }}
[dispatch]
queue = "fifo"
[[units]]
count = {c}
"#
    ))
}

#[test]
fn erlang_c_table_values() {
    // Oracle check of the oracle (docs/references.md A1).
    assert!((erlang_c(3, 2.0) - 0.444444).abs() < 1e-6);
    assert!((erlang_c(10, 6.0) - 0.101299).abs() < 1e-6);
    assert!((erlang_c(2, 1.5) - 0.642857).abs() < 1e-6);
    assert!((erlang_c(5, 1.5) - 0.020139).abs() < 1e-6);
}

/// Simulated P(wait > 0) and mean wait match Erlang C within a stated
/// tolerance: 0.015 absolute on the probability, 6 % relative on Wq (and
/// inside the 95 % CI widened by 3×). Four replications of 1,500 days each.
#[test]
fn dispatch_wait_matches_erlang_c() {
    for (c, a) in [(3u32, 2.0f64), (2, 1.5), (10, 6.0), (5, 1.5)] {
        let mean_s = 30.0;
        let s = mmc(c, a, mean_s, 1500.0);
        let (m, _) = Model::new(&s).unwrap();
        let r = experiment::replicate(&m, 7, 4, false);
        let pw = erlang_c(c, a);
        let mu = 1.0 / mean_s;
        let lambda = a * mu;
        let wq = pw / (c as f64 * mu - lambda);
        let got_p = r.get("dispatch_delayed_share").unwrap();
        let got_w = r.get("dispatch_wait_mean_min").unwrap();
        let (p, w) = (got_p.mean.unwrap(), got_w.mean.unwrap());
        assert!(
            (p - pw).abs() < 0.015,
            "c={c} a={a}: P(wait>0) {p:.4} vs Erlang C {pw:.4}"
        );
        assert!(
            (w - wq).abs() <= (0.06 * wq).max(3.0 * got_w.half_width().unwrap()).max(0.01),
            "c={c} a={a}: Wq {w:.4} min vs {wq:.4}"
        );
        // Utilisation = a / c (no travel).
        let util = r.get("unit_utilization").unwrap().mean.unwrap();
        assert!(
            (util - a / c as f64).abs() < 0.01,
            "c={c} a={a}: utilisation {util:.4}"
        );
    }
}

/// Little's law: mean busy units = call rate × mean busy time per call, on
/// the county (travel, priorities, shifts, breaks, several jurisdictions).
#[test]
fn littles_law_holds_for_busy_units() {
    let s = shipped("scenarios/county.toml", &["scenario.horizon_days=120"]);
    let (m, _) = Model::new(&s).unwrap();
    for r in 0..2 {
        let run = m.run(replication_seed(3, r));
        let l = run.metric("busy_units_mean").unwrap();
        let lambda = run.metric("call_rate_per_hour").unwrap();
        let w_h = run.metric("busy_time_mean_min").unwrap() / 60.0;
        assert!(
            (l - lambda * w_h).abs() / l < 0.01,
            "L = {l:.4} vs λW = {:.4}",
            lambda * w_h
        );
        // Conservation of calls: received = cleared + open, up to one call
        // received in the warm-up and cleared after it.
        let calls = run.metric("calls").unwrap();
        let cleared = run.metric("calls_cleared").unwrap();
        let open = run.metric("calls_open_at_end").unwrap();
        assert!(
            calls - cleared <= open && open <= calls - cleared + 1.0,
            "{calls} {cleared} {open}"
        );
    }
}

/// A single unit standing by at the centre of an n × n grid (n odd), calls at
/// uniform nodes, light load: mean travel (n² − 1)/(2n) blocks.
#[test]
fn mean_travel_from_the_centre_of_a_grid() {
    let n = 11u32;
    let s = scenario(&format!(
        r#"
[scenario]
horizon_days = 20000
[network]
rows = {n}
cols = {n}
block_m = 1000
local_speed_kmh = 60
[[jurisdictions]]
name = "all"
station = [{c}, {c}]
rest = true
[calls]
rate_per_hour = 0.05
[[calls.types]]
on_scene_min = 1
[unit_types.car]
speed_kmh = 60
[[units]]
count = 1
"#,
        c = n / 2
    ));
    let (m, _) = Model::new(&s).unwrap();
    let run = m.run(1);
    let travel = run.metric("travel_time_mean_min").unwrap(); // 1 block = 1 minute
    let exact = (n as f64 * n as f64 - 1.0) / (2.0 * n as f64);
    // ~24,000 calls: standard error ≈ 0.02 blocks; load ≈ 1 % adds a small bias.
    assert!(
        (travel - exact).abs() < 0.1,
        "mean travel {travel:.4} blocks vs {exact:.4}"
    );
}

/// The shipped yardstick model agrees with the reference implementation
/// (utilisation ≈ 0.70, mean response ≈ 8.4 min) within sampling error.
#[test]
fn reference_dispatch_agrees_with_the_yardstick() {
    let s = shipped("scenarios/bench/reference-dispatch.toml", &[]);
    let (m, _) = Model::new(&s).unwrap();
    let r = experiment::replicate(&m, 1, 6, false);
    let util = r.get("unit_utilization").unwrap().mean.unwrap();
    let resp = r.get("response_time_mean_min").unwrap().mean.unwrap();
    let events = r.runs[0].events as f64;
    assert!((util - 0.70).abs() < 0.015, "utilisation {util}");
    assert!((resp - 8.4).abs() < 0.4, "mean response {resp}");
    assert!((events - 591_000.0).abs() < 6_000.0, "events {events}");
}

/// Same scenario and seed ⇒ the same numbers, run in parallel or in sequence.
#[test]
fn replications_are_deterministic_in_parallel_and_in_sequence() {
    let s = shipped("scenarios/county.toml", &["scenario.horizon_days=20"]);
    let (m, _) = Model::new(&s).unwrap();
    let a = experiment::replicate(&m, 11, 4, false);
    let b = experiment::replicate(&m, 11, 4, true);
    assert_eq!(a.runs, b.runs);
    let c = experiment::replicate(&m, 12, 4, false);
    assert_ne!(
        a.runs[0].metrics, c.runs[0].metrics,
        "a different seed changes the numbers"
    );
}

/// Common random numbers: strategies that differ in patrol policy,
/// deployment, dispatch rule, the family of a time distribution or the
/// number of units see identical calls (times, places, types).
#[test]
fn calls_are_common_random_numbers_across_strategies() {
    let opts = RunOptions {
        log_calls: true,
        ..Default::default()
    };
    let mut logs = Vec::new();
    for set in [
        &["deployment.patrol=\"random\""][..],
        &["deployment.patrol=\"coverage\""],
        &["deployment.patrol_share=0.9"],
        &["dispatch.cross_boundary=\"nearest\""],
        // Another distribution family draws the same uniforms (inversion).
        &["dispatch.intake_delay_min=0.5"],
        &["calls.types.0.on_scene_min={ dist = \"uniform\", min = 10, max = 20 }"],
        &["units.0.count=6"],
    ] {
        let mut all = vec!["scenario.horizon_days=30"];
        all.extend_from_slice(set);
        let s = shipped("scenarios/county.toml", &all);
        let (m, _) = Model::new(&s).unwrap();
        let run = m.run_with(replication_seed(5, 0), opts);
        assert!(run.call_log.len() > 3000);
        logs.push((run.call_log, run.metrics));
    }
    for other in &logs[1..] {
        assert_eq!(logs[0].0, other.0, "call streams differ between strategies");
        assert_ne!(
            logs[0].1, other.1,
            "the strategies should differ in outcome"
        );
    }
}

/// Response-time targets by area type (C5: urban 5 min, peri-urban 10 min):
/// the share of priority-1 calls reached within target is reported per area
/// type and overall, agrees with a direct count, and a faster intake raises it.
#[test]
fn response_targets_by_area_type() {
    let base = shipped("scenarios/county.toml", &["scenario.horizon_days=60"]);
    let (m, _) = Model::new(&base).unwrap();
    let r = experiment::replicate(&m, 3, 2, false);
    let g = |m: &str| r.get(m).and_then(|s| s.mean);
    let (all, urban, sub) = (
        g("response_target_met_share").unwrap(),
        g("response_target_met_share.urban").unwrap(),
        g("response_target_met_share.suburban").unwrap(),
    );
    assert!(
        urban < sub,
        "5 minutes is harder to meet than 10: {urban} vs {sub}"
    );
    assert!(all > urban.min(sub) && all < urban.max(sub));
    assert_eq!(
        g("response_target_met_share.rural"),
        None,
        "no rural area, no target"
    );
    let fast = shipped(
        "scenarios/county.toml",
        &["scenario.horizon_days=60", "dispatch.intake_delay_min=0"],
    );
    let (m, _) = Model::new(&fast).unwrap();
    let f = experiment::replicate(&m, 3, 2, false);
    assert!(
        f.get("response_target_met_share.urban")
            .unwrap()
            .mean
            .unwrap()
            > urban + 0.05,
        "a unified platform (shorter intake) meets more targets"
    );
    let none = shipped(
        "scenarios/county.toml",
        &[
            "scenario.horizon_days=10",
            "dispatch.response_target_min={}",
        ],
    );
    let (m, _) = Model::new(&none).unwrap();
    assert_eq!(
        m.run(1).metric("response_target_met_share.urban"),
        None,
        "targets can be switched off"
    );
}

#[test]
fn preemption_serves_urgent_calls_first_at_the_cost_of_the_others() {
    // A busy county without offenders (so the calls are the same in every
    // run): twice the call rate.
    let run = |extra: &[&str]| {
        let mut set = vec![
            "crime.local_offenders=0",
            "crime.roaming_per_day=0",
            "scenario.horizon_days=60",
            "calls.rate_per_hour=12",
        ];
        set.extend_from_slice(extra);
        let s = shipped("scenarios/county.toml", &set);
        let (m, _) = Model::new(&s).unwrap();
        experiment::replicate(&m, 4, 3, false)
    };
    let off = run(&[]);
    let on = run(&["dispatch.preempt=true"]);
    let mean = |r: &experiment::Replicated, k: &str| r.get(k).unwrap().mean.unwrap();
    assert!(mean(&on, "calls_preempted") > 100.0);
    assert!(
        mean(&on, "response_time_mean_min.p1") < mean(&off, "response_time_mean_min.p1") - 1.0,
        "priority 1: {} → {}",
        mean(&off, "response_time_mean_min.p1"),
        mean(&on, "response_time_mean_min.p1")
    );
    assert!(mean(&on, "response_time_mean_min.p3") > mean(&off, "response_time_mean_min.p3"));
    assert_eq!(mean(&on, "calls_service"), mean(&off, "calls_service"));
    // Every call is still answered once: cleared + open = received.
    for r in &on.runs {
        let g = |k: &str| r.metric(k).unwrap();
        assert_eq!(g("calls_cleared") + g("calls_open_at_end"), g("calls"));
    }
    // A unit never close enough: nothing changes but the new counter.
    let never = run(&[
        "dispatch.preempt=true",
        "dispatch.preempt_within_min=0.0001",
    ]);
    for (a, b) in off.runs.iter().zip(&never.runs) {
        let b: Vec<_> = b
            .metrics
            .iter()
            .filter(|(k, _)| k != "calls_preempted")
            .cloned()
            .collect();
        assert_eq!(a.metrics, b);
    }
}
