//! Phases and periods: the counters each period starts from, its
//! settings-dependent values, per-period metrics, and a phase taking effect.

use super::{Sim, St, group_of};
use crate::engine::time::{MS_PER_DAY, Tick};
use crate::model::dist::Sampler;
use crate::model::levers;
use crate::model::{Counted, PeriodResult, Provided};
use crate::scenario::Scenario;
use crate::world::World;

/// Cumulative counters read at the start of each period (phase) and at the
/// end; a period's values are differences.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Counters {
    calls: f64,
    crimes_attempted: f64,
    crimes_completed: f64,
    crimes_reported: f64,
    arrests: f64,
    social_cost: f64,
    arrests_response: f64,
    prison_ms: f64,
    false_alarms: f64,
    charges: f64,
}

impl Counters {
    /// What was counted between `start` and `self`.
    fn since(&self, start: &Counters) -> Counters {
        Counters {
            calls: self.calls - start.calls,
            crimes_attempted: self.crimes_attempted - start.crimes_attempted,
            crimes_completed: self.crimes_completed - start.crimes_completed,
            crimes_reported: self.crimes_reported - start.crimes_reported,
            arrests: self.arrests - start.arrests,
            social_cost: self.social_cost - start.social_cost,
            charges: self.charges - start.charges,
            arrests_response: self.arrests_response - start.arrests_response,
            prison_ms: self.prison_ms - start.prison_ms,
            false_alarms: self.false_alarms - start.false_alarms,
        }
    }

    /// What economics prices.
    fn counted(&self) -> Counted {
        Counted {
            prisoner_years: self.prison_ms / (365.0 * MS_PER_DAY as f64),
            arrests: self.arrests,
            arrests_by_responding_unit: self.arrests_response,
            false_alarms: self.false_alarms,
        }
    }

    /// The crime model's counters under their contract names.
    fn crime_named(&self) -> [(&'static str, f64); 5] {
        [
            ("crimes_attempted", self.crimes_attempted),
            ("crimes_completed", self.crimes_completed),
            ("crimes_reported", self.crimes_reported),
            ("arrests", self.arrests),
            ("social_cost", self.social_cost),
        ]
    }
}

impl<'a> Sim<'a> {
    /// Cumulative counters now (after warm-up only, as every metric).
    pub(super) fn counters(&self) -> Counters {
        let mut c = Counters {
            calls: self.by_prio.iter().map(|w| w.received as f64).sum(),
            ..Counters::default()
        };
        if let Some(cw) = &self.crime {
            let st = &cw.stats;
            c.crimes_attempted = st.attempted.iter().sum::<u64>() as f64;
            c.crimes_completed = st.completed.iter().sum::<u64>() as f64;
            c.crimes_reported = st.reported.iter().sum::<u64>() as f64;
            c.arrests = st.arrests.iter().sum::<u64>() as f64;
            c.charges = st.charges as f64;
            c.social_cost = st.social_cost;
            c.arrests_response = st.arrests[super::crime::Channel::Response as usize] as f64;
            c.prison_ms = st.prison_ms;
            c.false_alarms = self.levers.programmes.false_alarms() as f64;
        }
        c
    }

    /// A period begins: keep the counters and the settings-dependent values.
    pub(super) fn start_period(&mut self) {
        self.period_snap.push(self.counters());
        let cfg = match &self.crime {
            Some(cw) => cw.config_values(&self.levers),
            None => Provided::default(),
        };
        self.period_config.push(cfg);
    }

    /// What each period's costs are computed from: one period without
    /// phases (the base settings, what they provide at the end of the run),
    /// else the base and each phase (at its start).
    pub(super) fn period_results(&self) -> Vec<PeriodResult> {
        let base = self.base;
        let households = self.crime.as_ref().map_or(0.0, |cw| cw.households());
        let end = self.counters();
        if base.phases.is_empty() {
            return vec![PeriodResult {
                years: (base.horizon_days - base.warmup_days) / 365.0,
                officers_needed: self.officers_weighted(),
                provided: self
                    .crime
                    .as_ref()
                    .map_or_else(Provided::default, |cw| cw.config_values(&self.levers)),
                counted: end.since(&Counters::default()).counted(),
                charges: end.since(&Counters::default()).charges,
                households,
            }];
        }
        (0..=base.phases.len())
            .map(|k| {
                let to = self.period_snap.get(k + 1).unwrap_or(&end);
                PeriodResult {
                    years: self.period_ms(k) / (365.0 * MS_PER_DAY as f64),
                    officers_needed: crate::model::officers_needed(base.phase_scenario(k)),
                    provided: self.period_config[k],
                    counted: to.since(&self.period_snap[k]).counted(),
                    charges: to.since(&self.period_snap[k]).charges,
                    households,
                }
            })
            .collect()
    }

