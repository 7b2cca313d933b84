//! `[scenario]`: the run's name, horizon, warm-up, seed and replications.

use crate::scenario::doc::Val;
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
        key(
            "warmup_days",
            Kind::Other("a number of days ≥ 0, or \"auto\""),
            Def::Num(0.0),
            "days",
            "start of the period that metrics cover (model.md §12); must be below `horizon_days`. \"auto\": chosen by MSER-5 on the daily completed crimes and prison population of pilot runs (docs/crime.md §14), reported as the metric `warmup_days`",
        ),
        key(
            "burn_in_days",
            Kind::Other("a whole number of weeks ≥ 0, or \"auto\""),
            Def::Num(0.0),
            "days",
            "simulated before day 0 and never measured, so the slow processes (offender careers, prison, case queues) start near their stationary state; a whole number of weeks (the week's pattern stays aligned). \"auto\": sized by the slowest process, the longest stay in custody or detention (a prison filled from empty within 1 % of its stationary size) and the memory of arrests (4.6 e-foldings), docs/crime.md §16.3; reported as the metric `burn_in_days`",
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
    pub warmup_auto: bool,
    pub burn_in_days: f64,
    pub burn_in_auto: bool,
    pub seed: u64,
    pub replications: u32,
}

pub(crate) fn read_run(r: &mut Reader, top: &mut Tbl) -> RunSpec {
    let mut sc = r.table(top, "scenario", &RUN);
    let name = r.text(&mut sc, "name");
    let description = r.text(&mut sc, "description");
    let horizon_days = r.num(&mut sc, "horizon_days");
    let word = match r.get(&mut sc, "warmup_days") {
        Some(n) => match &n.val {
            Val::Str(s) => Some((s.clone(), n.origin.clone())),
            _ => None,
        },
        None => None,
    };
    let is_word = word.is_some();
    let auto = match word {
        Some((w, _)) if w == "auto" => true,
        Some((w, o)) => {
            r.error(
                "scenario.warmup_days",
                &o,
                format!("expected a number of days ≥ 0 or \"auto\", found \"{w}\""),
            );
            false
        }
        None => false,
    };
    let warmup_days = if is_word {
        0.0
    } else {
        r.f64(&mut sc, "warmup_days", 0.0, Check::NonNeg)
    };
    let burn_word = match r.get(&mut sc, "burn_in_days") {
        Some(n) => match &n.val {
            Val::Str(s) => Some((s.clone(), n.origin.clone())),
            _ => None,
        },
        None => None,
    };
    let burn_in_auto = match &burn_word {
        Some((w, _)) if w == "auto" => true,
        Some((w, o)) => {
            r.error(
                "scenario.burn_in_days",
                o,
                format!("expected a whole number of weeks ≥ 0 or \"auto\", found \"{w}\""),
            );
            false
        }
        None => false,
    };
    let burn_in_days = if burn_word.is_some() {
        0.0
    } else {
        r.f64(&mut sc, "burn_in_days", 0.0, Check::NonNeg)
    };
    if burn_in_days % 7.0 != 0.0 {
        let o = r
            .get(&mut sc, "burn_in_days")
            .map_or_else(|| sc.origin.clone(), |n| n.origin.clone());
        r.error(
            "scenario.burn_in_days",
            &o,
            format!("must be a whole number of weeks (0, 7, 14, … 364, …) so the week's pattern stays aligned (got {burn_in_days})"),
        );
    }
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
        warmup_auto: auto,
        burn_in_days,
        burn_in_auto,
        seed,
        replications,
    }
}
