//! `[cameras]`: street cameras (public CCTV).

use crate::scenario::doc::Val;
use crate::scenario::keys::{Def, Kind, TableDoc, flag, key, num};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{NodeRef, node_ref};
use serde::Serialize;

/// Street cameras (public CCTV) at chosen nodes.
#[derive(Debug, Clone, Serialize)]
pub struct CamerasSpec {
    pub nodes: Vec<NodeRef>,
    /// A control room watches the pictures.
    pub monitored: bool,
    /// Deterrence of offenders at a place in view (they know of the camera).
    pub deterrence: f64,
    /// Added chance to identify the offender later from the footage.
    pub identify: f64,
    /// Monitored: chance that a crime in view is seen and called in at once.
    pub monitor_detect: f64,
}

/// The keys of `[cameras]`.
pub static CAMERAS: TableDoc = TableDoc {
    path: "cameras",
    about: "Street cameras (public CCTV) at chosen nodes, priced per camera-year.",
    keys: &[
        key(
            "nodes",
            Kind::Nodes,
            Def::Note("none"),
            "",
            "nodes covered by a street camera",
        ),
        flag(
            "monitored",
            false,
            "a control room watches; also sets the price (`economics.street_camera_monitored_cost_per_year` or `…_passive_…`)",
        ),
        num(
            "deterrence",
            0.1,
            Check::Share,
            "",
            "at a covered node, the chance of going ahead is multiplied by 1 minus this",
        ),
        num(
            "identify",
            0.2,
            Check::Share,
            "",
            "added to the identification chance of a reported crime at a covered node",
        ),
        num(
            "monitor_detect",
            0.3,
            Check::Share,
            "",
            "with `monitored = true`, the chance that an attempt at a covered node is seen and called in at once",
        ),
    ],
    extra: None,
};

pub(crate) fn read_cameras(r: &mut Reader, top: &mut Tbl) -> CamerasSpec {
    let mut t = r.table(top, "cameras", &CAMERAS);
    let mut nodes = Vec::new();
    let np = t.key_path("nodes");
    r.fill(&t, "nodes", Val::Array(vec![]));
    if let Some(items) = r.array(&mut t, "nodes") {
        for (i, n) in items.iter().enumerate() {
            if let Some(x) = node_ref(r, &format!("{np}[{i}]"), n) {
                nodes.push(x);
            }
        }
    }
    let c = CamerasSpec {
        nodes,
        monitored: r.flag(&mut t, "monitored"),
        deterrence: r.num(&mut t, "deterrence"),
        identify: r.num(&mut t, "identify"),
        monitor_detect: r.num(&mut t, "monitor_detect"),
    };
    r.finish(t);
    c
}
