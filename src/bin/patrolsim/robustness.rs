//! `patrolsim robustness DIR`: the robust comparison of a finished (merged)
//! sweep with a `[robust]` design: per strategy, the share of parameter
//! draws whose paired mean effect is on the predicted side, the spread of
//! the effect and of net benefit over draws, the variance between draws
//! and within them, and the parameters that decide it with break-even
//! values. Also `compare FILE --uncertain N`, which builds that sweep in
//! memory from the file's `[uncertainty]` table, runs it (in memory, or
//! resumably into `--out`) and prints the same table.

use crate::args::{CompareArgs, Format, RobustnessArgs, Side, TableFormat, set_jobs};
use crate::error::CliError;
use crate::output::emit;
use crate::progress::Progress;
use crate::sensitivity::{as_result, load_finished};
use crate::sweep::{build_models, finish_dir_quietly, plan_of, store_runs};
use patrolsim::experiment::robust::{self, Side as RSide};
use patrolsim::experiment::sweep::{self as xs, StoredRun};
use patrolsim::model::RunResult;
use patrolsim::report::sweep::Plan;
use patrolsim::report::uncertainty as ru;
use patrolsim::scenario::sweep::{STRATEGY_PARAM, sweep_from_text};
use std::sync::Mutex;
use std::time::Instant;

pub fn robustness(a: RobustnessArgs) -> Result<(), CliError> {
    let (plan, runs) = load_finished(&a.dir, &["robust"])?;
    let text = robust_text(
        &plan,
        &runs,
        &a.metric,
        a.expect,
        matches!(a.format, TableFormat::Csv),
        a.baseline.as_deref(),
    )?;
    emit(&text);
    Ok(())
}

/// The text of a `[robust]` sweep that compares the strategies of
/// `scenario` (a file name beside the sweep) over `draws` parameter draws.
fn robust_sweep_text(
    scenario: &str,
    replications: u32,
    seed: u64,
    draws: usize,
    design_seed: u64,
    uncertainty: Option<&str>,
) -> String {
    let q = |s: &str| serde_json::to_string(s).expect("a string");
    let mut t = format!(
        "# `patrolsim compare {scenario} --uncertain {draws}`, built in memory\n\
         [sweep]\nscenario = {}\nreplications = {replications}\nseed = {seed}\n\n\
         [robust]\ndraws = {draws}\nseed = {design_seed}\n",
        q(scenario)
    );
    if let Some(u) = uncertainty {
        t.push_str(&format!("uncertainty = {}\n", q(u)));
    }
    t
}

/// `compare FILE --uncertain N`: the robust comparison of the file's
/// strategies over N draws of its uncertain parameters.
pub fn compare_uncertain(a: CompareArgs, draws: usize) -> Result<(), CliError> {
    let t0 = Instant::now();
    let o = &a.opts;
    let refused = [
        (o.target_ci.is_some(), "--target-ci"),
        (o.html.is_some(), "--html"),
        (matches!(o.format, Format::Json), "--format json"),
    ];
    if let Some((_, what)) = refused.iter().find(|(bad, _)| *bad) {
        return Err(CliError::usage(format!(
            "compare --uncertain does not take {what}; it prints a table (or --format csv)"
        )));
    }
    if draws < 2 {
        return Err(CliError::usage(format!(
            "--uncertain {draws}: give at least 2 parameter draws"
        )));
    }
    if (a.robust.resume || a.robust.shard.is_some()) && o.out.is_none() {
        return Err(CliError::usage(
            "--resume and --shard store a robust comparison in --out: give --out DIR",
        ));
    }
    let shard = a
        .robust
        .shard
        .as_deref()
        .map(str::parse::<xs::Shard>)
        .transpose()
        .map_err(|e| CliError::usage(format!("--shard: {e}")))?;
    set_jobs(if o.sequential { Some(1) } else { o.jobs })?;
    let jobs = rayon::current_num_threads();
    let base = patrolsim::scenario::load(&a.scenario, &a.args.set)?;
    let reps = o.replications.unwrap_or(base.replications);
    if reps < 2 {
        return Err(CliError::usage(
            "compare --uncertain needs at least 2 replications per draw (its within-draw variance)",
        ));
    }
    let name = a
        .scenario
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let uncertainty = match &a.robust.uncertainty {
        Some(u) => Some(
            std::path::absolute(u)
                .map_err(|e| CliError::usage(format!("--uncertainty {}: {e}", u.display())))?
                .display()
                .to_string(),
        ),
        None => None,
    };
    let text = robust_sweep_text(
        &name,
        reps,
        o.seed.unwrap_or(base.seed),
        draws,
        a.robust.design_seed.unwrap_or(1),
        uncertainty.as_deref(),
    );
    let virtual_file = a
        .scenario
        .with_file_name(format!("{name} --uncertain {draws}"));
    let sw = sweep_from_text(&virtual_file, text, &a.args.set)?;
    let models = build_models(&sw, &a.tables)?;
    let plan = plan_of(&sw, shard);
    let runs = match &o.out {
        Some(dir) => {
            let lock = store_runs(dir, &plan, &models, shard, a.robust.resume)?;
            finish_dir_quietly(dir, &plan, shard.is_none(), t0, jobs, vec![])?;
            drop(lock);
            if shard.is_some() {
                return Ok(());
            }
            load_finished(dir, &["robust"])?.1
        }
        None => run_in_memory(&plan, &models),
    };
    let side = a.robust.expect.unwrap_or(Side::Lower);
    let metric = a.robust.metric.as_deref().unwrap_or("crimes_completed");
    let as_csv = matches!(o.format, Format::Csv);
    let text = robust_text(&plan, &runs, metric, side, as_csv, a.baseline.as_deref())?;
    emit(&text);
    Ok(())
}

