//! Statistics that know nothing of the domain: a fixed-size log-linear
//! histogram for quantiles (memory does not grow with the horizon), running
//! mean/variance, and Student-t confidence intervals across replications.

/// Sub-buckets per power of two: quantiles are exact below 256 and within
/// 1/256 (0.4 %) relative error above, once the bucket midpoint is reported.
const SUB_BITS: u32 = 7;
const SUB: u64 = 1 << SUB_BITS;
const BUCKETS: usize = ((64 - SUB_BITS as usize) + 1) * SUB as usize;

/// Relative error bound of [`Histogram::quantile`] for values ≥ 256.
pub const HISTOGRAM_RELATIVE_ERROR: f64 = 1.0 / 256.0;

/// Histogram of non-negative integer values (e.g. milliseconds).
#[derive(Clone)]
pub struct Histogram {
    counts: Box<[u32]>,
    n: u64,
}

impl std::fmt::Debug for Histogram {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Histogram(n = {})", self.n)
    }
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            counts: vec![0; BUCKETS].into_boxed_slice(),
            n: 0,
        }
    }
}

#[inline]
fn bucket_of(v: u64) -> usize {
    if v < 2 * SUB {
        v as usize
    } else {
        let e = 63 - v.leading_zeros(); // ≥ SUB_BITS + 1
        let shift = e - SUB_BITS;
        let m = v >> shift; // in [SUB, 2 SUB)
        ((shift as u64 + 1) * SUB + (m - SUB)) as usize
    }
}

/// Lowest value and width of a bucket.
fn bucket_range(b: usize) -> (u64, u64) {
    let b = b as u64;
    if b < 2 * SUB {
        (b, 1)
    } else {
        let shift = b / SUB - 1;
        let m = b % SUB + SUB;
        (m << shift, 1 << shift)
    }
}

impl Histogram {
    #[inline]
    pub fn record(&mut self, v: u64) {
        self.counts[bucket_of(v)] += 1;
        self.n += 1;
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    /// Add another histogram's counts to this one.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a += b;
        }
        self.n += other.n;
    }

    /// The share of values at most `v` (`None` when empty). Exact for
    /// `v` < 256; above, the bucket containing `v` (width at most 1/128 of
    /// `v`) counts in proportion to the part of it at or below `v`, so the
    /// share is off by at most that bucket's share of the values.
    pub fn share_at_most(&self, v: u64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let b = bucket_of(v);
        let (lo, w) = bucket_range(b);
        let below: u64 = self.counts[..b].iter().map(|&c| c as u64).sum();
        let part = self.counts[b] as f64 * ((v - lo) as f64 + 1.0) / w as f64;
        Some((below as f64 + part) / self.n as f64)
    }

    /// The q-quantile (0 ≤ q ≤ 1), lower quantile convention, reported as the
    /// middle of its bucket. `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0u64;
        for (b, &c) in self.counts.iter().enumerate() {
            seen += c as u64;
            if seen >= rank {
                let (lo, w) = bucket_range(b);
                return Some(lo as f64 + (w as f64 - 1.0) / 2.0);
            }
        }
        unreachable!("rank ≤ n")
    }
}

/// Running mean and variance (Welford).
#[derive(Debug, Clone, Copy, Default)]
pub struct Running {
    n: u64,
    mean: f64,
    m2: f64,
}

impl Running {
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }
    pub fn count(&self) -> u64 {
        self.n
    }
    /// Combine with the statistics of another sample (Chan et al. 1979).
    pub fn merge(&mut self, o: &Running) {
        if o.n == 0 {
            return;
        }
        let n = self.n + o.n;
        let d = o.mean - self.mean;
        self.mean += d * o.n as f64 / n as f64;
        self.m2 += o.m2 + d * d * (self.n as f64 * o.n as f64) / n as f64;
        self.n = n;
    }
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then_some(self.mean)
    }
    /// Sample standard deviation (n − 1); `None` below two observations.
    pub fn std(&self) -> Option<f64> {
        (self.n > 1).then(|| (self.m2 / (self.n - 1) as f64).sqrt())
    }
}

