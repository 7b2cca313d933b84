//! Behaviour tests: one integration-test binary (faster to build than many).
//! Each module runs the library or the real binary on scenarios in
//! `scenarios/` and `tests/fixtures/`.

mod bad_input;
mod cli;
mod crime;
mod dispatch;
mod docs;
mod economics;
mod html;
mod levers;
mod patrol;
mod phases;
mod regional;
mod resolved;
mod safety;
mod sweep;

use patrolsim::scenario::{self, Scenario};
use std::path::PathBuf;
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A scenario from TOML text (panics with the error text if it is invalid).
pub fn scenario(text: &str) -> Scenario {
    scenario::from_str("test.toml", text, &[]).unwrap_or_else(|e| panic!("{e}"))
}

/// A shipped scenario with overrides.
pub fn shipped(rel: &str, set: &[&str]) -> Scenario {
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    scenario::load(&root().join(rel), &set).unwrap_or_else(|e| panic!("{e}"))
}

/// Run the real binary.
pub fn patrolsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patrolsim"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
