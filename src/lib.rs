pub mod engine;
pub mod experiment;
pub mod model;
pub mod report;
pub mod scenario;
pub mod stats;
pub mod world;

pub use model::{Model, RunResult, simulate};
pub use scenario::Scenario;
