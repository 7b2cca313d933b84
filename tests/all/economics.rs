//! Costs and benefits: items add up by item and by payer, scale with the
//! horizon, change nothing but cost; prison, arrests and false alarms are
//! priced; price sets switch currency and prices; and compare reports
//! benefit (split into harm to victims and public services), net benefit
//! and the benefit-cost ratio against the baseline.

use super::*;
use patrolsim::experiment;
use patrolsim::model::Model;

fn run(set: &[&str]) -> patrolsim::RunResult {
    let s = shipped("scenarios/county.toml", set);
    let (m, _) = Model::new(&s).unwrap();
    experiment::run_one(&m, 3)
}

#[test]
fn costs_add_up_by_item_and_by_payer_and_scale_with_the_horizon() {
    let r = run(&["scenario.horizon_days=30", "scenario.warmup_days=0"]);
    let g = |m: &str| r.metric(m).unwrap();
    let items: f64 = patrolsim::scenario::economics::ITEMS
        .iter()
        .map(|i| g(&format!("cost.{i}")))
        .sum();
    let payers: f64 = patrolsim::scenario::economics::PAYERS
        .iter()
        .map(|p| g(&format!("cost_by_payer.{p}")))
        .sum();
    assert!((items - g("cost_total")).abs() < 1e-6 * items);
    assert!((payers - g("cost_total")).abs() < 1e-6 * items);
    // Officers through the roster: 134.1 officers × 60,000 a year × 30/365.
    let officers = g("officers_needed") * 60_000.0 * 30.0 / 365.0;
    assert!((g("cost.officers") - officers).abs() < 1e-6 * officers);
    assert!((g("cost.vehicles") - 14.0 * 15_000.0 * 30.0 / 365.0).abs() < 1e-6);
    // Regional cooperation: the county's 10 pairs cooperate at the status
    // quo (1, the default) and buy no programme: it costs nothing.
    assert_eq!(g("cost.regional"), 0.0);
    assert_eq!(g("cost.platform"), 0.0);
    let weak = run(&[
        "scenario.horizon_days=30",
        "scenario.warmup_days=0",
        "regional.cooperation=0.2",
        "regional.outside_cooperation=0.5",
        "economics.platform_cost_per_year=150000",
    ]);
    let w = |m: &str| weak.metric(m).unwrap();
    // Less cooperation than the status quo saves nothing; the neighbours'
    // 0.5 is above their status quo of 0.
    assert!((w("cost.regional") - 0.5 * 20_000.0 * 30.0 / 365.0).abs() < 1e-6);
    assert!((w("cost.platform") - 150_000.0 * 30.0 / 365.0).abs() < 1e-6);
    // A county whose status quo is 0.3 that buys 0.8 (and 0.9 for one pair)
    // pays for the difference: 9 pairs × 0.5 + 1 pair × 0.6.
    let bought = run(&[
        "scenario.horizon_days=30",
        "scenario.warmup_days=0",
        "regional.status_quo_cooperation=0.3",
        "regional.cooperation=0.8",
        "regional.pairs=[{ a = \"north\", b = \"centre\", cooperation = 0.9 }]",
        "regional.status_quo_outside_cooperation=0.2",
        "regional.outside_cooperation=0.5",
    ]);
    let regional = ((9.0 * 0.5 + 0.6) * 10_000.0 + 0.3 * 20_000.0) * 30.0 / 365.0;
    let got = bought.metric("cost.regional").unwrap();
    assert!((got - regional).abs() < 1e-6, "{got} vs {regional}");
    // Prison and court cases fall on the justice system.
    assert!((g("cost_by_payer.justice") - g("cost.prison") - g("cost.courts")).abs() < 1e-6);
    // Who benefits, pays: locks, alarms and cameras fall on households by default.
    assert_eq!(
        g("cost_by_payer.households"),
        g("cost.locks") + g("cost.alarms") + g("cost.cameras")
    );
    // What the settings buy scales with the horizon; prison, arrests,
    // false alarms and court cases are priced by the events of the run.
    let twice = run(&["scenario.horizon_days=60", "scenario.warmup_days=0"]);
    let fixed = |r: &patrolsim::RunResult| {
        let m = |k: &str| r.metric(k).unwrap();
        m("cost_total")
            - m("cost.prison")
            - m("cost.arrests")
            - m("cost.false_alarms")
            - m("cost.courts")
    };
    assert!((fixed(&twice) - 2.0 * fixed(&r)).abs() < 1e-6 * fixed(&r));
}

