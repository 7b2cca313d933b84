//! `[unit_types.NAME]`: the kinds of unit (speeds, crew, visibility), the
//! built-in ones and any the scenario adds.

use crate::scenario::keys::{Def, Kind, TableDoc, choice, flag, int, key, num};
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
    /// Its agency and role (`ROLES`): who answers which calls (docs/desks.md).
    pub role: usize,
    /// Call types (indices into `calls.types`) it answers as first choice;
    /// `None`: not given (a patrol type answers every call type no other
    /// type lists; other roles none).
    pub answers: Option<Vec<usize>>,
    /// Call types it may answer when none of their own units is free
    /// (`dispatch.operations = "combined"`).
    pub covers: Vec<usize>,
}

/// Roles of unit types: the agency a unit belongs to and the calls it
/// answers by default (docs/desks.md "Agencies and roles").
pub const ROLES: [&str; 6] = [
    "patrol",
    "traffic",
    "fire",
    "medical",
    "detective",
    "community",
];
pub const PATROL_ROLE: usize = 0;
/// The role of community officers (`[community]`), who are not unit groups.
pub const COMMUNITY_ROLE: usize = 5;

/// Police roles deter (their presence counts); fire engines and ambulances
/// do not.
pub fn role_deters(role: usize) -> bool {
    !matches!(ROLES[role], "fire" | "medical")
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
            role: PATROL_ROLE,
            answers: None,
            covers: Vec::new(),
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
            role: PATROL_ROLE,
            answers: None,
            covers: Vec::new(),
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
            role: PATROL_ROLE,
            answers: None,
            covers: Vec::new(),
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
            role: PATROL_ROLE,
            answers: None,
            covers: Vec::new(),
        },
    ]
}

/// The keys of `[unit_types.NAME]`. The defaults are those of a new type;
/// a table named after a built-in type changes only the keys it sets.
pub static UNIT_TYPE: TableDoc = TableDoc {
    path: "unit_types.NAME",
    about: "A kind of unit. A table named after a built-in type changes only the keys it \
            sets; the defaults below are those of a new type.",
    keys: &[
        key(
            "speed_kmh",
            Kind::Num(Check::Positive),
            Def::Required,
            "km/h",
            "speed when driving to a call or home (capped by road limits)",
        ),
        key(
            "patrol_speed_kmh",
            Kind::Num(Check::Positive),
            Def::Note("`speed_kmh` / 2"),
            "km/h",
            "speed on preventive patrol (capped by road limits)",
        ),
        int(
            "crew",
            1,
            1,
            100,
            "officers",
            "officers per unit (roster arithmetic)",
        ),
        num(
            "admin_share",
            0.0,
            Check::Range(0.0, 0.95),
            "",
            "share of on-duty time unavailable for other reasons (meals, paperwork), one break per window of at most a day (model.md §8.5)",
        ),
        key(
            "visibility",
            Kind::Table("unit_types.NAME.visibility"),
            Def::Note("see below"),
            "",
            "presence weight by activity",
        ),
        flag(
            "police",
            true,
            "police (dispatched, can arrest) or joint-defence volunteers (群防群治: patrol and deter, report what they see, never dispatched, no arrest)",
        ),
        choice(
            "role",
            0,
            &ROLES,
            "its agency and role: patrol police, traffic police, fire engines, ambulances, detectives, community officers; sets which calls it answers by default, the agency its results and calls are counted under, and (fire, medical) that its presence does not deter (docs/desks.md)",
        ),
        key(
            "answers",
            Kind::Names("call type"),
            Def::Note(
                "a `patrol` type: every call type no other type lists (and crime reports, alarms); other roles: none",
            ),
            "",
            "the `[[calls.types]]` it answers as first choice; giving it (or `covers`, or a call type's `needs`) switches on roles: otherwise every police unit answers every call, as before",
        ),
        key(
            "covers",
            Kind::Names("call type"),
            Def::Note("none"),
            "",
            "call types it may answer when no unit that answers them is free, under `dispatch.operations = \"combined\"` (patrol covering a traffic call); never under `\"separate\"`",
        ),
    ],
    extra: Some(builtin_table),
};

/// The keys of `[unit_types.NAME.visibility]`.
pub static VISIBILITY: TableDoc = TableDoc {
    path: "unit_types.NAME.visibility",
    about: "How much a unit's presence counts (deters) by what it is doing; defaults of a new type.",
    keys: &[
        num("patrol", 1.0, Check::Share, "weight", "while patrolling"),
        num(
            "en_route",
            0.5,
            Check::Share,
            "weight",
            "while driving to a call",
        ),
        num(
            "returning",
            1.0,
            Check::Share,
            "weight",
            "while driving back to the post",
        ),
    ],
    extra: None,
};

