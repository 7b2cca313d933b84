//! Police presence per node and time: every police movement adds weighted
//! time at the nodes it passes (half of each edge to either end), and each
//! node counts the hours in which it saw any presence (coverage). Memory is
//! per node only — a 64-hour sliding bit window absorbs out-of-order
//! recording — so it does not grow with the horizon.

use crate::engine::time::{MS_PER_HOUR, Tick};

#[derive(Debug, Clone)]
pub struct Presence {
    pub weighted_ms: Vec<f64>,
    pub covered_hours: Vec<u32>,
    base: Vec<u32>,
    mask: Vec<u64>,
    from: Tick,
    to: Tick,
}

impl Presence {
    /// Presence is counted within `[from, to)` (warm-up excluded).
    pub fn new(nodes: usize, from: Tick, to: Tick) -> Self {
        Presence {
            weighted_ms: vec![0.0; nodes],
            covered_hours: vec![0; nodes],
            base: vec![(from / MS_PER_HOUR) as u32; nodes],
            mask: vec![0; nodes],
            from,
            to,
        }
    }

    /// Add presence of weight `w` at `node` during `[t0, t1)`.
    #[inline]
    pub fn add(&mut self, node: u32, t0: Tick, t1: Tick, w: f64) {
        let (t0, t1) = (t0.max(self.from), t1.min(self.to));
        if w <= 0.0 || t1 <= t0 {
            return;
        }
        let n = node as usize;
        self.weighted_ms[n] += w * (t1 - t0) as f64;
        let (h0, h1) = ((t0 / MS_PER_HOUR) as u32, ((t1 - 1) / MS_PER_HOUR) as u32);
        for h in h0..=h1 {
            self.mark(n, h);
        }
    }

    #[inline]
    fn mark(&mut self, n: usize, h: u32) {
        let base = self.base[n];
        let Some(off) = h.checked_sub(base) else {
            return; // older than the window: already counted or too late to tell
        };
        if off >= 64 {
            let nb = h - 63;
            let shift = nb - base;
            self.mask[n] = if shift >= 64 {
                0
            } else {
                self.mask[n] >> shift
            };
            self.base[n] = nb;
        }
        let bit = 1u64 << (h - self.base[n]);
        if self.mask[n] & bit == 0 {
            self.mask[n] |= bit;
            self.covered_hours[n] += 1;
        }
    }

    /// Record a half-edge split: the first half of `[t0, t1)` at `a`, the second at `b`.
    #[inline]
    pub fn add_edge(&mut self, a: u32, b: u32, t0: Tick, t1: Tick, w: f64) {
        let mid = t0 + (t1 - t0) / 2;
        self.add(a, t0, mid, w);
        self.add(b, mid, t1, w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_count_once_even_out_of_order() {
        let mut p = Presence::new(1, 0, 1000 * MS_PER_HOUR);
        p.add(0, 5 * MS_PER_HOUR, 5 * MS_PER_HOUR + 10, 1.0);
        p.add(0, 4 * MS_PER_HOUR, 6 * MS_PER_HOUR + 1, 0.5);
        assert_eq!(p.covered_hours[0], 3);
        p.add(0, 200 * MS_PER_HOUR, 201 * MS_PER_HOUR, 1.0);
        p.add(0, 200 * MS_PER_HOUR, 201 * MS_PER_HOUR, 1.0);
        assert_eq!(p.covered_hours[0], 4);
        p.add(0, 300 * MS_PER_HOUR, 301 * MS_PER_HOUR, 0.0);
        assert_eq!(p.covered_hours[0], 4);
    }
}
