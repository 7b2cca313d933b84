//! Police presence per node and time: every police movement adds weighted
//! time at the nodes it passes (half of each edge to either end), and each
//! node counts the hours in which it saw any presence (coverage). Memory is
//! per node only — a 64-hour sliding bit window absorbs out-of-order
//! recording — so it does not grow with the horizon.
//!
//! It also keeps the presence offenders feel (deterrence), counted by dwell:
//! a unit standing at a node (a stop) leaves its minutes there, a unit
//! passing through leaves one pass (`pass_min`), whatever its speed; the
//! sum decays exponentially after police leave (residual deterrence).

use crate::engine::time::{MS_PER_HOUR, Tick};

#[derive(Debug, Clone)]
pub struct Presence {
    /// What each presence added or asked at a node reads and writes, side
    /// by side in one cache line (on a city of 58,000 nodes, three arrays
    /// cost three misses per node touched: docs/performance.md).
    nodes: Vec<NodeP>,
    from: Tick,
    to: Tick,
    decay_ms: f64,
    pass_min: f64,
}

/// A node's presence state (64 bytes, aligned to a cache line).
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct NodeP {
    /// Deterrence: weighted presence-minutes (dwell minutes, and
    /// `pass_min` per pass), decaying exponentially with `decay_ms` since
    /// `deter_at` (residual deterrence).
    deter: f64,
    deter_at: Tick,
    /// End of the latest presence (`0` = never).
    last_seen: Tick,
    /// Coverage's 64-hour sliding window: bit k is hour `base + k`.
    mask: u64,
    base: u32,
    /// Hours with any presence, counted within `[from, to)`.
    covered_hours: u32,
    /// Presence time × weight within `[from, to)`, ms.
    weighted_ms: f64,
}

impl Presence {
    /// Presence is counted within `[from, to)` (warm-up excluded).
    pub fn new(nodes: usize, from: Tick, to: Tick) -> Self {
        Presence::with_deterrence(nodes, from, to, 60.0 * 60_000.0, 0.5)
    }

    /// As `new`, with the e-folding time (ms) of residual deterrence and the
    /// presence-minutes one pass leaves.
    pub fn with_deterrence(
        nodes: usize,
        from: Tick,
        to: Tick,
        decay_ms: f64,
        pass_min: f64,
    ) -> Self {
        let node = NodeP {
            deter: 0.0,
            deter_at: 0,
            last_seen: 0,
            mask: 0,
            base: (from / MS_PER_HOUR) as u32,
            covered_hours: 0,
            weighted_ms: 0.0,
        };
        Presence {
            nodes: vec![node; nodes],
            decay_ms,
            pass_min,
            from,
            to,
        }
    }

