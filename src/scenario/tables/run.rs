//! `[scenario]`: the run's name, horizon, warm-up, seed and replications.

use crate::scenario::read::{Check, Reader, Tbl};

/// The `[scenario]` table (its values sit at the top of
/// [`Scenario`](crate::scenario::Scenario)).
pub(crate) struct RunSpec {
    pub name: String,
    pub description: String,
    pub horizon_days: f64,
    pub warmup_days: f64,
    pub seed: u64,
    pub replications: u32,
}

pub(crate) fn read_run(r: &mut Reader, top: &mut Tbl) -> RunSpec {
    let mut sc = r
        .sub(top, "scenario")
        .unwrap_or_else(|| Tbl::empty("scenario".into()));
    let name = r.string(&mut sc, "name", || "unnamed".into());
    let description = r.string(&mut sc, "description", String::new);
    let horizon_days = r.f64(&mut sc, "horizon_days", 365.0, Check::Positive);
    let warmup_days = r.f64(&mut sc, "warmup_days", 0.0, Check::NonNeg);
    if warmup_days >= horizon_days {
        let o = sc.origin.clone();
        r.error("scenario.warmup_days", &o, format!(
            "the warm-up ({warmup_days} days) must be shorter than the horizon ({horizon_days} days)"
        ));
    }
    let seed = r.int(&mut sc, "seed", 1, 0, i64::MAX) as u64;
    let replications = r.int(&mut sc, "replications", 10, 1, 1_000_000) as u32;
    r.finish(sc);
    RunSpec {
        name,
        description,
        horizon_days,
        warmup_days,
        seed,
        replications,
    }
}
