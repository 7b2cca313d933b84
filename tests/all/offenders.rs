//! The offender population (careers, heterogeneous rates), sanctions by
//! crime type and legal regime, the burn-in and the automatic warm-up
//! (docs/crime.md §8 and §14): exact quick checks, bad input, and the
//! slow statistical targets of issue 13.

use super::*;
use patrolsim::experiment::Replicated;

#[test]
fn each_preset_follows_its_law_and_every_charge_is_priced_as_a_court_case() {
    let cn = county(90, 2, &[]);
    let ew = county(90, 2, &["sanctions.preset=\"england_wales\""]);
    let uni = county(90, 2, &["sanctions.preset=\"uniform\""]);
    for run in &cn.runs {
        let g = |m: &str| run.metric(m).unwrap();
        assert!(g("charges") <= g("arrests"));
        assert!(g("custody_sentences") <= g("charges"));
        assert!(
            g("detentions") > 0.0,
            "administrative detention below the threshold"
        );
        assert!(g("detentions") <= g("arrests") - g("charges"));
        assert_eq!(g("cost.courts"), g("charges") * 3_000.0);
        let justice = g("cost.courts") + g("cost.prison");
        assert!((g("cost_by_payer.justice") - justice).abs() < 1e-6 * justice);
    }
    for run in &ew.runs {
        assert_eq!(
            run.metric("detentions"),
            Some(0.0),
            "no administrative detention"
        );
    }
    for run in &uni.runs {
        let g = |m: &str| run.metric(m).unwrap();
        assert_eq!(g("charges"), g("arrests"), "uniform: every arrest charged");
        assert_eq!(g("custody_sentences"), g("arrests"), "and sentenced");
    }
    // Sentences scaled to nothing leave nobody inside.
    let none = county(90, 1, &["sanctions.sentence_scale=0"]);
    assert!(mean(&none, "offenders_in_prison_mean") < 0.5);
}

/// The record rule (issue 13) leaves the `uniform` preset as it was:
/// every arrest charged and sentenced for `crime.sentence_days`, so the
/// record changes nothing. Pinned from the commit before the rule
/// (247099e: county, 120 days, 2 replications of master seed 11); a
/// change elsewhere that moves these must say so and re-pin them.
#[test]
fn the_uniform_preset_is_unchanged_by_the_record_rule() {
    let r = county(
        120,
        2,
        &[
            "sanctions.preset=\"uniform\"",
            "crime.start_state=\"empty\"",
        ],
    );
    assert_eq!(mean(&r, "crimes_completed"), 1478.0);
    assert_eq!(mean(&r, "arrests"), 143.5);
    assert_eq!(mean(&r, "social_cost"), 10_309_325.0);
    assert_eq!(mean(&r, "offenders_in_prison_mean"), 77.38763513329637);
    assert_eq!(mean(&r, "charges_repeat"), 0.0);
    assert_eq!(mean(&r, "custody_sentences_with_record"), 0.0);
}

#[test]
fn careers_start_and_end_so_the_active_population_keeps_its_size() {
    // From the empty start: the stationary one adds those still inside
    // after their careers ended (docs/crime.md §16.3).
    let r = county(180, 2, &[EMPTY]);
    let active = mean(&r, "offenders_active_mean");
    assert!(
        (270.0..=360.0).contains(&active),
        "active careers {active} (300 set)"
    );
    // Onsets: 300 / (5 × 365) a day ≈ 0.16, about 30 in 180 days.
    let onsets = mean(&r, "offender_onsets");
    assert!((15.0..=50.0).contains(&onsets), "onsets {onsets}");
    assert!(mean(&r, "offender_desistances") > 5.0);
    assert_eq!(mean(&r, "crime_invariant_violations"), 0.0);
}

#[test]
fn the_automatic_warm_up_is_a_multiple_of_five_days_within_half_the_run() {
    let r = county(120, 2, &["scenario.warmup_days=\"auto\""]);
    let w = mean(&r, "warmup_days");
    assert!(w <= 60.0 && w % 5.0 == 0.0, "warm-up {w}");
    // The measured time is what is left: the calls per hour use it.
    let fixed = county(120, 2, &[&format!("scenario.warmup_days={w}")]);
    assert_eq!(
        mean(&r, "crimes_completed"),
        mean(&fixed, "crimes_completed"),
        "auto is the same run as the chosen warm-up written out"
    );
}

