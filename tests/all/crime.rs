//! The crime model: conservation, effect directions with common random
//! numbers (each test states the size it requires), residual deterrence,
//! and the calibration targets of `docs/crime.md`.

use super::*;
use patrolsim::experiment::{self, Replicated};
use patrolsim::model::Model;

#[test]
fn every_opportunity_ends_in_exactly_one_outcome() {
    let r = county(120, 3, &[]);
    for run in &r.runs {
        let g = |m: &str| run.metric(m).unwrap();
        assert!(g("crimes_attempted") > 300.0);
        assert_eq!(
            g("crime_opportunities"),
            g("crimes_deterred") + g("crimes_attempted")
        );
        assert_eq!(
            g("crimes_attempted"),
            g("crimes_completed") + g("crimes_failed") + g("crimes_in_progress_at_end"),
            "attempted = completed + failed (+ still going at the horizon)"
        );
        for k in ["burglary", "robbery", "snatch", "vehicle_theft"] {
            assert!(g(&format!("crimes_completed.{k}")) > 0.0, "{k} happens");
        }
        assert_eq!(
            g("crime_invariant_violations"),
            0.0,
            "no offender offends from prison"
        );
        let arrests = g("arrests");
        assert_eq!(
            arrests,
            g("arrests.in_act") + g("arrests.response") + g("arrests.investigation")
        );
        assert!(g("crimes_cleared") <= g("crimes_attempted"));
        assert!(g("crimes_reported") <= g("crimes_attempted"));
    }
}

/// Paired (same seeds): more random patrol on the road means fewer
/// completed crimes, but little (Kansas City, B1: spread-out random patrol
/// has a small or null effect; a pass deters almost nothing, docs/crime.md
/// §5); the same officers making Koper stops at hot spots cut crime more
/// than they do patrolling at random (B2–B5). Measured from the shipped
/// steady state (2026-12-01, 4 replications, seed 11): random patrol 0.1 →
/// 0.9 ×0.958, Koper stops ×0.902 of random patrol (from the empty start,
/// which this test ran before: ×0.952 and ×0.918).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn more_police_on_the_road_means_fewer_crimes() {
    let low = county(180, 4, &[STATIONARY, "deployment.patrol_share=0.1"]);
    let high = county(180, 4, &[STATIONARY, "deployment.patrol_share=0.9"]);
    let koper = county(
        180,
        4,
        &[
            STATIONARY,
            "deployment.patrol_share=0.9",
            "deployment.patrol=koper",
        ],
    );
    let (a, b, c) = (
        mean(&low, "crimes_completed"),
        mean(&high, "crimes_completed"),
        mean(&koper, "crimes_completed"),
    );
    eprintln!(
        "completed crimes: share 0.1 {a}, 0.9 {b} (x{:.3}), Koper {c} (x{:.3} of random)",
        b / a,
        c / b
    );
    assert!(
        b < 0.99 * a && b > 0.9 * a,
        "completed crimes {a} → {b}: expected fewer, by less than 10 %"
    );
    assert!(c < 0.95 * b, "Koper stops {c} vs random patrol {b}");
}

/// B11: a good lock divides the risk of burglary by 3 to 5; `lock_share`
/// 0.2 → 0.9 must leave fewer than 0.6 × the completed burglaries.
/// Measured from the shipped steady state (2026-12-01, 4 replications,
/// seed 11): ×0.210 (from the empty start, which this test ran before:
/// ×0.180).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn locks_cut_successful_burglaries() {
    let few = county(180, 4, &[STATIONARY, "places.lock_share=0.2"]);
    let many = county(180, 4, &[STATIONARY, "places.lock_share=0.9"]);
    let (a, b) = (
        mean(&few, "crimes_completed.burglary"),
        mean(&many, "crimes_completed.burglary"),
    );
    eprintln!("completed burglaries {a} -> {b} (x{:.3})", b / a);
    assert!(
        b < 0.6 * a,
        "completed burglaries {a} → {b}: expected at least 40 % fewer"
    );
}

#[test]
fn no_police_means_no_arrest_in_the_act_or_on_response() {
    // `extends` replaces the county's list of units with one empty group.
    let s = shipped("scenarios/no-police.toml", &["scenario.horizon_days=120"]);
    assert_eq!(s.units.iter().map(|u| u.count).sum::<u32>(), 0);
    let (m, w) = Model::new(&s).unwrap();
    assert!(w.iter().any(|w| w.message.contains("no police units")));
    let r = experiment::replicate(&m, 11, 2, false);
    assert_eq!(mean(&r, "arrests.in_act"), 0.0);
    assert_eq!(mean(&r, "arrests.response"), 0.0);
    assert!(
        mean(&r, "arrests.investigation") > 0.0,
        "investigation still clears some cases"
    );
    let with = county(120, 2, &[]);
    assert!(
        mean(&r, "crimes_completed") > 1.1 * mean(&with, "crimes_completed"),
        "police deter"
    );
}

