//! `patrolsim sweep`: turn a sweep file into stored runs (resumable, one
//! shard or all) and the final tables; also the parts `plan` and `merge`
//! share with it: the models of the points, the plan written with the runs,
//! and finishing a directory of runs.

use crate::args::{SweepArgs, TableArgs, say_kept, set_jobs};
use crate::error::CliError;
use crate::output::{command_line, write_html};
use crate::progress::Progress;
use patrolsim::experiment::sweep::{self as xs, RunId, Shard, StoredRun};
use patrolsim::model::Model;
use patrolsim::report::outdir;
use patrolsim::report::sweep::{self as rs, ManifestInfo, Plan};
use patrolsim::scenario::sweep::{Sweep, load_sweep};
use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

/// The plan stored with the runs of `sw` (or of its `shard`).
pub fn plan_of(sw: &Sweep, shard: Option<Shard>) -> Plan {
    Plan {
        patrolsim_version: env!("CARGO_PKG_VERSION").into(),
        sweep_file: sw.file.display().to_string(),
        sweep_hash: rs::fingerprint(
            [sw.sources[0].1.as_str()]
                .into_iter()
                .chain(sw.set.iter().map(String::as_str)),
        ),
        scenario_file: sw.scenario_path.display().to_string(),
        scenario_hash: rs::fingerprint(sw.sources[1..].iter().map(|(_, t)| t.as_str())),
        design: sw.design.clone(),
        parameters: sw.params.clone(),
        points: sw
            .points
            .iter()
            .map(|p| p.values.iter().map(rs::node_json).collect())
            .collect(),
        replications: sw.replications,
        seed: sw.seed,
        baseline_point: sw.baseline_point,
        shard: shard.map(|s| s.to_string()),
        unit_points: sw.unit_points.clone(),
    }
}

/// The model of every point of `sw`, sharing travel tables; each distinct
/// warning is printed once.
pub fn build_models(sw: &Sweep, tables: &TableArgs) -> Result<Vec<Model>, CliError> {
    let cache = tables.table_cache();
    let mut models = Vec::with_capacity(sw.scenarios.len());
    let mut warned = std::collections::BTreeSet::new();
    for (i, s) in sw.scenarios.iter().enumerate() {
        let (m, warnings) = Model::with_cache(s, Some(&cache))
            .map_err(CliError::bad_input_in(format!("sweep point {i}")))?;
        for w in warnings {
            if warned.insert(w.to_string()) {
                eprintln!("warning: sweep point {i}: {w}");
            }
        }
        models.push(m);
    }
    say_kept(&cache, tables);
    Ok(models)
}

