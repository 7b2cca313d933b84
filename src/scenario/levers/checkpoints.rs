//! `[[checkpoints]]`: staffed checkpoints (卡口) at nodes.

use crate::scenario::doc::Val;
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{NodeRef, node_ref};
use serde::Serialize;

/// A checkpoint (卡口) at a node, staffed some hours of each day.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointSpec {
    pub node: NodeRef,
    pub start_hour: f64,
    pub hours: f64,
    /// Officers on the post while it is staffed.
    pub officers: u32,
    /// Chance that an offender passing with loot is checked and caught.
    pub check_share: f64,
    /// Share of offenders who know of the post and drive around it (a detour
    /// of `detour_min`) instead of passing it.
    pub known_share: f64,
    pub detour_min: f64,
    /// Vehicles (taxis, suspect cars) leaving through the post are
    /// registered: a later investigation of a crime by an offender who
    /// passed it gains this much identification chance.
    pub registration_identify: f64,
}

pub(crate) fn read_checkpoints(r: &mut Reader, top: &mut Tbl) -> Vec<CheckpointSpec> {
    let mut out = Vec::new();
    let path = top.key_path("checkpoints");
    r.fill(top, "checkpoints", Val::Array(vec![]));
    let Some(items) = r.array(top, "checkpoints") else {
        return out;
    };
    for (i, n) in items.iter().enumerate() {
        let Some(mut t) = r.as_table(n, format!("{path}[{i}]")) else {
            continue;
        };
        let np = t.key_path("node");
        let node = match r.get(&mut t, "node") {
            Some(x) => node_ref(r, &np, x).unwrap_or(NodeRef::Id(0)),
            None => {
                r.missing(
                    &t,
                    "node",
                    "the checkpoint's node: [row, col] or a node number",
                );
                NodeRef::Id(0)
            }
        };
        let c = CheckpointSpec {
            node,
            start_hour: r.f64(&mut t, "start_hour", 0.0, Check::Range(0.0, 23.99)),
            hours: r.f64(&mut t, "hours", 24.0, Check::Range(0.25, 24.0)),
            officers: r.int(&mut t, "officers", 2, 0, 1000) as u32,
            check_share: r.f64(&mut t, "check_share", 0.3, Check::Share),
            known_share: r.f64(&mut t, "known_share", 0.0, Check::Share),
            detour_min: r.f64(&mut t, "detour_min", 5.0, Check::NonNeg),
            registration_identify: r.f64(&mut t, "registration_identify", 0.1, Check::Share),
        };
        r.finish(t);
        out.push(c);
    }
    out
}
