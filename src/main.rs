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

const EXIT_BAD_INPUT: u8 = 2;
const EXIT_OUTPUT: u8 = 3;

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
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
struct ScenarioArgs {
    /// Override a scenario value, e.g. `--set deployment.patrol_share=0.9` (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario (the built-in county scenario when no file is given)
    Run {
        /// Scenario file (TOML)
        scenario: Option<PathBuf>,
        /// Master seed (default: the scenario's `scenario.seed`)
        #[arg(long)]
        seed: Option<u64>,
        /// Number of replications (default: the scenario's `scenario.replications`)
        #[arg(long, short = 'r')]
        replications: Option<u32>,
        /// Output format on standard output
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
        /// Also write metrics.json, metrics.csv and nodes.csv to this directory
        #[arg(long)]
        out: Option<PathBuf>,
        /// Run replications one after another instead of in parallel
        #[arg(long)]
        sequential: bool,
        /// Worker threads (default: all cores)
        #[arg(long)]
        jobs: Option<usize>,
        #[command(flatten)]
        args: ScenarioArgs,
    },
    /// Check a scenario and print its resolved values (defaults filled in) without running
    Validate {
        scenario: PathBuf,
        #[command(flatten)]
        args: ScenarioArgs,
    },
    /// Write the built-in county scenario, fully commented, to FILE to edit
    Init {
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

fn bad_input(e: ScenarioError) -> ExitCode {
    eprint!("error: {e}");
    ExitCode::from(EXIT_BAD_INPUT)
}

fn write_outputs(dir: &Path, name: &str, model: &Model, r: &Replicated) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let files = [
        ("metrics.json", report::run_json(name, r)),
        ("metrics.csv", report::run_csv(r)),
        ("nodes.csv", report::nodes_csv(&model.world, r)),
    ];
    for (f, text) in files {
        report::write_atomic(&dir.join(f), text.as_bytes())?;
    }
    Ok(())
}

fn main() -> ExitCode {
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
            seed,
            replications,
            format,
            out,
            sequential,
            jobs,
            args,
        } => {
            if let Some(j) = jobs {
                if j == 0 {
                    eprintln!("error: --jobs must be at least 1");
                    return ExitCode::from(EXIT_BAD_INPUT);
                }
                let _ = rayon::ThreadPoolBuilder::new()
                    .num_threads(j)
                    .build_global();
            }
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
                eprintln!("error: --replications must be at least 1");
                return ExitCode::from(EXIT_BAD_INPUT);
            }
            let r = experiment::replicate(&model, seed, reps, sequential);
            if let Some(dir) = &out
                && let Err(e) = write_outputs(dir, &s.name, &model, &r)
            {
                eprintln!("error: cannot write results to {}: {e}", dir.display());
                return ExitCode::from(EXIT_OUTPUT);
            }
            let text = match format {
                Format::Table => report::run_table(&s.name, &r),
                Format::Json => report::run_json(&s.name, &r),
                Format::Csv => report::run_csv(&r),
            };
            print!("{text}");
            ExitCode::SUCCESS
        }
        Command::Validate { scenario, args } => {
            let s = match load(Some(&scenario), &args.set) {
                Ok(s) => s,
                Err(e) => return bad_input(e),
            };
            let model = match build(&s) {
                Ok(m) => m,
                Err(e) => return bad_input(e),
            };
            let resolved = serde_json::to_string_pretty(&s).expect("scenario serialises");
            println!("{resolved}");
            let w = &model.world;
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
