//! The end of a run: every counter and statistic flattened into the
//! contract metric names (DESIGN "Conventions") and per-node results.

use super::{Sim, St, Waits};
use crate::engine::time::{MS_PER_HOUR, MS_PER_MINUTE, hour_of_week, to_hours};
use crate::model::metrics::UNIT_STATES;
use crate::model::{NodeStats, Profiles, RESPONSE_CDF_MAX_MIN, RunResult};
use crate::stats::{Histogram, Running};

/// Share of responses within m minutes, m = 0..=RESPONSE_CDF_MAX_MIN
/// (`None` without responses).
fn response_cdf(h: &Histogram) -> Option<Vec<f64>> {
    (0..=RESPONSE_CDF_MAX_MIN as u64)
        .map(|m| h.share_at_most(m * MS_PER_MINUTE))
        .collect()
}

impl<'a> Sim<'a> {
    /// The hour-of-week profiles over the measured span, with the response
    /// distributions already computed.
    fn profiles(&self, response_cdf: &[(String, Vec<f64>)]) -> Profiles {
        // How often each hour of the week occurs in [warmup, horizon),
        // counting a part hour by its share.
        let mut hours = [0.0f64; 168];
        let mut t = self.warmup;
        while t < self.horizon {
            let end = ((t / MS_PER_HOUR + 1) * MS_PER_HOUR).min(self.horizon);
            hours[hour_of_week(t)] += (end - t) as f64 / MS_PER_HOUR as f64;
            t = end;
        }
        let per = |x: f64, h: f64| if h > 0.0 { x / h } else { 0.0 };
        Profiles {
            response_cdf: response_cdf.to_vec(),
            calls_by_hour: (0..168)
                .map(|i| per(self.week_calls[i] as f64, hours[i]))
                .collect(),
            busy_units_by_hour: (0..168)
                .map(|i| per(self.week_busy_ms[i] as f64 / MS_PER_HOUR as f64, hours[i]))
                .collect(),
        }
    }