    /// For a phased scenario, each period's outcomes and settings as
    /// `phase.<name>.<metric>` (`periods` from [`Sim::period_results`]).
    pub(super) fn period_metrics(
        &mut self,
        periods: &[PeriodResult],
        put: &mut dyn FnMut(String, Option<f64>),
    ) {
        let base = self.base;
        if base.phases.is_empty() {
            return;
        }
        self.period_snap.push(self.counters());
        for (k, name) in base.period_names().into_iter().enumerate() {
            let per = &periods[k];
            let d = self.period_snap[k + 1].since(&self.period_snap[k]);
            let mut p = |m: &str, v: Option<f64>| put(format!("phase.{name}.{m}"), v);
            p("years", Some(per.years));
            p("officers_needed", Some(per.officers_needed));
            p("calls", Some(d.calls));
            let r = self.period_resp[k];
            p("response_time_mean_min", (r[0] > 0.0).then(|| r[1] / r[0]));
            p(
                "response_target_met_share",
                (r[2] > 0.0).then(|| r[3] / r[2]),
            );
            if self.crime.is_some() {
                for (m, v) in d.crime_named() {
                    p(m, Some(v));
                }
                for (m, v) in per.provided.named() {
                    p(m, Some(v));
                }
            }
        }
    }

    /// The period (0 = base, k = phase k) in force at time `t`.
    pub(super) fn period_of(&self, t: Tick) -> usize {
        self.base
            .phases
            .iter()
            .take_while(|p| ((p.start_day * MS_PER_DAY as f64) as Tick).max(1) + self.burn_in <= t)
            .count()
    }

    /// Measured time (after warm-up) of period `k`, in ms.
    pub(super) fn period_ms(&self, k: usize) -> f64 {
        let ph = &self.base.phases;
        let at = |i: usize| (ph[i].start_day * MS_PER_DAY as f64) as Tick + self.burn_in;
        let start = if k == 0 { 0 } else { at(k - 1) };
        let end = if k < ph.len() { at(k) } else { self.horizon };
        end.min(self.horizon).saturating_sub(start.max(self.warmup)) as f64
    }

    /// Officers needed, weighted by the time each period's settings were in
    /// force after warm-up (the base's when there are no phases).
    pub(super) fn officers_weighted(&self) -> f64 {
        let base = self.base;
        if base.phases.is_empty() {
            return crate::model::officers_needed(base);
        }
        let span = (self.horizon - self.warmup) as f64;
        (0..=base.phases.len())
            .map(|k| {
                crate::model::officers_needed(base.phase_scenario(k)) * self.period_ms(k) / span
            })
            .sum()
    }

    /// Phase `k` begins: its settings take effect for units (counts, posts,
    /// shifts, patrol), dispatch and the crime levers.
    pub(super) fn on_phase(&mut self, k: usize) {
        let s: &'a Scenario = self.base.phase_scenario(k + 1);
        let w: &'a World = self.w;
        self.s = s;
        let crime = self.crime.as_ref().map(|c| c.layout());
        self.levers.configure(&levers::Settings { s, w, crime });
        let mut group_posts = Vec::with_capacity(self.groups.len());
        for gi in 0..self.groups.len() {
            let (group, posts) = group_of(s, w, gi);
            self.groups[gi] = group;
            group_posts.push(posts);
        }
        for u in 0..self.units.len() as u32 {
            let un = &self.units[u as usize];
            let gi = un.group as usize;
            let g = &s.units[gi];
            let posts = &group_posts[gi];
            let patrollers = (g.patrol_share * g.count as f64).round() as u32;
            let police = self.groups[gi].police;
            let rank = un.rank;
            let un = &mut self.units[u as usize];
            un.in_service = rank < g.count;
            un.patrol_role = rank < patrollers || !police;
            let old_post = un.post;
            un.post = if posts.is_empty() {
                w.jurisdictions[g.jurisdiction].station
            } else {
                posts[rank as usize % posts.len()]
            };
            self.shift_change(u);
            // The new role and post take effect now for units standing by,
            // held or patrolling; busy units follow them when they are free
            // (a unit driving home drives on to a moved post on arrival).
            let un = &self.units[u as usize];
            match un.state {
                St::Standby | St::Held if un.on_duty && un.patrol_role => self.become_free(u),
                St::Standby | St::Held if un.post != old_post => self.go_home(u),
                St::OffDuty if un.post != old_post => {
                    self.units[u as usize].node = self.units[u as usize].post;
                }
                St::Patrol if !un.patrol_role => self.end_patrol(u),
                _ => {}
            }
            self.refresh_pos(u);
        }
        self.type_intake = Sampler::new(&s.dispatch.intake_delay_min);
        self.levers.regional.configure(s, w);
        if let Some(spec) = &s.crime {
            self.crime
                .as_mut()
                .expect("crime is on in every phase")
                .configure(spec);
            self.after_phase();
        }
        self.start_period();
    }
}