/// Every run of `plan`, in the order a stored sweep lists them.
fn run_in_memory(plan: &Plan, models: &[patrolsim::model::Model]) -> Vec<StoredRun> {
    let all = xs::runs(plan.points.len(), plan.replications, None);
    let progress = Progress::new(all.len() as u64, 0);
    let got = Mutex::new(Vec::with_capacity(all.len()));
    xs::execute(models, plan.seed, &all, &|run: StoredRun| {
        got.lock().expect("lock").push(run);
        progress.inc(0);
    });
    progress.finish();
    let mut runs = got.into_inner().expect("lock");
    runs.sort_by_key(|r| r.id.index(plan.replications));
    runs
}

/// The robustness table of a finished `[robust]` sweep's runs.
fn robust_text(
    plan: &Plan,
    runs: &[StoredRun],
    metric: &str,
    expect: Side,
    as_csv: bool,
    baseline: Option<&str>,
) -> Result<String, CliError> {
    let sj = plan
        .parameters
        .iter()
        .position(|p| p == STRATEGY_PARAM)
        .ok_or_else(|| CliError::usage("a [robust] sweep without its strategy column"))?;
    // Points are draw-major: the strategies of draw 0, then of draw 1, …
    let label = |p: usize| plan.points[p][sj].as_str().unwrap_or("").to_string();
    let mut strategies: Vec<String> = Vec::new();
    for p in 0..plan.points.len() {
        let l = label(p);
        if strategies.contains(&l) {
            break;
        }
        strategies.push(l);
    }
    let s = strategies.len();
    let draws = plan.points.len() / s;
    let reps = plan.replications as usize;
    // Another strategy as the baseline: the same runs, compared against it
    // (head to head; every strategy shares the seeds of its draw).
    let b = match baseline {
        None => 0,
        Some(name) => strategies.iter().position(|x| x == name).ok_or_else(|| {
            CliError::usage(format!(
                "--baseline {name}: no such strategy in this robust comparison; defined: {}",
                strategies.join(", ")
            ))
        })?,
    };
    let order: Vec<usize> = std::iter::once(b)
        .chain((0..s).filter(|&x| x != b))
        .collect();
    let strategies: Vec<String> = order.iter().map(|&i| strategies[i].clone()).collect();
    let result = |i: usize| as_result(&runs[i]);
    let grouped: Vec<Vec<Vec<RunResult>>> = (0..draws)
        .map(|d| {
            order
                .iter()
                .map(|&st| {
                    let p = d * s + st;
                    (p * reps..(p + 1) * reps).map(result).collect()
                })
                .collect()
        })
        .collect();
    let names: Vec<String> = plan
        .parameters
        .iter()
        .filter(|p| *p != STRATEGY_PARAM)
        .cloned()
        .collect();
    let values: Vec<Vec<Option<f64>>> = (0..draws)
        .map(|d| {
            plan.points[d * s]
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != sj)
                .map(|(_, v)| v.as_f64())
                .collect()
        })
        .collect();
    let side = match expect {
        Side::Lower => RSide::Lower,
        Side::Higher => RSide::Higher,
    };
    let res = robust::robust(&strategies, &grouped, &names, &values, metric, side)
        .map_err(CliError::Usage)?;
    let mut out = String::new();
    if !as_csv {
        out.push_str(&format!(
            "# Robust comparison against {}: {draws} parameter draws × {reps} replications (common random numbers); \
             share = draws whose mean paired difference in {} is {} zero (net benefit: above zero), Wilson 95 % interval\n",
            strategies[0],
            metric,
            match side {
                RSide::Lower => "below",
                RSide::Higher => "above",
            }
        ));
    }
    out.push_str(&ru::robust_table(metric, &res, as_csv));
    Ok(out)
}
