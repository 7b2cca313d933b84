//! The model's events: one typed enum, and the only place that packs an
//! event into the engine queue's payload and unpacks it again. Each kind
//! names the entity it is about with its own id type, so a unit can never
//! be handed to a handler of calls. Capacity (kinds and index bits against
//! the payload's width) is checked at compile time.

use crate::engine::queue::MAX_PAYLOAD;

/// Bits of an event payload that carry the entity's index (8.4 million:
/// eight times what `validate` lets a scenario count on, `limits::MAX_OPEN`,
/// so what it cannot count exactly — the prisoners a stationary start draws
/// whose careers have ended — has room to spare).
pub const IDX_BITS: u32 = 23;
/// Largest index an event can carry: calls, offenders and crime records
/// open at once, units and phases are limited to it.
pub const IDX_MASK: u32 = (1 << IDX_BITS) - 1;
const KIND_BITS: u32 = 4;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            /// The index into the owning subsystem's slots.
            #[inline]
            pub fn ix(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// A police or volunteer unit.
    UnitId,
    /// An open call for service (a slot, reused once the call is closed).
    CallId,
    /// An offender present in the county (a slot, reused).
    OffenderId,
    /// A crime record (a slot, reused once its case is closed).
    CaseId,
}

/// Everything that can happen in a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The next call not caused by an offender arrives.
    NextCall,
    /// A call's intake is over: it is ready to dispatch.
    Queued(CallId),
    /// A unit reaches the end of what it was doing (a leg, a scene, a return).
    Unit(UnitId),
    /// A unit's shift starts or ends.
    Shift(UnitId),
    AdminStart(UnitId),
    AdminEnd(UnitId),
    /// An offender reaches the next point of their outing.
    Offender(OffenderId),
    /// A crime is reported to 110.
    Report(CaseId),
    /// A reported crime's investigation ends.
    Investigation(CaseId),
    /// A roaming offender enters the county.
    Roamer,
    /// A local offender's criminal career starts (onset).
    Onset,
    /// A false alarm call.
    FalseAlarm,
    /// A detective finishes working a case.
    CaseDone(CaseId),
    /// A closed case is looked at again with informants' tips.
    Tip(CaseId),
    /// Phase `k` (counted from 1) of the scenario starts.
    Phase(u32),
    /// Call takers (`model/sim/intake.rs`): `2 × job` a call taker finishes
    /// job `job`; `2 × k + 1` the next call of desk `k`'s own stream.
    Desk(u32),
}

/// Number of event kinds.
pub const KINDS: u32 = 16;
const _: () = assert!(
    KINDS <= 1 << KIND_BITS,
    "too many event kinds for the kind bits"
);
const _: () = assert!(
    KIND_BITS + IDX_BITS <= MAX_PAYLOAD.count_ones(),
    "an event does not fit the queue's payload"
);

/// The kinds' names, by the number [`Event::kind_of`] gives (for the
/// bench's count of events by kind).
pub const KIND_NAMES: [&str; KINDS as usize] = [
    "next_call",
    "queued",
    "unit",
    "shift",
    "admin_start",
    "admin_end",
    "offender",
    "report",
    "investigation",
    "roamer",
    "false_alarm",
    "case_done",
    "tip",
    "phase",
    "desk",
    "onset",
];

impl Event {
    /// The kind's number of a payload made by [`Event::pack`] (an index
    /// into [`KIND_NAMES`]).
    #[inline]
    pub fn kind_of(p: u32) -> usize {
        (p >> IDX_BITS) as usize
    }

    /// The queue payload of this event. The index must fit [`IDX_MASK`]
    /// (the slot allocators refuse more).
    #[inline]
    pub fn pack(self) -> u32 {
        let (kind, idx) = match self {
            Event::NextCall => (0, 0),
            Event::Queued(c) => (1, c.0),
            Event::Unit(u) => (2, u.0),
            Event::Shift(u) => (3, u.0),
            Event::AdminStart(u) => (4, u.0),
            Event::AdminEnd(u) => (5, u.0),
            Event::Offender(o) => (6, o.0),
            Event::Report(c) => (7, c.0),
            Event::Investigation(c) => (8, c.0),
            Event::Roamer => (9, 0),
            Event::FalseAlarm => (10, 0),
            Event::CaseDone(c) => (11, c.0),
            Event::Tip(c) => (12, c.0),
            Event::Phase(k) => (13, k),
            Event::Desk(k) => (14, k),
            Event::Onset => (15, 0),
        };
        assert!(idx <= IDX_MASK, "event index {idx} exceeds {IDX_MASK}");
        (kind << IDX_BITS) | idx
    }

    /// The event a payload made by [`Event::pack`] stands for.
    #[inline]
    pub fn unpack(p: u32) -> Event {
        let idx = p & IDX_MASK;
        match p >> IDX_BITS {
            0 => Event::NextCall,
            1 => Event::Queued(CallId(idx)),
            2 => Event::Unit(UnitId(idx)),
            3 => Event::Shift(UnitId(idx)),
            4 => Event::AdminStart(UnitId(idx)),
            5 => Event::AdminEnd(UnitId(idx)),
            6 => Event::Offender(OffenderId(idx)),
            7 => Event::Report(CaseId(idx)),
            8 => Event::Investigation(CaseId(idx)),
            9 => Event::Roamer,
            10 => Event::FalseAlarm,
            11 => Event::CaseDone(CaseId(idx)),
            12 => Event::Tip(CaseId(idx)),
            13 => Event::Phase(idx),
            14 => Event::Desk(idx),
            15 => Event::Onset,
            k => unreachable!("event kind {k} was never packed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind, with the smallest and largest index, comes back as itself.
    #[test]
    fn every_event_round_trips_through_the_payload() {
        let mut kinds = std::collections::BTreeSet::new();
        for i in [0, 1, 12_345, IDX_MASK] {
            for e in [
                Event::NextCall,
                Event::Queued(CallId(i)),
                Event::Unit(UnitId(i)),
                Event::Shift(UnitId(i)),
                Event::AdminStart(UnitId(i)),
                Event::AdminEnd(UnitId(i)),
                Event::Offender(OffenderId(i)),
                Event::Report(CaseId(i)),
                Event::Investigation(CaseId(i)),
                Event::Roamer,
                Event::FalseAlarm,
                Event::CaseDone(CaseId(i)),
                Event::Tip(CaseId(i)),
                Event::Phase(i),
                Event::Desk(i),
                Event::Onset,
            ] {
                let p = e.pack();
                assert!(p <= MAX_PAYLOAD, "{e:?} packs beyond the payload");
                assert_eq!(Event::unpack(p), e);
                kinds.insert(p >> IDX_BITS);
            }
        }
        assert_eq!(kinds.len() as u32, KINDS, "each kind has its own number");
    }

    #[test]
    #[should_panic(expected = "exceeds")]
    fn an_index_beyond_the_mask_is_refused_not_wrapped() {
        let _ = Event::Unit(UnitId(IDX_MASK + 1)).pack();
    }
}
