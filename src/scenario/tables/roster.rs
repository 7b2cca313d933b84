//! `[roster]`: officers' productive hours, for turning units into officers.

use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RosterSpec {
    pub productive_hours_per_officer: f64,
}

pub(crate) fn read_roster(r: &mut Reader, top: &mut Tbl) -> RosterSpec {
    let mut ro = r
        .sub(top, "roster")
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
    roster
}