#[test]
fn a_burn_in_shifts_the_measured_year_but_not_its_length() {
    let r = county(60, 1, &["scenario.burn_in_days=28"]);
    let calls = mean(&r, "calls_service");
    let plain = county(60, 1, &[]);
    let c0 = mean(&plain, "calls_service");
    assert!(
        (calls - c0).abs() < 0.15 * c0,
        "about as many service calls in 60 measured days: {calls} vs {c0}"
    );
    assert_ne!(calls, c0, "but other days");
}

#[test]
fn bad_sanctions_and_warm_up_settings_are_refused_with_the_key_named() {
    let base = extending("scenarios/county.toml", "");
    for (extra, needle) in [
        ("[scenario]\nburn_in_days = 10\n", "whole number of weeks"),
        (
            "[scenario]\nburn_in_days = \"long\"\n",
            "or \"auto\", found \"long\"",
        ),
        (
            "[scenario]\nwarmup_days = \"soon\"\n",
            "or \"auto\", found \"soon\"",
        ),
        ("[sanctions]\npreset = \"france\"\n", "\"cn_county\""),
        (
            "[sanctions.types.arson]\ncharge_share = 0.5\n",
            "no crime type is named \"arson\"",
        ),
        (
            "[sanctions.types.burglary]\ncustody_share = 1.5\n",
            "custody_share",
        ),
        ("[sanctions]\nrepeat_count = 5\n", "repeat_count"),
        ("[sanctions]\nrecord_from = \"arrest\"\n", "\"conviction\""),
        (
            "[sanctions.types.robbery]\nsentence_scale_record = -1\n",
            "sentence_scale_record",
        ),
    ] {
        let s = Scratch::new("bad.toml", &format!("{base}{extra}"));
        let err = s.rejected(&[]);
        assert!(err.contains(needle), "{extra}: {err}");
        assert!(err.contains("bad.toml:"), "the file is named: {err}");
    }
    // Legal but ignored: a warning, and the run goes on.
    let s = Scratch::new(
        "warn.toml",
        &format!(
            "{base}[scenario]\nhorizon_days = 5\nreplications = 1\n[crime]\nsentence_days = 100\n"
        ),
    );
    let err = s.accepted(&[]);
    assert!(
        err.contains("crime.sentence_days") && err.contains("ignores"),
        "{err}"
    );
    // With the stationary start, a share started in prison is ignored,
    // with a warning.
    let s = Scratch::new(
        "warn2.toml",
        &format!(
            "{base}[scenario]\nhorizon_days = 5\nreplications = 1\n[crime]\nstart_state = \"stationary\"\nstart_in_prison_share = 0.5\n"
        ),
    );
    // (Named on the command line too: the tests' binary runs start empty
    // unless the arguments name the start, tests/all/util.rs.)
    let err = s.accepted(&["--set", STATIONARY]);
    assert!(
        err.contains("crime.start_in_prison_share") && err.contains("ignores"),
        "{err}"
    );
    let s = Scratch::new(
        "bad2.toml",
        &format!("{base}[crime]\nstart_state = \"warm\"\n"),
    );
    let err = s.rejected(&[]);
    assert!(
        err.contains("\"stationary\"") && err.contains("bad2.toml:"),
        "{err}"
    );
}

/// Mean completed crimes and prison population under sanctions `preset`
/// at a sentence scale, at steady state (`burn_in_days = "auto"`, sized by
/// the scaled sentences; one measured year).
fn at_scale(preset: &str, scale: f64, reps: u32) -> (f64, f64) {
    let set = format!("sanctions.sentence_scale={scale}");
    let p = format!("sanctions.preset=\"{preset}\"");
    let r = county(
        365,
        reps,
        &["scenario.burn_in_days=\"auto\"", p.as_str(), set.as_str()],
    );
    let (crime, prison) = (
        mean(&r, "crimes_completed"),
        mean(&r, "offenders_in_prison_mean"),
    );
    let repeat = mean(&r, "offenders_in_prison_repeat_mean") / prison;
    eprintln!("{preset} ×{scale}: crime {crime}, prison {prison}, repeat offenders {repeat}");
    (crime, prison)
}

