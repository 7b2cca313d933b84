//! Economics: what a run costs and what a strategy saves. Costs of the
//! priced items (officers through the roster, community officers, vehicles,
//! lock, alarm and camera programmes per real household, street cameras,
//! checkpoints, detectives, volunteers, informants, registration schemes,
//! regional cooperation, the 110 platform, prison, arrests, false alarms,
//! court cases per charge)
//! prorated to the simulated period (after warm-up), by item and by payer;
//! and, against a baseline, the benefit (harm to victims and public-service
//! costs avoided), the net benefit, the benefit-cost ratio and the cost per
//! crime prevented; and the units' officers and vehicles by role (agency).
//! Each lever's items (price × a typed count of `model::PeriodResult`) are
//! declared in the lever's own file (`model/levers/`) and collected here
//! with the core's (`CORE_ITEMS`). It does no I/O.

use crate::model::{COST_ITEMS, CostItem, PeriodResult, Pricing, RunResult};
use crate::scenario::economics::{ITEMS, Item, PAYERS};
use crate::scenario::{ROLES, Scenario, UnitGroupSpec};

/// Years of simulated time that count (horizon less warm-up).
pub fn years(s: &Scenario) -> f64 {
    (s.horizon_days - s.warmup_days) / 365.0
}

/// Append `cost.<item>`, `cost_by_payer.<payer>` and `cost_total` to a run.
/// A phased scenario costs each period at its own settings for the time
/// they were in force (and gets `phase.<name>.cost_total`). The costs are
/// computed from the run's typed [`PeriodResult`]s, not from metric names.
///
/// # Panics
/// If the run does not have one [`PeriodResult`] per period of `s` (a run
/// of another scenario, or one read back from a sweep's store).
pub fn append_costs(s: &Scenario, r: &mut RunResult) {
    assert_eq!(
        r.periods.len(),
        s.phases.len() + 1,
        "append_costs: the run has {} period results, the scenario {} periods",
        r.periods.len(),
        s.phases.len() + 1
    );
    let item_cost = if s.phases.is_empty() {
        item_costs(s, &r.periods[0])
    } else {
        let mut total = [0.0; ITEMS.len()];
        let mut per_phase = Vec::new();
        for (k, name) in s.period_names().into_iter().enumerate() {
            let c = item_costs(s.phase_scenario(k), &r.periods[k]);
            for (t, x) in total.iter_mut().zip(c) {
                *t += x;
            }
            per_phase.push((format!("phase.{name}.cost_total"), Some(c.iter().sum())));
        }
        r.metrics.extend(per_phase);
        total
    };
    let e = &s.economics;
    let mut by_payer = [0.0; PAYERS.len()];
    for (i, name) in ITEMS.iter().enumerate() {
        r.metrics.push((format!("cost.{name}"), Some(item_cost[i])));
        by_payer[e.payer[i]] += item_cost[i];
    }
    for (i, p) in PAYERS.iter().enumerate() {
        r.metrics
            .push((format!("cost_by_payer.{p}"), Some(by_payer[i])));
    }
    r.metrics
        .push(("cost_total".into(), Some(item_cost.iter().sum())));
    let priced = roles_priced(s);
    if priced.iter().any(|&p| p) {
        let mut by_role = [0.0; ROLES.len()];
        for k in 0..=s.phases.len() {
            let c = role_costs(s.phase_scenario(k), &r.periods[k]);
            for (t, x) in by_role.iter_mut().zip(c) {
                *t += x;
            }
        }
        for (k, name) in ROLES.iter().enumerate() {
            if priced[k] {
                r.metrics
                    .push((format!("cost_by_role.{name}"), Some(by_role[k])));
            }
        }
    }
    if s.crime.is_some() {
        let hpt = households_per_target(s, &r.periods[0]);
        r.metrics.push(("households_per_target".into(), Some(hpt)));
    }
}

/// Households (and vehicles) one model target stands for: the scenario's
/// `economics.households_per_target`, else the county's households
/// (population ÷ household size) ÷ the model's households; 1 without
/// modelled households.
pub fn households_per_target(s: &Scenario, p: &PeriodResult) -> f64 {
    let e = &s.economics;
    e.households_per_target.unwrap_or(if p.households > 0.0 {
        e.population / e.household_size / p.households
    } else {
        1.0
    })
}

/// An officer-hour: the all-in officer-year over its productive hours (B17).
pub fn officer_hour_cost(s: &Scenario) -> f64 {
    s.economics.officer_cost_per_year / s.roster.productive_hours_per_officer
}

