//! `[[programmes]]`: lock, alarm and camera programmes in chosen jurisdictions.

use super::{Context, LeverTable, root_key};
use crate::scenario::doc::Val;
use crate::scenario::economics::Price;
use crate::scenario::keys::{Def, KeyDoc, Kind, TableDoc, key};
use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

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

const UNCHANGED: Def = Def::Note("none: left as it is");

/// The keys of each `[[programmes]]` table.
pub static PROGRAMME: TableDoc = TableDoc {
    path: "programmes[]",
    about: "A defence programme in chosen jurisdictions: sets the share of targets with \
            locks, alarms or private cameras there (物防, 技防); priced per protected target.",
    keys: &[
        key(
            "name",
            Kind::Text,
            Def::Note("`\"programme1\"`, `\"programme2\"`, … by position"),
            "",
            "label",
        ),
        key(
            "jurisdictions",
            Kind::Names("jurisdiction"),
            Def::Note("every jurisdiction"),
            "",
            "where the programme runs",
        ),
        key(
            "lock_share",
            Kind::Num(Check::Share),
            UNCHANGED,
            "",
            "replaces the lock share of every node in those jurisdictions",
        ),
        key(
            "alarm_share",
            Kind::Num(Check::Share),
            UNCHANGED,
            "",
            "the same for alarms",
        ),
        key(
            "camera_share",
            Kind::Num(Check::Share),
            UNCHANGED,
            "",
            "the same for private cameras",
        ),
    ],
    extra: None,
};

pub(crate) fn read_programmes(
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
        let Some(t) = r.as_table(n, format!("{path}[{i}]")) else {
            continue;
        };
        let mut t = t.with_doc(&PROGRAMME);
        let name = r.string(&mut t, "name", || format!("programme{}", i + 1));
        let mut js = Vec::new();
        let all = jurisdictions
            .iter()
            .map(|j| crate::scenario::doc::builtin(Val::Str(j.clone())))
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
            lock_share: r.num_opt(&mut t, "lock_share"),
            alarm_share: r.num_opt(&mut t, "alarm_share"),
            camera_share: r.num_opt(&mut t, "camera_share"),
        };
        r.finish(t);
        out.push(p);
    }
    out
}

impl LeverTable for Vec<ProgrammeSpec> {
    const ROOT_KEY: KeyDoc = root_key(
        "programmes",
        "programmes[]",
        Def::Note("none"),
        "lock, alarm and camera programmes",
    );
    const TABLES: &'static [&'static TableDoc] = &[&PROGRAMME];
    fn read(r: &mut Reader, top: &mut Tbl, cx: &Context) -> Self {
        read_programmes(r, top, cx.jurisdictions)
    }
}

// Prices: keys of `[economics]`, values in the price sets' order (uk-2016,
// china-county-2019; sources and ranges in docs/economics.md).

/// A lock per protected target per year (amortised installation plus running).
pub const LOCK: Price = Price {
    key: "lock_cost_per_target_year",
    unit: "money a year",
    meaning: "per locked target (household or vehicle)",
    values: [15.0, 30.0],
};

/// An alarm per protected target per year.
pub const ALARM: Price = Price {
    key: "alarm_cost_per_target_year",
    unit: "money a year",
    meaning: "per alarmed target",
    values: [60.0, 150.0],
};

/// A private camera per protected target per year.
pub const CAMERA: Price = Price {
    key: "camera_cost_per_target_year",
    unit: "money a year",
    meaning: "per target under a private camera",
    values: [80.0, 120.0],
};

/// Its prices, in the order of `[economics]`.
pub const PRICES: &[&Price] = &[&LOCK, &ALARM, &CAMERA];