/// Elasticity of completed crime to the prison population, ½ → 2.
fn elasticity(preset: &str, reps: u32) -> (f64, [(f64, f64); 3]) {
    let half = at_scale(preset, 0.5, reps);
    let one = at_scale(preset, 1.0, reps);
    let two = at_scale(preset, 2.0, reps);
    let e = (two.0 / half.0).ln() / (two.1 / half.1).ln();
    eprintln!("{preset}: (crime, prison) {half:?} {one:?} {two:?}; elasticity {e}");
    (e, [half, one, two])
}

/// Elasticity of completed crime to the prison population measured as the
/// pardon studies measured it (Barbarino & Mastrobuoni 2014; Buonanno &
/// Raphael 2013): at steady state, a collective pardon of Italy's 2006 size
/// (three years off every stay, those with less left freed) on the first
/// measured day, against the same seeds without it, over the year after.
/// Returns the elasticity and the crimes per freed prisoner-year.
fn pardon_elasticity(preset: &str, reps: u32) -> (f64, f64) {
    let p = format!("sanctions.preset=\"{preset}\"");
    let run = |set: &[&str]| {
        let mut all = vec!["scenario.burn_in_days=\"auto\"", p.as_str()];
        all.extend_from_slice(set);
        let r = county(366, reps, &all);
        (
            mean(&r, "crimes_completed"),
            mean(&r, "offenders_in_prison_mean"),
        )
    };
    let (c0, p0) = run(&[]);
    let (c1, p1) = run(&["sanctions.pardon_day=1", "sanctions.pardon_days=1095"]);
    let e = (c1 / c0).ln() / (p1 / p0).ln();
    let per = (c1 - c0) / (p0 - p1);
    eprintln!(
        "{preset} pardon: crime {c0} → {c1}, prison {p0} → {p1}; elasticity {e}, {per} crimes per freed prisoner-year"
    );
    (e, per)
}

/// Issue 13, measured where the evidence was measured: Italy's collective
/// pardons (Barbarino & Mastrobuoni 2014: −0.17 to −0.30, F1) in a
/// European regime of about 0.02 prisoners per recorded crime. Under the
/// England & Wales preset the county holds about 0.017 prisoners per
/// completed crime (docs/crime.md §16.4); halving and doubling every
/// sentence gives an elasticity inside [−0.40, −0.10], and about as many
/// crimes averted per added prisoner-year as the pardon studies found
/// (Buonanno & Raphael 2013: 14–18 reported crimes; Levitt 1996: ≈ 15).
#[test]
#[ignore = "slow: three sentence scales at steady state (burn-in of 5–11 years)"]
fn under_england_and_wales_sanctions_incapacitation_has_a_published_elasticity() {
    // Empty start, but measured after `burn_in_days = "auto"`: a steady-state year, not the transient.
    let (e, [half, _, two]) = elasticity("england_wales", 4);
    assert!((-0.40..=-0.10).contains(&e), "elasticity {e}");
    let averted = (half.0 - two.0) / (two.1 - half.1);
    assert!(
        (5.0..=30.0).contains(&averted),
        "averted per prisoner-year {averted}"
    );
    // The studies' own design: a pardon of Italy's size (measured −0.25,
    // 17.1 crimes per freed prisoner-year; Italy: 14 reported crimes).
    let (e, per) = pardon_elasticity("england_wales", 4);
    assert!((-0.40..=-0.10).contains(&e), "pardon elasticity {e}");
    assert!(
        (5.0..=30.0).contains(&per),
        "crimes per freed prisoner-year {per}"
    );
}