/// The items economics prices itself: the police and the justice system
/// (each lever's items are declared in its own file, `model/levers/`, and
/// collected from `model::COST_ITEMS`).
const CORE_ITEMS: &[CostItem] = &[
    CostItem {
        item: Item::Officers,
        cost: |c| c.p.officers_needed * c.s.economics.officer_cost_per_year * c.p.years,
        used: |_| true,
    },
    CostItem {
        item: Item::Vehicles,
        cost: |c| {
            let vehicles: f64 =
                c.s.units
                    .iter()
                    .filter(|g| has_vehicle(c.s, g))
                    .map(|g| g.count as f64)
                    .sum();
            vehicles * c.s.economics.vehicle_cost_per_year * c.p.years
        },
        used: |s| s.units.iter().any(|g| g.count > 0 && has_vehicle(s, g)),
    },
    CostItem {
        item: Item::Detectives,
        cost: |c| {
            c.s.investigation.detectives as f64
                * c.s
                    .economics
                    .price(&crate::scenario::levers::investigation::DETECTIVE)
                * c.p.years
        },
        used: |s| s.investigation.detectives > 0,
    },
    CostItem {
        item: Item::Platform,
        cost: |c| (c.s.economics.platform_cost_per_year + call_taker_cost(c.s)) * c.p.years,
        used: |s| s.economics.platform_cost_per_year > 0.0 || call_taker_cost(s) > 0.0,
    },
    CostItem {
        item: Item::Prison,
        cost: |c| c.p.counted.prisoner_years * c.s.economics.prison_cost_per_prisoner_year,
        used: |s| s.crime.is_some(),
    },
    CostItem {
        item: Item::Arrests,
        // Police time the model schedules (a responding unit held after an
        // arrest, a dispatched false alarm) is paid by `cost.officers` and
        // shows as capacity; police time it does not schedule is priced here.
        cost: |c| {
            let (e, n) = (&c.s.economics, &c.p.counted);
            let arrest_hours = c.s.crime.as_ref().map_or(0.0, |c| c.arrest_hours);
            n.arrests * e.custody_cost_per_arrest
                + (n.arrests - n.arrests_by_responding_unit) * arrest_hours * c.officer_hour
        },
        used: |s| s.crime.is_some(),
    },
    CostItem {
        item: Item::Courts,
        cost: |c| c.p.charges * c.s.economics.court_case_cost,
        used: |s| s.crime.is_some() && s.economics.court_case_cost > 0.0,
    },
];

/// Every priced item's cost, the core's and the levers', each with its
/// place in `ITEMS` (which orders the outputs).
fn all_items() -> impl Iterator<Item = (usize, &'static CostItem)> {
    CORE_ITEMS
        .iter()
        .chain(COST_ITEMS.iter().flat_map(|l| l.iter()))
        .map(|c| (c.item as usize, c))
}

/// Cost of each item over the period `p` at the settings of `s`, with the
/// settings-dependent counts (officers needed, protected targets,
/// informants) the run measured.
fn item_costs(s: &Scenario, p: &PeriodResult) -> [f64; ITEMS.len()] {
    let pricing = Pricing {
        s,
        p,
        households_per_target: households_per_target(s, p),
        officer_hour: officer_hour_cost(s),
    };
    let mut cost = [0.0; ITEMS.len()];
    for (i, item) in all_items() {
        cost[i] = (item.cost)(&pricing);
    }
    cost
}

/// Whether a unit group's type is priced as a vehicle
/// (`economics.vehicle_types`).
fn has_vehicle(s: &Scenario, g: &UnitGroupSpec) -> bool {
    s.economics
        .vehicle_types
        .iter()
        .any(|v| *v == s.unit_types[g.unit_type].name)
}

/// The roles (`ROLES`) whose units are priced by `cost_by_role`: none
/// without roles (`scenario::roles_on`, as for the `role_*` metrics); else
/// each role with a unit group of its type (count > 0) in any period, and
/// `community` with community officers.
pub fn roles_priced(s: &Scenario) -> [bool; ROLES.len()] {
    let mut on = [false; ROLES.len()];
    if !crate::scenario::roles_on(&s.unit_types, &s.calls) {
        return on;
    }
    for k in 0..=s.phases.len() {
        let p = s.phase_scenario(k);
        for g in p.units.iter().filter(|g| g.count > 0) {
            on[p.unit_types[g.unit_type].role] = true;
        }
        if p.community.officers() > 0 {
            on[crate::scenario::COMMUNITY_ROLE] = true;
        }
    }
    on
}

