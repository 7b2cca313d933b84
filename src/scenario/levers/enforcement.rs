//! `[enforcement]`: stop-and-check on patrol and plain-clothes stake-outs.

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

pub(crate) fn read_enforcement(r: &mut Reader, top: &mut Tbl) -> EnforcementSpec {
    let mut t = r
        .sub(top, "enforcement")
        .unwrap_or_else(|| Tbl::empty("enforcement".into()));
    let s = EnforcementSpec {
        stop_check_per_hour: r.f64(&mut t, "stop_check_per_hour", 0.0, Check::NonNeg),
        stop_check_min: r.f64(&mut t, "stop_check_min", 10.0, Check::NonNeg),
        stop_check_catch: r.f64(&mut t, "stop_check_catch", 0.2, Check::Share),
        stakeout_min: r.f64(&mut t, "stakeout_min", 60.0, Check::Positive),
        stakeout_catch: r.f64(&mut t, "stakeout_catch", 0.5, Check::Share),
    };
    r.finish(t);
    s
}