/// Issue 13, diminishing returns under the default (Chinese county)
/// preset: crimes averted per added prisoner-year at twice the baseline
/// prison population at most 0.7 of those at the baseline (F1: Buonanno &
/// Raphael 2013, Vollaard 2013). They diminish because sanctions rise with
/// the record (multiple theft, recidivism: docs/crime.md §16.2): the prison
/// holds the repeat, high-rate offenders first, and longer sentences then
/// hold them past the end of their careers. Measured 0.59 (3
/// replications, docs/crime.md §16.4); without the record rule 0.80.
#[test]
#[ignore = "slow: four sentence scales at steady state (burn-in of 7–58 years)"]
fn under_chinese_county_sanctions_incapacitation_has_diminishing_returns() {
    // Empty start, but measured after `burn_in_days = "auto"`: a steady-state year, not the transient.
    let (_, [half, one, two]) = elasticity("cn_county", 3);
    let four = at_scale("cn_county", 4.0, 3);
    // Averted per added prisoner-year: around the baseline (½ → 1 → 2) and
    // around twice its prison population (the scale that gets there).
    let at_base = (half.0 - two.0) / (two.1 - half.1);
    let at_double = (one.0 - four.0) / (four.1 - one.1);
    assert!(
        (1.8..=2.6).contains(&(four.1 / one.1)),
        "scale 4 about doubles the prison: {} vs {}",
        four.1,
        one.1
    );
    assert!(
        at_double <= 0.7 * at_base,
        "averted per prisoner-year {at_base} at baseline, {at_double} beyond"
    );
}

/// Issue 13: under the default (Chinese county) preset too, the elasticity
/// of crime to the prison population inside [−0.40, −0.10], by sentence
/// scale and by a pardon as the studies measured it. It misses: the
/// county holds 0.088 prisoner-years per completed crime, four times a
/// European regime's (robbery's three-year minimum holds 61 % of them),
/// and the elasticity is −(averted per prisoner-year) × P/C (docs/crime.md
/// §16.4).
#[test]
#[ignore = "known gap (model vs evidence, not run by CI; scripts/known-gaps.sh): cn_county elasticity −0.53 with sanctions by record (−0.82 before), −0.55 measured with a pardon as the studies did; 0.088 prisoners per crime (docs/crime.md §16.4)"]
fn known_gap_incapacitation_under_chinese_county_sanctions_has_a_published_elasticity() {
    let (e, _) = elasticity("cn_county", 3);
    // The pardon studies' design gives the same (−0.55): the gap is not
    // the measurement (docs/crime.md §16.4).
    let (ep, _) = pardon_elasticity("cn_county", 3);
    assert!((-0.40..=-0.10).contains(&e), "elasticity {e}");
    assert!((-0.40..=-0.10).contains(&ep), "pardon elasticity {ep}");
}

/// Issue 13: with `warmup_days = "auto"` an empty and a full prison at the
/// start give measured years within 3 % (10 replications), after the
/// burn-in the slowest process needs (`burn_in_days = "auto"`). Counts are
/// compared per measured day (the prison is a time average already):
/// "auto" may cut a different warm-up in each.
#[test]
#[ignore = "slow: 20 runs of 15.5 simulated years (burn-in 5,278 days)"]
fn an_empty_and_a_full_prison_at_the_start_give_the_same_measured_year() {
    let auto = [
        "scenario.warmup_days=\"auto\"",
        "scenario.burn_in_days=\"auto\"",
    ];
    let empty = county(365, 10, &[auto[0], auto[1], EMPTY]);
    let full = county(
        365,
        10,
        &[auto[0], auto[1], EMPTY, "crime.start_in_prison_share=0.8"],
    );
    let per_day = |r: &Replicated, m: &str| {
        r.runs
            .iter()
            .map(|run| {
                let days = 365.0 - run.metric("warmup_days").unwrap();
                // The prison population is a time average already.
                run.metric(m).unwrap() / if m.ends_with("_mean") { 1.0 } else { days }
            })
            .sum::<f64>()
            / r.runs.len() as f64
    };
    let ms = ["crimes_completed", "arrests", "offenders_in_prison_mean"];
    for m in ms {
        let (a, b) = (per_day(&empty, m), per_day(&full, m));
        eprintln!("{m} per measured day: empty {a}, full {b}");
    }
    for m in ms {
        let (a, b) = (per_day(&empty, m), per_day(&full, m));
        assert!((a - b).abs() <= 0.03 * a, "{m}: empty {a}, full {b}");
    }
}