/// Kansas City response-time analysis: reporting delay, not travel, decides
/// response arrests. Ten times the reporting delay (and no alarms) ⇒ at
/// least 80 % fewer response arrests. From the shipped steady state
/// (2026-12-01, seed 11) it misses at the test's 4 replications: ×0.333
/// (9.75 → 3.25 a replication, standard error 0.050 by the delta method,
/// 0.11 from the 39 and 13 arrests counted). More replications put the
/// steady state on the edge, not clearly inside: ×0.216 (16, standard
/// error 0.045), ×0.183 (32, 0.023). From the empty start (a transient
/// half-year with twice the crime, what this test ran before) it passed:
/// ×0.097 (4), ×0.159 (16).
#[test]
#[ignore = "known gap (model vs evidence, not run by CI; scripts/known-gaps.sh): at steady state ten times the reporting delay leaves x0.333 of the response arrests (4 replications, seed 11; x0.216 with 16, x0.183 with 32: on the edge), not at most x0.2 (B7: reporting time, not travel, decides on-scene arrest); passed at x0.097 only from the empty start, docs/validation.md 17"]
fn known_gap_longer_reporting_delay_means_fewer_response_arrests() {
    let base = county(180, 4, &[STATIONARY, "places.alarm_share=0"]);
    let slow = county(
        180,
        4,
        &[
            STATIONARY,
            "places.alarm_share=0",
            "crime.types.robbery.report_delay_noticed_min={ dist = \"lognormal\", mean = 70, sd = 70 }",
            "crime.types.snatch.report_delay_noticed_min={ dist = \"lognormal\", mean = 100, sd = 100 }",
            "crime.types.burglary.report_delay_noticed_min={ dist = \"lognormal\", mean = 80, sd = 80 }",
            "crime.types.vehicle_theft.report_delay_noticed_min={ dist = \"lognormal\", mean = 100, sd = 100 }",
        ],
    );
    let (a, b) = (
        mean(&base, "arrests.response"),
        mean(&slow, "arrests.response"),
    );
    // The ratio of the means with its delta-method interval, as `compare`
    // computes a benefit-cost ratio (same seeds, so paired).
    let per_rep = |r: &Replicated| -> Vec<Option<f64>> {
        r.runs
            .iter()
            .map(|x| x.metric("arrests.response"))
            .collect()
    };
    let ratio = patrolsim::experiment::compare::ratio_of_means(&per_rep(&slow), &per_rep(&base));
    eprintln!(
        "response arrests {a} -> {b}: x{:.3} [{:.3}, {:.3}]",
        ratio.mean.unwrap_or(f64::NAN),
        ratio.ci95_low.unwrap_or(f64::NAN),
        ratio.ci95_high.unwrap_or(f64::NAN)
    );
    assert!(a >= 5.0, "some response arrests with prompt reports: {a}");
    assert!(b <= 0.2 * a, "response arrests {a} → {b}");
}

/// Residual deterrence recovers over the configured decay: with Koper
/// stops at the hot spots (where presence deters, docs/crime.md §5), an
/// instant decay leaves more crime there than 60 minutes, and a decay so
/// long it never recovers all but stops crime everywhere.
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn residual_deterrence_decays_neither_instantly_nor_never() {
    // From the empty start: the decay's units are tested (gross ratios), not a published size.
    let koper = "deployment.patrol=koper";
    let instant = county(120, 3, &[koper, "crime.deterrence_decay_min=0.01"]);
    let normal = county(120, 3, &[koper]);
    let never = county(120, 3, &[koper, "crime.deterrence_decay_min=1000000"]);
    let hot = "crimes_completed.hot_spots";
    let (a, b) = (mean(&instant, hot), mean(&normal, hot));
    assert!(
        a > 1.1 * b,
        "instant decay {a} vs 60 min {b} at the hot spots"
    );
    let (b, c) = (
        mean(&normal, "crimes_completed"),
        mean(&never, "crimes_completed"),
    );
    assert!(c < 0.1 * b, "no decay {c} vs 60 min {b}");
}

