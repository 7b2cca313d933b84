//! Reporting, investigation and arrest: reports to 110, cases worked by
//! detectives, tips from informants and registration, the arrest channels,
//! stop-and-check, and closing calls about crimes.

use super::{Channel, CrimeRec, HOT_SPOT_WINDOW_DAYS, OffSt, decayed, record};
use crate::engine::rng::{StreamRng, open01, splitmix64, stream, uniform01};
use crate::engine::time::{MS_PER_DAY, MS_PER_HOUR, Tick};
use crate::model::event::{CaseId, Event};
use crate::model::sim::{NONE, Sim};
use crate::model::streams;

impl<'a> Sim<'a> {
    /// The victim (or a witness) calls 110 about crime `c`.
    pub(in crate::model::sim) fn on_report(&mut self, c: u32) {
        let rec = self.cw().crimes[c as usize];
        let k = rec.kind as usize;
        let now = self.now;
        let o = rec.offender;
        let n = rec.node as usize;
        let tau = HOT_SPOT_WINDOW_DAYS * MS_PER_DAY as f64;
        let cw = self.cw();
        cw.heat[n] = decayed(cw.heat[n], cw.heat_at[n], now, tau) + 1.0;
        cw.heat_at[n] = now;
        if rec.counted {
            cw.stats.reported[k] += 1;
            cw.stats.reported_view[rec.street as usize] += 1;
        }
        cw.crimes[c as usize].reported_at = now;
        let (intake, scene, u, d) = self.report_draws(c);
        let ty = self.cw().first_call_type + k;
        if self.s.investigation.detectives == 0 {
            self.investigate_now(c, u, d);
        } else {
            // The case waits for a detective; evidence ages meanwhile.
            self.cw().crimes[c as usize].refs += 1;
            self.cw().case_queue.push_back((c, now));
            self.start_cases();
        }
        let _ = o;
        // The report reaches the dispatch queue; the call holds the crime until cleared.
        self.cw().crimes[c as usize].refs += 1;
        self.open_call(rec.node, ty, intake, scene, c);
        self.release_crime(c);
    }

    /// Stream `part` of crime `c`'s case, keyed by who did it and when (not
    /// by the record's slot, which depends on how long other records are
    /// held): the same crime gets the same draws whatever else happens.
    pub(in crate::model::sim) fn case_stream(&mut self, c: u32, part: u64) -> StreamRng {
        let rec = self.cw().crimes[c as usize];
        let key = splitmix64(rec.offender_uid ^ splitmix64(rec.start ^ (part << 60)));
        stream(self.seed, streams::CASES ^ key)
    }

    /// Work the case of crime `c` at once (capacity not modelled), with its
    /// identification draw `u` and investigation delay `d`: identified on
    /// the evidence at its report and the tips so far, the offender is named
    /// after the delay; otherwise tips may still come in until then.
    pub(in crate::model::sim) fn investigate_now(&mut self, c: u32, u: f64, d: Tick) {
        let rec = self.cw().crimes[c as usize];
        if rec.cleared {
            return;
        }
        let (evidence, tips) = self.identification_parts(c, rec.reported_at);
        if u < (evidence + tips).min(1.0) {
            self.note_tip_helped(u, evidence);
            self.cw().crimes[c as usize].refs += 1;
            self.q
                .schedule(self.now + d.max(1), Event::Investigation(CaseId(c)).pack());
        } else if self.levers.tips() {
            self.cw().crimes[c as usize].refs += 1;
            self.q
                .schedule(self.now + d.max(1), Event::Tip(CaseId(c)).pack());
        }
    }

    /// Draws of a reported crime from a stream of the crime's own (the
    /// offender may be gone): call intake and on-scene time, the uniform
    /// that decides identification, and the investigation delay.
    pub(in crate::model::sim) fn report_draws(&mut self, c: u32) -> (Tick, Tick, f64, Tick) {
        let rec = self.cw().crimes[c as usize];
        let mut rng = self.case_stream(c, 0);
        let intake = self.type_intake.sample(&mut rng);
        let ty = self.cw().first_call_type + rec.kind as usize;
        let scene = self.type_scene[ty].sample(&mut rng);
        let u = open01(rand::RngExt::random(&mut rng));
        let d = self.cw().investigation_delay.at(uniform01(&mut rng));
        (intake, scene, u, d)
    }

