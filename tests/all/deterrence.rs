//! Deterrence by presence (a threshold that saturates, counted by dwell),
//! Koper stops at hot spots, and deterrence by the certainty of sanction
//! (docs/crime.md §5, §5a, §9). The curve is fitted to Koper 1995 (a unit
//! test beside `model::presence`); the trials held apart — Sacramento
//! (Telep, Mitchell & Weisburd 2014) and Minneapolis (Sherman & Weisburd
//! 1995) — are measured here as the trials measured them: crime at the
//! treated hot spots against the same places under ordinary patrol.

use super::*;
use patrolsim::RunResult;

fn county(days: u32, reps: u32, set: &[&str]) -> Vec<RunResult> {
    let h = format!("scenario.horizon_days={days}");
    let mut all = vec![h.as_str()];
    all.extend_from_slice(set);
    replicate("scenarios/county.toml", &all, 14, reps).runs
}

/// Paired relative change of `m` from `a` to `b` (same seeds): the ratio
/// of totals minus one, and a 95 % interval from the per-replication
/// differences (Student t).
fn change(a: &[RunResult], b: &[RunResult], m: &str) -> (f64, f64, f64) {
    let d: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(x, y)| y.metric(m).unwrap() - x.metric(m).unwrap())
        .collect();
    let n = d.len() as f64;
    let mean = d.iter().sum::<f64>() / n;
    let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let t = [12.71, 4.30, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26][(n as usize - 2).min(8)];
    let base = total(a, m) / n;
    let half = t * sd / n.sqrt();
    (mean / base, (mean - half) / base, (mean + half) / base)
}

/// Koper stops stand at the fixed hot spots: a stop lasts its minutes, a
/// hot spot is not chosen again within the revisit time, and presence at
/// the hot spots rises well above random patrol's.
#[test]
fn koper_stops_stand_at_hot_spots_and_keep_the_revisit_gap() {
    let days = 10.0;
    let random = county(10, 1, &["scenario.warmup_days=0"]);
    let koper = county(
        10,
        1,
        &["scenario.warmup_days=0", "deployment.patrol=koper"],
    );
    let once = county(
        10,
        1,
        &[
            "scenario.warmup_days=0",
            "deployment.patrol=koper",
            "deployment.koper_revisit_min=100000",
        ],
    );
    let g = |r: &[RunResult], m: &str| r[0].metric(m).unwrap();
    assert_eq!(g(&random, "koper_stops"), 0.0);
    let hot = 23.0; // the county's fixed hot spots (5 % of 441 nodes)
    let stops = g(&koper, "koper_stops");
    // At most one stop per hot spot per 2 h (plus the first), and many.
    assert!(stops <= hot * (days * 12.0 + 1.0), "{stops} stops");
    assert!(stops > 0.3 * hot * days * 12.0, "{stops} stops");
    // A revisit time longer than the run: each hot spot once at most.
    let once_stops = g(&once, "koper_stops");
    assert!(once_stops <= hot && once_stops >= hot / 2.0, "{once_stops}");
    let (pr, pk) = (
        g(&random, "presence_hours_hot_spots"),
        g(&koper, "presence_hours_hot_spots"),
    );
    // Each stop stands 15 min (weight 1): at least that much presence.
    assert!(
        pk - pr >= 0.8 * stops * 0.25,
        "{pr} → {pk} h for {stops} stops"
    );
}

/// Held-out test 1, Sacramento (B4): 15-minute stops in random order, each
/// hot spot about every 2 h. Part I crime fell about 25 % at the treated
/// hot spots against the controls ([R]); the model, measured the same way
/// (the same places with and without the stops, paired), must land within
/// −35 % … −15 %, and the ring next door must not rise beyond noise
/// (diffusion, not displacement: B5, B6).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn koper_stops_at_the_sacramento_dosage_cut_hot_spot_crime_as_the_trial_found() {
    let base = county(365, 6, &[STATIONARY]);
    let koper = county(365, 6, &[STATIONARY, "deployment.patrol=koper"]);
    let (m, lo, hi) = change(&base, &koper, "crimes_completed.hot_spots");
    assert!(
        (-0.35..=-0.15).contains(&m),
        "hot spots {m:.3} [{lo:.3}, {hi:.3}]"
    );
    assert!(hi < 0.0);
    let (r, rlo, _) = change(&base, &koper, "crimes_completed.ring");
    assert!(rlo < 0.05, "ring {r:.3}: displacement");
}

