//! Household programmes (`[places]` lock, alarm and camera shares, and
//! `programmes`, 物防/技防; docs/levers.md): the share of targets with good
//! locks, an alarm or a private camera at each node, raised by programmes
//! in their jurisdictions. A lock slows an attempt and may make it fail, an
//! alarm calls 110 at once and makes most offenders flee, a camera helps
//! identification later; alarms also raise false alarms. Owns the shares
//! per node, the false-alarm process (its stream, where alarms are, the
//! rate) and the counts behind the alarm metrics and the security
//! protection factors.

use super::{CostItem, Emit, Item, Lever, Provided, Settings, Slot, Start, Targets};
use crate::engine::rng::{Alias, StreamRng, stream, uniform01};
use crate::engine::time::{MS_PER_DAY, Tick};
use crate::model::streams;
use crate::scenario::ProgrammeSpec;
use crate::scenario::Scenario;
use crate::world::World;

/// A target's security as an offender finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Security {
    /// A private camera watches the target.
    pub camera: bool,
    pub locked: bool,
    pub alarm: bool,
}

impl Security {
    /// 1 locks, 2 alarm, 3 both, 0 none (`CrimeRec::security`).
    pub(crate) fn code(self) -> u8 {
        self.locked as u8 | (self.alarm as u8) << 1
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Programmes {
    /// Share of targets with a lock, an alarm, a private camera, per node
    /// (the places' shares, changed by programmes in their jurisdictions).
    lock: Vec<f64>,
    alarm: Vec<f64>,
    camera: Vec<f64>,
    /// False alarms: their stream, where they go off (households with an
    /// alarm), the rate, and whether the next is scheduled.
    alarm_rng: StreamRng,
    alarm_alias: Option<Alias>,
    alarm_rate_per_ms: f64,
    alarm_live: bool,
    /// After warm-up: alarm calls from real attempts, false alarm calls,
    /// and household looks and completed household crimes by security.
    alarm_calls: u64,
    false_alarms: u64,
    hh_looks: [u64; 4],
    hh_done: [u64; 4],
}

impl Programmes {
    pub(crate) fn new(seed: u64) -> Self {
        Programmes {
            lock: Vec::new(),
            alarm: Vec::new(),
            camera: Vec::new(),
            alarm_rng: stream(seed, streams::FALSE_ALARMS),
            alarm_alias: None,
            alarm_rate_per_ms: 0.0,
            alarm_live: false,
            alarm_calls: 0,
            false_alarms: 0,
            hh_looks: [0; 4],
            hh_done: [0; 4],
        }
    }

    /// Hook `configure` (the crime model is on): the shares and the
    /// false-alarm rate in force (the start, each phase); `households`: the
    /// households at each node.
    pub(crate) fn configure(&mut self, s: &Scenario, w: &World, households: &[f64]) {
        let n = w.node_count();
        let p = &s.places;
        let (mut lock, mut alarm, mut camera) = (
            vec![p.lock_share; n],
            vec![p.alarm_share; n],
            vec![p.camera_share; n],
        );
        for prog in &s.programmes {
            for &j in &prog.jurisdictions {
                for &node in &w.jurisdictions[j].nodes {
                    let i = node as usize;
                    if let Some(x) = prog.lock_share {
                        lock[i] = x;
                    }
                    if let Some(x) = prog.alarm_share {
                        alarm[i] = x;
                    }
                    if let Some(x) = prog.camera_share {
                        camera[i] = x;
                    }
                }
            }
        }
        let alarmed: Vec<f64> = households.iter().zip(&alarm).map(|(h, a)| h * a).collect();
        let total_alarmed: f64 = alarmed.iter().sum();
        self.alarm_alias = Alias::new(&alarmed);
        self.alarm_rate_per_ms =
            total_alarmed * p.false_alarms_per_alarm_year / (365.0 * MS_PER_DAY as f64);
        self.lock = lock;
        self.alarm = alarm;
        self.camera = camera;
    }

    /// Targets protected by locks, alarms and private cameras (households
    /// and vehicles; for the programmes' costs).
    pub(crate) fn provided(&self, households: &[f64], vehicles: &[f64]) -> [f64; 3] {
        let protected = |share: &Vec<f64>| -> f64 {
            (0..share.len())
                .map(|i| (households[i] + vehicles[i]) * share[i])
                .sum()
        };
        [
            protected(&self.lock),
            protected(&self.alarm),
            protected(&self.camera),
        ]
    }

    /// Hook `crime attempted`: the security of the target an offender found
    /// at `node`, from three of his uniforms (`u`: camera, lock, alarm); a
    /// pedestrian (`protectable` false) has no lock or alarm.
    #[inline]
    pub(crate) fn on_look(&self, node: u32, protectable: bool, u: [f64; 3]) -> Security {
        let i = node as usize;
        Security {
            camera: u[0] < self.camera[i],
            locked: protectable && u[1] < self.lock[i],
            alarm: protectable && u[2] < self.alarm[i],
        }
    }

    /// Count a look at (`done`: a completed crime against) a household
    /// target of security `code`, after warm-up.
    pub(crate) fn note_household(&mut self, code: u8, done: bool) {
        if done {
            self.hh_done[code as usize] += 1;
        } else {
            self.hh_looks[code as usize] += 1;
        }
    }

    /// Count an alarm call from a real attempt, after warm-up.
    pub(crate) fn note_alarm_call(&mut self) {
        self.alarm_calls += 1;
    }

    /// Hook `false alarm chain`: the gap to the next false alarm (`None`,
    /// and the chain stops, while the rate is 0 or no target has an alarm).
    pub(crate) fn next_false_alarm(&mut self) -> Option<Tick> {
        if self.alarm_rate_per_ms <= 0.0 || self.alarm_alias.is_none() {
            self.alarm_live = false;
            return None;
        }
        self.alarm_live = true;
        let u = uniform01(&mut self.alarm_rng);
        let gap = -(1.0 - u).ln() / self.alarm_rate_per_ms;
        Some(gap as Tick + 1)
    }

    /// The chain of false alarms is scheduled.
    pub(crate) fn alarm_live(&self) -> bool {
        self.alarm_live
    }

    /// Hook `false alarm`: where it goes off and two uniforms for the
    /// call's intake and on-scene times (`None` when a phase removed every
    /// alarm); counted after warm-up.
    pub(crate) fn on_false_alarm(&mut self, counted: bool) -> Option<(u32, f64, f64)> {
        let Some(alias) = &self.alarm_alias else {
            self.alarm_live = false; // a phase removed every alarm
            return None;
        };
        let node = alias.sample(&mut self.alarm_rng) as u32;
        let (u1, u2) = (
            uniform01(&mut self.alarm_rng),
            uniform01(&mut self.alarm_rng),
        );
        if counted {
            self.false_alarms += 1;
        }
        Some((node, u1, u2))
    }

    /// False alarm calls after warm-up.
    pub(crate) fn false_alarms(&self) -> u64 {
        self.false_alarms
    }

    /// Alarm calls from real attempts after warm-up.
    pub(crate) fn alarm_calls(&self) -> u64 {
        self.alarm_calls
    }

    /// Completed household crimes per look, by security code (`None`
    /// without looks).
    pub(crate) fn household_risk(&self, code: usize) -> Option<f64> {
        (self.hh_looks[code] > 0).then(|| self.hh_done[code] as f64 / self.hh_looks[code] as f64)
    }
}

impl Lever for Programmes {
    fn start(at: &Start) -> Self {
        let mut p = Programmes::new(at.seed);
        p.apply(&at.settings);
        p
    }

    fn apply(&mut self, at: &Settings) {
        if let Some(layout) = at.crime {
            self.configure(at.s, at.w, layout.households);
        }
    }

    const COSTS: &'static [CostItem] = &[
        CostItem {
            item: Item::Locks,
            cost: |c| {
                c.p.provided.targets_locked
                    * c.households_per_target
                    * c.s.economics.price(&crate::scenario::levers::programmes::LOCK)
                    * c.p.years
            },
            used: |s| used(s, s.places.lock_share, |p| p.lock_share),
        },
        CostItem {
            item: Item::Alarms,
            cost: |c| {
                c.p.provided.targets_alarmed
                    * c.households_per_target
                    * c.s.economics.price(&crate::scenario::levers::programmes::ALARM)
                    * c.p.years
            },
            used: alarms_used,
        },
        CostItem {
            item: Item::Cameras,
            cost: |c| {
                c.p.provided.targets_with_camera
                    * c.households_per_target
                    * c.s.economics.price(&crate::scenario::levers::programmes::CAMERA)
                    * c.p.years
            },
            used: |s| used(s, s.places.camera_share, |p| p.camera_share),
        },
        CostItem {
            item: Item::FalseAlarms,
            // The police time of the false alarms the model does not
            // dispatch (each model target stands for `households_per_target`;
            // those it dispatches are paid by `cost.officers`).
            cost: |c| {
                c.p.counted.false_alarms
                    * (c.households_per_target - 1.0).max(0.0)
                    * c.s.economics.false_alarm_officer_hours
                    * c.officer_hour
            },
            used: alarms_used,
        },
    ];

    fn provide(&self, targets: Targets, out: &mut Provided) {
        [
            out.targets_locked,
            out.targets_alarmed,
            out.targets_with_camera,
        ] = self.provided(targets.households, targets.vehicles);
    }

    fn emit(&self, out: &mut Emit) {
        // Security protection factors (Tseloni et al. 2017): the completed
        // household crimes per look without security over those with it.
        let risk = |i: usize| self.household_risk(i);
        for (name, i) in [
            ("security_protection_factor_locks", 1),
            ("security_protection_factor_alarm", 2),
            ("security_protection_factor_locks_alarm", 3),
        ] {
            let spf = match (risk(0), risk(i)) {
                (Some(a), Some(b)) if b > 0.0 => Some(a / b),
                _ => None,
            };
            out.put(Slot::Clearance, name, spf);
        }
        out.count(Slot::SocialCost, "alarm_calls", self.alarm_calls());
        out.count(Slot::SocialCost, "false_alarm_calls", self.false_alarms());
    }
}

/// Alarms are used (their cost, their false alarms; the run table's alarm rows).
pub(crate) fn alarms_used(s: &Scenario) -> bool {
    used(s, s.places.alarm_share, |p| p.alarm_share)
}

/// A programme is used when the base share of the places or any
/// programme's share is above 0.
fn used(s: &Scenario, base: f64, share: fn(&ProgrammeSpec) -> Option<f64>) -> bool {
    base > 0.0
        || s.programmes
            .iter()
            .any(|p| share(p).is_some_and(|x| x > 0.0))
}

#[cfg(test)]
mod tests {
    use super::Programmes;

