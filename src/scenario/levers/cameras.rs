//! `[cameras]`: street cameras (public CCTV): where they stand, the setting
//! they watch (car park, residential area, city centre), whether a control
//! room monitors them, and the effect sizes that follow from the evidence
//! (levers.md §2): an in-view cut by setting and mode, diffusion to the
//! neighbouring places, call-ins by the control room, and a solve-rate
//! uplift from footage.

use super::{Context, LeverTable, SEE, root_key};
use crate::scenario::doc::Val;
use crate::scenario::economics::Price;
use crate::scenario::keys::{Def, KeyDoc, Kind, TableDoc, choice, flag, key, num};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{NodeRef, node_ref};
use serde::Serialize;

/// The settings a camera scheme can watch, as the meta-analyses split them.
pub const SETTINGS: [&str; 3] = ["city_centre", "residential", "car_park"];

/// Deterrence in view by a monitored scheme, per setting (index into
/// [`SETTINGS`]), calibrated so that the crime cut measured in view against
/// a control area, with the control room's call-ins (about 4 points more),
/// lands on the evidence: city and town centres −7 % (Welsh & Farrington
/// 2009, references.md B10), residential −13 % (Piza et al. 2019 found a
/// significant residential effect; we use their overall −13 %), car parks
/// −37 % (Piza et al. 2019). Passive schemes: none (Piza et al. 2019).
pub const IN_VIEW_CUT: [f64; 3] = [0.03, 0.085, 0.35];

/// Street cameras (public CCTV) at chosen nodes.
#[derive(Debug, Clone, Serialize)]
pub struct CamerasSpec {
    pub nodes: Vec<NodeRef>,
    /// Index into [`SETTINGS`].
    pub setting: usize,
    /// A control room watches the pictures.
    pub monitored: bool,
    /// The chance of going ahead at a place in view is multiplied by
    /// 1 − this (resolved from `setting` and `monitored` unless given).
    pub in_view_cut: f64,
    /// Share of the in-view cut felt at the neighbours of a covered node.
    pub diffusion: f64,
    /// Relative rise of the investigation's identification chance (the
    /// evidence part) for a reported crime in view.
    pub solve_uplift: f64,
    /// Monitored: chance that a crime in view is seen and called in at once.
    pub monitor_detect: f64,
}

impl CamerasSpec {
    /// The in-view cut the evidence gives for a setting and mode.
    pub fn evidence_cut(setting: usize, monitored: bool) -> f64 {
        if monitored { IN_VIEW_CUT[setting] } else { 0.0 }
    }
}

/// The keys of `[cameras]`.
pub static CAMERAS: TableDoc = TableDoc {
    path: "cameras",
    about: "Street cameras (public CCTV) at chosen nodes, priced per camera-year. The effect \
            sizes follow the setting and mode (levers.md §2).",
    keys: &[
        key(
            "nodes",
            Kind::Nodes,
            Def::Note("none"),
            "",
            "nodes covered by a street camera",
        ),
        choice(
            "setting",
            0,
            &SETTINGS,
            "what the cameras watch; sets the default `in_view_cut`, so that monitored schemes cut crime in view as the reviews found (city centre −7 %, residential −13 %, car park −37 %)",
        ),
        flag(
            "monitored",
            false,
            "a control room watches (call-ins, and the in-view cut; passive schemes show none); also sets the price (`economics.street_camera_monitored_cost_per_year` or `…_passive_…`)",
        ),
        key(
            "in_view_cut",
            Kind::Num(Check::Share),
            Def::Note(
                "from `setting` when `monitored`: 0.03 city centre, 0.085 residential, 0.35 car park; 0 when passive",
            ),
            "",
            "at a covered node, the chance of going ahead is multiplied by 1 minus this",
        ),
        num(
            "diffusion",
            0.2,
            Check::Share,
            "",
            "share of the in-view cut felt at the neighbours of a covered node (diffusion of benefits; synthesis, 0–0.5)",
        ),
        num(
            "solve_uplift",
            0.3,
            Check::NonNeg,
            "",
            "a reported crime in view: its identification chance from evidence is multiplied by 1 plus this (calibrated to a clearance rate about 18–20 % higher with footage, levers.md §2)",
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
    r.removed(
        &mut t,
        "deterrence",
        "this key was removed: the in-view effect now follows `cameras.setting` and \
         `cameras.monitored`; to set it yourself use `cameras.in_view_cut` (and \
         `cameras.diffusion` for the places next door)",
    );
    r.removed(
        &mut t,
        "identify",
        "this key was removed: footage no longer adds identification chance directly; \
         use `cameras.solve_uplift`, the relative rise of a crime's identification chance in view",
    );
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
    let setting = r.pick(&mut t, "setting");
    let monitored = r.flag(&mut t, "monitored");
    // Derived from `setting` and `monitored`, so a phase or sweep changing
    // either carries through.
    let cut = CamerasSpec::evidence_cut(setting, monitored);
    let in_view_cut = r.derived(|r| r.num_or(&mut t, "in_view_cut", cut));
    let c = CamerasSpec {
        nodes,
        setting,
        monitored,
        in_view_cut,
        diffusion: r.num(&mut t, "diffusion"),
        solve_uplift: r.num(&mut t, "solve_uplift"),
        monitor_detect: r.num(&mut t, "monitor_detect"),
    };
    r.finish(t);
    c
}

impl LeverTable for CamerasSpec {
    const ROOT_KEY: KeyDoc = root_key("cameras", "cameras", SEE, "street cameras");
    const TABLES: &'static [&'static TableDoc] = &[&CAMERAS];
    const EXAMPLE: &'static [&'static str] = &["cameras.nodes=[[6, 6], [6, 7]]"];
    fn read(r: &mut Reader, top: &mut Tbl, _cx: &Context) -> Self {
        read_cameras(r, top)
    }
}

// Prices: keys of `[economics]`, values in the price sets' order (uk-2016,
// china-county-2019; sources and ranges in docs/economics.md).

/// A street camera per year with a control room.
pub const MONITORED: Price = Price {
    key: "street_camera_monitored_cost_per_year",
    unit: "money a year",
    meaning: "per street camera with `cameras.monitored = true`",
    values: [6_100.0, 12_000.0],
};

/// A street camera per year without one.
pub const PASSIVE: Price = Price {
    key: "street_camera_passive_cost_per_year",
    unit: "money a year",
    meaning: "per street camera without monitoring",
    values: [1_500.0, 4_000.0],
};

/// Its prices, in the order of `[economics]`.
pub const PRICES: &[&Price] = &[&MONITORED, &PASSIVE];
