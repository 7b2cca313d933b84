//! `[deployment]`: how unit groups patrol unless they say otherwise.

use crate::scenario::keys::{TableDoc, choice, num};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{POLICIES, POLICY_VALUES, PatrolPolicy};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DeploymentSpec {
    pub patrol_share: f64,
    pub patrol: PatrolPolicy,
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
            "patrol policy (model.md §8.4): `\"hotspot\"` heads for places where crime was reported recently; `\"stakeout\"` waits unseen at such a place for `enforcement.stakeout_min`, then chooses again",
        ),
    ],
    extra: None,
};

pub(crate) fn read_deployment(r: &mut Reader, top: &mut Tbl) -> DeploymentSpec {
    let mut dep = r.table(top, "deployment", &DEPLOYMENT);
    let deployment = DeploymentSpec {
        patrol_share: r.num(&mut dep, "patrol_share"),
        patrol: POLICY_VALUES[r.pick(&mut dep, "patrol")],
    };
    r.finish(dep);
    deployment
}