#[test]
fn prices_change_cost_but_not_crime() {
    let a = run(&["scenario.horizon_days=30"]);
    let b = run(&[
        "scenario.horizon_days=30",
        "economics.officer_cost_per_year=90000",
        "economics.payer.locks=\"public\"",
    ]);
    for (x, y) in a.metrics.iter().zip(&b.metrics) {
        if !x.0.starts_with("cost") {
            assert_eq!(x, y, "{} changed with prices only", x.0);
        }
    }
    assert!(b.metric("cost.officers").unwrap() > 1.4 * a.metric("cost.officers").unwrap());
    assert_eq!(
        b.metric("cost_by_payer.households").unwrap(),
        a.metric("cost.alarms").unwrap() + a.metric("cost.cameras").unwrap()
    );
}

/// A comparison of the county (120 days, 4 replications) with twice its cars.
fn double_cars() -> Scratch {
    Scratch::new(
        "c.toml",
        &extending(
            "scenarios/county.toml",
            "[scenario]\nhorizon_days = 120\nreplications = 4\n[strategies.double_cars]\nunits = [{ jurisdiction = \"centre\", type = \"car\", count = 8 }, { jurisdiction = \"north\", type = \"car\", count = 6 }, { jurisdiction = \"south\", type = \"car\", count = 6 }, { jurisdiction = \"west\", type = \"car\", count = 4 }, { jurisdiction = \"east\", type = \"car\", count = 4 }]\n",
        ),
    )
}

/// `patrolsim compare` of that file, 2 replications of 10 days.
fn short_compare(c: &Scratch, extra: &[&str]) -> Output {
    let mut args = vec![
        "compare",
        &c.file,
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=10",
    ];
    args.extend_from_slice(extra);
    patrolsim(&args)
}

