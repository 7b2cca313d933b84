//! Sweep designs over uncertain parameters: `[morris]` (elementary-effect
//! trajectories for screening), `[sobol]` (Saltelli's A, B and A_B^i
//! matrices for first-order and total indices) and `[robust]` (a Latin
//! hypercube of parameter draws, each run for every strategy). Each design
//! is a list of points in the unit cube; a point's coordinate `u` for a
//! parameter becomes a value through that parameter's inverse distribution
//! function ([`super::uncertainty::Uncertain::quantile`]). The estimators
//! are in `experiment::sensitivity`.

use super::read::{Reader, Tbl};
use crate::engine::rng::{StreamRng, stream, uniform01};
use rand::RngExt;

/// The uncertainty designs a sweep file may name.
pub const UNCERTAIN_DESIGNS: [&str; 3] = ["morris", "sobol", "robust"];

/// What an uncertainty design asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum DesignKind {
    /// `r` trajectories on a grid of `levels` levels.
    Morris { trajectories: usize, levels: usize },
    /// `n` base samples: n·(k + 2) points.
    Sobol { base_samples: usize },
    /// `draws` parameter sets, each run for every strategy.
    Robust { draws: usize },
}

/// A design table as read.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignSpec {
    pub kind: DesignKind,
    pub seed: u64,
    /// A scenario file (relative to the sweep file) whose `[uncertainty]`
    /// table to use instead of the base scenario's.
    pub uncertainty: Option<String>,
}

/// Read `[morris]`, `[sobol]` or `[robust]` from a sweep file.
pub fn read_spec(r: &mut Reader, top: &mut Tbl, name: &str) -> Option<DesignSpec> {
    let mut t = r.sub(top, name)?;
    let max = super::sweep::MAX_POINTS as i64;
    let kind = match name {
        "morris" => DesignKind::Morris {
            trajectories: r.int(&mut t, "trajectories", 10, 2, max) as usize,
            levels: {
                let p = r.int(&mut t, "levels", 4, 2, 100);
                if p % 2 != 0 {
                    let o = t.origin.clone();
                    r.error(
                        &t.key_path("levels"),
                        &o,
                        format!("must be even (a step is half the levels); got {p}"),
                    );
                }
                p as usize
            },
        },
        "sobol" => DesignKind::Sobol {
            base_samples: r.int(&mut t, "base_samples", 64, 2, max) as usize,
        },
        _ => DesignKind::Robust {
            draws: r.int(&mut t, "draws", 32, 2, max) as usize,
        },
    };
    let seed = r.int(&mut t, "seed", 1, 0, i64::MAX) as u64;
    let uncertainty = r.string_opt(&mut t, "uncertainty");
    r.finish(t);
    Some(DesignSpec {
        kind,
        seed,
        uncertainty,
    })
}

impl DesignSpec {
    /// How many points the design has with `k` parameters and `strategies`
    /// strategies (robust only).
    pub fn len(&self, k: usize, strategies: usize) -> usize {
        match self.kind {
            DesignKind::Morris { trajectories, .. } => trajectories.saturating_mul(k + 1),
            DesignKind::Sobol { base_samples } => base_samples.saturating_mul(k + 2),
            DesignKind::Robust { draws } => draws.saturating_mul(strategies),
        }
    }

    /// The design's points in the unit cube (robust: one per draw).
    pub fn unit_points(&self, k: usize) -> Vec<Vec<f64>> {
        let mut rng = stream(self.seed, 0x5E_5171);
        match self.kind {
            DesignKind::Morris {
                trajectories,
                levels,
            } => morris(k, trajectories, levels, &mut rng),
            DesignKind::Sobol { base_samples } => saltelli(k, base_samples, &mut rng),
            DesignKind::Robust { draws } => lhs(k, draws, &mut rng),
        }
    }
}

/// A Latin hypercube: `n` points, each of the `k` coordinates cut into `n`
/// strata with one point in each.
pub fn lhs(k: usize, n: usize, rng: &mut StreamRng) -> Vec<Vec<f64>> {
    let mut pts = vec![Vec::with_capacity(k); n];
    for _ in 0..k {
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let s = rng.random_range(0..=i);
            perm.swap(i, s);
        }
        for (pt, &stratum) in pts.iter_mut().zip(&perm) {
            pt.push((stratum as f64 + uniform01(rng)) / n as f64);
        }
    }
    pts
}

/// Morris trajectories (Morris 1991, with Campolongo et al. 2007's random
/// directions): each of `r` trajectories starts at a random grid point and
/// moves one coordinate at a time, in random order, by half the levels.
/// Grid level `l` of `p` is the probability `(l + 0.5)/p` (the middle of
/// its stratum, so unbounded distributions stay finite), so every step is
/// ±0.5 in probability.
pub fn morris(k: usize, r: usize, levels: usize, rng: &mut StreamRng) -> Vec<Vec<f64>> {
    let half = levels / 2;
    let mut pts = Vec::with_capacity(r * (k + 1));
    for _ in 0..r {
        let low: Vec<f64> = (0..k)
            .map(|_| (rng.random_range(0..half) as f64 + 0.5) / levels as f64)
            .collect();
        let up: Vec<bool> = (0..k).map(|_| rng.random_range(0..2) == 0).collect();
        let mut x: Vec<f64> = (0..k)
            .map(|i| if up[i] { low[i] } else { low[i] + 0.5 })
            .collect();
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            let s = rng.random_range(0..=i);
            order.swap(i, s);
        }
        pts.push(x.clone());
        for &i in &order {
            x[i] = if up[i] { low[i] + 0.5 } else { low[i] };
            pts.push(x.clone());
        }
    }
    pts
}

/// Saltelli's sampling scheme (Saltelli et al. 2010): matrices A and B of
/// `n` rows (two independent Latin hypercubes), and for each parameter `i`
/// the matrix A_B^i (A with column `i` from B). Points are grouped by row:
/// `A_j, B_j, A_B^1_j, …, A_B^k_j`, so a row's `k + 2` runs are adjacent.
pub fn saltelli(k: usize, n: usize, rng: &mut StreamRng) -> Vec<Vec<f64>> {
    let a = lhs(k, n, rng);
    let b = lhs(k, n, rng);
    let mut pts = Vec::with_capacity(n * (k + 2));
    for j in 0..n {
        pts.push(a[j].clone());
        pts.push(b[j].clone());
        for i in 0..k {
            let mut ab = a[j].clone();
            ab[i] = b[j][i];
            pts.push(ab);
        }
    }
    pts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_morris_trajectory_moves_one_coordinate_by_half_at_each_step() {
        let mut rng = stream(3, 1);
        let pts = morris(5, 4, 4, &mut rng);
        assert_eq!(pts.len(), 4 * 6);
        for t in pts.chunks(6) {
            let mut moved = vec![];
            for w in t.windows(2) {
                let d: Vec<usize> = (0..5).filter(|&i| w[0][i] != w[1][i]).collect();
                assert_eq!(d.len(), 1);
                assert!(((w[1][d[0]] - w[0][d[0]]).abs() - 0.5).abs() < 1e-12);
                moved.push(d[0]);
            }
            moved.sort_unstable();
            assert_eq!(moved, [0, 1, 2, 3, 4], "each coordinate moves once");
        }
    }

    #[test]
    fn a_latin_hypercube_has_one_point_per_stratum() {
        let mut rng = stream(1, 1);
        let pts = lhs(3, 10, &mut rng);
        for j in 0..3 {
            let mut strata: Vec<usize> = pts.iter().map(|p| (p[j] * 10.0) as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..10).collect::<Vec<_>>());
        }
    }
}
