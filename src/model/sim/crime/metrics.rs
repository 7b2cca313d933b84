//! The crime model's metrics at the end of a run, with the levers' own
//! (each lever emits its metrics, `model/levers/`; they are placed here
//! slot by slot, `levers::Slot`, so the outputs keep their order).

use super::{Channel, HOUSEHOLD, OffSt, VEHICLE};
use crate::model::levers::{Emit, Slot};
use crate::model::sim::{NONE, Sim};

impl<'a> Sim<'a> {
    /// Metrics of the crime model (appended to the run's metrics).
    pub(in crate::model::sim) fn crime_metrics(&self, put: &mut dyn FnMut(String, Option<f64>)) {
        let Some(cw) = &self.crime else { return };
        let spec = self.spec();
        let st = &cw.stats;
        let sum = |v: &Vec<u64>| v.iter().sum::<u64>() as f64;
        // The levers' own metrics, placed slot by slot below.
        let mut levers = Emit::default();
        self.levers.emit(&mut levers);
        put(
            "targets_households".into(),
            Some(cw.targets[HOUSEHOLD].iter().sum()),
        );
        let cfg = cw.config_values(&self.levers);
        for (name, v) in cfg.named() {
            put(name.into(), Some(v));
        }
        levers.place(Slot::Settings, put);
        put(
            "targets_vehicles".into(),
            Some(cw.targets[VEHICLE].iter().sum()),
        );
        put("crime_opportunities".into(), Some(sum(&st.opportunities)));
        put("crimes_attempted".into(), Some(sum(&st.attempted)));
        put("crimes_completed".into(), Some(sum(&st.completed)));
        put("crimes_failed".into(), Some(sum(&st.failed)));
        put("crimes_deterred".into(), Some(sum(&st.deterred)));
        put("crimes_displaced".into(), Some(st.displaced as f64));
        let in_progress = cw
            .offenders
            .iter()
            .filter(|o| {
                o.state == OffSt::AtCrime && o.crime != NONE && cw.crimes[o.crime as usize].counted
            })
            .count();
        put("crimes_in_progress_at_end".into(), Some(in_progress as f64));
        put(
            "crime_invariant_violations".into(),
            Some(st.invariant_violations as f64),
        );
        put("crimes_reported".into(), Some(sum(&st.reported)));
        put("crimes_cleared".into(), Some(sum(&st.cleared)));
        let rep = sum(&st.reported);
        put(
            "clearance_rate".into(),
            (rep > 0.0).then(|| sum(&st.cleared_reported) / rep),
        );
        let att = sum(&st.attempted);
        put(
            "clearance_rate_all".into(),
            (att > 0.0).then(|| sum(&st.cleared) / att),
        );
        for (k, t) in spec.types.iter().enumerate() {
            let n = &t.name;
            put(
                format!("crimes_attempted.{n}"),
                Some(st.attempted[k] as f64),
            );
            put(
                format!("crimes_completed.{n}"),
                Some(st.completed[k] as f64),
            );
            put(format!("crimes_failed.{n}"), Some(st.failed[k] as f64));
            put(format!("crimes_deterred.{n}"), Some(st.deterred[k] as f64));
            put(format!("crimes_reported.{n}"), Some(st.reported[k] as f64));
            put(
                format!("clearance_rate.{n}"),
                (st.reported[k] > 0).then(|| st.cleared_reported[k] as f64 / st.reported[k] as f64),
            );
        }
        for (name, i) in [
            ("clearance_rate_out_of_view", 0),
            ("clearance_rate_in_view", 1),
        ] {
            let rep = st.reported_view[i];
            put(
                name.into(),
                (rep > 0).then(|| st.cleared_view[i] as f64 / rep as f64),
            );
        }
        levers.place(Slot::Clearance, put);
        let arrests: u64 = st.arrests.iter().sum();
        put("arrests".into(), Some(arrests as f64));
        for ch in Channel::ALL {
            put(
                Channel::METRICS[ch as usize].into(),
                Some(st.arrests[ch as usize] as f64),
            );
        }
        put("social_cost".into(), Some(st.social_cost));
        let (response, public) = (st.social_cost_response, st.social_cost_public);
        put(
            "social_cost.victims".into(),
            Some(st.social_cost - response - public),
        );
        put("social_cost.public_services".into(), Some(public));
        put("social_cost.response".into(), Some(response));
        levers.place(Slot::SocialCost, put);
        let span = (self.horizon - self.warmup) as f64;
        put("offenders_in_prison_mean".into(), Some(st.prison_ms / span));
        put(
            "offenders_in_prison_repeat_mean".into(),
            Some(st.prison_known_ms / span),
        );
        let from = cw.active_at.max(self.warmup);
        let active_ms = st.active_ms + cw.active as f64 * self.horizon.saturating_sub(from) as f64;
        put("offenders_active_mean".into(), Some(active_ms / span));
        for (name, v) in [
            ("charges", st.charges),
            ("custody_sentences", st.custody_sentences),
            ("detentions", st.detentions),
            ("charges_repeat", st.charges_repeat),
            ("custody_sentences_with_record", st.custody_with_record),
            ("offender_onsets", st.onsets),
            ("offender_desistances", st.desistances),
        ] {
            put(name.into(), Some(v as f64));
        }
        levers.place(Slot::Careers, put);
        for (name, v) in [
            ("identifications.cross_jurisdiction", st.identified_cross),
            ("arrests.cross_jurisdiction", st.arrests_cross),
            ("identifications.outside_county", st.identified_outside),
            ("arrests.outside_county", st.arrests_outside),
            ("offenders_wanted", st.wanted),
            ("arrests.wanted", st.wanted_caught),
        ] {
            put(name.into(), Some(v as f64));
        }
        levers.place(Slot::Regional, put);
        put(
            "identifications.helped_by_tips".into(),
            Some(st.tip_identifications as f64),
        );
        if self.s.investigation.detectives > 0 {
            put("cases_worked".into(), Some(st.cases_worked as f64));
            put(
                "cases_waiting_at_end".into(),
                Some(cw.case_queue.len() as f64),
            );
            put(
                "case_wait_mean_days".into(),
                (st.cases_worked > 0).then(|| st.case_wait_days / st.cases_worked as f64),
            );
        }
        // Concentration: the smallest share of places holding half (a
        // quarter) of the crime (the law of crime concentration, crime.md §14).
        let total: u64 = st.node_crimes.iter().map(|&x| x as u64).sum();
        let mut sorted: Vec<u32> = st.node_crimes.clone();
        sorted.sort_unstable_by(|a, b| b.cmp(a));
        let share_holding = |part: u64| {
            (total > 0).then(|| {
                let mut acc = 0u64;
                let mut places = 0usize;
                for &x in &sorted {
                    acc += x as u64;
                    places += 1;
                    if part * acc >= total {
                        break;
                    }
                }
                places as f64 / sorted.len() as f64
            })
        };
        let conc = share_holding(2);
        put("crime_concentration_25".into(), share_holding(4));
        put("crime_concentration_50".into(), conc);
        let at = |set: &Vec<bool>| -> f64 {
            st.node_crimes
                .iter()
                .zip(set)
                .filter(|(_, s)| **s)
                .map(|(c, _)| *c as f64)
                .sum()
        };
        put("crimes_completed.hot_spots".into(), Some(at(&cw.hot_spots)));
        put("crimes_completed.ring".into(), Some(at(&cw.ring)));
        put(
            "crimes_completed.elsewhere".into(),
            Some(
                st.node_crimes.iter().map(|&c| c as f64).sum::<f64>()
                    - at(&cw.hot_spots)
                    - at(&cw.ring),
            ),
        );
        let hot_ms: f64 = self
            .presence
            .weighted_ms()
            .zip(&cw.hot_spots)
            .filter(|(_, h)| **h)
            .map(|(m, _)| m)
            .sum();
        put(
            "presence_hours_hot_spots".into(),
            Some(hot_ms / crate::engine::time::MS_PER_HOUR as f64),
        );
        put("koper_stops".into(), Some(self.koper_stops as f64));
        levers.place(Slot::End, put);
    }
}
