//! Global sensitivity estimators on the outputs of a design
//! (`scenario::designs`): Morris elementary effects (μ, μ*, σ; Morris 1991,
//! Campolongo et al. 2007) for screening, and first-order and total Sobol
//! indices from Saltelli's sampling scheme with the Saltelli et al. (2010)
//! first-order and Jansen (1999) total estimators, with bootstrap
//! intervals. Pure functions of the design's unit-cube points and the
//! outputs, so the simulator and the analytic tests use the same code.

use crate::engine::rng::{stream, uniform01};

/// Morris screening result of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MorrisIndex {
    /// Mean elementary effect (signed).
    pub mu: f64,
    /// Mean absolute elementary effect: the importance measure.
    pub mu_star: f64,
    /// Standard deviation of the elementary effects: non-linearity or
    /// interactions.
    pub sigma: f64,
    /// Number of elementary effects (one per trajectory).
    pub n: usize,
}

/// Elementary effects of the trajectories in `points` (each `k + 1`
/// points, consecutive points differing in one coordinate) with outputs
/// `y`; an effect is Δy / Δu in unit-cube coordinates.
pub fn morris(points: &[Vec<f64>], y: &[f64]) -> Vec<MorrisIndex> {
    assert_eq!(points.len(), y.len(), "one output per point");
    let k = points.first().map_or(0, Vec::len);
    let mut effects: Vec<Vec<f64>> = vec![Vec::new(); k];
    for (t, ys) in points.chunks(k + 1).zip(y.chunks(k + 1)) {
        for s in 0..t.len().saturating_sub(1) {
            let Some(i) = (0..k).find(|&i| t[s][i] != t[s + 1][i]) else {
                continue;
            };
            effects[i].push((ys[s + 1] - ys[s]) / (t[s + 1][i] - t[s][i]));
        }
    }
    effects
        .iter()
        .map(|e| {
            let n = e.len() as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|x| x.abs()).sum::<f64>() / n;
            let sigma = if e.len() > 1 {
                (e.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
            } else {
                0.0
            };
            MorrisIndex {
                mu,
                mu_star,
                sigma,
                n: e.len(),
            }
        })
        .collect()
}

/// An estimate with a bootstrap 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub est: f64,
    pub low: f64,
    pub high: f64,
}

/// Sobol indices of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SobolIndex {
    /// First-order index S_i: the share of the output's variance due to
    /// the parameter alone.
    pub first: Interval,
    /// Total index ST_i: the share it takes part in, interactions included.
    pub total: Interval,
}

/// Point estimates of (S_i, ST_i) from the rows `rows` of a Saltelli
/// design with `k` parameters (`y` grouped by row: A, B, A_B^1 … A_B^k).
fn sobol_point(y: &[f64], k: usize, rows: &[usize]) -> Vec<(f64, f64)> {
    let w = k + 2;
    let n = rows.len() as f64;
    let (mut s, mut s2) = (0.0, 0.0);
    for &j in rows {
        for v in [y[j * w], y[j * w + 1]] {
            s += v;
            s2 += v * v;
        }
    }
    let mean = s / (2.0 * n);
    let var = (s2 / (2.0 * n) - mean * mean) * (2.0 * n) / (2.0 * n - 1.0);
    (0..k)
        .map(|i| {
            let (mut f, mut t) = (0.0, 0.0);
            for &j in rows {
                let (a, b, ab) = (y[j * w], y[j * w + 1], y[j * w + 2 + i]);
                f += b * (ab - a);
                t += (a - ab) * (a - ab);
            }
            if var > 0.0 {
                (f / n / var, t / (2.0 * n) / var)
            } else {
                (0.0, 0.0)
            }
        })
        .collect()
}

/// First-order (Saltelli et al. 2010) and total (Jansen 1999) Sobol
/// indices of a Saltelli design's outputs `y` (`n·(k + 2)` values grouped
/// by row), with percentile intervals from `boot` bootstrap resamples of
/// the rows (drawn from `seed`).
pub fn sobol(y: &[f64], k: usize, boot: usize, seed: u64) -> Vec<SobolIndex> {
    let w = k + 2;
    assert!(
        !y.is_empty() && y.len().is_multiple_of(w),
        "a Saltelli design has n·(k + 2) outputs"
    );
    let n = y.len() / w;
    let all: Vec<usize> = (0..n).collect();
    let est = sobol_point(y, k, &all);
    let mut rng = stream(seed, 0xB007);
    let mut reps: Vec<Vec<(f64, f64)>> = Vec::with_capacity(boot);
    let mut rows = vec![0; n];
    for _ in 0..boot {
        for r in rows.iter_mut() {
            *r = ((uniform01(&mut rng) * n as f64) as usize).min(n - 1);
        }
        reps.push(sobol_point(y, k, &rows));
    }
    (0..k)
        .map(|i| {
            let ci = |pick: fn(&(f64, f64)) -> f64, e: f64| {
                let mut v: Vec<f64> = reps.iter().map(|r| pick(&r[i])).collect();
                v.sort_by(f64::total_cmp);
                Interval {
                    est: e,
                    low: quantile_sorted(&v, 0.025).unwrap_or(e),
                    high: quantile_sorted(&v, 0.975).unwrap_or(e),
                }
            };
            SobolIndex {
                first: ci(|p| p.0, est[i].0),
                total: ci(|p| p.1, est[i].1),
            }
        })
        .collect()
}

