//! `[sanctions]` and `[sanctions.types.NAME]`: what follows an arrest, by
//! crime type and legal regime — the chance of a criminal charge, of a
//! custodial sentence once charged, the time served, and (Chinese law) the
//! administrative detention of those not charged. Presets with their
//! sources are in `docs/crime.md` §8.

use crate::scenario::crime::CrimeTypeSpec;
use crate::scenario::keys::{Def, KeyDoc, Kind, TableDoc, choice, key, num};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{Dist, read_dist};
use serde::Serialize;

/// The burn-in rule's tolerance: the prison filled from empty holds at
/// least 1 − this share of its stationary population (docs/crime.md §16.3).
pub const BURN_IN_TOLERANCE: f64 = 0.01;

impl SanctionsSpec {
    /// `scenario.burn_in_days = "auto"` for the sanctions' part: the
    /// shortest whole number of weeks B such that, for every stay in custody
    /// or detention that can happen (scaled by `sentence_scale`),
    /// E[(S − B)⁺] ≤ `BURN_IN_TOLERANCE` × E[S]. With admissions at a
    /// steady rate, a prison that starts empty then holds at least 99 % of
    /// its stationary population (M/G/∞: n(B) = λ ∫₀ᴮ P(S > u) du, and
    /// n(∞) − n(B) = λ E[(S − B)⁺]), and the stays of offenders put inside
    /// at the start are over but for the same share.
    pub fn stationary_burn_in_days(&self) -> f64 {
        let mut days: f64 = 0.0;
        for t in &self.types {
            for (share, d) in [
                (t.custody_share * t.charge_share, t.sentence_days),
                (t.detention_share * (1.0 - t.charge_share), t.detention_days),
            ] {
                let d = d.scaled(self.sentence_scale);
                let mean = d.mean();
                if share <= 0.0 || mean <= 0.0 {
                    continue;
                }
                let mut b = 0.0;
                while d.excess_over(b) > BURN_IN_TOLERANCE * mean {
                    b += 7.0;
                }
                days = days.max(b);
            }
        }
        days
    }
}

/// The legal regimes with built-in figures.
pub const PRESETS: [&str; 3] = ["cn_county", "england_wales", "uniform"];

/// What follows an arrest for one crime type.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct Sanction {
    /// P(criminal charge | arrest): a court case.
    pub charge_share: f64,
    /// P(custodial sentence | charge).
    pub custody_share: f64,
    /// Time actually served in custody, days (before `sentence_scale`).
    pub sentence_days: Dist,
    /// P(administrative detention | arrest not charged).
    pub detention_share: f64,
    /// Length of administrative detention, days (before `sentence_scale`).
    pub detention_days: Dist,
}

#[derive(Debug, Clone, Serialize)]
pub struct SanctionsSpec {
    /// Index into PRESETS.
    pub preset: usize,
    /// Multiplies every custodial sentence and detention.
    pub sentence_scale: f64,
    /// One per crime type, in the order of `crime.types`.
    pub types: Vec<Sanction>,
}

const fn ln(mean: f64, sd: f64) -> Dist {
    Dist::Lognormal { mean, sd }
}

/// Article 49 of the Public Security Administration Punishment Law: 5–10
/// days, 10–15 when "serious".
const ART49: Dist = Dist::Uniform {
    min: 5.0,
    max: 15.0,
};
const NONE_DAYS: Dist = Dist::Fixed { value: 0.0 };

