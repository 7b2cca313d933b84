//! Experiments: replications of a model run in parallel with seeds that
//! depend only on the master seed and the replication number, and their
//! statistics. Results do not depend on the number of threads.

use crate::engine::rng::replication_seed;
use crate::model::{Model, NodeStats, Profiles, RunResult};
use crate::stats::Summary;
use rayon::prelude::*;

pub mod compare;
pub mod multiplicity;
pub mod robust;
pub mod sensitivity;
pub mod sweep;

pub use compare::{Comparison, Diff, compare};

/// The runs of one scenario and their summary.
#[derive(Debug, Clone)]
pub struct Replicated {
    pub master_seed: u64,
    pub runs: Vec<RunResult>,
    /// Per metric, in the order the model reports them.
    pub summary: Vec<(String, Summary)>,
    /// Per-node means over replications.
    pub nodes: NodeStats,
    /// Means over the replications that have each profile.
    pub profiles: Profiles,
}

/// Element-wise means of equal-length vectors (empty when there are none).
fn mean_vec<'a>(vs: impl Iterator<Item = &'a Vec<f64>>) -> Vec<f64> {
    let mut sum: Vec<f64> = Vec::new();
    let mut n = 0.0;
    for v in vs.filter(|v| !v.is_empty()) {
        if sum.is_empty() {
            sum = vec![0.0; v.len()];
        }
        sum.iter_mut().zip(v).for_each(|(a, b)| *a += b);
        n += 1.0;
    }
    sum.iter_mut().for_each(|a| *a /= n);
    sum
}

/// The mean profiles of runs; a priority's response distribution is the
/// mean over the runs where it had responses.
fn mean_profiles(runs: &[RunResult]) -> Profiles {
    let mut labels: Vec<&str> = Vec::new();
    for r in runs {
        for (l, _) in &r.profiles.response_cdf {
            if !labels.contains(&l.as_str()) {
                labels.push(l);
            }
        }
    }
    Profiles {
        response_cdf: labels
            .iter()
            .map(|l| {
                let cdfs = runs.iter().flat_map(|r| {
                    r.profiles
                        .response_cdf
                        .iter()
                        .filter(|(m, _)| m == l)
                        .map(|(_, v)| v)
                });
                (l.to_string(), mean_vec(cdfs))
            })
            .collect(),
        calls_by_hour: mean_vec(runs.iter().map(|r| &r.profiles.calls_by_hour)),
        busy_units_by_hour: mean_vec(runs.iter().map(|r| &r.profiles.busy_units_by_hour)),
    }
}

/// One run of a model with its costs (the `economics` layer) appended.
pub fn run_one(model: &Model, seed: u64) -> RunResult {
    let mut r = model.run(seed);
    crate::economics::append_costs(&model.scenario, &mut r);
    r
}

/// Run replications `0..reps` of `model` (in parallel unless `sequential`).
pub fn replicate(model: &Model, master_seed: u64, reps: u32, sequential: bool) -> Replicated {
    let run = |r: u32| run_one(model, replication_seed(master_seed, r as u64));
    let runs: Vec<RunResult> = if sequential || reps == 1 {
        (0..reps).map(run).collect()
    } else {
        (0..reps).into_par_iter().map(run).collect()
    };
    summarise(master_seed, runs)
}

/// Summaries of a set of runs with the same metric names.
pub fn summarise(master_seed: u64, runs: Vec<RunResult>) -> Replicated {
    let summary = match runs.first() {
        None => vec![],
        Some(first) => first
            .metrics
            .iter()
            .enumerate()
            .map(|(i, (name, _))| {
                let vals = runs.iter().map(|r| {
                    debug_assert_eq!(&r.metrics[i].0, name);
                    r.metrics[i].1
                });
                let s = Summary::of(vals);
                let s = if crate::model::is_share(name) {
                    s.clamped(0.0, 1.0)
                } else {
                    s
                };
                (name.clone(), s)
            })
            .collect(),
    };
    let mean_of = |f: &dyn Fn(&NodeStats) -> &Vec<f64>| -> Vec<f64> {
        let Some(first) = runs.first() else {
            return vec![];
        };
        let n = runs.len() as f64;
        (0..f(&first.nodes).len())
            .map(|i| runs.iter().map(|r| f(&r.nodes)[i]).sum::<f64>() / n)
            .collect()
    };
    let nodes = NodeStats {
        calls: mean_of(&|s| &s.calls),
        presence_hours: mean_of(&|s| &s.presence_hours),
        coverage: mean_of(&|s| &s.coverage),
        crimes: mean_of(&|s| &s.crimes),
    };
    let profiles = mean_profiles(&runs);
    Replicated {
        master_seed,
        runs,
        summary,
        nodes,
        profiles,
    }
}

impl Replicated {
    pub fn get(&self, name: &str) -> Option<&Summary> {
        self.summary.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }
}
