//! `[dispatch]`: call intake, the queue, crossing boundaries, pre-emption
//! and response-time targets.

use crate::scenario::doc::{Val, builtin, key};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{AREA_TYPES, AfterCall, CrossRule, Dist, QueueRule, read_dist};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct DispatchSpec {
    pub intake_delay_min: Dist,
    pub queue: QueueRule,
    pub cross_boundary: CrossRule,
    pub after_call: AfterCall,
    /// Response-time target (minutes) of priority-1 calls by area type
    /// (AREA_TYPES order); `None` = best effort, no target.
    pub response_target_min: [Option<f64>; 3],
    /// A call of the highest priority that finds no unit free takes one on
    /// its way to a call of lower priority, which goes back to the queue —
    /// if that unit can reach it within `preempt_within_min`.
    pub preempt: bool,
    pub preempt_within_min: f64,
}

pub(crate) fn read_dispatch(r: &mut Reader, top: &mut Tbl) -> DispatchSpec {
    let mut t = r
        .sub(top, "dispatch")
        .unwrap_or_else(|| Tbl::empty("dispatch".into()));
    let d = DispatchSpec {
        intake_delay_min: read_dist(r, &mut t, "intake_delay_min", Dist::Fixed { value: 0.0 }),
        queue: [QueueRule::Priority, QueueRule::Fifo]
            [r.choice(&mut t, "queue", 0, &["priority", "fifo"])],
        cross_boundary: [
            CrossRule::WhenNoneFree,
            CrossRule::Never,
            CrossRule::Nearest,
        ][r.choice(
            &mut t,
            "cross_boundary",
            0,
            &["when_none_free", "never", "nearest"],
        )],
        after_call: [AfterCall::Return, AfterCall::Hold]
            [r.choice(&mut t, "after_call", 0, &["return", "hold"])],
        preempt: r.bool(&mut t, "preempt", false),
        preempt_within_min: r.f64(&mut t, "preempt_within_min", 10.0, Check::Positive),
        response_target_min: {
            // Given as a table, only the area types it lists have a target.
            let mut targets = [Some(5.0), Some(10.0), None];
            let given: Vec<_> = AREA_TYPES
                .iter()
                .zip(targets)
                .filter_map(|(a, x)| Some((key(a), builtin(Val::Float(x?)))))
                .collect();
            r.fill(&t, "response_target_min", Val::Table(given));
            if t.has("response_target_min")
                && let Some(mut rt) = r.sub(&mut t, "response_target_min")
            {
                for (i, a) in AREA_TYPES.iter().enumerate() {
                    targets[i] = r.f64_opt(&mut rt, a, Check::Positive);
                }
                r.finish(rt);
            } else {
                let _ = r.get(&mut t, "response_target_min"); // known key
            }
            targets
        },
    };
    r.finish(t);
    d
}