    /// Chance that investigating crime `c` at time `t` identifies its
    /// offender, in two parts: the evidence (the base chance decays with the
    /// age of the case, so prompt reports help; cameras add footage), and
    /// tips received so far (checkpoint registration, informants, lodging
    /// and second-hand registration).
    pub(in crate::model::sim) fn identification_parts(&mut self, c: u32, t: Tick) -> (f64, f64) {
        let spec = self.spec();
        let rec = self.cw().crimes[c as usize];
        let ty = &spec.types[rec.kind as usize];
        let age_h = t.saturating_sub(rec.end) as f64 / MS_PER_HOUR as f64;
        let evidence = ty.investigation_clear * (-age_h / spec.evidence_decay_hours).exp()
            + if rec.camera { ty.camera_identify } else { 0.0 };
        // Street-camera footage raises the solve rate of a crime in view.
        let evidence = self.levers.cameras.evidence(rec.street, evidence);
        (
            evidence,
            self.registration_bonus(&rec) + self.tip_bonus(&rec),
        )
    }

    /// Count an identification that the evidence alone would not have made.
    pub(in crate::model::sim) fn note_tip_helped(&mut self, u: f64, evidence: f64) {
        if u >= evidence.min(1.0) && self.now >= self.warmup {
            self.cw().stats.tip_identifications += 1;
        }
    }

    /// Informants' and registrations' part: the offender was noted at a
    /// place, or his loot sold, after the crime; or (roaming) he registered
    /// at a lodging place during this visit.
    pub(in crate::model::sim) fn tip_bonus(&self, rec: &CrimeRec) -> f64 {
        let Some(cw) = &self.crime else { return 0.0 };
        let off = &cw.offenders[rec.offender as usize];
        if off.uid != rec.offender_uid {
            return 0.0;
        }
        self.levers.tip_bonus(&off.marks, rec.start)
    }

    /// The investigation of crime `c` ends without an identification on
    /// its evidence: tips received meanwhile may still name the offender.
    pub(in crate::model::sim) fn on_tip(&mut self, c: u32) {
        let rec = self.cw().crimes[c as usize];
        let (_, _, u, _) = self.report_draws(c);
        let (evidence, tips) = self.identification_parts(c, rec.reported_at);
        if !rec.cleared && u < (evidence + tips).min(1.0) {
            self.note_tip_helped(u, evidence);
            self.on_investigation(c); // releases the tip's hold on the crime
        } else {
            self.release_crime(c);
        }
    }

    /// A registered passage through a checkpoint after the crime helps
    /// identify its offender (the largest registration bonus of any post).
    pub(in crate::model::sim) fn registration_bonus(&self, rec: &CrimeRec) -> f64 {
        let Some(cw) = &self.crime else { return 0.0 };
        let off = &cw.offenders[rec.offender as usize];
        if off.uid != rec.offender_uid {
            return 0.0;
        }
        let marks = &off.marks.checkpoints;
        self.levers.checkpoints.registration_bonus(marks, rec.start)
    }

    /// Free detectives take the oldest waiting cases.
    pub(in crate::model::sim) fn start_cases(&mut self) {
        let detectives = self.s.investigation.detectives;
        let mean_days = 365.0 / self.s.investigation.cases_per_detective_year;
        while self.cw().busy_detectives < detectives {
            let Some((c, queued)) = self.cw().case_queue.pop_front() else {
                break;
            };
            let mut rng = self.case_stream(c, 1);
            let work = -(1.0 - uniform01(&mut rng)).ln() * mean_days * MS_PER_DAY as f64;
            let (now, warmup) = (self.now, self.warmup);
            let cw = self.cw();
            cw.busy_detectives += 1;
            if now >= warmup {
                cw.stats.cases_worked += 1;
                cw.stats.case_wait_days += (now - queued) as f64 / MS_PER_DAY as f64;
            }
            cw.crimes[c as usize].case_start = now;
            self.q
                .schedule(now + work as Tick + 1, Event::CaseDone(CaseId(c)).pack());
        }
    }