#[test]
fn an_automatic_burn_in_is_sized_by_the_longest_stay_and_reported() {
    let auto = "scenario.burn_in_days=\"auto\"";
    let b = shipped("scenarios/county.toml", &[auto]).burn_in_days;
    // Robbery's time served, lognormal with mean 1,800 days and sd 900,
    // is the slowest process: far longer than its mean, in whole weeks.
    assert!((3_000.0..=6_000.0).contains(&b) && b % 7.0 == 0.0, "{b}");
    let half = shipped(
        "scenarios/county.toml",
        &[auto, "sanctions.sentence_scale=0.5"],
    );
    assert!(half.burn_in_days < b, "shorter sentences, shorter burn-in");
    // Without robbery's years the memory of arrests (e-folding 365 days)
    // sets it: 4.6 e-foldings, 1,687 days.
    let ew = shipped(
        "scenarios/county.toml",
        &[auto, "sanctions.preset=\"uniform\""],
    );
    assert_eq!(ew.burn_in_days, 1_687.0);
    // Short stays and no memory: a short burn-in, run and reported.
    let short = [
        auto,
        "sanctions.sentence_scale=0.02",
        "crime.certainty_own_arrest=0",
        "crime.certainty_area_arrest=0",
    ];
    let r = county(7, 1, &short);
    let chosen = mean(&r, "burn_in_days");
    assert_eq!(
        chosen,
        shipped("scenarios/county.toml", &short).burn_in_days
    );
    assert!(chosen > 0.0 && chosen <= 140.0, "{chosen}");
    let plain = county(7, 1, &[]);
    assert_eq!(
        plain.runs[0].metric("burn_in_days"),
        None,
        "reported only when chosen"
    );
}

/// Per measured day: a count over the measured days; the prison population
/// is a time average already.
fn per_day(r: &Replicated, m: &str, days: f64) -> f64 {
    let v = mean(r, m);
    if m.ends_with("_mean") { v } else { v / days }
}

const STEADY: [&str; 3] = ["crimes_completed", "arrests", "offenders_in_prison_mean"];

/// Issue 13, "How we will know": the shipped county measures a steady
/// year — the measured year and the following one differ by less than 3 %
/// in completed crime, arrests and the mean prison population (the same
/// runs: the second year is days 365–730). The issue asks 10 replications;
/// 30 here: at 10 the two years of the same runs differ by chance about as
/// much as the tolerance (seed 11, 2026-11-30: crime +3.9 % at 10, +1.8 %
/// at 30; 2026-12-01, Poisson number of careers: +1.4 % at 30, and at 10
/// +0.3 % with seed 11 but +6.9 % with seed 12; docs/crime.md §16.3).
#[test]
#[ignore = "slow: 30 replications of one and two county-years (about 2 minutes), docs/crime.md §16.3"]
fn a_stationary_start_measures_a_year_like_the_next_one() {
    let one = county(365, 30, &[STATIONARY]);
    let two = county(730, 30, &[STATIONARY, "scenario.warmup_days=365"]);
    for m in STEADY {
        let (a, b) = (per_day(&one, m, 364.0), per_day(&two, m, 365.0));
        eprintln!("{m} per measured day: year 1 {a}, year 2 {b}");
    }
    for m in STEADY {
        let (a, b) = (per_day(&one, m, 364.0), per_day(&two, m, 365.0));
        assert!((a - b).abs() <= 0.03 * b, "{m}: year 1 {a}, year 2 {b}");
    }
}