    /// Presence time × weight at each node within the counted span, ms.
    pub fn weighted_ms(&self) -> impl Iterator<Item = f64> + '_ {
        self.nodes.iter().map(|p| p.weighted_ms)
    }

    /// Hours with any presence at each node within the counted span.
    pub fn covered_hours(&self) -> impl Iterator<Item = u32> + '_ {
        self.nodes.iter().map(|p| p.covered_hours)
    }

    /// Add presence of weight `w` at `node` during `[t0, t1)`, standing
    /// there (a dwell: its minutes deter).
    #[inline]
    pub fn add(&mut self, node: u32, t0: Tick, t1: Tick, w: f64) {
        self.add_felt(node, t0, t1, w, (t1 - t0.min(t1)) as f64 / 60_000.0);
    }

    /// Add presence of weight `w` at `node` during `[t0, t1)` that deters
    /// like `felt_min` presence-minutes.
    #[inline]
    fn add_felt(&mut self, node: u32, t0: Tick, t1: Tick, w: f64, felt_min: f64) {
        let n = node as usize;
        if w > 0.0 && t1 > t0 {
            // Deterrence counts from the start (warm-up included).
            let d = self.deterrence(node, t1);
            let p = &mut self.nodes[n];
            p.deter = d + w * felt_min;
            p.deter_at = p.deter_at.max(t1);
            p.last_seen = p.last_seen.max(t1);
        }
        let (t0, t1) = (t0.max(self.from), t1.min(self.to));
        if w <= 0.0 || t1 <= t0 {
            return;
        }
        self.nodes[n].weighted_ms += w * (t1 - t0) as f64;
        let (h0, h1) = ((t0 / MS_PER_HOUR) as u32, ((t1 - 1) / MS_PER_HOUR) as u32);
        for h in h0..=h1 {
            self.mark(n, h);
        }
    }

    #[inline]
    fn mark(&mut self, n: usize, h: u32) {
        let p = &mut self.nodes[n];
        let base = p.base;
        let Some(off) = h.checked_sub(base) else {
            return; // older than the window: already counted or too late to tell
        };
        if off >= 64 {
            let nb = h - 63;
            let shift = nb - base;
            p.mask = if shift >= 64 { 0 } else { p.mask >> shift };
            p.base = nb;
        }
        let bit = 1u64 << (h - p.base);
        if p.mask & bit == 0 {
            p.mask |= bit;
            p.covered_hours += 1;
        }
    }

    /// Volunteer presence over an edge: it deters (weighted by visibility,
    /// counted as passes and dwells like police) but is not police presence
    /// — no coverage, no police sightings (where volunteers were seen is the
    /// volunteers lever's: `model/levers/volunteers.rs`).
    pub fn add_civil_edge(&mut self, a: u32, b: u32, t0: Tick, t1: Tick, w: f64) {
        let mid = t0 + (t1 - t0) / 2;
        for (n, x0, x1) in [(a, t0, mid), (b, mid, t1)] {
            if w > 0.0 && x1 > x0 {
                let i = n as usize;
                let d = self.deterrence(n, x1);
                let felt = self.half_felt(a, b, x0, x1);
                let p = &mut self.nodes[i];
                p.deter = d + w * felt;
                p.deter_at = p.deter_at.max(x1);
            }
        }
    }

    /// Decayed presence-minutes at `node` at time `t` (no decay backwards).
    #[inline]
    pub fn deterrence(&self, node: u32, t: Tick) -> f64 {
        let p = &self.nodes[node as usize];
        let dt = t.saturating_sub(p.deter_at) as f64;
        p.deter * (-dt / self.decay_ms).exp()
    }

    /// End of the latest presence at `node` (`0` = never).
    #[inline]
    pub fn last_seen(&self, node: u32) -> Tick {
        self.nodes[node as usize].last_seen
    }

    /// What half of an edge from `a` to `b`, driven in `[x0, x1)`, leaves
    /// at its node: half a pass, or, standing (`a == b`), its minutes.
    #[inline]
    fn half_felt(&self, a: u32, b: u32, x0: Tick, x1: Tick) -> f64 {
        if a == b {
            (x1 - x0) as f64 / 60_000.0
        } else {
            0.5 * self.pass_min
        }
    }

    /// Record a half-edge split: the first half of `[t0, t1)` at `a`, the
    /// second at `b`. Coverage counts the time; deterrence counts half a
    /// pass at each end (a unit passing through a node drives two halves),
    /// or the minutes when the unit stands (`a == b`).
    #[inline]
    pub fn add_edge(&mut self, a: u32, b: u32, t0: Tick, t1: Tick, w: f64) {
        let mid = t0 + (t1 - t0) / 2;
        let (f0, f1) = (self.half_felt(a, b, t0, mid), self.half_felt(a, b, mid, t1));
        self.add_felt(a, t0, mid, w, f0);
        self.add_felt(b, mid, t1, w, f1);
    }
}