    /// A detective closes the case of crime `c`: identified or not.
    pub(in crate::model::sim) fn on_case_done(&mut self, c: u32) {
        self.cw().busy_detectives -= 1;
        let mut rng = self.case_stream(c, 2);
        // The chance the case had when reported, eroded by the backlog.
        let rec = self.cw().crimes[c as usize];
        let wait_days = rec.case_start.saturating_sub(rec.reported_at) as f64 / MS_PER_DAY as f64;
        let (evidence, tips) = self.identification_parts(c, rec.reported_at);
        let decay = (-wait_days / self.s.investigation.case_decay_days).exp();
        let u = uniform01(&mut rng);
        if u < (evidence + tips).min(1.0) * decay {
            self.note_tip_helped(u, evidence * decay);
            self.on_investigation(c); // releases the case's hold on the crime
        } else {
            self.release_crime(c);
        }
        self.start_cases();
    }

    /// An enforcement stop at `node`: everyone there is checked; an offender
    /// carrying loot, or wanted, may be caught.
    pub(in crate::model::sim) fn stop_and_check(&mut self, node: u32, u01: f64) {
        if !self
            .levers
            .enforcement
            .on_stop(self.now >= self.warmup, u01)
        {
            return; // nobody there is caught
        }
        let n = self.cw().offenders.len();
        for o in 0..n as u32 {
            let off = &self.cw().offenders[o as usize];
            if off.node != node || !matches!(off.state, OffSt::Dwelling | OffSt::AtCrime) {
                continue;
            }
            // Carrying loot; or wanted, when the alert reached this unit's
            // jurisdiction (as at a checkpoint).
            let (loot, wanted) = (off.loot, off.wanted.is_some());
            if loot || (wanted && self.alert_reaches(o, node)) {
                self.arrest_for(o, None, Channel::StopCheck);
            }
        }
    }

    /// Investigation identified the offender of crime `c`.
    pub(in crate::model::sim) fn on_investigation(&mut self, c: u32) {
        let rec = self.cw().crimes[c as usize];
        let o = rec.offender;
        let off = self.cw().offenders[o as usize].clone();
        // The slot may hold another (roaming) offender by now: then, as for a
        // roaming offender gone, the offender has left the county.
        let left = off.uid != rec.offender_uid || off.state == OffSt::Gone;
        let counted = self.now >= self.warmup;
        if left && rec.offender_uid < 1 << 40 {
            // A local offender whose career has ended since: found at home,
            // the case is cleared; he offends no more.
            self.clear(c);
            self.release_crime(c);
            return;
        }
        let mut rng = self.case_stream(c, 3);
        let u = uniform01(&mut rng);
        if !rec.cleared {
            if left {
                // Regional linkage beyond the county: a neighbour arrests.
                if counted {
                    self.cw().stats.identified_outside += 1;
                }
                if self.levers.regional.arrested_outside(u) {
                    if counted {
                        self.cw().stats.arrests_outside += 1;
                    }
                    self.clear(c);
                }
            } else if off.state == OffSt::Prison {
                self.clear(c); // already inside: the case is solved, no new arrest
            } else {
                let (crime_jur, found_jur) = (
                    self.w.node_jur[rec.node as usize] as usize,
                    self.w.node_jur[off.node as usize] as usize,
                );
                if crime_jur != found_jur {
                    // Found in another jurisdiction: arrested there only as
                    // far as the two cooperate.
                    if counted {
                        self.cw().stats.identified_cross += 1;
                    }
                    if u < self.levers.regional.between(crime_jur, found_jur) {
                        if counted {
                            self.cw().stats.arrests_cross += 1;
                        }
                        self.arrest(o, c, Channel::Investigation);
                    } else {
                        // Not arrested there: the investigating jurisdiction
                        // puts out an alert.
                        if counted {
                            self.cw().stats.wanted += 1;
                        }
                        self.cw().offenders[o as usize].wanted =
                            Some((c, rec.start, crime_jur as u16));
                    }
                } else {
                    self.arrest(o, c, Channel::Investigation);
                }
            }
        }
        self.release_crime(c);
    }

