//! An offender's criminal record and the sanction rule that reads it
//! (`[sanctions]`, docs/crime.md §16.2): repeated arrests within a window
//! raise the chance of a criminal charge (Chinese "multiple theft",
//! Criminal Law art. 264 with the 2013 SPC/SPP interpretation, art. 3);
//! a record — a custodial sentence served within a window (recidivism,
//! art. 65, which bars suspension, art. 74) or a previous conviction
//! (England & Wales) — raises the chance of custody and the time served.
//! Pure functions of the record and three uniforms, so they are tested
//! here without running the model.

use super::SanctionDraw;
use crate::engine::time::Tick;

/// What an offender's past arrests and sentences leave on his record
/// (kept for the whole career; roaming offenders leave with theirs).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Record {
    /// Times of his latest two arrests (the later first), if any; in ms,
    /// signed: a stationary start's history precedes t = 0.
    arrests: [Option<i64>; 2],
    /// Until when he counts as having a record (`RecordRule`): the end of
    /// the window after his latest custody ("custody") or conviction.
    record_until: Option<i64>,
}

/// The record part of the sanction rule, from `[sanctions]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct RecordRule {
    /// The arrest that is at least the `repeat_count`-th within
    /// `repeat_window` (itself included) is charged with the type's
    /// `charge_repeat`; 0: never.
    pub repeat_count: u32,
    pub repeat_window: Tick,
    /// A record starts at release from custody (art. 65) if true, else at
    /// a conviction (charge); it lasts `record_window`.
    pub from_custody: bool,
    pub record_window: Tick,
}

/// What follows one arrest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Outcome {
    pub charged: bool,
    /// Time inside (custody or administrative detention), if any.
    pub jail: Option<Tick>,
    /// Charged under the repeat rule's chance (repeated arrests).
    pub repeat: bool,
    /// Sentenced with a record (custody chance and time of a record).
    pub record: bool,
    /// He had an earlier arrest (a "repeat offender" in the metrics).
    pub known: bool,
}

impl Record {
    /// Arrests within `window` before `now`, the arrest at `now` included.
    #[cfg(test)]
    pub fn arrests_within(&self, now: Tick, window: Tick) -> u32 {
        self.arrests_within_at(now as i64, window)
    }

    fn arrests_within_at(&self, now: i64, window: Tick) -> u32 {
        1 + self
            .arrests
            .iter()
            .flatten()
            .filter(|&&t| now - t <= window as i64)
            .count() as u32
    }

    /// At `now`: his arrests within `window` before it (none at `now`
    /// itself), whether he has a record, and whether he was ever arrested
    /// (the stationary start's diagnostic, snapshot.rs).
    pub fn state_at(&self, now: i64, window: Tick) -> (u32, bool, bool) {
        (
            self.arrests_within_at(now, window) - 1,
            self.has_record_at(now),
            self.arrests[0].is_some(),
        )
    }

    /// He has a record at `now`.
    #[cfg(test)]
    pub fn has_record(&self, now: Tick) -> bool {
        self.has_record_at(now as i64)
    }

    fn has_record_at(&self, now: i64) -> bool {
        self.record_until.is_some_and(|u| now <= u)
    }

    /// Note what followed the arrest at `now` (`release`: when he leaves
    /// custody or detention).
    pub fn note(&mut self, now: Tick, o: &Outcome, release: Tick, rule: &RecordRule) {
        self.note_at(now as i64, o, release as i64, rule);
    }

    /// [`Record::note`] at signed times (a history before t = 0).
    pub fn note_at(&mut self, now: i64, o: &Outcome, release: i64, rule: &RecordRule) {
        self.arrests = [Some(now), self.arrests[0]];
        let start = match (rule.from_custody, o.charged, o.jail) {
            (true, true, Some(_)) => Some(release),
            (false, true, _) => Some(now),
            _ => None,
        };
        if let Some(s) = start {
            let until = s.saturating_add(rule.record_window as i64);
            self.record_until = Some(self.record_until.map_or(until, |u| u.max(until)));
        }
    }
}

/// The sanction for an arrest at `now` of an offender with record `rec`,
/// from the three uniforms of the arrest: `u1` decides the charge, `u2`
/// custody (or detention), `u3` the time.
pub(super) fn decide(
    sd: &SanctionDraw,
    rule: &RecordRule,
    rec: &Record,
    now: Tick,
    u: (f64, f64, f64),
) -> Outcome {
    decide_at(sd, rule, rec, now as i64, u)
}

