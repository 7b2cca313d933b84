//! `[crime.types.NAME]`: the crime types, the built-in ones ("two
//! robberies, one theft" 两抢一盗, vehicle theft and assault with injury)
//! and any the scenario adds, with their places (land use) and calendar
//! (hour, weekday, season). Every default is listed with its source in
//! `docs/crime.md`.

use crate::scenario::doc::Val;
use crate::scenario::keys::{Def, KeyDoc, Kind, TableDoc, key};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{Dist, read_dist};
use serde::Serialize;

/// Relative values: bounded so that their sum (the normalisation) stays finite.
const PROFILE: Check = Check::Range(0.0, 1e6);

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
    /// Shares of `social_cost` spent in response to the crime (police and
    /// criminal justice) and on public services as its consequence (health,
    /// victim services); the rest is harm to victims (economics.md).
    pub response_share: f64,
    pub public_services_share: f64,
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
    /// Relative rate of the type's opportunities by hour of day (00:00
    /// first) and by day (Monday first), as written; the model uses them
    /// normalised to mean 1.
    pub by_hour: Vec<f64>,
    pub by_weekday: Vec<f64>,
    /// Multiplier of the type's opportunities by the node's land use
    /// (index into `LAND_USES`).
    pub by_land_use: Vec<f64>,
    /// Seasonal cycle: the rate is multiplied by
    /// 1 + amplitude · cos(2π (day of year − peak day) / 365.25).
    pub seasonal_amplitude: f64,
    pub seasonal_peak_day: f64,
}

fn lognormal(mean: f64, sd: f64) -> Dist {
    Dist::Lognormal { mean, sd }
}

/// Flat profiles and no land-use preference: what a type without a
/// calendar or place pattern of its own takes.
const FLAT_24: [f64; 24] = [1.0; 24];
const FLAT_7: [f64; 7] = [1.0; 7];
const FLAT_USES: [f64; 6] = [1.0; 6];

/// Assault by hour of day (00:00 first), on top of street activity: the
/// night-time economy (violence peaks 23:00–03:00; 19 % of violent
/// incidents between midnight and 06:00, BCS 2008/09, D). Calibrated so
/// the model's share lands there (docs/crime.md §15).
const ASSAULT_BY_HOUR: [f64; 24] = [
    20.0, 20.0, 18.0, 13.5, 7.0, 2.3, 0.5, 0.4, 0.4, 0.4, 0.5, 0.5, 0.6, 0.6, 0.6, 0.6, 0.7, 0.8,
    1.0, 1.3, 1.8, 2.5, 4.0, 6.0,
];
/// Assault by day, Monday first: about half of violence at the weekend
/// (49 %, BCS, D).
const ASSAULT_BY_WEEKDAY: [f64; 7] = [0.72, 0.7, 0.7, 0.75, 0.9, 1.75, 1.5];
/// Assault by land use (residential, commercial, entertainment, lodging,
/// transport hub, second-hand market): bars and clubs at entertainment
/// places (synthesis; 12 % of violence in or around a pub, bar or club, D).
const ASSAULT_BY_USE: [f64; 6] = [0.5, 1.5, 6.0, 1.5, 2.0, 1.0];

