//! The future-event list: events ordered by (time, scheduling sequence), so
//! events at the same time run in the order they were scheduled and a run is
//! a pure function of its inputs.
//!
//! Each event is packed into one `u128` (64 bits of time, 37 bits of sequence,
//! 27 bits of payload) so comparisons are single integer compares and no event
//! allocates. The payload's meaning belongs to the caller.
//!
//! A short list (a county's, the yardstick's) is two binary min-heaps:
//! events due within [`NEAR_MS`] of the last event popped go to a small
//! "near" heap, the rest to a "far" one, and `pop` takes the smaller top.
//! When [`CALENDAR_AT`] far events first wait (a city's offenders at home
//! until their next outing), the far heap becomes a calendar: events due
//! before the *edge* (a multiple of [`BUCKET_MS`], kept at least
//! [`NEAR_MS`] past the last event popped) go to the near heap, later ones
//! are appended, unsorted, to a ring of [`RING`] buckets of [`BUCKET_MS`]
//! each, and past the ring's end to a binary heap (rare). When the edge
//! moves on, the buckets it passes are emptied into the near heap (a bitmap
//! of the buckets that hold events skips the empty ones). Most events are a
//! minute or so ahead (a patrol's next street, an offender's next node) and
//! churn in a near heap of a few thousand that stays in cache; the tens of
//! thousands of far events each cost an append and one push into it, where
//! a far heap of them cost a cache miss per level of its sift-down. A
//! calendar does not pay for a short list: most of its buckets would hold
//! one event.
//!
//! The order is exactly that of one heap (keys are unique through the
//! sequence): with two heaps the smaller top is taken; with the calendar,
//! every event outside the near heap is due at or after the edge, and the
//! near heap's top is popped only while it is due before the edge.

use super::time::Tick;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Largest payload an event may carry (27 bits).
pub const MAX_PAYLOAD: u32 = (1 << PAYLOAD_BITS) - 1;
/// 2^37 events (137 billion) per run: about a day of one core at city
/// scale's 1.5 million events a second.
const SEQ_BITS: u32 = 37;
const PAYLOAD_BITS: u32 = 27;

/// The edge is kept at least this many milliseconds past the last event
/// popped (any value gives the same order; this one the speed).
pub const NEAR_MS: Tick = 5 * 60 * 1000;
/// Width of one calendar bucket.
pub const BUCKET_MS: Tick = 60 * 1000;
/// The calendar starts when this many far events wait: a far heap of
/// 16,384 keys (256 KB) still sits in a core's L2 cache, where its
/// sift-down is cheap; past it, each level is a miss.
pub const CALENDAR_AT: usize = 16_384;
/// Buckets in the calendar's ring (68 hours of one-minute buckets); events
/// further ahead wait in a heap until the ring reaches them.
pub const RING: u64 = 4096;

/// A deterministic future-event list.
#[derive(Debug, Clone)]
pub struct EventQueue {
    /// Once the calendar has started, every event due before `edge *
    /// BUCKET_MS` and no other; before, events due within [`NEAR_MS`] of
    /// the last event popped when they were scheduled.
    near: BinaryHeap<Reverse<u128>>,
    /// Bucket `b` (due in `[b, b + 1) * BUCKET_MS`) for `edge <= b < edge +
    /// RING` lives in slot `b % RING`, unsorted (no slots until the
    /// calendar starts).
    ring: Vec<Vec<u128>>,
    /// Which slots hold events (a bit per slot), and which words of that
    /// hold a bit (a bit per word): the next bucket with events is found in
    /// a few instructions however far ahead it is.
    occupied: [u64; WORDS],
    summary: u64,
    /// Events in the ring.
    in_ring: usize,
    /// Events of buckets `edge + RING` and later; until the calendar
    /// starts, every event due [`NEAR_MS`] or more after the event last
    /// popped when it was scheduled (the "far" heap).
    beyond: BinaryHeap<Reverse<u128>>,
    /// First bucket not yet emptied into the near heap; `u64::MAX` until
    /// the calendar starts.
    edge: u64,
    /// Time of the last event popped.
    now: Tick,
    seq: u64,
    /// Far events waiting when the calendar starts ([`CALENDAR_AT`]).
    calendar_at: usize,
}

