//! `[calls]` and `[[calls.types]]`: the call load, its profile over the
//! week, and the call types.

use crate::scenario::doc::{Val, builtin, key};
use crate::scenario::read::{Check, Reader, Tbl, tables};
use crate::scenario::types::{Dist, dist_val, read_dist};
use serde::Serialize;

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

fn normalised(v: Vec<f64>) -> Vec<f64> {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.into_iter().map(|x| x / mean).collect()
}

pub(crate) fn read_profile(r: &mut Reader, t: &mut Tbl, key: &str, len: usize) -> Vec<f64> {
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

pub(crate) fn read_calls(r: &mut Reader, top: &mut Tbl) -> CallsSpec {
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