/// Net benefit is benefit less extra cost, and the benefit-cost ratio their
/// quotient, in a `compare --format json` difference.
fn benefit_adds_up(d: &serde_json::Value) {
    let extra = d["cost_total"]["mean"].as_f64().unwrap();
    assert!(extra > 0.0, "more cars cost more");
    let benefit = d["benefit"]["mean"].as_f64().unwrap();
    let net = d["net_benefit"]["mean"].as_f64().unwrap();
    assert!((net - (benefit - extra)).abs() < 1e-6 * extra.max(1.0));
    // The benefit is the harm to victims and the public-service costs avoided.
    let parts = d["benefit.victims"]["mean"].as_f64().unwrap()
        + d["benefit.public_services"]["mean"].as_f64().unwrap();
    assert!((parts - benefit).abs() < 1e-6 * (1.0 + benefit.abs()));
    // The ratio is the mean of the replications' ratios; the extra cost
    // varies a little between them (prison and arrests), so it is close
    // to, not equal to, the ratio of the means.
    let bcr = d["benefit_cost_ratio"]["mean"].as_f64().unwrap();
    assert!(
        (bcr - benefit / extra).abs() < 0.02 * (1e-3 + bcr.abs()),
        "{bcr} vs {}",
        benefit / extra
    );
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn compare_reports_benefit_and_cost_effectiveness() {
    // From the empty start: the benefit's arithmetic and the table are tested, not a level.
    let c = double_cars();
    let v = json_of(&patrolsim(&["compare", &c.file, "--format", "json"]));
    let d = &v["differences"]["double_cars"];
    benefit_adds_up(d);
    assert!(d["cost_per_crime_prevented"]["mean"].as_f64().unwrap() > 0.0);
    assert!(d["benefit"]["ci95_low"].is_number());
    let table = stdout(&short_compare(&c, &[]));
    assert!(
        table.contains("benefit cost ratio") && table.contains("net benefit"),
        "{table}"
    );
}

/// The quick, exact part of the test above (slow tier): in a short
/// comparison, too, net benefit and the benefit-cost ratio follow from
/// benefit and extra cost, and the table shows them.
#[test]
fn compare_benefit_and_its_ratio_add_up_in_a_short_run() {
    let c = double_cars();
    let o = short_compare(&c, &["--format", "json"]);
    benefit_adds_up(&json_of(&o)["differences"]["double_cars"]);
    let table = stdout(&short_compare(&c, &[]));
    assert!(
        table.contains("benefit cost ratio") && table.contains("net benefit"),
        "{table}"
    );
}

/// An officer-hour of the county: 60,000 a year ÷ 1,960 productive hours.
const HOUR: f64 = 60_000.0 / 1_960.0;

#[test]
fn cost_total_includes_prison_arrests_and_false_alarms_at_their_prices() {
    let r = run(&["scenario.horizon_days=60", "scenario.warmup_days=0"]);
    let g = |m: &str| r.metric(m).unwrap();
    let years = 60.0 / 365.0;
    // Prisoner-years (the mean prison population over the measured time)
    // at 35,000 a prisoner-year (F2), paid by the justice system.
    let prison = g("offenders_in_prison_mean") * years * 35_000.0;
    assert!(prison > 0.0);
    assert!((g("cost.prison") - prison).abs() < 1e-6 * prison);
    // Every arrest pays custody (300); the 5 officer-hours of an arrest no
    // responding unit is held for are priced; those of the responding
    // units are in `cost.officers` already (no double counting).
    let unheld = g("arrests") - g("arrests.response");
    let arrests = g("arrests") * 300.0 + unheld * 5.0 * HOUR;
    assert!(g("arrests.response") > 0.0 && unheld > 0.0);
    assert!((g("cost.arrests") - arrests).abs() < 1e-6 * arrests);
    // Households per model target: 400,000 people ÷ 2.62 a household ÷ the
    // model's households; locks, alarms and cameras are priced per real one.
    let hpt = 400_000.0 / 2.62 / g("targets_households");
    assert!((g("households_per_target") - hpt).abs() < 1e-9 * hpt);
    let locks = g("targets_locked") * hpt * 15.0 * years;
    assert!((g("cost.locks") - locks).abs() < 1e-6 * locks);
    // False alarms cost something: the county's alarms give hpt times the
    // model's false alarms; those the model does not dispatch take an
    // officer-hour each.
    let false_alarms = g("false_alarm_calls") * (hpt - 1.0) * HOUR;
    assert!(false_alarms > 0.0);
    assert!((g("cost.false_alarms") - false_alarms).abs() < 1e-6 * false_alarms);
    let none = run(&[
        "scenario.horizon_days=60",
        "scenario.warmup_days=0",
        "places.alarm_share=0",
    ]);
    assert_eq!(none.metric("cost.false_alarms"), Some(0.0));
    // The social cost splits into harm to victims, public services and the
    // response to crime (police, justice), which the benefit leaves out.
    let parts =
        g("social_cost.victims") + g("social_cost.public_services") + g("social_cost.response");
    assert!((parts - g("social_cost")).abs() < 1e-6 * g("social_cost"));
    assert!(g("social_cost.response") > 0.1 * g("social_cost"));
}

#[test]
fn a_lever_that_adds_only_arrests_shows_the_price_of_those_arrests() {
    // Catching more offenders in the act adds arrests (and prison and court
    // cases); every other item costs the same to the penny. From the empty
    // start: the stationary one's pilots would see the lever too and start
    // another prison.
    let set = [
        "scenario.horizon_days=60",
        "scenario.warmup_days=0",
        "crime.start_state=\"empty\"",
    ];
    let base = run(&set);
    let more = run(&[set[0], set[1], set[2], "crime.in_act_catch=0.9"]);
    let d = |m: &str| more.metric(m).unwrap() - base.metric(m).unwrap();
    assert!(d("arrests.in_act") > 10.0, "{}", d("arrests.in_act"));
    let unheld = d("arrests") - d("arrests.response");
    let price = d("arrests") * 300.0 + unheld * 5.0 * HOUR;
    assert!((d("cost.arrests") - price).abs() < 1e-6 * price.abs().max(1.0));
    assert!(d("cost.arrests") > 0.0 && d("cost.prison") > 0.0);
    let rest = d("cost_total") - d("cost.arrests") - d("cost.prison") - d("cost.courts");
    assert!(
        rest.abs() < 1e-6,
        "only arrests, prison and court cases changed cost: {rest}"
    );
}

#[test]
fn an_arrest_on_response_keeps_the_responding_unit_busy() {
    let set = ["scenario.horizon_days=60", "scenario.warmup_days=0"];
    let free = run(&[set[0], set[1], "crime.arrest_hours=0"]);
    let held = run(&[set[0], set[1], "crime.arrest_hours=20"]);
    let g = |r: &patrolsim::RunResult, m: &str| r.metric(m).unwrap();
    // 20 hours per response arrest on scene, give or take the calls and
    // arrests that differ once units are held.
    let extra = g(&held, "unit_hours.on_scene") - g(&free, "unit_hours.on_scene");
    let expected = 20.0 * g(&held, "arrests.response");
    assert!(
        extra > 0.7 * expected && extra < 1.3 * expected,
        "{extra} more on-scene hours, expected about {expected}"
    );
    assert!(g(&held, "busy_time_mean_min") > g(&free, "busy_time_mean_min"));
}

#[test]
fn a_price_set_changes_currency_and_prices_but_not_crime() {
    let set = ["scenario.horizon_days=30"];
    let uk = run(&set);
    let cn = run(&[set[0], "economics.preset=\"china-county-2019\""]);
    for (x, y) in uk.metrics.iter().zip(&cn.metrics) {
        if !x.0.starts_with("cost") && !x.0.starts_with("social_cost") {
            assert_eq!(x, y, "{} changed with the price set", x.0);
        }
    }
    let r = |m: &str| cn.metric(m).unwrap() / uk.metric(m).unwrap();
    assert!((r("cost.officers") - 150_000.0 / 60_000.0).abs() < 1e-9);
    assert!((r("cost.prison") - 60_000.0 / 35_000.0).abs() < 1e-9);
    // Crime costs transferred from the UK set by the factor 2.2.
    assert!((r("social_cost") - 2.2).abs() < 1e-9);
    // A price the scenario sets overrides its set's.
    let own = run(&[
        set[0],
        "economics.preset=\"china-county-2019\"",
        "economics.officer_cost_per_year=120000",
    ]);
    assert!(
        (own.metric("cost.officers").unwrap() / uk.metric("cost.officers").unwrap() - 2.0).abs()
            < 1e-9
    );
    let table = stdout(&patrolsim(&[
        "run",
        "-r",
        "1",
        "--set",
        "scenario.horizon_days=10",
        "--set",
        "economics.preset=\"china-county-2019\"",
    ]));
    assert!(table.contains("Cost (CNY"), "{table}");
}

#[test]
fn bad_economics_keys_are_refused_with_exit_2() {
    let o = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "economics.preset=\"mars\"",
    ]);
    refused(&o, "china-county-2019");
    let o = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "economics.household_size=0",
    ]);
    refused(&o, "economics.household_size");
    let o = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "economics.households_per_target=-2",
    ]);
    refused(&o, "economics.households_per_target");
    let o = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "crime.arrest_hours=-1",
    ]);
    refused(&o, "crime.arrest_hours");
    let o = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "crime.types.robbery.response_share=0.7",
        "--set",
        "crime.types.robbery.public_services_share=0.5",
    ]);
    refused(&o, "must be at most 1");
}

