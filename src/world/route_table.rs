//! The route cache's table: `(from, to)` keys and their [`Step`]s in one
//! open-addressing array (linear probing, kept at most half full), so a
//! hop's lookup reads one slot — usually one cache line — where a
//! `HashMap` reads a control group and then a bucket elsewhere (two misses
//! per hop on a city of 58,000 nodes: docs/performance.md). Keys are only
//! ever inserted (first writer wins) or dropped all at once, so there are
//! no tombstones. It grows by doubling as used; `clear` keeps the array.

use super::Step;

/// A slot: the key (a route from `from` to `to`) and its step, 20 bytes.
#[derive(Clone, Copy)]
#[repr(C)]
struct Slot {
    from: u32,
    to: u32,
    step: Step,
}

/// No node has this number (`u32::MAX` means "no node" throughout the
/// router), so a slot whose `from` is this is empty.
const EMPTY: u32 = u32::MAX;

const EMPTY_SLOT: Slot = Slot {
    from: EMPTY,
    to: EMPTY,
    step: Step {
        next: 0,
        ms: 0,
        left: 0,
    },
};

#[derive(Clone)]
pub(super) struct RouteTable {
    slots: Vec<Slot>,
    /// `64 − log2(slots.len())`: a key's home slot is the top bits of its hash.
    shift: u32,
    len: usize,
}

impl Default for RouteTable {
    fn default() -> Self {
        RouteTable::with_bits(10)
    }
}

impl RouteTable {
    fn with_bits(bits: u32) -> Self {
        RouteTable {
            slots: vec![EMPTY_SLOT; 1 << bits],
            shift: 64 - bits,
            len: 0,
        }
    }

    /// Home slot of a key (multiplicative hashing: the product's top bits).
    #[inline]
    fn home(&self, from: u32, to: u32) -> usize {
        let k = ((to as u64) << 32) | from as u64;
        ((k ^ (k >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// Index of the key's slot, or of the empty slot where it would go.
    #[inline]
    fn find(&self, from: u32, to: u32) -> usize {
        // At most half full, so the probe meets an empty slot.
        debug_assert!(2 * self.len <= self.slots.len());
        let mask = self.slots.len() - 1;
        let mut i = self.home(from, to);
        loop {
            let s = &self.slots[i];
            if (s.from == from && s.to == to) || s.from == EMPTY {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    pub(super) fn get(&self, from: u32, to: u32) -> Option<Step> {
        let s = &self.slots[self.find(from, to)];
        (s.from != EMPTY).then_some(s.step)
    }

    /// The step stored for the key, inserting `step` first when there is
    /// none (an existing step is kept, as `HashMap::entry().or_insert`).
    #[inline]
    pub(super) fn get_or_insert(&mut self, from: u32, to: u32, step: Step) -> Step {
        match self.insert_new(from, to, step) {
            Ok(()) => step,
            Err(kept) => kept,
        }
    }

    /// Insert `step` for a key that has none; `Err` with the stored step
    /// (left as it is) when the key has one.
    #[inline]
    pub(super) fn insert_new(&mut self, from: u32, to: u32, step: Step) -> Result<(), Step> {
        debug_assert!(from != to, "no route from a node to itself");
        debug_assert!(from != EMPTY, "not a node");
        let mut i = self.find(from, to);
        if self.slots[i].from != EMPTY {
            return Err(self.slots[i].step);
        }
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
            i = self.find(from, to);
        }
        self.slots[i] = Slot { from, to, step };
        self.len += 1;
        Ok(())
    }

    fn grow(&mut self) {
        let bits = 64 - self.shift + 1;
        let old = std::mem::replace(self, RouteTable::with_bits(bits));
        for s in old.slots.into_iter().filter(|s| s.from != EMPTY) {
            let i = self.find(s.from, s.to);
            self.slots[i] = s;
        }
        self.len = old.len;
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    #[cfg(test)]
    pub(super) fn contains(&self, from: u32, to: u32) -> bool {
        self.get(from, to).is_some()
    }

    /// Drop every step (the array keeps its size).
    pub(super) fn clear(&mut self) {
        self.slots.fill(EMPTY_SLOT);
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Against a `HashMap` under random inserts (first writer wins),
    /// lookups of present and absent keys, growth and clears.
    #[test]
    fn behaves_as_a_hash_map_with_first_writer_wins() {
        let mut t = RouteTable::default();
        let mut m: HashMap<(u32, u32), (u32, u32, u32)> = HashMap::new();
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for round in 0..200_000u32 {
            let r = next();
            // Few distinct nodes, so keys repeat and probe chains collide.
            let (from, to) = ((r % 3_000) as u32, ((r >> 20) % 50) as u32 + 3_000);
            let step = Step {
                next: round,
                ms: round ^ 7,
                left: round / 3,
            };
            let key = |s: Step| (s.next, s.ms, s.left);
            let kind = r >> 60;
            if kind < 8 {
                let got = t.get_or_insert(from, to, step);
                let want = *m.entry((from, to)).or_insert(key(step));
                assert_eq!(key(got), want);
            } else if kind < 12 {
                // Refused where a step is stored, which stays as it was.
                let had = m.get(&(from, to)).copied();
                match t.insert_new(from, to, step) {
                    Ok(()) => assert!(had.is_none() && m.insert((from, to), key(step)).is_none()),
                    Err(kept) => assert_eq!(Some(key(kept)), had),
                }
            } else {
                assert_eq!(t.get(from, to).map(key), m.get(&(from, to)).copied());
            }
            assert_eq!(t.len(), m.len());
            if round % 70_001 == 70_000 {
                t.clear();
                m.clear();
                assert!(t.is_empty() && !t.contains(from, to));
            }
        }
        assert!(t.slots.len() >= 2 * t.len());
    }
}
