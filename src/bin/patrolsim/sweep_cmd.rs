//! The `sweep`, `plan` and `merge` commands: turning a sweep file into
//! stored runs and final tables, with progress, resume and shards.

use crate::{EXIT_BAD_INPUT, EXIT_OUTPUT, bad_input, usage};
use indicatif::{ProgressBar, ProgressStyle};
use patrolsim::experiment::sweep::{self as xs, RunId, Shard, StoredRun};
use patrolsim::model::Model;
use patrolsim::report::outdir;
use patrolsim::report::sweep::{self as rs, ManifestInfo, Plan};
use patrolsim::scenario::sweep::{Sweep, load_sweep};
use patrolsim::world::TableCache;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Progress: a bar on a terminal, plain lines otherwise.
struct Progress {
    bar: Option<ProgressBar>,
    total: u64,
    done: AtomicU64,
    start: Instant,
    last: Mutex<(Instant, u64)>,
}

impl Progress {
    fn new(total: u64, already: u64) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}  {msg}",
                )
                .expect("template")
                .progress_chars("█▉▊▋▌▍▎▏ "),
            );
            b.set_position(already);
            b
        });
        Progress {
            bar,
            total,
            done: AtomicU64::new(already),
            start: Instant::now(),
            last: Mutex::new((Instant::now(), already)),
        }
    }

    fn inc(&self, already: u64) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(b) = &self.bar {
            b.inc(1);
            return;
        }
        let mut last = self.last.lock().expect("progress lock");
        let step = (self.total / 10).max(1);
        if done == self.total
            || done - last.1 >= step
            || last.0.elapsed() >= Duration::from_secs(10)
        {
            let secs = self.start.elapsed().as_secs_f64().max(1e-9);
            let rate = (done - already) as f64 / secs;
            let eta = if rate > 0.0 {
                (self.total - done) as f64 / rate
            } else {
                f64::INFINITY
            };
            eprintln!(
                "sweep: {done}/{} runs ({:.0} %), {rate:.2} runs/s, ETA {eta:.0} s",
                self.total,
                100.0 * done as f64 / self.total as f64
            );
            *last = (Instant::now(), done);
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish();
        }
    }
}

fn plan_of(sw: &Sweep, shard: Option<Shard>) -> Plan {
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
    }
}

fn build_models(sw: &Sweep) -> Result<Vec<Model>, ExitCode> {
    let cache = TableCache::default();
    let mut models = Vec::with_capacity(sw.scenarios.len());
    let mut warned = std::collections::BTreeSet::new();
    for (i, s) in sw.scenarios.iter().enumerate() {
        match Model::with_cache(s, Some(&cache)) {
            Ok((m, w)) => {
                for w in w {
                    if warned.insert(w.to_string()) {
                        eprintln!("warning: sweep point {i}: {w}");
                    }
                }
                models.push(m);
            }
            Err(e) => {
                eprintln!("error: sweep point {i}:");
                return Err(bad_input(e));
            }
        }
    }
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

pub struct SweepArgs {
    pub file: PathBuf,
    pub out: PathBuf,
    pub resume: bool,
    pub shard: Option<String>,
    pub jobs: usize,
    pub set: Vec<String>,
}

pub fn sweep(a: SweepArgs) -> ExitCode {
    let t0 = Instant::now();
    let shard = match a.shard.as_deref().map(str::parse::<Shard>).transpose() {
        Ok(s) => s,
        Err(e) => return usage(format!("--shard: {e}")),
    };
    let sw = match load_sweep(&a.file, &a.set) {
        Ok(s) => s,
        Err(e) => return bad_input(e),
    };
    let models = match build_models(&sw) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let plan = plan_of(&sw, shard);
    // Checked before the lock (so a refused directory is not touched) and
    // again under it (another process may have written in between).
    let check = || sweep_out_state(&a.out, &plan, a.resume);
    if let Err(e) = check() {
        return usage(e);
    }
    let _lock = match outdir::lock_for(&a.out) {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    match check() {
        Err(e) => return usage(e),
        Ok(true) => match outdir::remove_leftovers(&a.out, &[rs::RUNS_DIR]) {
            Ok(0) => {}
            Ok(n) => eprintln!("resume: removed {n} temporary files left by an interrupted sweep"),
            Err(e) => {
                eprintln!("error: cannot clean {}: {e}", a.out.display());
                return ExitCode::from(EXIT_OUTPUT);
            }
        },
        Ok(false) => {
            if let Err(e) = rs::write_plan(&a.out, &plan) {
                eprintln!("error: cannot write to {}: {e}", a.out.display());
                return ExitCode::from(EXIT_OUTPUT);
            }
        }
    }
    let all = xs::runs(sw.points.len(), sw.replications, shard);
    let stored = match rs::read_runs(&a.out, &plan) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    let have: std::collections::HashSet<RunId> = stored.iter().map(|r| r.id).collect();
    let todo: Vec<RunId> = all
        .iter()
        .copied()
        .filter(|id| !have.contains(id))
        .collect();
    let already = (all.len() - todo.len()) as u64;
    if a.resume && already > 0 {
        eprintln!("resume: {already} of {} runs already done", all.len());
    }
    let progress = Progress::new(all.len() as u64, already);
    let failure: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let out = a.out.clone();
    xs::execute(&models, sw.seed, &todo, &|run: StoredRun| {
        if let Err(e) = rs::write_run(&out, &plan, &run) {
            failure.lock().expect("lock").get_or_insert(e);
        }
        progress.inc(already);
    });
    progress.finish();
    if let Some(e) = failure.into_inner().expect("lock") {
        eprintln!("error: cannot store runs in {}: {e}", a.out.display());
        return ExitCode::from(EXIT_OUTPUT);
    }
    finish_dir(&a.out, &plan, shard.is_none(), t0, a.jobs, vec![])
}

/// Check the stored runs of `dir` are complete and write its final files.
fn finish_dir(
    dir: &Path,
    plan: &Plan,
    whole: bool,
    t0: Instant,
    jobs: usize,
    merged_from: Vec<String>,
) -> ExitCode {
    let runs = match rs::read_runs(dir, plan) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    let shard = plan.shard.as_deref().and_then(|s| s.parse::<Shard>().ok());
    let expected = xs::runs(plan.points.len(), plan.replications, shard);
    let got: Vec<RunId> = runs.iter().map(|r| r.id).collect();
    if got != expected {
        eprintln!(
            "error: {} does not hold exactly the runs of its plan ({} of {})",
            dir.display(),
            got.len(),
            expected.len()
        );
        return ExitCode::from(EXIT_BAD_INPUT);
    }
    let m = ManifestInfo {
        plan,
        runs: runs.len(),
        command: std::env::args().collect(),
        wall_time_s: t0.elapsed().as_secs_f64(),
        jobs,
        merged_from,
    };
    let table = match rs::write_final(dir, plan, &runs, &m, whole) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot write results to {}: {e}", dir.display());
            return ExitCode::from(EXIT_OUTPUT);
        }
    };
    if let Some(t) = table {
        print!("{t}");
    }
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
    ExitCode::SUCCESS
}