/// MSER-5 truncation point of a series (White 1997; White, Cobb & Spratt
/// 2000): the series is averaged in batches of 5, and the number of
/// leading batches `d` (at most half of them) that minimises the squared
/// standard error of the remaining batch means, Σ(x − x̄)² / (n − d)², is
/// cut. Returns the number of leading observations to discard (a multiple
/// of 5), and whether the minimum fell at the largest cut allowed (the
/// series has not settled within it).
pub fn mser5(series: &[f64]) -> (usize, bool) {
    let batches: Vec<f64> = series
        .chunks_exact(5)
        .map(|c| c.iter().sum::<f64>() / 5.0)
        .collect();
    let n = batches.len();
    if n < 4 {
        return (0, false);
    }
    let (mut best, mut best_d) = (f64::INFINITY, 0);
    for d in 0..=n / 2 {
        let rest = &batches[d..];
        let k = rest.len() as f64;
        let mean = rest.iter().sum::<f64>() / k;
        let ss: f64 = rest.iter().map(|x| (x - mean).powi(2)).sum();
        let stat = ss / (k * k);
        if stat < best {
            (best, best_d) = (stat, d);
        }
    }
    (best_d * 5, best_d == n / 2)
}

/// The standard normal quantile Φ⁻¹(p), 0 < p < 1 (P. J. Acklam's rational
/// approximation: relative error below 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    const LOW: f64 = 0.02425;
    if p < LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

/// Two-sided 97.5 % quantile of Student's t with `df` degrees of freedom.
pub fn t975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157,
        2.228139, 2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922,
        2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831,
        2.048407, 2.045230, 2.042272,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            // Cornish–Fisher expansion around the normal quantile (error < 1e-5 for df > 30).
            let z: f64 = 1.959963984540054;
            let d = df as f64;
            let z3 = z.powi(3);
            let z5 = z.powi(5);
            let z7 = z.powi(7);
            z + (z3 + z) / (4.0 * d)
                + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * d * d)
                + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * d * d * d)
        }
    }
}

/// Mean, standard deviation and 95 % Student-t interval of replications.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Summary {
    pub mean: Option<f64>,
    pub std: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    #[serde(skip)]
    pub n: u64,
}

impl Summary {
    /// Summarise the observed values; `None` entries (no observation in that
    /// replication) are left out.
    pub fn of(values: impl IntoIterator<Item = Option<f64>>) -> Self {
        let mut r = Running::default();
        for v in values.into_iter().flatten() {
            r.push(v);
        }
        let mean = r.mean();
        let std = r.std();
        let half = std.map(|s| t975(r.count() - 1) * s / (r.count() as f64).sqrt());
        Summary {
            mean,
            std,
            ci95_low: mean.zip(half).map(|(m, h)| m - h),
            ci95_high: mean.zip(half).map(|(m, h)| m + h),
            n: r.count(),
        }
    }

    /// Half-width of the Student-t 95 % interval (before any clamping).
    pub fn half_width(&self) -> Option<f64> {
        (self.n > 1)
            .then(|| {
                self.std
                    .map(|s| t975(self.n - 1) * s / (self.n as f64).sqrt())
            })
            .flatten()
    }

    /// The interval clamped to `[lo, hi]` (for a share, which cannot leave
    /// [0, 1] however few replications estimate it).
    pub fn clamped(mut self, lo: f64, hi: f64) -> Self {
        self.ci95_low = self.ci95_low.map(|x| x.clamp(lo, hi));
        self.ci95_high = self.ci95_high.map(|x| x.clamp(lo, hi));
        self
    }
}

/// Knox test of space-time interaction (Knox 1964; the near-repeat studies
/// of B8): among all pairs of events, those close in space (distance in
/// `(space.0, space.1]`) and in time (gap in `(time.0, time.1]`), against
/// the number expected if when and where were independent,
/// `expected = close-in-space pairs × close-in-time pairs ÷ all pairs`.
/// `p` is the Monte Carlo p-value of `permutations` shufflings of the
/// times over the places (seeded, so reproducible).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Knox {
    pub observed: u64,
    pub expected: f64,
    pub ratio: f64,
    pub p: f64,
}

