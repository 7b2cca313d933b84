//! The future-event list: events ordered by (time, scheduling sequence), so
//! events at the same time run in the order they were scheduled and a run is
//! a pure function of its inputs.
//!
//! Each event is packed into one `u128` (64 bits of time, 37 bits of sequence,
//! 27 bits of payload) so comparisons are single integer compares and no event
//! allocates. The payload's meaning belongs to the caller.
//!
//! Two binary min-heaps: events due within [`NEAR_MS`] of the last event
//! popped go to a small "near" heap, the rest (offenders at home until their
//! next outing, shifts, the next day's calls) to a "far" one; `pop` takes the
//! smaller of the two tops. At city scale most events are a minute or so
//! ahead (a patrol's next street, an offender's next node) and churn in a
//! heap of a few thousand that stays in cache, while the tens of thousands
//! of far events are touched once when scheduled and once when due. Keys are
//! unique (the sequence) and the smaller top is always taken, so events pop
//! in exactly the order of one heap.

use super::time::Tick;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Largest payload an event may carry (27 bits).
pub const MAX_PAYLOAD: u32 = (1 << PAYLOAD_BITS) - 1;
/// 2^37 events (137 billion) per run: about a day of one core at city
/// scale's 1.5 million events a second.
const SEQ_BITS: u32 = 37;
const PAYLOAD_BITS: u32 = 27;

/// Events due within this many milliseconds of the last event popped go to
/// the near heap (any value gives the same order; this one the speed).
pub const NEAR_MS: Tick = 5 * 60 * 1000;

/// A deterministic future-event list.
#[derive(Debug, Default, Clone)]
pub struct EventQueue {
    near: BinaryHeap<Reverse<u128>>,
    far: BinaryHeap<Reverse<u128>>,
    /// Time of the last event popped.
    now: Tick,
    seq: u64,
}

impl EventQueue {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            near: BinaryHeap::with_capacity(n),
            far: BinaryHeap::with_capacity(n),
            now: 0,
            seq: 0,
        }
    }

    /// Schedule `payload` at time `at`. Among events with equal times, the one
    /// scheduled first is popped first.
    #[inline]
    pub fn schedule(&mut self, at: Tick, payload: u32) {
        debug_assert!(payload <= MAX_PAYLOAD, "event payload exceeds 27 bits");
        assert!(
            self.seq < (1 << SEQ_BITS),
            "more than 2^37 events in one run: shorten the horizon"
        );
        let key = ((at as u128) << 64)
            | ((self.seq as u128) << PAYLOAD_BITS)
            | (payload & MAX_PAYLOAD) as u128;
        self.seq += 1;
        if at < self.now.saturating_add(NEAR_MS) {
            self.near.push(Reverse(key));
        } else {
            self.far.push(Reverse(key));
        }
    }

    /// Remove and return the earliest event as `(time, payload)`.
    #[inline]
    pub fn pop(&mut self) -> Option<(Tick, u32)> {
        let from_far = match (self.near.peek(), self.far.peek()) {
            (Some(n), Some(f)) => f.0 < n.0,
            (None, Some(_)) => true,
            _ => false,
        };
        let Reverse(k) = if from_far {
            self.far.pop()
        } else {
            self.near.pop()
        }?;
        self.now = (k >> 64) as Tick;
        Some((self.now, (k as u32) & MAX_PAYLOAD))
    }

    /// Time of the earliest event, if any.
    #[inline]
    pub fn peek_time(&self) -> Option<Tick> {
        let t = |h: &BinaryHeap<Reverse<u128>>| h.peek().map(|Reverse(k)| (k >> 64) as Tick);
        match (t(&self.near), t(&self.far)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub fn len(&self) -> usize {
        self.near.len() + self.far.len()
    }

    pub fn is_empty(&self) -> bool {
        self.near.is_empty() && self.far.is_empty()
    }

    /// Number of events scheduled so far.
    pub fn scheduled(&self) -> u64 {
        self.seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_then_fifo_order() {
        let mut q = EventQueue::default();
        q.schedule(10, 1);
        q.schedule(5, 2);
        q.schedule(10, 3);
        q.schedule(5, 4);
        q.schedule(0, MAX_PAYLOAD);
        let got: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(
            got,
            vec![(0, MAX_PAYLOAD), (5, 2), (5, 4), (10, 1), (10, 3)]
        );
    }

    #[test]
    fn pops_the_same_order_as_one_binary_heap_under_random_interleaving() {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        // A reference heap of the same keys; equal times (ordered by
        // sequence) are common.
        let mut q = EventQueue::with_capacity(4);
        let mut r: BinaryHeap<Reverse<(Tick, u64, u32)>> = BinaryHeap::new();
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let (mut seq, mut popped, mut now) = (0u64, 0usize, 0u64);
        let mut saw_far = false;
        for round in 0..20_000 {
            // Grow, then drain, then grow again: sizes 0 to a few thousand.
            let push_share = if (round / 5_000) % 2 == 0 { 7 } else { 3 };
            if next() % 10 < push_share {
                // On a 1 s grid up to 15 minutes ahead: across the near
                // heap's bound, with ties between events in either heap.
                let at = (now / 1000 + next() % 900) * 1000;
                let payload = (next() % (MAX_PAYLOAD as u64 + 1)) as u32;
                q.schedule(at, payload);
                r.push(Reverse((at, seq, payload)));
                seq += 1;
            } else {
                let got = q.pop();
                let want = r.pop().map(|Reverse((t, _, p))| (t, p));
                assert_eq!(got, want, "pop {popped}");
                if let Some((t, _)) = got {
                    now = t;
                }
                popped += 1;
            }
            saw_far |= !q.far.is_empty() && !q.near.is_empty();
            assert_eq!(q.len(), r.len());
            assert_eq!(q.peek_time(), r.peek().map(|Reverse((t, _, _))| *t));
        }
        while let Some(Reverse((t, _, p))) = r.pop() {
            assert_eq!(q.pop(), Some((t, p)));
        }
        assert!(q.pop().is_none() && q.is_empty());
        assert!(popped > 5_000 && saw_far);
    }

    #[test]
    fn the_last_sequence_number_is_used_and_the_next_refused() {
        let mut q = EventQueue {
            seq: (1 << SEQ_BITS) - 1,
            ..EventQueue::default()
        };
        q.schedule(5, MAX_PAYLOAD);
        assert_eq!(q.pop(), Some((5, MAX_PAYLOAD)));
        let over = std::panic::catch_unwind(move || q.schedule(6, 1));
        assert!(
            over.is_err(),
            "a sequence number past 37 bits must stop the run"
        );
    }

    #[test]
    fn large_times_survive_packing() {
        let mut q = EventQueue::default();
        let t = 10 * 365 * 24 * 3_600_000u64;
        q.schedule(t, 7);
        assert_eq!(q.peek_time(), Some(t));
        assert_eq!(q.pop(), Some((t, 7)));
        assert!(q.is_empty());
    }
}