pub struct PlanArgs {
    pub file: PathBuf,
    pub set: Vec<String>,
    pub probe: bool,
    /// Cores one shard gets (the printed line's --cpus-per-task).
    pub cores: u32,
    /// Target wall time of one shard, in hours.
    pub hours: f64,
    /// The shard count to print the line for, instead of the suggestion.
    pub shards: Option<u64>,
    /// The output root in the printed line.
    pub out_root: PathBuf,
}

/// A word for a POSIX shell: as is when it is safe, otherwise single-quoted.
fn shell_word(s: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./=+,:@%".contains(c);
    if !s.is_empty() && s.chars().all(safe) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// A Slurm `--time` value (minutes, rounded up): `H:MM:00`, or `D-HH:MM:00` from a day on.
fn slurm_time(hours: f64) -> String {
    let min = (hours * 60.0).ceil().max(1.0) as u64;
    let (d, h, m) = (min / 1440, min % 1440 / 60, min % 60);
    if d > 0 {
        format!("{d}-{h:02}:{m:02}:00")
    } else {
        format!("{h}:{m:02}:00")
    }
}

/// A duration given in hours, in the unit that reads best: `40 s`, `12 min`, `3.2 h`.
fn readable_hours(hours: f64) -> String {
    let s = hours * 3600.0;
    if s < 120.0 {
        format!("{} s", s.ceil().max(1.0))
    } else if s < 7200.0 {
        format!("{} min", (s / 60.0).ceil())
    } else {
        format!("{hours:.1} h")
    }
}

pub fn plan(a: PlanArgs) -> ExitCode {
    let file = a.file.as_path();
    let sw = match load_sweep(file, &a.set) {
        Ok(s) => s,
        Err(e) => return bad_input(e),
    };
    let runs = sw.points.len() as u64 * sw.replications as u64;
    let mut text = format!(
        "sweep {}: {} design over {}\npoints: {}\nreplications: {}\nruns: {runs}\n",
        file.display(),
        sw.design,
        sw.params.join(", "),
        sw.points.len(),
        sw.replications
    );
    let cores = a.cores;
    let on_cores = format!("on {cores} core{}", if cores == 1 { "" } else { "s" });
    // `--time` for the line: twice the estimate plus 10 minutes (the probe
    // times this machine, not the cluster's nodes); none without a probe.
    let mut time = None;
    let shards = if a.probe {
        let models = match build_models(&sw) {
            Ok(m) => m,
            Err(code) => return code,
        };
        // Time the first and the last point (the cost often grows along a sweep).
        let probe_points = [0, models.len() - 1];
        let t = Instant::now();
        for &p in &probe_points {
            let _ = models[p].run(xs::seed_of(
                sw.seed,
                RunId {
                    point: p as u32,
                    replication: 0,
                },
            ));
        }
        let per = t.elapsed().as_secs_f64() / probe_points.len() as f64;
        let core_hours = runs as f64 * per / 3600.0;
        let suggested =
            ((core_hours / (cores as f64 * a.hours)).ceil() as u64).clamp(1, runs.max(1));
        let shards = a.shards.unwrap_or(suggested);
        // The largest shard has ⌈runs / shards⌉ runs, spread over `cores` threads.
        let per_shard = runs.div_ceil(shards) as f64 * per / cores as f64 / 3600.0;
        time = Some(slurm_time(per_shard * 2.0 + 10.0 / 60.0));
        text += &format!(
            "one run: {per:.3} s (mean of the first and last points); all runs: {core_hours:.2} core-hours\n\
             suggested shards: {suggested} (for at most {} h each {on_cores})\n",
            a.hours
        );
        let label = if a.shards.is_some() {
            "with"
        } else {
            "estimate for"
        };
        text += &format!(
            "{label} {shards} shard{}: about {} each {on_cores} (the largest shard, {} runs)\n",
            if shards == 1 { "" } else { "s" },
            readable_hours(per_shard),
            runs.div_ceil(shards)
        );
        Some(shards)
    } else {
        text += "(no timing probe: --no-probe)\n";
        a.shards
    };
    match shards {
        Some(n) => {
            let time = time.map(|t| format!(" --time={t}")).unwrap_or_default();
            text += &format!(
                "slurm: sbatch --array=0-{} --cpus-per-task={cores}{time} scripts/sweep.sbatch {} {}\n\
                 (task i runs --shard $((i + 1))/{n} into {}/shard-$((i + 1)); then: scripts/merge-shards.sh {})\n",
                n - 1,
                shell_word(&file.display().to_string()),
                shell_word(&a.out_root.display().to_string()),
                a.out_root.display(),
                shell_word(&a.out_root.display().to_string()),
            );
        }
        None => text += "slurm: pass --shards N (or drop --no-probe) for the sbatch line\n",
    }
    if !a.set.is_empty() {
        text += "note: scripts/sweep.sbatch runs the sweep file as it is, without --set: \
                 put these settings in the sweep file's `set` list before submitting\n";
    }
    crate::emit(&text);
    ExitCode::SUCCESS
}

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

pub fn merge(dirs: &[PathBuf], out: &Path) -> ExitCode {
    let t0 = Instant::now();
    if dirs.is_empty() {
        return usage("merge needs at least one shard directory");
    }
    let mut plans: Vec<Plan> = Vec::new();
    let mut seen: std::collections::HashMap<RunId, PathBuf> = Default::default();
    let mut dups: Vec<String> = Vec::new();
    let mut all: Vec<(PathBuf, RunId)> = Vec::new();
    for d in dirs {
        let p = match rs::read_plan(d) {
            Ok(Some(p)) => p,
            Ok(None) => {
                return usage(format!(
                    "{} is not a sweep directory (no {})",
                    d.display(),
                    rs::PLAN_FILE
                ));
            }
            Err(e) => return usage(e),
        };
        if let Some(first) = plans.first()
            && !first.same_sweep(&p)
        {
            return usage(format!(
                "{} belongs to a different sweep than {}",
                d.display(),
                dirs[0].display()
            ));
        }
        let runs = match rs::read_runs(d, &p) {
            Ok(r) => r,
            Err(e) => return usage(e),
        };
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
    let mut plan = plans[0].clone();
    if !dups.is_empty() {
        let n = dups.len();
        dups.truncate(10);
        return usage(format!(
            "{n} runs appear more than once: {}",
            dups.join("; ")
        ));
    }
    let expected = xs::runs(plan.points.len(), plan.replications, None);
    let missing: Vec<RunId> = expected
        .iter()
        .filter(|id| !seen.contains_key(id))
        .copied()
        .collect();
    if !missing.is_empty() {
        let n = missing.len();
        return usage(format!(
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
        ));
    }
    plan.shard = None;
    let check = || merge_out_state(out, dirs, &plan);
    if let Err(e) = check() {
        return usage(e);
    }
    let _lock = match outdir::lock_for(out) {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    if let Err(e) = check() {
        return usage(e);
    }
    // Run files are copied byte for byte (they were checked above).
    if let Err(e) = outdir::remove_leftovers(out, &[rs::RUNS_DIR])
        .and_then(|_| rs::write_plan(out, &plan))
        .and_then(|_| {
            for (d, id) in &all {
                let bytes = std::fs::read(rs::run_file(d, *id))?;
                patrolsim::report::write_atomic(&rs::run_file(out, *id), &bytes)?;
            }
            Ok(())
        })
    {
        eprintln!("error: cannot write to {}: {e}", out.display());
        return ExitCode::from(EXIT_OUTPUT);
    }
    finish_dir(
        out,
        &plan,
        true,
        t0,
        0,
        dirs.iter().map(|d| d.display().to_string()).collect(),
    )
}
