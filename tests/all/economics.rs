//! Costs and benefits: items add up by item and by payer, scale with the
//! horizon, change nothing but cost, and compare reports benefit, net
//! benefit and the benefit-cost ratio against the baseline.

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
    let payers: f64 = ["public", "households", "businesses"]
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
    // Who benefits, pays: locks, alarms and cameras fall on households by default.
    assert_eq!(
        g("cost_by_payer.households"),
        g("cost.locks") + g("cost.alarms") + g("cost.cameras")
    );
    let twice = run(&["scenario.horizon_days=60", "scenario.warmup_days=0"]);
    assert!(
        (twice.metric("cost_total").unwrap() - 2.0 * g("cost_total")).abs()
            < 1e-6 * g("cost_total")
    );
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
    let bcr = d["benefit_cost_ratio"]["mean"].as_f64().unwrap();
    assert!(
        (bcr - benefit / extra).abs() < 1e-6 * (1.0 + bcr.abs()),
        "{bcr} vs {}",
        benefit / extra
    );
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn compare_reports_benefit_and_cost_effectiveness() {
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