/// Every priced item declared in `scenario/economics.rs` costs something
/// in a scenario that uses it: the county with every priced lever on. An
/// item declared but charged by no `CostItem` fails the unit test
/// `every_declared_item_is_priced_by_exactly_one_cost_item`; one whose
/// cost reads a count nobody fills (a `Provided` field no lever sets, a
/// counter never counted) fails here. A new priced lever adds its settings
/// to its table's `EXAMPLE` (its scenario table file, `LeverTable`), which
/// `scenario::LEVER_EXAMPLES` lists.
#[test]
fn every_priced_item_costs_something_when_the_scenario_uses_it() {
    let mut all_on = vec![
        "scenario.horizon_days=20",
        "economics.platform_cost_per_year=150000",
        "units=[{ jurisdiction = \"centre\", type = \"car\", count = 4 }, \
         { jurisdiction = \"north\", type = \"car\", count = 3 }, \
         { jurisdiction = \"south\", type = \"car\", count = 3 }, \
         { name = \"volunteers-centre\", jurisdiction = \"centre\", type = \"volunteer\", count = 4, shift = \"day\" }]",
    ];
    all_on.extend(
        patrolsim::scenario::LEVER_EXAMPLES
            .iter()
            .flat_map(|e| e.iter()),
    );
    let all_on: &[&str] = &all_on;
    let s = shipped("scenarios/county.toml", all_on);
    let used = patrolsim::economics::items_used(&s);
    let r = run(all_on);
    for (i, name) in patrolsim::scenario::economics::ITEMS.iter().enumerate() {
        assert!(
            used[i],
            "`{name}` is not used here: give its lever table an `EXAMPLE`"
        );
        let cost = r.metric(&format!("cost.{name}")).unwrap();
        assert!(
            cost > 0.0,
            "`cost.{name}` is {cost} though the scenario uses it"
        );
    }
}
