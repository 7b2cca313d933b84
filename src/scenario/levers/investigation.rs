//! `[investigation]`: detectives working reported cases.

use super::{Context, LeverTable, SEE, root_key};
use crate::scenario::economics::Price;
use crate::scenario::keys::{KeyDoc, TableDoc, int, num};
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

/// The keys of `[investigation]`.
pub static INVESTIGATION: TableDoc = TableDoc {
    path: "investigation",
    about: "Investigation capacity (the \"strike\" side, 打).",
    keys: &[
        int(
            "detectives",
            0,
            0,
            100_000,
            "detectives",
            "detectives working a first-come-first-served queue of reported cases; 0 = capacity not modelled: every case is worked at once, at no cost, and an identified offender is arrested after `crime.investigation_delay_days`",
        ),
        num(
            "cases_per_detective_year",
            120.0,
            Check::Positive,
            "cases a year",
            "a case's work time is exponential with mean 365 / this, in days",
        ),
        num(
            "case_decay_days",
            30.0,
            Check::Positive,
            "days",
            "a case's identification chance is multiplied by exp(−days waited in the queue / this)",
        ),
    ],
    extra: None,
};

pub(crate) fn read_investigation(r: &mut Reader, top: &mut Tbl) -> InvestigationSpec {
    let mut t = r.table(top, "investigation", &INVESTIGATION);
    let s = InvestigationSpec {
        detectives: r.whole(&mut t, "detectives") as u32,
        cases_per_detective_year: r.num(&mut t, "cases_per_detective_year"),
        case_decay_days: r.num(&mut t, "case_decay_days"),
    };
    r.finish(t);
    s
}

impl LeverTable for InvestigationSpec {
    const ROOT_KEY: KeyDoc = root_key("investigation", "investigation", SEE, "detectives");
    const TABLES: &'static [&'static TableDoc] = &[&INVESTIGATION];
    const EXAMPLE: &'static [&'static str] = &["investigation.detectives=5"];
    fn read(r: &mut Reader, top: &mut Tbl, _cx: &Context) -> Self {
        read_investigation(r, top)
    }
}

// Prices: keys of `[economics]`, values in the price sets' order (uk-2016,
// china-county-2019; sources and ranges in docs/economics.md).

/// A detective for a year, all in.
pub const DETECTIVE: Price = Price {
    key: "detective_cost_per_year",
    unit: "money a year",
    meaning: "per detective (`investigation.detectives`)",
    values: [65_000.0, 160_000.0],
};

/// Its prices, in the order of `[economics]`.
pub const PRICES: &[&Price] = &[&DETECTIVE];
