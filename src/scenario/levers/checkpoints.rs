//! `[[checkpoints]]`: staffed checkpoints (卡口) at nodes.

use super::{Context, LeverTable, root_key};
use crate::scenario::doc::Val;
use crate::scenario::keys::{Def, KeyDoc, Kind, TableDoc, int, key, num};
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
    /// Chance that an offender stopped at the post and let go learns it:
    /// from then on he always drives round it.
    pub learn_share: f64,
    /// Vehicles (taxis, suspect cars) leaving through the post are
    /// registered: a later investigation of a crime by an offender who
    /// passed it gains this much identification chance.
    pub registration_identify: f64,
}

/// The keys of each `[[checkpoints]]` table.
pub static CHECKPOINT: TableDoc = TableDoc {
    path: "checkpoints[]",
    about: "A checkpoint (卡口) at a node, staffed some hours of each day; its officers are \
            priced through the roster (`cost.checkpoints`).",
    keys: &[
        key(
            "node",
            Kind::Node,
            Def::Required,
            "",
            "where the post stands",
        ),
        num(
            "start_hour",
            0.0,
            Check::Range(0.0, 23.99),
            "hour of day",
            "staffing starts each day at this hour",
        ),
        num(
            "hours",
            24.0,
            Check::Range(0.25, 24.0),
            "hours",
            "staffed hours each day; may run past midnight",
        ),
        int(
            "officers",
            2,
            0,
            1000,
            "officers",
            "officers on the post while staffed; not counted in `officers_needed`; no effect on the catch chance",
        ),
        num(
            "check_share",
            0.3,
            Check::Share,
            "",
            "chance that an offender carrying loot through the staffed post is caught",
        ),
        num(
            "known_share",
            0.0,
            Check::Share,
            "",
            "chance, at each passage, that the offender knows of the post and drives round it: neither checked nor registered",
        ),
        num(
            "learn_share",
            0.5,
            Check::Share,
            "",
            "chance that an offender stopped at the post and let go learns where it is: afterwards he always drives round it (synthesis, 0–1; levers.md §4)",
        ),
        num(
            "detour_min",
            5.0,
            Check::NonNeg,
            "minutes",
            "time a detour costs",
        ),
        num(
            "registration_identify",
            0.1,
            Check::Share,
            "",
            "added to the identification chance of a crime whose offender was registered passing a post after it (the largest of any post)",
        ),
    ],
    extra: None,
};

pub(crate) fn read_checkpoints(r: &mut Reader, top: &mut Tbl) -> Vec<CheckpointSpec> {
    let mut out = Vec::new();
    let path = top.key_path("checkpoints");
    r.fill(top, "checkpoints", Val::Array(vec![]));
    let Some(items) = r.array(top, "checkpoints") else {
        return out;
    };
    for (i, n) in items.iter().enumerate() {
        let Some(t) = r.as_table(n, format!("{path}[{i}]")) else {
            continue;
        };
        let mut t = t.with_doc(&CHECKPOINT);
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
            start_hour: r.num(&mut t, "start_hour"),
            hours: r.num(&mut t, "hours"),
            officers: r.whole(&mut t, "officers") as u32,
            check_share: r.num(&mut t, "check_share"),
            known_share: r.num(&mut t, "known_share"),
            detour_min: r.num(&mut t, "detour_min"),
            learn_share: r.num(&mut t, "learn_share"),
            registration_identify: r.num(&mut t, "registration_identify"),
        };
        r.finish(t);
        out.push(c);
    }
    out
}

impl LeverTable for Vec<CheckpointSpec> {
    const ROOT_KEY: KeyDoc = root_key(
        "checkpoints",
        "checkpoints[]",
        Def::Note("none"),
        "checkpoints",
    );
    const TABLES: &'static [&'static TableDoc] = &[&CHECKPOINT];
    const EXAMPLE: &'static [&'static str] = &["checkpoints=[{ node = [0, 10] }]"];
    fn read(r: &mut Reader, top: &mut Tbl, _cx: &Context) -> Self {
        read_checkpoints(r, top)
    }
}
