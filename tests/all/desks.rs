//! Call takers as servers (`[intake]`, docs/desks.md) against outside
//! oracles: one desk is an M/M/c queue (Erlang C); the unified platform
//! with the same staff is the pooled M/M/c queue and beats separate desks
//! when handling times are alike; with very different handling times
//! pooling lengthens the short calls' waits (Smith & Whitt 1981). Another
//! desk's stream leaves police results byte-identical; bad input exits 2.

use super::*;
use patrolsim::experiment;
use patrolsim::model::Model;

/// Mean wait in queue of M/M/c (minutes) for load `a` and mean handling `h`.
fn erlang_wq(c: u32, a: f64, h: f64) -> f64 {
    erlang_c(c, a) * h / (c as f64 - a)
}

/// One node, many units (calls never wait for one), police calls at
/// `police_rate` an hour, and the desks given as TOML.
fn desks(days: f64, police_rate: f64, intake: &str) -> Scenario {
    scenario(&format!(
        r#"
[scenario]
horizon_days = {days}
warmup_days = 2
[network]
rows = 1
cols = 1
[calls]
rate_per_hour = {police_rate}
[[calls.types]]
name = "call"
on_scene_min = 0.1
[[units]]
count = 40
{intake}
"#
    ))
}

/// A desk as TOML; the police desk's handling time goes to
/// `dispatch.intake_delay_min` (its key), written before `[intake]`.
fn desk(name: &str, takers: u32, h: f64, rate: f64) -> String {
    let handling = format!("{{ dist = \"exponential\", mean = {h} }}");
    let rate = format!("rate_per_hour = {rate}\n");
    if name == "police" {
        format!(
            "[dispatch]\nintake_delay_min = {handling}\n\
             [[intake.desks]]\nname = \"police\"\ncall_takers = {takers}\n{rate}"
        )
    } else {
        format!(
            "[[intake.desks]]\nname = \"{name}\"\ncall_takers = {takers}\n\
             handling_min = {handling}\n{rate}"
        )
    }
}

fn run(s: &Scenario, reps: u32) -> experiment::Replicated {
    let (m, _) = Model::new(s).unwrap();
    experiment::replicate(&m, 11, reps, false)
}

fn get(r: &experiment::Replicated, name: &str) -> f64 {
    mean(r, name)
}

/// One desk, c call takers, Poisson calls, exponential handling: the
/// simulated wait matches Erlang C (P(wait) within 0.015, mean wait within
/// 8 %), and call-taker utilisation is a / c within 0.01.
#[test]
fn one_desk_is_an_erlang_c_queue() {
    for (c, a, h) in [(4u32, 3.0f64, 2.0f64), (2, 1.2, 1.5)] {
        let rate = a / h * 60.0;
        let s = desks(
            60.0,
            rate,
            &format!("[intake]\n{}", desk("police", c, h, 0.0)),
        );
        let r = run(&s, 3);
        let (p, w) = (erlang_c(c, a), erlang_wq(c, a, h));
        let got_p = get(&r, "intake_waited_share.police");
        let got_w = get(&r, "intake_wait_mean_min.police");
        assert!(
            (got_p - p).abs() < 0.015,
            "c={c} a={a}: P(wait) {got_p:.4} vs {p:.4}"
        );
        assert!(
            (got_w - w).abs() < 0.08 * w,
            "c={c} a={a}: Wq {got_w:.4} vs {w:.4}"
        );
        let util = get(&r, "call_taker_utilization");
        assert!((util - a / c as f64).abs() < 0.01, "utilisation {util:.4}");
        // Intake time = wait + handling; the dispatch wait starts after it.
        let t = get(&r, "intake_time_mean_min.police");
        assert!((t - got_w - h).abs() < 0.05 * h, "intake time {t:.3}");
    }
}

/// Three desks of 2 call takers with identical handling: separate, each is
/// M/M/2; pooled, the platform is M/M/6 with the summed load, and its wait
/// is far below the separate desks' (the pooling gain).
#[test]
fn the_unified_platform_is_the_pooled_queue_and_beats_separate_desks() {
    let (h, a) = (2.0, 1.2);
    let rate = a / h * 60.0;
    let desks_toml = [
        desk("police", 2, h, 0.0),
        desk("fire", 2, h, rate),
        desk("traffic", 2, h, rate),
    ]
    .concat();
    let sep = run(&desks(40.0, rate, &format!("[intake]\n{desks_toml}")), 3);
    let uni = run(
        &desks(
            40.0,
            rate,
            &format!("[intake]\norganisation = \"unified\"\n{desks_toml}"),
        ),
        3,
    );
    let (w2, w6) = (erlang_wq(2, a, h), erlang_wq(6, 3.0 * a, h));
    for d in ["police", "fire", "traffic"] {
        let w = get(&sep, &format!("intake_wait_mean_min.{d}"));
        assert!(
            (w - w2).abs() < 0.08 * w2,
            "separate {d}: {w:.4} vs M/M/2 {w2:.4}"
        );
    }
    let w = get(&uni, "intake_wait_mean_min");
    assert!((w - w6).abs() < 0.1 * w6, "pooled {w:.4} vs M/M/6 {w6:.4}");
    assert!(w < get(&sep, "intake_wait_mean_min") / 3.0, "pooling gain");
    // Same call takers, same calls: the same busy share.
    let (us, uu) = (
        get(&sep, "call_taker_utilization"),
        get(&uni, "call_taker_utilization"),
    );
    assert!(
        (us - uu).abs() < 0.01 && (uu - a / 2.0).abs() < 0.01,
        "{us} {uu}"
    );
}

