//! `[scenario]`: the run's name, horizon, warm-up, seed and replications.

use crate::scenario::keys::Def;
use crate::scenario::keys::{Kind, TableDoc, int, key, num};
use crate::scenario::read::{Check, Reader, Tbl};

/// The keys of `[scenario]`.
pub static RUN: TableDoc = TableDoc {
    path: "scenario",
    about: "The run: its name, length, warm-up, seed and replications.",
    keys: &[
        key(
            "name",
            Kind::Text,
            Def::Text("unnamed"),
            "",
            "shown in reports and JSON",
        ),
        key("description", Kind::Text, Def::Text(""), "", "free text"),
        num(
            "horizon_days",
            365.0,
            Check::Positive,
            "days",
            "simulated time; a run covers `[0, horizon]`, and t = 0 is Monday 00:00",
        ),
        num(
            "warmup_days",
            0.0,
            Check::NonNeg,
            "days",
            "start of the period that metrics cover (model.md §12); must be below `horizon_days`",
        ),
        int(
            "seed",
            1,
            0,
            i64::MAX,
            "",
            "master seed; replication seeds are derived from it",
        ),
        int(
            "replications",
            10,
            1,
            1_000_000,
            "",
            "independent runs; each metric carries a mean and a 95 % Student-t interval",
        ),
    ],
    extra: None,
};

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
    let mut sc = r.table(top, "scenario", &RUN);
    let name = r.text(&mut sc, "name");
    let description = r.text(&mut sc, "description");
    let horizon_days = r.num(&mut sc, "horizon_days");
    let warmup_days = r.num(&mut sc, "warmup_days");
    if warmup_days >= horizon_days {
        let o = sc.origin.clone();
        r.error("scenario.warmup_days", &o, format!(
            "the warm-up ({warmup_days} days) must be shorter than the horizon ({horizon_days} days)"
        ));
    }
    let seed = r.whole(&mut sc, "seed") as u64;
    let replications = r.whole(&mut sc, "replications") as u32;
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
