//! The `patrolsim` command line: parse arguments, load the scenario, run,
//! print or write results. Exit codes: 0 ok, 2 bad input (scenario or
//! arguments), 3 output could not be written, 70 internal error.

use clap::{Parser, Subcommand, ValueEnum};
use patrolsim::experiment::{self, Replicated};
use patrolsim::model::Model;
use patrolsim::report;
use patrolsim::scenario::{self, Scenario, ScenarioError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod sweep_cmd;

pub(crate) const EXIT_BAD_INPUT: u8 = 2;
pub(crate) const EXIT_OUTPUT: u8 = 3;

#[derive(Parser)]
#[command(
    name = "patrolsim",
    version,
    about = "Discrete-event simulator of crime prevention and police patrol strategies"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Sections of labelled values for people
    Table,
    /// One JSON document (the shape of metrics.json)
    Json,
    /// One row per metric: metric,mean,std,ci95_low,ci95_high
    Csv,
}

#[derive(clap::Args)]
struct ScenarioArgs {
    /// Override a scenario value, e.g. `--set deployment.patrol_share=0.9` (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
}

/// Options shared by `run` and `compare`.
#[derive(clap::Args)]
struct RunOpts {
    /// Master seed (default: the scenario's `scenario.seed`)
    #[arg(long)]
    seed: Option<u64>,
    /// Number of replications (default: the scenario's `scenario.replications`)
    #[arg(long, short = 'r')]
    replications: Option<u32>,
    /// Output format on standard output
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Also write the results to this directory (run: metrics.json, metrics.csv,
    /// nodes.csv; compare: comparison.json, comparison.csv)
    #[arg(long)]
    out: Option<PathBuf>,
    /// Run replications one after another instead of in parallel
    #[arg(long)]
    sequential: bool,
    /// Worker threads (default: all cores)
    #[arg(long)]
    jobs: Option<usize>,
    /// Add replications until METRIC's 95 % CI half-width (every strategy's,
    /// for compare) is at most HALFWIDTH
    #[arg(long, value_name = "METRIC=HALFWIDTH")]
    target_ci: Option<String>,
    /// Cap on replications with --target-ci
    #[arg(long, default_value_t = 1000)]
    max_replications: u32,
}

impl RunOpts {
    /// Set the thread pool and read `--target-ci`; a usage error becomes the exit code.
    fn prepare(&self) -> Result<Option<(String, f64, u32)>, ExitCode> {
        set_jobs(self.jobs).map_err(usage)?;
        parse_target(&self.target_ci, self.max_replications).map_err(usage)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario (the built-in county scenario when no file is given)
    Run {
        /// Scenario file (TOML)
        scenario: Option<PathBuf>,
        #[command(flatten)]
        opts: RunOpts,
        #[command(flatten)]
        args: ScenarioArgs,
    },
    /// Compare the strategies of a scenario ([strategies.NAME] blocks) with common random numbers
    Compare {
        /// Scenario file with [strategies.NAME] tables
        scenario: PathBuf,
        /// Compare against this strategy instead of the file's baseline
        /// ("baseline" is the base scenario when the file names none)
        #[arg(long, value_name = "NAME")]
        baseline: Option<String>,
        #[command(flatten)]
        opts: RunOpts,
        #[command(flatten)]
        args: ScenarioArgs,
    },
    /// Run a parameter sweep (grid, zip, points or Latin hypercube) on all cores
    Sweep {
        /// Sweep file (TOML): [sweep] scenario, replications, seed; then [grid], [zip], [[points]] or [lhs]
        sweep: PathBuf,
        /// Output directory (runs are stored as they finish)
        #[arg(long)]
        out: PathBuf,
        /// Finish an interrupted sweep in --out: run only what is missing
        #[arg(long)]
        resume: bool,
        /// Run only shard M of N (counted from 1), e.g. 2/3
        #[arg(long, value_name = "M/N")]
        shard: Option<String>,
        /// Worker threads (default: all cores)
        #[arg(long)]
        jobs: Option<usize>,
        #[command(flatten)]
        args: ScenarioArgs,
    },
    /// Print how many runs a sweep has, suggest a shard count and print the sbatch line
    Plan {
        /// The sweep file
        sweep: PathBuf,
        /// Do not time a run (no shard suggestion; give --shards for the sbatch line)
        #[arg(long)]
        no_probe: bool,
        /// Cores one shard gets: the sbatch line's --cpus-per-task (at most a node's cores)
        #[arg(long, default_value_t = 32)]
        cores: u32,
        /// Hours each shard should take at most, for the shard suggestion
        #[arg(long, default_value_t = 1.0)]
        hours: f64,
        /// Print the sbatch line for this many shards instead of the suggestion
        #[arg(long)]
        shards: Option<u64>,
        /// The output root in the sbatch line (task i writes OUT_ROOT/shard-(i+1))
        #[arg(long, default_value = "results")]
        out_root: PathBuf,
        #[command(flatten)]
        args: ScenarioArgs,
    },
    /// Merge the output directories of a sharded sweep, checking every run is there exactly once
    Merge {
        /// Shard output directories
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Directory to write the merged sweep into
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a scenario and print its resolved values (defaults filled in) without running
    Validate {
        /// Scenario file (TOML)
        scenario: PathBuf,
        #[command(flatten)]
        args: ScenarioArgs,
    },
    /// Write the built-in county scenario, fully commented, to FILE to edit
    Init {
        /// File to write (refused if it exists, unless --force)
        file: PathBuf,
        /// Overwrite FILE if it exists
        #[arg(long)]
        force: bool,
    },
}

fn load(path: Option<&Path>, set: &[String]) -> Result<Scenario, ScenarioError> {
    match path {
        Some(p) => scenario::load(p, set),
        None => scenario::from_str("<built-in county>", scenario::BUILTIN_COUNTY, set),
    }
}

fn build(s: &Scenario) -> Result<Model, ScenarioError> {
    let (model, warnings) = Model::new(s)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok(model)
}

pub(crate) fn bad_input(e: ScenarioError) -> ExitCode {
    eprint!("error: {e}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Before `run` or `compare` simulates: `--out` must not hold a sweep, and
/// is locked against a second writer until the files are in place.
fn claim_out(out: Option<&Path>) -> Result<Option<report::outdir::DirLock>, ExitCode> {
    let Some(dir) = out else { return Ok(None) };
    match report::sweep::read_plan(dir) {
        Ok(None) => {}
        Ok(Some(_)) | Err(_) => {
            return Err(usage(format!(
                "--out {} holds a sweep; choose another directory",
                dir.display()
            )));
        }
    }
    report::outdir::lock_for(dir).map(Some).map_err(usage)
}

/// Write a result set into `--out` all or nothing (see `outdir::write_set`):
/// on failure the files already there stay as they were.
fn write_result_set(dir: &Path, files: &[(&str, String)]) -> Result<(), ExitCode> {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    report::outdir::write_set(dir, &files).map_err(|e| {
        eprintln!(
            "error: cannot write results to {} ({e}); the files there were left as they were",
            dir.display()
        );
        ExitCode::from(EXIT_OUTPUT)
    })
}

/// `METRIC=HALFWIDTH` of `--target-ci`.
fn parse_target(t: &Option<String>, cap: u32) -> Result<Option<(String, f64, u32)>, String> {
    let Some(t) = t else { return Ok(None) };
    let (m, h) = t
        .split_once('=')
        .ok_or_else(|| format!("--target-ci expects METRIC=HALFWIDTH, got `{t}`"))?;
    let h: f64 = h
        .trim()
        .parse()
        .ok()
        .filter(|h: &f64| *h > 0.0 && h.is_finite())
        .ok_or_else(|| format!("--target-ci: the half-width must be a number > 0, got `{h}`"))?;
    if cap == 0 {
        return Err("--max-replications must be at least 1".into());
    }
    Ok(Some((m.trim().to_string(), h, cap)))
}

/// Set the worker threads: at most the cores this process may use (more
/// threads only compete for them; 20,000 would exhaust the machine).
fn set_jobs(jobs: Option<usize>) -> Result<(), String> {
    if let Some(j) = jobs {
        if j == 0 {
            return Err("--jobs must be at least 1".into());
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let j = if j > cores {
            eprintln!("note: --jobs {j} is more than the {cores} cores available; using {cores}");
            cores
        } else {
            j
        };
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(j)
            .build_global();
    }
    Ok(())
}

pub(crate) fn usage(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Check that the target metric exists; otherwise name the close ones.
fn check_metric(name: &str, known: &[(String, patrolsim::stats::Summary)]) -> Result<(), String> {
    if known.iter().any(|(n, _)| n == name) {
        return Ok(());
    }
    let hint = patrolsim::scenario::read::suggest(name, known.iter().map(|(n, _)| n.as_str()))
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    Err(format!("--target-ci: no metric is named `{name}`{hint}"))
}

/// Write to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
}

fn report_target(metric: &str, hw: f64, r: &Replicated) {
    let got = r.get(metric).and_then(|s| s.half_width());
    let n = r.runs.len();
    match got {
        Some(h) if h <= hw => {
            eprintln!("--target-ci: {metric} half-width {h:.4} ≤ {hw} after {n} replications")
        }
        Some(h) => eprintln!(
            "warning: --target-ci: {metric} half-width {h:.4} still above {hw} at the cap of {n} replications"
        ),
        None => eprintln!(
            "warning: --target-ci: {metric} has no interval after {n} replications (no observations?)"
        ),
    }
}

const EXIT_INTERNAL: u8 = 70;

fn main() -> ExitCode {
    // A panic is a bug of ours, not bad input: say so and exit with 70.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("internal error (a bug in patrolsim, please report it): {info}");
    }));
    match std::panic::catch_unwind(real_main) {
        Ok(code) => code,
        Err(_) => ExitCode::from(EXIT_INTERNAL),
    }
}

fn real_main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_BAD_INPUT } else { 0 });
        }
    };
    match cli.command {
        Command::Run {
            scenario,
            opts,
            args,
        } => {
            let target = match opts.prepare() {
                Ok(t) => t,
                Err(code) => return code,
            };
            let RunOpts {
                seed,
                replications,
                format,
                out,
                sequential,
                ..
            } = opts;
            let s = match load(scenario.as_deref(), &args.set) {
                Ok(s) => s,
                Err(e) => return bad_input(e),
            };
            let model = match build(&s) {
                Ok(m) => m,
                Err(e) => return bad_input(e),
            };
            let seed = seed.unwrap_or(s.seed);
            let reps = replications.unwrap_or(s.replications);
            if reps == 0 {
                return usage("--replications must be at least 1");
            }
            let lock = match claim_out(out.as_deref()) {
                Ok(l) => l,
                Err(code) => return code,
            };
            let r = match &target {
                None => experiment::replicate(&model, seed, reps, sequential),
                Some((metric, hw, cap)) => {
                    let c = experiment::compare(
                        vec![(s.name.clone(), model.clone())],
                        0,
                        seed,
                        reps.min(*cap),
                        Some((metric, *hw, *cap)),
                        sequential,
                    );
                    let r = c.strategies.into_iter().next().expect("one strategy").1;
                    if let Err(e) = check_metric(metric, &r.summary) {
                        return usage(e);
                    }
                    report_target(metric, *hw, &r);
                    r
                }
            };
            let written = match &out {
                Some(dir) => write_result_set(
                    dir,
                    &[
                        ("metrics.json", report::run_json(&s.name, &r)),
                        ("metrics.csv", report::run_csv(&r)),
                        ("nodes.csv", report::nodes_csv(&model.world, &r)),
                    ],
                ),
                None => Ok(()),
            };
            drop(lock);
            let text = match format {
                Format::Table => report::run_table(&s, &r),
                Format::Json => report::run_json(&s.name, &r),
                Format::Csv => report::run_csv(&r),
            };
            // The results are printed even when they could not be stored.
            emit(&text);
            written.err().unwrap_or(ExitCode::SUCCESS)
        }
        Command::Compare {
            scenario,
            baseline: against,
            opts,
            args,
        } => {
            let target = match opts.prepare() {
                Ok(t) => t,
                Err(code) => return code,
            };
            let RunOpts {
                seed,
                replications,
                format,
                out,
                sequential,
                ..
            } = opts;
            let doc = match scenario::Document::from_file(&scenario) {
                Ok(d) => d,
                Err(e) => return bad_input(e),
            };
            if doc.strategies.is_empty() {
                return usage(format!(
                    "{} defines no strategies: add [strategies.NAME] tables of changes to compare",
                    scenario.display()
                ));
            }
            let mut named: Vec<(String, scenario::doc::Node)> = Vec::new();
            if doc.baseline.is_none() {
                named.push(("baseline".into(), doc.tree.clone()));
            }
            for (name, _) in &doc.strategies {
                named.push((name.clone(), doc.strategy_tree(name).expect("listed")));
            }
            let baseline = match (&against, &doc.baseline) {
                (Some(b), _) => match named.iter().position(|(n, _)| n == b) {
                    Some(i) => i,
                    None => {
                        let names: Vec<&str> = named.iter().map(|(n, _)| n.as_str()).collect();
                        return usage(format!(
                            "--baseline {b}: no such strategy in {}; defined: {}",
                            scenario.display(),
                            names.join(", ")
                        ));
                    }
                },
                (None, Some((b, _))) => named.iter().position(|(n, _)| n == b).expect("checked"),
                (None, None) => 0,
            };
            let mut models = Vec::new();
            let mut base_scenario = None;
            for (name, tree) in named {
                let s = match doc.read_tree(tree, &args.set).and_then(|s| {
                    let (m, w) = Model::new(&s)?;
                    Ok((s, m, w))
                }) {
                    Ok((s, m, w)) => {
                        for w in w {
                            eprintln!("warning: strategy \"{name}\": {w}");
                        }
                        models.push((name.clone(), m));
                        s
                    }
                    Err(e) => {
                        eprintln!("error: in strategy \"{name}\":");
                        return bad_input(e);
                    }
                };
                if models.len() - 1 == baseline {
                    base_scenario = Some(s);
                }
            }
            let base = base_scenario.expect("baseline read");
            let seed = seed.unwrap_or(base.seed);
            let reps = replications.unwrap_or(base.replications);
            if reps < 2 {
                return usage("compare needs at least 2 replications for its intervals");
            }
            let lock = match claim_out(out.as_deref()) {
                Ok(l) => l,
                Err(code) => return code,
            };
            let t = target.as_ref().map(|(m, h, c)| (m.as_str(), *h, *c));
            let c = experiment::compare(
                models,
                baseline,
                seed,
                reps.min(t.map_or(reps, |x| x.2)),
                t,
                sequential,
            );
            if let Some((metric, hw, _)) = &target {
                if let Err(e) = check_metric(metric, &c.strategies[0].1.summary) {
                    return usage(e);
                }
                report_target(metric, *hw, &c.strategies[0].1);
            }
            // Metrics one side has and the other lacks (phases of one
            // strategy only) get no difference: say so.
            let base_names: std::collections::HashSet<&str> = c.strategies[c.baseline]
                .1
                .summary
                .iter()
                .map(|(n, _)| n.as_str())
                .collect();
            for (name, r) in &c.strategies {
                let only: Vec<&str> = r
                    .summary
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .filter(|n| !base_names.contains(n))
                    .collect();
                if let Some(first) = only.first() {
                    eprintln!(
                        "warning: strategy \"{name}\" has {} metric(s) the baseline lacks (e.g. {first}): \
                         no difference is reported for them; for phases, give the baseline the same phases \
                         with no changes",
                        only.len()
                    );
                }
            }
            let title = base.name.clone();
            let written = match &out {
                Some(dir) => write_result_set(
                    dir,
                    &[
                        ("comparison.json", report::compare_json(&title, &c)),
                        ("comparison.csv", report::compare_csv(&c)),
                    ],
                ),
                None => Ok(()),
            };
            drop(lock);
            let text = match format {
                Format::Table => report::compare_table(&title, &c),
                Format::Json => report::compare_json(&title, &c),
                Format::Csv => report::compare_csv(&c),
            };
            // The results are printed even when they could not be stored.
            emit(&text);
            written.err().unwrap_or(ExitCode::SUCCESS)
        }
        Command::Sweep {
            sweep,
            out,
            resume,
            shard,
            jobs,
            args,
        } => {
            if let Err(e) = set_jobs(jobs) {
                return usage(e);
            }
            sweep_cmd::sweep(sweep_cmd::SweepArgs {
                file: sweep,
                out,
                resume,
                shard,
                jobs: rayon::current_num_threads(),
                set: args.set,
            })
        }
        Command::Plan {
            sweep,
            no_probe,
            cores,
            hours,
            shards,
            out_root,
            args,
        } => {
            if cores == 0 || hours.is_nan() || hours <= 0.0 {
                return usage("--cores and --hours must be above 0");
            }
            if shards == Some(0) {
                return usage("--shards must be at least 1");
            }
            if out_root.as_os_str().is_empty() {
                return usage("--out-root must not be empty");
            }
            sweep_cmd::plan(sweep_cmd::PlanArgs {
                file: sweep,
                set: args.set,
                probe: !no_probe,
                cores,
                hours,
                shards,
                out_root,
            })
        }
        Command::Merge { shards, out } => sweep_cmd::merge(&shards, &out),
        Command::Validate { scenario, args } => {
            let resolved =
                scenario::Document::from_file(&scenario).and_then(|d| d.resolved(&args.set));
            let (s, tree, _) = match resolved {
                Ok(r) => r,
                Err(e) => return bad_input(e),
            };
            // Every check of a run, but no travel tables are computed.
            let world = match Model::check(&s) {
                Ok((w, warnings)) => {
                    for w in warnings {
                        eprintln!("warning: {w}");
                    }
                    w
                }
                Err(e) => return bad_input(e),
            };
            emit(&format!(
                "# {} as patrolsim {} resolves it: every key it reads, defaults filled in\n\
                 # (`extends` and --set applied). `patrolsim run` of this file gives the same results.\n\n{}",
                scenario.display(),
                env!("CARGO_PKG_VERSION"),
                scenario::doc::to_toml(&tree)
            ));
            let w = &world;
            eprintln!(
                "ok: {} — {} nodes, {} jurisdictions, {} units, {:.1} officers needed",
                scenario.display(),
                w.node_count(),
                w.jurisdictions.len(),
                s.units.iter().map(|u| u.count).sum::<u32>(),
                patrolsim::model::officers_needed(&s)
            );
            ExitCode::SUCCESS
        }
        Command::Init { file, force } => {
            if file.exists() && !force {
                eprintln!(
                    "error: {} exists; pass --force to overwrite it",
                    file.display()
                );
                return ExitCode::from(EXIT_BAD_INPUT);
            }
            if let Err(e) = report::write_atomic(&file, scenario::BUILTIN_COUNTY.as_bytes()) {
                eprintln!("error: cannot write {}: {e}", file.display());
                return ExitCode::from(EXIT_OUTPUT);
            }
            eprintln!(
                "wrote {}; run it with: patrolsim run {}",
                file.display(),
                file.display()
            );
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every argument and possible value of `cmd` and its subcommands
    /// without help text, as `path: name`.
    fn undocumented(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        let here = format!("{path} {}", cmd.get_name()).trim().to_string();
        if cmd.get_about().is_none() && !path.is_empty() {
            out.push(format!("{here}: the subcommand"));
        }
        for a in cmd.get_arguments() {
            if a.get_help().is_none() {
                out.push(format!("{here}: {}", a.get_id()));
            }
            for v in a.get_possible_values() {
                if v.get_help().is_none() && !matches!(v.get_name(), "true" | "false") {
                    out.push(format!("{here}: {} = {}", a.get_id(), v.get_name()));
                }
            }
        }
        for sub in cmd.get_subcommands() {
            undocumented(sub, &here, out);
        }
    }

    #[test]
    fn every_subcommand_option_and_value_has_help_text() {
        let mut cmd = Cli::command();
        cmd.build(); // adds the generated --help, --version and `help`
        let mut missing = Vec::new();
        undocumented(&cmd, "", &mut missing);
        assert!(missing.is_empty(), "without help text: {missing:#?}");
        // The walk sees the arguments (so an empty list means something).
        let run = cmd.find_subcommand("run").expect("run");
        assert!(run.get_arguments().any(|a| a.get_id() == "format"));
    }
}
