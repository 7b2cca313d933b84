//! Unit roles across tables (docs/desks.md "Agencies and roles"): which unit
//! type answers which call type as first choice and which may cover it, the
//! unit types a joint incident (`calls.types[].needs`) needs, and the checks
//! that every call type that gets calls has a unit that may answer it.

use super::calls::CallsSpec;
use super::intake::IntakeSpec;
use super::unit_types::{PATROL_ROLE, ROLES, UnitTypeSpec};
use super::units::UnitGroupSpec;
use crate::scenario::Warning;
use crate::scenario::read::Reader;

/// Roles are on when a unit type says what it answers or covers, or a call
/// type needs particular unit types; otherwise every police unit answers
/// every call, exactly as before.
pub fn roles_on(types: &[UnitTypeSpec], calls: &CallsSpec) -> bool {
    types
        .iter()
        .any(|t| t.answers.is_some() || !t.covers.is_empty())
        || calls.types.iter().any(|c| !c.needs.is_empty())
}

/// First-choice answers: `m[unit type][call type]` over `calls.types`. A
/// type without `answers` answers, if its role is patrol, every call type
/// no type lists in its `answers`; other roles answer none.
pub fn first_choice(types: &[UnitTypeSpec], n_call_types: usize) -> Vec<Vec<bool>> {
    let mut claimed = vec![false; n_call_types];
    for t in types {
        for &k in t.answers.iter().flatten() {
            claimed[k] = true;
        }
    }
    types
        .iter()
        .map(|t| match &t.answers {
            Some(a) => (0..n_call_types).map(|k| a.contains(&k)).collect(),
            None => (0..n_call_types)
                .map(|k| t.role == PATROL_ROLE && !claimed[k])
                .collect(),
        })
        .collect()
}

/// The role (agency) a call type's calls are counted under: the role of the
/// first unit type that answers it (or, for a joint incident, of its first
/// need); patrol when none does.
pub fn call_role(
    types: &[UnitTypeSpec],
    calls: &CallsSpec,
    first: &[Vec<bool>],
    k: usize,
) -> usize {
    if let Some(&t) = calls.types[k].needs.first() {
        return types[t].role;
    }
    (0..types.len())
        .find(|&t| first[t][k] && types[t].police)
        .map_or(PATROL_ROLE, |t| types[t].role)
}

/// Resolve `needs` to unit types, then check who answers what.
pub(crate) fn check_roles(
    r: &mut Reader,
    calls: &mut CallsSpec,
    intake: Option<&IntakeSpec>,
    types: &[UnitTypeSpec],
    units: &[UnitGroupSpec],
    warnings: &mut Vec<Warning>,
) {
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    for (k, ct) in calls.types.iter_mut().enumerate() {
        let mut needs = Vec::new();
        for (i, (n, o)) in ct.needs_names.iter().enumerate() {
            match names.iter().position(|x| x == n) {
                Some(t) => needs.push(t),
                None => r.error(
                    &format!("calls.types[{k}].needs[{i}]"),
                    o,
                    format!(
                        "a joint incident needs a unit type named \"{n}\", but none is; \
                         defined: {}",
                        names.join(", ")
                    ),
                ),
            }
        }
        ct.needs = needs;
    }
    if !roles_on(types, calls) {
        return;
    }
    // The call types that get calls: the 110 stream's, the desks' field
    // calls and their joint incidents.
    let n = calls.types.len();
    let mut gets = vec![false; n];
    for (k, ct) in calls.types.iter().enumerate() {
        gets[k] = calls.rate_per_hour > 0.0 && ct.share > 0.0;
    }
    for d in intake.iter().flat_map(|i| i.desks.iter()) {
        if d.rate_per_hour > 0.0 {
            if let Some(k) = d.call_type {
                gets[k] = true;
            }
            if let (true, Some(k)) = (d.police_share > 0.0, d.police_call_type) {
                gets[k] = true;
            }
        }
    }
    let first = first_choice(types, n);
    // Types that some [[units]] group has, and those with units.
    let used = |t: usize, staffed: bool| {
        types[t].police
            && units
                .iter()
                .any(|g| g.unit_type == t && (!staffed || g.count > 0))
    };
    for k in (0..n).filter(|&k| gets[k]) {
        let ct = &calls.types[k];
        let answering: Vec<usize> = if ct.needs.is_empty() {
            (0..types.len())
                .filter(|&t| used(t, false) && first[t][k])
                .collect()
        } else {
            ct.needs.clone()
        };
        let covering: Vec<usize> = (0..types.len())
            .filter(|&t| used(t, false) && types[t].covers.contains(&k))
            .collect();
        if answering.is_empty() && covering.is_empty() {
            let o = ct.origin.clone();
            r.error(
                &format!("calls.types[{k}]"),
                &o,
                format!(
                    "calls of type \"{}\" arrive but no unit type of [[units]] may answer it: \
                     list it in that unit type's `answers` (unit_types.NAME.answers) or `covers`",
                    ct.name
                ),
            );
            continue;
        }
        for &t in &answering {
            if !used(t, true) {
                let cover = covering.iter().any(|&c| used(c, true));
                warnings.push(Warning {
                    path: format!("unit_types.{}", types[t].name),
                    message: format!(
                        "calls of type \"{}\" are for {} units (role {}) but no [[units]] group \
                         has one: they wait{}",
                        ct.name,
                        types[t].name,
                        ROLES[types[t].role],
                        if cover && ct.needs.is_empty() {
                            " unless another role covers them (dispatch.operations = \"combined\")"
                        } else {
                            " until the horizon"
                        }
                    ),
                });
            }
        }
        if answering.is_empty() {
            warnings.push(Warning {
                path: format!("calls.types[{k}]"),
                message: format!(
                    "calls of type \"{}\" are answered by no unit type of [[units]], only \
                     covered: under dispatch.operations = \"separate\" they wait until the horizon",
                    ct.name
                ),
            });
        }
    }
}
