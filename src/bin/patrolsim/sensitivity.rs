//! `patrolsim sensitivity DIR`: Morris screening (μ*, σ) or Sobol indices
//! (first-order and total, bootstrap intervals) of one metric, from the
//! finished (merged) directory of a sweep with a `[morris]` or `[sobol]`
//! design. Also reads such a directory for `robustness`.

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

pub fn sensitivity(a: SensitivityArgs) -> Result<(), CliError> {
    let (plan, runs) = load_finished(&a.dir, &["morris", "sobol"])?;
    let y = point_means(&plan, &runs, &a.metric)?;
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
            "# {} of {} ({} points × {} replications; the mean over replications at each point)\n",
            if plan.design == "morris" {
                "Morris elementary effects (per unit of probability)"
            } else {
                "Sobol indices (Saltelli 2010 first-order, Jansen total; bootstrap 95 % intervals)"
            },
            a.metric,
            plan.points.len(),
            plan.replications
        ));
    }
    emit(&text);
    Ok(())
}
