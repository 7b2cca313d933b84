//! Deployment, patrol policies, presence, shifts and rosters.

use super::*;
use patrolsim::engine::rng::replication_seed;
use patrolsim::model::{RunResult, officers_needed};

/// With the call load fixed, a larger deployment share gives strictly
/// higher coverage, in every replication (paired by seed).
#[test]
fn larger_deployment_share_gives_higher_coverage() {
    let mut prev: Option<Vec<f64>> = None;
    for share in ["0.0", "0.3", "0.6", "0.9"] {
        let set = format!("deployment.patrol_share={share}");
        let s = shipped("scenarios/county.toml", &["scenario.horizon_days=14", &set]);
        let cov: Vec<f64> = (0..3)
            .map(|r| {
                run_seed(&s, replication_seed(1, r))
                    .metric("patrol_coverage")
                    .unwrap()
            })
            .collect();
        if let Some(p) = &prev {
            for (a, b) in p.iter().zip(&cov) {
                assert!(b > a, "share {share}: coverage {b:.4} not above {a:.4}");
            }
        }
        prev = Some(cov);
    }
}

/// A 100 % standby deployment leaves presence only on trips to and from
/// calls: with both visibility weights 1, presence hours equal the
/// unit-hours en route plus returning; with no calls there is none.
#[test]
fn standby_presence_comes_only_from_call_trips() {
    let base = [
        "scenario.horizon_days=30",
        "scenario.warmup_days=0",
        "deployment.patrol_share=0",
        "units.5.patrol_share=0",
        "unit_types.car.visibility.en_route=1.0",
        "unit_types.foot.visibility.en_route=1.0",
    ];
    let s = shipped("scenarios/county.toml", &base);
    let r = run_seed(&s, 9);
    let presence = r.metric("presence_hours").unwrap();
    let trips =
        r.metric("unit_hours.en_route").unwrap() + r.metric("unit_hours.returning").unwrap();
    assert!(trips > 100.0);
    assert!(
        (presence - trips).abs() / trips < 1e-3,
        "presence {presence:.3} h vs trips {trips:.3} h"
    );
    assert_eq!(r.metric("unit_hours.patrol"), Some(0.0));

    let mut quiet: Vec<&str> = base.to_vec();
    quiet.extend([
        "calls.rate_per_hour=0",
        "crime.local_offenders=0",
        "crime.roaming_per_day=0",
        "places.false_alarms_per_alarm_year=0",
    ]);
    let r = run_seed(&shipped("scenarios/county.toml", &quiet), 9);
    assert_eq!(r.metric("presence_hours"), Some(0.0));
    assert_eq!(r.metric("patrol_coverage"), Some(0.0));
}

fn one_patroller(policy: &str, minutes: f64) -> Scenario {
    // A 5 × 5 beat of 25 nodes; 1 km blocks driven at 60 km/h: one step a minute.
    scenario(&format!(
        r#"
[scenario]
horizon_days = {}
[network]
rows = 5
cols = 5
block_m = 1000
local_speed_kmh = 60
[unit_types.car]
speed_kmh = 60
patrol_speed_kmh = 60
[deployment]
patrol_share = 1.0
patrol = "{policy}"
[[units]]
count = 1
"#,
        minutes / 1440.0
    ))
}

fn visited(r: &RunResult) -> usize {
    r.nodes.presence_hours.iter().filter(|&&p| p > 0.0).count()
}

/// Coverage-balancing visits every node of a k-node area within 2k patrol
/// steps, whatever the seed; a random walk with the same time leaves nodes
/// unvisited in most seeds.
#[test]
fn coverage_patrol_visits_every_node_within_a_bound() {
    let k = 25.0;
    let mut random_misses = 0;
    for seed in 0..20 {
        let cov = run_seed(&one_patroller("coverage", 2.0 * k), seed);
        assert_eq!(
            visited(&cov),
            25,
            "seed {seed}: coverage patrol missed nodes"
        );
        let rnd = run_seed(&one_patroller("random", 2.0 * k), seed);
        if visited(&rnd) < 25 {
            random_misses += 1;
        }
    }
    assert!(
        random_misses >= 10,
        "random walk covered all 25 nodes in {} of 20 seeds",
        20 - random_misses
    );
}