/// The built-in unit types as a reference table.
fn builtin_table() -> String {
    let types = builtin_unit_types();
    let mut out = String::from("The built-in types:\n\n| key |");
    for t in &types {
        out.push_str(&format!(" `{}` |", t.name));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(types.len()));
    out.push('\n');
    type Row<'a> = (&'a str, &'a dyn Fn(&UnitTypeSpec) -> String);
    let rows: [Row; 9] = [
        ("speed_kmh", &|t| t.speed_kmh.to_string()),
        ("patrol_speed_kmh", &|t| t.patrol_speed_kmh.to_string()),
        ("crew", &|t| t.crew.to_string()),
        ("admin_share", &|t| t.admin_share.to_string()),
        ("visibility.patrol", &|t| t.visibility.patrol.to_string()),
        ("visibility.en_route", &|t| {
            t.visibility.en_route.to_string()
        }),
        ("visibility.returning", &|t| {
            t.visibility.returning.to_string()
        }),
        ("police", &|t| t.police.to_string()),
        ("role", &|t| ROLES[t.role].to_string()),
    ];
    for (name, f) in rows {
        out.push_str(&format!("| `{name}` |"));
        for t in &types {
            out.push_str(&format!(" {} |", f(t)));
        }
        out.push('\n');
    }
    out
}

pub(crate) fn read_unit_types(
    r: &mut Reader,
    top: &mut Tbl,
    call_types: &[&str],
) -> Vec<UnitTypeSpec> {
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
        let Some(u) = r.sub(&mut t, &name) else {
            continue;
        };
        let mut u = u.with_doc(&UNIT_TYPE);
        let base = types.iter().position(|x| x.name == name);
        let d = base.map(|i| types[i].clone()).unwrap_or(UnitTypeSpec {
            name: name.clone(),
            speed_kmh: f64::NAN,
            patrol_speed_kmh: f64::NAN,
            crew: UNIT_TYPE.int("crew") as u32,
            admin_share: UNIT_TYPE.num("admin_share"),
            visibility: VisibilitySpec {
                patrol: VISIBILITY.num("patrol"),
                en_route: VISIBILITY.num("en_route"),
                returning: VISIBILITY.num("returning"),
            },
            police: UNIT_TYPE.flag("police"),
            role: PATROL_ROLE,
            answers: None,
            covers: Vec::new(),
        });
        let speed_kmh = if base.is_some() {
            r.num_or(&mut u, "speed_kmh", d.speed_kmh)
        } else {
            r.num(&mut u, "speed_kmh")
        };
        // Half the speed for a new type: derived.
        let derive = d.patrol_speed_kmh.is_nan();
        let default = if derive {
            speed_kmh / 2.0
        } else {
            d.patrol_speed_kmh
        };
        let was = std::mem::replace(&mut r.deriving, derive);
        let patrol_speed_kmh = r.num_or(&mut u, "patrol_speed_kmh", default);
        r.deriving = was;
        let crew = r.whole_or(&mut u, "crew", d.crew as i64) as u32;
        let admin_share = r.num_or(&mut u, "admin_share", d.admin_share);
        let mut v = r.table(&mut u, "visibility", &VISIBILITY);
        let visibility = VisibilitySpec {
            patrol: r.num_or(&mut v, "patrol", d.visibility.patrol),
            en_route: r.num_or(&mut v, "en_route", d.visibility.en_route),
            returning: r.num_or(&mut v, "returning", d.visibility.returning),
        };
        r.finish(v);
        let police = r.flag_or(&mut u, "police", d.police);
        let role = r.choice(&mut u, "role", d.role, &ROLES);
        let answers = r
            .names_of(&mut u, "answers", call_types, "call type")
            .or(d.answers.clone());
        let covers = r
            .names_of(&mut u, "covers", call_types, "call type")
            .unwrap_or(d.covers.clone());
        r.finish(u);
        let spec = UnitTypeSpec {
            name: name.clone(),
            speed_kmh,
            patrol_speed_kmh,
            crew,
            admin_share,
            visibility,
            police,
            role,
            answers,
            covers,
        };
        match base {
            Some(i) => types[i] = spec,
            None => types.push(spec),
        }
    }
    r.finish(t);
    types
}
