//! Enforcement stop-and-check (`[enforcement] stop_check_per_hour`,
//! `stop_check_min`, `stop_check_catch`; docs/levers.md): a patrolling unit
//! stops now and then to check the people at the node it reached; an
//! offender there carrying loot, or wanted, may be caught. Owns the
//! settings in force, each unit's stream of checks (so patrol routes do not
//! shift when checks are switched on) and the count of stops.

use super::{Emit, Lever, Settings, Slot, Start};
use crate::engine::rng::{StreamRng, stream, uniform01};
use crate::engine::time::{MS_PER_HOUR, Tick};
use crate::model::event::UnitId;
use crate::model::streams;
use crate::scenario::Scenario;

#[derive(Debug, Clone)]
pub(crate) struct Enforcement {
    /// Stops per hour of patrol driving.
    per_hour: f64,
    /// How long a stop holds the unit (ms; 0: it drives on at once).
    stop: Tick,
    /// Chance that a stop catches a suspect there.
    catch: f64,
    /// Per unit, the stream of its checks.
    rng: Vec<StreamRng>,
    /// Stops made after warm-up (counted when the crime model is on).
    stops: u64,
}

impl Enforcement {
    /// `units`: each unit's group and rank, which name its stream.
    pub(crate) fn new(seed: u64, units: impl Iterator<Item = (u32, u32)>) -> Self {
        Enforcement {
            per_hour: 0.0,
            stop: 0,
            catch: 0.0,
            rng: units
                .map(|(group, rank)| {
                    stream(
                        seed,
                        streams::CHECK_BASE + ((group as u64) << 20) + rank as u64,
                    )
                })
                .collect(),
            stops: 0,
        }
    }

    /// Hook `configure`: the settings in force (the start, each phase).
    pub(crate) fn configure(&mut self, s: &Scenario) {
        let e = &s.enforcement;
        self.per_hour = e.stop_check_per_hour;
        self.stop = (e.stop_check_min * 60_000.0) as Tick;
        self.catch = e.stop_check_catch;
    }

    /// Hook `patrol leg` (a patrolling unit, not on stake-out, reached a
    /// node after driving `driven` ms): `Some(u)` when it stops there to
    /// check, `u` the uniform that decides whether a suspect is caught.
    /// Draws two uniforms from the unit's stream when checks are on.
    pub(crate) fn on_patrol_leg(&mut self, u: UnitId, driven: Tick) -> Option<f64> {
        if self.per_hour <= 0.0 {
            return None;
        }
        let p = 1.0 - (-self.per_hour * driven as f64 / MS_PER_HOUR as f64).exp();
        let rng = &mut self.rng[u.ix()];
        let (u1, u2) = (uniform01(rng), uniform01(rng));
        (u1 < p).then_some(u2)
    }

    /// How long a stop holds the unit (0: no stop at all for the unit).
    pub(crate) fn stop_ms(&self) -> Tick {
        self.stop
    }

    /// Hook `stop` (the crime model is on): count the stop (after warm-up
    /// when `counted`); true when a suspect there is caught on `u`.
    pub(crate) fn on_stop(&mut self, counted: bool, u: f64) -> bool {
        if counted {
            self.stops += 1;
        }
        u < self.catch
    }

    /// Stops made after warm-up (metric `stop_checks`).
    pub(crate) fn stops(&self) -> u64 {
        self.stops
    }
}

impl Lever for Enforcement {
    fn start(at: &Start) -> Self {
        let mut e = Enforcement::new(at.seed, at.units.iter().copied());
        e.apply(&at.settings);
        e
    }

    fn apply(&mut self, at: &Settings) {
        self.configure(at.s);
    }

    fn emit(&self, out: &mut Emit) {
        out.count(Slot::Careers, "stop_checks", self.stops());
    }
}

#[cfg(test)]
mod tests {
    use super::Enforcement;
    use crate::model::event::UnitId;

    fn lever(per_hour: f64, catch: f64) -> Enforcement {
        Enforcement {
            per_hour,
            catch,
            ..Enforcement::new(7, [(0, 0), (0, 1)].into_iter())
        }
    }

    #[test]
    fn without_checks_a_leg_neither_stops_nor_draws() {
        let mut off = lever(0.0, 1.0);
        let mut on = lever(0.0, 1.0);
        assert_eq!(off.on_patrol_leg(UnitId(0), 3_600_000), None);
        // The stream was untouched: the next draws equal a fresh lever's.
        off.per_hour = 1e9;
        on.per_hour = 1e9;
        assert_eq!(
            off.on_patrol_leg(UnitId(0), 3_600_000),
            on.on_patrol_leg(UnitId(0), 3_600_000)
        );
    }

    #[test]
    fn stops_follow_the_rate_per_hour_of_driving() {
        // With 2 stops an hour, a 15-minute leg stops with 1 - e^-0.5.
        let mut e = lever(2.0, 1.0);
        let n = 20_000;
        let stops = (0..n)
            .filter(|_| e.on_patrol_leg(UnitId(1), 15 * 60_000).is_some())
            .count();
        let p = 1.0 - (-0.5f64).exp();
        let share = stops as f64 / n as f64;
        assert!((share - p).abs() < 4.0 * (p * (1.0 - p) / n as f64).sqrt());
    }

    #[test]
    fn stops_are_counted_after_warm_up_only_and_catch_below_the_share() {
        let mut e = lever(1.0, 0.3);
        assert!(e.on_stop(false, 0.1));
        assert!(!e.on_stop(true, 0.5));
        assert_eq!(e.stops(), 1);
    }
}