    /// A unit arrives on the scene of a call about crime `c`: the offender
    /// may still be there. Returns the police time the unit is held for
    /// after its on-scene time (`crime.arrest_hours` after an arrest, else 0).
    pub(in crate::model::sim) fn on_scene_of_crime(&mut self, c: u32) -> Tick {
        let rec = self.cw().crimes[c as usize];
        let o = rec.offender;
        let st = self.cw().offenders[o as usize].state;
        let same = self.cw().offenders[o as usize].uid == rec.offender_uid;
        let still_there = same
            && self.now <= rec.leave
            && st != OffSt::Prison
            && st != OffSt::Gone
            && !rec.cleared;
        if !same {
            return 0; // that offender left long ago; the slot is someone else's
        }
        let u = uniform01(&mut self.cw().rng[o as usize]);
        if still_there && u < self.spec().response_catch {
            self.arrest(o, c, Channel::Response);
            return (self.spec().arrest_hours * MS_PER_HOUR as f64).round() as Tick;
        }
        0
    }

    pub(in crate::model::sim) fn call_closed(&mut self, c: u32) {
        self.release_crime(c);
    }

    pub(in crate::model::sim) fn clear(&mut self, c: u32) {
        let cw = self.cw();
        let r = &mut cw.crimes[c as usize];
        if r.cleared {
            return;
        }
        r.cleared = true;
        if r.counted {
            let k = r.kind as usize;
            cw.stats.cleared[k] += 1;
            if r.reported {
                cw.stats.cleared_reported[k] += 1;
                cw.stats.cleared_view[r.street as usize] += 1;
            }
        }
    }

    pub(in crate::model::sim) fn arrest(&mut self, o: u32, c: u32, channel: Channel) {
        self.arrest_for(o, Some(c), channel)
    }

    /// Arrest offender `o` (for crime `c`, which is then cleared, if known).
    pub(in crate::model::sim) fn arrest_for(&mut self, o: u32, c: Option<u32>, channel: Channel) {
        // Caught before the crime in progress ended: that attempt failed.
        let cur = self.cw().offenders[o as usize].crime;
        if self.cw().offenders[o as usize].state == OffSt::AtCrime && cur != NONE {
            let r = self.cw().crimes[cur as usize];
            if r.counted {
                self.cw().stats.failed[r.kind as usize] += 1;
            }
            self.cw().offenders[o as usize].crime = NONE;
            self.release_crime(cur);
        }
        if self.now >= self.warmup {
            self.cw().stats.arrests[channel as usize] += 1;
        }
        let at = match c {
            Some(c) => self.cw().crimes[c as usize].node,
            None => self.cw().offenders[o as usize].node,
        };
        self.note_arrest(o, at);
        let st = &mut self.cw().stats.start;
        if st.node_arrests.len() <= at as usize {
            st.node_arrests.resize(at as usize + 1, 0.0);
        }
        st.node_arrests[at as usize] += 1.0;
        if let Some(c) = c {
            self.clear(c);
        }
        let (wanted, last_kind) = {
            let off = &self.cw().offenders[o as usize];
            (off.wanted, off.last_kind)
        };
        let kind = match (c, wanted) {
            (Some(c), _) => self.cw().crimes[c as usize].kind,
            (None, Some((wc, start, _))) if self.cw().crimes[wc as usize].start == start => {
                self.cw().crimes[wc as usize].kind
            }
            _ => last_kind,
        };
        let counted = self.now >= self.warmup;
        self.sanction(o, kind as usize, counted);
        let off = &mut self.cw().offenders[o as usize];
        off.loot = false;
        let wanted = off.wanted.take();
        let uid = off.uid;
        // Arrested on any ground: the alert out for him is answered too.
        if let Some((wc, start, _)) = wanted {
            let r = self.cw().crimes[wc as usize];
            if r.start == start && r.offender_uid == uid {
                self.clear(wc);
            }
        }
    }