/// The units' cost by role over the period `p` at the settings of `s`:
/// each role's share of `cost.officers` (its police unit groups' officers;
/// community officers under `community`) plus of `cost.vehicles` (its
/// unit groups priced as vehicles), at the same prices. Summed over roles
/// it is `cost.officers` + `cost.vehicles` (to rounding).
fn role_costs(s: &Scenario, p: &PeriodResult) -> [f64; ROLES.len()] {
    let e = &s.economics;
    let mut by =
        crate::model::officers_needed_by_role(s).map(|o| o * e.officer_cost_per_year * p.years);
    for g in s.units.iter().filter(|g| has_vehicle(s, g)) {
        by[s.unit_types[g.unit_type].role] += g.count as f64 * e.vehicle_cost_per_year * p.years;
    }
    by
}

/// Which priced items (`ITEMS` order) the scenario uses at its own
/// settings: what it configures, not what a run happened to cost (a used
/// item may cost 0, e.g. a lock programme that sets the share to 0).
pub fn items_used(s: &Scenario) -> [bool; ITEMS.len()] {
    let mut used = [false; ITEMS.len()];
    for (i, item) in all_items() {
        used[i] = (item.used)(s);
    }
    used
}

/// The call takers of `[intake]` a year (posts × cost per post), priced
/// with the platform (`cost.platform`).
pub fn call_taker_cost(s: &Scenario) -> f64 {
    s.intake
        .as_ref()
        .map_or(0.0, |i| i.call_takers() as f64 * i.cost_per_call_taker_year)
}

/// Per-replication economic differences of a strategy `x` to the baseline
/// `b` (runs paired by seed): benefit, net benefit, and the extra cost.
pub struct Paired {
    /// Harm to victims and public-service costs avoided; and the two apart.
    pub benefit: Vec<Option<f64>>,
    pub benefit_victims: Vec<Option<f64>>,
    pub benefit_public_services: Vec<Option<f64>>,
    pub net_benefit: Vec<Option<f64>>,
    pub extra_cost: Vec<Option<f64>>,
    pub prevented: Vec<Option<f64>>,
}

pub fn paired(x: &[RunResult], b: &[RunResult]) -> Paired {
    let d =
        |m: &str, a: &RunResult, c: &RunResult| a.metric(m).zip(c.metric(m)).map(|(a, c)| a - c);
    let avoided =
        |m: &str| -> Vec<Option<f64>> { x.iter().zip(b).map(|(x, b)| d(m, b, x)).collect() };
    let benefit_victims = avoided("social_cost.victims");
    let benefit_public_services = avoided("social_cost.public_services");
    // The response part of the social cost (police, justice) is left out:
    // the model charges prison and arrests, and runs the police as capacity.
    let benefit: Vec<Option<f64>> = benefit_victims
        .iter()
        .zip(&benefit_public_services)
        .map(|(v, p)| v.zip(*p).map(|(v, p)| v + p))
        .collect();
    let extra_cost: Vec<Option<f64>> = x
        .iter()
        .zip(b)
        .map(|(x, b)| d("cost_total", x, b))
        .collect();
    let prevented = x
        .iter()
        .zip(b)
        .map(|(x, b)| d("crimes_completed", b, x))
        .collect();
    let net_benefit = benefit
        .iter()
        .zip(&extra_cost)
        .map(|(b, c)| b.zip(*c).map(|(b, c)| b - c))
        .collect();
    Paired {
        benefit,
        benefit_victims,
        benefit_public_services,
        net_benefit,
        extra_cost,
        prevented,
    }
}

#[cfg(test)]
mod tests {
    use super::{ITEMS, Item, all_items};

    /// An item declared (`scenario/economics.rs`) but priced by no
    /// `CostItem` would cost 0 in every run; one priced twice would be
    /// overwritten. (A `CostItem` of an undeclared item does not compile:
    /// it names an `Item`.)
    #[test]
    fn every_declared_item_is_priced_by_exactly_one_cost_item() {
        let mut n = [0; ITEMS.len()];
        for (i, _) in all_items() {
            n[i] += 1;
        }
        for item in Item::ALL {
            let k = item as usize;
            assert_eq!(n[k], 1, "`{}` priced {} times", item.name(), n[k]);
        }
    }
}
