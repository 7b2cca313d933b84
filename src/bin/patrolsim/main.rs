//! The `patrolsim` command line: parse the arguments, run one command,
//! print its error if it fails and exit with that error's code (0 ok,
//! 2 bad input, 3 output could not be written, 70 internal error; see
//! `error.rs`).
//!
//! One file per command (`run`, `compare`, `sweep`, `plan`, `merge`,
//! `validate`, `init`, `report`, `sensitivity`, `robustness`, `fit-calls`); `args` holds the clap definitions, `error` the one
//! error type, `output` standard output and `--out` directories,
//! `progress` the sweep's progress, `target` `--target-ci`.

mod args;
mod compare;
mod error;
mod fit_calls;
mod init;
mod merge;
mod output;
mod plan;
mod progress;
mod report;
mod robustness;
mod run;
mod sensitivity;
mod sweep;
mod target;
mod validate;

/// Large blocks (a city's route cache, per-node arrays, full travel
/// tables) on transparent huge pages: fewer TLB misses, same results.
#[global_allocator]
static ALLOC: patrolsim::hugepages::HugePages = patrolsim::hugepages::HugePages;

use args::{Cli, Command};
use clap::Parser;

fn main() -> std::process::ExitCode {
    error::exit_with(|| match Cli::try_parse()?.command {
        Command::Run(a) => run::run(a),
        Command::Compare(a) => compare::compare(a),
        Command::Sweep(a) => sweep::sweep(a),
        Command::Plan(a) => plan::plan(a),
        Command::Merge(a) => merge::merge(a),
        Command::Validate(a) => validate::validate(a),
        Command::Init(a) => init::init(a),
        Command::Report(a) => report::report(a),
        Command::Sensitivity(a) => sensitivity::sensitivity(a),
        Command::Robustness(a) => robustness::robustness(a),
        Command::FitCalls(a) => fit_calls::fit_calls(a),
    })
}
