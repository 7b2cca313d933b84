//! Economics: what a run costs and what a strategy saves. Costs of the
//! priced items (officers through the roster, community officers, vehicles,
//! lock, alarm and camera programmes, street cameras, checkpoints,
//! detectives, volunteers, informants, registration schemes) prorated to the simulated period (after warm-up), by
//! item and by payer; and, against a baseline, the benefit (social cost of
//! crime avoided), the net benefit, the benefit-cost ratio and the cost per
//! crime prevented. It does no I/O.

use crate::model::RunResult;
use crate::scenario::Scenario;
use crate::scenario::economics::{ITEMS, PAYERS};

/// Years of simulated time that count (horizon less warm-up).
pub fn years(s: &Scenario) -> f64 {
    (s.horizon_days - s.warmup_days) / 365.0
}

/// Append `cost.<item>`, `cost_by_payer.<payer>` and `cost_total` to a run.
pub fn append_costs(s: &Scenario, r: &mut RunResult) {
    let e = &s.economics;
    let y = years(s);
    let officers = r.metric("officers_needed").unwrap_or(0.0);
    let vehicles: f64 = s
        .units
        .iter()
        .filter(|g| {
            e.vehicle_types
                .iter()
                .any(|v| *v == s.unit_types[g.unit_type].name)
        })
        .map(|g| g.count as f64)
        .sum();
    let protected = |m: &str| r.metric(m).unwrap_or(0.0);
    let street = s.cameras.nodes.len() as f64
        * if s.cameras.monitored {
            e.street_camera_monitored_cost_per_year
        } else {
            e.street_camera_passive_cost_per_year
        };
    let item_cost: [f64; ITEMS.len()] = [
        officers * e.officer_cost_per_year * y,
        vehicles * e.vehicle_cost_per_year * y,
        protected("targets_locked") * e.lock_cost_per_target_year * y,
        protected("targets_alarmed") * e.alarm_cost_per_target_year * y,
        protected("targets_with_camera") * e.camera_cost_per_target_year * y,
        street * y,
        checkpoint_officers(s) * e.officer_cost_per_year * y,
        s.investigation.detectives as f64 * e.detective_cost_per_year * y,
        crate::model::volunteer_hours_per_year(s) * e.volunteer_cost_per_hour * y,
        r.metric("informants").unwrap_or(0.0) * e.informant_cost_per_year * y,
        (if s.informants.lodging_registration {
            e.lodging_registration_cost_per_year
        } else {
            0.0
        } + if s.informants.second_hand_registration {
            e.second_hand_registration_cost_per_year
        } else {
            0.0
        }) * y,
    ];
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
}

/// Officers needed to staff the checkpoints (officer-hours a year ÷
/// productive hours per officer).
pub fn checkpoint_officers(s: &Scenario) -> f64 {
    s.checkpoints
        .iter()
        .map(|c| c.officers as f64 * c.hours * 365.0)
        .sum::<f64>()
        / s.roster.productive_hours_per_officer
}

/// Per-replication economic differences of a strategy `x` to the baseline
/// `b` (runs paired by seed): benefit, net benefit, and the extra cost.
pub struct Paired {
    pub benefit: Vec<Option<f64>>,
    pub net_benefit: Vec<Option<f64>>,
    pub extra_cost: Vec<Option<f64>>,
    pub prevented: Vec<Option<f64>>,
}

pub fn paired(x: &[RunResult], b: &[RunResult]) -> Paired {
    let d =
        |m: &str, a: &RunResult, c: &RunResult| a.metric(m).zip(c.metric(m)).map(|(a, c)| a - c);
    let benefit: Vec<Option<f64>> = x
        .iter()
        .zip(b)
        .map(|(x, b)| d("social_cost", b, x))
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
        net_benefit,
        extra_cost,
        prevented,
    }
}
