//! Warnings about hours of the week in which calls can arrive in a
//! jurisdiction that has no unit on duty.

use super::World;
use crate::scenario::{Scenario, Warning};

/// Hours of the week in which calls can arrive in a jurisdiction that has no
/// unit on duty.
pub(super) fn coverage_warnings(s: &Scenario, w: &World) -> Vec<Warning> {
    let mut out = Vec::new();
    if s.calls.rate_per_hour <= 0.0 {
        return out;
    }
    for (j, jur) in w.jurisdictions.iter().enumerate() {
        let weight: f64 = jur.nodes.iter().map(|&i| w.call_weight[i as usize]).sum();
        if weight <= 0.0 {
            continue;
        }
        let mut uncovered = Vec::new();
        for how in 0..168usize {
            let rate = s.calls.hourly_profile[how % 24] * s.calls.weekday_profile[how / 24];
            if rate <= 0.0 {
                continue;
            }
            let covered = s.units.iter().any(|u| {
                u.jurisdiction == j
                    && u.count > 0
                    && crate::scenario::shift_on_duty(&s.shifts[u.shift], how as f64 + 0.5)
            });
            if !covered {
                uncovered.push(how);
            }
        }
        if !uncovered.is_empty() {
            let total_units: u32 = s.units.iter().map(|u| u.count).sum();
            if total_units == 0 {
                continue; // the no-police warning says it already
            }
            let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
            let first = uncovered[0];
            // Hours in which no unit of any jurisdiction is on duty either.
            let nobody = uncovered
                .iter()
                .filter(|&&how| {
                    !s.units.iter().any(|u| {
                        u.count > 0
                            && crate::scenario::shift_on_duty(&s.shifts[u.shift], how as f64 + 0.5)
                    })
                })
                .count();
            let crossing = match s.dispatch.cross_boundary {
                crate::scenario::CrossRule::Never => {
                    "calls there wait until its own units come on duty (cross_boundary = \"never\")"
                        .to_string()
                }
                _ if nobody == uncovered.len() => {
                    "no unit anywhere is on duty then, so calls there wait until one comes on duty"
                        .to_string()
                }
                _ if nobody > 0 => format!(
                    "calls there are answered from neighbouring jurisdictions, if any unit is free, but in {nobody} of these hours no unit anywhere is on duty"
                ),
                _ => {
                    "calls there are answered from neighbouring jurisdictions, if any unit is free"
                        .to_string()
                }
            };
            out.push(Warning {
                path: format!("jurisdictions[{j}]"),
                message: format!(
                    "\"{}\" has no unit on duty in {} of the 168 hours of the week (first: {} {:02}:00) while calls arrive; {crossing}",
                    jur.name,
                    uncovered.len(),
                    days[first / 24],
                    first % 24
                ),
            });
        }
    }
    out
}