/// May a sweep write into `out`? `Ok(true)`: it holds this sweep (resume),
/// `Ok(false)`: it is new or empty; an error names what it holds otherwise.
fn sweep_out_state(out: &Path, plan: &Plan, resume: bool) -> Result<bool, String> {
    match rs::read_plan(out)? {
        Some(_) if !resume => Err(format!(
            "{} already holds a sweep: pass --resume to finish it, or choose another --out",
            out.display()
        )),
        Some(old) if !(old.same_sweep(plan) && old.shard == plan.shard) => Err(format!(
            "--resume: {} holds a different sweep (the sweep file, its scenario, the points, replications, seed or shard changed); choose another --out",
            out.display()
        )),
        Some(_) => Ok(true),
        None => {
            let found =
                outdir::entries(out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
            if found.is_empty() {
                Ok(false)
            } else {
                Err(format!(
                    "{} holds other files ({}) and no sweep: choose a new or empty directory for --out",
                    out.display(),
                    outdir::name_list(&found)
                ))
            }
        }
    }
}

pub fn sweep(a: SweepArgs) -> Result<(), CliError> {
    set_jobs(a.jobs)?;
    let jobs = rayon::current_num_threads();
    let t0 = Instant::now();
    let shard = a
        .shard
        .as_deref()
        .map(str::parse::<Shard>)
        .transpose()
        .map_err(|e| CliError::usage(format!("--shard: {e}")))?;
    if a.html.is_some() && shard.is_some() {
        return Err(CliError::usage(
            "--html draws a whole sweep: merge the shards, then `patrolsim report DIR`",
        ));
    }
    let sw = load_sweep(&a.sweep, &a.args.set)?;
    let models = build_models(&sw, &a.tables)?;
    let plan = plan_of(&sw, shard);
    let _lock = store_runs(&a.out, &plan, &models, shard, a.resume)?;
    finish_dir(&a.out, &plan, shard.is_none(), t0, jobs, vec![])?;
    if let Some(file) = &a.html {
        write_html(
            file,
            patrolsim::report::html::from_dir(&a.out, &command_line()),
        )?;
    }
    Ok(())
}

/// Run what `out` lacks of `plan` (all of it, or of its `shard`) and store
/// each run as it finishes; `resume` finishes a directory that holds the
/// same sweep. The final files are `finish_dir`'s; the returned lock on
/// `out` is to be held until they are written.
pub fn store_runs(
    out: &Path,
    plan: &Plan,
    models: &[Model],
    shard: Option<Shard>,
    resume: bool,
) -> Result<outdir::DirLock, CliError> {
    // Checked before the lock (so a refused directory is not touched) and
    // again under it (another process may have written in between).
    let check = || sweep_out_state(out, plan, resume).map_err(CliError::Usage);
    check()?;
    let lock = outdir::lock_for(out).map_err(CliError::Usage)?;
    if check()? {
        match outdir::remove_leftovers(out, &[rs::RUNS_DIR]) {
            Ok(0) => {}
            Ok(n) => eprintln!("resume: removed {n} temporary files left by an interrupted sweep"),
            Err(e) => {
                return Err(CliError::output(format!(
                    "cannot clean {}: {e}",
                    out.display()
                )));
            }
        }
    } else {
        rs::write_plan(out, plan)
            .map_err(|e| CliError::output(format!("cannot write to {}: {e}", out.display())))?;
    }
    let all = xs::runs(plan.points.len(), plan.replications, shard);
    let stored = rs::read_runs(out, plan).map_err(CliError::Usage)?;
    let have: std::collections::HashSet<RunId> = stored.iter().map(|r| r.id).collect();
    let todo: Vec<RunId> = all
        .iter()
        .copied()
        .filter(|id| !have.contains(id))
        .collect();
    let already = (all.len() - todo.len()) as u64;
    if resume && already > 0 {
        eprintln!("resume: {already} of {} runs already done", all.len());
    }
    let progress = Progress::new(all.len() as u64, already);
    let failure: Mutex<Option<std::io::Error>> = Mutex::new(None);
    xs::execute(models, plan.seed, &todo, &|run: StoredRun| {
        if let Err(e) = rs::write_run(out, plan, &run) {
            failure.lock().expect("lock").get_or_insert(e);
        }
        progress.inc(already);
    });
    progress.finish();
    if let Some(e) = failure.into_inner().expect("lock") {
        return Err(CliError::output(format!(
            "cannot store runs in {}: {e}",
            out.display()
        )));
    }
    Ok(lock)
}

/// Check the stored runs of `dir` are complete and write its final files.
pub fn finish_dir(
    dir: &Path,
    plan: &Plan,
    whole: bool,
    t0: Instant,
    jobs: usize,
    merged_from: Vec<String>,
) -> Result<(), CliError> {
    if let Some(t) = finish_dir_quietly(dir, plan, whole, t0, jobs, merged_from)? {
        print!("{t}");
    }
    Ok(())
}

/// `finish_dir`, returning the sweep's table instead of printing it.
pub fn finish_dir_quietly(
    dir: &Path,
    plan: &Plan,
    whole: bool,
    t0: Instant,
    jobs: usize,
    merged_from: Vec<String>,
) -> Result<Option<String>, CliError> {
    let runs = rs::read_runs(dir, plan).map_err(CliError::Usage)?;
    let shard = plan.shard.as_deref().and_then(|s| s.parse::<Shard>().ok());
    let expected = xs::runs(plan.points.len(), plan.replications, shard);
    let got: Vec<RunId> = runs.iter().map(|r| r.id).collect();
    if got != expected {
        return Err(CliError::usage(format!(
            "{} does not hold exactly the runs of its plan ({} of {})",
            dir.display(),
            got.len(),
            expected.len()
        )));
    }
    let m = ManifestInfo {
        plan,
        runs: runs.len(),
        command: std::env::args().collect(),
        wall_time_s: t0.elapsed().as_secs_f64(),
        jobs,
        merged_from,
    };
    let table = rs::write_final(dir, plan, &runs, &m, whole)
        .map_err(|e| CliError::output(format!("cannot write results to {}: {e}", dir.display())))?;
    eprintln!(
        "sweep: {} runs in {} ({:.1} s){}",
        runs.len(),
        dir.display(),
        t0.elapsed().as_secs_f64(),
        if whole {
            ""
        } else {
            "; merge the shards with `patrolsim merge`"
        }
    );
    Ok(table)
}
