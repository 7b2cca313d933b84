pub mod engine;
pub mod model;
pub mod scenario;
pub mod stats;
pub mod world;
