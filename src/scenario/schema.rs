//! The resolved scenario types, their defaults, and the reader that fills
//! them from a document tree. Every default is listed in `docs/scenario.md`
//! with its source or reasoning.

use super::doc::{Node, Source, Val, builtin, key};
use super::read::{Check, Reader, Tbl};
use super::{Origins, ScenarioError, Warning};
use crate::engine::time::{MS_PER_DAY, Tick};
use serde::Serialize;

/// A fully resolved scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub horizon_days: f64,
    pub warmup_days: f64,
    pub seed: u64,
    pub replications: u32,
    pub network: NetworkSpec,
    pub jurisdictions: Vec<JurisdictionSpec>,
    pub calls: CallsSpec,
    pub dispatch: DispatchSpec,
    pub unit_types: Vec<UnitTypeSpec>,
    pub shifts: Vec<ShiftSpec>,
    pub units: Vec<UnitGroupSpec>,
    pub deployment: DeploymentSpec,
    pub roster: RosterSpec,
    pub places: super::crime::PlacesSpec,
    /// Offenders and crime types; `None` = no modelled offenders.
    pub crime: Option<super::crime::CrimeSpec>,
    pub economics: super::economics::EconomicsSpec,
    /// Lock, alarm and camera programmes in chosen jurisdictions.
    pub programmes: Vec<super::crime::ProgrammeSpec>,
    /// Street cameras (public CCTV).
    pub cameras: super::crime::CamerasSpec,
    pub checkpoints: Vec<super::crime::CheckpointSpec>,
    pub investigation: super::crime::InvestigationSpec,
    pub enforcement: super::crime::EnforcementSpec,
    pub regional: super::crime::RegionalSpec,
    pub informants: super::community::InformantSpec,
    pub community: super::community::CommunitySpec,
    /// Scheduled changes (phased building): from each phase's start, the
    /// run follows that phase's scenario (the base with every earlier
    /// phase's changes and its own laid on it). Sorted by start.
    #[serde(skip)]
    pub phases: Vec<Phase>,
    /// Where each key came from (for problems found when building the world).
    #[serde(skip)]
    pub origins: Origins,
    /// Legal but suspicious settings found while reading.
    #[serde(skip)]
    pub warnings: Vec<Warning>,
}

/// One phase of a phased scenario: from `start_day`, the settings of
/// `scenario`.
#[derive(Debug, Clone)]
pub struct Phase {
    pub name: String,
    pub start_day: f64,
    pub scenario: Scenario,
}

impl Scenario {
    /// The scenario in force from phase `k` (0 = the base, before any phase).
    pub fn phase_scenario(&self, k: usize) -> &Scenario {
        if k == 0 {
            self
        } else {
            &self.phases[k - 1].scenario
        }
    }

    /// Names of the periods of a run: `start` (the base settings), then the
    /// phases in order.
    pub fn period_names(&self) -> Vec<&str> {
        std::iter::once("start")
            .chain(self.phases.iter().map(|p| p.name.as_str()))
            .collect()
    }

    pub fn horizon(&self) -> Tick {
        (self.horizon_days * MS_PER_DAY as f64).round() as Tick
    }
    pub fn warmup(&self) -> Tick {
        (self.warmup_days * MS_PER_DAY as f64).round() as Tick
    }
}