/// The stationary start is stationary: its measured year is within 3 % of
/// the year measured after the burn-in that lets an empty start settle
/// (`burn_in_days = "auto"`, 5,278 days). 30 replications each: with 10 the
/// standard error of the difference is 2.7 % (crime) to 3 % (prison), as
/// large as the tolerance; with 30 about 1.6 %. Measured 2026-11-30
/// (docs/crime.md §16.3): crime −0.2 %, arrests −2.3 %, prison −2.1 %;
/// 2026-12-01, with the Poisson number of careers: −1.6 %, −2.7 %, −2.3 %.
#[test]
#[ignore = "slow: 30 runs after a 14.5-year burn-in, about 3 minutes on one core"]
fn the_stationary_start_gives_the_year_a_long_burn_in_gives() {
    let st = county(365, 30, &[STATIONARY]);
    let long = county(365, 30, &[EMPTY, "scenario.burn_in_days=\"auto\""]);
    for m in STEADY {
        let (a, b) = (per_day(&st, m, 364.0), per_day(&long, m, 364.0));
        eprintln!("{m} per measured day: stationary start {a}, long burn-in {b}");
    }
    for m in STEADY {
        let (a, b) = (per_day(&st, m, 364.0), per_day(&long, m, 364.0));
        assert!(
            (a - b).abs() <= 0.03 * b,
            "{m}: stationary {a}, burn-in {b}"
        );
    }
}

#[test]
fn the_stationary_start_fills_the_prison_at_once_and_is_the_same_with_one_or_two_jobs() {
    let run = |jobs: &str| {
        let o = patrolsim(&[
            "run",
            "scenarios/county.toml",
            "--set",
            "scenario.horizon_days=30",
            "--set",
            STATIONARY,
            "-r",
            "2",
            "--jobs",
            jobs,
            "--format",
            "csv",
        ]);
        ok(&o);
        stdout(&o)
    };
    let one = run("1");
    assert_eq!(one, run("2"), "same numbers with 1 and 2 jobs");
    // A month from the stationary start has most of the stationary prison
    // (about 200, docs/crime.md §16.3); from the empty start, few.
    let st = county(30, 1, &[STATIONARY]);
    let empty = county(30, 1, &[EMPTY]);
    let (a, b) = (
        mean(&st, "offenders_in_prison_mean"),
        mean(&empty, "offenders_in_prison_mean"),
    );
    assert!(a > 100.0 && b < 60.0, "stationary {a}, empty {b}");
}

/// A collective pardon (`sanctions.pardon_days`; Italy's 2006 pardon took
/// three years off): a run that ends before its day is the run without it,
/// counter for counter; after it the prison holds fewer and more crimes are
/// committed. The stationary start puts prisoners inside at t = 0, who are
/// pardoned too.
#[test]
fn a_pardon_changes_nothing_before_its_day_and_frees_prisoners_after_it() {
    let pardon = [
        STATIONARY,
        "sanctions.pardon_day=31",
        "sanctions.pardon_days=1095",
    ];
    assert_eq!(
        county(30, 1, &[STATIONARY]).runs,
        county(30, 1, &pardon).runs
    );
    let (base, freed) = (county(60, 1, &[STATIONARY]), county(60, 1, &pardon));
    let prison = |r: &Replicated| mean(r, "offenders_in_prison_mean");
    let crime = |r: &Replicated| mean(r, "crimes_completed");
    assert!(
        prison(&freed) < 0.85 * prison(&base),
        "prison {} → {}",
        prison(&base),
        prison(&freed)
    );
    assert!(
        crime(&freed) > crime(&base),
        "{} → {}",
        crime(&base),
        crime(&freed)
    );
}

#[test]
fn a_pardon_after_the_run_warns_and_a_negative_one_is_refused() {
    let run = |a: &str, b: &str| {
        patrolsim(&[
            "run",
            "scenarios/county.toml",
            "-r",
            "1",
            "--set",
            "scenario.horizon_days=5",
            "--set",
            a,
            "--set",
            b,
        ])
    };
    let late = run("sanctions.pardon_days=1095", "sanctions.pardon_day=5");
    ok(&late);
    assert!(
        stderr(&late).contains("warning: `sanctions.pardon_day`: day 5 is not before the end"),
        "{}",
        stderr(&late)
    );
    let bad = run("sanctions.pardon_days=-1", "sanctions.pardon_day=1");
    refused(&bad, "sanctions.pardon_days");
    assert!(stdout(&bad).is_empty());
}