/// Held-out test 2, Minneapolis (B2) and the meta-analyses (B5). The
/// trial's protocol: intermittent, unpredictable presence at the treated
/// hot spots only in the hours with most calls, 11:00–03:00; observed
/// presence at the treated spots about twice the controls' ("on average
/// twice", varying by season); crime calls −6 % to −13 %; the
/// meta-analyses put treated-vs-control at −8 % to −16 %. The model runs
/// Koper stops in 11:00–03:00, one per hot spot per 15 h (presence at the
/// hot spots × 2.2, inside the trial's "about twice": 1.6–2.4 required);
/// crime at the hot spots must fall within −16 % … −6 %.
///
/// Measured from the shipped steady state (2026-11-30): presence × 2.24,
/// hot spots −3.8 % [−14.0, +6.4] (6 replications, seed 14): the point
/// falls short of −6 %, the interval spans the trial's range. From the
/// empty start (a transient year with a filling prison, what this test
/// ran before) it passed at −7.7 %.
#[test]
#[ignore = "known gap (model vs evidence, not run by CI; scripts/known-gaps.sh): at steady state presence x2.24 cuts hot-spot crime -3.8 % [-14.0, +6.4] (2026-12-01, Poisson number of careers: -0.0 % [-5.9, +5.9]), short of B2's -6 % (passed at -7.7 % only from the empty start), docs/validation.md 17"]
fn known_gap_doubling_presence_at_hot_spots_in_the_trial_s_hours_cuts_crime_there_as_in_minneapolis()
 {
    let base = county(365, 6, &[STATIONARY]);
    let double = county(
        365,
        6,
        &[
            STATIONARY,
            "deployment.patrol=koper",
            "deployment.koper_revisit_min=900",
            "deployment.koper_start_hour=11",
            "deployment.koper_end_hour=27",
        ],
    );
    let dose =
        total(&double, "presence_hours_hot_spots") / total(&base, "presence_hours_hot_spots");
    let (m, lo, hi) = change(&base, &double, "crimes_completed.hot_spots");
    eprintln!("presence × {dose:.2}; hot spots {m:.3} [{lo:.3}, {hi:.3}]");
    assert!((1.6..=2.4).contains(&dose), "presence × {dose:.2}");
    assert!(
        (-0.16..=-0.06).contains(&m),
        "hot spots {m:.3} [{lo:.3}, {hi:.3}]"
    );
}

/// Koper stops are begun only in the treatment hours: outside them the
/// unit patrols at random; hours that run past midnight wrap; an end hour
/// not after the start (or more than 24 h after it) is refused with the
/// file, line and key (exit 2).
#[test]
fn koper_stops_keep_to_their_hours_and_bad_hours_are_refused() {
    let all = county(
        20,
        1,
        &["scenario.warmup_days=0", "deployment.patrol=koper"],
    );
    let night = county(
        20,
        1,
        &[
            "scenario.warmup_days=0",
            "deployment.patrol=koper",
            "deployment.koper_start_hour=22",
            "deployment.koper_end_hour=26",
        ],
    );
    let g = |r: &[RunResult]| r[0].metric("koper_stops").unwrap();
    // 4 h of 24 (at most 2 stops per hot spot) against the whole day.
    assert!(g(&night) > 0.0, "stops at night");
    assert!(g(&night) < 0.3 * g(&all), "{} vs {}", g(&night), g(&all));
    let text = extending(
        "scenarios/county.toml",
        "[deployment]\nkoper_start_hour = 20\nkoper_end_hour = 8\n",
    );
    let s = Scratch::new("koper-hours.toml", &text);
    let err = s.rejected(&[]);
    assert!(err.contains("deployment.koper_end_hour"), "{err}");
    assert!(err.contains("koper-hours.toml:"), "file named: {err}");
    assert!(err.contains("add 24"), "what is allowed: {err}");
}

/// Deterrence by the certainty of sanction: with both shares at 0 the
/// mechanism is off (a run with a decay so short it never acts is the same
/// run byte for byte); switched on strongly, offenders give up more and
/// complete fewer crimes, paired.
#[test]
fn certainty_of_sanction_deters_and_switched_off_changes_nothing() {
    let off = [
        "crime.certainty_own_arrest=0",
        "crime.certainty_area_arrest=0",
    ];
    let a = county(60, 2, &off);
    let mut off_other = off.to_vec();
    off_other.push("crime.certainty_decay_days=0.001");
    assert_eq!(a, county(60, 2, &off_other));
    let on = county(
        60,
        2,
        &[
            "crime.certainty_own_arrest=0.9",
            "crime.certainty_area_arrest=0.3",
        ],
    );
    assert!(total(&on, "crimes_deterred") > 1.05 * total(&a, "crimes_deterred"));
    assert!(total(&on, "crimes_completed") < 0.97 * total(&a, "crimes_completed"));
}

/// The two old deterrence keys were one degree of freedom; a file that
/// still uses one is refused (exit 2) with the key, its line and the keys
/// that replace it.
#[test]
fn removed_deterrence_keys_are_refused_naming_their_replacements() {
    for key in ["risk_aversion = 2", "deterrence_presence_min = 5"] {
        let text = extending("scenarios/county.toml", &format!("[crime]\n{key}\n"));
        let s = Scratch::new("old-deterrence.toml", &text);
        let err = s.rejected(&[]);
        let name = key.split(' ').next().unwrap();
        assert!(err.contains(&format!("crime.{name}")), "{err}");
        assert!(err.contains(":3:"), "line 3 named: {err}");
        for new in ["deterrence_max", "deterrence_half_min", "deterrence_shape"] {
            assert!(err.contains(new), "{new} named: {err}");
        }
    }
}
