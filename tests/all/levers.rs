//! Priced levers (issue 6, in part): street cameras and area programmes of
//! locks, alarms and private cameras. For each, a paired effect of the right
//! direction and a stated size; switched off, the baseline byte for byte;
//! with zero effect parameters, a change in cost only.

use super::*;

const CENTRE_CAMERAS: &str = "[[8, 8], [8, 9], [8, 10], [8, 11], [8, 12], [9, 8], [9, 9], [9, 10], [9, 11], [9, 12], [10, 8], [10, 9], [10, 10], [10, 11], [10, 12], [11, 8], [11, 9], [11, 10], [11, 11], [11, 12], [12, 8], [12, 9], [12, 10], [12, 11], [12, 12]]";

fn runs(set: &[&str], reps: u32) -> Vec<patrolsim::RunResult> {
    replicate("scenarios/county.toml", set, 21, reps).runs
}

/// 25 monitored city-centre cameras on the block [8..12] × [8..12], measured
/// as B10 measured them (Welsh & Farrington 2009: −7 % in city centres, not
/// significant): crime in view before and after against a control area,
/// the relative effect size RES = (a·d)/(b·c), the cut 1 − 1/RES; the
/// control is every node neither in view nor next to it. The test used to
/// ask the county's hot spots to fall by 4 %: none of the 23 hot spots is
/// in view (22 are in the control, one in the ring), so it measured the
/// control area, where only the knock-on of the cameras' arrests shows
/// (−0.6 %). docs/validation.md §17, docs/levers.md §2. Measured from the
/// shipped steady state (2026-12-01, 10 replications, seed 21): in view
/// 2,290 → 1,947, cut 0.128, ring 0.030 (from the empty start, which this
/// test ran before: 3,928 → 3,426, 0.093, ring 0.007).
#[test]
#[ignore = "slow: 20 county years; street cameras measured in view against a control as B10 measured them"]
fn street_cameras_cut_crime_in_view_against_a_control_and_cost_per_camera() {
    use super::evidence::{buffer_and_control, crimes_at, relative_cut};
    let view: Vec<usize> = (8..=12)
        .flat_map(|r| (8..=12).map(move |c| r * 21 + c))
        .collect();
    let (ring, control) = buffer_and_control(&view);
    let cams = format!("cameras.nodes={CENTRE_CAMERAS}");
    let base = runs(&["scenario.horizon_days=365", STATIONARY], 10);
    let with = runs(
        &[
            "scenario.horizon_days=365",
            STATIONARY,
            &cams,
            "cameras.monitored=true",
        ],
        10,
    );
    let in_view = relative_cut(&base, &with, &view, &control);
    let next_door = relative_cut(&base, &with, &ring, &control);
    let (a, b) = (crimes_at(&base, &view), crimes_at(&with, &view));
    eprintln!("in view {a} → {b}: cut {in_view:.3} against the control; ring {next_door:.3}");
    // B10's −7 %, with the evidence test's upper end (−15 %) and the lower
    // bound this test has always asked (4 %).
    assert!(
        (0.04..=0.15).contains(&in_view),
        "in-view cut {in_view:.3} against the control: expected 0.04..0.15"
    );
    // Diffusion of benefits, not displacement, next door (B10).
    assert!(next_door > -0.05, "ring {next_door:.3}");
    assert!(total(&with, "crimes_seen_on_camera") > 0.0);
    let years = 364.0 / 365.0; // one warm-up day
    let cost = with[0].metric("cost.street_cameras").unwrap();
    assert!((cost - 25.0 * 6100.0 * years).abs() < 1e-6 * cost, "{cost}");
    assert_eq!(base[0].metric("cost.street_cameras"), Some(0.0));
}

