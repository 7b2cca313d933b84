//! Sweeps: which runs exist (point × replication), which belong to a shard,
//! their seeds, running them in parallel, and summarising per point. A run is
//! identified by `(point, replication)`; replication `r` of every point uses
//! the seed of replication `r` (common random numbers across points), so a
//! sweep's numbers do not depend on thread count, order or sharding.

use crate::engine::rng::replication_seed;
use crate::model::Model;
use crate::stats::Summary;
use rayon::prelude::*;
use std::fmt;
use std::str::FromStr;

/// One run of a sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RunId {
    pub point: u32,
    pub replication: u32,
}

impl RunId {
    /// Position in the sweep's run order (point-major).
    pub fn index(&self, reps: u32) -> u64 {
        self.point as u64 * reps as u64 + self.replication as u64
    }
}

/// `M/N`: the M-th of N shards, counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("a shard is M/N with 1 ≤ M ≤ N (counted from 1), e.g. 1/3; got `{s}`");
        let (m, n) = s.split_once('/').ok_or_else(bad)?;
        let (m, n): (u32, u32) = (
            m.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if m == 0 || n == 0 || m > n {
            return Err(bad());
        }
        Ok(Shard { index: m, count: n })
    }
}

impl Shard {
    /// Runs are dealt round-robin: run `k` (in sweep order) goes to shard
    /// `k mod N + 1`. Stable and stateless: any machine can compute its share.
    pub fn owns(&self, run: RunId, reps: u32) -> bool {
        run.index(reps) % self.count as u64 == (self.index - 1) as u64
    }
}

/// All runs of a sweep (optionally one shard's), in sweep order.
pub fn runs(points: usize, reps: u32, shard: Option<Shard>) -> Vec<RunId> {
    (0..points as u32)
        .flat_map(|p| {
            (0..reps).map(move |r| RunId {
                point: p,
                replication: r,
            })
        })
        .filter(|id| shard.is_none_or(|s| s.owns(*id, reps)))
        .collect()
}

/// The seed of a run: that of its replication, whatever the point.
pub fn seed_of(master: u64, run: RunId) -> u64 {
    replication_seed(master, run.replication as u64)
}

/// One finished run as stored: its id, seed and metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRun {
    pub id: RunId,
    pub seed: u64,
    pub metrics: Vec<(String, Option<f64>)>,
}

/// Run `todo` in parallel (on the current rayon pool); `done` is called from
/// worker threads as each run finishes (to store it and count progress).
pub fn execute(models: &[Model], master: u64, todo: &[RunId], done: &(dyn Fn(StoredRun) + Sync)) {
    todo.par_iter().for_each(|&id| {
        let seed = seed_of(master, id);
        let r = super::run_one(&models[id.point as usize], seed);
        done(StoredRun {
            id,
            seed,
            metrics: r.metrics,
        });
    });
}

/// Per-point summaries of stored runs (sorted by id), metric by metric.
///
/// With a baseline point, every point also gets `benefit`, `net_benefit`,
/// `benefit_cost_ratio` and `cost_per_crime_prevented` against it, paired
/// by replication (as in `compare`).
pub fn summarise_points(
    points: usize,
    runs: &[StoredRun],
    baseline: Option<usize>,
) -> Vec<Vec<(String, Summary)>> {
    let mut out = vec![Vec::new(); points];
    let as_results = |p: usize| -> Vec<crate::model::RunResult> {
        runs.iter()
            .filter(|r| r.id.point as usize == p)
            .map(|r| crate::model::RunResult::of_metrics(r.seed, r.metrics.clone()))
            .collect()
    };
    let base = baseline.map(as_results);
    let mut start = 0;
    while start < runs.len() {
        let p = runs[start].id.point;
        let end = start + runs[start..].iter().take_while(|r| r.id.point == p).count();
        let group = &runs[start..end];
        out[p as usize] = group[0]
            .metrics
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                let s = Summary::of(group.iter().map(|r| r.metrics.get(i).and_then(|m| m.1)));
                let s = if crate::model::is_share(name) {
                    s.clamped(0.0, 1.0)
                } else {
                    s
                };
                (name.clone(), s)
            })
            .collect();
        if let Some(b) = &base {
            let x = as_results(p as usize);
            for (name, d) in super::compare::economic_differences(&x, b) {
                out[p as usize].push((name, d.paired));
            }
        }
        start = end;
    }
    // Mark the points on the cost / social-cost Pareto frontier.
    let pairs: Option<Vec<(f64, f64)>> = out
        .iter()
        .map(|m| {
            let get = |k: &str| m.iter().find(|(n, _)| n == k).and_then(|(_, s)| s.mean);
            get("cost_total").zip(get("social_cost"))
        })
        .collect();
    if let Some(pairs) = pairs.filter(|p| p.len() > 1) {
        for (m, on) in out.iter_mut().zip(pareto_frontier(&pairs)) {
            let v = if on { 1.0 } else { 0.0 };
            m.push((
                "pareto_frontier".into(),
                Summary {
                    mean: Some(v),
                    std: None,
                    ci95_low: None,
                    ci95_high: None,
                    n: 1,
                },
            ));
        }
    }
    out
}

/// Which of the `(cost, harm)` points no other point dominates (no higher
/// cost and no higher harm, and lower in one): the frontier a planner
/// chooses on.
pub fn pareto_frontier(points: &[(f64, f64)]) -> Vec<bool> {
    points
        .iter()
        .map(|&(c, h)| {
            !points
                .iter()
                .any(|&(c2, h2)| c2 <= c && h2 <= h && (c2 < c || h2 < h))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pareto_frontier_keeps_the_undominated_points() {
        let p = [
            (1.0, 10.0),
            (2.0, 8.0),
            (3.0, 9.0),
            (2.0, 8.0),
            (0.5, 12.0),
            (4.0, 7.0),
        ];
        assert_eq!(pareto_frontier(&p), [true, true, false, true, true, true]);
        assert_eq!(pareto_frontier(&[(1.0, 1.0)]), [true]);
    }

    #[test]
    fn shards_partition_the_runs() {
        let all = runs(7, 3, None);
        assert_eq!(all.len(), 21);
        let mut union: Vec<RunId> = (1..=4)
            .flat_map(|m| runs(7, 3, Some(Shard { index: m, count: 4 })))
            .collect();
        union.sort();
        assert_eq!(union, all);
        assert_eq!("2/3".parse::<Shard>(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["4/3", "0/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        // Seeds depend on the replication only.
        assert_eq!(
            seed_of(
                9,
                RunId {
                    point: 0,
                    replication: 2
                }
            ),
            seed_of(
                9,
                RunId {
                    point: 5,
                    replication: 2
                }
            )
        );
    }
}
