//! Police numbers (issue 13; docs/levers.md, "Police numbers"): every unit
//! group of the county doubled, measured as the police-elasticity studies
//! measured it — the elasticity of completed crime to the number of
//! officers, ln(C₂ ÷ C₁) ÷ ln 2, at steady state — against B15's
//! −0.17 … −0.45 (Chalfin & McCrary 2018; Draca, Machin & Witt 2011),
//! with the default sanctions and with incapacitation switched off
//! (one-day sentences). And the same officers deployed where the natural
//! experiments put theirs (B15b: guard posts, the Mall, central London):
//! the added units make Koper stops at their jurisdiction's hot spots.

use super::*;
use patrolsim::RunResult;

/// The county's units, every group doubled (its random patrol, its
/// stations, its foot beat).
const DOUBLED: &str = "units=[\
    {jurisdiction=\"centre\",type=\"car\",count=8,shift=\"24x7\"},\
    {jurisdiction=\"north\",type=\"car\",count=6},\
    {jurisdiction=\"south\",type=\"car\",count=6},\
    {jurisdiction=\"west\",type=\"car\",count=4},\
    {jurisdiction=\"east\",type=\"car\",count=4},\
    {name=\"town-foot\",jurisdiction=\"centre\",type=\"foot\",count=4,shift=\"day\",patrol_share=1.0,patrol=\"beat\",beat=[[8,8],[8,12],[12,12],[12,8]]}]";

/// The county's units as shipped, and as many again making Koper stops
/// at the hot spots of their jurisdiction (`patrol = "koper"`).
const DOUBLED_AT_HOT_SPOTS: &str = "units=[\
    {jurisdiction=\"centre\",type=\"car\",count=4,shift=\"24x7\"},\
    {jurisdiction=\"north\",type=\"car\",count=3},\
    {jurisdiction=\"south\",type=\"car\",count=3},\
    {jurisdiction=\"west\",type=\"car\",count=2},\
    {jurisdiction=\"east\",type=\"car\",count=2},\
    {name=\"town-foot\",jurisdiction=\"centre\",type=\"foot\",count=2,shift=\"day\",patrol_share=1.0,patrol=\"beat\",beat=[[8,8],[8,12],[12,12],[12,8]]},\
    {name=\"centre-extra\",jurisdiction=\"centre\",type=\"car\",count=4,shift=\"24x7\",patrol=\"koper\"},\
    {name=\"north-extra\",jurisdiction=\"north\",type=\"car\",count=3,patrol=\"koper\"},\
    {name=\"south-extra\",jurisdiction=\"south\",type=\"car\",count=3,patrol=\"koper\"},\
    {name=\"west-extra\",jurisdiction=\"west\",type=\"car\",count=2,patrol=\"koper\"},\
    {name=\"east-extra\",jurisdiction=\"east\",type=\"car\",count=2,patrol=\"koper\"},\
    {name=\"town-foot-extra\",jurisdiction=\"centre\",type=\"foot\",count=2,shift=\"day\",patrol_share=1.0,patrol=\"koper\"}]";

/// Incapacitation switched off: every arrest is followed by one day away.
const ONE_DAY: [&str; 2] = ["sanctions.preset=uniform", "crime.sentence_days=1"];

/// A county-year, 6 replications, master seed 14 (as `compare --seed 14`).
fn year(set: &[&str]) -> Vec<RunResult> {
    let mut all = vec!["scenario.horizon_days=365"];
    all.extend_from_slice(set);
    replicate("scenarios/county.toml", &all, 14, 6).runs
}

/// The base and the doubled county under the sanctions `sanctions`: the
/// police elasticity of completed crime, and the ratio of arrests.
fn doubling(sanctions: &[&str], units: &str) -> (f64, f64) {
    let base = year(sanctions);
    let mut set = sanctions.to_vec();
    set.push(units);
    let double = year(&set);
    let c = total(&double, "crimes_completed") / total(&base, "crimes_completed");
    let a = total(&double, "arrests") / total(&base, "arrests");
    (c.ln() / 2f64.ln(), a)
}

const B15: std::ops::RangeInclusive<f64> = -0.45..=-0.17;

/// Issue 13's criterion: the county's own deployment doubled, with the
/// default sanctions and with one-day sentences. Fails with one-day
/// sentences, and sits on the edge with the default ones: the county's
/// added units drive at random (a pass deters almost nothing, B3; more
/// random patrol, little effect, B1) or stand by at their stations, so the
/// doubling acts through faster response, more arrests and prison, not
/// deterrence (levers.md, "Police numbers").
#[test]
#[ignore = "known gap (model vs evidence, not run by CI; scripts/known-gaps.sh): elasticity -0.088 with one-day sentences (6 replications, seed 14; compare: -0.085, and -0.106 with 12 replications, seed 11), outside B15's -0.17 ... -0.45, arrests +14 % where COPS hiring found them falling with crime; default sanctions on the edge, -0.187 here and -0.169 (compare, 12 replications, seed 11); the same officers at hot spots give -0.31 ... -0.41 (levers.md, police numbers)"]
fn known_gap_doubling_every_unit_group_has_the_published_police_elasticity() {
    let (d, da) = doubling(&[], DOUBLED);
    let (o, oa) = doubling(&ONE_DAY, DOUBLED);
    eprintln!("default {d:.3} (arrests × {da:.3}); one-day {o:.3} (arrests × {oa:.3})");
    assert!(B15.contains(&d), "default sanctions: elasticity {d:.3}");
    assert!(B15.contains(&o), "one-day sentences: elasticity {o:.3}");
}

/// The natural experiments behind B15 put their added officers at places
/// (B15b), and the hiring studies that could count arrests found them
/// falling with crime (COPS; Levitt 1998: deterrence, not
/// incapacitation). Doubled so, with both sanctions, the elasticity lands
/// in B15's range and arrests do not rise (at most +2 %, a tolerance for
/// "not more"). Measured here −0.41 and −0.36, arrests +1.0 % both
/// (2026-11-30); with `compare` (scenarios/police-numbers.toml) −0.35 and
/// −0.31, arrests −2.3 % and −0.3 % (seed 14), −0.37 and −0.35, arrests
/// +1.0 % and +0.7 % (12 replications, seed 11).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn doubled_officers_at_hot_spots_have_the_published_police_elasticity_without_more_arrests() {
    for sanctions in [&[][..], &ONE_DAY[..]] {
        let (e, a) = doubling(sanctions, DOUBLED_AT_HOT_SPOTS);
        eprintln!("{sanctions:?}: elasticity {e:.3}, arrests × {a:.3}");
        assert!(B15.contains(&e), "{sanctions:?}: elasticity {e:.3}");
        assert!(a <= 1.02, "{sanctions:?}: arrests × {a:.3}");
    }
}