/// Those inside at t = 0 carry whether the arrest that put them there had
/// an earlier one (their simulated past, docs/crime.md §16.3): the share of
/// prisoners who had been arrested before is, in the first month, what it
/// is a year later (found in review: it was 0 at the start).
#[test]
fn prisoners_at_a_stationary_start_are_repeat_offenders_as_often_as_a_year_later() {
    let share = |r: &Replicated| {
        mean(r, "offenders_in_prison_repeat_mean") / mean(r, "offenders_in_prison_mean")
    };
    let first = county(30, 2, &[STATIONARY]);
    let later = county(395, 2, &[STATIONARY, "scenario.warmup_days=365"]);
    let (a, b) = (share(&first), share(&later));
    assert!(a > 0.5 && b > 0.5, "first month {a}, a year later {b}");
    assert!((a - b).abs() < 0.08, "first month {a}, a year later {b}");
}

/// Onsets Poisson at rate N / L and exponential careers of mean L make the
/// careers going an M/M/∞ queue: at steady state their number is Poisson
/// of mean N (Kleinrock 1975, §3.4), so the stationary start draws it.
/// Over 60 seeds the careers going on day 1 (the active local offenders
/// less the ended careers still inside) have mean about N = 300 and a
/// variance about their mean; with exactly N at every start (before
/// 2026-12-01) the variance was 0 and the replications' spread too small.
#[test]
fn the_stationary_start_draws_a_poisson_number_of_careers() {
    let s = shipped(
        "scenarios/county.toml",
        &[
            STATIONARY,
            "scenario.horizon_days=2",
            "scenario.warmup_days=1",
        ],
    );
    let n = s.crime.as_ref().unwrap().local_offenders as f64;
    let (m, _) = patrolsim::model::Model::new(&s).unwrap();
    let opts = patrolsim::model::RunOptions {
        snapshot: true,
        ..Default::default()
    };
    let going: Vec<f64> = (0..60)
        .map(|seed| {
            let r = m.run_with(seed, opts);
            let g = |k: &str| r.snapshot.iter().find(|(n, _)| n == k).unwrap().1;
            g("active_local") - g("local_jailed_career_over")
        })
        .collect();
    let k = going.len() as f64;
    let mean = going.iter().sum::<f64>() / k;
    let var = going.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0);
    eprintln!("careers going on day 1: mean {mean:.1}, variance {var:.1} (N {n})");
    // Mean: N less the few careers that end in a day, within 4 standard
    // errors; variance ÷ mean: 1 ± 3 × sqrt(2 / 59).
    assert!(
        (mean - n).abs() < 4.0 * (n / k).sqrt(),
        "mean {mean}, N {n}"
    );
    assert!(
        (0.45..=1.55).contains(&(var / mean)),
        "variance {var}, mean {mean}"
    );
}

/// The diagnostic of the stationary start (`RunOptions::snapshot`, the
/// example `start_state`) reads the state at the end of the warm-up and
/// changes nothing: the same metrics with and without it; its counts add
/// up (free, inside and held local offenders are the active ones, the
/// rate classes partition them).
#[test]
fn the_start_state_snapshot_changes_nothing_and_its_counts_add_up() {
    let s = shipped(
        "scenarios/county.toml",
        &[
            STATIONARY,
            "scenario.horizon_days=20",
            "scenario.warmup_days=10",
        ],
    );
    let (m, _) = patrolsim::model::Model::new(&s).unwrap();
    let plain = m.run(5);
    let snap = m.run_with(
        5,
        patrolsim::model::RunOptions {
            snapshot: true,
            ..Default::default()
        },
    );
    assert_eq!(plain.metrics, snap.metrics);
    assert!(plain.snapshot.is_empty());
    let g = |k: &str| {
        snap.snapshot
            .iter()
            .find(|(n, _)| n == k)
            .unwrap_or_else(|| panic!("no {k}"))
            .1
    };
    let classes = |p: &str| (0..4).map(|c| g(&format!("{p}{c}"))).sum::<f64>();
    assert_eq!(classes("free_rate_class"), g("local_free"));
    assert_eq!(classes("jailed_rate_class"), g("local_jailed"));
    assert_eq!(
        g("local_free") + g("local_jailed") + g("local_held"),
        g("active_local")
    );
    assert_eq!(g("local_jailed") + g("roaming_jailed"), g("in_prison"));
    assert!(
        g("local_jailed") > 100.0,
        "a stationary prison: {}",
        g("local_jailed")
    );
}