/// The built-in figures of `preset` for a crime type named `name` (a type
/// the preset does not name takes its `theft` row: that of vehicle theft).
pub fn preset_sanction(preset: usize, name: &str, sentence_days: Dist) -> Sanction {
    let s =
        |charge_share, custody_share, sentence_days, detention_share, detention_days| Sanction {
            charge_share,
            custody_share,
            sentence_days,
            detention_share,
            detention_days,
        };
    match (PRESETS[preset], name) {
        // Criminal Law art. 264 (theft: burglary 入户盗窃 and pickpocketing
        // are crimes whatever the amount; up to 3 years), art. 263 (robbery:
        // 3–10 years), art. 267 (snatching: criminal above the amount
        // threshold, up to 3 years); below the threshold, PSAPL art. 49.
        ("cn_county", "burglary") => s(0.85, 0.85, ln(270.0, 200.0), 0.9, ART49),
        ("cn_county", "robbery") => s(0.95, 0.9, ln(1800.0, 900.0), 0.9, ART49),
        ("cn_county", "snatch") => s(0.5, 0.7, ln(240.0, 180.0), 0.9, ART49),
        ("cn_county", _) => s(0.6, 0.75, ln(240.0, 180.0), 0.9, ART49),
        // MoJ Criminal Justice Statistics: custody | charge = conviction
        // ratio (~0.85) × immediate custody rate; time served = half of the
        // average custodial sentence length (release at halfway).
        ("england_wales", "burglary") => s(0.5, 0.45, ln(400.0, 250.0), 0.0, NONE_DAYS),
        ("england_wales", "robbery") => s(0.5, 0.5, ln(600.0, 400.0), 0.0, NONE_DAYS),
        ("england_wales", "snatch") => s(0.5, 0.25, ln(90.0, 60.0), 0.0, NONE_DAYS),
        ("england_wales", _) => s(0.5, 0.17, ln(120.0, 80.0), 0.0, NONE_DAYS),
        // The old rule: custody after every arrest, `crime.sentence_days`.
        _ => s(1.0, 1.0, sentence_days, 0.0, NONE_DAYS),
    }
}

/// The keys of `[sanctions]`.
pub static SANCTIONS: TableDoc = TableDoc {
    path: "sanctions",
    about: "What follows an arrest, by crime type and legal regime (docs/crime.md §8). \
            Used only with `[crime]`.",
    keys: &[
        choice(
            "preset",
            0,
            &PRESETS,
            "the legal regime's figures: \"cn_county\" (administrative detention of 5–15 days below the criminal threshold, PSAPL art. 49; theft up to 3 years, Criminal Law art. 264), \"england_wales\" (MoJ charge, custody and sentence figures), \"uniform\" (custody after every arrest for `crime.sentence_days`)",
        ),
        num(
            "sentence_scale",
            1.0,
            Check::Range(0.0, 100.0),
            "factor",
            "multiplies every custodial sentence and detention (a severity lever)",
        ),
        key(
            "types",
            Kind::Table("sanctions.types.NAME"),
            Def::Note("the preset's figures"),
            "",
            "changes for one crime type",
        ),
    ],
    extra: Some(preset_table),
};

const FROM_PRESET: Def = Def::Note("the preset's");

const fn per_type(name: &'static str, kind: Kind, unit: &'static str, m: &'static str) -> KeyDoc {
    key(name, kind, FROM_PRESET, unit, m)
}

/// The keys of `[sanctions.types.NAME]` (NAME a crime type).
pub static SANCTION_TYPE: TableDoc = TableDoc {
    path: "sanctions.types.NAME",
    about: "Changes the preset's figures for one crime type.",
    keys: &[
        per_type(
            "charge_share",
            Kind::Num(Check::Share),
            "",
            "chance that an arrest leads to a criminal charge (a court case, `charges`)",
        ),
        per_type(
            "custody_share",
            Kind::Num(Check::Share),
            "",
            "chance that a charge ends in a custodial sentence (`custody_sentences`)",
        ),
        per_type(
            "sentence_days",
            Kind::Dist,
            "days",
            "time served in custody",
        ),
        per_type(
            "detention_share",
            Kind::Num(Check::Share),
            "",
            "chance that an arrest not charged ends in administrative detention (`detentions`)",
        ),
        per_type(
            "detention_days",
            Kind::Dist,
            "days",
            "length of administrative detention",
        ),
    ],
    extra: None,
};

/// The presets as a reference table.
fn preset_table() -> String {
    use crate::scenario::keys::fmt_dist;
    let mut out = String::from(
        "The presets (lognormal durations as mean / sd; a crime type a preset does not \
         name takes its `vehicle_theft` row):\n\n\
         | preset | type | charge_share | custody_share | sentence_days | detention_share | detention_days |\n\
         |---|---|---|---|---|---|---|\n",
    );
    let d = |x: &Dist| match *x {
        Dist::Lognormal { mean, sd } => format!("{mean} / {sd}"),
        other => fmt_dist(&other),
    };
    for (p, name) in PRESETS.iter().enumerate().take(2) {
        for ty in ["burglary", "robbery", "snatch", "vehicle_theft"] {
            let s = preset_sanction(p, ty, NONE_DAYS);
            out.push_str(&format!(
                "| `{name}` | {ty} | {} | {} | {} | {} | {} |\n",
                s.charge_share,
                s.custody_share,
                d(&s.sentence_days),
                s.detention_share,
                d(&s.detention_days)
            ));
        }
    }
    out
}

