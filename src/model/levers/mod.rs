//! The levers' mechanisms, one file per lever. Each lever owns its state
//! (per-node vectors, per-offender marks, counters, random streams and the
//! settings in force) and its logic, and the event loop (`model/sim/`)
//! reaches it only through a fixed set of hooks, static calls on the
//! concrete fields of [`Levers`] (no trait objects, no allocation per
//! event). A hook gets the parts of the run's state it touches, not the
//! whole loop; where a lever's decision leads to an action of the loop (an
//! arrest, a call, a scheduled event) the hook returns the decision and the
//! loop acts.
//!
//! The hooks and where the loop calls them (docs/architecture.md lists them):
//! - `configure`: `Sim::new` and each phase (`sim/periods.rs::on_phase`);
//! - `unit waits` / `patrol leg`: `sim/patrol.rs`;
//! - `crime ends`: `sim/crime/decisions.rs::end_crime`.
//!
//! Not here yet (their behaviour is being changed elsewhere): street
//! cameras, volunteers and regional cooperation (`sim/crime/`, `sim/`).

pub(crate) mod stakeouts;

use crate::scenario::Scenario;
use crate::world::World;

/// Every lever of one run.
#[derive(Debug, Clone)]
pub(crate) struct Levers {
    pub stakeouts: stakeouts::Stakeouts,
}

impl Levers {
    pub(crate) fn new(s: &Scenario, w: &World) -> Self {
        let mut levers = Levers {
            stakeouts: stakeouts::Stakeouts::new(w.node_count()),
        };
        levers.configure(s);
        levers
    }

    /// Hook `configure`: the settings in force, at the start and when a
    /// phase begins (before anything of the phase happens).
    pub(crate) fn configure(&mut self, s: &Scenario) {
        self.stakeouts.configure(s);
    }
}