/// Calibration (docs/crime.md): clearance of reported crime 5–18 % (B16),
/// on-scene arrests a minority (B7), half of crime at well under a fifth of
/// places (B9). What doubling officers does (B15) is
/// `tests/all/police_numbers.rs`. Measured from the shipped steady state
/// (2026-12-01, 4 replications, seed 11): clearance 0.121, on-scene share
/// of arrests 0.449, half of crime at 0.044 of places (from the empty
/// start, which this test ran before: 0.116, 0.434, 0.045).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn the_county_lands_in_published_ranges() {
    let base = county(365, 4, &[STATIONARY]);
    let clr = mean(&base, "clearance_rate");
    let on_scene = mean(&base, "arrests.in_act") + mean(&base, "arrests.response");
    let conc = mean(&base, "crime_concentration_50");
    eprintln!(
        "clearance {clr:.4}; on-scene share {:.3}; half of crime at {conc:.4} of places",
        on_scene / mean(&base, "arrests")
    );
    assert!((0.05..=0.18).contains(&clr), "clearance {clr}");
    assert!(
        on_scene < 0.5 * mean(&base, "arrests"),
        "on-scene arrests {on_scene} of {}",
        mean(&base, "arrests")
    );
    assert!(conc < 0.2, "half of crime at {conc} of places");
}

/// A crime type's `reward` weighs its targets against the others': zero
/// reward, none of that type; the defaults (1) change nothing.
#[test]
fn reward_weighs_crime_types() {
    let none = county(90, 2, &["crime.types.snatch.reward=0"]);
    assert_eq!(mean(&none, "crimes_attempted.snatch"), 0.0);
    let base = county(90, 2, &[]);
    let ones = county(90, 2, &["crime.types.snatch.reward=1"]);
    assert_eq!(base.runs, ones.runs);
    let more = county(90, 2, &["crime.types.snatch.reward=3"]);
    assert!(mean(&more, "crimes_attempted.snatch") > 1.5 * mean(&base, "crimes_attempted.snatch"));
}

/// Burglaries of a county-year as (day, position) for the Knox test.
fn burglaries(set: &[&str], seed: u64) -> Vec<(f64, [f64; 2])> {
    let mut all = vec!["scenario.horizon_days=365"];
    all.extend_from_slice(set);
    let s = shipped("scenarios/county.toml", &all);
    let k = s
        .crime
        .as_ref()
        .unwrap()
        .types
        .iter()
        .position(|t| t.name == "burglary")
        .unwrap() as u16;
    let (m, _) = patrolsim::model::Model::new(&s).unwrap();
    let r = m.run_with(
        seed,
        patrolsim::model::RunOptions {
            log_crimes: true,
            ..Default::default()
        },
    );
    r.crime_log
        .iter()
        .filter(|c| c.kind == k)
        .map(|c| {
            (
                c.start_ms as f64 / 86_400_000.0,
                m.world.xy[c.node as usize],
            )
        })
        .collect()
}

/// B8's near repeats in four county-years of burglaries (Knox test).
/// Measured from the shipped steady state (2026-12-01, seeds 11–14): 1,592
/// burglaries, near ratio 1.205 (p 0.01), far 1.012; without the boosts
/// near 1.075 (p 0.05). From the empty start, which this test ran before:
/// 3,240 burglaries, near 1.172 (p 0.01), far 1.007; without the boosts
/// 1.026.
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn burglaries_cluster_in_space_and_time_as_near_repeat_studies_find() {
    use patrolsim::stats::knox;
    // B8: significant clustering within about 200-400 m and two weeks, none
    // beyond about 400 m and two months. The county's blocks are 400 m, so
    // "near" is the same or the next crossing. Four county-years pooled
    // (each shifted by 1,000 days so no pair spans two runs).
    let pooled = |set: &[&str]| -> Vec<(f64, [f64; 2])> {
        (0..4u64)
            .flat_map(|k| {
                burglaries(set, 11 + k)
                    .into_iter()
                    .map(move |(t, p)| (t + 1000.0 * k as f64, p))
            })
            .collect()
    };
    let on = pooled(&[STATIONARY]);
    let near = knox(&on, (-1.0, 400.0), (-1.0, 14.0), 99, 1);
    let far = knox(&on, (1200.0, 2400.0), (60.0, 120.0), 99, 1);
    let off = pooled(&[
        STATIONARY,
        "crime.repeat_boost=0",
        "crime.near_repeat_boost=0",
    ]);
    let near_off = knox(&off, (-1.0, 400.0), (-1.0, 14.0), 99, 1);
    eprintln!(
        "{} burglaries; near {near:?}; far {far:?}; without boosts {} burglaries, near {near_off:?}",
        on.len(),
        off.len()
    );
    assert!(
        near.ratio > 1.05 && near.p <= 0.02,
        "near repeats: {near:?}"
    );
    assert!(
        (0.9..1.1).contains(&far.ratio),
        "no interaction far away: {far:?}"
    );
}
