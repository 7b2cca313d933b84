//! `[investigation]`: detectives working reported cases.

use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

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

pub(crate) fn read_investigation(r: &mut Reader, top: &mut Tbl) -> InvestigationSpec {
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