/// [`decide`] at a signed time (a history before t = 0, stationary.rs).
pub(super) fn decide_at(
    sd: &SanctionDraw,
    rule: &RecordRule,
    rec: &Record,
    now: i64,
    (u1, u2, u3): (f64, f64, f64),
) -> Outcome {
    let repeat = rule.repeat_count > 0
        && rec.arrests_within_at(now, rule.repeat_window) >= rule.repeat_count;
    let record = rec.has_record_at(now);
    let charged = u1 < if repeat { sd.charge_repeat } else { sd.charge };
    let jail = if charged {
        let custody = if record {
            sd.custody_record
        } else {
            sd.custody
        };
        (u2 < custody).then(|| {
            let t = sd.sentence.at(u3);
            if record && sd.record_scale != 1.0 {
                (t as f64 * sd.record_scale).round() as Tick
            } else {
                t
            }
        })
    } else {
        (u2 < sd.detention).then(|| sd.detention_len.at(u3))
    };
    Outcome {
        charged,
        jail,
        repeat,
        record: record && charged,
        known: rec.arrests[0].is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::MS_PER_DAY;
    use crate::model::dist::Sampler;
    use crate::scenario::Dist;

    const DAY: Tick = MS_PER_DAY;

    /// cn_county's vehicle-theft row (the theft threshold): charged 0.6,
    /// 0.85 when repeated; custody 0.56 for a first offender, 0.83 for a
    /// recidivist; time served 240 days fixed here, ×1.25 with a record.
    fn theft() -> SanctionDraw {
        SanctionDraw {
            charge: 0.6,
            charge_repeat: 0.85,
            custody: 0.56,
            custody_record: 0.83,
            record_scale: 1.25,
            // Samplers take minutes.
            sentence: Sampler::new(&Dist::Fixed {
                value: 240.0 * 1440.0,
            }),
            detention: 0.9,
            detention_len: Sampler::new(&Dist::Fixed {
                value: 10.0 * 1440.0,
            }),
        }
    }

    fn cn() -> RecordRule {
        RecordRule {
            repeat_count: 3,
            repeat_window: 730 * DAY,
            from_custody: true,
            record_window: 1826 * DAY,
        }
    }

    /// An arrest at day `d` not charged (administrative detention).
    fn detained(rec: &mut Record, d: Tick) {
        let now = d * DAY;
        let o = decide(&theft(), &cn(), rec, now, (0.99, 0.5, 0.5));
        assert!(!o.charged && o.jail == Some(10 * DAY));
        rec.note(now, &o, now + 10 * DAY, &cn());
    }

    #[test]
    fn the_third_theft_within_two_years_is_charged_as_a_crime() {
        // u1 = 0.7: above the first charge chance (0.6, the amount
        // threshold), below the repeat one (0.85).
        let mut rec = Record::default();
        let u = (0.7, 0.5, 0.5);
        for d in [0, 300] {
            assert!(!decide(&theft(), &cn(), &rec, d * DAY, u).charged);
            detained(&mut rec, d);
        }
        let third = decide(&theft(), &cn(), &rec, 700 * DAY, u);
        assert!(third.repeat && third.charged, "{third:?}");
        // The first of the three more than two years back: not "multiple".
        let late = decide(&theft(), &cn(), &rec, 731 * DAY, u);
        assert!(!late.repeat && !late.charged, "{late:?}");
    }

    #[test]
    fn a_fourth_theft_after_two_years_without_theft_is_not_charged_as_repeated() {
        let mut rec = Record::default();
        for d in [0, 100, 200] {
            detained(&mut rec, d);
        }
        assert!(decide(&theft(), &cn(), &rec, 300 * DAY, (0.7, 0.5, 0.5)).repeat);
        // Two years and a day after the third: none of the three counts.
        let fourth = decide(&theft(), &cn(), &rec, 931 * DAY, (0.7, 0.5, 0.5));
        assert!(!fourth.repeat && !fourth.charged, "{fourth:?}");
        assert_eq!(rec.arrests_within(931 * DAY, 730 * DAY), 1);
    }

    #[test]
    fn a_recidivist_within_five_years_of_release_is_not_suspended() {
        // A custodial sentence of 240 days from day 0: released on day 240.
        let mut rec = Record::default();
        let first = decide(&theft(), &cn(), &rec, 0, (0.1, 0.3, 0.5));
        assert_eq!(first.jail, Some(240 * DAY));
        assert!(!first.record);
        rec.note(0, &first, 240 * DAY, &cn());
        // u2 = 0.7: a first offender's sentence would be suspended (custody
        // 0.56); a recidivist's is not (0.83), and is heavier (art. 65).
        let u = (0.1, 0.7, 0.5);
        let again = decide(&theft(), &cn(), &rec, (240 + 1800) * DAY, u);
        assert!(again.record, "{again:?}");
        assert_eq!(again.jail, Some(300 * DAY));
        // More than five years after release: a first offender again.
        let later = decide(&theft(), &cn(), &rec, (240 + 1827) * DAY, u);
        assert!(!later.record && later.jail.is_none(), "{later:?}");
        // Administrative detention makes no recidivist.
        let mut det = Record::default();
        detained(&mut det, 0);
        assert!(!det.has_record(DAY));
    }

    #[test]
    fn under_a_conviction_rule_a_charge_without_custody_makes_a_record() {
        let rule = RecordRule {
            from_custody: false,
            ..cn()
        };
        let mut rec = Record::default();
        let o = decide(&theft(), &rule, &rec, 0, (0.1, 0.9, 0.5));
        assert!(o.charged && o.jail.is_none());
        rec.note(0, &o, 0, &rule);
        assert!(rec.has_record(1826 * DAY) && !rec.has_record(1827 * DAY));
    }
}
