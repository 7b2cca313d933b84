//! Limits known before a run, checked from the scenario's own numbers so a
//! scenario that would reach them is refused at its key by `validate` (exit
//! 2) instead of failing mid-run: the number of calls and offenders the
//! event payload can index at once, and overload that grows the call queue
//! without bound (a warning while it stays inside the limit).

use super::shifts::weekly_hours;
use crate::scenario::{Problem, Scenario, Warning};

/// Calls open at once, and offenders present at once, that `validate` lets
/// a scenario count on: an eighth of what the index part of an event
/// payload can hold (23 bits, `event::IDX_BITS`), so the parts it can only
/// estimate (a stationary start's prisoners whose careers have ended, the
/// day-to-day spread of roaming offenders) cannot reach the payload's limit.
pub const MAX_OPEN: u64 = (1 << 20) - 1;
const _: () = assert!(MAX_OPEN * 8 < 1 << crate::model::event::IDX_BITS);

/// The offered load of calls not caused by offenders in one period of a
/// scenario: (calls per hour, calls per hour the police units can serve).
/// Service is the mean on-scene time alone (travel is not counted), so the
/// capacity is an upper bound and an overload found here is certain.
pub fn call_load(s: &Scenario) -> (f64, f64) {
    let total_share: f64 = s.calls.types.iter().map(|t| t.share).sum();
    let service_min: f64 = if total_share > 0.0 {
        s.calls
            .types
            .iter()
            .map(|t| t.share / total_share * t.on_scene_min.mean())
            .sum()
    } else {
        0.0
    };
    let on_duty: f64 = s
        .units
        .iter()
        .filter(|g| s.unit_types[g.unit_type].police)
        .map(|g| g.count as f64 * weekly_hours(&s.shifts[g.shift]) / 168.0)
        .sum();
    let capacity = if service_min > 0.0 {
        on_duty * 60.0 / service_min
    } else {
        f64::INFINITY
    };
    (s.calls.rate_per_hour, capacity)
}

/// Problems (limits a run would reach) and warnings (overload inside them)
/// of a scenario and each of its phases.
pub fn check(s: &Scenario) -> (Vec<Problem>, Vec<Warning>) {
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    let hours = s.horizon_days * 24.0;
    for k in 0..=s.phases.len() {
        let p = s.phase_scenario(k);
        let when = if k == 0 {
            String::new()
        } else {
            format!(" from phase \"{}\" on", s.phases[k - 1].name)
        };
        let (rate, capacity) = call_load(p);
        if rate > capacity {
            // Open calls at the end if the excess held over the whole run.
            let backlog = (rate - capacity) * hours;
            let why = format!(
                "calls arrive at {rate:.1} an hour{when} but the police units on duty can serve at most \
                 {capacity:.1} an hour (mean on-scene time alone, travel not counted)"
            );
            if backlog > MAX_OPEN as f64 / 2.0 {
                problems.push(s.origins.problem(
                    "calls.rate_per_hour",
                    format!(
                        "{why}: over the {:.0}-day horizon about {backlog:.0} calls would be open at once, \
                         more than the {MAX_OPEN} a run can hold; lower the rate, add units or shorten the horizon",
                        s.horizon_days
                    ),
                ));
            } else if capacity > 0.0 {
                warnings.push(Warning {
                    path: "calls.rate_per_hour".into(),
                    message: format!(
                        "{why}: the queue grows without bound (about {backlog:.0} calls open at the end)"
                    ),
                });
            }
        }
        if let Some(c) = &p.crime {
            // Little's law for roaming offenders present, with a margin for
            // their day-to-day variation. A stationary start draws a Poisson
            // number of local careers (six standard deviations above the
            // mean kept free) and also holds the prisoners whose careers
            // have ended (a fifth of the local offenders on the county;
            // half reserved).
            let roaming = c.roaming_per_day * c.roaming_stay_hours / 24.0;
            let n = c.local_offenders as f64;
            let local = if c.start_stationary {
                1.5 * n + 6.0 * n.sqrt()
            } else {
                n
            };
            let present = local + 2.0 * roaming + 100.0;
            if present > MAX_OPEN as f64 {
                problems.push(s.origins.problem(
                    if roaming > c.local_offenders as f64 {
                        "crime.roaming_per_day"
                    } else {
                        "crime.local_offenders"
                    },
                    format!(
                        "{} local offenders{} and about {roaming:.0} roaming offenders present at once{when} \
                         (roaming_per_day × roaming_stay_hours / 24): more than the {MAX_OPEN} a run can hold",
                        c.local_offenders,
                        if c.start_stationary {
                            " (with a stationary start's margin for more careers and for prisoners \
                             whose careers have ended: about half again)"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
    }
    desk_loads(s, &mut warnings);
    (problems, warnings)
}

/// Offered load of each desk (or of the unified platform), in call takers:
/// calls per hour × mean handling time (police: its own stream and
/// `calls.rate_per_hour`, crime reports not counted; separate desks: misrouted calls add the
/// transfer time to the desks they reach, spread evenly).
pub fn desk_loads(s: &Scenario, warnings: &mut Vec<Warning>) {
    let Some(spec) = &s.intake else {
        return;
    };
    let n = spec.desks.len();
    let rate = |d: &crate::scenario::DeskSpec| {
        d.rate_per_hour
            + if d.kind == crate::scenario::POLICE_DESK {
                s.calls.rate_per_hour
            } else {
                0.0
            }
    };
    let factor = if spec.unified {
        spec.generalist_factor
    } else {
        1.0
    };
    let own: Vec<f64> = spec
        .desks
        .iter()
        .map(|d| rate(d) * d.handling_min.mean() * factor / 60.0)
        .collect();
    let loads: Vec<(usize, f64, u32)> = if spec.unified {
        vec![(0, own.iter().sum(), spec.call_takers())]
    } else {
        let total_rate: f64 = spec.desks.iter().map(rate).sum();
        spec.desks
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let misrouted = if n > 1 {
                    spec.misrouted_share * (total_rate - rate(d)) / (n - 1) as f64
                        * spec.transfer_min.mean()
                        / 60.0
                } else {
                    0.0
                };
                (i, own[i] + misrouted, d.call_takers)
            })
            .collect()
    };
    for (i, a, c) in loads {
        if c > 0 && a >= c as f64 {
            let who = if spec.unified {
                "the unified platform".to_string()
            } else {
                format!(
                    "the {} desk",
                    crate::scenario::DESK_NAMES[spec.desks[i].kind]
                )
            };
            warnings.push(Warning {
                path: format!("intake.desks[{i}].call_takers"),
                message: format!(
                    "{who} is offered {a:.2} call takers' worth of calls (calls per hour × mean \
                     handling time ÷ 60) but has {c}: its queue cannot clear and intake waits grow \
                     through the run"
                ),
            });
        }
    }
}