    /// What follows the arrest of offender `o` for a crime of kind `k`
    /// (`[sanctions]`, read against his record: `record.rs`): a charge (a
    /// court case) or not; then custody, or administrative detention, or
    /// release after `HELD_MS` in police custody (not counted as prison).
    /// Schedules the release and notes the arrest on his record.
    pub(in crate::model::sim) fn sanction(&mut self, o: u32, k: usize, counted: bool) {
        let now = self.now;
        let uid = self.cw().offenders[o as usize].uid;
        let u = (
            self.keyed(uid, now, 1),
            self.keyed(uid, now, 2),
            self.keyed(uid, now, 3),
        );
        let (horizon, warmup) = (self.horizon, self.warmup);
        let cw_pardon = self.pardon();
        let cw = self.cw();
        let (sd, rule) = (cw.sanctions[k], cw.record_rule);
        let out = record::decide(&sd, &rule, &cw.offenders[o as usize].record, now, u);
        let (charged, jail) = (out.charged, out.jail);
        if counted {
            cw.stats.charges += charged as u64;
            cw.stats.charges_repeat += (charged && out.repeat) as u64;
            match (charged, jail.is_some()) {
                (true, true) => {
                    cw.stats.custody_sentences += 1;
                    cw.stats.custody_with_record += out.record as u64;
                }
                (false, true) => cw.stats.detentions += 1,
                _ => {}
            }
        }
        let release = match jail {
            Some(t) => pardoned(&cw_pardon, now, now + t.max(1)),
            None => now + HELD_MS,
        };
        if jail.is_some() {
            let (from, to) = (now.max(warmup), release.min(horizon));
            if to > from {
                cw.stats.prison_ms += (to - from) as f64;
                if out.known {
                    cw.stats.prison_known_ms += (to - from) as f64;
                }
            }
            cw.in_prison += 1;
        }
        let off = &mut cw.offenders[o as usize];
        off.record.note(now, &out, release, &rule);
        off.state = OffSt::Prison;
        off.jailed = jail.is_some();
        off.released_at = release;
        off.ev_live = false; // cancels the pending move or crime end
        self.schedule_offender(o, release);
        self.note_sanctioned(o, k, release - now, jail.is_some());
    }
}

impl Sim<'_> {
    /// The collective pardon in force (`sanctions.pardon_day`,
    /// `pardon_days`): when (burn-in included) and how much it takes off.
    pub(in crate::model::sim) fn pardon(&self) -> Pardon {
        let sn = &self.spec().sanctions;
        let ms = |d: f64| (d * MS_PER_DAY as f64).round() as Tick;
        Pardon {
            at: ms(sn.pardon_day) + self.burn_in,
            off: ms(sn.pardon_days),
        }
    }
}

/// A collective pardon: stays begun before `at` lose `off`.
#[derive(Debug, Clone, Copy)]
pub(in crate::model::sim) struct Pardon {
    at: Tick,
    off: Tick,
}

/// When a stay in custody begun at `start` and due to end at `release`
/// ends under the pardon `p`: `off` earlier, and not before the pardon's
/// day (Italy's 2006 pardon: three years off every sentence for crimes
/// before 2 May 2006, those with less left released at once).
pub(in crate::model::sim) fn pardoned(p: &Pardon, start: Tick, release: Tick) -> Tick {
    if p.off > 0 && start < p.at && release > p.at {
        p.at.max(release.saturating_sub(p.off))
    } else {
        release
    }
}

/// Time an arrested offender not jailed is held by the police: 12 hours
/// (PACE s.41 allows 24 in England and Wales; PSAPL art. 83 questioning
/// up to 8 or 24 hours).
const HELD_MS: Tick = 12 * MS_PER_HOUR;

#[cfg(test)]
mod tests {
    use super::{Pardon, pardoned};

    #[test]
    fn a_pardon_shortens_stays_begun_before_it_and_frees_those_with_less_left() {
        let p = Pardon { at: 100, off: 30 };
        // Begun before, 50 left at the pardon: 30 off.
        assert_eq!(pardoned(&p, 10, 150), 120);
        // Begun before, 20 left: released on the pardon's day.
        assert_eq!(pardoned(&p, 10, 120), 100);
        // Over before the pardon, or begun on or after it: unchanged.
        assert_eq!(pardoned(&p, 10, 90), 90);
        assert_eq!(pardoned(&p, 100, 200), 200);
        // No pardon.
        assert_eq!(pardoned(&Pardon { at: 100, off: 0 }, 10, 150), 150);
    }
}
