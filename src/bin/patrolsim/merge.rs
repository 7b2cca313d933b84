//! `patrolsim merge`: join the output directories of a sharded sweep into
//! one, checking that every run is there exactly once and telling which
//! shards to run again when some are missing.

use crate::args::MergeArgs;
use crate::error::CliError;
use crate::sweep::finish_dir;
use patrolsim::experiment::sweep::{self as xs, RunId, Shard};
use patrolsim::report::outdir;
use patrolsim::report::sweep::{self as rs, Plan};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// May `merge` write into `out`? It must be new, empty, or hold this very
/// sweep merged before (merging again is safe); never one of the inputs,
/// a shard, another sweep or foreign files.
fn merge_out_state(out: &Path, dirs: &[PathBuf], plan: &Plan) -> Result<(), String> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    if let Some(o) = canon(out)
        && dirs.iter().any(|d| canon(d).as_ref() == Some(&o))
    {
        return Err(format!(
            "--out {} is one of the directories being merged; merge into a new directory",
            out.display()
        ));
    }
    match rs::read_plan(out)? {
        Some(p) if p.shard.is_none() && p.same_sweep(plan) => Ok(()),
        Some(p) if p.same_sweep(plan) => Err(format!(
            "--out {} holds shard {} of this sweep; merge into a new directory",
            out.display(),
            p.shard.as_deref().unwrap_or("?")
        )),
        Some(_) => Err(format!(
            "--out {} holds another sweep; merge into a new or empty directory (nothing was written)",
            out.display()
        )),
        None => {
            let found =
                outdir::entries(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
            if found.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "--out {} holds other files ({}) and no sweep; merge into a new or empty directory (nothing was written)",
                    out.display(),
                    outdir::name_list(&found)
                ))
            }
        }
    }
}

/// Which shards own the `missing` runs, as a message telling what to
/// resubmit (empty when the inputs are not shards).
fn shards_to_resubmit(plans: &[Plan], missing: &[RunId], reps: u32) -> String {
    let Some(count) = plans
        .iter()
        .find_map(|p| p.shard.as_deref().and_then(|s| s.parse::<Shard>().ok()))
        .map(|s| s.count)
    else {
        return String::new();
    };
    let mut owners: Vec<u32> = missing
        .iter()
        .map(|id| (id.index(reps) % count as u64) as u32 + 1)
        .collect();
    owners.sort_unstable();
    owners.dedup();
    let shards: Vec<String> = owners.iter().map(|m| format!("{m}/{count}")).collect();
    let tasks: Vec<String> = owners.iter().map(|m| (m - 1).to_string()).collect();
    format!(
        "\nthe missing runs belong to shard{} {} (Slurm array task{} {}): run them again, e.g. \
         `SHARDS={count} sbatch --array={} scripts/sweep.sbatch SWEEP.toml OUTPUT_ROOT`, \
         or `patrolsim sweep SWEEP.toml --shard M/{count} --out OUTPUT_ROOT/shard-M --resume`, then merge again",
        if owners.len() == 1 { "" } else { "s" },
        shards.join(", "),
        if owners.len() == 1 { "" } else { "s" },
        tasks.join(", "),
        tasks.join(","),
    )
}

/// What the shard directories hold.
struct Shards {
    /// One plan per directory, all of one sweep.
    plans: Vec<Plan>,
    /// Every run with the directory holding it.
    runs: Vec<(PathBuf, RunId)>,
}

/// Read the shard directories; a run found twice is an error.
fn read_shards(dirs: &[PathBuf]) -> Result<Shards, CliError> {
    let mut plans: Vec<Plan> = Vec::new();
    let mut seen: HashMap<RunId, PathBuf> = HashMap::new();
    let mut dups: Vec<String> = Vec::new();
    let mut all: Vec<(PathBuf, RunId)> = Vec::new();
    for d in dirs {
        let p = rs::read_plan(d).map_err(CliError::Usage)?.ok_or_else(|| {
            CliError::usage(format!(
                "{} is not a sweep directory (no {})",
                d.display(),
                rs::PLAN_FILE
            ))
        })?;
        if let Some(first) = plans.first()
            && !first.same_sweep(&p)
        {
            return Err(CliError::usage(format!(
                "{} belongs to a different sweep than {}",
                d.display(),
                dirs[0].display()
            )));
        }
        let runs = rs::read_runs(d, &p).map_err(CliError::Usage)?;
        plans.push(p);
        for r in runs {
            if let Some(prev) = seen.insert(r.id, d.clone()) {
                dups.push(format!(
                    "point {} replication {} (in {} and {})",
                    r.id.point,
                    r.id.replication,
                    prev.display(),
                    d.display()
                ));
            } else {
                all.push((d.clone(), r.id));
            }
        }
    }
    if !dups.is_empty() {
        let n = dups.len();
        dups.truncate(10);
        return Err(CliError::usage(format!(
            "{n} runs appear more than once: {}",
            dups.join("; ")
        )));
    }
    Ok(Shards { plans, runs: all })
}

pub fn merge(a: MergeArgs) -> Result<(), CliError> {
    let (dirs, out) = (a.shards.as_slice(), a.out.as_path());
    let t0 = Instant::now();
    if dirs.is_empty() {
        return Err(CliError::usage("merge needs at least one shard directory"));
    }
    let Shards { plans, runs: all } = read_shards(dirs)?;
    let mut plan = plans[0].clone();
    let expected = xs::runs(plan.points.len(), plan.replications, None);
    let have: std::collections::HashSet<RunId> = all.iter().map(|(_, id)| *id).collect();
    let missing: Vec<RunId> = expected
        .iter()
        .filter(|id| !have.contains(id))
        .copied()
        .collect();
    if !missing.is_empty() {
        let n = missing.len();
        return Err(CliError::usage(format!(
            "{n} of {} runs are missing (a shard not run or not finished?): {}{}{}",
            expected.len(),
            missing
                .iter()
                .take(10)
                .map(|id| format!("point {} replication {}", id.point, id.replication))
                .collect::<Vec<_>>()
                .join("; "),
            if n > 10 { "; …" } else { "" },
            shards_to_resubmit(&plans, &missing, plan.replications)
        )));
    }
    plan.shard = None;
    let check = || merge_out_state(out, dirs, &plan).map_err(CliError::Usage);
    check()?;
    let _lock = outdir::lock_for(out).map_err(CliError::Usage)?;
    check()?;
    // Run files are copied byte for byte (they were checked above).
    outdir::remove_leftovers(out, &[rs::RUNS_DIR])
        .and_then(|_| rs::write_plan(out, &plan))
        .and_then(|_| {
            for (d, id) in &all {
                let bytes = std::fs::read(rs::run_file(d, *id))?;
                patrolsim::report::write_atomic(&rs::run_file(out, *id), &bytes)?;
            }
            Ok(())
        })
        .map_err(|e| CliError::output(format!("cannot write to {}: {e}", out.display())))?;
    finish_dir(
        out,
        &plan,
        true,
        t0,
        0,
        dirs.iter().map(|d| d.display().to_string()).collect(),
    )
}
