//! `patrolsim plan`: how many runs a sweep has, how long they take here
//! (a probe of two runs), a shard count for a cluster, and the `sbatch`
//! line that runs them.

use crate::args::{PlanArgs, TableArgs};
use crate::error::CliError;
use crate::output::emit;
use crate::sweep::build_models;
use patrolsim::experiment::sweep::{self as xs, RunId};
use patrolsim::scenario::sweep::{Sweep, load_sweep};
use std::time::Instant;

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

/// Seconds one run of `sw` takes here: the mean of the first and the last
/// point's first replication (the cost often grows along a sweep).
fn seconds_per_run(sw: &Sweep, tables: &TableArgs) -> Result<f64, CliError> {
    let models = build_models(sw, tables)?;
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
    Ok(t.elapsed().as_secs_f64() / probe_points.len() as f64)
}

pub fn plan(a: PlanArgs) -> Result<(), CliError> {
    if a.cores == 0 || a.hours.is_nan() || a.hours <= 0.0 {
        return Err(CliError::usage("--cores and --hours must be above 0"));
    }
    if a.shards == Some(0) {
        return Err(CliError::usage("--shards must be at least 1"));
    }
    if a.out_root.as_os_str().is_empty() {
        return Err(CliError::usage("--out-root must not be empty"));
    }
    let file = a.sweep.as_path();
    let set = &a.args.set;
    let sw = load_sweep(file, set)?;
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
    let shards = if !a.no_probe {
        let per = seconds_per_run(&sw, &a.tables)?;
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
    if !set.is_empty() {
        text += "note: scripts/sweep.sbatch runs the sweep file as it is, without --set: \
                 put these settings in the sweep file's `set` list before submitting\n";
    }
    emit(&text);
    Ok(())
}
