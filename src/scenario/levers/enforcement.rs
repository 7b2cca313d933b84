//! `[enforcement]`: stop-and-check on patrol and plain-clothes stake-outs.

use super::{Context, LeverTable, SEE, root_key};
use crate::scenario::keys::{KeyDoc, TableDoc, num};
use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

/// Enforcement patrol (执法巡逻) and plain-clothes stake-outs.
#[derive(Debug, Clone, Serialize)]
pub struct EnforcementSpec {
    /// Stops and checks per patrolling unit-hour.
    pub stop_check_per_hour: f64,
    /// Minutes one stop-and-check takes (the unit stays at the node).
    pub stop_check_min: f64,
    /// Chance a check catches an offender carrying loot at that place.
    pub stop_check_catch: f64,
    /// Minutes a stake-out unit waits at a hot spot before choosing again.
    pub stakeout_min: f64,
    /// Chance a stake-out catches an offender committing a crime in view.
    pub stakeout_catch: f64,
}

/// The keys of `[enforcement]`.
pub static ENFORCEMENT: TableDoc = TableDoc {
    path: "enforcement",
    about: "Enforcement patrol (执法巡逻): stop-and-check by patrolling units, and \
            plain-clothes stake-outs (`patrol = \"stakeout\"`).",
    keys: &[
        num(
            "stop_check_per_hour",
            0.0,
            Check::NonNeg,
            "stops per patrolling unit-hour",
            "rate of stop-and-checks by patrolling units (every policy except `\"stakeout\"`); 0 = none",
        ),
        num(
            "stop_check_min",
            10.0,
            Check::NonNeg,
            "minutes",
            "time one stop takes, at the node, at patrol visibility",
        ),
        num(
            "stop_check_catch",
            0.2,
            Check::Share,
            "",
            "chance that a stop catches the offenders carrying loot who are dwelling or committing a crime at that node",
        ),
        num(
            "stakeout_min",
            60.0,
            Check::Positive,
            "minutes",
            "time a `\"stakeout\"` unit waits at its target",
        ),
        num(
            "stakeout_catch",
            0.5,
            Check::Share,
            "",
            "chance of arresting an offender whose attempt at a watched node overlapped the watch",
        ),
    ],
    extra: None,
};

pub(crate) fn read_enforcement(r: &mut Reader, top: &mut Tbl) -> EnforcementSpec {
    let mut t = r.table(top, "enforcement", &ENFORCEMENT);
    let s = EnforcementSpec {
        stop_check_per_hour: r.num(&mut t, "stop_check_per_hour"),
        stop_check_min: r.num(&mut t, "stop_check_min"),
        stop_check_catch: r.num(&mut t, "stop_check_catch"),
        stakeout_min: r.num(&mut t, "stakeout_min"),
        stakeout_catch: r.num(&mut t, "stakeout_catch"),
    };
    r.finish(t);
    s
}

impl LeverTable for EnforcementSpec {
    const ROOT_KEY: KeyDoc = root_key(
        "enforcement",
        "enforcement",
        SEE,
        "stop-and-check and stake-outs",
    );
    const TABLES: &'static [&'static TableDoc] = &[&ENFORCEMENT];
    fn read(r: &mut Reader, top: &mut Tbl, _cx: &Context) -> Self {
        read_enforcement(r, top)
    }
}
