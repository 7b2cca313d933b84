//! `[regional]`: cooperation between jurisdictions and with neighbouring counties.

use super::{Context, LeverTable, SEE, root_key};
use crate::scenario::doc::Val;
use crate::scenario::economics::Price;
use crate::scenario::keys::{Def, KeyDoc, Kind, TableDoc, flag, key, num};
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

/// The keys of `[regional]`.
pub static REGIONAL: TableDoc = TableDoc {
    path: "regional",
    about: "Regional linkage (区域联动): cooperation between the county's jurisdictions and \
            with neighbouring counties; only cooperation above the status quo is priced.",
    keys: &[
        num(
            "cooperation",
            1.0,
            Check::Share,
            "",
            "chance that an identification made by one jurisdiction leads to an arrest when the offender is found in another (every pair)",
        ),
        num(
            "outside_cooperation",
            0.0,
            Check::Share,
            "",
            "chance that a roaming offender identified after leaving the county is arrested by a neighbouring county",
        ),
        num(
            "cross_dispatch_min",
            0.0,
            Check::Share,
            "",
            "units answer calls in another jurisdiction (as `dispatch.cross_boundary` allows) only where the pair's cooperation is at least this",
        ),
        flag(
            "share_alerts",
            true,
            "checkpoints of other jurisdictions receive alerts for wanted offenders, each with the pair's cooperation as chance; `false`: only the alerting jurisdiction's own posts",
        ),
        num(
            "status_quo_cooperation",
            1.0,
            Check::Share,
            "",
            "the cooperation between jurisdictions the county has without a programme; costs nothing, only cooperation above it is priced",
        ),
        num(
            "status_quo_outside_cooperation",
            0.0,
            Check::Share,
            "",
            "the same with the neighbouring counties",
        ),
        key(
            "pairs",
            Kind::Table("regional.pairs[]"),
            Def::Note("none"),
            "",
            "overrides for a pair, both ways (the last listed wins)",
        ),
    ],
    extra: None,
};

/// The keys of each `[[regional.pairs]]` table.
pub static PAIR: TableDoc = TableDoc {
    path: "regional.pairs[]",
    about: "The cooperation of one pair of jurisdictions, both ways.",
    keys: &[
        key(
            "a",
            Kind::Name("jurisdiction"),
            Def::Required,
            "",
            "one jurisdiction",
        ),
        key(
            "b",
            Kind::Name("jurisdiction"),
            Def::Required,
            "",
            "the other, different from `a`",
        ),
        key(
            "cooperation",
            Kind::Num(Check::Share),
            Def::Required,
            "",
            "the pair's cooperation",
        ),
    ],
    extra: None,
};

pub(crate) fn read_regional(
    r: &mut Reader,
    top: &mut Tbl,
    jurisdictions: &[String],
) -> RegionalSpec {
    let mut t = r.table(top, "regional", &REGIONAL);
    let cooperation = r.num(&mut t, "cooperation");
    let outside_cooperation = r.num(&mut t, "outside_cooperation");
    let cross_dispatch_min = r.num(&mut t, "cross_dispatch_min");
    let share_alerts = r.flag(&mut t, "share_alerts");
    // The default cooperation is the status quo: a scenario that does not
    // buy more pays nothing for it.
    let status_quo_cooperation = r.num(&mut t, "status_quo_cooperation");
    let status_quo_outside_cooperation = r.num(&mut t, "status_quo_outside_cooperation");
    let mut pairs = Vec::new();
    let pp = t.key_path("pairs");
    r.fill(&t, "pairs", Val::Array(vec![]));
    if let Some(items) = r.array(&mut t, "pairs") {
        let names: Vec<&str> = jurisdictions.iter().map(String::as_str).collect();
        for (i, n) in items.iter().enumerate() {
            let Some(p) = r.as_table(n, format!("{pp}[{i}]")) else {
                continue;
            };
            let mut p = p.with_doc(&PAIR);
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
            let c = r.num(&mut p, "cooperation");
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

impl LeverTable for RegionalSpec {
    const ROOT_KEY: KeyDoc = root_key("regional", "regional", SEE, "regional cooperation");
    const TABLES: &'static [&'static TableDoc] = &[&REGIONAL, &PAIR];
    const EXAMPLE: &'static [&'static str] = &[
        "regional.status_quo_cooperation=0.3",
        "regional.cooperation=0.8",
    ];
    fn read(r: &mut Reader, top: &mut Tbl, cx: &Context) -> Self {
        read_regional(r, top, cx.jurisdictions)
    }
}

// Prices: keys of `[economics]`, values in the price sets' order (uk-2016,
// china-county-2019; sources and ranges in docs/economics.md).

/// Cooperation for a year per pair of jurisdictions at full cooperation.
pub const PAIR_COOPERATION: Price = Price {
    key: "cooperation_cost_per_pair_year",
    unit: "money a year",
    meaning: "per pair of jurisdictions at full cooperation above `regional.status_quo_cooperation` (liaison, joint work, the shared alert system)",
    values: [10_000.0, 50_000.0],
};

/// Cooperation for a year with the neighbouring counties at full cooperation.
pub const OUTSIDE_COOPERATION: Price = Price {
    key: "outside_cooperation_cost_per_year",
    unit: "money a year",
    meaning: "with the neighbouring counties, at full cooperation above `regional.status_quo_outside_cooperation`",
    values: [20_000.0, 100_000.0],
};

/// Its prices, in the order of `[economics]`.
pub const PRICES: &[&Price] = &[&PAIR_COOPERATION, &OUTSIDE_COOPERATION];