/// The share of opportunities deterred by felt presence `x`
/// (presence-minutes): a threshold that saturates, `max` × xᵏ ÷ (xᵏ + halfᵏ)
/// (docs/crime.md §5). With k > 1 a drive-through deters almost nothing and
/// the residual deterrence bought per minute of a stop peaks at a length
/// near `half` × (k − 1)^(1/k).
#[inline]
pub fn deterred_share(x: f64, max: f64, half: f64, shape: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let r = (x / half).powf(shape);
    max * r / (1.0 + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_count_once_even_out_of_order() {
        let mut p = Presence::new(1, 0, 1000 * MS_PER_HOUR);
        p.add(0, 5 * MS_PER_HOUR, 5 * MS_PER_HOUR + 10, 1.0);
        p.add(0, 4 * MS_PER_HOUR, 6 * MS_PER_HOUR + 1, 0.5);
        assert_eq!(p.nodes[0].covered_hours, 3);
        p.add(0, 200 * MS_PER_HOUR, 201 * MS_PER_HOUR, 1.0);
        p.add(0, 200 * MS_PER_HOUR, 201 * MS_PER_HOUR, 1.0);
        assert_eq!(p.nodes[0].covered_hours, 4);
        p.add(0, 300 * MS_PER_HOUR, 301 * MS_PER_HOUR, 0.0);
        assert_eq!(p.nodes[0].covered_hours, 4);
    }

    #[test]
    fn deterrence_builds_with_dwell_and_decays_after() {
        let tau = 30.0 * 60_000.0;
        let mut p = Presence::with_deterrence(4, 0, 1000 * MS_PER_HOUR, tau, 0.5);
        let t = 10 * MS_PER_HOUR;
        p.add(0, t, t + 12 * 60_000, 1.0); // a 12-minute stop
        p.add_edge(2, 1, t - 30_000, t, 1.0); // a drive-through node 1 …
        p.add_edge(1, 3, t, t + 30_000, 1.0); // … in 30 s
        let end = t + 12 * 60_000;
        assert!((p.deterrence(0, end) - 12.0).abs() < 1e-9);
        assert!((p.deterrence(1, t + 30_000) - 0.5).abs() < 0.01); // one pass, decaying
        // One e-folding time after police leave: 1/e of it remains; not zero, not all.
        let later = p.deterrence(0, end + 30 * 60_000);
        assert!((later - 12.0 / std::f64::consts::E).abs() < 1e-6, "{later}");
        assert!(p.deterrence(0, end + 10 * MS_PER_HOUR) < 1e-6);
        assert_eq!(p.last_seen(0), end);
    }

    /// The chance of going ahead, averaged over the `window` minutes after
    /// police leave a stop of `s` minutes (no other presence).
    fn go_after(s: f64, window: f64) -> f64 {
        let (max, half, k, tau) = (0.95, 7.0, 4.0, 60.0); // the defaults
        let n = 600;
        (0..n)
            .map(|i| {
                let t = (i as f64 + 0.5) / n as f64 * window;
                1.0 - deterred_share(s * (-t / tau).exp(), max, half, k)
            })
            .sum::<f64>()
            / n as f64
    }

    #[test]
    fn the_default_curve_has_koper_s_threshold_optimum_and_30_minute_ratio() {
        // Koper 1995 (B3): P(crime or disorder within 30 min of police
        // leaving) 15 % after a drive-through, 4 % after a 10–16 min stop.
        let pass = go_after(0.5, 30.0);
        let stop: f64 = [10.0, 12.0, 14.0, 16.0]
            .iter()
            .map(|&s| go_after(s, 30.0))
            .sum::<f64>()
            / 4.0;
        let ratio = stop / pass;
        assert!((0.22..=0.32).contains(&ratio), "{ratio} vs 4/15 = 0.27");
        // A drive-through deters almost nothing; a 5-minute stop little.
        assert!(1.0 - pass < 0.01, "{pass}");
        assert!(1.0 - go_after(5.0, 30.0) / pass < 0.15);
        // Residual deterrence bought per minute of stop peaks at 11–15 min.
        let per_min = |s: f64| (pass - go_after(s, 30.0)) / s;
        let best = (1..=40)
            .map(|s| s as f64)
            .fold(1.0, |b: f64, s| if per_min(s) > per_min(b) { s } else { b });
        assert!((11.0..=15.0).contains(&best), "{best}");
        // Longer stops leave longer residual deterrence (Koper).
        assert!(go_after(15.0, 60.0) < go_after(10.0, 60.0));
    }

    #[test]
    fn a_pass_deters_the_same_at_any_speed_and_a_stop_by_its_minutes() {
        let mut p = Presence::with_deterrence(6, 0, 1000 * MS_PER_HOUR, 1e18, 0.5);
        let t = MS_PER_HOUR;
        // A car through node 1 in 1.2 min, a walker through node 4 in 6 min.
        p.add_edge(0, 1, t, t + 36_000, 1.0);
        p.add_edge(1, 2, t + 36_000, t + 72_000, 1.0);
        p.add_edge(3, 4, t, t + 180_000, 1.0);
        p.add_edge(4, 5, t + 180_000, t + 360_000, 1.0);
        let late = t + MS_PER_HOUR;
        assert!((p.deterrence(1, late) - 0.5).abs() < 1e-6);
        assert!((p.deterrence(4, late) - 0.5).abs() < 1e-6);
        // Coverage still counts time: the walker was there five times longer.
        assert!((p.nodes[4].weighted_ms / p.nodes[1].weighted_ms - 5.0).abs() < 1e-9);
    }
}