/// `[sanctions]` for the crime types `types` (`sentence_days`: the
/// `[crime]` key the "uniform" preset uses).
pub(crate) fn read_sanctions(
    r: &mut Reader,
    top: &mut Tbl,
    types: &[CrimeTypeSpec],
    sentence_days: Dist,
) -> SanctionsSpec {
    let mut t = r.table(top, "sanctions", &SANCTIONS);
    let preset = r.choice(&mut t, "preset", SANCTIONS.choice("preset"), &PRESETS);
    let sentence_scale = r.num(&mut t, "sentence_scale");
    let mut out: Vec<Sanction> = types
        .iter()
        .map(|ty| preset_sanction(preset, &ty.name, sentence_days))
        .collect();
    if let Some(mut tt) = r.sub(&mut t, "types") {
        let names: Vec<String> = tt.keys().map(str::to_string).collect();
        for name in names {
            let Some(i) = types.iter().position(|ty| ty.name == name) else {
                let _ = r.get(&mut tt, &name);
                let o = tt.origin.clone();
                let known: Vec<&str> = types.iter().map(|ty| ty.name.as_str()).collect();
                r.error(
                    &tt.key_path(&name),
                    &o,
                    format!(
                        "no crime type is named \"{name}\"; the crime types are: {}",
                        known.join(", ")
                    ),
                );
                continue;
            };
            let Some(c) = r.sub(&mut tt, &name) else {
                continue;
            };
            let mut c = c.with_doc(&SANCTION_TYPE);
            let d = out[i];
            out[i] = Sanction {
                charge_share: r.num_or(&mut c, "charge_share", d.charge_share),
                custody_share: r.num_or(&mut c, "custody_share", d.custody_share),
                sentence_days: read_dist(r, &mut c, "sentence_days", d.sentence_days),
                detention_share: r.num_or(&mut c, "detention_share", d.detention_share),
                detention_days: read_dist(r, &mut c, "detention_days", d.detention_days),
            };
            r.finish(c);
        }
        r.finish(tt);
    }
    r.finish(t);
    SanctionsSpec {
        preset,
        sentence_scale,
        types: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(sentence_days: Dist, scale: f64) -> SanctionsSpec {
        SanctionsSpec {
            preset: 2,
            sentence_scale: scale,
            types: vec![preset_sanction(2, "burglary", sentence_days)],
        }
    }

    #[test]
    fn the_burn_in_rule_leaves_one_percent_of_the_mean_stay_to_run() {
        // Exponential stays: E[(S − B)⁺] = m e^(−B/m), so B = m ln 100,
        // rounded up to whole weeks.
        let m = 70.0;
        let b = one(Dist::Exponential { mean: m }, 1.0).stationary_burn_in_days();
        let exact = m * 100f64.ln();
        assert!(
            b >= exact && b < exact + 7.0 && b % 7.0 == 0.0,
            "{b} vs {exact}"
        );
        // A fixed stay: the stay itself, in weeks; scaled with the sentences.
        let f = Dist::Fixed { value: 100.0 };
        assert_eq!(one(f, 1.0).stationary_burn_in_days(), 105.0);
        assert_eq!(one(f, 2.0).stationary_burn_in_days(), 203.0);
        assert_eq!(one(f, 0.0).stationary_burn_in_days(), 0.0);
        // The lognormal's closed form against a midpoint sum over its
        // quantiles (200,000 of them).
        let (mean, sd) = (270.0f64, 200.0f64);
        let ln = Dist::Lognormal { mean, sd };
        let s2 = (1.0 + (sd / mean).powi(2)).ln();
        let n = 200_000;
        for b in [100.0, 270.0, 900.0] {
            let sum: f64 = (0..n)
                .map(|i| {
                    let z = crate::stats::normal_quantile((i as f64 + 0.5) / n as f64);
                    ((mean.ln() - s2 / 2.0 + s2.sqrt() * z).exp() - b).max(0.0)
                })
                .sum::<f64>()
                / n as f64;
            let closed = ln.excess_over(b);
            assert!(
                (closed - sum).abs() < 0.002 * mean,
                "{b}: {closed} vs {sum}"
            );
        }
        let u = Dist::Uniform {
            min: 5.0,
            max: 15.0,
        };
        assert_eq!(u.excess_over(10.0), 1.25);
    }
}
