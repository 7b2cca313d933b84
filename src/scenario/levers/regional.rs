//! `[regional]`: cooperation between jurisdictions and with neighbouring counties.

use crate::scenario::doc::Val;
use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

/// Regional linkage (区域联动): cooperation between the county's
/// jurisdictions and with neighbouring counties.
#[derive(Debug, Clone, Serialize)]
pub struct RegionalSpec {
    /// Chance that an identification made by one jurisdiction leads to an
    /// arrest when the offender is found in another (default for every pair).
    pub cooperation: f64,
    /// Pair overrides: (jurisdiction a, jurisdiction b, cooperation), both ways.
    pub pairs: Vec<(usize, usize, f64)>,
    /// Chance that an identified roaming offender who has left the county is
    /// arrested by a neighbouring county's police.
    pub outside_cooperation: f64,
    /// Units answer calls across a jurisdiction boundary (as the dispatch
    /// rule allows) only between jurisdictions cooperating at least this much.
    pub cross_dispatch_min: f64,
    /// Checkpoints receive other jurisdictions' alerts for wanted offenders
    /// (identified but not arrested) with the pair's cooperation as chance.
    pub share_alerts: bool,
    /// Cooperation between jurisdictions the county has without a programme
    /// (the status quo, costing nothing); only cooperation above it is priced.
    pub status_quo_cooperation: f64,
    /// The same with the neighbouring counties.
    pub status_quo_outside_cooperation: f64,
}

impl RegionalSpec {
    /// Cooperation between jurisdictions `a` and `b` (1 within one).
    pub fn between(&self, a: usize, b: usize) -> f64 {
        if a == b {
            return 1.0;
        }
        self.pairs
            .iter()
            .rev()
            .find(|(x, y, _)| (*x == a && *y == b) || (*x == b && *y == a))
            .map_or(self.cooperation, |p| p.2)
    }
}

pub(crate) fn read_regional(
    r: &mut Reader,
    top: &mut Tbl,
    jurisdictions: &[String],
) -> RegionalSpec {
    let mut t = r
        .sub(top, "regional")
        .unwrap_or_else(|| Tbl::empty("regional".into()));
    let cooperation = r.f64(&mut t, "cooperation", 1.0, Check::Share);
    let outside_cooperation = r.f64(&mut t, "outside_cooperation", 0.0, Check::Share);
    let cross_dispatch_min = r.f64(&mut t, "cross_dispatch_min", 0.0, Check::Share);
    let share_alerts = r.bool(&mut t, "share_alerts", true);
    // The default cooperation is the status quo: a scenario that does not
    // buy more pays nothing for it.
    let status_quo_cooperation = r.f64(&mut t, "status_quo_cooperation", 1.0, Check::Share);
    let status_quo_outside_cooperation =
        r.f64(&mut t, "status_quo_outside_cooperation", 0.0, Check::Share);
    let mut pairs = Vec::new();
    let pp = t.key_path("pairs");
    r.fill(&t, "pairs", Val::Array(vec![]));
    if let Some(items) = r.array(&mut t, "pairs") {
        let names: Vec<&str> = jurisdictions.iter().map(String::as_str).collect();
        for (i, n) in items.iter().enumerate() {
            let Some(mut p) = r.as_table(n, format!("{pp}[{i}]")) else {
                continue;
            };
            let mut side = |key: &str, p: &mut Tbl| -> Option<usize> {
                let path = p.key_path(key);
                match r.get(p, key) {
                    Some(v) => r.choice_of(&path, v, &names),
                    None => {
                        r.missing(p, key, "a jurisdiction name");
                        None
                    }
                }
            };
            let a = side("a", &mut p);
            let b = side("b", &mut p);
            if let (Some(x), Some(y)) = (a, b)
                && x == y
            {
                let path = p.key_path("b");
                let o = p.origin.clone();
                r.error(
                    &path,
                    &o,
                    format!(
                        "a pair needs two different jurisdictions (\"{}\" with itself always cooperates fully)",
                        names[x]
                    ),
                );
            }
            let c = r.f64_req(&mut p, "cooperation", Check::Share);
            r.finish(p);
            if let (Some(a), Some(b)) = (a, b) {
                pairs.push((a, b, c));
            }
        }
    }
    r.finish(t);
    RegionalSpec {
        cooperation,
        pairs,
        outside_cooperation,
        cross_dispatch_min,
        share_alerts,
        status_quo_cooperation,
        status_quo_outside_cooperation,
    }
}
