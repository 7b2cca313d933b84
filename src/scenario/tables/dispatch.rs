//! `[dispatch]`: call intake, the queue, crossing boundaries, pre-emption
//! and response-time targets.

use crate::scenario::doc::{Val, builtin, key};
use crate::scenario::keys::{Def, Kind, TableDoc, choice, dist, flag, key as entry, num};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{AREA_TYPES, AfterCall, CrossRule, Dist, QueueRule, read_dist_key};
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
    /// Unit roles (docs/desks.md): a unit of another role that `covers` a
    /// call type may answer it when none of its own is free ("combined"),
    /// or never ("separate").
    pub separate_operations: bool,
}

/// The keys of `[dispatch]`.
pub static DISPATCH: TableDoc = TableDoc {
    path: "dispatch",
    about: "The 110 dispatcher: call intake, the queue, crossing boundaries, pre-emption \
            and response-time targets.",
    keys: &[
        dist(
            "intake_delay_min",
            Dist::Fixed { value: 0.0 },
            "minutes",
            "a call taker's time on a police call (talk and dispatch decision), all call types; without `[intake]` it is the whole intake (received → queued: as many call takers as calls), with `[intake]` the police desk's handling time, after any wait for a call taker (docs/desks.md)",
        ),
        choice(
            "queue",
            0,
            &["priority", "fifo"],
            "waiting calls are served by priority and then first come, or first come only",
        ),
        choice(
            "cross_boundary",
            0,
            &["when_none_free", "never", "nearest"],
            "when a unit of another jurisdiction may be sent (model.md §6)",
        ),
        choice(
            "after_call",
            0,
            &["return", "hold"],
            "where a standby unit goes after a call: back to its post, or it stays; patrol units resume patrol",
        ),
        flag(
            "preempt",
            false,
            "a call of the highest priority that finds no unit free takes the unit on its way to a lower-priority call; that call goes back to the head of its queue (`calls_preempted`)",
        ),
        num(
            "preempt_within_min",
            10.0,
            Check::Positive,
            "minutes",
            "only a unit that can reach the urgent call within this time is taken",
        ),
        choice(
            "operations",
            0,
            &["combined", "separate"],
            "with unit roles (`unit_types.NAME.answers`, `covers`): \"combined\" sends a unit of another role that `covers` a call when none of the call's own units is free (patrol to a traffic call); \"separate\" lets each role answer only its own calls, which wait (docs/desks.md)",
        ),
        entry(
            "response_target_min",
            Kind::Table("dispatch.response_target_min"),
            Def::Note("see `dispatch.response_target_min`"),
            "",
            "response-time targets of priority-1 calls by area type",
        ),
    ],
    extra: None,
};

/// The keys of `[dispatch.response_target_min]`: one per area type.
pub static RESPONSE_TARGET: TableDoc = TableDoc {
    path: "dispatch.response_target_min",
    about: "Response-time targets of priority-1 calls, by the jurisdiction's `area_type`. \
            Given as a table, only the area types it lists have a target.",
    keys: &[
        num(
            "urban",
            5.0,
            Check::Positive,
            "minutes",
            "target in urban jurisdictions",
        ),
        num(
            "suburban",
            10.0,
            Check::Positive,
            "minutes",
            "target in suburban jurisdictions",
        ),
        entry(
            "rural",
            Kind::Num(Check::Positive),
            Def::Note("none: best effort"),
            "minutes",
            "target in rural jurisdictions",
        ),
    ],
    extra: None,
};

pub(crate) fn read_dispatch(r: &mut Reader, top: &mut Tbl) -> DispatchSpec {
    let mut t = r.table(top, "dispatch", &DISPATCH);
    let d = DispatchSpec {
        intake_delay_min: read_dist_key(r, &mut t, "intake_delay_min"),
        queue: [QueueRule::Priority, QueueRule::Fifo][r.pick(&mut t, "queue")],
        cross_boundary: [
            CrossRule::WhenNoneFree,
            CrossRule::Never,
            CrossRule::Nearest,
        ][r.pick(&mut t, "cross_boundary")],
        after_call: [AfterCall::Return, AfterCall::Hold][r.pick(&mut t, "after_call")],
        preempt: r.flag(&mut t, "preempt"),
        preempt_within_min: r.num(&mut t, "preempt_within_min"),
        separate_operations: r.pick(&mut t, "operations") == 1,
        response_target_min: {
            // Given as a table, only the area types it lists have a target.
            let mut targets = AREA_TYPES.map(|a| match RESPONSE_TARGET.key(a).default {
                Def::Num(x) => Some(x),
                _ => None,
            });
            let given: Vec<_> = AREA_TYPES
                .iter()
                .zip(targets)
                .filter_map(|(a, x)| Some((key(a), builtin(Val::Float(x?)))))
                .collect();
            r.fill(&t, "response_target_min", Val::Table(given));
            if t.has("response_target_min")
                && let Some(rt) = r.sub(&mut t, "response_target_min")
            {
                let mut rt = rt.with_doc(&RESPONSE_TARGET);
                for (i, a) in AREA_TYPES.iter().enumerate() {
                    targets[i] = r.num_opt(&mut rt, a);
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