const WORDS: usize = RING as usize / 64;
const _: () = assert!(WORDS <= 64 && RING.is_power_of_two() && RING >= 64);

impl Default for EventQueue {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

#[inline]
fn time_of(key: u128) -> Tick {
    (key >> 64) as Tick
}

#[inline]
fn bucket_of(key: u128) -> u64 {
    time_of(key) / BUCKET_MS
}

impl EventQueue {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            near: BinaryHeap::with_capacity(n),
            ring: Vec::new(),
            occupied: [0; WORDS],
            summary: 0,
            in_ring: 0,
            beyond: BinaryHeap::new(),
            edge: u64::MAX,
            now: 0,
            seq: 0,
            calendar_at: CALENDAR_AT,
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
        if self.edge != u64::MAX {
            self.place(key);
        } else if at < self.now.saturating_add(NEAR_MS) {
            self.near.push(Reverse(key));
        } else {
            self.beyond.push(Reverse(key));
            if self.beyond.len() >= self.calendar_at {
                self.start_calendar();
            }
        }
    }

    /// Into the near heap, the ring or the heap beyond, by its bucket.
    #[inline]
    fn place(&mut self, key: u128) {
        let b = bucket_of(key);
        if b < self.edge {
            self.near.push(Reverse(key));
        } else if b < self.edge + RING {
            self.push_ring(b, key);
        } else {
            self.beyond.push(Reverse(key));
        }
    }

    /// Put the far heap's events into the calendar (those due before the
    /// edge, at least [`NEAR_MS`] past the last event popped, into the near
    /// heap): once, when it first holds `calendar_at` events. Every event
    /// in the near heap is due before the edge already: it was due within
    /// [`NEAR_MS`] of an event popped no later than the last.
    #[cold]
    fn start_calendar(&mut self) {
        self.ring = vec![Vec::new(); RING as usize];
        self.edge = self.now.saturating_add(NEAR_MS).div_ceil(BUCKET_MS);
        for Reverse(k) in std::mem::take(&mut self.beyond).into_vec() {
            self.place(k);
        }
    }

    #[inline]
    fn push_ring(&mut self, b: u64, key: u128) {
        let slot = (b % RING) as usize;
        self.ring[slot].push(key);
        self.occupied[slot / 64] |= 1 << (slot % 64);
        self.summary |= 1 << (slot / 64);
        self.in_ring += 1;
    }

    /// The first bucket at or after the edge that holds events (the ring
    /// must hold some).
    fn next_occupied(&self) -> u64 {
        let from = (self.edge % RING) as usize;
        let (w, bit) = (from / 64, from % 64);
        let slot = if self.occupied[w] >> bit != 0 {
            from + (self.occupied[w] >> bit).trailing_zeros() as usize
        } else {
            // A later word, else (around the ring) the first one.
            let later = self.summary & u64::MAX.checked_shl(w as u32 + 1).unwrap_or(0);
            let w2 = if later != 0 {
                later.trailing_zeros()
            } else {
                self.summary.trailing_zeros()
            } as usize;
            w2 * 64 + self.occupied[w2].trailing_zeros() as usize
        };
        self.edge + ((slot + RING as usize - from) % RING as usize) as u64
    }

    /// Move the edge to bucket `to` (no bucket before it holds events) and
    /// bring what the ring now reaches in from the heap beyond.
    fn move_edge(&mut self, to: u64) {
        self.edge = to;
        let reach = self.edge + RING;
        while let Some(&Reverse(k)) = self.beyond.peek() {
            let b = bucket_of(k);
            if b >= reach {
                break;
            }
            self.beyond.pop();
            self.push_ring(b, k);
        }
    }

