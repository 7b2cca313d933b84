//! Regional linkage (`[regional]`, 区域联动; docs/levers.md): how far the
//! county's jurisdictions cooperate with each other and with neighbouring
//! counties. Cooperation decides whether units answer calls across a
//! boundary, whether an offender identified by one jurisdiction is arrested
//! where another finds him (else he is wanted), whether an alert for him
//! reaches another jurisdiction's posts and patrols, and whether a
//! neighbouring county arrests a roaming offender who has left. Owns the
//! cooperation of each pair of jurisdictions and the settings in force.

use super::{CostItem, Item, Lever, Start};
use crate::scenario::Scenario;
use crate::world::World;

#[derive(Debug, Clone, Default)]
pub(crate) struct Regional {
    /// Jurisdictions.
    nj: usize,
    /// `cooperation[a * nj + b]`: between jurisdictions a and b (1 within one).
    cooperation: Vec<f64>,
    /// `cross_ok[a * nj + b]`: units of jurisdiction b may answer calls in
    /// a (`None`: all may).
    cross_ok: Option<Vec<bool>>,
    /// A neighbouring county arrests a roaming offender who left, identified.
    outside: f64,
    /// Alerts for wanted offenders are shared between jurisdictions.
    share_alerts: bool,
}

impl Regional {
    /// Hook `configure`: the cooperation in force (the start, each phase).
    pub(crate) fn configure(&mut self, s: &Scenario, w: &World) {
        let r = &s.regional;
        let nj = w.jurisdictions.len();
        self.nj = nj;
        self.cooperation = (0..nj * nj).map(|k| r.between(k / nj, k % nj)).collect();
        let ok: Vec<bool> = self
            .cooperation
            .iter()
            .map(|&c| c >= r.cross_dispatch_min)
            .collect();
        self.cross_ok = (!ok.iter().all(|&b| b)).then_some(ok);
        self.outside = r.outside_cooperation;
        self.share_alerts = r.share_alerts;
    }

    /// Hook `dispatch`: units of jurisdiction `unit_jur` may answer calls in
    /// `call_jur`.
    #[inline]
    pub(crate) fn may_answer(&self, call_jur: usize, unit_jur: usize) -> bool {
        self.cross_ok
            .as_ref()
            .is_none_or(|ok| ok[call_jur * self.nj + unit_jur])
    }

    /// Hook `identification`: the chance an offender identified by
    /// jurisdiction `a` is arrested when found in `b` (1 within one).
    #[inline]
    pub(crate) fn between(&self, a: usize, b: usize) -> f64 {
        self.cooperation[a * self.nj + b]
    }

    /// Hook `identification`: a neighbouring county arrests the identified
    /// roaming offender who has left, on the case's uniform `u`.
    pub(crate) fn arrested_outside(&self, u: f64) -> bool {
        u < self.outside
    }

    /// Hook `alert`: the chance the alert of jurisdiction `from` for a
    /// wanted offender reaches a post or patrol of jurisdiction `here`.
    pub(crate) fn alert_chance(&self, from: usize, here: usize) -> f64 {
        if here == from {
            1.0
        } else if self.share_alerts {
            self.between(from, here)
        } else {
            0.0
        }
    }
}

impl Lever for Regional {
    /// Configured at the start; when a phase begins, `sim/periods.rs`
    /// configures it once the units have taken their new roles (so those
    /// freed by the phase change answer calls under the old rule), not
    /// with the other levers ([`Lever::apply`] does nothing).
    fn start(at: &Start) -> Self {
        let mut r = Regional::default();
        r.configure(at.settings.s, at.settings.w);
        r
    }

    const COSTS: &'static [CostItem] = &[CostItem {
        item: Item::Regional,
        cost: |c| cost_per_year(c.s) * c.p.years,
        used: |s| cost_per_year(s) > 0.0,
    }];
}

/// Regional cooperation a year: what each pair of jurisdictions cooperates
/// above the status quo (`regional.status_quo_cooperation`), and the
/// neighbouring counties above theirs. The status quo costs nothing, and
/// cooperating less than it saves nothing.
pub(crate) fn cost_per_year(s: &Scenario) -> f64 {
    let (e, r, n) = (&s.economics, &s.regional, s.jurisdictions.len());
    let above = |c: f64, quo: f64| (c - quo).max(0.0);
    let pairs: f64 = (0..n)
        .flat_map(|a| (a + 1..n).map(move |b| (a, b)))
        .map(|(a, b)| above(r.between(a, b), r.status_quo_cooperation))
        .sum();
    pairs * e.price(&crate::scenario::levers::regional::PAIR_COOPERATION)
        + above(r.outside_cooperation, r.status_quo_outside_cooperation)
            * e.price(&crate::scenario::levers::regional::OUTSIDE_COOPERATION)
}

#[cfg(test)]
mod tests {
    use super::Regional;

    fn lever(share_alerts: bool, cross_ok: Option<Vec<bool>>) -> Regional {
        Regional {
            nj: 2,
            cooperation: vec![1.0, 0.3, 0.3, 1.0],
            cross_ok,
            outside: 0.25,
            share_alerts,
        }
    }

    #[test]
    fn alerts_reach_other_jurisdictions_only_when_shared() {
        let r = lever(false, None);
        assert_eq!(r.alert_chance(0, 0), 1.0);
        assert_eq!(r.alert_chance(0, 1), 0.0);
        let r = lever(true, None);
        assert_eq!(r.alert_chance(1, 0), 0.3);
        assert!(r.arrested_outside(0.2) && !r.arrested_outside(0.25));
    }

    #[test]
    fn without_a_gate_every_unit_may_answer_and_with_one_only_those_allowed() {
        assert!(lever(false, None).may_answer(0, 1));
        let r = lever(false, Some(vec![true, false, true, true]));
        assert!(!r.may_answer(0, 1) && r.may_answer(1, 0) && r.may_answer(0, 0));
    }
}