/// The built-in crime types ("two robberies, one theft" 两抢一盗, vehicle
/// theft, and assault with injury).
pub fn builtin_crime_types() -> Vec<CrimeTypeSpec> {
    vec![
        CrimeTypeSpec {
            name: "burglary".into(),
            target: 0,
            // 8e-5 until issue 14 made locks as strong as Tseloni et al.
            // 2017 found (lock_fail 0.6 → 0.87) and alarm-cut entries count;
            // raised to keep the county's burglary level (≈ 660 a year).
            opportunity: 8.8e-5,
            reward: 1.0,
            time_on_target_min: lognormal(12.0, 8.0),
            social_cost: 5930.0,
            response_share: 0.22,
            public_services_share: 0.01,
            report_share: 0.6,
            noticed_share: 0.2,
            report_delay_noticed_min: lognormal(8.0, 8.0),
            report_delay_discovered_min: lognormal(330.0, 300.0),
            priority: 2,
            on_scene_min: lognormal(60.0, 30.0),
            investigation_clear: 0.06,
            camera_identify: 0.3,
            // Window and door locks: a security protection factor of about
            // 12.5 (Tseloni et al. 2017, references.md B11; levers.md §3).
            lock_fail: 0.87,
            guard_fail: 0.5,
            lock_time_factor: 1.5,
            by_hour: FLAT_24.to_vec(),
            by_weekday: FLAT_7.to_vec(),
            by_land_use: FLAT_USES.to_vec(),
            seasonal_amplitude: 0.06,
            seasonal_peak_day: 213.0,
        },
        CrimeTypeSpec {
            name: "robbery".into(),
            target: 1,
            opportunity: 4.5e-5,
            reward: 1.0,
            time_on_target_min: lognormal(2.0, 1.5),
            social_cost: 11320.0,
            response_share: 0.15,
            public_services_share: 0.05,
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
            by_hour: FLAT_24.to_vec(),
            by_weekday: FLAT_7.to_vec(),
            by_land_use: FLAT_USES.to_vec(),
            seasonal_amplitude: 0.06,
            seasonal_peak_day: 350.0,
        },
        CrimeTypeSpec {
            name: "snatch".into(),
            target: 1,
            opportunity: 1.3e-4,
            reward: 1.0,
            time_on_target_min: lognormal(0.5, 0.3),
            social_cost: 1380.0,
            response_share: 0.2,
            public_services_share: 0.01,
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
            by_hour: FLAT_24.to_vec(),
            by_weekday: FLAT_7.to_vec(),
            by_land_use: FLAT_USES.to_vec(),
            seasonal_amplitude: 0.08,
            seasonal_peak_day: 213.0,
        },
        CrimeTypeSpec {
            name: "vehicle_theft".into(),
            target: 2,
            opportunity: 4.5e-5,
            reward: 1.0,
            time_on_target_min: lognormal(5.0, 4.0),
            social_cost: 10290.0,
            response_share: 0.25,
            public_services_share: 0.005,
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
            by_hour: FLAT_24.to_vec(),
            by_weekday: FLAT_7.to_vec(),
            by_land_use: FLAT_USES.to_vec(),
            seasonal_amplitude: 0.04,
            seasonal_peak_day: 244.0,
        },
        // Assault with injury (violence with injury): a street crime of the
        // night-time economy. Costs C1 (Heeks et al. 2018: £14,050),
        // reporting B16 (CSEW: about half of violent incidents reported).
        CrimeTypeSpec {
            name: "assault".into(),
            target: 1,
            opportunity: 6.5e-5,
            reward: 1.0,
            time_on_target_min: lognormal(3.0, 2.0),
            social_cost: 14050.0,
            // Synthesis (C1 breaks violence down; not read): police and courts
            // about a fifth, health services about a tenth.
            response_share: 0.2,
            public_services_share: 0.1,
            report_share: 0.52,
            noticed_share: 1.0,
            report_delay_noticed_min: lognormal(10.0, 10.0),
            report_delay_discovered_min: lognormal(60.0, 60.0),
            priority: 1,
            on_scene_min: lognormal(75.0, 40.0),
            investigation_clear: 0.1,
            camera_identify: 0.3,
            lock_fail: 0.0,
            guard_fail: 0.3,
            lock_time_factor: 1.0,
            by_hour: ASSAULT_BY_HOUR.to_vec(),
            by_weekday: ASSAULT_BY_WEEKDAY.to_vec(),
            by_land_use: ASSAULT_BY_USE.to_vec(),
            seasonal_amplitude: 0.12,
            seasonal_peak_day: 196.0,
        },
    ]
}

const PER_TYPE: Def = Def::Note("per type (below)");

const fn per_type(
    name: &'static str,
    kind: Kind,
    unit: &'static str,
    meaning: &'static str,
) -> KeyDoc {
    key(name, kind, PER_TYPE, unit, meaning)
}