    /// Bring the edge to where the near heap holds the earliest event (it
    /// holds everything due before the edge, and only that), and at least
    /// [`NEAR_MS`] past the last event popped: bucket by bucket where they
    /// hold events, over empty ones at once.
    #[inline]
    fn settle(&mut self) {
        while self.in_ring > 0 || !self.beyond.is_empty() {
            let want = self.now.saturating_add(NEAR_MS).div_ceil(BUCKET_MS);
            if !self.near.is_empty() && self.edge >= want {
                return;
            }
            self.settle_step(want);
        }
    }

    #[cold]
    fn settle_step(&mut self, want: u64) {
        let next = if self.in_ring > 0 {
            self.next_occupied()
        } else {
            bucket_of(self.beyond.peek().expect("events beyond").0)
        };
        if !self.near.is_empty() && next >= want {
            // The lookahead needs no bucket emptied.
            self.move_edge(want);
            return;
        }
        self.move_edge(next);
        let slot = (next % RING) as usize;
        self.occupied[slot / 64] &= !(1 << (slot % 64));
        if self.occupied[slot / 64] == 0 {
            self.summary &= !(1 << (slot / 64));
        }
        self.in_ring -= self.ring[slot].len();
        self.near.extend(self.ring[slot].drain(..).map(Reverse));
        self.move_edge(next + 1);
    }

    /// Remove and return the earliest event as `(time, payload)`.
    #[inline]
    pub fn pop(&mut self) -> Option<(Tick, u32)> {
        let from_far = if self.edge == u64::MAX {
            // Two heaps: the smaller top.
            match (self.near.peek(), self.beyond.peek()) {
                (Some(n), Some(f)) => f.0 < n.0,
                (None, Some(_)) => true,
                _ => false,
            }
        } else {
            self.settle();
            false
        };
        let Reverse(k) = if from_far {
            self.beyond.pop()
        } else {
            self.near.pop()
        }?;
        self.now = time_of(k);
        Some((self.now, (k as u32) & MAX_PAYLOAD))
    }