/// Smith & Whitt (1981): pooling short police calls (1 min) with long fire
/// calls (20 min) in one first-come queue makes the police calls wait
/// longer than at their own desk, while the fire calls gain.
#[test]
fn pooling_very_different_calls_lengthens_the_short_calls_waits() {
    let desks_toml = [desk("police", 2, 1.0, 0.0), desk("fire", 2, 20.0, 3.0)].concat();
    let sep = run(&desks(60.0, 30.0, &format!("[intake]\n{desks_toml}")), 3);
    let uni = run(
        &desks(
            60.0,
            30.0,
            &format!("[intake]\norganisation = \"unified\"\n{desks_toml}"),
        ),
        3,
    );
    let (ps, pu) = (
        get(&sep, "intake_wait_mean_min.police"),
        get(&uni, "intake_wait_mean_min.police"),
    );
    let (fs, fu) = (
        get(&sep, "intake_wait_mean_min.fire"),
        get(&uni, "intake_wait_mean_min.fire"),
    );
    // Separate police desk: M/M/2 with a = 0.5.
    let w = erlang_wq(2, 0.5, 1.0);
    assert!((ps - w).abs() < 0.1 * w, "police desk {ps:.4} vs {w:.4}");
    assert!(
        pu > 2.0 * ps,
        "police calls wait longer pooled: {pu:.3} vs {ps:.3}"
    );
    assert!(fu < fs / 2.0, "fire calls gain: {fu:.3} vs {fs:.3}");
}

/// Separate desks, a share misrouted: those calls are transferred once
/// (about the share of all calls) and take longer at intake.
#[test]
fn misrouted_calls_are_transferred_and_wait_longer() {
    let desks_toml = [desk("police", 3, 1.0, 0.0), desk("traffic", 3, 1.0, 60.0)].concat();
    let base = run(&desks(10.0, 60.0, &format!("[intake]\n{desks_toml}")), 2);
    let mis = run(
        &desks(
            10.0,
            60.0,
            &format!("[intake]\nmisrouted_share = 0.2\ntransfer_min = 1\n{desks_toml}"),
        ),
        2,
    );
    assert_eq!(get(&base, "intake_transfers"), 0.0);
    let share = get(&mis, "intake_transfers") / get(&mis, "intake_calls");
    assert!((share - 0.2).abs() < 0.02, "transferred share {share:.3}");
    let extra = get(&mis, "intake_time_mean_min") - get(&base, "intake_time_mean_min");
    assert!(
        extra > 0.2 * 1.0,
        "transfers add ≥ 0.2 × 1 min on average: {extra:.3}"
    );
}

