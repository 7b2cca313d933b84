pub mod economics;
pub mod engine;
pub mod experiment;
pub mod files;
pub mod hugepages;
pub mod model;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod world;

pub use model::{Model, RunResult};

/// Build and run a scenario once with `seed`, costs included (the library's
/// entry point: `simulate(&scenario, seed) -> RunResult`).
pub fn simulate(s: &Scenario, seed: u64) -> Result<RunResult, scenario::ScenarioError> {
    let (m, _) = Model::new(s)?;
    Ok(experiment::run_one(&m, seed))
}
pub use scenario::Scenario;