/// A node named in a scenario: a node id, or `[row, col]` on a grid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NodeRef {
    Id(u32),
    Cell(u32, u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoadClass {
    Local,
    Arterial,
}

#[derive(Debug, Clone, Serialize)]
pub struct EdgeSpec {
    pub a: u32,
    pub b: u32,
    pub class: RoadClass,
    pub length_m: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Layout {
    Grid {
        rows: u32,
        cols: u32,
        block_m: f64,
        arterial_every: u32,
    },
    Explicit {
        nodes: Vec<[f64; 2]>,
        edges: Vec<EdgeSpec>,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct NetworkSpec {
    pub layout: Layout,
    pub local_speed_kmh: f64,
    pub arterial_speed_kmh: f64,
    /// Exit nodes; `None` = the default (on a grid, where arterials meet the
    /// border; none on an explicit network).
    pub exits: Option<Vec<NodeRef>>,
    /// Above this many nodes, travel times are computed on demand with a
    /// cache instead of a full table.
    pub full_table_max_nodes: u32,
    /// Relative call weight of each node (explicit networks); `None` = 1.
    pub node_weights: Option<Vec<f64>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Rect { rows: [u32; 2], cols: [u32; 2] },
    Nodes(Vec<NodeRef>),
    Rest,
}

#[derive(Debug, Clone, Serialize)]
pub struct JurisdictionSpec {
    pub name: String,
    pub station: NodeRef,
    pub area: Area,
    /// Relative density of calls per node in this jurisdiction.
    pub call_weight: f64,
    /// Index into AREA_TYPES (for response-time targets).
    pub area_type: usize,
}

/// Area types of jurisdictions, for response-time targets (local 110 rules:
/// urban 5 min, peri-urban 10 min, rural as fast as possible; C5).
pub const AREA_TYPES: [&str; 3] = ["urban", "suburban", "rural"];

/// A distribution of a duration in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum Dist {
    Fixed { value: f64 },
    Exponential { mean: f64 },
    Lognormal { mean: f64, sd: f64 },
    Uniform { min: f64, max: f64 },
}

impl Dist {
    /// The same distribution with every value multiplied by `f` (days → minutes: 1440).
    pub fn scaled(&self, f: f64) -> Dist {
        match *self {
            Dist::Fixed { value } => Dist::Fixed { value: value * f },
            Dist::Exponential { mean } => Dist::Exponential { mean: mean * f },
            Dist::Lognormal { mean, sd } => Dist::Lognormal {
                mean: mean * f,
                sd: sd * f,
            },
            Dist::Uniform { min, max } => Dist::Uniform {
                min: min * f,
                max: max * f,
            },
        }
    }

    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Fixed { value } => value,
            Dist::Exponential { mean } | Dist::Lognormal { mean, .. } => mean,
            Dist::Uniform { min, max } => (min + max) / 2.0,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CallTypeSpec {
    pub name: String,
    /// Share of all calls (normalised to sum to 1).
    pub share: f64,
    /// 1 = most urgent.
    pub priority: u8,
    pub on_scene_min: Dist,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallsSpec {
    /// Mean calls per hour over the week.
    pub rate_per_hour: f64,
    /// Relative rate by hour of day, normalised to mean 1.
    pub hourly_profile: Vec<f64>,
    /// Relative rate by day (Monday first), normalised to mean 1.
    pub weekday_profile: Vec<f64>,
    pub types: Vec<CallTypeSpec>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueRule {
    Priority,
    Fifo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossRule {
    Never,
    WhenNoneFree,
    Nearest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterCall {
    Return,
    Hold,
}

#[derive(Debug, Clone, Serialize)]
pub struct DispatchSpec {
    pub intake_delay_min: Dist,
    pub queue: QueueRule,
    pub cross_boundary: CrossRule,
    pub after_call: AfterCall,
    /// Response-time target (minutes) of priority-1 calls by area type
    /// (AREA_TYPES order); `None` = best effort, no target.
    pub response_target_min: [Option<f64>; 3],
    /// A call of the highest priority that finds no unit free takes one on
    /// its way to a call of lower priority, which goes back to the queue —
    /// if that unit can reach it within `preempt_within_min`.
    pub preempt: bool,
    pub preempt_within_min: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct VisibilitySpec {
    pub patrol: f64,
    pub en_route: f64,
    pub returning: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitTypeSpec {
    pub name: String,
    pub speed_kmh: f64,
    pub patrol_speed_kmh: f64,
    pub crew: u32,
    /// Share of on-duty time spent off calls and unavailable (meals, paperwork).
    pub admin_share: f64,
    pub visibility: VisibilitySpec,
    /// Police (dispatched, can arrest) or joint-defence volunteers (群防群治:
    /// patrol and deter, report what they see, never dispatched, no arrest).
    pub police: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShiftSpec {
    pub name: String,
    pub start_hour: f64,
    pub hours: f64,
    /// Monday first: does a shift start on that day?
    pub days: [bool; 7],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PatrolPolicy {
    Random,
    Beat,
    Coverage,
    /// Weighted by recently reported crime (a decaying window).
    Hotspot,
    /// Plain-clothes: wait unseen at a hot spot, then choose another.
    Stakeout,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitGroupSpec {
    pub name: String,
    pub jurisdiction: usize,
    pub unit_type: usize,
    pub count: u32,
    /// Standby posts, one per unit in turn; empty = the jurisdiction's station.
    pub posts: Vec<NodeRef>,
    pub shift: usize,
    pub patrol_share: f64,
    pub patrol: PatrolPolicy,
    /// Nodes of a fixed beat (patrol = "beat"), visited in order, cyclically.
    pub beat: Vec<NodeRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeploymentSpec {
    pub patrol_share: f64,
    pub patrol: PatrolPolicy,
}

#[derive(Debug, Clone, Serialize)]
pub struct RosterSpec {
    pub productive_hours_per_officer: f64,
}

/// Merged on-duty intervals within one week, in hours `[start, end)`,
/// `0 ≤ start < end ≤ 168`.
pub fn weekly_intervals(s: &ShiftSpec) -> Vec<(f64, f64)> {
    let mut raw = Vec::new();
    for d in 0..7 {
        if !s.days[d] {
            continue;
        }
        let a = d as f64 * 24.0 + s.start_hour;
        let b = a + s.hours;
        if b <= 168.0 {
            raw.push((a, b));
        } else {
            raw.push((a, 168.0));
            raw.push((0.0, b - 168.0));
        }
    }
    raw.sort_by(|x, y| x.partial_cmp(y).expect("finite hours"));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (a, b) in raw {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Is a unit with this shift on duty at `hour_of_week` (0..168, fractional)?
pub fn shift_on_duty(s: &ShiftSpec, hour_of_week: f64) -> bool {
    let h = hour_of_week.rem_euclid(168.0);
    weekly_intervals(s).iter().any(|&(a, b)| a <= h && h < b)
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const POLICIES: [&str; 5] = ["random", "beat", "coverage", "hotspot", "stakeout"];
const POLICY_VALUES: [PatrolPolicy; 5] = [
    PatrolPolicy::Random,
    PatrolPolicy::Beat,
    PatrolPolicy::Coverage,
    PatrolPolicy::Hotspot,
    PatrolPolicy::Stakeout,
];

/// The built-in unit types; a `[unit_types.NAME]` table with the same name
/// changes only the keys it sets.
fn builtin_unit_types() -> Vec<UnitTypeSpec> {
    vec![
        UnitTypeSpec {
            name: "car".into(),
            speed_kmh: 50.0,
            patrol_speed_kmh: 25.0,
            crew: 2,
            admin_share: 0.0,
            visibility: VisibilitySpec {
                patrol: 1.0,
                en_route: 0.5,
                returning: 1.0,
            },
            police: true,
        },
        UnitTypeSpec {
            name: "plain_clothes".into(),
            speed_kmh: 40.0,
            patrol_speed_kmh: 15.0,
            crew: 2,
            admin_share: 0.0,
            visibility: VisibilitySpec {
                patrol: 0.0,
                en_route: 0.0,
                returning: 0.0,
            },
            police: true,
        },
        UnitTypeSpec {
            name: "foot".into(),
            speed_kmh: 5.0,
            patrol_speed_kmh: 4.0,
            crew: 2,
            admin_share: 0.0,
            visibility: VisibilitySpec {
                patrol: 1.0,
                en_route: 1.0,
                returning: 1.0,
            },
            police: true,
        },
        UnitTypeSpec {
            name: "volunteer".into(),
            speed_kmh: 4.0,
            patrol_speed_kmh: 3.5,
            crew: 3,
            admin_share: 0.0,
            visibility: VisibilitySpec {
                patrol: 0.4,
                en_route: 0.4,
                returning: 0.4,
            },
            police: false,
        },
    ]
}

pub(super) fn read_scenario(src: &Source, root: &Node) -> Result<Scenario, ScenarioError> {
    read_scenario_with(src, root, false).map(|(s, _)| s)
}

/// Read a scenario; with `record`, also the defaults the reader filled in
/// and the keys it asked for and left without a value.
pub(super) fn read_scenario_with(
    src: &Source,
    root: &Node,
    record: bool,
) -> Result<(Scenario, super::Resolution), ScenarioError> {
    let mut r = Reader::new(src);
    r.record = record;
    let mut warnings = Vec::new();
    let Some(mut top) = r.as_table(root, String::new()) else {
        return Err(ScenarioError {
            problems: r.problems,
        });
    };

    // [scenario]
    let mut sc = r
        .sub(&mut top, "scenario")
        .unwrap_or_else(|| Tbl::empty("scenario".into()));
    let name = r.string(&mut sc, "name", || "unnamed".into());
    let description = r.string(&mut sc, "description", String::new);
    let horizon_days = r.f64(&mut sc, "horizon_days", 365.0, Check::Positive);
    let warmup_days = r.f64(&mut sc, "warmup_days", 0.0, Check::NonNeg);
    if warmup_days >= horizon_days {
        let o = sc.origin.clone();
        r.error("scenario.warmup_days", &o, format!(
            "the warm-up ({warmup_days} days) must be shorter than the horizon ({horizon_days} days)"
        ));
    }
    let seed = r.int(&mut sc, "seed", 1, 0, i64::MAX) as u64;
    let replications = r.int(&mut sc, "replications", 10, 1, 1_000_000) as u32;
    r.finish(sc);

    let network = read_network(&mut r, &mut top);
    let jurisdictions = read_jurisdictions(&mut r, &mut top, &network);
    let calls = read_calls(&mut r, &mut top);
    let dispatch = read_dispatch(&mut r, &mut top);
    let unit_types = read_unit_types(&mut r, &mut top);
    let shifts = read_shifts(&mut r, &mut top);

    let mut dep = r
        .sub(&mut top, "deployment")
        .unwrap_or_else(|| Tbl::empty("deployment".into()));
    let deployment = DeploymentSpec {
        patrol_share: r.f64(&mut dep, "patrol_share", 0.0, Check::Share),
        patrol: POLICY_VALUES[r.choice(&mut dep, "patrol", 0, &POLICIES)],
    };
    r.finish(dep);

    let mut ro = r
        .sub(&mut top, "roster")
        .unwrap_or_else(|| Tbl::empty("roster".into()));
    let roster = RosterSpec {
        productive_hours_per_officer: r.f64(
            &mut ro,
            "productive_hours_per_officer",
            1960.0,
            Check::Range(1.0, 8784.0),
        ),
    };
    r.finish(ro);

    let units = read_units(
        &mut r,
        &mut top,
        &jurisdictions,
        &unit_types,
        &shifts,
        &deployment,
    );
    let places = super::crime::read_places(&mut r, &mut top);
    let crime = super::crime::read_crime(&mut r, &mut top);
    let economics = super::economics::read_economics(&mut r, &mut top);
    let jnames: Vec<String> = jurisdictions.iter().map(|j| j.name.clone()).collect();
    let programmes = super::crime::read_programmes(&mut r, &mut top, &jnames);
    let cameras = super::crime::read_cameras(&mut r, &mut top);
    let checkpoints = super::crime::read_checkpoints(&mut r, &mut top);
    let investigation = super::crime::read_investigation(&mut r, &mut top);
    let enforcement = super::crime::read_enforcement(&mut r, &mut top);
    let regional = super::crime::read_regional(&mut r, &mut top, &jnames);
    let informants = super::community::read_informants(&mut r, &mut top);
    let community = super::community::read_community(&mut r, &mut top, &jnames);
    for (i, v) in economics.vehicle_types.iter().enumerate() {
        if !unit_types.iter().any(|t| &t.name == v) {
            let o = top.origin.clone();
            let names: Vec<&str> = unit_types.iter().map(|t| t.name.as_str()).collect();
            r.error(
                &format!("economics.vehicle_types[{i}]"),
                &o,
                format!(
                    "no unit type is named \"{v}\"; defined: {}",
                    names.join(", ")
                ),
            );
        }
    }
    r.finish(top);

    if crime.is_none() && (informants.active() || !community.areas.is_empty()) {
        warnings.push(Warning {
            path: if community.areas.is_empty() {
                "informants".into()
            } else {
                "community".into()
            },
            message: "informants, registration and community policing act on offenders and \
                      crimes, but the scenario has no [crime]: they are costed and change nothing"
                .into(),
        });
    }
    if units.iter().map(|u| u.count).sum::<u32>() == 0 {
        warnings.push(Warning {
            path: "units".into(),
            message: "no police units: every call stays open (a no-police baseline)".into(),
        });
    }
    if r.problems.is_empty() {
        let resolution = super::Resolution {
            filled: std::mem::take(&mut r.filled),
            unfilled: std::mem::take(&mut r.unfilled),
            derived: std::mem::take(&mut r.derived),
        };
        let s = Scenario {
            name,
            description,
            horizon_days,
            warmup_days,
            seed,
            replications,
            network,
            jurisdictions,
            calls,
            dispatch,
            unit_types,
            shifts,
            units,
            deployment,
            roster,
            places,
            crime,
            economics,
            programmes,
            cameras,
            checkpoints,
            investigation,
            enforcement,
            regional,
            informants,
            community,
            phases: Vec::new(),
            origins: Origins(r.origins),
            warnings,
        };
        Ok((s, resolution))
    } else {
        Err(ScenarioError {
            problems: r.problems,
        })
    }
}

fn read_network(r: &mut Reader, top: &mut Tbl) -> NetworkSpec {
    let mut t = r
        .sub(top, "network")
        .unwrap_or_else(|| Tbl::empty("network".into()));
    let kind = r.choice(&mut t, "kind", 0, &["grid", "explicit"]);
    let layout = if kind == 0 {
        Layout::Grid {
            rows: r.int(&mut t, "rows", 11, 1, 1000) as u32,
            cols: r.int(&mut t, "cols", 11, 1, 1000) as u32,
            block_m: r.f64(&mut t, "block_m", 250.0, Check::Positive),
            arterial_every: r.int(&mut t, "arterial_every", 0, 0, 1000) as u32,
        }
    } else {
        let mut nodes = Vec::new();
        let path = t.key_path("nodes");
        match r.array(&mut t, "nodes") {
            Some(items) => {
                for (i, n) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    match &n.val {
                        Val::Array(xy) if xy.len() == 2 => {
                            let x = number(r, &p, &xy[0]);
                            let y = number(r, &p, &xy[1]);
                            nodes.push([x, y]);
                        }
                        _ => r.error(&p, &n.origin, "a node is [x_m, y_m]"),
                    }
                }
            }
            None => r.missing(&t, "nodes", "a list of [x_m, y_m] coordinates"),
        }
        let mut edges = Vec::new();
        let path = t.key_path("edges");
        match r.array(&mut t, "edges") {
            Some(items) => {
                for (i, n) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    r.note(&p, &n.origin);
                    let ok = match &n.val {
                        Val::Array(parts) if (2..=4).contains(&parts.len()) => {
                            let a = node_index(r, &p, &parts[0], nodes.len());
                            let b = node_index(r, &p, &parts[1], nodes.len());
                            let class = match parts.get(2) {
                                None => RoadClass::Local,
                                Some(c) => match r.choice_of(&p, c, &["local", "arterial"]) {
                                    Some(1) => RoadClass::Arterial,
                                    _ => RoadClass::Local,
                                },
                            };
                            let length_m = parts.get(3).map(|l| number(r, &p, l));
                            if let (Some(a), Some(b)) = (a, b) {
                                if a == b {
                                    r.error(&p, &n.origin, "an edge must join two different nodes");
                                }
                                edges.push(EdgeSpec {
                                    a,
                                    b,
                                    class,
                                    length_m,
                                });
                            }
                            true
                        }
                        _ => false,
                    };
                    if !ok {
                        r.error(&p, &n.origin, "an edge is [from, to] or [from, to, \"local\"|\"arterial\"] or [from, to, class, length_m]");
                    }
                }
            }
            None => r.missing(&t, "edges", "a list of [from, to] node pairs"),
        }
        Layout::Explicit { nodes, edges }
    };
    let local_speed_kmh = r.f64(&mut t, "local_speed_kmh", 30.0, Check::Positive);
    let arterial_speed_kmh = r.f64(&mut t, "arterial_speed_kmh", 50.0, Check::Positive);
    let exits = r.array(&mut t, "exits").map(|items| {
        let path = t.key_path("exits");
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| node_ref(r, &format!("{path}[{i}]"), n))
            .collect()
    });
    let full_table_max_nodes = r.int(&mut t, "full_table_max_nodes", 4000, 1, 100_000) as u32;
    let node_weights = r.numbers(&mut t, "node_weights", None, Check::NonNeg);
    r.finish(t);
    NetworkSpec {
        layout,
        local_speed_kmh,
        arterial_speed_kmh,
        exits,
        full_table_max_nodes,
        node_weights,
    }
}

fn number(r: &mut Reader, path: &str, n: &Node) -> f64 {
    match n.val {
        Val::Int(i) => i as f64,
        Val::Float(f) if f.is_finite() => f,
        _ => {
            r.error(
                path,
                &n.origin,
                format!("expected a finite number, found {}", n.val.type_name()),
            );
            0.0
        }
    }
}

fn node_index(r: &mut Reader, path: &str, n: &Node, count: usize) -> Option<u32> {
    match n.val {
        Val::Int(i) if i >= 0 && (i as usize) < count => Some(i as u32),
        Val::Int(i) => {
            r.error(
                path,
                &n.origin,
                format!(
                    "node {i} does not exist (nodes are 0..{})",
                    count.saturating_sub(1)
                ),
            );
            None
        }
        _ => {
            r.error(
                path,
                &n.origin,
                format!("expected a node number, found {}", n.val.type_name()),
            );
            None
        }
    }
}

/// A node: an id, or `[row, col]` on a grid. Range checks need the graph and
/// are made by `world`.
pub(super) fn node_ref(r: &mut Reader, path: &str, n: &Node) -> Option<NodeRef> {
    r.note(path, &n.origin);
    match &n.val {
        Val::Int(i) if *i >= 0 && *i <= u32::MAX as i64 => Some(NodeRef::Id(*i as u32)),
        Val::Array(rc) if rc.len() == 2 => match (&rc[0].val, &rc[1].val) {
            (Val::Int(a), Val::Int(b))
                if *a >= 0 && *b >= 0 && *a <= u32::MAX as i64 && *b <= u32::MAX as i64 =>
            {
                Some(NodeRef::Cell(*a as u32, *b as u32))
            }
            _ => {
                r.error(
                    path,
                    &n.origin,
                    "a grid cell is [row, col] with whole numbers ≥ 0",
                );
                None
            }
        },
        other => {
            r.error(
                path,
                &n.origin,
                format!(
                    "expected a node number or [row, col], found {}",
                    other.type_name()
                ),
            );
            None
        }
    }
}

fn node_refs(r: &mut Reader, t: &mut Tbl, key: &str) -> Option<Vec<NodeRef>> {
    let path = t.key_path(key);
    let items = r.array(t, key)?;
    Some(
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| node_ref(r, &format!("{path}[{i}]"), n))
            .collect(),
    )
}

fn pair(r: &mut Reader, t: &mut Tbl, key: &str) -> Option<[u32; 2]> {
    let path = t.key_path(key);
    let n = r.get(t, key)?;
    match &n.val {
        Val::Array(v) if v.len() == 2 => match (&v[0].val, &v[1].val) {
            (Val::Int(a), Val::Int(b)) if *a >= 0 && a <= b && *b <= u32::MAX as i64 => {
                Some([*a as u32, *b as u32])
            }
            _ => {
                r.error(
                    &path,
                    &n.origin,
                    "expected [first, last] with whole numbers 0 ≤ first ≤ last",
                );
                None
            }
        },
        _ => {
            r.error(
                &path,
                &n.origin,
                "expected [first, last] (an inclusive range)",
            );
            None
        }
    }
}

fn tables<'n>(r: &mut Reader, top: &mut Tbl<'n>, key: &str) -> Vec<Tbl<'n>> {
    let path = top.key_path(key);
    let Some(items) = r.array(top, key) else {
        return vec![];
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, n)| r.as_table(n, format!("{path}[{i}]")))
        .collect()
}

fn read_jurisdictions(r: &mut Reader, top: &mut Tbl, net: &NetworkSpec) -> Vec<JurisdictionSpec> {
    let mut out: Vec<JurisdictionSpec> = Vec::new();
    let had = top.has("jurisdictions");
    for mut t in tables(r, top, "jurisdictions") {
        let k = out.len() + 1;
        let name = r.string(&mut t, "name", || format!("j{k}"));
        if out.iter().any(|j| j.name == name) {
            let o = t.origin.clone();
            r.error(
                &t.key_path("name"),
                &o,
                format!("jurisdiction name \"{name}\" is used twice"),
            );
        }
        let sp = t.key_path("station");
        let station = match r.get(&mut t, "station") {
            Some(n) => node_ref(r, &sp, n).unwrap_or(NodeRef::Id(0)),
            None => {
                r.missing(
                    &t,
                    "station",
                    "the station's node: a node number or [row, col]",
                );
                NodeRef::Id(0)
            }
        };
        let rows = pair(r, &mut t, "rows");
        let cols = pair(r, &mut t, "cols");
        let nodes = node_refs(r, &mut t, "nodes");
        let rest = r.bool(&mut t, "rest", false);
        let area = match (rows, cols, nodes, rest) {
            (Some(rows), Some(cols), None, false) => Area::Rect { rows, cols },
            (None, None, Some(n), false) => Area::Nodes(n),
            (None, None, None, true) => Area::Rest,
            (r_, c_, n_, rest_) => {
                let o = t.origin.clone();
                let ways = [r_.is_some() || c_.is_some(), n_.is_some(), rest_]
                    .iter()
                    .filter(|x| **x)
                    .count();
                let why = match (r_.is_some(), c_.is_some()) {
                    _ if ways > 1 => "is given more than one way".to_string(),
                    (true, false) => "has `rows` but no `cols`".to_string(),
                    (false, true) => "has `cols` but no `rows`".to_string(),
                    _ => "is missing".to_string(),
                };
                r.error(&t.path.clone(), &o, format!(
                    "the area {why}: give `rows` and `cols` (grid), or `nodes`, or `rest = true` (every node no other jurisdiction takes)"
                ));
                Area::Rest
            }
        };
        let call_weight = r.f64(&mut t, "call_weight", 1.0, Check::NonNeg);
        let area_type = r.choice(&mut t, "area_type", 0, &AREA_TYPES);
        r.finish(t);
        out.push(JurisdictionSpec {
            name,
            station,
            area,
            call_weight,
            area_type,
        });
    }
    if out.is_empty() && !had {
        // One jurisdiction over the whole network, its station in the middle.
        let station = match net.layout {
            Layout::Grid { rows, cols, .. } => NodeRef::Cell(rows / 2, cols / 2),
            Layout::Explicit { .. } => NodeRef::Id(0),
        };
        let cell = |x: u32| builtin(Val::Int(x as i64));
        let station_val = match station {
            NodeRef::Id(i) => Val::Int(i as i64),
            NodeRef::Cell(a, b) => Val::Array(vec![cell(a), cell(b)]),
        };
        let table = Val::Table(vec![
            (key("name"), builtin(Val::Str("county".into()))),
            (key("station"), builtin(station_val)),
            (key("rest"), builtin(Val::Bool(true))),
            (key("call_weight"), builtin(Val::Float(1.0))),
            (key("area_type"), builtin(Val::Str(AREA_TYPES[0].into()))),
        ]);
        // Its station depends on the network: derived.
        r.derived(|r| r.fill(top, "jurisdictions", Val::Array(vec![builtin(table)])));
        out.push(JurisdictionSpec {
            name: "county".into(),
            station,
            area: Area::Rest,
            call_weight: 1.0,
            area_type: 0,
        });
    } else if out.is_empty() {
        let o = top.origin.clone();
        r.error("jurisdictions", &o, "at least one jurisdiction is needed");
    }
    if out.iter().filter(|j| matches!(j.area, Area::Rest)).count() > 1 {
        let o = top.origin.clone();
        r.error(
            "jurisdictions",
            &o,
            "only one jurisdiction may take `rest = true`",
        );
    }
    out
}

/// A distribution as a scenario writes it (`{ dist = "exponential", mean = 30 }`).
pub(super) fn dist_val(d: &Dist) -> Val {
    let num = |k: &str, v: f64| (super::doc::key(k), super::doc::builtin(Val::Float(v)));
    let (kind, params) = match *d {
        Dist::Fixed { value } => ("fixed", vec![num("value", value)]),
        Dist::Exponential { mean } => ("exponential", vec![num("mean", mean)]),
        Dist::Lognormal { mean, sd } => ("lognormal", vec![num("mean", mean), num("sd", sd)]),
        Dist::Uniform { min, max } => ("uniform", vec![num("min", min), num("max", max)]),
    };
    let mut entries = vec![(
        super::doc::key("dist"),
        super::doc::builtin(Val::Str(kind.into())),
    )];
    entries.extend(params);
    Val::Table(entries)
}

pub(super) fn read_dist(r: &mut Reader, t: &mut Tbl, key: &str, default: Dist) -> Dist {
    let path = t.key_path(key);
    r.fill(t, key, dist_val(&default));
    let Some(n) = r.get(t, key) else {
        return default;
    };
    match &n.val {
        Val::Int(_) | Val::Float(_) => Dist::Fixed {
            value: number_checked(r, &path, n, Check::NonNeg),
        },
        Val::Table(_) => {
            let Some(mut d) = r.as_table(n, path.clone()) else {
                return default;
            };
            let kinds = ["fixed", "exponential", "lognormal", "uniform"];
            let dp = d.key_path("dist");
            let kind = match r.get(&mut d, "dist") {
                Some(k) => r.choice_of(&dp, k, &kinds),
                None => {
                    r.missing(
                        &d,
                        "dist",
                        "\"fixed\", \"exponential\", \"lognormal\" or \"uniform\"",
                    );
                    None
                }
            };
            let out = match kind {
                Some(0) => Dist::Fixed {
                    value: r.f64_req(&mut d, "value", Check::NonNeg),
                },
                Some(1) => Dist::Exponential {
                    mean: r.f64_req(&mut d, "mean", Check::Positive),
                },
                Some(2) => Dist::Lognormal {
                    mean: r.f64_req(&mut d, "mean", Check::Positive),
                    sd: r.f64_req(&mut d, "sd", Check::Positive),
                },
                Some(3) => {
                    let min = r.f64_req(&mut d, "min", Check::NonNeg);
                    let max = r.f64_req(&mut d, "max", Check::NonNeg);
                    if min > max {
                        let o = d.origin.clone();
                        r.error(
                            &path,
                            &o,
                            format!("min ({min}) must not exceed max ({max})"),
                        );
                    }
                    Dist::Uniform { min, max }
                }
                _ => default,
            };
            r.finish(d);
            out
        }
        other => {
            r.error(&path, &n.origin, format!(
                "expected minutes (a number) or a table like {{ dist = \"exponential\", mean = 30 }}, found {}",
                other.type_name()
            ));
            default
        }
    }
}

fn number_checked(r: &mut Reader, path: &str, n: &Node, check: Check) -> f64 {
    let v = number(r, path, n);
    match check {
        Check::NonNeg if v < 0.0 => {
            r.error(path, &n.origin, format!("must be a number ≥ 0 (got {v})"));
            0.0
        }
        _ => v,
    }
}

fn normalised(v: Vec<f64>) -> Vec<f64> {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.into_iter().map(|x| x / mean).collect()
}

pub(super) fn read_profile(r: &mut Reader, t: &mut Tbl, key: &str, len: usize) -> Vec<f64> {
    r.fill_numbers(t, key, &vec![1.0; len]);
    // Relative values: bounded so that their sum (the normalisation) stays finite.
    match r.numbers(t, key, Some(len), Check::Range(0.0, 1e6)) {
        Some(v) if v.iter().sum::<f64>() > 0.0 => normalised(v),
        Some(_) => {
            let o = t.origin.clone();
            r.error(&t.key_path(key), &o, "at least one value must be above 0");
            vec![1.0; len]
        }
        None => vec![1.0; len],
    }
}

fn read_calls(r: &mut Reader, top: &mut Tbl) -> CallsSpec {
    let mut t = r
        .sub(top, "calls")
        .unwrap_or_else(|| Tbl::empty("calls".into()));
    let rate_per_hour = r.f64(&mut t, "rate_per_hour", 0.0, Check::NonNeg);
    let hourly_profile = read_profile(r, &mut t, "hourly_profile", 24);
    let weekday_profile = read_profile(r, &mut t, "weekday_profile", 7);
    let mut types = Vec::new();
    let had = t.has("types");
    for mut ct in tables(r, &mut t, "types") {
        let k = types.len() + 1;
        let name = r.string(&mut ct, "name", || format!("type{k}"));
        let share = r.f64(&mut ct, "share", 1.0, Check::NonNeg);
        let priority = r.int(&mut ct, "priority", 2, 1, 9) as u8;
        let on_scene_min = read_dist(r, &mut ct, "on_scene_min", Dist::Exponential { mean: 30.0 });
        r.finish(ct);
        types.push(CallTypeSpec {
            name,
            share,
            priority,
            on_scene_min,
        });
    }
    if !had {
        let general = CallTypeSpec {
            name: "general".into(),
            share: 1.0,
            priority: 2,
            on_scene_min: Dist::Exponential { mean: 30.0 },
        };
        let table = Val::Table(vec![
            (key("name"), builtin(Val::Str(general.name.clone()))),
            (key("share"), builtin(Val::Float(general.share))),
            (key("priority"), builtin(Val::Int(general.priority as i64))),
            (
                key("on_scene_min"),
                builtin(dist_val(&general.on_scene_min)),
            ),
        ]);
        r.fill(&t, "types", Val::Array(vec![builtin(table)]));
        types.push(general);
    }
    let total: f64 = types.iter().map(|c| c.share).sum();
    if types.is_empty() || total <= 0.0 {
        let o = t.origin.clone();
        r.error(
            "calls.types",
            &o,
            "at least one call type with a share above 0 is needed",
        );
    } else {
        for c in &mut types {
            c.share /= total;
        }
    }
    r.finish(t);
    CallsSpec {
        rate_per_hour,
        hourly_profile,
        weekday_profile,
        types,
    }
}

fn read_dispatch(r: &mut Reader, top: &mut Tbl) -> DispatchSpec {
    let mut t = r
        .sub(top, "dispatch")
        .unwrap_or_else(|| Tbl::empty("dispatch".into()));
    let d = DispatchSpec {
        intake_delay_min: read_dist(r, &mut t, "intake_delay_min", Dist::Fixed { value: 0.0 }),
        queue: [QueueRule::Priority, QueueRule::Fifo]
            [r.choice(&mut t, "queue", 0, &["priority", "fifo"])],
        cross_boundary: [
            CrossRule::WhenNoneFree,
            CrossRule::Never,
            CrossRule::Nearest,
        ][r.choice(
            &mut t,
            "cross_boundary",
            0,
            &["when_none_free", "never", "nearest"],
        )],
        after_call: [AfterCall::Return, AfterCall::Hold]
            [r.choice(&mut t, "after_call", 0, &["return", "hold"])],
        preempt: r.bool(&mut t, "preempt", false),
        preempt_within_min: r.f64(&mut t, "preempt_within_min", 10.0, Check::Positive),
        response_target_min: {
            // Given as a table, only the area types it lists have a target.
            let mut targets = [Some(5.0), Some(10.0), None];
            let given: Vec<_> = AREA_TYPES
                .iter()
                .zip(targets)
                .filter_map(|(a, x)| Some((key(a), builtin(Val::Float(x?)))))
                .collect();
            r.fill(&t, "response_target_min", Val::Table(given));
            if t.has("response_target_min")
                && let Some(mut rt) = r.sub(&mut t, "response_target_min")
            {
                for (i, a) in AREA_TYPES.iter().enumerate() {
                    targets[i] = r.f64_opt(&mut rt, a, Check::Positive);
                }
                r.finish(rt);
            } else {
                let _ = r.get(&mut t, "response_target_min"); // known key
            }
            targets
        },
    };
    r.finish(t);
    d
}

fn read_unit_types(r: &mut Reader, top: &mut Tbl) -> Vec<UnitTypeSpec> {
    let mut types = builtin_unit_types();
    let Some(mut t) = r.sub(top, "unit_types") else {
        return types;
    };
    // The file's types, then the built-in ones it leaves alone (read as
    // empty tables: every key takes the built-in value).
    let mut names: Vec<String> = t.keys().map(str::to_string).collect();
    for b in &types {
        if !names.contains(&b.name) {
            names.push(b.name.clone());
        }
    }
    for name in names {
        // Keys are dynamic here: read each as a sub-table by name.
        let Some(mut u) = r.sub(&mut t, &name) else {
            continue;
        };
        let base = types.iter().position(|x| x.name == name);
        let d = base.map(|i| types[i].clone()).unwrap_or(UnitTypeSpec {
            name: name.clone(),
            speed_kmh: f64::NAN,
            patrol_speed_kmh: f64::NAN,
            crew: 1,
            admin_share: 0.0,
            visibility: VisibilitySpec {
                patrol: 1.0,
                en_route: 0.5,
                returning: 1.0,
            },
            police: true,
        });
        let speed_kmh = if base.is_some() {
            r.f64(&mut u, "speed_kmh", d.speed_kmh, Check::Positive)
        } else {
            r.f64_req(&mut u, "speed_kmh", Check::Positive)
        };
        // Half the speed for a new type: derived.
        let derive = d.patrol_speed_kmh.is_nan();
        let default = if derive {
            speed_kmh / 2.0
        } else {
            d.patrol_speed_kmh
        };
        let was = std::mem::replace(&mut r.deriving, derive);
        let patrol_speed_kmh = r.f64(&mut u, "patrol_speed_kmh", default, Check::Positive);
        r.deriving = was;
        let crew = r.int(&mut u, "crew", d.crew as i64, 1, 100) as u32;
        let admin_share = r.f64(
            &mut u,
            "admin_share",
            d.admin_share,
            Check::Range(0.0, 0.95),
        );
        let mut v = r
            .sub(&mut u, "visibility")
            .unwrap_or_else(|| Tbl::empty(String::new()));
        let visibility = VisibilitySpec {
            patrol: r.f64(&mut v, "patrol", d.visibility.patrol, Check::Share),
            en_route: r.f64(&mut v, "en_route", d.visibility.en_route, Check::Share),
            returning: r.f64(&mut v, "returning", d.visibility.returning, Check::Share),
        };
        r.finish(v);
        let police = r.bool(&mut u, "police", d.police);
        r.finish(u);
        let spec = UnitTypeSpec {
            name: name.clone(),
            speed_kmh,
            patrol_speed_kmh,
            crew,
            admin_share,
            visibility,
            police,
        };
        match base {
            Some(i) => types[i] = spec,
            None => types.push(spec),
        }
    }
    r.finish(t);
    types
}

fn read_shifts(r: &mut Reader, top: &mut Tbl) -> Vec<ShiftSpec> {
    let mut shifts = vec![ShiftSpec {
        name: "24x7".into(),
        start_hour: 0.0,
        hours: 24.0,
        days: [true; 7],
    }];
    let Some(mut t) = r.sub(top, "shifts") else {
        return shifts;
    };
    let names: Vec<String> = t.keys().map(str::to_string).collect();
    for name in names {
        let Some(mut s) = r.sub(&mut t, &name) else {
            continue;
        };
        if name == "24x7" {
            let o = s.origin.clone();
            r.error(
                &s.path.clone(),
                &o,
                "\"24x7\" is built in and cannot be redefined",
            );
        }
        let start_hour = r.f64_req(&mut s, "start_hour", Check::Range(0.0, 23.99));
        let hours = r.f64_req(&mut s, "hours", Check::Range(0.25, 24.0));
        let mut days = [true; 7];
        r.fill(&s, "days", Val::Str("all".into()));
        let dp = s.key_path("days");
        if let Some(n) = r.get(&mut s, "days") {
            match &n.val {
                Val::Str(w) if w == "all" => {}
                Val::Str(w) if w == "weekdays" => days = [true, true, true, true, true, false, false],
                Val::Str(w) if w == "weekends" => days = [false, false, false, false, false, true, true],
                Val::Array(items) => {
                    days = [false; 7];
                    for (i, it) in items.iter().enumerate() {
                        if let Some(d) = r.choice_of(&format!("{dp}[{i}]"), it, &DAYS) {
                            days[d] = true;
                        }
                    }
                    if !days.iter().any(|d| *d) {
                        r.error(&dp, &n.origin, "a shift needs at least one day");
                    }
                }
                _ => r.error(&dp, &n.origin, "expected \"all\", \"weekdays\", \"weekends\" or a list like [\"mon\", \"tue\"]"),
            }
        }
        r.finish(s);
        shifts.push(ShiftSpec {
            name,
            start_hour,
            hours,
            days,
        });
    }
    r.finish(t);
    shifts
}

fn lookup(
    r: &mut Reader,
    t: &mut Tbl,
    key: &str,
    names: &[&str],
    what: &str,
    default: Option<usize>,
) -> usize {
    let path = t.key_path(key);
    match r.get(t, key) {
        Some(n) => match &n.val {
            Val::Str(s) => names.iter().position(|x| x == s).unwrap_or_else(|| {
                let hint = super::read::suggest(s, names.iter().copied())
                    .map(|x| format!(" (did you mean \"{x}\"?)"))
                    .unwrap_or_default();
                r.error(
                    &path,
                    &n.origin,
                    format!(
                        "no {what} is named \"{s}\"{hint}; defined: {}",
                        names.join(", ")
                    ),
                );
                0
            }),
            other => {
                r.error(
                    &path,
                    &n.origin,
                    format!("expected the name of a {what}, found {}", other.type_name()),
                );
                0
            }
        },
        None if default.is_some() => {
            let d = default.unwrap_or(0);
            r.fill(t, key, Val::Str(names.get(d).unwrap_or(&"").to_string()));
            d
        }
        None => default.unwrap_or_else(|| {
            r.missing(
                t,
                key,
                &format!("the name of a {what}: {}", names.join(", ")),
            );
            0
        }),
    }
}

fn read_units(
    r: &mut Reader,
    top: &mut Tbl,
    jur: &[JurisdictionSpec],
    types: &[UnitTypeSpec],
    shifts: &[ShiftSpec],
    dep: &DeploymentSpec,
) -> Vec<UnitGroupSpec> {
    let jn: Vec<&str> = jur.iter().map(|j| j.name.as_str()).collect();
    let tn: Vec<&str> = types.iter().map(|j| j.name.as_str()).collect();
    let sn: Vec<&str> = shifts.iter().map(|j| j.name.as_str()).collect();
    let mut out = Vec::new();
    r.fill(top, "units", Val::Array(vec![]));
    for mut t in tables(r, top, "units") {
        // The only jurisdiction is the default: derived from the list.
        let jurisdiction = r.derived(|r| {
            lookup(
                r,
                &mut t,
                "jurisdiction",
                &jn,
                "jurisdiction",
                (jur.len() == 1).then_some(0),
            )
        });
        let unit_type = lookup(r, &mut t, "type", &tn, "unit type", Some(0));
        let count = r.int_req(&mut t, "count", 0, 100_000) as u32;
        let posts = node_refs(r, &mut t, "posts").unwrap_or_default();
        if t.has("posts") && posts.is_empty() {
            let o = t.origin.clone();
            r.error(
                &t.key_path("posts"),
                &o,
                "an empty list of posts: leave the key out to post units at the station",
            );
        }
        let shift = lookup(r, &mut t, "shift", &sn, "shift", Some(0));
        // A group patrols as `deployment` says unless it says otherwise.
        let (patrol_share, patrol) = r.derived(|r| {
            (
                r.f64(&mut t, "patrol_share", dep.patrol_share, Check::Share),
                POLICY_VALUES[r.choice(&mut t, "patrol", dep.patrol as usize, &POLICIES)],
            )
        });
        let beat = node_refs(r, &mut t, "beat").unwrap_or_default();
        if patrol == PatrolPolicy::Beat && beat.is_empty() && patrol_share > 0.0 {
            let o = t.origin.clone();
            r.error(
                &t.key_path("beat"),
                &o,
                "patrol = \"beat\" needs a non-empty `beat` (a list of nodes visited in turn)",
            );
        }
        let name = r.string(&mut t, "name", || {
            format!(
                "{}-{}",
                jn.get(jurisdiction).unwrap_or(&"?"),
                tn.get(unit_type).unwrap_or(&"?")
            )
        });
        r.finish(t);
        out.push(UnitGroupSpec {
            name,
            jurisdiction,
            unit_type,
            count,
            posts,
            shift,
            patrol_share,
            patrol,
            beat,
        });
    }
    out
}
