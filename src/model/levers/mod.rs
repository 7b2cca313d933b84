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
//! - `unit waits` (stake-outs), `patrol leg` (enforcement):
//!   `sim/patrol.rs` (`step_patrol`, `maybe_stop_and_check`);
//! - `stop` (enforcement): `sim/crime/cases.rs::stop_and_check`;
//! - `crime attempted`: `sim/crime/decisions.rs::opportunity`;
//! - `crime ends`, `crime reported`: `sim/crime/decisions.rs::end_crime`;
//! - metrics: `sim/crime/metrics.rs` reads each lever's counters.
//!
//! Not here yet (their behaviour is being changed elsewhere): street
//! cameras, volunteers and regional cooperation (`sim/crime/`, `sim/`).

pub(crate) mod community;
pub(crate) mod enforcement;
pub(crate) mod stakeouts;

use crate::scenario::Scenario;
use crate::world::World;

/// Every lever of one run.
#[derive(Debug, Clone)]
pub(crate) struct Levers {
    pub community: community::Community,
    pub enforcement: enforcement::Enforcement,
    pub stakeouts: stakeouts::Stakeouts,
}

impl Levers {
    /// `units`: each unit's group and rank (which name its streams).
    pub(crate) fn new(
        s: &Scenario,
        w: &World,
        seed: u64,
        units: impl Iterator<Item = (u32, u32)>,
    ) -> Self {
        let mut levers = Levers {
            community: community::Community::default(),
            enforcement: enforcement::Enforcement::new(seed, units),
            stakeouts: stakeouts::Stakeouts::new(w.node_count()),
        };
        levers.configure(s, w);
        levers
    }

    /// Hook `configure`: the settings in force, at the start and when a
    /// phase begins (before anything of the phase happens).
    pub(crate) fn configure(&mut self, s: &Scenario, w: &World) {
        if s.crime.is_some() {
            self.community.configure(s, w);
        }
        self.enforcement.configure(s);
        self.stakeouts.configure(s);
    }
}
