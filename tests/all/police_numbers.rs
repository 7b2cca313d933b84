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

/// The comparison file whose strategies these tests measure: `doubled`
/// (every group doubled, deployed as the county deploys its own) and
/// `doubled_at_hot_spots` (as many again making Koper stops at their
/// jurisdiction's hot spots).
const FILE: &str = "scenarios/police-numbers.toml";

/// Incapacitation switched off: every arrest is followed by one day away.
const ONE_DAY: [&str; 2] = ["sanctions.preset=uniform", "crime.sentence_days=1"];

/// A county-year from the shipped steady state, 6 replications, master
/// seed 14: the file's base, or one of its strategies.
fn year(strategy: Option<&str>, sanctions: &[&str]) -> Vec<RunResult> {
    let mut set = vec!["scenario.horizon_days=365", STATIONARY];
    set.extend_from_slice(sanctions);
    let s = match strategy {
        None => shipped(FILE, &set),
        Some(name) => shipped_strategy(FILE, name, &set),
    };
    let (m, _) = patrolsim::model::Model::new(&s).unwrap();
    patrolsim::experiment::replicate(&m, 14, 6, false).runs
}

/// The base and the strategy under the sanctions `sanctions`: the police
/// elasticity of completed crime, and the ratio of arrests.
fn doubling(sanctions: &[&str], strategy: &str) -> (f64, f64) {
    let base = year(None, sanctions);
    let double = year(Some(strategy), sanctions);
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
#[ignore = "known gap (model vs evidence, not run by CI; scripts/known-gaps.sh): 2026-12-01 (Poisson number of careers at the start, 6 replications, seed 14): default sanctions -0.150, one-day sentences -0.095, both outside B15; before it, elasticity -0.088 with one-day sentences (6 replications, seed 14; compare: -0.085, and -0.106 with 12 replications, seed 11), outside B15's -0.17 ... -0.45, arrests +14 % where COPS hiring found them falling with crime; default sanctions on the edge, -0.187 here and -0.169 (compare, 12 replications, seed 11); the same officers at hot spots give -0.31 ... -0.41 (levers.md, police numbers)"]
fn known_gap_doubling_every_unit_group_has_the_published_police_elasticity() {
    let (d, da) = doubling(&[], "doubled");
    let (o, oa) = doubling(&ONE_DAY, "doubled");
    eprintln!("default {d:.3} (arrests × {da:.3}); one-day {o:.3} (arrests × {oa:.3})");
    assert!(B15.contains(&d), "default sanctions: elasticity {d:.3}");
    assert!(B15.contains(&o), "one-day sentences: elasticity {o:.3}");
}

/// The natural experiments behind B15 put their added officers at places
/// (B15b). Doubled so, with both sanctions, the elasticity lands in B15's
/// range. Measured from the shipped steady state (2026-11-30, 6
/// replications, seed 14): default sanctions −0.374, one-day sentences
/// −0.329.
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn doubled_officers_at_hot_spots_have_the_published_police_elasticity() {
    for sanctions in [&[][..], &ONE_DAY[..]] {
        let (e, a) = doubling(sanctions, "doubled_at_hot_spots");
        eprintln!("{sanctions:?}: elasticity {e:.3}, arrests × {a:.3}");
        assert!(B15.contains(&e), "{sanctions:?}: elasticity {e:.3}");
    }
}

/// The hiring studies that could count arrests found them falling with
/// crime (COPS; Levitt 1998: deterrence, not incapacitation): doubled at
/// the hot spots, arrests must not rise (at most +2 %, a tolerance for
/// "not more"). From the empty start (a transient year) this passed
/// (+1.0 %); from the shipped steady state, default sanctions, arrests
/// rise 4.4 % (one-day sentences ×0.995; 2026-11-30, 6 replications,
/// seed 14).
#[test]
#[ignore = "known gap (model vs evidence, not run by CI; scripts/known-gaps.sh): doubled at the hot spots from the steady state, arrests x1.039 (2026-12-01; x1.044 on 2026-11-30) with the default sanctions (passed at x1.010 only from the empty start); COPS found arrests falling with crime (references.md B15b)"]
fn known_gap_doubled_officers_at_hot_spots_cut_crime_without_more_arrests() {
    for sanctions in [&[][..], &ONE_DAY[..]] {
        let (e, a) = doubling(sanctions, "doubled_at_hot_spots");
        eprintln!("{sanctions:?}: elasticity {e:.3}, arrests × {a:.3}");
        assert!(a <= 1.02, "{sanctions:?}: arrests × {a:.3}");
    }
}
