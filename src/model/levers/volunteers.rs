//! Joint-defence volunteers (units with `police = false`, 群防群治;
//! docs/levers.md): they patrol like police and deter like them (their
//! presence is counted in `model/presence.rs`), but have no arrest power:
//! a crime they passed by during it is, on `volunteer_report_share`,
//! reported at once. Owns where and until when volunteers were last seen,
//! the settings in force and the count of their reports.

use super::{CostItem, Emit, Item, Lever, Settings, Slot, Start};
use crate::engine::time::Tick;
use crate::scenario::Scenario;

#[derive(Debug, Clone)]
pub(crate) struct Volunteers {
    /// End of the latest volunteer presence at each node (`0` = never).
    seen: Vec<Tick>,
    /// Share of crimes volunteers passed by that they report at once.
    report_share: f64,
    /// Crimes reported by volunteers, after warm-up.
    reports: u64,
}

impl Volunteers {
    pub(crate) fn new(nodes: usize) -> Self {
        Volunteers {
            seen: vec![0; nodes],
            report_share: 0.0,
            reports: 0,
        }
    }

    /// Hook `configure` (the crime model is on): the settings in force (the
    /// start, each phase).
    pub(crate) fn configure(&mut self, s: &Scenario) {
        if let Some(c) = &s.crime {
            self.report_share = c.volunteer_report_share;
        }
    }

    /// Hook `volunteer patrol leg`: volunteers of visibility weight `w`
    /// drove from `a` (from `t0`) to `b` (until `t1`); each end sees them
    /// for its half of the leg.
    #[inline]
    pub(crate) fn on_leg(&mut self, a: u32, b: u32, t0: Tick, t1: Tick, w: f64) {
        let mid = t0 + (t1 - t0) / 2;
        for (n, x0, x1) in [(a, t0, mid), (b, mid, t1)] {
            if w > 0.0 && x1 > x0 {
                let i = n as usize;
                self.seen[i] = self.seen[i].max(x1);
            }
        }
    }

    /// Hook `crime ends`: a crime at `node` begun at `start` is over; true
    /// when volunteers passed by since and report it (then the loop calls
    /// it in at once). Draws one uniform (`draw`: the offender's stream)
    /// only when they passed by.
    pub(crate) fn report(
        &mut self,
        node: u32,
        start: Tick,
        draw: impl FnOnce() -> f64,
        counted: bool,
    ) -> bool {
        if self.seen[node as usize] >= start && draw() < self.report_share {
            if counted {
                self.reports += 1;
            }
            return true;
        }
        false
    }

    /// Crimes reported by volunteers, after warm-up.
    pub(crate) fn reports(&self) -> u64 {
        self.reports
    }
}

impl Lever for Volunteers {
    fn start(at: &Start) -> Self {
        let mut v = Volunteers::new(at.settings.w.node_count());
        v.apply(&at.settings);
        v
    }

    fn apply(&mut self, at: &Settings) {
        if at.crime.is_some() {
            self.configure(at.s);
        }
    }

    const COSTS: &'static [CostItem] = &[CostItem {
        item: Item::Volunteers,
        // Volunteer-hours, and their coordinators (priced as officers).
        cost: |c| {
            let e = &c.s.economics;
            (crate::model::volunteer_hours_per_year(c.s) * e.price(&crate::scenario::levers::volunteers::VOLUNTEER_HOUR)
                + crate::model::volunteer_groups(c.s) / e.volunteer_groups_per_coordinator
                    * e.officer_cost_per_year)
                * c.p.years
        },
        used: |s| crate::model::volunteer_hours_per_year(s) > 0.0,
    }];

    fn emit(&self, out: &mut Emit) {
        out.count(
            Slot::Careers,
            "crimes_reported_by_volunteers",
            self.reports(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::Volunteers;

    #[test]
    fn volunteers_report_only_crimes_they_passed_by_during_or_after() {
        let mut v = Volunteers::new(3);
        v.report_share = 0.5;
        // A leg 0 → 1 over [100, 200): node 0 sees them until 150, node 1 until 200.
        v.on_leg(0, 1, 100, 200, 1.0);
        // Invisible volunteers leave no sighting.
        v.on_leg(1, 2, 200, 300, 0.0);
        assert!(v.report(0, 150, || 0.1, true));
        assert!(!v.report(0, 151, || panic!("no draw"), true));
        assert!(v.report(1, 200, || 0.1, false));
        assert!(!v.report(1, 120, || 0.6, true));
        assert!(!v.report(2, 1, || panic!("no draw"), true));
        assert_eq!(v.reports(), 1);
    }
}