/// The keys of `[crime.types.NAME]`. A table named after a built-in type
/// changes only the keys it sets; a new type takes the first built-in
/// type's values (burglary's) for the keys it leaves out, and must give
/// its `target`.
pub static CRIME_TYPE: TableDoc = TableDoc {
    path: "crime.types.NAME",
    about: "One crime type. A table named after a built-in type changes only the keys it \
            sets; a new type must give its `target` and takes burglary's values for the \
            keys it leaves out. At most 16 types; `hot_spots`, `ring` and `elsewhere` are \
            reserved names.",
    keys: &[
        key(
            "target",
            Kind::Choice(&TARGETS),
            Def::Note("per type; **required** for a new type"),
            "",
            "what the crime takes",
        ),
        per_type(
            "opportunity",
            Kind::Num(Check::Share),
            "",
            "weight per target present of finding a suitable opportunity of this type at a look (crime.md §4)",
        ),
        per_type(
            "reward",
            Kind::Num(Check::NonNeg),
            "",
            "relative attractiveness of the type's targets: multiplies its opportunity weight",
        ),
        per_type(
            "time_on_target_min",
            Kind::Dist,
            "minutes",
            "length of an attempt",
        ),
        per_type(
            "social_cost",
            Kind::Num(Check::NonNeg),
            "currency per completed crime",
            "summed into `social_cost` (crime.md §10); the built-in types' values are 2015/16 pounds (C1), multiplied by `economics.crime_cost_factor`",
        ),
        per_type(
            "response_share",
            Kind::Num(Check::Share),
            "",
            "share of `social_cost` spent in response to the crime (police, criminal justice: C1); left out of the benefit, since the model charges prison and arrests and runs the police as capacity (economics.md)",
        ),
        per_type(
            "public_services_share",
            Kind::Num(Check::Share),
            "",
            "share of `social_cost` borne by public services as a consequence (health, victim services: C1); `social_cost.public_services`",
        ),
        per_type(
            "report_share",
            Kind::Num(Check::Share),
            "",
            "chance that the crime is reported to 110",
        ),
        per_type(
            "noticed_share",
            Kind::Num(Check::Share),
            "",
            "chance that the crime is noticed at once (an involvement crime, B7); a crime at an occupied home always is",
        ),
        per_type(
            "report_delay_noticed_min",
            Kind::Dist,
            "minutes",
            "from the start of a noticed crime to the report (not before the attempt ends)",
        ),
        per_type(
            "report_delay_discovered_min",
            Kind::Dist,
            "minutes",
            "from the end of a crime discovered later to the report",
        ),
        per_type(
            "priority",
            Kind::Int(1, 9),
            "",
            "priority of its report calls",
        ),
        per_type(
            "on_scene_min",
            Kind::Dist,
            "minutes",
            "on-scene time of its report calls",
        ),
        per_type(
            "investigation_clear",
            Kind::Num(Check::Share),
            "",
            "chance that investigation identifies the offender of a reported crime, before the decay with `evidence_decay_hours`",
        ),
        per_type(
            "camera_identify",
            Kind::Num(Check::Share),
            "",
            "added to that chance when a camera watched the target",
        ),
        per_type(
            "lock_fail",
            Kind::Num(Check::Share),
            "",
            "chance that an attempt on a locked target fails",
        ),
        per_type(
            "guard_fail",
            Kind::Num(Check::Share),
            "",
            "chance that an attempt on an occupied home fails (only households can be occupied)",
        ),
        per_type(
            "lock_time_factor",
            Kind::Num(Check::Range(1.0, 100.0)),
            "factor",
            "a locked target is chosen 1/factor as often and takes factor times as long",
        ),
        per_type(
            "by_hour",
            Kind::Numbers(Some(24), PROFILE),
            "",
            "relative rate of the type's opportunities by hour of day, 00:00 first, normalised to mean 1; for pedestrian targets on top of `places.activity_by_hour` (crime.md §15)",
        ),
        per_type(
            "by_weekday",
            Kind::Numbers(Some(7), PROFILE),
            "",
            "relative rate by day, Monday first (the run starts on a Monday), normalised to mean 1",
        ),
        per_type(
            "by_land_use",
            Kind::Numbers(Some(6), PROFILE),
            "factor",
            "multiplier of the type's opportunities at a node by its land use, in the order residential, commercial, entertainment, lodging, transport_hub, second_hand_market",
        ),
        per_type(
            "seasonal_amplitude",
            Kind::Num(Check::Range(0.0, 1.0)),
            "",
            "the rate is multiplied by 1 + amplitude · cos(2π (day of year − `seasonal_peak_day`) / 365.25) (McDowall et al. 2012, F3); 0 = no season",
        ),
        per_type(
            "seasonal_peak_day",
            Kind::Num(Check::Range(1.0, 366.0)),
            "day of year",
            "day of the year when the seasonal cycle peaks (196 = mid-July); the run's first day is `crime.start_day_of_year`",
        ),
    ],
    extra: Some(builtin_types_table),
};

