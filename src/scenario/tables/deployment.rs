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
    };
    r.finish(dep);
    deployment
}
