//! `[cameras]`: street cameras (public CCTV).

use crate::scenario::doc::Val;
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

pub(crate) fn read_cameras(r: &mut Reader, top: &mut Tbl) -> CamerasSpec {
    let mut t = r
        .sub(top, "cameras")
        .unwrap_or_else(|| Tbl::empty("cameras".into()));
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
        monitored: r.bool(&mut t, "monitored", false),
        deterrence: r.f64(&mut t, "deterrence", 0.1, Check::Share),
        identify: r.f64(&mut t, "identify", 0.2, Check::Share),
        monitor_detect: r.f64(&mut t, "monitor_detect", 0.3, Check::Share),
    };
    r.finish(t);
    c
}
