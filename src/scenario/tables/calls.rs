//! `[calls]` and `[[calls.types]]`: the call load, its profile over the
//! week, and the call types.

use crate::scenario::doc::{Origin, Val, builtin, key};
use crate::scenario::keys::{Def, Kind, TableDoc, dist, int, key as entry, num};
use crate::scenario::read::{Check, Reader, Tbl, tables};
use crate::scenario::types::{Dist, dist_val, read_dist_key};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CallTypeSpec {
    pub name: String,
    /// Share of all calls (normalised to sum to 1).
    pub share: f64,
    /// 1 = most urgent.
    pub priority: u8,
    pub on_scene_min: Dist,
    /// A joint incident: one unit of each of these unit types (indices
    /// into `unit_types`, resolved by `assemble`); empty: one unit that
    /// answers the type.
    pub needs: Vec<usize>,
    /// The names `needs` was given as, and where.
    #[serde(skip)]
    pub needs_names: Vec<(String, Origin)>,
    #[serde(skip)]
    pub origin: Origin,
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

/// Relative values: bounded so that their sum (the normalisation) stays finite.
const PROFILE: Check = Check::Range(0.0, 1e6);

/// The keys of `[calls]`.
pub static CALLS: TableDoc = TableDoc {
    path: "calls",
    about: "The calls for service: their rate, its profile over the day and the week, and \
            the call types.",
    keys: &[
        num(
            "rate_per_hour",
            0.0,
            Check::NonNeg,
            "calls per hour",
            "mean rate over the week; with the default, **no calls arrive**",
        ),
        entry(
            "hourly_profile",
            Kind::Numbers(Some(24), PROFILE),
            Def::Note("flat"),
            "",
            "relative rate by hour of day, 00:00 first, normalised to mean 1; at least one above 0",
        ),
        entry(
            "weekday_profile",
            Kind::Numbers(Some(7), PROFILE),
            Def::Note("flat"),
            "",
            "relative rate by day, Monday first, normalised to mean 1; at least one above 0",
        ),
        entry(
            "types",
            Kind::Table("calls.types[]"),
            Def::Note("one type, `\"general\"`, every key its default"),
            "",
            "the call types",
        ),
    ],
    extra: None,
};

/// The keys of each `[[calls.types]]` table.
pub static CALL_TYPE: TableDoc = TableDoc {
    path: "calls.types[]",
    about: "One call type.",
    keys: &[
        entry(
            "name",
            Kind::Text,
            Def::Note("`\"type1\"`, `\"type2\"`, … by position"),
            "",
            "label",
        ),
        num(
            "share",
            1.0,
            Check::NonNeg,
            "",
            "share of calls, normalised to sum to 1 (the sum over types must be above 0)",
        ),
        int(
            "priority",
            2,
            1,
            9,
            "",
            "1 = most urgent; metrics are broken down as `.p1`, `.p2`, …",
        ),
        dist(
            "on_scene_min",
            Dist::Exponential { mean: 30.0 },
            "minutes",
            "time on scene, drawn when the call is created",
        ),
        entry(
            "needs",
            Kind::Names("unit type"),
            Def::Note("none: one unit that answers the type"),
            "",
            "a joint incident: one unit of each listed unit type is sent (a traffic accident with injuries: traffic police and an ambulance); it is served when all have arrived (`joint_*` metrics, docs/desks.md)",
        ),
    ],
    extra: None,
};

fn normalised(v: Vec<f64>) -> Vec<f64> {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.into_iter().map(|x| x / mean).collect()
}

pub(crate) fn read_profile(r: &mut Reader, t: &mut Tbl, key: &str, len: usize) -> Vec<f64> {
    r.fill_numbers(t, key, &vec![1.0; len]);
    match r.numbers(t, key, Some(len), PROFILE) {
        Some(v) if v.iter().sum::<f64>() > 0.0 => normalised(v),
        Some(_) => {
            let o = t.origin.clone();
            r.error(&t.key_path(key), &o, "at least one value must be above 0");
            vec![1.0; len]
        }
        None => vec![1.0; len],
    }
}

pub(crate) fn read_calls(r: &mut Reader, top: &mut Tbl) -> CallsSpec {
    let mut t = r.table(top, "calls", &CALLS);
    let rate_per_hour = r.num(&mut t, "rate_per_hour");
    let hourly_profile = read_profile(r, &mut t, "hourly_profile", 24);
    let weekday_profile = read_profile(r, &mut t, "weekday_profile", 7);
    let mut types = Vec::new();
    let had = t.has("types");
    for ct in tables(r, &mut t, "types") {
        let mut ct = ct.with_doc(&CALL_TYPE);
        let k = types.len() + 1;
        let name = r.string(&mut ct, "name", || format!("type{k}"));
        let share = r.num(&mut ct, "share");
        let priority = r.whole(&mut ct, "priority") as u8;
        let on_scene_min = read_dist_key(r, &mut ct, "on_scene_min");
        let needs_names = r.strings(&mut ct, "needs").unwrap_or_default();
        let origin = ct.origin.clone();
        r.finish(ct);
        types.push(CallTypeSpec {
            name,
            share,
            priority,
            on_scene_min,
            needs: Vec::new(),
            needs_names,
            origin,
        });
    }
    if !had {
        let general = CallTypeSpec {
            name: "general".into(),
            share: CALL_TYPE.num("share"),
            priority: CALL_TYPE.int("priority") as u8,
            on_scene_min: CALL_TYPE.dist("on_scene_min"),
            needs: Vec::new(),
            needs_names: Vec::new(),
            origin: Origin::Builtin,
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