    pub(super) fn finish(mut self) -> RunResult {
        for w in &self.by_prio {
            self.all.merge(w);
        }
        for u in 0..self.units.len() as u32 {
            let st = self.units[u as usize].state;
            if st == St::Patrol {
                let un = &self.units[u as usize];
                let g = un.group as usize;
                let (a, b, t0, t1) = (un.trip_from, un.next, un.trip_depart, un.next_at);
                self.record_patrol(g, a, b, t0, t1);
            } else if matches!(st, St::EnRoute | St::Returning) {
                self.walk_trip(u, self.horizon, true);
            }
            self.set_state(u, st);
        }
        let open = self.calls.len() - self.free_calls.len();
        let span_h = to_hours(self.horizon - self.warmup);
        let mut m: Vec<(String, Option<f64>)> = Vec::with_capacity(96);
        let mut put = |name: String, v: Option<f64>| m.push((name, v.filter(|x| x.is_finite())));
        if self.base.warmup_auto {
            put("warmup_days".into(), Some(self.base.warmup_days));
        }
        if self.base.burn_in_auto {
            put("burn_in_days".into(), Some(self.base.burn_in_days));
        }
        put("calls".into(), Some(self.all.received as f64));
        put("calls_service".into(), Some(self.service_calls as f64));
        put("calls_cleared".into(), Some(self.cleared as f64));
        put(
            "calls_answered_across_boundary".into(),
            Some(self.across as f64),
        );
        if (0..=self.base.phases.len()).any(|k| self.base.phase_scenario(k).dispatch.preempt) {
            put("calls_preempted".into(), Some(self.preemptions as f64));
        }
        put("calls_open_at_end".into(), Some(open as f64));
        put(
            "call_rate_per_hour".into(),
            Some(self.all.received as f64 / span_h),
        );
        let groups: Vec<(String, &Waits)> = std::iter::once((String::new(), &self.all))
            .chain(
                self.priorities
                    .iter()
                    .zip(&self.by_prio)
                    .map(|(p, w)| (format!(".p{p}"), w)),
            )
            .collect();
        let groups_cdf: Vec<(String, Vec<f64>)> = groups
            .iter()
            .filter_map(|(sfx, w)| {
                let label = if sfx.is_empty() { "all" } else { &sfx[1..] };
                Some((label.to_string(), response_cdf(&w.resp_hist)?))
            })
            .collect();
        for (sfx, w) in &groups {
            if !sfx.is_empty() {
                put(format!("calls{sfx}"), Some(w.received as f64));
            }
            // Mean, median and 90th percentile, in minutes.
            fn spread(
                put: &mut impl FnMut(String, Option<f64>),
                what: &str,
                sfx: &str,
                r: &Running,
                h: &Histogram,
            ) {
                put(format!("{what}_mean_min{sfx}"), r.mean());
                for (q, name) in [(0.5, "median"), (0.9, "p90")] {
                    put(
                        format!("{what}_{name}_min{sfx}"),
                        h.quantile(q).map(|x| x / 60_000.0),
                    );
                }
            }
            spread(&mut put, "dispatch_wait", sfx, &w.wait, &w.wait_hist);
            put(
                format!("dispatch_delayed_share{sfx}"),
                (w.assigned > 0).then(|| w.delayed as f64 / w.assigned as f64),
            );
            spread(&mut put, "response_time", sfx, &w.resp, &w.resp_hist);
        }
        self.desk_metrics(&mut put);
        self.role_metrics(&mut put);
        let (calls_t, met_t): (u64, u64) =
            (self.target_calls.iter().sum(), self.target_met.iter().sum());
        put(
            "response_target_met_share".into(),
            (calls_t > 0).then(|| met_t as f64 / calls_t as f64),
        );
        for (i, a) in crate::scenario::AREA_TYPES.iter().enumerate() {
            let n = self.target_calls[i];
            put(
                format!("response_target_met_share.{a}"),
                (n > 0).then(|| self.target_met[i] as f64 / n as f64),
            );
        }
        put("travel_time_mean_min".into(), self.travel.mean());
        put("on_scene_mean_min".into(), self.on_scene.mean());
        put("busy_time_mean_min".into(), self.busy.mean());
        let busy_ms =
            (self.state_ms[St::EnRoute as usize] + self.state_ms[St::OnScene as usize]) as f64;
        let on_duty_ms: f64 = self.state_ms[1..].iter().sum::<u64>() as f64;
        let span_ms = (self.horizon - self.warmup) as f64;
        put("busy_units_mean".into(), Some(busy_ms / span_ms));
        put("units_on_duty_mean".into(), Some(on_duty_ms / span_ms));
        put(
            "unit_utilization".into(),
            (on_duty_ms > 0.0).then(|| busy_ms / on_duty_ms),
        );
        for (i, name) in UNIT_STATES.iter().enumerate() {
            put(
                format!("unit_hours.{name}"),
                Some(self.state_ms[i] as f64 / MS_PER_HOUR as f64),
            );
        }
        let n = self.w.node_count() as f64;
        let hours = (self.horizon.div_ceil(MS_PER_HOUR) - self.warmup / MS_PER_HOUR) as f64;
        let covered: u64 = self.presence.covered_hours().map(|h| h as u64).sum();
        put("patrol_coverage".into(), Some(covered as f64 / (n * hours)));
        let presence_ms: f64 = self.presence.weighted_ms().sum();
        put(
            "presence_hours".into(),
            Some(presence_ms / MS_PER_HOUR as f64),
        );
        let periods = self.period_results();
        put("officers_needed".into(), Some(self.officers_weighted()));
        self.crime_metrics(&mut put);
        self.period_metrics(&periods, &mut put);
        let nodes = NodeStats {
            crimes: match &self.crime {
                Some(c) => c.stats.node_crimes.iter().map(|&x| x as f64).collect(),
                None => vec![0.0; self.w.node_count()],
            },
            calls: self.node_calls.iter().map(|&c| c as f64).collect(),
            presence_hours: self
                .presence
                .weighted_ms()
                .map(|x| x / MS_PER_HOUR as f64)
                .collect(),
            coverage: self
                .presence
                .covered_hours()
                .map(|h| h as f64 / hours)
                .collect(),
        };
        let profiles = self.profiles(&groups_cdf);
        RunResult {
            seed: 0,
            metrics: m,
            periods,
            nodes,
            profiles,
            events: self.events,
            events_by_kind: self.events_by_kind(),
            router_stats: self.routers.iter().map(|r| r.stats).collect(),
            call_log: self.log,
            crime_log: self
                .crime
                .as_mut()
                .map_or_else(Vec::new, |c| std::mem::take(&mut c.crime_log)),
            daily: std::mem::take(&mut self.daily),
            snapshot: std::mem::take(&mut self.snapshot),
        }
    }

    /// The event counters, named (zeros left out).
    fn events_by_kind(&self) -> Vec<(String, u64)> {
        let kinds = crate::model::event::KIND_NAMES
            .iter()
            .map(|k| k.to_string());
        let units = crate::model::metrics::UNIT_STATES
            .iter()
            .map(|s| format!("unit:{s}"));
        let offenders = super::crime::OFF_STATES
            .iter()
            .map(|s| format!("offender:{s}"));
        kinds
            .chain(units)
            .chain(offenders)
            .zip(self.event_kinds)
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}
