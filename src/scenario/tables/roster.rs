//! `[roster]`: officers' productive hours, for turning units into officers.

use crate::scenario::keys::{TableDoc, num};
use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RosterSpec {
    pub productive_hours_per_officer: f64,
}

/// The keys of `[roster]`.
pub static ROSTER: TableDoc = TableDoc {
    path: "roster",
    about: "Officers' working time, for turning units on duty into officers (`officers_needed`).",
    keys: &[num(
        "productive_hours_per_officer",
        1960.0,
        Check::Range(1.0, 8784.0),
        "hours per officer per year",
        "hours one officer can work in a year after leave, training and court (a year counted as 365 days, model.md §9)",
    )],
    extra: None,
};

pub(crate) fn read_roster(r: &mut Reader, top: &mut Tbl) -> RosterSpec {
    let mut ro = r.table(top, "roster", &ROSTER);
    let roster = RosterSpec {
        productive_hours_per_officer: r.num(&mut ro, "productive_hours_per_officer"),
    };
    r.finish(ro);
    roster
}
