//! Sampling the scenario's duration distributions (minutes → ticks).

use crate::engine::rng::{StreamRng, uniform01};
use crate::engine::time::{Tick, from_minutes};
use crate::scenario::Dist;
use crate::stats::normal_quantile;

/// A distribution prepared for fast sampling.
#[derive(Debug, Clone, Copy)]
pub enum Sampler {
    Fixed(Tick),
    Exponential(f64),
    /// (mu, sigma) of the underlying normal, in log-minutes.
    Lognormal(f64, f64),
    Uniform(f64, f64),
}

impl Sampler {
    pub fn new(d: &Dist) -> Self {
        match *d {
            Dist::Fixed { value } => Sampler::Fixed(from_minutes(value)),
            Dist::Exponential { mean } => Sampler::Exponential(mean),
            Dist::Lognormal { mean, sd } => {
                // Moments of the lognormal: mean = exp(mu + s²/2), var = (exp(s²) − 1) mean².
                let s2 = (1.0 + (sd / mean).powi(2)).ln();
                Sampler::Lognormal(mean.ln() - s2 / 2.0, s2.sqrt())
            }
            Dist::Uniform { min, max } => Sampler::Uniform(min, max),
        }
    }

    /// Draw a duration by inversion from exactly one uniform, whatever the
    /// family or parameters: a strategy that changes a distribution shifts
    /// no other number of the stream (common random numbers).
    #[inline]
    pub fn sample(&self, rng: &mut StreamRng) -> Tick {
        self.at(uniform01(rng))
    }

    /// The duration at quantile `u` in (0, 1).
    #[inline]
    pub fn at(&self, u: f64) -> Tick {
        match *self {
            Sampler::Fixed(t) => t,
            Sampler::Exponential(mean) => from_minutes(-(1.0 - u).ln() * mean),
            Sampler::Lognormal(mu, sigma) => from_minutes((mu + sigma * normal_quantile(u)).exp()),
            Sampler::Uniform(lo, hi) => from_minutes(lo + (hi - lo) * u),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::stream;
    use crate::engine::time::to_minutes;

    #[test]
    fn sample_means_match() {
        let mut r = stream(9, 9);
        for d in [
            Dist::Exponential { mean: 30.0 },
            Dist::Lognormal {
                mean: 40.0,
                sd: 25.0,
            },
            Dist::Uniform {
                min: 5.0,
                max: 15.0,
            },
            Dist::Fixed { value: 7.0 },
        ] {
            let s = Sampler::new(&d);
            let n = 200_000;
            let m: f64 = (0..n).map(|_| to_minutes(s.sample(&mut r))).sum::<f64>() / n as f64;
            assert!((m - d.mean()).abs() / d.mean() < 0.01, "{d:?}: {m}");
        }
    }
}
