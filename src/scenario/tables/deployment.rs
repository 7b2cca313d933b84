//! `[deployment]`: how unit groups patrol unless they say otherwise.

use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{POLICIES, POLICY_VALUES, PatrolPolicy};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DeploymentSpec {
    pub patrol_share: f64,
    pub patrol: PatrolPolicy,
}

pub(crate) fn read_deployment(r: &mut Reader, top: &mut Tbl) -> DeploymentSpec {
    let mut dep = r
        .sub(top, "deployment")
        .unwrap_or_else(|| Tbl::empty("deployment".into()));
    let deployment = DeploymentSpec {
        patrol_share: r.f64(&mut dep, "patrol_share", 0.0, Check::Share),
        patrol: POLICY_VALUES[r.choice(&mut dep, "patrol", 0, &POLICIES)],
    };
    r.finish(dep);
    deployment
}
