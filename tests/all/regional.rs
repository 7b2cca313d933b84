//! Regional linkage (issue 7, in part): identifications across jurisdictions
//! and beyond the county lead to arrests only as far as police cooperate.

use super::*;
use patrolsim::experiment;
use patrolsim::model::Model;

fn totals(set: &[&str]) -> impl Fn(&str) -> f64 {
    let mut all = vec!["scenario.horizon_days=180", "crime.roaming_per_day=10"];
    all.extend_from_slice(set);
    let s = shipped("scenarios/county.toml", &all);
    let (m, _) = Model::new(&s).unwrap();
    let r = experiment::replicate(&m, 5, 3, false);
    move |name: &str| r.runs.iter().map(|x| x.metric(name).unwrap()).sum::<f64>()
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
}
