//! `[deployment]`: how unit groups patrol unless they say otherwise.

use crate::scenario::keys::{TableDoc, choice, num};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{POLICIES, POLICY_VALUES, PatrolPolicy};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DeploymentSpec {
    pub patrol_share: f64,
    pub patrol: PatrolPolicy,
    /// Koper stops: minutes per stop, and minutes before a hot spot is
    /// due for another.
    pub koper_stop_min: f64,
    pub koper_revisit_min: f64,
    /// Koper stops are made in the hours [start, end) of each day; an end
    /// past 24 runs past midnight (Minneapolis: 11 to 27, i.e. 03:00).
    pub koper_start_hour: f64,
    pub koper_end_hour: f64,
}

impl DeploymentSpec {
    /// Whether Koper stops are made at hour-of-day `h` (0–23).
    pub fn koper_hour(&self, h: usize) -> bool {
        let h = h as f64;
        let (a, b) = (self.koper_start_hour, self.koper_end_hour);
        (a..b).contains(&h) || (a..b).contains(&(h + 24.0))
    }
}

/// The keys of `[deployment]`.
pub static DEPLOYMENT: TableDoc = TableDoc {
    path: "deployment",
    about: "How unit groups patrol unless a group says otherwise (`units[]`).",
    keys: &[
        num(
            "patrol_share",
            0.0,
            Check::Share,
            "",
            "share of a group's units whose role is to patrol; the others stand by at their post",
        ),
        choice(
            "patrol",
            0,
            &POLICIES,
            "patrol policy (model.md §8.4): `\"hotspot\"` heads for places where crime was reported recently; `\"stakeout\"` waits unseen at such a place for `enforcement.stakeout_min`, then chooses again; `\"koper\"` makes visible stops of `koper_stop_min` at the fixed hot spots of its jurisdiction in random order (docs/crime.md §9)",
        ),
        num(
            "koper_stop_min",
            15.0,
            Check::Range(1.0, 240.0),
            "minutes",
            "length of a Koper stop (B4: 12–16 min in Sacramento; B3: best at 11–15), whole minutes",
        ),
        num(
            "koper_revisit_min",
            120.0,
            Check::NonNeg,
            "minutes",
            "a hot spot is not chosen for another Koper stop until this long after the last was chosen (B3, B4: about every 2 h); meanwhile the unit patrols at random",
        ),
        num(
            "koper_start_hour",
            0.0,
            Check::Range(0.0, 23.0),
            "hour",
            "Koper stops begin only from this whole hour of the day (B2, Minneapolis: 11, the treatment ran 11:00–03:00, the hours with most calls)",
        ),
        num(
            "koper_end_hour",
            24.0,
            Check::Range(1.0, 47.0),
            "hour",
            "Koper stops begin only before this whole hour; above 24 it runs past midnight (Minneapolis: 27, i.e. 03:00); must lie after `koper_start_hour` and at most 24 h after it",
        ),
    ],
    extra: None,
};

pub(crate) fn read_deployment(r: &mut Reader, top: &mut Tbl) -> DeploymentSpec {
    let mut dep = r.table(top, "deployment", &DEPLOYMENT);
    let deployment = DeploymentSpec {
        patrol_share: r.num(&mut dep, "patrol_share"),
        patrol: POLICY_VALUES[r.pick(&mut dep, "patrol")],
        koper_stop_min: r.num(&mut dep, "koper_stop_min").round(),
        koper_revisit_min: r.num(&mut dep, "koper_revisit_min"),
        koper_start_hour: r.num(&mut dep, "koper_start_hour").round(),
        koper_end_hour: r.num(&mut dep, "koper_end_hour").round(),
    };
    let (a, b) = (deployment.koper_start_hour, deployment.koper_end_hour);
    if b <= a || b - a > 24.0 {
        // The end key's own line if the file sets it, else the start's,
        // else the table's.
        let o = r
            .get(&mut dep, "koper_end_hour")
            .or_else(|| r.get(&mut dep, "koper_start_hour"))
            .map_or_else(|| dep.origin.clone(), |n| n.origin.clone());
        r.error(
            "deployment.koper_end_hour",
            &o,
            format!(
                "koper_end_hour ({b}) must lie after koper_start_hour ({a}) and at most 24 h after it (past midnight: add 24, e.g. 11 to 27 for 11:00–03:00)"
            ),
        );
    }
    r.finish(dep);
    deployment
}
