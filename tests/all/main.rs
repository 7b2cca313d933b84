//! Behaviour tests: one integration-test binary (faster to build than many).
//! Each module runs the library or the real binary on scenarios in
//! `scenarios/` and `tests/fixtures/`; their shared helpers are in `util.rs`.
//!
//! Two tiers: `cargo test --release` runs the default tier (under a minute
//! after the build on 2 cores); the long statistical tests are marked
//! `#[ignore = "slow tier: …"]` and run with `cargo test --release --
//! --ignored`. `.ci/run` runs both. A new test belongs in the slow tier only
//! when it needs long horizons to measure an effect; keep a quick, exact test
//! of the same subsystem in the default tier.

mod bad_input;
mod city_scale;
mod cli;
mod crime;
mod crime_places;
mod deploy;
mod desks;
mod deterrence;
mod dispatch;
mod docs;
mod economics;
mod essay_robust;
mod evidence;
mod fit_calls;
mod geojson;
mod guide;
mod html;
mod land_use;
mod levers;
mod metrics;
mod offenders;
mod patrol;
mod phases;
mod places;
mod police_numbers;
mod regional;
mod resolved;
mod roles;
mod safety;
mod sweep;
mod uncertainty;

mod util;

pub use patrolsim::scenario::{self, Scenario};
pub use std::path::{Path, PathBuf};
pub use std::process::{Command, Output};
pub use util::*;