/// The county (with crime) for 10 days, with `[intake]` as given; its
/// metrics other than the desks' own.
fn county_with(intake: &str) -> Vec<(String, Option<u64>)> {
    let text = std::fs::read_to_string(root().join("scenarios/county.toml")).unwrap();
    let s = scenario::from_str(
        "county.toml",
        &format!("{text}\n{intake}"),
        &["scenario.horizon_days=10".to_string()],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = run_seed(&started_empty(s, false), 5).metrics;
    m.iter()
        .filter(|(n, _)| {
            !(n.starts_with("intake_") || n.starts_with("call_taker")) || n.ends_with(".police")
        })
        .map(|(n, v)| (n.clone(), v.map(f64::to_bits)))
        .collect()
}

/// A police desk with more call takers than calls ever open at once is the
/// old model (intake = `dispatch.intake_delay_min`, no wait): every metric
/// is byte-identical to the county without `[intake]`.
#[test]
fn a_desk_that_never_queues_is_the_old_intake_delay() {
    let plain = county_with("");
    let desk = county_with(
        "[intake]\ncost_per_call_taker_year = 0\n[[intake.desks]]\nname = \"police\"\ncall_takers = 1000\n",
    );
    let desk: Vec<_> = desk
        .into_iter()
        .filter(|(n, _)| !n.starts_with("intake_") && !n.starts_with("call_taker"))
        .collect();
    assert_eq!(plain, desk);
}

/// A fire desk with its own calls (separate desks, nothing misrouted)
/// changes nothing in the police results: every metric but the pooled
/// intake totals is byte-identical, on the county with crime.
#[test]
fn another_desk_leaves_police_results_byte_identical() {
    let police = "[intake]\n[[intake.desks]]\nname = \"police\"\ncall_takers = 2\n";
    let alone = county_with(police);
    let fire = county_with(&format!("{police}{}", desk("fire", 2, 10.0, 4.0)));
    let cost = |n: &str| n.starts_with("cost") || n.starts_with("net_") || n.contains("benefit");
    let no_cost = |m: &[(String, Option<u64>)]| -> Vec<(String, Option<u64>)> {
        m.iter().filter(|(n, _)| !cost(n)).cloned().collect()
    };
    assert_eq!(no_cost(&alone), no_cost(&fire));
    let waited = alone
        .iter()
        .find(|(n, _)| n == "intake_waited_share.police")
        .and_then(|x| x.1)
        .map(f64::from_bits)
        .unwrap();
    assert!(waited > 0.0, "two call takers make some police calls wait");
}

/// The police desk's handling time is `dispatch.intake_delay_min` (a
/// `handling_min` of its own is refused naming that key); zero call takers
/// with calls arriving is refused; a missing police desk is refused; an
/// overloaded desk warns and runs.
#[test]
fn desk_settings_are_checked() {
    let base = "[scenario]\nhorizon_days = 1\n[network]\nrows = 2\ncols = 2\n\
                [calls]\nrate_per_hour = 30\n[[units]]\ncount = 4\n";
    let s = Scratch::new(
        "d.toml",
        &format!("{base}[intake]\n[[intake.desks]]\nname = \"police\"\nhandling_min = 2\n"),
    );
    let err = s.rejected(&[]);
    assert!(
        err.contains("intake.desks[0].handling_min") && err.contains("dispatch.intake_delay_min"),
        "{err}"
    );
    let s = Scratch::new(
        "d.toml",
        &format!("{base}[intake]\n{}", desk("police", 0, 1.0, 0.0)),
    );
    let err = s.rejected(&[]);
    assert!(
        err.contains("intake.desks[0].call_takers") && err.contains("no call takers"),
        "{err}"
    );
    let s = Scratch::new(
        "d.toml",
        &format!(
            "{base}[intake]\n{}{}",
            desk("police", 1, 1.0, 0.0),
            desk("fire", 0, 1.0, 2.0)
        ),
    );
    let err = s.rejected(&[]);
    assert!(err.contains("intake.desks[1].call_takers"), "{err}");
    let s = Scratch::new(
        "d.toml",
        &format!("{base}[intake]\n{}", desk("fire", 1, 1.0, 2.0)),
    );
    let err = s.rejected(&[]);
    assert!(err.contains("no desk is named \"police\""), "{err}");
    // 30 calls an hour × 3 min = 1.5 call takers' worth on 1 call taker.
    let s = Scratch::new(
        "d.toml",
        &format!("{base}[intake]\n{}", desk("police", 1, 3.0, 0.0)),
    );
    let o = s.run(&["-r", "1"]);
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("intake.desks[0].call_takers") && err.contains("offered 1.50 call takers"),
        "{err}"
    );
}

/// Joint incidents: a traffic desk's calls of which 40 % also need police
/// become police calls of the named type (about 40 % of the desk's calls);
/// at separate desks they are passed to the police desk first, so their
/// police response starts later than at the unified platform. A name no
/// call type has is refused with the key.
#[test]
fn joint_incidents_become_police_calls() {
    let traffic = format!(
        "{}police_share = 0.4\npolice_call_type = \"call\"\n",
        desk("traffic", 2, 1.0, 30.0)
    );
    let desks_toml = format!("{}{traffic}", desk("police", 2, 1.0, 0.0));
    let sep = run(
        &desks(
            10.0,
            1.0,
            &format!("[intake]\ntransfer_min = 2\n{desks_toml}"),
        ),
        2,
    );
    let uni = run(
        &desks(
            10.0,
            1.0,
            &format!("[intake]\norganisation = \"unified\"\ntransfer_min = 2\n{desks_toml}"),
        ),
        2,
    );
    let share = get(&sep, "intake_joint_calls.traffic") / get(&sep, "intake_calls.traffic");
    assert!((share - 0.4).abs() < 0.03, "joint share {share:.3}");
    // Police calls: 1 an hour of its own plus 12 an hour joint.
    let calls = get(&sep, "calls");
    let joint = get(&sep, "intake_joint_calls");
    assert!(
        calls > joint && joint > 0.8 * calls,
        "{calls} calls, {joint} joint"
    );
    let (rs, ru) = (
        get(&sep, "response_time_mean_min"),
        get(&uni, "response_time_mean_min"),
    );
    assert!(
        rs > ru + 1.5,
        "passing to the police desk costs ≥ 2 min × 0.92: {rs:.2} vs {ru:.2}"
    );
    let s = Scratch::new(
        "d.toml",
        &format!(
            "[scenario]\nhorizon_days = 1\n[network]\nrows = 2\ncols = 2\n[calls]\nrate_per_hour = 1\n\
             [[units]]\ncount = 1\n[intake]\n{}{}police_share = 0.1\npolice_call_type = \"fire_crowd\"\n",
            desk("police", 1, 1.0, 0.0),
            desk("fire", 1, 1.0, 1.0)
        ),
    );
    let err = s.rejected(&[]);
    assert!(
        err.contains("intake.desks[1].police_call_type")
            && err.contains("no call type is named \"fire_crowd\""),
        "{err}"
    );
}
