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
    /// or detention that can happen (scaled by `sentence_scale`, and by
    /// `sentence_scale_record` for offenders with a record),
    /// E[(S − B)⁺] ≤ `BURN_IN_TOLERANCE` × E[S]. With admissions at a
    /// steady rate, a prison that starts empty then holds at least 99 % of
    /// its stationary population (M/G/∞: n(B) = λ ∫₀ᴮ P(S > u) du, and
    /// n(∞) − n(B) = λ E[(S − B)⁺]), and the stays of offenders put inside
    /// at the start are over but for the same share.
    pub fn stationary_burn_in_days(&self) -> f64 {
        let mut days: f64 = 0.0;
        for t in &self.types {
            let charged = t.charge_share.max(t.charge_share_repeat);
            for (share, d, f) in [
                (t.custody_share * charged, t.sentence_days, 1.0),
                (
                    t.custody_share_record * charged,
                    t.sentence_days,
                    t.sentence_scale_record,
                ),
                (
                    t.detention_share * (1.0 - t.charge_share),
                    t.detention_days,
                    1.0,
                ),
            ] {
                let d = d.scaled(self.sentence_scale * f);
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
    /// P(criminal charge | arrest) for a repeated arrest (the
    /// `repeat_count`-th within `repeat_window_days`).
    pub charge_share_repeat: f64,
    /// P(custodial sentence | charge) for an offender with a record.
    pub custody_share_record: f64,
    /// Multiplies the time served by an offender with a record.
    pub sentence_scale_record: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SanctionsSpec {
    /// Index into PRESETS.
    pub preset: usize,
    /// Multiplies every custodial sentence and detention.
    pub sentence_scale: f64,
    /// One per crime type, in the order of `crime.types`.
    pub types: Vec<Sanction>,
    /// The arrest that is at least the `repeat_count`-th within
    /// `repeat_window_days` is charged with `charge_share_repeat` (0: never).
    pub repeat_count: u32,
    pub repeat_window_days: f64,
    /// A record starts at release from custody (true) or at a conviction,
    /// and lasts `record_window_days`.
    pub record_from_custody: bool,
    pub record_window_days: f64,
    /// A collective pardon: every stay in custody or detention begun
    /// before day `pardon_day` loses `pardon_days` (0: none).
    pub pardon_day: f64,
    pub pardon_days: f64,
}

/// How a record starts (`record_from`).
pub const RECORD_FROM: [&str; 2] = ["custody", "conviction"];

/// A preset's record rule: (repeat_count, repeat_window_days,
/// record_from_custody, record_window_days).
pub fn preset_record_rule(preset: usize) -> (u32, f64, bool, f64) {
    match PRESETS[preset] {
        // "Multiple theft": three or more thefts within two years are a
        // crime whatever the amount (Criminal Law art. 264; 2013 SPC/SPP
        // interpretation on theft, art. 3). Recidivism: a new crime within
        // five years of serving a fixed-term sentence (art. 65; no
        // suspension, art. 74).
        "cn_county" => (3, 730.0, true, 1826.0),
        // Previous convictions are the main statutory aggravating factor
        // (Sentencing Act 2020 s.65); counted here for five years after
        // the conviction (synthesis, 2–10 years: courts weigh the time
        // elapsed).
        "england_wales" => (0, 730.0, false, 1826.0),
        _ => (0, 730.0, true, 0.0),
    }
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
    // charge | arrest (first, repeated), custody | charge (first offender,
    // with a record), time served, factor on it with a record, detention.
    #[allow(clippy::too_many_arguments)]
    let s = |charge_share,
             charge_share_repeat,
             custody_share,
             custody_share_record,
             sentence_days,
             sentence_scale_record,
             detention_share,
             detention_days| Sanction {
        charge_share,
        custody_share,
        sentence_days,
        detention_share,
        detention_days,
        charge_share_repeat,
        custody_share_record,
        sentence_scale_record,
    };
    match (PRESETS[preset], name) {
        // Criminal Law art. 264 (theft: burglary 入户盗窃 and pickpocketing
        // are crimes whatever the amount; up to 3 years; so is theft three
        // times within two years, 2013 SPC/SPP interpretation art. 3),
        // art. 263 (robbery: 3–10 years), art. 267 (snatching: criminal
        // above the amount threshold, or repeated, up to 3 years); below
        // the threshold, PSAPL art. 49. Custody | charge of a first
        // offender: the SPC's national figure for 2017, 56 % (44 % of
        // judgments without prison time, 27 % suspended); of a recidivist
        // (art. 65, no suspension, art. 74): 1 − (44 − 27) % = 0.83; robbery
        // (minimum 3 years, suspension only up to 3, art. 72) 0.9 / 0.95.
        // Time served with a record ×1.25 (SPC sentencing guidance: base
        // sentence +10–40 % for a recidivist).
        ("cn_county", "burglary") => s(0.85, 0.85, 0.56, 0.83, ln(270.0, 200.0), 1.25, 0.9, ART49),
        ("cn_county", "robbery") => s(0.95, 0.95, 0.9, 0.95, ln(1800.0, 900.0), 1.25, 0.9, ART49),
        ("cn_county", "snatch") => s(0.5, 0.85, 0.56, 0.83, ln(240.0, 180.0), 1.25, 0.9, ART49),
        ("cn_county", _) => s(0.6, 0.85, 0.56, 0.83, ln(240.0, 180.0), 1.25, 0.9, ART49),
        // MoJ Criminal Justice Statistics: custody | charge = conviction
        // ratio (~0.85) × immediate custody rate; time served = half of the
        // average custodial sentence length (release at halfway). Split by
        // record (synthesis, [R]): first offenders about half the average
        // rate, offenders with a previous conviction about 1.3 times it
        // (70 % of custodial sentences go to offenders with 7 or more
        // previous convictions or cautions, Cuthbertson 2017); time served
        // ×1.25 with a record (previous convictions aggravate, s.65).
        ("england_wales", "burglary") => {
            s(0.5, 0.5, 0.25, 0.6, ln(400.0, 250.0), 1.25, 0.0, NONE_DAYS)
        }
        ("england_wales", "robbery") => {
            s(0.5, 0.5, 0.35, 0.65, ln(600.0, 400.0), 1.25, 0.0, NONE_DAYS)
        }
        ("england_wales", "snatch") => {
            s(0.5, 0.5, 0.12, 0.33, ln(90.0, 60.0), 1.25, 0.0, NONE_DAYS)
        }
        ("england_wales", _) => s(0.5, 0.5, 0.08, 0.22, ln(120.0, 80.0), 1.25, 0.0, NONE_DAYS),
        // The old rule: custody after every arrest, `crime.sentence_days`.
        _ => s(1.0, 1.0, 1.0, 1.0, sentence_days, 1.0, 0.0, NONE_DAYS),
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
            "repeat_count",
            Kind::Int(0, 3),
            FROM_PRESET,
            "arrests",
            "an arrest that is at least this many within `repeat_window_days` (itself included) is charged with the type's `charge_share_repeat` (cn_county 3: \"multiple theft\", Criminal Law art. 264, 2013 SPC/SPP interpretation art. 3; others 0: never; at most 2 earlier arrests are remembered, so 3 at most)",
        ),
        key(
            "repeat_window_days",
            Kind::Num(Check::NonNeg),
            FROM_PRESET,
            "days",
            "window of `repeat_count` (cn_county 730: two years)",
        ),
        key(
            "record_from",
            Kind::Choice(&RECORD_FROM),
            FROM_PRESET,
            "",
            "when a record starts: \"custody\" (release from a custodial sentence: recidivism, Criminal Law art. 65; cn_county, uniform) or \"conviction\" (a charge, custodial or not; england_wales)",
        ),
        key(
            "record_window_days",
            Kind::Num(Check::NonNeg),
            FROM_PRESET,
            "days",
            "how long a record lasts: its holder's charges end in custody with `custody_share_record` and serve `sentence_scale_record` times longer (cn_county 1,826: five years, art. 65; england_wales 1,826, synthesis; uniform 0)",
        ),
        num(
            "pardon_days",
            0.0,
            Check::NonNeg,
            "days",
            "a collective pardon, as Italy's (Barbarino & Mastrobuoni 2014; the 2006 pardon took 3 years, 1,095 days, off): every custodial sentence or detention begun before day `pardon_day` is shortened by this much, and those with less left are released that day (0: no pardon; a measurement design, docs/crime.md §16.4)",
        ),
        num(
            "pardon_day",
            0.0,
            Check::NonNeg,
            "days",
            "the day of the pardon `pardon_days`, counted as phases are (day 0 is the end of any burn-in)",
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
        per_type(
            "charge_share_repeat",
            Kind::Num(Check::Share),
            "",
            "chance of a charge for a repeated arrest (`sanctions.repeat_count`)",
        ),
        per_type(
            "custody_share_record",
            Kind::Num(Check::Share),
            "",
            "chance that a charge ends in custody for an offender with a record (`sanctions.record_from`)",
        ),
        per_type(
            "sentence_scale_record",
            Kind::Num(Check::Range(0.0, 10.0)),
            "factor",
            "multiplies the time served by an offender with a record",
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
         | preset | type | charge_share | charge_share_repeat | custody_share | custody_share_record | sentence_days | sentence_scale_record | detention_share | detention_days |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    let d = |x: &Dist| match *x {
        Dist::Lognormal { mean, sd } => format!("{mean} / {sd}"),
        other => fmt_dist(&other),
    };
    for (p, name) in PRESETS.iter().enumerate().take(2) {
        for ty in ["burglary", "robbery", "snatch", "vehicle_theft"] {
            let s = preset_sanction(p, ty, NONE_DAYS);
            out.push_str(&format!(
                "| `{name}` | {ty} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                s.charge_share,
                s.charge_share_repeat,
                s.custody_share,
                s.custody_share_record,
                d(&s.sentence_days),
                s.sentence_scale_record,
                s.detention_share,
                d(&s.detention_days)
            ));
        }
    }
    out.push_str(
        "\nThe record rule (`repeat_count`, `repeat_window_days`, `record_from`, \
         `record_window_days`):\n\n| preset | repeat_count | repeat_window_days | record_from | record_window_days |\n|---|---|---|---|---|\n",
    );
    for (p, name) in PRESETS.iter().enumerate() {
        let (n, w, c, r) = preset_record_rule(p);
        out.push_str(&format!(
            "| `{name}` | {n} | {w} | {} | {r} |\n",
            RECORD_FROM[usize::from(!c)]
        ));
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
    let (n, w, c, rw) = preset_record_rule(preset);
    let repeat_count = r.whole_or(&mut t, "repeat_count", n as i64) as u32;
    let repeat_window_days = r.num_or(&mut t, "repeat_window_days", w);
    let record_from_custody = r.choice(&mut t, "record_from", usize::from(!c), &RECORD_FROM) == 0;
    let record_window_days = r.num_or(&mut t, "record_window_days", rw);
    let pardon_days = r.num(&mut t, "pardon_days");
    let pardon_day = r.num(&mut t, "pardon_day");
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
                charge_share_repeat: r.num_or(&mut c, "charge_share_repeat", d.charge_share_repeat),
                custody_share_record: r.num_or(
                    &mut c,
                    "custody_share_record",
                    d.custody_share_record,
                ),
                sentence_scale_record: r.num_or(
                    &mut c,
                    "sentence_scale_record",
                    d.sentence_scale_record,
                ),
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
        repeat_count,
        repeat_window_days,
        record_from_custody,
        record_window_days,
        pardon_day,
        pardon_days,
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
            repeat_count: 0,
            repeat_window_days: 730.0,
            record_from_custody: true,
            record_window_days: 0.0,
            pardon_day: 0.0,
            pardon_days: 0.0,
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