#[test]
fn levers_switched_off_restore_the_baseline_byte_for_byte() {
    let base = runs(&["scenario.horizon_days=60"], 2);
    let no_cameras = runs(
        &[
            "scenario.horizon_days=60",
            "cameras.nodes=[]",
            "cameras.monitored=true",
        ],
        2,
    );
    assert_eq!(base, no_cameras);
    // A programme that sets the shares the places already have changes nothing.
    let same = runs(
        &[
            "scenario.horizon_days=60",
            "programmes=[{ jurisdictions = [\"centre\"], lock_share = 0.5, alarm_share = 0.1 }]",
        ],
        2,
    );
    assert_eq!(base, same);
    // A county-wide programme is the same as changing the places' share.
    let prog = runs(
        &[
            "scenario.horizon_days=60",
            "programmes=[{ lock_share = 0.9 }]",
        ],
        2,
    );
    let places = runs(&["scenario.horizon_days=60", "places.lock_share=0.9"], 2);
    assert_eq!(prog, places);
}

#[test]
fn cameras_with_no_effect_change_cost_only() {
    let cams = format!("cameras.nodes={CENTRE_CAMERAS}");
    let base = runs(&["scenario.horizon_days=60"], 2);
    let inert = runs(
        &[
            "scenario.horizon_days=60",
            &cams,
            "cameras.in_view_cut=0",
            "cameras.solve_uplift=0",
        ],
        2,
    );
    for (a, b) in base.iter().zip(&inert) {
        for (x, y) in a.metrics.iter().zip(&b.metrics) {
            // What the cameras cost and count, and the clearance split by
            // their view (a measurement, not an outcome), may change.
            if !x.0.starts_with("cost")
                && x.0 != "street_cameras"
                && !x.0.starts_with("clearance_rate_in_view")
                && !x.0.starts_with("clearance_rate_out_of_view")
            {
                assert_eq!(x, y, "{} changed with inert cameras", x.0);
            }
        }
        assert!(b.metric("cost_total").unwrap() > a.metric("cost_total").unwrap());
    }
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn a_lock_programme_cuts_burglary_where_it_runs_and_households_pay() {
    // From the empty start: the programme's reach and who pays are tested, with a stated floor.
    let base = runs(&["scenario.horizon_days=180"], 3);
    let prog = runs(
        &[
            "scenario.horizon_days=180",
            "programmes=[{ jurisdictions = [\"centre\", \"north\"], lock_share = 0.95 }]",
        ],
        3,
    );
    let (a, b) = (
        total(&base, "crimes_completed.burglary"),
        total(&prog, "crimes_completed.burglary"),
    );
    assert!(
        b < 0.9 * a,
        "burglaries {a} → {b}: expected at least 10 % fewer"
    );
    let extra = prog[0].metric("cost.locks").unwrap() - base[0].metric("cost.locks").unwrap();
    assert!(extra > 0.0);
    let payers = prog[0].metric("cost_by_payer.households").unwrap()
        - base[0].metric("cost_by_payer.households").unwrap();
    assert!(
        (payers - extra).abs() < 1e-6 * extra,
        "households pay for locks by default"
    );
}

const EXITS: &str = "checkpoints=[{ node = [0, 10] }, { node = [20, 10] }, { node = [10, 0] }, { node = [10, 20] }, { node = [0, 5] }, { node = [0, 15] }, { node = [20, 5] }, { node = [20, 15] }]";

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn checkpoints_intercept_offenders_with_loot_and_cost_staff() {
    // From the empty start: the lever's mechanism and cost are tested, with stated floors.
    let base = runs(&["scenario.horizon_days=180"], 3);
    let with = runs(&["scenario.horizon_days=180", EXITS], 3);
    assert!(
        total(&with, "arrests.checkpoint") >= 20.0,
        "checkpoint arrests {}",
        total(&with, "arrests.checkpoint")
    );
    let (a, b) = (
        total(&base, "crimes_completed"),
        total(&with, "crimes_completed"),
    );
    assert!(
        b < 0.95 * a,
        "completed crimes {a} → {b}: expected at least 5 % fewer"
    );
    // Staffing through the roster: 8 posts × 2 officers × 8,760 h ÷ 1,960 h.
    let officers = 8.0 * 2.0 * 8760.0 / 1960.0;
    let cost = with[0].metric("cost.checkpoints").unwrap();
    assert!(
        (cost - officers * 60_000.0 * 179.0 / 365.0).abs() < 1e-6 * cost,
        "{cost}"
    );
    // A checkpoint that checks nobody changes nothing but the bill.
    let idle = runs(
        &[
            "scenario.horizon_days=180",
            &EXITS.replace("] }", "], check_share = 0 }"),
        ],
        3,
    );
    for (a, b) in base.iter().zip(&idle) {
        for (x, y) in a.metrics.iter().zip(&b.metrics) {
            if !x.0.starts_with("cost") {
                assert_eq!(x, y, "{} changed with idle checkpoints", x.0);
            }
        }
    }
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn enforcement_patrol_checks_cost_unit_time_and_catch_some() {
    // From the empty start: the checks' unit time and the inert case are tested, not a level.
    let base = runs(&["scenario.horizon_days=180"], 3);
    let with = runs(
        &[
            "scenario.horizon_days=180",
            "enforcement.stop_check_per_hour=1",
        ],
        3,
    );
    assert!(total(&with, "stop_checks") > 10_000.0);
    assert!(total(&with, "arrests.stop_check") > 0.0);
    let (a, b) = (
        total(&base, "response_time_mean_min"),
        total(&with, "response_time_mean_min"),
    );
    assert!(b > 1.02 * a, "checks take patrol time: response {a} → {b}");
    // Checks that take no time and catch nobody change nothing.
    let inert = runs(
        &[
            "scenario.horizon_days=180",
            "enforcement.stop_check_per_hour=1",
            "enforcement.stop_check_catch=0",
            "enforcement.stop_check_min=0",
        ],
        3,
    );
    for (a, b) in base.iter().zip(&inert) {
        for (x, y) in a.metrics.iter().zip(&b.metrics) {
            if x.0 != "stop_checks" {
                assert_eq!(x, y, "{} changed with inert checks", x.0);
            }
        }
    }
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn stake_outs_catch_in_the_act_unseen() {
    // From the empty start: the channel (arrests, no presence, cost) is tested, not a level.
    let units = "units=[{jurisdiction=\"centre\",type=\"car\",count=4},{jurisdiction=\"north\",type=\"car\",count=3},{jurisdiction=\"south\",type=\"car\",count=3},{jurisdiction=\"west\",type=\"car\",count=2},{jurisdiction=\"east\",type=\"car\",count=2},{jurisdiction=\"centre\",type=\"plain_clothes\",count=2,patrol_share=1.0,patrol=\"stakeout\"}]";
    let with = runs(&["scenario.horizon_days=180", units], 3);
    assert!(
        total(&with, "arrests.stake_out") >= 10.0,
        "stake-out arrests {}",
        total(&with, "arrests.stake_out")
    );
    // Plain clothes leave no presence: their unit-hours add none.
    let without = runs(&["scenario.horizon_days=180", &units.replace(",{jurisdiction=\"centre\",type=\"plain_clothes\",count=2,patrol_share=1.0,patrol=\"stakeout\"}", "")], 3);
    assert!(total(&without, "arrests.stake_out") == 0.0);
    assert!(with[0].metric("cost.officers").unwrap() > without[0].metric("cost.officers").unwrap());
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn more_detectives_clear_more_cases() {
    // From the empty start: the case queue's capacity and cost are tested, not a published size.
    let few = runs(
        &["scenario.horizon_days=180", "investigation.detectives=5"],
        3,
    );
    let many = runs(
        &["scenario.horizon_days=180", "investigation.detectives=25"],
        3,
    );
    let (a, b) = (
        total(&few, "arrests.investigation"),
        total(&many, "arrests.investigation"),
    );
    assert!(b > 3.0 * a, "investigation arrests {a} → {b}");
    assert!(total(&many, "case_wait_mean_days") < 0.7 * total(&few, "case_wait_mean_days"));
    let cost = many[0].metric("cost.detectives").unwrap();
    assert!((cost - 25.0 * 65_000.0 * 179.0 / 365.0).abs() < 1e-6 * cost);
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn offenders_who_know_a_checkpoint_drive_around_it_and_registration_helps_investigation() {
    // From the empty start: detours and the registration channel are tested, not a level.
    let known = runs(
        &[
            "scenario.horizon_days=180",
            &EXITS.replace("] }", "], known_share = 1.0 }"),
        ],
        3,
    );
    assert_eq!(
        total(&known, "arrests.checkpoint"),
        0.0,
        "nobody who drives around is checked"
    );
    let no_reg = runs(
        &[
            "scenario.horizon_days=180",
            &EXITS.replace("] }", "], check_share = 0.01, registration_identify = 0 }"),
        ],
        3,
    );
    let reg = runs(
        &[
            "scenario.horizon_days=180",
            &EXITS.replace(
                "] }",
                "], check_share = 0.01, registration_identify = 0.6 }",
            ),
        ],
        3,
    );
    let (a, b) = (
        total(&no_reg, "arrests.investigation"),
        total(&reg, "arrests.investigation"),
    );
    // Only offenders passing a post after their crime and before its report gain.
    assert!(
        b > 1.03 * a,
        "registering vehicles at the exits helps investigation: {a} → {b}"
    );
}

/// Joint-defence volunteers (群防群治): they patrol, report what they see, are never dispatched and arrest nobody; they cost volunteer-hours,
/// not officers.
#[test]
fn volunteers_deter_and_report_but_are_not_police() {
    let only = runs(
        &[
            "scenario.horizon_days=180",
            "units=[{ jurisdiction = \"north\", type = \"volunteer\", count = 6, shift = \"day\" }, { jurisdiction = \"centre\", type = \"volunteer\", count = 6, shift = \"day\" }]",
        ],
        3,
    );
    let nobody = runs(
        &[
            "scenario.horizon_days=180",
            "units=[{ jurisdiction = \"north\", type = \"car\", count = 0 }]",
        ],
        3,
    );
    for m in [
        "calls_cleared",
        "arrests.in_act",
        "arrests.response",
        "patrol_coverage",
        "officers_needed",
    ] {
        assert_eq!(total(&only, m), 0.0, "{m}: volunteers are not police");
    }
    assert!(total(&only, "crimes_reported_by_volunteers") > 0.0);
    let (a, b) = (
        total(&nobody, "crimes_completed"),
        total(&only, "crimes_completed"),
    );
    // Volunteers walk through places and never stop: since presence is
    // counted by dwell (docs/crime.md §5) a pass deters almost nothing, so
    // walking volunteers change crime by less than 3 % either way (before
    // issue 14 the minutes of walking deterred; this asserted a 3 % cut).
    assert!(
        (b / a - 1.0).abs() < 0.03,
        "volunteers passing through: {a} → {b}"
    );
    // 12 groups of 3 for 12 hours a day, at 4 an hour, and their
    // coordinators (10 groups each, at an officer's 60,000 a year), over
    // 179 days.
    let cost = only[0].metric("cost.volunteers").unwrap();
    let year = 12.0 * 3.0 * 12.0 * 365.0 * 4.0 + 12.0 / 10.0 * 60_000.0;
    assert!((cost - year * 179.0 / 365.0).abs() < 1e-6 * cost, "{cost}");
    assert_eq!(only[0].metric("cost.officers"), Some(0.0));
}

const INFORMANTS: &str = "informants={ eat = 20, live = 10, travel = 10, sell = 10, play = 20 }";

/// Informants and registration: tips name offenders, investigation arrests
/// rise by more than 12 % with each (the informants' yield is set to
/// Hertfordshire's, B14: house-burglary clear-up +14 %, levers.md), and
/// the costs are exact. Measured from the shipped steady state
/// (2026-12-01, 4 replications, seed 21): 218 → 249 (+14.2 %) with
/// informants, 253 (+16.1 %) with registration; from the empty start,
/// which this test ran before, 481 → 641 (+33 %) and 648 (+35 %).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn informants_and_registration_name_offenders_and_cost_per_informant_and_scheme() {
    let h = "scenario.horizon_days=180";
    let base = runs(&[h, STATIONARY], 4);
    let inf = runs(&[h, STATIONARY, INFORMANTS], 4);
    let reg = runs(
        &[
            h,
            STATIONARY,
            "informants={ second_hand_registration = true, lodging_registration = true }",
        ],
        4,
    );
    let arrests = |r: &[patrolsim::RunResult]| total(r, "arrests.investigation");
    eprintln!(
        "investigation arrests {} -> informants {}, registration {}",
        arrests(&base),
        arrests(&inf),
        arrests(&reg)
    );
    assert_eq!(total(&base, "identifications.helped_by_tips"), 0.0);
    assert!(total(&inf, "identifications.helped_by_tips") > 0.0);
    assert!(
        arrests(&inf) > 1.12 * arrests(&base),
        "informants: investigation arrests {} → {}, expected > +12 %",
        arrests(&base),
        arrests(&inf)
    );
    assert!(total(&inf, "crimes_completed") < total(&base, "crimes_completed"));
    assert!(total(&reg, "tips.loot_sales_noted") > 0.0);
    assert!(
        total(&reg, "tips.lodging_registrations") > 0.0,
        "roaming offenders stay at lodging places"
    );
    assert!(
        arrests(&reg) > 1.12 * arrests(&base),
        "registration: {} → {}",
        arrests(&base),
        arrests(&reg)
    );
    // Costs: per informant placed, per scheme.
    let years = 179.0 / 365.0;
    let placed = inf[0].metric("informants").unwrap();
    assert!(
        (20.0..=70.0).contains(&placed),
        "at most 20 + 10 + 10 + 10 + 20 places, as many as exist: {placed}"
    );
    let c = inf[0].metric("cost.informants").unwrap();
    assert!((c - placed * 2_000.0 * years).abs() < 1e-6 * c, "{c}");
    let c = reg[0].metric("cost.registration").unwrap();
    assert!((c - 50_000.0 * years).abs() < 1e-6 * c, "{c}");
    assert_eq!(base[0].metric("cost.registration"), Some(0.0));
}

#[test]
fn informants_switched_off_restore_the_baseline_byte_for_byte() {
    let h = "scenario.horizon_days=60";
    let base = runs(&[h], 2);
    let off = runs(
        &[
            h,
            "informants={ eat = 0, notice = 0.9, identify = 0.5 }",
            "community={ areas = [], report_gain = 0.9 }",
        ],
        2,
    );
    assert_eq!(base, off);
    // Informants who never notice anyone change the cost only.
    let blind = runs(&[h, INFORMANTS, "informants.notice=0"], 2);
    let strip = |r: &[patrolsim::RunResult]| -> Vec<Vec<(String, Option<f64>)>> {
        r.iter()
            .map(|x| {
                x.metrics
                    .iter()
                    .filter(|(k, _)| !k.starts_with("cost") && k != "informants")
                    .cloned()
                    .collect()
            })
            .collect()
    };
    assert_eq!(strip(&base), strip(&blind));
    assert!(blind[0].metric("cost.informants").unwrap() > 0.0);
    let three = runs(&[h, "informants.eat=3"], 1);
    assert_eq!(three[0].metric("informants"), Some(3.0));
}

type Runs = Vec<patrolsim::RunResult>;

/// The county without community officers, with 4 in the centre and 2 in the
/// north who only talk (recruit no informants), and with the same officers
/// recruiting (two informants each by default).
fn community(days: u32, reps: u32) -> (Runs, Runs, Runs) {
    let h = format!("scenario.horizon_days={days}");
    let h = h.as_str();
    let areas = "community.areas=[{ jurisdiction = \"centre\", officers = 4 }, { jurisdiction = \"north\", officers = 2 }]";
    (
        runs(&[h], reps),
        runs(&[h, areas, "community.informants_per_officer=0"], reps),
        runs(&[h, areas], reps),
    )
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn community_officers_raise_reporting_recruit_informants_and_cost_officers() {
    // From the empty start: reporting, recruitment and roster are tested, with stated floors.
    let (base, talk, full) = community(180, 4);
    let share =
        |r: &[patrolsim::RunResult]| total(r, "crimes_reported") / total(r, "crimes_attempted");
    assert!(
        share(&talk) > share(&base) + 0.03,
        "reported share {} → {}",
        share(&base),
        share(&talk)
    );
    assert_eq!(full[0].metric("informants"), Some(12.0), "2 per officer");
    assert_eq!(talk[0].metric("informants"), Some(0.0));
    assert!(total(&full, "identifications.helped_by_tips") > 0.0);
    assert!(total(&full, "arrests.investigation") > total(&talk, "arrests.investigation"));
    let officers = |r: &[patrolsim::RunResult]| r[0].metric("officers_needed").unwrap();
    assert!((officers(&full) - officers(&base) - 6.0).abs() < 1e-9);
    assert!(full[0].metric("cost.officers").unwrap() > base[0].metric("cost.officers").unwrap());
}

/// The quick, exact part of the checkpoint and enforcement tests (their
/// effect sizes run in the slow tier): posts that check nobody and checks
/// that take no time and catch nobody change nothing but the bill, and the
/// posts are staffed through the roster.
#[test]
fn idle_checkpoints_and_inert_checks_change_nothing_but_the_bill() {
    let h = "scenario.horizon_days=60";
    let base = runs(&[h], 2);
    let idle = runs(&[h, &EXITS.replace("] }", "], check_share = 0 }")], 2);
    let inert = runs(
        &[
            h,
            "enforcement.stop_check_per_hour=1",
            "enforcement.stop_check_catch=0",
            "enforcement.stop_check_min=0",
        ],
        2,
    );
    assert!(total(&inert, "stop_checks") > 1_000.0);
    for ((a, b), c) in base.iter().zip(&idle).zip(&inert) {
        for ((x, y), z) in a.metrics.iter().zip(&b.metrics).zip(&c.metrics) {
            if !x.0.starts_with("cost") {
                assert_eq!(x, y, "{} changed with idle checkpoints", x.0);
            }
            if x.0 != "stop_checks" {
                assert_eq!(x, z, "{} changed with inert checks", x.0);
            }
        }
    }
    // 8 posts × 2 officers × 8,760 h ÷ 1,960 h, for 59 days (one warm-up day).
    let officers = 8.0 * 2.0 * 8760.0 / 1960.0;
    let cost = idle[0].metric("cost.checkpoints").unwrap();
    assert!(
        (cost - officers * 60_000.0 * 59.0 / 365.0).abs() < 1e-6 * cost,
        "{cost}"
    );
}

/// The quick, exact part of the community test (its effect on reporting
/// runs in the slow tier): community officers join the roster and recruit
/// two informants each.
#[test]
fn community_officers_join_the_roster_and_recruit_two_informants_each() {
    let (base, talk, full) = community(30, 1);
    assert_eq!(full[0].metric("informants"), Some(12.0), "2 per officer");
    assert_eq!(talk[0].metric("informants"), Some(0.0));
    let officers = |r: &[patrolsim::RunResult]| r[0].metric("officers_needed").unwrap();
    assert!((officers(&full) - officers(&base) - 6.0).abs() < 1e-9);
    assert!(full[0].metric("cost.officers").unwrap() > base[0].metric("cost.officers").unwrap());
}

#[test]
fn information_levers_without_a_crime_model_warn() {
    let s = shipped(
        "scenarios/bench/reference-dispatch.toml",
        &["informants.eat=3"],
    );
    assert!(
        s.warnings
            .iter()
            .any(|w| w.path == "informants" && w.message.contains("no [crime]")),
        "{:?}",
        s.warnings
    );
    let plain = shipped("scenarios/bench/reference-dispatch.toml", &[]);
    assert!(plain.warnings.iter().all(|w| w.path != "informants"));
}
