//! `[crime]` and `[crime.types.NAME]`: offenders, their decisions, arrests,
//! and the crime types with their defaults. Every default is listed with
//! its source in `docs/crime.md`.

use crate::scenario::doc::Val;
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{Dist, read_dist};
use serde::Serialize;

/// What a crime type takes.
pub const TARGETS: [&str; 3] = ["household", "pedestrian", "vehicle"];

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

pub(crate) fn read_crime(r: &mut Reader, top: &mut Tbl) -> Option<CrimeSpec> {
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
