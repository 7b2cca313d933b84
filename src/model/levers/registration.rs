//! Registration (`[informants] lodging_registration`,
//! `second_hand_registration`; docs/levers.md, "Informants and
//! registration"): every roaming offender who stays at a lodging place is
//! registered, and every sale of loot at a second-hand place (or one an
//! informant notes) is recorded; either helps identify the offender of a
//! crime committed before. Owns the settings in force, the per-offender
//! marks (lodged this visit, last recorded sale and its bonus) and the
//! counts. (Registration at checkpoints is `checkpoints.rs`'.)

use super::{CostItem, Emit, Item, Lever, Settings, Slot, Start, started};
use crate::engine::time::Tick;
use crate::scenario::Scenario;

/// What registers know of one offender.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Marks {
    /// Last time loot of his was sold where it was noted or registered, and
    /// the identification bonus of that sale.
    fenced_at: Tick,
    fence_bonus: f64,
    /// A roaming offender registered at a lodging place during this visit.
    lodged: bool,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Registration {
    lodging: bool,
    lodging_identify: f64,
    second_hand: bool,
    second_hand_identify: f64,
    /// After warm-up: roaming offenders registered at lodging places, and
    /// sales of loot noted or registered.
    lodged: u64,
    sales: u64,
}

impl Registration {
    /// Hook `configure`: the settings in force (the start, each phase).
    pub(crate) fn configure(&mut self, s: &Scenario) {
        let inf = &s.informants;
        self.lodging = inf.lodging_registration;
        self.lodging_identify = inf.lodging_identify;
        self.second_hand = inf.second_hand_registration;
        self.second_hand_identify = inf.second_hand_identify;
    }

    /// Hook `offender stays` at a lodging place (`lodging`): a roaming
    /// offender is registered once per visit.
    pub(crate) fn on_stay(
        &mut self,
        marks: &mut Marks,
        roaming: bool,
        lodging: bool,
        counted: bool,
    ) {
        if roaming && lodging && self.lodging && !marks.lodged {
            marks.lodged = true;
            if counted {
                self.lodged += 1;
            }
        }
    }

    /// Hook `loot sold` at a second-hand place at `now`: recorded when an
    /// informant noted it (`informant`: his bonus) or registration is on;
    /// the sale's bonus is the larger of the two.
    pub(crate) fn on_sale(
        &mut self,
        marks: &mut Marks,
        informant: Option<f64>,
        now: Tick,
        counted: bool,
    ) {
        if informant.is_none() && !self.second_hand {
            return;
        }
        let registered = if self.second_hand {
            self.second_hand_identify
        } else {
            0.0
        };
        marks.fenced_at = now;
        marks.fence_bonus = informant.unwrap_or(0.0).max(registered);
        if counted {
            self.sales += 1;
        }
    }

    /// Hook `identification` (registers' part of the tips): `b` plus the
    /// bonus of a sale recorded after the crime began at `start`, plus the
    /// lodging bonus when he registered during this visit.
    pub(crate) fn tip(&self, marks: &Marks, start: Tick, b: f64) -> f64 {
        let mut b = b;
        if marks.fenced_at >= start && marks.fenced_at > 0 {
            b += marks.fence_bonus;
        }
        if marks.lodged {
            b += self.lodging_identify;
        }
        b
    }

    /// Either register is kept: a source of tips.
    pub(crate) fn active(&self) -> bool {
        self.lodging || self.second_hand
    }

    /// Registrations at lodging places after warm-up (metric
    /// `tips.lodging_registrations`).
    pub(crate) fn lodged(&self) -> u64 {
        self.lodged
    }

    /// Sales of loot noted or registered after warm-up (metric
    /// `tips.loot_sales_noted`).
    pub(crate) fn sales(&self) -> u64 {
        self.sales
    }
}

impl Lever for Registration {
    fn start(at: &Start) -> Self {
        started(at)
    }

    fn apply(&mut self, at: &Settings) {
        if at.crime.is_some() {
            self.configure(at.s);
        }
    }

    const COSTS: &'static [CostItem] = &[CostItem {
        item: Item::Registration,
        // Each scheme in force, county-wide.
        cost: |c| {
            let (e, inf) = (&c.s.economics, &c.s.informants);
            (if inf.lodging_registration {
                e.price(&crate::scenario::levers::community::LODGING_REGISTRATION)
            } else {
                0.0
            } + if inf.second_hand_registration {
                e.price(&crate::scenario::levers::community::SECOND_HAND_REGISTRATION)
            } else {
                0.0
            }) * c.p.years
        },
        used: |s| s.informants.lodging_registration || s.informants.second_hand_registration,
    }];

    fn emit(&self, out: &mut Emit) {
        out.count(Slot::Regional, "tips.loot_sales_noted", self.sales());
        out.count(Slot::Regional, "tips.lodging_registrations", self.lodged());
    }
}

#[cfg(test)]
mod tests {
    use super::{Marks, Registration};

    fn lever(lodging: bool, second_hand: bool) -> Registration {
        Registration {
            lodging,
            lodging_identify: 0.1,
            second_hand,
            second_hand_identify: 0.05,
            ..Registration::default()
        }
    }

    #[test]
    fn a_roaming_offender_registers_once_per_visit_and_locals_never() {
        let mut r = lever(true, false);
        let mut m = Marks::default();
        r.on_stay(&mut m, false, true, true);
        assert!(!m.lodged);
        r.on_stay(&mut m, true, true, true);
        r.on_stay(&mut m, true, true, true);
        assert_eq!(r.lodged(), 1);
        assert_eq!(r.tip(&m, 0, 0.0), 0.1);
    }

    #[test]
    fn a_sale_takes_the_larger_of_the_informant_and_register_bonus() {
        let mut r = lever(false, true);
        let mut m = Marks::default();
        r.on_sale(&mut m, None, 1_000, true);
        assert_eq!(r.tip(&m, 500, 0.0), 0.05);
        r.on_sale(&mut m, Some(0.3), 2_000, true);
        assert_eq!(r.tip(&m, 1_500, 0.0), 0.3);
        assert_eq!(r.sales(), 2);
        // A crime after the last recorded sale gets nothing from it.
        assert_eq!(r.tip(&m, 2_500, 0.2), 0.2);
    }

    #[test]
    fn without_a_register_or_an_informant_a_sale_leaves_no_trace() {
        let mut r = lever(false, false);
        let mut m = Marks::default();
        r.on_sale(&mut m, None, 1_000, true);
        assert_eq!(r.sales(), 0);
        assert_eq!(r.tip(&m, 0, 0.0), 0.0);
        assert!(!r.active());
    }
}