/// A fixed beat visits its nodes in turn and nothing off its shortest paths.
#[test]
fn beat_patrol_stays_on_its_beat() {
    let text = r#"
[scenario]
horizon_days = 0.2
[network]
rows = 5
cols = 5
block_m = 1000
local_speed_kmh = 60
[unit_types.car]
speed_kmh = 60
patrol_speed_kmh = 60
[deployment]
patrol_share = 1.0
[[units]]
count = 1
patrol = "beat"
beat = [[0, 0], [0, 4]]
"#;
    let s = scenario(text);
    let r = run_seed(&s, 1);
    let row0: usize = (0..5).filter(|&c| r.nodes.presence_hours[c] > 0.0).count();
    let elsewhere: usize = (5..25).filter(|&i| r.nodes.presence_hours[i] > 0.0).count();
    assert_eq!(row0, 5, "the beat along row 0 is driven end to end");
    // The unit starts at the station (the centre) and drives to the beat once.
    assert!(
        elsewhere <= 4,
        "{elsewhere} nodes off the beat saw presence"
    );
}

/// Roster arithmetic (docs/references.md B17): with 1,960 productive hours a
/// year, a 24/7 one-officer post needs 8,760 / 1,960 ≈ 4.47 officers and a
/// two-officer car twice that.
#[test]
fn officers_needed_follows_the_relief_factor() {
    let one = scenario(
        "[unit_types.solo]\nspeed_kmh = 40\ncrew = 1\n[[units]]\ntype = \"solo\"\ncount = 1\n",
    );
    let n1 = officers_needed(&one);
    assert!(
        (n1 - 8760.0 / 1960.0).abs() < 1e-9 && (n1 - 4.47).abs() < 0.01,
        "{n1}"
    );
    let car = scenario("[[units]]\ntype = \"car\"\ncount = 1\n");
    assert!((officers_needed(&car) - 2.0 * n1).abs() < 1e-9);
    let day = scenario(
        "[shifts.day]\nstart_hour = 8\nhours = 12\n[[units]]\ncount = 1\nshift = \"day\"\n",
    );
    assert!(
        (officers_needed(&day) - n1).abs() < 1e-9,
        "a 12-hour two-officer car = one 24/7 officer"
    );
    // The metric reports the same number.
    let r = run_seed(&car, 1);
    assert!((r.metric("officers_needed").unwrap() - 2.0 * n1).abs() < 1e-9);
}

/// Time-limited duty: a 12-hour day shift puts its units on duty half the
/// time (exactly, with no call to run over the end of a shift).
#[test]
fn shifts_set_who_is_on_duty() {
    let text = "[scenario]\nhorizon_days = 14\n[shifts.day]\nstart_hour = 7\nhours = 12\n[calls]\nrate_per_hour = 0\n[[units]]\ncount = 2\nshift = \"day\"\n";
    let r = run_seed(&scenario(text), 1);
    let on = r.metric("units_on_duty_mean").unwrap();
    assert!((on - 1.0).abs() < 1e-9, "units on duty {on}");
    // With calls, a unit busy at the end of its shift finishes the call first.
    let busy = run_seed(
        &scenario(&text.replace("rate_per_hour = 0", "rate_per_hour = 1")),
        1,
    );
    let on_busy = busy.metric("units_on_duty_mean").unwrap();
    assert!(
        on_busy > 1.0 && on_busy < 1.05,
        "units on duty with calls {on_busy}"
    );
    let off = r.metric("unit_hours.off_duty").unwrap();
    assert!(
        (off - 2.0 * 14.0 * 12.0).abs() < 1.0,
        "off-duty hours {off}"
    );
}

/// Admin breaks take the configured share of on-duty time.
#[test]
fn admin_share_is_respected() {
    let s = scenario(
        "[scenario]\nhorizon_days = 60\n[unit_types.car]\nadmin_share = 0.2\n[calls]\nrate_per_hour = 0.5\n[[units]]\ncount = 3\n",
    );
    let r = run_seed(&s, 4);
    let admin = r.metric("unit_hours.admin").unwrap();
    let on_duty: f64 = [
        "standby",
        "patrol",
        "en_route",
        "on_scene",
        "returning",
        "held",
        "admin",
    ]
    .iter()
    .map(|st| r.metric(&format!("unit_hours.{st}")).unwrap())
    .sum();
    assert!(
        (admin / on_duty - 0.2).abs() < 0.01,
        "admin share {}",
        admin / on_duty
    );
}