    fn lever(lock: f64, alarm: f64, rate: f64) -> Programmes {
        let mut p = Programmes::new(3);
        p.lock = vec![lock; 2];
        p.alarm = vec![alarm; 2];
        p.camera = vec![0.5; 2];
        p.alarm_alias = crate::engine::rng::Alias::new(&[1.0, 3.0]);
        p.alarm_rate_per_ms = rate;
        p
    }

    #[test]
    fn pedestrians_have_neither_lock_nor_alarm() {
        let p = lever(1.0, 1.0, 0.0);
        let s = p.on_look(0, false, [0.1, 0.1, 0.1]);
        assert!(s.camera && !s.locked && !s.alarm);
        assert_eq!(p.on_look(1, true, [0.9, 0.1, 0.1]).code(), 3);
    }

    #[test]
    fn the_protection_factor_is_completed_crimes_per_look() {
        let mut p = lever(0.5, 0.0, 0.0);
        assert_eq!(p.household_risk(1), None);
        for done in [false, false, false, false, true] {
            p.note_household(1, done);
        }
        assert_eq!(p.household_risk(1), Some(0.25));
    }

    #[test]
    fn false_alarms_stop_at_rate_zero_and_go_off_where_alarms_are() {
        let mut p = lever(0.0, 1.0, 0.0);
        assert_eq!(p.next_false_alarm(), None);
        assert!(!p.alarm_live());
        let mut p = lever(0.0, 1.0, 1e-3);
        let n = 4_000;
        let mut at_1 = 0;
        let mut gaps = 0.0;
        for _ in 0..n {
            gaps += p.next_false_alarm().expect("on") as f64;
            let (node, _, _) = p.on_false_alarm(true).expect("alarms");
            at_1 += node as usize;
        }
        assert!(p.alarm_live());
        assert_eq!(p.false_alarms(), n as u64);
        // Three quarters of the alarmed weight is at node 1; mean gap 1 000 ms.
        assert!((at_1 as f64 / n as f64 - 0.75).abs() < 0.03);
        assert!((gaps / n as f64 - 1_000.0).abs() < 60.0);
    }
}
