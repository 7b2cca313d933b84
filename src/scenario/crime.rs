//! The crime part of a scenario: places (land use, targets, physical and
//! technical defence), offenders, and the crime types with their defaults.
//! Every default is listed with its source in `docs/crime.md`.

use super::Dist;
use super::doc::Val;
use super::read::{Check, Reader, Tbl};
use super::schema::read_dist;
use serde::Serialize;

/// Land uses of places (nodes).
pub const LAND_USES: [&str; 6] = [
    "residential",
    "commercial",
    "entertainment",
    "lodging",
    "transport_hub",
    "second_hand_market",
];
/// What a crime type takes.
pub const TARGETS: [&str; 3] = ["household", "pedestrian", "vehicle"];

#[derive(Debug, Clone, Serialize)]
pub struct PlacesSpec {
    /// Seed of the land-use layout (the same in every replication).
    pub seed: u64,
    /// Share of nodes of each non-residential land use (index 1.. of LAND_USES).
    pub land_use_share: [f64; 6],
    /// Households, pedestrians (at the busiest hour) and parked vehicles per
    /// node, by land use.
    pub households: [f64; 6],
    pub pedestrians: [f64; 6],
    pub vehicles: [f64; 6],
    /// Share of households at home, by hour of day (guardianship).
    pub occupancy_by_hour: Vec<f64>,
    /// Relative street activity by hour of day (pedestrians out), max 1.
    pub activity_by_hour: Vec<f64>,
    pub lock_share: f64,
    pub alarm_share: f64,
    pub camera_share: f64,
    /// False alarm calls per alarm-equipped household per year.
    pub false_alarms_per_alarm_year: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CrimeTypeSpec {
    pub name: String,
    /// Index into TARGETS.
    pub target: usize,
    /// Chance that an offender looking at one target of this kind sees a
    /// suitable opportunity (scaled by the number of targets present).
    pub opportunity: f64,
    /// Relative attractiveness of this type's targets when an offender
    /// chooses among the opportunities at a place (multiplies `opportunity`).
    pub reward: f64,
    pub time_on_target_min: Dist,
    /// Social cost per completed crime, in the scenario's currency.
    pub social_cost: f64,
    pub report_share: f64,
    /// Share noticed at once (involvement); the rest are discovered later.
    pub noticed_share: f64,
    pub report_delay_noticed_min: Dist,
    pub report_delay_discovered_min: Dist,
    pub priority: u8,
    pub on_scene_min: Dist,
    /// P(offender identified later by investigation | reported), before
    /// camera and promptness effects.
    pub investigation_clear: f64,
    /// Added to the identification chance when a camera covers the target.
    pub camera_identify: f64,
    /// P(attempt fails) against a locked target and against a guarded one.
    pub lock_fail: f64,
    pub guard_fail: f64,
    /// Extra time on target against a lock (multiplier).
    pub lock_time_factor: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct CrimeSpec {
    pub local_offenders: u32,
    pub roaming_per_day: f64,
    pub roaming_stay_hours: f64,
    pub offender_speed_kmh: f64,
    pub trips_per_day: f64,
    /// Chance that an offender looks for an opportunity at a node it passes.
    pub search_share: f64,
    /// Weight of perceived risk against reward (how easily deterred).
    pub risk_aversion: f64,
    pub deterrence_presence_min: f64,
    pub deterrence_decay_min: f64,
    pub neighbour_deterrence: f64,
    pub guardian_deterrence: f64,
    pub camera_deterrence: f64,
    pub displacement_share: f64,
    pub repeat_boost: f64,
    pub near_repeat_boost: f64,
    /// Cap on the repeat boost of a place (keeps self-excitation stable).
    pub max_boost: f64,
    pub repeat_decay_days: f64,
    pub in_act_catch: f64,
    /// Chance that volunteers who passed a place during a crime call it in at once.
    pub volunteer_report_share: f64,
    /// Chance that an offender whose alarm sounds gives up and runs at once.
    pub alarm_flee: f64,
    pub response_catch: f64,
    pub escape_min: f64,
    pub evidence_decay_hours: f64,
    pub investigation_delay_days: Dist,
    pub sentence_days: Dist,
    pub types: Vec<CrimeTypeSpec>,
}

fn lognormal(mean: f64, sd: f64) -> Dist {
    Dist::Lognormal { mean, sd }
}

/// The built-in crime types ("two robberies, one theft" 两抢一盗 and vehicle theft).
pub fn builtin_crime_types() -> Vec<CrimeTypeSpec> {
    vec![
        CrimeTypeSpec {
            name: "burglary".into(),
            target: 0,
            opportunity: 8e-5,
            reward: 1.0,
            time_on_target_min: lognormal(12.0, 8.0),
            social_cost: 5930.0,
            report_share: 0.6,
            noticed_share: 0.2,
            report_delay_noticed_min: lognormal(8.0, 8.0),
            report_delay_discovered_min: lognormal(330.0, 300.0),
            priority: 2,
            on_scene_min: lognormal(60.0, 30.0),
            investigation_clear: 0.06,
            camera_identify: 0.3,
            lock_fail: 0.6,
            guard_fail: 0.5,
            lock_time_factor: 1.5,
        },
        CrimeTypeSpec {
            name: "robbery".into(),
            target: 1,
            opportunity: 4.5e-5,
            reward: 1.0,
            time_on_target_min: lognormal(2.0, 1.5),
            social_cost: 11320.0,
            report_share: 0.6,
            noticed_share: 1.0,
            report_delay_noticed_min: lognormal(7.0, 7.0),
            report_delay_discovered_min: lognormal(60.0, 60.0),
            priority: 1,
            on_scene_min: lognormal(60.0, 30.0),
            investigation_clear: 0.12,
            camera_identify: 0.3,
            lock_fail: 0.0,
            guard_fail: 0.3,
            lock_time_factor: 1.0,
        },
        CrimeTypeSpec {
            name: "snatch".into(),
            target: 1,
            opportunity: 1.3e-4,
            reward: 1.0,
            time_on_target_min: lognormal(0.5, 0.3),
            social_cost: 1380.0,
            report_share: 0.4,
            noticed_share: 0.8,
            report_delay_noticed_min: lognormal(10.0, 10.0),
            report_delay_discovered_min: lognormal(120.0, 120.0),
            priority: 1,
            on_scene_min: lognormal(30.0, 20.0),
            investigation_clear: 0.05,
            camera_identify: 0.25,
            lock_fail: 0.0,
            guard_fail: 0.2,
            lock_time_factor: 1.0,
        },
        CrimeTypeSpec {
            name: "vehicle_theft".into(),
            target: 2,
            opportunity: 4.5e-5,
            reward: 1.0,
            time_on_target_min: lognormal(5.0, 4.0),
            social_cost: 10290.0,
            report_share: 0.9,
            noticed_share: 0.05,
            report_delay_noticed_min: lognormal(10.0, 10.0),
            report_delay_discovered_min: lognormal(480.0, 400.0),
            priority: 2,
            on_scene_min: lognormal(45.0, 25.0),
            investigation_clear: 0.07,
            camera_identify: 0.35,
            lock_fail: 0.5,
            guard_fail: 0.3,
            lock_time_factor: 1.5,
        },
    ]
}

fn per_use(r: &mut Reader, t: &mut Tbl, key: &str, default: [f64; 6]) -> [f64; 6] {
    let Some(mut u) = r.sub(t, key) else {
        return default;
    };
    let mut out = default;
    for (i, name) in LAND_USES.iter().enumerate() {
        out[i] = r.f64(&mut u, name, default[i], Check::NonNeg);
    }
    r.finish(u);
    out
}

pub(super) fn read_places(r: &mut Reader, top: &mut Tbl) -> PlacesSpec {
    let mut t = r
        .sub(top, "places")
        .unwrap_or_else(|| Tbl::empty("places".into()));
    let seed = r.int(&mut t, "seed", 7, 0, i64::MAX) as u64;
    let mut land_use_share = [0.0, 0.08, 0.03, 0.03, 0.01, 0.01];
    if let Some(mut s) = r.sub(&mut t, "land_use_share") {
        for (i, name) in LAND_USES.iter().enumerate().skip(1) {
            land_use_share[i] = r.f64(&mut s, name, land_use_share[i], Check::Share);
        }
        r.finish(s);
    }
    let non_res: f64 = land_use_share[1..].iter().sum();
    if non_res > 1.0 {
        let o = t.origin.clone();
        r.error(
            "places.land_use_share",
            &o,
            format!("the non-residential shares add up to {non_res}, more than 1"),
        );
    }
    land_use_share[0] = (1.0 - non_res).max(0.0);
    let households = per_use(r, &mut t, "households", [40.0, 10.0, 5.0, 5.0, 0.0, 5.0]);
    let pedestrians = per_use(
        r,
        &mut t,
        "pedestrians",
        [5.0, 60.0, 60.0, 20.0, 80.0, 20.0],
    );
    let vehicles = per_use(r, &mut t, "vehicles", [20.0, 30.0, 30.0, 15.0, 40.0, 10.0]);
    let occupancy = [
        0.95, 0.95, 0.95, 0.95, 0.95, 0.93, 0.85, 0.70, 0.55, 0.50, 0.50, 0.52, 0.55, 0.52, 0.50,
        0.52, 0.58, 0.68, 0.78, 0.85, 0.90, 0.92, 0.94, 0.95,
    ];
    let activity = [
        0.25, 0.15, 0.08, 0.05, 0.05, 0.08, 0.2, 0.45, 0.65, 0.7, 0.75, 0.85, 0.9, 0.85, 0.8, 0.85,
        0.95, 1.0, 1.0, 0.95, 0.85, 0.7, 0.5, 0.35,
    ];
    r.fill_numbers(&t, "occupancy_by_hour", &occupancy);
    r.fill_numbers(&t, "activity_by_hour", &activity);
    let occupancy_by_hour = r
        .numbers(&mut t, "occupancy_by_hour", Some(24), Check::Share)
        .unwrap_or(occupancy.to_vec());
    let activity_by_hour = r
        .numbers(&mut t, "activity_by_hour", Some(24), Check::Share)
        .unwrap_or(activity.to_vec());
    let p = PlacesSpec {
        seed,
        land_use_share,
        households,
        pedestrians,
        vehicles,
        occupancy_by_hour,
        activity_by_hour,
        lock_share: r.f64(&mut t, "lock_share", 0.5, Check::Share),
        alarm_share: r.f64(&mut t, "alarm_share", 0.1, Check::Share),
        camera_share: r.f64(&mut t, "camera_share", 0.05, Check::Share),
        false_alarms_per_alarm_year: r.f64(
            &mut t,
            "false_alarms_per_alarm_year",
            0.3,
            Check::NonNeg,
        ),
    };
    r.finish(t);
    p
}

pub(super) fn read_crime(r: &mut Reader, top: &mut Tbl) -> Option<CrimeSpec> {
    if !top.has("crime") {
        let _ = r.get(top, "crime"); // known key
        return None;
    }
    let mut t = r.sub(top, "crime")?;
    let mut types = builtin_crime_types();
    if let Some(mut tt) = r.sub(&mut t, "types") {
        // The file's types, then the built-in ones it leaves alone.
        let mut names: Vec<String> = tt.keys().map(str::to_string).collect();
        for b in &types {
            if !names.contains(&b.name) {
                names.push(b.name.clone());
            }
        }
        for name in names {
            let Some(mut c) = r.sub(&mut tt, &name) else {
                continue;
            };
            if ["hot_spots", "ring", "elsewhere"].contains(&name.as_str()) {
                let o = c.origin.clone();
                r.error(
                    &c.path.clone(),
                    &o,
                    format!("\"{name}\" is reserved for the places of `crimes_completed.{name}`: choose another crime type name"),
                );
            }
            let base = types.iter().position(|x| x.name == name);
            let d = base
                .map(|i| types[i].clone())
                .unwrap_or_else(|| CrimeTypeSpec {
                    name: name.clone(),
                    ..types[0].clone()
                });
            let target = match r.get(&mut c, "target") {
                Some(n) => {
                    let p = c.key_path("target");
                    r.choice_of(&p, n, &TARGETS).unwrap_or(d.target)
                }
                None if base.is_none() => {
                    r.missing(&c, "target", "\"household\", \"pedestrian\" or \"vehicle\"");
                    d.target
                }
                None => {
                    r.fill(&c, "target", Val::Str(TARGETS[d.target].into()));
                    d.target
                }
            };
            // A new type takes the first type's values: derived.
            let was = std::mem::replace(&mut r.deriving, base.is_none());
            let spec = CrimeTypeSpec {
                name: name.clone(),
                target,
                opportunity: r.f64(&mut c, "opportunity", d.opportunity, Check::Share),
                reward: r.f64(&mut c, "reward", d.reward, Check::NonNeg),
                time_on_target_min: read_dist(
                    r,
                    &mut c,
                    "time_on_target_min",
                    d.time_on_target_min,
                ),
                social_cost: r.f64(&mut c, "social_cost", d.social_cost, Check::NonNeg),
                report_share: r.f64(&mut c, "report_share", d.report_share, Check::Share),
                noticed_share: r.f64(&mut c, "noticed_share", d.noticed_share, Check::Share),
                report_delay_noticed_min: read_dist(
                    r,
                    &mut c,
                    "report_delay_noticed_min",
                    d.report_delay_noticed_min,
                ),
                report_delay_discovered_min: read_dist(
                    r,
                    &mut c,
                    "report_delay_discovered_min",
                    d.report_delay_discovered_min,
                ),
                priority: r.int(&mut c, "priority", d.priority as i64, 1, 9) as u8,
                on_scene_min: read_dist(r, &mut c, "on_scene_min", d.on_scene_min),
                investigation_clear: r.f64(
                    &mut c,
                    "investigation_clear",
                    d.investigation_clear,
                    Check::Share,
                ),
                camera_identify: r.f64(&mut c, "camera_identify", d.camera_identify, Check::Share),
                lock_fail: r.f64(&mut c, "lock_fail", d.lock_fail, Check::Share),
                guard_fail: r.f64(&mut c, "guard_fail", d.guard_fail, Check::Share),
                lock_time_factor: r.f64(
                    &mut c,
                    "lock_time_factor",
                    d.lock_time_factor,
                    Check::Range(1.0, 100.0),
                ),
            };
            r.deriving = was;
            r.finish(c);
            match base {
                Some(i) => types[i] = spec,
                None => types.push(spec),
            }
        }
        r.finish(tt);
    }
    if types.len() > 16 {
        let o = t.origin.clone();
        r.error(
            "crime.types",
            &o,
            format!("{} crime types: at most 16 are supported", types.len()),
        );
    }
    let spec = CrimeSpec {
        local_offenders: r.int(&mut t, "local_offenders", 300, 0, 1_000_000) as u32,
        roaming_per_day: r.f64(&mut t, "roaming_per_day", 1.0, Check::NonNeg),
        roaming_stay_hours: r.f64(&mut t, "roaming_stay_hours", 8.0, Check::Positive),
        offender_speed_kmh: r.f64(&mut t, "offender_speed_kmh", 12.0, Check::Positive),
        trips_per_day: r.f64(&mut t, "trips_per_day", 3.0, Check::Range(0.0, 48.0)),
        search_share: r.f64(&mut t, "search_share", 0.3, Check::Share),
        risk_aversion: r.f64(&mut t, "risk_aversion", 1.0, Check::NonNeg),
        deterrence_presence_min: r.f64(&mut t, "deterrence_presence_min", 10.0, Check::Positive),
        deterrence_decay_min: r.f64(&mut t, "deterrence_decay_min", 45.0, Check::Positive),
        neighbour_deterrence: r.f64(&mut t, "neighbour_deterrence", 0.5, Check::Share),
        guardian_deterrence: r.f64(&mut t, "guardian_deterrence", 0.6, Check::Share),
        camera_deterrence: r.f64(&mut t, "camera_deterrence", 0.1, Check::Share),
        displacement_share: r.f64(&mut t, "displacement_share", 0.25, Check::Share),
        repeat_boost: r.f64(&mut t, "repeat_boost", 0.5, Check::NonNeg),
        near_repeat_boost: r.f64(&mut t, "near_repeat_boost", 0.15, Check::NonNeg),
        max_boost: r.f64(&mut t, "max_boost", 3.0, Check::NonNeg),
        repeat_decay_days: r.f64(&mut t, "repeat_decay_days", 14.0, Check::Positive),
        in_act_catch: r.f64(&mut t, "in_act_catch", 0.25, Check::Share),
        response_catch: r.f64(&mut t, "response_catch", 0.35, Check::Share),
        alarm_flee: r.f64(&mut t, "alarm_flee", 0.8, Check::Share),
        volunteer_report_share: r.f64(&mut t, "volunteer_report_share", 0.5, Check::Share),
        escape_min: r.f64(&mut t, "escape_min", 3.0, Check::NonNeg),
        evidence_decay_hours: r.f64(&mut t, "evidence_decay_hours", 48.0, Check::Positive),
        investigation_delay_days: read_dist(
            r,
            &mut t,
            "investigation_delay_days",
            Dist::Exponential { mean: 14.0 },
        ),
        sentence_days: read_dist(r, &mut t, "sentence_days", lognormal(240.0, 200.0)),
        types,
    };
    r.finish(t);
    Some(spec)
}

/// A defence programme in chosen jurisdictions: raises (or sets) the share
/// of targets with locks, alarms or private cameras there (物防, 技防).
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeSpec {
    pub name: String,
    /// Jurisdiction indices the programme covers.
    pub jurisdictions: Vec<usize>,
    pub lock_share: Option<f64>,
    pub alarm_share: Option<f64>,
    pub camera_share: Option<f64>,
}

/// Street cameras (public CCTV) at chosen nodes.
#[derive(Debug, Clone, Serialize)]
pub struct CamerasSpec {
    pub nodes: Vec<super::NodeRef>,
    /// A control room watches the pictures.
    pub monitored: bool,
    /// Deterrence of offenders at a place in view (they know of the camera).
    pub deterrence: f64,
    /// Added chance to identify the offender later from the footage.
    pub identify: f64,
    /// Monitored: chance that a crime in view is seen and called in at once.
    pub monitor_detect: f64,
}

pub(super) fn read_programmes(
    r: &mut Reader,
    top: &mut Tbl,
    jurisdictions: &[String],
) -> Vec<ProgrammeSpec> {
    let mut out = Vec::new();
    let path = top.key_path("programmes");
    r.fill(top, "programmes", Val::Array(vec![]));
    let Some(items) = r.array(top, "programmes") else {
        return out;
    };
    for (i, n) in items.iter().enumerate() {
        let Some(mut t) = r.as_table(n, format!("{path}[{i}]")) else {
            continue;
        };
        let name = r.string(&mut t, "name", || format!("programme{}", i + 1));
        let mut js = Vec::new();
        let all = jurisdictions
            .iter()
            .map(|j| super::doc::builtin(Val::Str(j.clone())))
            .collect();
        // The whole county (derived from the list of jurisdictions).
        r.derived(|r| r.fill(&t, "jurisdictions", Val::Array(all)));
        let jp = t.key_path("jurisdictions");
        match r.array(&mut t, "jurisdictions") {
            Some(list) => {
                for (k, j) in list.iter().enumerate() {
                    let names: Vec<&str> = jurisdictions.iter().map(String::as_str).collect();
                    if let Some(x) = r.choice_of(&format!("{jp}[{k}]"), j, &names) {
                        js.push(x);
                    }
                }
            }
            None => js = (0..jurisdictions.len()).collect(), // the whole county
        }
        let p = ProgrammeSpec {
            name,
            jurisdictions: js,
            lock_share: r.f64_opt(&mut t, "lock_share", Check::Share),
            alarm_share: r.f64_opt(&mut t, "alarm_share", Check::Share),
            camera_share: r.f64_opt(&mut t, "camera_share", Check::Share),
        };
        r.finish(t);
        out.push(p);
    }
    out
}

pub(super) fn read_cameras(r: &mut Reader, top: &mut Tbl) -> CamerasSpec {
    let mut t = r
        .sub(top, "cameras")
        .unwrap_or_else(|| Tbl::empty("cameras".into()));
    let mut nodes = Vec::new();
    let np = t.key_path("nodes");
    r.fill(&t, "nodes", Val::Array(vec![]));
    if let Some(items) = r.array(&mut t, "nodes") {
        for (i, n) in items.iter().enumerate() {
            if let Some(x) = super::schema::node_ref(r, &format!("{np}[{i}]"), n) {
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

/// A checkpoint (卡口) at a node, staffed some hours of each day.
#[derive(Debug, Clone, Serialize)]
pub struct CheckpointSpec {
    pub node: super::NodeRef,
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

/// Investigation capacity (the "strike" side, 打).
#[derive(Debug, Clone, Serialize)]
pub struct InvestigationSpec {
    /// Detectives working reported cases; 0 = capacity not modelled (every
    /// case is worked at once, after `crime.investigation_delay_days`).
    pub detectives: u32,
    /// Cases one detective closes in a year (work time per case is
    /// exponential with mean 365 / this, in days).
    pub cases_per_detective_year: f64,
    /// A waiting case's chance falls by 1/e every this many days of backlog.
    pub case_decay_days: f64,
}

/// Enforcement patrol (执法巡逻) and plain-clothes stake-outs.
#[derive(Debug, Clone, Serialize)]
pub struct EnforcementSpec {
    /// Stops and checks per patrolling unit-hour.
    pub stop_check_per_hour: f64,
    /// Minutes one stop-and-check takes (the unit stays at the node).
    pub stop_check_min: f64,
    /// Chance a check catches an offender carrying loot at that place.
    pub stop_check_catch: f64,
    /// Minutes a stake-out unit waits at a hot spot before choosing again.
    pub stakeout_min: f64,
    /// Chance a stake-out catches an offender committing a crime in view.
    pub stakeout_catch: f64,
}

pub(super) fn read_checkpoints(r: &mut Reader, top: &mut Tbl) -> Vec<CheckpointSpec> {
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
            Some(x) => super::schema::node_ref(r, &np, x).unwrap_or(super::NodeRef::Id(0)),
            None => {
                r.missing(
                    &t,
                    "node",
                    "the checkpoint's node: [row, col] or a node number",
                );
                super::NodeRef::Id(0)
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

pub(super) fn read_investigation(r: &mut Reader, top: &mut Tbl) -> InvestigationSpec {
    let mut t = r
        .sub(top, "investigation")
        .unwrap_or_else(|| Tbl::empty("investigation".into()));
    let s = InvestigationSpec {
        detectives: r.int(&mut t, "detectives", 0, 0, 100_000) as u32,
        cases_per_detective_year: r.f64(&mut t, "cases_per_detective_year", 120.0, Check::Positive),
        case_decay_days: r.f64(&mut t, "case_decay_days", 30.0, Check::Positive),
    };
    r.finish(t);
    s
}

pub(super) fn read_enforcement(r: &mut Reader, top: &mut Tbl) -> EnforcementSpec {
    let mut t = r
        .sub(top, "enforcement")
        .unwrap_or_else(|| Tbl::empty("enforcement".into()));
    let s = EnforcementSpec {
        stop_check_per_hour: r.f64(&mut t, "stop_check_per_hour", 0.0, Check::NonNeg),
        stop_check_min: r.f64(&mut t, "stop_check_min", 10.0, Check::NonNeg),
        stop_check_catch: r.f64(&mut t, "stop_check_catch", 0.2, Check::Share),
        stakeout_min: r.f64(&mut t, "stakeout_min", 60.0, Check::Positive),
        stakeout_catch: r.f64(&mut t, "stakeout_catch", 0.5, Check::Share),
    };
    r.finish(t);
    s
}

/// Regional linkage (区域联动): cooperation between the county's
/// jurisdictions and with neighbouring counties.
#[derive(Debug, Clone, Serialize)]
pub struct RegionalSpec {
    /// Chance that an identification made by one jurisdiction leads to an
    /// arrest when the offender is found in another (default for every pair).
    pub cooperation: f64,
    /// Pair overrides: (jurisdiction a, jurisdiction b, cooperation), both ways.
    pub pairs: Vec<(usize, usize, f64)>,
    /// Chance that an identified roaming offender who has left the county is
    /// arrested by a neighbouring county's police.
    pub outside_cooperation: f64,
    /// Units answer calls across a jurisdiction boundary (as the dispatch
    /// rule allows) only between jurisdictions cooperating at least this much.
    pub cross_dispatch_min: f64,
    /// Checkpoints receive other jurisdictions' alerts for wanted offenders
    /// (identified but not arrested) with the pair's cooperation as chance.
    pub share_alerts: bool,
    /// Cooperation between jurisdictions the county has without a programme
    /// (the status quo, costing nothing); only cooperation above it is priced.
    pub status_quo_cooperation: f64,
    /// The same with the neighbouring counties.
    pub status_quo_outside_cooperation: f64,
}

impl RegionalSpec {
    /// Cooperation between jurisdictions `a` and `b` (1 within one).
    pub fn between(&self, a: usize, b: usize) -> f64 {
        if a == b {
            return 1.0;
        }
        self.pairs
            .iter()
            .rev()
            .find(|(x, y, _)| (*x == a && *y == b) || (*x == b && *y == a))
            .map_or(self.cooperation, |p| p.2)
    }
}

pub(super) fn read_regional(
    r: &mut Reader,
    top: &mut Tbl,
    jurisdictions: &[String],
) -> RegionalSpec {
    let mut t = r
        .sub(top, "regional")
        .unwrap_or_else(|| Tbl::empty("regional".into()));
    let cooperation = r.f64(&mut t, "cooperation", 1.0, Check::Share);
    let outside_cooperation = r.f64(&mut t, "outside_cooperation", 0.0, Check::Share);
    let cross_dispatch_min = r.f64(&mut t, "cross_dispatch_min", 0.0, Check::Share);
    let share_alerts = r.bool(&mut t, "share_alerts", true);
    // The default cooperation is the status quo: a scenario that does not
    // buy more pays nothing for it.
    let status_quo_cooperation = r.f64(&mut t, "status_quo_cooperation", 1.0, Check::Share);
    let status_quo_outside_cooperation =
        r.f64(&mut t, "status_quo_outside_cooperation", 0.0, Check::Share);
    let mut pairs = Vec::new();
    let pp = t.key_path("pairs");
    r.fill(&t, "pairs", Val::Array(vec![]));
    if let Some(items) = r.array(&mut t, "pairs") {
        let names: Vec<&str> = jurisdictions.iter().map(String::as_str).collect();
        for (i, n) in items.iter().enumerate() {
            let Some(mut p) = r.as_table(n, format!("{pp}[{i}]")) else {
                continue;
            };
            let mut side = |key: &str, p: &mut Tbl| -> Option<usize> {
                let path = p.key_path(key);
                match r.get(p, key) {
                    Some(v) => r.choice_of(&path, v, &names),
                    None => {
                        r.missing(p, key, "a jurisdiction name");
                        None
                    }
                }
            };
            let a = side("a", &mut p);
            let b = side("b", &mut p);
            if let (Some(x), Some(y)) = (a, b)
                && x == y
            {
                let path = p.key_path("b");
                let o = p.origin.clone();
                r.error(
                    &path,
                    &o,
                    format!(
                        "a pair needs two different jurisdictions (\"{}\" with itself always cooperates fully)",
                        names[x]
                    ),
                );
            }
            let c = r.f64_req(&mut p, "cooperation", Check::Share);
            r.finish(p);
            if let (Some(a), Some(b)) = (a, b) {
                pairs.push((a, b, c));
            }
        }
    }
    r.finish(t);
    RegionalSpec {
        cooperation,
        pairs,
        outside_cooperation,
        cross_dispatch_min,
        share_alerts,
        status_quo_cooperation,
        status_quo_outside_cooperation,
    }
}
