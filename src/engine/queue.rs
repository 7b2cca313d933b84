//! The future-event list: a binary min-heap of events ordered by
//! (time, scheduling sequence), so events at the same time run in the order
//! they were scheduled and a run is a pure function of its inputs.
//!
//! Each event is packed into one `u128` (64 bits of time, 40 bits of sequence,
//! 24 bits of payload) so comparisons are single integer compares and no event
//! allocates. The payload's meaning belongs to the caller.

use super::time::Tick;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Largest payload an event may carry (24 bits).
pub const MAX_PAYLOAD: u32 = (1 << 24) - 1;
const SEQ_BITS: u32 = 40;
const PAYLOAD_BITS: u32 = 24;

/// A deterministic future-event list.
#[derive(Debug, Default, Clone)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<u128>>,
    seq: u64,
}

impl EventQueue {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(n),
            seq: 0,
        }
    }

    /// Schedule `payload` at time `at`. Among events with equal times, the one
    /// scheduled first is popped first.
    #[inline]
    pub fn schedule(&mut self, at: Tick, payload: u32) {
        debug_assert!(payload <= MAX_PAYLOAD, "event payload exceeds 24 bits");
        debug_assert!(self.seq < (1 << SEQ_BITS), "event sequence overflow");
        let key = ((at as u128) << 64)
            | ((self.seq as u128) << PAYLOAD_BITS)
            | (payload & MAX_PAYLOAD) as u128;
        self.seq += 1;
        self.heap.push(Reverse(key));
    }

    /// Remove and return the earliest event as `(time, payload)`.
    #[inline]
    pub fn pop(&mut self) -> Option<(Tick, u32)> {
        self.heap
            .pop()
            .map(|Reverse(k)| ((k >> 64) as Tick, (k as u32) & MAX_PAYLOAD))
    }

    /// Time of the earliest event, if any.
    #[inline]
    pub fn peek_time(&self) -> Option<Tick> {
        self.heap.peek().map(|Reverse(k)| (k >> 64) as Tick)
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
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
    fn large_times_survive_packing() {
        let mut q = EventQueue::default();
        let t = 10 * 365 * 24 * 3_600_000u64;
        q.schedule(t, 7);
        assert_eq!(q.peek_time(), Some(t));
        assert_eq!(q.pop(), Some((t, 7)));
        assert!(q.is_empty());
    }
}