    /// Time of the earliest event, if any (`&mut`: it may move the edge).
    #[inline]
    pub fn peek_time(&mut self) -> Option<Tick> {
        if self.edge == u64::MAX {
            let t = |h: &BinaryHeap<Reverse<u128>>| h.peek().map(|&Reverse(k)| time_of(k));
            return match (t(&self.near), t(&self.beyond)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        self.settle();
        self.near.peek().map(|&Reverse(k)| time_of(k))
    }

    pub fn len(&self) -> usize {
        self.near.len() + self.in_ring + self.beyond.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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

    /// What a run of `against_one_heap` saw.
    #[derive(Debug, PartialEq)]
    struct Seen {
        /// The ring held events while the near heap held some.
        ring: bool,
        /// The far heap (before the calendar) or the heap beyond held
        /// events while the near heap held some.
        far_and_near: bool,
        /// The edge went round the ring at least once.
        wrapped: bool,
        /// Events popped (drain at the end included).
        popped: usize,
    }

    /// Runs `rounds` random schedules and pops against a reference heap of
    /// the same keys (equal times, ordered by sequence, are common):
    /// `keep` of ten steps schedule while the queue holds fewer than `cap`
    /// events, and `ahead(now, k, r)` draws a time from the last popped
    /// time and two random numbers. `peek_time` is checked every
    /// `peek_every` rounds (between, pops find the queue as scheduling
    /// left it).
    fn against_one_heap(
        calendar_at: usize,
        rounds: usize,
        cap: usize,
        keep: u64,
        peek_every: usize,
        ahead: impl Fn(Tick, u64, u64) -> Tick,
    ) -> Seen {
        use std::cmp::Reverse;
        use std::collections::BinaryHeap;
        let mut q = EventQueue {
            calendar_at,
            ..EventQueue::with_capacity(4)
        };
        let mut r: BinaryHeap<Reverse<(Tick, u64, u32)>> = BinaryHeap::new();
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let (mut seq, mut now) = (0u64, 0u64);
        let mut seen = Seen {
            ring: false,
            far_and_near: false,
            wrapped: false,
            popped: 0,
        };
        for round in 0..rounds {
            // Grow, then drain, then grow again.
            let keep = if (round / 5_000) % 2 == 0 {
                keep
            } else {
                10 - keep
            };
            if next() % 10 < keep && r.len() < cap {
                let at = ahead(now, next(), next());
                let payload = (next() % (MAX_PAYLOAD as u64 + 1)) as u32;
                q.schedule(at, payload);
                r.push(Reverse((at, seq, payload)));
                seq += 1;
            } else {
                let got = q.pop();
                let want = r.pop().map(|Reverse((t, _, p))| (t, p));
                assert_eq!(got, want, "round {round}");
                if let Some((t, _)) = got {
                    now = t;
                    seen.popped += 1;
                }
            }
            seen.ring |= q.in_ring > 0 && !q.near.is_empty();
            seen.far_and_near |= !q.beyond.is_empty() && !q.near.is_empty();
            assert_eq!(q.len(), r.len());
            if round % peek_every == 0 {
                assert_eq!(q.peek_time(), r.peek().map(|Reverse((t, _, _))| *t));
            }
        }
        while let Some(Reverse((t, _, p))) = r.pop() {
            assert_eq!(q.pop(), Some((t, p)));
            seen.popped += 1;
        }
        assert!(q.pop().is_none() && q.is_empty());
        seen.wrapped = q.edge != u64::MAX && q.edge > 2 * RING;
        seen
    }

    #[test]
    fn pops_the_same_order_as_one_binary_heap_under_random_interleaving() {
        // Thousands of events, mostly on a 1 s grid up to 15 minutes ahead
        // (across the edge, with ties between events near and far), some up
        // to 3 hours ahead (the ring), a few up to 10 days (past the ring's
        // 68 hours) and a few up to a minute in the past.
        let ahead = |now: Tick, k: u64, r: u64| match k % 100 {
            0..=79 => (now / 1000 + r % 900) * 1000,
            80..=93 => now + r % (3 * 3_600_000),
            94..=96 => now + r % (10 * 86_400_000),
            _ => now.saturating_sub(r % 60_000),
        };
        for peek_every in [1, 7] {
            // The calendar starts with 64 far events waiting, mid-run.
            let s = against_one_heap(64, 20_000, usize::MAX, 7, peek_every, ahead);
            assert!(s.ring && s.far_and_near && s.wrapped, "{s:?}");
            assert!(s.popped > 10_000, "{s:?}");
            // Two heaps throughout, both in use at once.
            let s = against_one_heap(usize::MAX, 20_000, usize::MAX, 7, peek_every, ahead);
            assert!(!s.ring && s.far_and_near && !s.wrapped, "{s:?}");
            assert!(s.popped > 10_000, "{s:?}");
        }
    }

    #[test]
    fn pops_the_same_order_as_one_binary_heap_when_few_events_wait() {
        // One to four events, from the same minute to 4 days ahead, on a
        // 10 s grid so that times fall into the same bucket and tie: the
        // near heap is often empty or holds a lone event while earlier
        // ones sit in the calendar.
        let s = against_one_heap(1, 40_000, 4, 5, 7, |now, k, r| {
            let span = [60_000, 10 * 60_000, 3_600_000, 4 * 86_400_000][(k % 4) as usize];
            (now + r % span) / 10_000 * 10_000
        });
        assert!(s.ring && s.far_and_near && s.wrapped, "{s:?}");
        assert!(s.popped > 15_000, "{s:?}");
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