pub fn knox(
    events: &[(f64, [f64; 2])],
    space: (f64, f64),
    time: (f64, f64),
    permutations: u32,
    seed: u64,
) -> Knox {
    let n = events.len();
    let near = |a: [f64; 2], b: [f64; 2]| {
        let d = ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
        d > space.0 && d <= space.1
    };
    let soon = |a: f64, b: f64| {
        let g = (a - b).abs();
        g > time.0 && g <= time.1
    };
    // The close-in-space pairs do not change under permutation of times.
    let mut close: Vec<(u32, u32)> = Vec::new();
    let (mut t_pairs, mut all) = (0u64, 0u64);
    for i in 0..n {
        for j in i + 1..n {
            all += 1;
            if near(events[i].1, events[j].1) {
                close.push((i as u32, j as u32));
            }
            if soon(events[i].0, events[j].0) {
                t_pairs += 1;
            }
        }
    }
    let count = |times: &[f64]| -> u64 {
        close
            .iter()
            .filter(|&&(i, j)| soon(times[i as usize], times[j as usize]))
            .count() as u64
    };
    let mut times: Vec<f64> = events.iter().map(|e| e.0).collect();
    let observed = count(&times);
    let expected = if all == 0 {
        0.0
    } else {
        close.len() as f64 * t_pairs as f64 / all as f64
    };
    let mut rng = crate::engine::rng::stream(seed, 0);
    let mut as_high = 0u32;
    for _ in 0..permutations {
        for i in (1..times.len()).rev() {
            let j = (crate::engine::rng::uniform01(&mut rng) * (i + 1) as f64) as usize % (i + 1);
            times.swap(i, j);
        }
        if count(&times) >= observed {
            as_high += 1;
        }
    }
    Knox {
        observed,
        expected,
        ratio: if expected > 0.0 {
            observed as f64 / expected
        } else {
            f64::NAN
        },
        p: (1 + as_high) as f64 / (1 + permutations) as f64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knox_finds_planted_space_time_clusters_and_not_independent_ones() {
        // Pairs planted 1 m and 1 day apart among events spread at random.
        let mut rng = crate::engine::rng::stream(5, 1);
        let mut u = || crate::engine::rng::uniform01(&mut rng);
        let mut ev = Vec::new();
        for _ in 0..150 {
            let (t, x, y) = (365.0 * u(), 8000.0 * u(), 8000.0 * u());
            ev.push((t, [x, y]));
        }
        let independent = knox(&ev, (-1.0, 300.0), (-1.0, 14.0), 199, 1);
        assert!(independent.p > 0.05, "{independent:?}");
        for k in 0..40 {
            let (t, p) = ev[k];
            ev.push((t + 1.0, [p[0] + 1.0, p[1]]));
        }
        let planted = knox(&ev, (-1.0, 300.0), (-1.0, 14.0), 199, 1);
        assert!(planted.ratio > 2.0 && planted.p < 0.01, "{planted:?}");
    }

    #[test]
    fn a_share_interval_is_clamped_but_its_half_width_is_not() {
        // Two replications of a share near 1: the t interval passes 1.
        let s = Summary::of([Some(0.97), Some(0.99)]);
        assert!(s.ci95_high.unwrap() > 1.0);
        let hw = s.half_width().unwrap();
        let c = s.clamped(0.0, 1.0);
        assert_eq!(c.ci95_high, Some(1.0));
        assert!(c.ci95_low.unwrap() < 0.97);
        assert_eq!(
            c.half_width(),
            Some(hw),
            "--target-ci uses the t half-width"
        );
        assert!(crate::model::is_share("clearance_rate.burglary"));
        assert!(crate::model::is_share(
            "phase.cameras.response_target_met_share"
        ));
        assert!(crate::model::is_share("response_target_met_share.urban"));
        assert!(!crate::model::is_share("call_rate_per_hour"));
        assert!(!crate::model::is_share("phase.x.years"));
    }

    #[test]
    fn buckets_are_contiguous_and_bounded() {
        let mut prev = 0;
        for v in [0u64, 1, 255, 256, 257, 511, 512, 1 << 20, u64::MAX / 2] {
            let b = bucket_of(v);
            assert!(b >= prev);
            prev = b;
            let (lo, w) = bucket_range(b);
            assert!(lo <= v && v - lo < w, "v={v} lo={lo} w={w}");
            if v >= 256 {
                assert!((w as f64) / (lo as f64) <= 2.0 * HISTOGRAM_RELATIVE_ERROR + 1e-12);
            }
        }
        assert!(bucket_of(u64::MAX) < BUCKETS);
    }

    #[test]
    fn quantiles_of_uniform_values() {
        let mut h = Histogram::default();
        for v in 1..=100_000u64 {
            h.record(v);
        }
        let med = h.quantile(0.5).unwrap();
        let p90 = h.quantile(0.9).unwrap();
        assert!(
            (med - 50_000.0).abs() / 50_000.0 < HISTOGRAM_RELATIVE_ERROR,
            "{med}"
        );
        assert!(
            (p90 - 90_000.0).abs() / 90_000.0 < HISTOGRAM_RELATIVE_ERROR,
            "{p90}"
        );
        assert_eq!(Histogram::default().quantile(0.5), None);
        let mut small = Histogram::default();
        small.record(3);
        assert_eq!(small.quantile(0.9), Some(3.0));
    }

    #[test]
    fn shares_at_most_a_value_match_the_empirical_distribution() {
        let mut h = Histogram::default();
        for v in 1..=100_000u64 {
            h.record(v);
        }
        assert_eq!(h.share_at_most(0), Some(0.0));
        assert_eq!(h.share_at_most(200), Some(0.002), "exact below 256");
        for v in [1_000u64, 30_000, 77_777] {
            let exact = v as f64 / 100_000.0;
            let got = h.share_at_most(v).unwrap();
            assert!(
                got <= exact && exact - got <= exact * HISTOGRAM_RELATIVE_ERROR,
                "{v}: {got}"
            );
        }
        assert_eq!(h.share_at_most(u64::MAX), Some(1.0));
        // All in one wide bucket: its share at most the bucket's, in proportion.
        let mut one = Histogram::default();
        one.record(100_000);
        let (lo, w) = bucket_range(bucket_of(100_000));
        assert_eq!(one.share_at_most(lo - 1), Some(0.0));
        assert_eq!(one.share_at_most(lo + w - 1), Some(1.0));
        assert_eq!(Histogram::default().share_at_most(10), None);
    }

    #[test]
    fn merged_statistics_equal_pooled_ones() {
        let (xs, ys) = ([1.0, 4.0, 2.5], [10.0, -3.0]);
        let (mut a, mut b, mut all) = (Running::default(), Running::default(), Running::default());
        xs.iter().for_each(|&x| a.push(x));
        ys.iter().for_each(|&y| b.push(y));
        xs.iter().chain(&ys).for_each(|&x| all.push(x));
        a.merge(&b);
        assert_eq!(a.count(), 5);
        assert!((a.mean().unwrap() - all.mean().unwrap()).abs() < 1e-12);
        assert!((a.std().unwrap() - all.std().unwrap()).abs() < 1e-12);
        let (mut h, mut g) = (Histogram::default(), Histogram::default());
        h.record(5);
        g.record(700);
        h.merge(&g);
        assert_eq!((h.count(), h.quantile(1.0)), (2, Some(701.5))); // 700 lies in [700, 704)
    }

    #[test]
    fn normal_quantiles() {
        for (p, z) in [
            (0.5, 0.0),
            (0.975, 1.959963984540054),
            (0.841344746068543, 1.0),
            (0.001, -3.090232306167813),
            (0.99999, 4.264890793922825),
        ] {
            assert!(
                (normal_quantile(p) - z).abs() < 1e-6,
                "p={p}: {} vs {z}",
                normal_quantile(p)
            );
        }
    }

    #[test]
    fn student_t_interval() {
        assert!((t975(10) - 2.228139).abs() < 1e-6);
        assert!((t975(31) - 2.039513).abs() < 1e-4);
        assert!((t975(120) - 1.979930).abs() < 1e-4);
        let s = Summary::of([Some(1.0), Some(2.0), Some(3.0), None]);
        assert_eq!(s.mean, Some(2.0));
        assert_eq!(s.std, Some(1.0));
        let h = 4.302653 / 3f64.sqrt();
        assert!((s.ci95_high.unwrap() - (2.0 + h)).abs() < 1e-9);
        let one = Summary::of([Some(5.0)]);
        assert_eq!((one.mean, one.std, one.ci95_low), (Some(5.0), None, None));
        let none = Summary::of([None]);
        assert_eq!(none.mean, None);
    }
}

#[cfg(test)]
mod mser_tests {
    use super::mser5;

    #[test]
    fn mser5_cuts_an_initial_transient_and_nothing_from_a_level_series() {
        // Noise from a fixed linear congruential sequence (uniform, ±3).
        let mut x = 12345u64;
        let mut noise = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) as f64 / (1u64 << 31) as f64 - 0.5) * 6.0
        };
        let level: Vec<f64> = (0..400).map(|_| 10.0 + noise()).collect();
        assert!(
            mser5(&level).0 <= 20,
            "level series cut {}",
            mser5(&level).0
        );
        // A transient decaying over the first ~100 days, then the level.
        let trans: Vec<f64> = (0..400)
            .map(|i| 10.0 + noise() + 30.0 * (-(i as f64) / 25.0).exp())
            .collect();
        let (d, at_cap) = mser5(&trans);
        assert!((40..=150).contains(&d), "cut {d}");
        assert!(!at_cap);
        // A series still rising at the end: the cut is the largest allowed.
        let rising: Vec<f64> = (0..400).map(|i| i as f64).collect();
        assert!(mser5(&rising).1);
    }
}
