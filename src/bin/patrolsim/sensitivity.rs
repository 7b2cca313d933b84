//! `patrolsim sensitivity DIR`: Morris screening (μ*, σ) or Sobol indices
//! (first-order and total, bootstrap intervals) of one metric, from the
//! finished (merged) directory of a sweep with a `[morris]` or `[sobol]`
//! design. Also reads such a directory for `robustness`. With `--against
//! BASE_DIR`, the analysed output is a strategy's paired effect (and may be
//! net benefit): per point, the mean over replications of DIR's run minus
//! BASE_DIR's run of the same seed.

use crate::args::{SensitivityArgs, TableFormat};
use crate::error::CliError;
use crate::output::emit;
use patrolsim::experiment::sensitivity::{morris, sobol};
use patrolsim::experiment::sweep::{self as xs, RunId, StoredRun};
use patrolsim::report::sweep::{self as rs, Plan};
use patrolsim::report::uncertainty as ru;
use patrolsim::stats::Summary;
use std::path::Path;

/// The plan and runs of a finished, whole sweep directory of one of the
/// `designs`.
pub fn load_finished(dir: &Path, designs: &[&str]) -> Result<(Plan, Vec<StoredRun>), CliError> {
    let plan = rs::read_plan(dir)
        .map_err(CliError::Usage)?
        .ok_or_else(|| CliError::usage(format!("{} holds no sweep", dir.display())))?;
    if !designs.contains(&plan.design.as_str()) {
        return Err(CliError::usage(format!(
            "{} holds a `{}` sweep; this command reads a sweep with a [{}] design",
            dir.display(),
            plan.design,
            designs.join("] or [")
        )));
    }
    if let Some(s) = &plan.shard {
        return Err(CliError::usage(format!(
            "{} holds shard {s} only: merge the shards (`patrolsim merge`) first",
            dir.display()
        )));
    }
    let runs = rs::read_runs(dir, &plan).map_err(CliError::Usage)?;
    let expected = xs::runs(plan.points.len(), plan.replications, None);
    let got: Vec<RunId> = runs.iter().map(|r| r.id).collect();
    if got != expected || plan.unit_points.len() != plan.points.len() {
        return Err(CliError::usage(format!(
            "{} does not hold every run of its sweep ({} of {}): finish it with `patrolsim sweep --resume`",
            dir.display(),
            got.len(),
            expected.len()
        )));
    }
    Ok((plan, runs))
}

/// The mean of `metric` over each point's replications.
pub fn point_means(plan: &Plan, runs: &[StoredRun], metric: &str) -> Result<Vec<f64>, CliError> {
    let mut out = Vec::with_capacity(plan.points.len());
    for group in runs.chunks(plan.replications as usize) {
        let vals = group.iter().map(|r| {
            r.metrics
                .iter()
                .find(|(n, _)| n == metric)
                .and_then(|(_, v)| *v)
        });
        let s = Summary::of(vals);
        match s.mean {
            Some(m) if s.n as usize == group.len() => out.push(m),
            _ => {
                let known = runs[0].metrics.iter().any(|(n, _)| n == metric);
                return Err(CliError::usage(if known {
                    format!(
                        "metric `{metric}` has no value in some run of point {}: choose a metric every run reports",
                        group[0].id.point
                    )
                } else {
                    format!(
                        "no metric named `{metric}` in these runs (see docs/reference/metrics.md)"
                    )
                }));
            }
        }
    }
    Ok(out)
}

/// A stored run as the comparison code takes it (metrics only).
pub fn as_result(r: &StoredRun) -> patrolsim::model::RunResult {
    patrolsim::model::RunResult::of_metrics(r.seed, r.metrics.clone())
}

/// Per point, the mean paired difference of `metric` (or of an economic
/// quantity: benefit, net_benefit) of `runs` against `base` (runs of the
/// same design and seeds).
fn paired_point_means(
    plan: &Plan,
    runs: &[StoredRun],
    base_dir: &Path,
    metric: &str,
) -> Result<Vec<f64>, CliError> {
    let (bp, base) = load_finished(base_dir, &[plan.design.as_str()])?;
    if bp.unit_points != plan.unit_points
        || bp.replications != plan.replications
        || bp.seed != plan.seed
        || bp.parameters != plan.parameters
    {
        return Err(CliError::usage(format!(
            "--against {}: not the same design (parameters, points, replications and seed must match, \
             so that each run is paired with the run of the same seed)",
            base_dir.display()
        )));
    }
    let reps = plan.replications as usize;
    let mut out = Vec::with_capacity(plan.points.len());
    for (p, (x, b)) in runs.chunks(reps).zip(base.chunks(reps)).enumerate() {
        let x: Vec<_> = x.iter().map(as_result).collect();
        let b: Vec<_> = b.iter().map(as_result).collect();
        let d = patrolsim::experiment::compare::differences(&x, &b)
            .into_iter()
            .chain(patrolsim::experiment::compare::economic_differences(&x, &b))
            .find(|(n, _)| n == metric)
            .and_then(|(_, d)| d.paired.mean.filter(|_| d.paired.n as usize == reps));
        match d {
            Some(m) => out.push(m),
            None => {
                return Err(CliError::usage(format!(
                    "no paired `{metric}` at point {p} (a metric every run reports, or benefit / net_benefit)"
                )));
            }
        }
    }
    Ok(out)
}

pub fn sensitivity(a: SensitivityArgs) -> Result<(), CliError> {
    let (plan, runs) = load_finished(&a.dir, &["morris", "sobol"])?;
    let y = match &a.against {
        Some(b) => paired_point_means(&plan, &runs, b, &a.metric)?,
        None => point_means(&plan, &runs, &a.metric)?,
    };
    let k = plan.parameters.len();
    let as_csv = matches!(a.format, TableFormat::Csv);
    let text = if plan.design == "morris" {
        let idx = morris(&plan.unit_points, &y);
        ru::morris_table(&plan.parameters, &idx, as_csv)
    } else {
        let idx = sobol(&y, k, a.bootstrap, plan.seed);
        ru::sobol_table(&plan.parameters, &idx, as_csv)
    };
    if !as_csv {
        emit(&format!(
            "# {} of {}{} ({} points × {} replications; the mean over replications at each point)\n",
            if plan.design == "morris" {
                "Morris elementary effects (per unit of probability)"
            } else {
                "Sobol indices (Saltelli 2010 first-order, Jansen total; bootstrap 95 % intervals)"
            },
            a.metric,
            a.against.as_ref().map_or(String::new(), |b| format!(
                " paired against {} (common random numbers)",
                b.display()
            )),
            plan.points.len(),
            plan.replications
        ));
    }
    emit(&text);
    Ok(())
}
