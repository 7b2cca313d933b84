//! Stake-outs (`[enforcement] stakeout_min`, `stakeout_catch`;
//! docs/levers.md): a unit on stake-out patrol waits unseen at a hot spot,
//! and an offender who commits a crime there while it waits may be caught
//! at the end of the crime. Owns each node's watch (until when a unit waits
//! there) and the settings in force.

use super::{Lever, Settings, Start};
use crate::engine::time::Tick;
use crate::scenario::Scenario;

#[derive(Debug, Clone, Default)]
pub(crate) struct Stakeouts {
    /// A stake-out watches the node until then.
    watch_until: Vec<Tick>,
    /// How long a unit waits unseen at its hot spot (ms).
    wait: Tick,
    /// Chance the waiting unit catches an offender at a crime it watched.
    catch: f64,
}

impl Stakeouts {
    pub(crate) fn new(nodes: usize) -> Self {
        Stakeouts {
            watch_until: vec![0; nodes],
            ..Stakeouts::default()
        }
    }

    /// Hook `configure`: the settings in force (the start, each phase).
    pub(crate) fn configure(&mut self, s: &Scenario) {
        self.wait = (s.enforcement.stakeout_min * 60_000.0) as Tick;
        self.catch = s.enforcement.stakeout_catch;
    }

    /// Hook `unit waits` (patrol, stake-out policy): a unit reaches its hot
    /// spot `node` at `now` and waits there unseen; returns how long.
    pub(crate) fn on_wait(&mut self, node: u32, now: Tick) -> Tick {
        let until = now + self.wait;
        let w = &mut self.watch_until[node as usize];
        *w = (*w).max(until);
        until - now
    }

    /// Hook `crime ends`: a crime at `node` that began at `start` is caught
    /// by a stake-out watching the place since then, on the offender's
    /// uniform `draw` (taken only when the place was watched, so a run
    /// without stake-outs draws nothing here).
    pub(crate) fn catches(&self, node: u32, start: Tick, draw: impl FnOnce() -> f64) -> bool {
        self.watch_until[node as usize] >= start && draw() < self.catch
    }
}

impl Lever for Stakeouts {
    fn start(at: &Start) -> Self {
        let mut k = Stakeouts::new(at.settings.w.node_count());
        k.apply(&at.settings);
        k
    }

    fn apply(&mut self, at: &Settings) {
        self.configure(at.s);
    }
}

#[cfg(test)]
mod tests {
    use super::Stakeouts;

    fn lever(wait: u64, catch: f64) -> Stakeouts {
        Stakeouts {
            wait,
            catch,
            ..Stakeouts::new(3)
        }
    }

    #[test]
    fn a_crime_during_a_wait_is_caught_on_a_draw_below_the_catch_share() {
        let mut s = lever(1_000, 0.5);
        assert_eq!(s.on_wait(1, 10), 1_000);
        assert!(s.catches(1, 500, || 0.2));
        assert!(!s.catches(1, 500, || 0.7));
    }

    #[test]
    fn an_unwatched_place_neither_catches_nor_draws() {
        let mut s = lever(1_000, 1.0);
        s.on_wait(1, 10);
        let never = || -> f64 { panic!("no draw where nobody watches") };
        assert!(!s.catches(0, 500, never));
        // A crime begun after the wait ended is not seen either.
        assert!(!s.catches(1, 1_011, never));
    }

    #[test]
    fn overlapping_waits_keep_the_later_end() {
        let mut s = lever(1_000, 1.0);
        s.on_wait(2, 5_000);
        s.on_wait(2, 10);
        assert!(s.catches(2, 6_000, || 0.0));
    }
}
