//! Random streams. Every process of a model draws from its own stream, seeded
//! from the run seed and a stream id, so that changing what one process does
//! never shifts the numbers another process sees (common random numbers).
//!
//! The generator is PCG-64 MCG (`rand_pcg::Pcg64Mcg`, O'Neill 2014), a named
//! algorithm whose output rand_pcg guarantees stable across versions — unlike
//! `StdRng`. Seeds are expanded with SplitMix64 (Steele, Lea & Flood 2014).

use rand::RngExt;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// The generator every stream uses.
pub type StreamRng = Pcg64Mcg;

/// Name of the generator, written to manifests.
pub const RNG_ALGORITHM: &str = "pcg64mcg (rand_pcg 0.10), seeds by splitmix64";

/// SplitMix64 finaliser: a bijective 64-bit mix.
#[inline]
pub fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Seed of replication `r` of a master seed. It depends on nothing else, so
/// every strategy and every sweep point sees the same replication seeds.
pub fn replication_seed(master: u64, r: u64) -> u64 {
    splitmix64(splitmix64(master) ^ splitmix64(r.wrapping_add(0x5EED)))
}

/// The stream `id` of a run seeded with `seed`.
pub fn stream(seed: u64, id: u64) -> StreamRng {
    let a = splitmix64(seed ^ splitmix64(id));
    let b = splitmix64(a ^ 0xA076_1D64_78BD_642F);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..].copy_from_slice(&b.to_le_bytes());
    Pcg64Mcg::from_seed(bytes)
}

/// A uniform number in the open interval (0, 1) from one 64-bit draw.
#[inline]
pub fn uniform01(rng: &mut StreamRng) -> f64 {
    open01(rng.random())
}

/// The top 52 bits of `x` as the midpoint of one of 2⁵² equal cells of
/// (0, 1): never 0 and never 1 (both ends are exactly representable).
#[inline]
pub fn open01(x: u64) -> f64 {
    ((x >> 12) as f64 + 0.5) * (1.0 / (1u64 << 52) as f64)
}

/// Walker–Vose alias table: O(1) sampling of an index with given weights.
#[derive(Debug, Clone)]
pub struct Alias {
    prob: Vec<f64>,
    alias: Vec<u32>,
}

impl Alias {
    /// Build from non-negative weights with a positive sum; `None` otherwise.
    pub fn new(weights: &[f64]) -> Option<Self> {
        let n = weights.len();
        let total: f64 = weights.iter().sum();
        if n == 0
            || total.is_nan()
            || total <= 0.0
            || weights.iter().any(|w| w.is_nan() || *w < 0.0)
        {
            return None;
        }
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut prob = vec![1.0; n];
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            prob[s] = scaled[s];
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        Some(Self { prob, alias })
    }

    /// Draw an index: exactly one draw from `rng`, whatever the weights.
    #[inline]
    pub fn sample(&self, rng: &mut StreamRng) -> usize {
        self.pick(uniform01(rng))
    }

    /// The index for a uniform `u` in (0, 1): its whole part (scaled) picks
    /// a column, its fraction tosses the column's coin.
    #[inline]
    pub fn pick(&self, u: f64) -> usize {
        let x = u * self.prob.len() as f64;
        let i = (x as usize).min(self.prob.len() - 1);
        if x - (i as f64) < self.prob[i] {
            i
        } else {
            self.alias[i] as usize
        }
    }

    pub fn len(&self) -> usize {
        self.prob.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prob.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_reproducible_and_distinct() {
        let a: Vec<u64> = (0..4)
            .map({
                let mut r = stream(7, 1);
                move |_| r.random()
            })
            .collect();
        let b: Vec<u64> = (0..4)
            .map({
                let mut r = stream(7, 1);
                move |_| r.random()
            })
            .collect();
        let c: u64 = stream(7, 2).random();
        assert_eq!(a, b);
        assert_ne!(a[0], c);
        assert_ne!(replication_seed(1, 0), replication_seed(1, 1));
    }

    #[test]
    fn stream_output_is_version_stable() {
        // Pinned values: if these change, every published result changes.
        let mut r = stream(1, 0);
        let x: u64 = r.random();
        assert_eq!(x, PINNED_FIRST_DRAW, "the random stream changed: {x}");
    }
    const PINNED_FIRST_DRAW: u64 = 1_406_038_852_088_145_938;

    #[test]
    fn uniforms_stay_inside_the_open_interval() {
        assert!(open01(u64::MAX) < 1.0);
        assert!(open01(0) > 0.0);
        assert_eq!(open01(u64::MAX), 1.0 - 0.5 / (1u64 << 52) as f64);
    }

    #[test]
    fn alias_matches_weights() {
        let al = Alias::new(&[1.0, 0.0, 3.0]).unwrap();
        let mut r = stream(3, 3);
        let mut n = [0u32; 3];
        for _ in 0..40_000 {
            n[al.sample(&mut r)] += 1;
        }
        assert_eq!(n[1], 0);
        let share = n[2] as f64 / 40_000.0;
        assert!((share - 0.75).abs() < 0.01, "{share}");
        assert!(Alias::new(&[0.0, 0.0]).is_none());
        assert!(Alias::new(&[1.0, -1.0]).is_none());
    }
}
