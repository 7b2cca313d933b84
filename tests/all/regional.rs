//! Regional linkage (issue 7, in part): identifications across jurisdictions
//! and beyond the county lead to arrests only as far as police cooperate.

use super::*;
use patrolsim::model::Model;

fn totals(set: &[&str]) -> impl Fn(&str) -> f64 + use<> {
    let mut all = vec!["scenario.horizon_days=180", "crime.roaming_per_day=10"];
    all.extend_from_slice(set);
    let r = replicate("scenarios/county.toml", &all, 5, 3);
    move |name: &str| total(&r.runs, name)
}

#[test]
fn cooperation_decides_arrests_across_jurisdictions_and_counties() {
    let none = totals(&["regional.cooperation=0", "regional.outside_cooperation=0"]);
    let full = totals(&["regional.cooperation=1", "regional.outside_cooperation=0.8"]);
    assert!(
        none("identifications.cross_jurisdiction") > 0.0,
        "identifications across jurisdictions happen"
    );
    assert_eq!(
        none("arrests.cross_jurisdiction"),
        0.0,
        "no cooperation, no arrest elsewhere"
    );
    assert!(full("arrests.cross_jurisdiction") > 0.0);
    assert!(
        none("identifications.outside_county") > 0.0,
        "roaming offenders are identified after they left"
    );
    assert_eq!(none("arrests.outside_county"), 0.0);
    assert!(full("arrests.outside_county") > 0.0);
    assert!(full("crimes_cleared") > none("crimes_cleared"));
    // A pair override applies both ways and only to its pair.
    let s = shipped(
        "scenarios/county.toml",
        &[
            "regional.cooperation=0.2",
            "regional.pairs=[{ a = \"north\", b = \"centre\", cooperation = 0.9 }]",
        ],
    );
    assert_eq!(s.regional.between(1, 0), 0.9);
    assert_eq!(s.regional.between(0, 1), 0.9);
    assert_eq!(s.regional.between(1, 2), 0.2);
    assert_eq!(s.regional.between(3, 3), 1.0);
    let e = patrolsim::scenario::load(
        &root().join("scenarios/county.toml"),
        &["regional.pairs=[{ a = \"centre\", b = \"centre\", cooperation = 0.5 }]".to_string()],
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("two different jurisdictions"), "{e}");
}

#[test]
fn cooperation_governs_answering_calls_across_boundaries() {
    let base = [
        "scenario.horizon_days=60",
        "dispatch.cross_boundary=\"nearest\"",
    ];
    let run = |extra: &[&str]| {
        let mut set = base.to_vec();
        set.extend_from_slice(extra);
        let s = shipped("scenarios/county.toml", &set);
        let (m, _) = Model::new(&s).unwrap();
        m.run(7)
    };
    let open = run(&["regional.cooperation=0.3"]);
    let closed = run(&[
        "regional.cooperation=0.3",
        "regional.cross_dispatch_min=0.5",
    ]);
    let across = |r: &patrolsim::model::RunResult| r.metric("calls_answered_across_boundary");
    assert!(
        across(&open).unwrap() > 0.0,
        "nearest units cross boundaries"
    );
    assert_eq!(
        across(&closed),
        Some(0.0),
        "cooperation 0.3 < 0.5: nobody crosses"
    );
    // A pair cooperating above the threshold crosses again.
    let pair = run(&[
        "regional.cooperation=0.3",
        "regional.cross_dispatch_min=0.5",
        "regional.pairs=[{ a = \"north\", b = \"centre\", cooperation = 0.9 }]",
    ]);
    assert!(across(&pair).unwrap() > 0.0);
    assert!(across(&pair).unwrap() < across(&open).unwrap());
    // Default: the threshold is 0, nothing changes.
    let default = run(&[]);
    let zero = run(&["regional.cross_dispatch_min=0"]);
    assert_eq!(default.metrics, zero.metrics);
}

#[test]
fn checkpoints_share_alerts_for_wanted_offenders_as_far_as_cooperation_goes() {
    // Posts on every side of the county, staffed all day and checking most
    // people who pass.
    let posts = "checkpoints=[\
        { node = [0, 10], hours = 24, officers = 2, check_share = 0.8 },\
        { node = [20, 10], hours = 24, officers = 2, check_share = 0.8 },\
        { node = [10, 0], hours = 24, officers = 2, check_share = 0.8 },\
        { node = [10, 20], hours = 24, officers = 2, check_share = 0.8 },\
        { node = [10, 10], hours = 24, officers = 2, check_share = 0.8 }]";
    let shared = totals(&[
        posts,
        "regional.cooperation=0.3",
        "regional.share_alerts=true",
    ]);
    let kept = totals(&[
        posts,
        "regional.cooperation=0.3",
        "regional.share_alerts=false",
    ]);
    assert!(
        kept("offenders_wanted") > 0.0,
        "failed cross arrests leave wanted offenders"
    );
    assert!(
        shared("arrests.wanted") > kept("arrests.wanted"),
        "shared alerts catch more wanted offenders: {} vs {}",
        shared("arrests.wanted"),
        kept("arrests.wanted")
    );
    // Full cooperation: every identification leads to an arrest, nobody is wanted.
    let full = totals(&[posts, "regional.cooperation=1"]);
    assert_eq!(full("offenders_wanted"), 0.0);
    assert_eq!(full("arrests.wanted"), 0.0);
}

#[test]
fn enforcement_checks_catch_wanted_offenders_too() {
    let set = [
        "regional.cooperation=0.2",
        "enforcement.stop_check_per_hour=2",
        "enforcement.stop_check_catch=0.8",
    ];
    let with = totals(&set);
    assert!(with("offenders_wanted") > 0.0);
    assert!(
        with("arrests.wanted") > 0.0,
        "no checkpoints here: wanted offenders are caught by stop-and-check"
    );
    let without = totals(&["regional.cooperation=0.2"]);
    assert_eq!(without("arrests.wanted"), 0.0, "neither posts nor checks");
}
