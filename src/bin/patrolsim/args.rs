//! The command line as clap reads it: the commands, their options and
//! help texts, and the checks of option values shared by several commands
//! (`--jobs`, `--target-ci`).

use crate::error::CliError;
use crate::target::{self, Target};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "patrolsim",
    version,
    about = "Discrete-event simulator of crime prevention and police patrol strategies"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Run a scenario (the built-in county scenario when no file is given)
    Run(RunArgs),
    /// Compare the strategies of a scenario ([strategies.NAME] blocks) with common random numbers
    Compare(CompareArgs),
    /// Run a parameter sweep (grid, zip, points or Latin hypercube) on all cores
    Sweep(SweepArgs),
    /// Print how many runs a sweep has, suggest a shard count and print the sbatch line
    Plan(PlanArgs),
    /// Merge the output directories of a sharded sweep, checking every run is there exactly once
    Merge(MergeArgs),
    /// Check a scenario and print its resolved values (defaults filled in) without running
    Validate(ValidateArgs),
    /// Write the built-in county scenario, fully commented, to FILE to edit
    Init(InitArgs),
    /// Write the self-contained HTML report of a finished --out directory (run, compare or sweep)
    Report(ReportArgs),
    /// Morris screening or Sobol indices of a metric from a finished [morris] or [sobol] sweep
    Sensitivity(SensitivityArgs),
    /// Strategies against their baseline across parameter draws, from a finished [robust] sweep
    Robustness(RobustnessArgs),
    /// Fit a scenario's [calls] section (and network.node_weights) to a calls-for-service CSV
    FitCalls(FitCallsArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for people
    Table,
    /// Comma-separated values with a header row
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Side {
    /// The strategy should lower the metric (crimes, response time)
    Lower,
    /// The strategy should raise it (arrests, coverage)
    Higher,
}

#[derive(clap::Args)]
pub struct SensitivityArgs {
    /// A finished (merged) --out directory of a sweep with a [morris] or [sobol] design
    pub dir: PathBuf,
    /// The metric to analyse (the mean over replications at each point)
    #[arg(long, default_value = "crimes_completed")]
    pub metric: String,
    /// Bootstrap resamples for the Sobol intervals
    #[arg(long, default_value_t = 500)]
    pub bootstrap: usize,
    /// Analyse a strategy's paired effect: DIR minus this finished sweep of the
    /// same design and seeds (e.g. the same file run without the strategy's
    /// --set); --metric may then also be net_benefit or benefit
    #[arg(long, value_name = "BASE_DIR")]
    pub against: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(clap::Args)]
pub struct RobustnessArgs {
    /// A finished (merged) --out directory of a sweep with a [robust] design
    pub dir: PathBuf,
    /// The metric whose paired difference to the baseline is judged
    #[arg(long, default_value = "crimes_completed")]
    pub metric: String,
    /// The side of zero the strategies' effect is predicted on
    #[arg(long, value_enum, default_value = "lower")]
    pub expect: Side,
    /// Compare against this strategy instead of the design's baseline (head to head)
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// A finished --out directory of run, compare or a whole (merged) sweep
    pub dir: PathBuf,
    /// The HTML file to write (default: DIR/report.html)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

// The argument structs carry no doc comments of their own: clap would take
// them for the command's about text instead of the variant's above.

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Sections of labelled values for people
    Table,
    /// One JSON document (the shape of metrics.json)
    Json,
    /// One row per metric: metric,mean,std,ci95_low,ci95_high
    Csv,
}

#[derive(clap::Args)]
pub struct ScenarioArgs {
    /// Override a scenario value, e.g. `--set deployment.patrol_share=0.9` (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

/// Where contraction hierarchies are kept (commands that build models:
/// run, compare, sweep, plan).
#[derive(clap::Args)]
pub struct TableArgs {
    /// Keep the contraction hierarchies of networks above network.full_table_max_nodes in DIR, and take them from there in later runs on the same roads (the same routes, without the preparation); default: the PATROLSIM_HIERARCHY_DIR environment variable when set and not empty
    #[arg(long, value_name = "DIR")]
    pub hierarchy_dir: Option<PathBuf>,
}

impl TableArgs {
    /// `--hierarchy-dir`, else `PATROLSIM_HIERARCHY_DIR` (either ignored
    /// when empty).
    pub fn dir(&self) -> Option<PathBuf> {
        let flag = self.hierarchy_dir.clone();
        flag.filter(|d| !d.as_os_str().is_empty()).or_else(|| {
            std::env::var_os("PATROLSIM_HIERARCHY_DIR")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
    }

    /// The travel-table cache the models of one command share, keeping
    /// hierarchies in [`TableArgs::dir`] when there is one.
    pub fn table_cache(&self) -> patrolsim::world::TableCache {
        match self.dir() {
            Some(dir) => patrolsim::world::TableCache::keeping_in(&dir),
            None => patrolsim::world::TableCache::default(),
        }
    }
}

/// Preparation time (s) above which a run without `--hierarchy-dir`
/// suggests it (a 58k-node city takes about 9–12 s, a 15k one about 1.5).
const HINT_AFTER_S: f64 = 2.0;

/// Say how `--hierarchy-dir` served the models just built; without it,
/// suggest it when preparing the hierarchies took long.
pub fn say_kept(cache: &patrolsim::world::TableCache, tables: &TableArgs) {
    let (Some(k), Some(dir)) = (cache.kept(), tables.dir()) else {
        let s = cache.prepared_seconds();
        if s >= HINT_AFTER_S {
            eprintln!(
                "note: preparing the contraction hierarchies took {s:.1} s; --hierarchy-dir DIR \
                 (or PATROLSIM_HIERARCHY_DIR) keeps them for later runs on these roads"
            );
        }
        return;
    };
    for p in &k.problems {
        eprintln!("warning: kept hierarchies: {p}");
    }
    if k.loaded + k.built > 0 {
        eprintln!(
            "hierarchies: {} taken from {}, {} prepared and kept there",
            k.loaded,
            dir.display(),
            k.built
        );
    }
}

// Options shared by `run` and `compare`.
#[derive(clap::Args)]
pub struct RunOpts {
    /// Master seed (default: the scenario's `scenario.seed`)
    #[arg(long)]
    pub seed: Option<u64>,
    /// Number of replications (default: the scenario's `scenario.replications`)
    #[arg(long, short = 'r')]
    pub replications: Option<u32>,
    /// Output format on standard output
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Also write the results to this directory (run: metrics.json, metrics.csv,
    /// nodes.csv; compare: comparison.json, comparison.csv)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also write a self-contained HTML report (charts and maps) to this file
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Run replications one after another instead of in parallel
    #[arg(long)]
    pub sequential: bool,
    /// Worker threads (default: all cores)
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Add replications until METRIC's 95 % CI half-width (every strategy's,
    /// for compare) is at most HALFWIDTH
    #[arg(long, value_name = "METRIC=HALFWIDTH")]
    pub target_ci: Option<String>,
    /// Cap on replications with --target-ci
    #[arg(long, default_value_t = 1000)]
    pub max_replications: u32,
}

impl RunOpts {
    /// Set the thread pool and read `--target-ci`.
    pub fn prepare(&self) -> Result<Option<Target>, CliError> {
        set_jobs(self.jobs)?;
        target::parse(self.target_ci.as_deref(), self.max_replications).map_err(CliError::Usage)
    }
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// Scenario file (TOML)
    pub scenario: Option<PathBuf>,
    #[command(flatten)]
    pub opts: RunOpts,
    #[command(flatten)]
    pub args: ScenarioArgs,
    #[command(flatten)]
    pub tables: TableArgs,
}

#[derive(clap::Args)]
pub struct CompareArgs {
    /// Scenario file with [strategies.NAME] tables
    pub scenario: PathBuf,
    /// Compare against this strategy instead of the file's baseline
    /// ("baseline" is the base scenario when the file names none)
    #[arg(long, value_name = "NAME")]
    pub baseline: Option<String>,
    /// Robust comparison: draw N parameter sets (a Latin hypercube) from the
    /// file's [uncertainty] table, run every strategy against the baseline in
    /// each with common random numbers, and print the robustness table
    #[arg(long, value_name = "N")]
    pub uncertain: Option<usize>,
    #[command(flatten)]
    pub robust: UncertainOpts,
    #[command(flatten)]
    pub opts: RunOpts,
    #[command(flatten)]
    pub args: ScenarioArgs,
    #[command(flatten)]
    pub tables: TableArgs,
}

// Options of `compare --uncertain`.
#[derive(clap::Args)]
pub struct UncertainOpts {
    /// With --uncertain: take the [uncertainty] table from this file instead of the scenario's
    #[arg(long, value_name = "FILE")]
    pub uncertainty: Option<PathBuf>,
    /// With --uncertain: the metric whose paired difference is judged (default crimes_completed)
    #[arg(long)]
    pub metric: Option<String>,
    /// With --uncertain: the side of zero the effect is predicted on (default lower)
    #[arg(long, value_enum)]
    pub expect: Option<Side>,
    /// With --uncertain: seed of the design (which parameter sets are drawn; default 1)
    #[arg(long)]
    pub design_seed: Option<u64>,
    /// With --uncertain and --out: finish an interrupted robust comparison stored in --out
    #[arg(long)]
    pub resume: bool,
    /// With --uncertain and --out: run only shard M of N (merge the shards, then `patrolsim robustness`)
    #[arg(long, value_name = "M/N")]
    pub shard: Option<String>,
}

#[derive(clap::Args)]
pub struct SweepArgs {
    /// Sweep file (TOML): [sweep] scenario, replications, seed; then [grid], [zip], [[points]] or [lhs]
    pub sweep: PathBuf,
    /// Output directory (runs are stored as they finish)
    #[arg(long)]
    pub out: PathBuf,
    /// Finish an interrupted sweep in --out: run only what is missing
    #[arg(long)]
    pub resume: bool,
    /// Run only shard M of N (counted from 1), e.g. 2/3
    #[arg(long, value_name = "M/N")]
    pub shard: Option<String>,
    /// Worker threads (default: all cores)
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Also write a self-contained HTML report of the whole sweep to this file
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    #[command(flatten)]
    pub args: ScenarioArgs,
    #[command(flatten)]
    pub tables: TableArgs,
}

#[derive(clap::Args)]
pub struct PlanArgs {
    /// The sweep file
    pub sweep: PathBuf,
    /// Do not time a run (no shard suggestion; give --shards for the sbatch line)
    #[arg(long)]
    pub no_probe: bool,
    /// Cores one shard gets: the sbatch line's --cpus-per-task (at most a node's cores)
    #[arg(long, default_value_t = 32)]
    pub cores: u32,
    /// Hours each shard should take at most, for the shard suggestion
    #[arg(long, default_value_t = 1.0)]
    pub hours: f64,
    /// Print the sbatch line for this many shards instead of the suggestion
    #[arg(long)]
    pub shards: Option<u64>,
    /// The output root in the sbatch line (task i writes OUT_ROOT/shard-(i+1))
    #[arg(long, default_value = "results")]
    pub out_root: PathBuf,
    #[command(flatten)]
    pub args: ScenarioArgs,
    #[command(flatten)]
    pub tables: TableArgs,
}

#[derive(clap::Args)]
pub struct MergeArgs {
    /// Shard output directories
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Directory to write the merged sweep into
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(clap::Args)]
pub struct ValidateArgs {
    /// Scenario file (TOML)
    pub scenario: PathBuf,
    #[command(flatten)]
    pub args: ScenarioArgs,
}

#[derive(clap::Args)]
pub struct FitCallsArgs {
    /// Calls-for-service export: CSV with a header row; columns time, type, priority, node or
    /// lon and lat, optional on_scene_min (docs/real-places.md, "Call history in")
    pub calls: PathBuf,
    /// The scenario whose road network the calls are snapped to
    #[arg(long)]
    pub scenario: PathBuf,
    /// Write the fitted section here (a scenario that extends --scenario), atomically;
    /// without it, print it to standard output
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Offset of timestamps without a zone, e.g. +08:00; zoned timestamps are shown in it too
    #[arg(long, value_name = "OFFSET", allow_hyphen_values = true)]
    pub timezone: Option<String>,
    /// Refuse calls farther than this from their nearest road node (default: network.snap_warn_m)
    #[arg(long, value_name = "METRES")]
    pub max_snap_m: Option<f64>,
    /// Read column NAME (time, lon, lat, node, type, priority, on_scene_min) from HEADER (repeatable)
    #[arg(long, value_name = "NAME=HEADER")]
    pub column: Vec<String>,
    /// Override a scenario value, e.g. `--set network.snap_warn_m=50` (repeatable)
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

#[derive(clap::Args)]
pub struct InitArgs {
    /// File to write (refused if it exists, unless --force)
    pub file: PathBuf,
    /// Overwrite FILE if it exists
    #[arg(long)]
    pub force: bool,
}

/// Set the worker threads: at most the cores this process may use (more
/// threads only compete for them; 20,000 would exhaust the machine).
pub fn set_jobs(jobs: Option<usize>) -> Result<(), CliError> {
    if let Some(j) = jobs {
        if j == 0 {
            return Err(CliError::usage("--jobs must be at least 1"));
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
