//! `[unit_types.NAME]`: the kinds of unit (speeds, crew, visibility), the
//! built-in ones and any the scenario adds.

use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

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

pub(crate) fn read_unit_types(r: &mut Reader, top: &mut Tbl) -> Vec<UnitTypeSpec> {
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