/// The built-in crime types as a reference table (one column per type).
fn builtin_types_table() -> String {
    use crate::scenario::keys::fmt_dist;
    let types = builtin_crime_types();
    let mut out = String::from("The built-in types (lognormal durations as mean / sd):\n\n| key |");
    for t in &types {
        out.push_str(&format!(" `{}` |", t.name));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(types.len()));
    out.push('\n');
    let d = |x: &Dist| match *x {
        Dist::Lognormal { mean, sd } => format!("{mean} / {sd}"),
        other => fmt_dist(&other),
    };
    type Row<'a> = (&'a str, &'a dyn Fn(&CrimeTypeSpec) -> String);
    let list = |v: &[f64]| {
        if v.iter().all(|&x| x == v[0]) {
            format!("flat ({})", v[0])
        } else {
            v.iter()
                .map(|x| format!("{}", (x * 100.0).round() / 100.0))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let rows: [Row; 23] = [
        ("target", &|t| TARGETS[t.target].to_string()),
        ("opportunity", &|t| format!("{:e}", t.opportunity)),
        ("reward", &|t| t.reward.to_string()),
        ("time_on_target_min", &|t| d(&t.time_on_target_min)),
        ("social_cost", &|t| t.social_cost.to_string()),
        ("response_share", &|t| t.response_share.to_string()),
        ("public_services_share", &|t| {
            t.public_services_share.to_string()
        }),
        ("report_share", &|t| t.report_share.to_string()),
        ("noticed_share", &|t| t.noticed_share.to_string()),
        ("report_delay_noticed_min", &|t| {
            d(&t.report_delay_noticed_min)
        }),
        ("report_delay_discovered_min", &|t| {
            d(&t.report_delay_discovered_min)
        }),
        ("priority", &|t| t.priority.to_string()),
        ("on_scene_min", &|t| d(&t.on_scene_min)),
        ("investigation_clear", &|t| {
            t.investigation_clear.to_string()
        }),
        ("camera_identify", &|t| t.camera_identify.to_string()),
        ("lock_fail", &|t| t.lock_fail.to_string()),
        ("guard_fail", &|t| t.guard_fail.to_string()),
        ("lock_time_factor", &|t| t.lock_time_factor.to_string()),
        ("by_hour", &|t| list(&t.by_hour)),
        ("by_weekday", &|t| list(&t.by_weekday)),
        ("by_land_use", &|t| list(&t.by_land_use)),
        ("seasonal_amplitude", &|t| t.seasonal_amplitude.to_string()),
        ("seasonal_peak_day", &|t| t.seasonal_peak_day.to_string()),
    ];
    for (name, f) in rows {
        CRIME_TYPE.key(name); // every row is a registered key
        out.push_str(&format!("| `{name}` |"));
        for t in &types {
            out.push_str(&format!(" {} |", f(t)));
        }
        out.push('\n');
    }
    out
}

/// A list of relative values of a crime type (`default` when absent); at
/// least one must be above 0. Kept as written (the model normalises the
/// hour and weekday profiles), so a resolved scenario reads back the same.
fn profile(r: &mut Reader, c: &mut Tbl, key: &str, default: &[f64]) -> Vec<f64> {
    r.fill_numbers(c, key, default);
    match r.numbers(c, key, Some(default.len()), PROFILE) {
        Some(v) if v.iter().sum::<f64>() > 0.0 => v,
        Some(_) => {
            let o = c.origin.clone();
            r.error(&c.key_path(key), &o, "at least one value must be above 0");
            default.to_vec()
        }
        None => default.to_vec(),
    }
}

/// The crime types of `[crime]` (`t`): the built-in ones with the changes
/// of `[crime.types.NAME]` tables, then the new ones.
/// `cost_factor` (`economics.crime_cost_factor`) converts the built-in
/// types' social costs into the scenario's money.
pub(crate) fn read_crime_types(
    r: &mut Reader,
    t: &mut Tbl,
    cost_factor: f64,
) -> Vec<CrimeTypeSpec> {
    let mut types = builtin_crime_types();
    for ty in &mut types {
        ty.social_cost *= cost_factor;
    }
    if let Some(mut tt) = r.sub(t, "types") {
        // The file's types, then the built-in ones it leaves alone.
        let mut names: Vec<String> = tt.keys().map(str::to_string).collect();
        for b in &types {
            if !names.contains(&b.name) {
                names.push(b.name.clone());
            }
        }
        for name in names {
            let Some(c) = r.sub(&mut tt, &name) else {
                continue;
            };
            let mut c = c.with_doc(&CRIME_TYPE);
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
                opportunity: r.num_or(&mut c, "opportunity", d.opportunity),
                reward: r.num_or(&mut c, "reward", d.reward),
                time_on_target_min: read_dist(
                    r,
                    &mut c,
                    "time_on_target_min",
                    d.time_on_target_min,
                ),
                social_cost: r.num_or(&mut c, "social_cost", d.social_cost),
                response_share: r.num_or(&mut c, "response_share", d.response_share),
                public_services_share: r.num_or(
                    &mut c,
                    "public_services_share",
                    d.public_services_share,
                ),
                report_share: r.num_or(&mut c, "report_share", d.report_share),
                noticed_share: r.num_or(&mut c, "noticed_share", d.noticed_share),
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
                priority: r.whole_or(&mut c, "priority", d.priority as i64) as u8,
                on_scene_min: read_dist(r, &mut c, "on_scene_min", d.on_scene_min),
                investigation_clear: r.num_or(&mut c, "investigation_clear", d.investigation_clear),
                camera_identify: r.num_or(&mut c, "camera_identify", d.camera_identify),
                lock_fail: r.num_or(&mut c, "lock_fail", d.lock_fail),
                guard_fail: r.num_or(&mut c, "guard_fail", d.guard_fail),
                lock_time_factor: r.num_or(&mut c, "lock_time_factor", d.lock_time_factor),
                by_hour: profile(r, &mut c, "by_hour", &d.by_hour),
                by_weekday: profile(r, &mut c, "by_weekday", &d.by_weekday),
                by_land_use: profile(r, &mut c, "by_land_use", &d.by_land_use),
                seasonal_amplitude: r.num_or(&mut c, "seasonal_amplitude", d.seasonal_amplitude),
                seasonal_peak_day: r.num_or(&mut c, "seasonal_peak_day", d.seasonal_peak_day),
            };
            r.deriving = was;
            if spec.response_share + spec.public_services_share > 1.0 {
                let o = c.origin.clone();
                r.error(
                    &c.key_path("public_services_share"),
                    &o,
                    format!(
                        "`response_share` ({}) + `public_services_share` ({}) must be at most 1: both are shares of `social_cost`",
                        spec.response_share, spec.public_services_share
                    ),
                );
            }
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
    types
}
