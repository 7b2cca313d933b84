//! A diagnostic of the slow state at the end of the warm-up
//! (`RunOptions::snapshot`, docs/crime.md §16.3): who is active, free or
//! inside, by class of offending rate; remaining careers and stays; records
//! and earlier arrests; the memory of arrests (own and per place); open
//! cases. It reads the state and changes nothing, so a run with it gives
//! the same numbers as without.

use super::stationary::{RATE_CLASSES, rate_bounds, rate_class};
use super::{OffSt, decayed};
use crate::engine::time::{MS_PER_DAY, Tick};
use crate::model::sim::Sim;

/// Bounds (days) of the bins of remaining careers and remaining stays.
const CAREER_BINS: [f64; 4] = [365.0, 1095.0, 3650.0, f64::INFINITY];
const STAY_BINS: [f64; 6] = [15.0, 90.0, 180.0, 365.0, 730.0, f64::INFINITY];

fn bin(bounds: &[f64], x: f64) -> usize {
    bounds
        .iter()
        .position(|&b| x < b)
        .unwrap_or(bounds.len() - 1)
}

impl Sim<'_> {
    /// The state at `at` as named numbers (empty without the crime model).
    pub(in crate::model::sim) fn crime_snapshot(&self, at: Tick) -> Vec<(String, f64)> {
        let Some(cw) = self.crime.as_ref() else {
            return Vec::new();
        };
        let spec = self.spec();
        let bounds = rate_bounds(spec);
        let tau = spec.certainty_decay_days * MS_PER_DAY as f64;
        let day = MS_PER_DAY as f64;
        let window = cw
            .record_rule
            .repeat_window
            .max(cw.record_rule.record_window);
        let mut out: Vec<(String, f64)> = Vec::new();
        let mut put = |k: String, v: f64| out.push((k, v));
        let (mut free, mut jailed, mut held, mut roam_jailed, mut ghosts) =
            (0.0, 0.0, 0.0, 0.0, 0.0);
        let mut free_c = [0.0; RATE_CLASSES];
        let mut jail_c = [0.0; RATE_CLASSES];
        let (mut rate_free, mut rate_eff, mut own_free) = (0.0, 0.0, 0.0);
        let mut own_c = [0.0; RATE_CLASSES];
        let mut career = [0.0; CAREER_BINS.len()];
        let mut career_sum = 0.0;
        let mut stay = [0.0; STAY_BINS.len()];
        let (mut stay_sum, mut jail_record, mut jail_known) = (0.0, 0.0, 0.0);
        let mut prior = [0.0; 3];
        let (mut free_record, mut free_known) = (0.0, 0.0);
        let own_share = spec.certainty_own_arrest;
        for (o, off) in cw.offenders.iter().enumerate() {
            if off.state == OffSt::Gone {
                continue;
            }
            let (n_prior, record, known) = off.record.state_at(at as i64, window);
            let own = match cw.cert_own.get(o) {
                Some(&(v, t, uid)) if uid == off.uid && own_share > 0.0 => decayed(v, t, at, tau),
                _ => 0.0,
            };
            let c = rate_class(&bounds, off.rate);
            if off.state == OffSt::Prison {
                if off.roaming {
                    roam_jailed += off.jailed as u8 as f64;
                    continue;
                }
                if !off.jailed {
                    held += 1.0;
                    continue;
                }
                jailed += 1.0;
                jail_c[c] += 1.0;
                ghosts += (off.career_end <= at) as u8 as f64;
                let left = off.released_at.saturating_sub(at) as f64 / day;
                stay[bin(&STAY_BINS, left)] += 1.0;
                stay_sum += left;
                jail_record += record as u8 as f64;
                jail_known += known as u8 as f64;
                continue;
            }
            if off.roaming {
                continue;
            }
            free += 1.0;
            free_c[c] += 1.0;
            rate_free += off.rate;
            let f = if own_share > 0.0 {
                (1.0 - own_share).powf(own)
            } else {
                1.0
            };
            rate_eff += off.rate * f;
            own_free += own;
            own_c[c] += own;
            let left = off.career_end.saturating_sub(at) as f64 / day;
            career[bin(&CAREER_BINS, left)] += 1.0;
            career_sum += left;
            prior[(n_prior as usize).min(2)] += 1.0;
            free_record += record as u8 as f64;
            free_known += known as u8 as f64;
        }
        put("active_local".into(), cw.active as f64);
        put("in_prison".into(), cw.in_prison as f64);
        put("local_free".into(), free);
        put("local_jailed".into(), jailed);
        put("local_jailed_career_over".into(), ghosts);
        put("local_held".into(), held);
        put("roaming_jailed".into(), roam_jailed);
        for (c, v) in free_c.iter().enumerate() {
            put(format!("free_rate_class{c}"), *v);
        }
        for (c, v) in jail_c.iter().enumerate() {
            put(format!("jailed_rate_class{c}"), *v);
        }
        put("free_rate_sum".into(), rate_free);
        put("free_rate_sum_after_own_certainty".into(), rate_eff);
        put("free_own_arrests_mean".into(), own_free / free.max(1.0));
        for c in 0..RATE_CLASSES {
            put(
                format!("free_own_arrests_class{c}"),
                own_c[c] / free_c[c].max(1.0),
            );
        }
        put(
            "free_career_left_days_mean".into(),
            career_sum / free.max(1.0),
        );
        let cb = ["lt1y", "1to3y", "3to10y", "ge10y"];
        for (k, v) in cb.iter().zip(career) {
            put(format!("free_career_left_{k}"), v);
        }
        put("free_prior_arrests_0".into(), prior[0]);
        put("free_prior_arrests_1".into(), prior[1]);
        put("free_prior_arrests_2plus".into(), prior[2]);
        put("free_with_record".into(), free_record);
        put("free_ever_arrested".into(), free_known);
        put(
            "jailed_stay_left_days_mean".into(),
            stay_sum / jailed.max(1.0),
        );
        let sb = ["lt15d", "15to90d", "90to180d", "180to365d", "1to2y", "ge2y"];
        for (k, v) in sb.iter().zip(stay) {
            put(format!("jailed_stay_left_{k}"), v);
        }
        put("jailed_with_record".into(), jail_record);
        put("jailed_ever_arrested_before".into(), jail_known);
        let mem: f64 = cw
            .arrest_mem
            .iter()
            .zip(&cw.arrest_mem_at)
            .map(|(&v, &t)| decayed(v, t, at, tau))
            .sum();
        put("area_arrest_memory_sum".into(), mem);
        put("case_queue".into(), cw.case_queue.len() as f64);
        put("busy_detectives".into(), cw.busy_detectives as f64);
        put(
            "wanted".into(),
            cw.offenders
                .iter()
                .filter(|o| o.state != OffSt::Gone && o.wanted.is_some())
                .count() as f64,
        );
        put(
            "open_crime_records".into(),
            (cw.crimes.len() - cw.free_crimes.len()) as f64,
        );
        out
    }
}