/// The `q` quantile of sorted values (linear interpolation).
pub fn quantile_sorted(v: &[f64], q: f64) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let h = q * (v.len() - 1) as f64;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    Some(v[lo] + (h - lo as f64) * (v[hi] - v[lo]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::designs::{morris as morris_design, saltelli};
    use std::f64::consts::PI;

    /// The Ishigami function (a = 7, b = 0.1) on unit-cube coordinates
    /// mapped to [−π, π]³.
    fn ishigami(u: &[f64]) -> f64 {
        let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
        x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
    }

    #[test]
    fn sobol_indices_of_the_ishigami_function_match_the_analytic_values() {
        // Analytic: S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
        let s1 = [0.3139, 0.4424, 0.0];
        let st = [0.5576, 0.4424, 0.2437];
        for seed in [1, 2, 3] {
            let pts = saltelli(3, 8192, &mut stream(seed, 9));
            let y: Vec<f64> = pts.iter().map(|p| ishigami(p)).collect();
            let idx = sobol(&y, 3, 100, seed);
            for i in 0..3 {
                assert!(
                    (idx[i].first.est - s1[i]).abs() < 0.03,
                    "seed {seed}: S{} = {} (analytic {})",
                    i + 1,
                    idx[i].first.est,
                    s1[i]
                );
                assert!(
                    (idx[i].total.est - st[i]).abs() < 0.03,
                    "seed {seed}: ST{} = {} (analytic {})",
                    i + 1,
                    idx[i].total.est,
                    st[i]
                );
                assert!(
                    idx[i].first.low <= idx[i].first.est && idx[i].first.est <= idx[i].first.high
                );
            }
        }
    }

    #[test]
    fn sobol_indices_of_a_linear_model_are_its_shares_of_variance() {
        // y = Σ a_i u_i, u_i uniform: S_i = ST_i = a_i² / Σ a².
        let a = [3.0, 2.0, 1.0, 0.0];
        let pts = saltelli(4, 4096, &mut stream(5, 9));
        let y: Vec<f64> = pts
            .iter()
            .map(|p| p.iter().zip(a).map(|(u, a)| a * u).sum())
            .collect();
        let idx = sobol(&y, 4, 50, 5);
        for i in 0..4 {
            let exact = a[i] * a[i] / 14.0;
            assert!((idx[i].first.est - exact).abs() < 0.03, "{i}: {:?}", idx[i]);
            assert!((idx[i].total.est - exact).abs() < 0.03, "{i}: {:?}", idx[i]);
        }
    }

    #[test]
    fn morris_ranks_a_function_with_known_effects() {
        // y = 4 u1 + u2 + 2 u3 u4 + 0 u5: linear effects are exact (μ* = |a|,
        // σ = 0); the product's effects vary (σ > 0); u5 has none.
        let f = |u: &[f64]| 4.0 * u[0] - u[1] + 2.0 * u[2] * u[3];
        let pts = morris_design(5, 20, 4, &mut stream(2, 2));
        let y: Vec<f64> = pts.iter().map(|p| f(p)).collect();
        let m = morris(&pts, &y);
        assert!((m[0].mu_star - 4.0).abs() < 1e-9 && m[0].sigma < 1e-9);
        assert!((m[1].mu_star - 1.0).abs() < 1e-9 && (m[1].mu + 1.0).abs() < 1e-9);
        assert!(m[2].sigma > 0.1 && m[3].sigma > 0.1);
        assert!(m[4].mu_star == 0.0);
        let mut order: Vec<usize> = (0..5).collect();
        order.sort_by(|&a, &b| m[b].mu_star.total_cmp(&m[a].mu_star));
        assert_eq!(order[0], 0);
        assert_eq!(order[4], 4);
        assert!(m.iter().all(|x| x.n == 20));
    }
}
