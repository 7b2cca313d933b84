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
    /// Deterrence: weighted presence-minutes at each node, decaying
    /// exponentially with `decay_ms` since `deter_at` (residual deterrence).
    deter: Vec<f64>,
    deter_at: Vec<Tick>,
    decay_ms: f64,
    /// End of the latest presence at each node (`0` = never).
    pub last_seen: Vec<Tick>,
    /// End of the latest volunteer (non-police) presence at each node.
    pub civil_seen: Vec<Tick>,
}

impl Presence {
    /// Presence is counted within `[from, to)` (warm-up excluded).
    pub fn new(nodes: usize, from: Tick, to: Tick) -> Self {
        Presence::with_decay(nodes, from, to, 45.0 * 60_000.0)
    }

    /// As `new`, with the e-folding time (ms) of residual deterrence.
    pub fn with_decay(nodes: usize, from: Tick, to: Tick, decay_ms: f64) -> Self {
        Presence {
            deter: vec![0.0; nodes],
            deter_at: vec![0; nodes],
            decay_ms,
            last_seen: vec![0; nodes],
            civil_seen: vec![0; nodes],
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
        let n = node as usize;
        if w > 0.0 && t1 > t0 {
            // Deterrence counts from the start (warm-up included).
            let d = self.deterrence(node, t1);
            self.deter[n] = d + w * (t1 - t0) as f64 / 60_000.0;
            self.deter_at[n] = self.deter_at[n].max(t1);
            self.last_seen[n] = self.last_seen[n].max(t1);
        }
        let (t0, t1) = (t0.max(self.from), t1.min(self.to));
        if w <= 0.0 || t1 <= t0 {
            return;
        }
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

    /// Volunteer presence over an edge: it deters (weighted by visibility)
    /// but is not police presence — no coverage, no police sightings.
    pub fn add_civil_edge(&mut self, a: u32, b: u32, t0: Tick, t1: Tick, w: f64) {
        let mid = t0 + (t1 - t0) / 2;
        for (n, x0, x1) in [(a, t0, mid), (b, mid, t1)] {
            if w > 0.0 && x1 > x0 {
                let i = n as usize;
                let d = self.deterrence(n, x1);
                self.deter[i] = d + w * (x1 - x0) as f64 / 60_000.0;
                self.deter_at[i] = self.deter_at[i].max(x1);
                self.civil_seen[i] = self.civil_seen[i].max(x1);
            }
        }
    }

    /// Decayed presence-minutes at `node` at time `t` (no decay backwards).
    #[inline]
    pub fn deterrence(&self, node: u32, t: Tick) -> f64 {
        let n = node as usize;
        let dt = t.saturating_sub(self.deter_at[n]) as f64;
        self.deter[n] * (-dt / self.decay_ms).exp()
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

    #[test]
    fn deterrence_builds_with_dwell_and_decays_after() {
        let tau = 30.0 * 60_000.0;
        let mut p = Presence::with_decay(2, 0, 1000 * MS_PER_HOUR, tau);
        let t = 10 * MS_PER_HOUR;
        p.add(0, t, t + 12 * 60_000, 1.0); // a 12-minute stop
        p.add(1, t, t + 30_000, 1.0); // a drive-through
        let end = t + 12 * 60_000;
        assert!((p.deterrence(0, end) - 12.0).abs() < 1e-9);
        assert!((p.deterrence(1, t + 30_000) - 0.5).abs() < 1e-9);
        // One e-folding time after police leave: 1/e of it remains; not zero, not all.
        let later = p.deterrence(0, end + 30 * 60_000);
        assert!((later - 12.0 / std::f64::consts::E).abs() < 1e-6, "{later}");
        assert!(p.deterrence(0, end + 10 * MS_PER_HOUR) < 1e-6);
        assert_eq!(p.last_seen[0], end);
    }
}
