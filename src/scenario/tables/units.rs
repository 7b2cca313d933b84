//! `[[units]]`: the unit groups — where, what type, how many, which shift,
//! how they patrol.

use super::deployment::DeploymentSpec;
use super::jurisdictions::JurisdictionSpec;
use super::shifts::ShiftSpec;
use super::unit_types::UnitTypeSpec;
use crate::scenario::doc::Val;
use crate::scenario::read::{Check, Reader, Tbl, tables};
use crate::scenario::types::{NodeRef, POLICIES, POLICY_VALUES, PatrolPolicy, node_refs};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct UnitGroupSpec {
    pub name: String,
    pub jurisdiction: usize,
    pub unit_type: usize,
    pub count: u32,
    /// Standby posts, one per unit in turn; empty = the jurisdiction's station.
    pub posts: Vec<NodeRef>,
    pub shift: usize,
    pub patrol_share: f64,
    pub patrol: PatrolPolicy,
    /// Nodes of a fixed beat (patrol = "beat"), visited in order, cyclically.
    pub beat: Vec<NodeRef>,
}

fn lookup(
    r: &mut Reader,
    t: &mut Tbl,
    key: &str,
    names: &[&str],
    what: &str,
    default: Option<usize>,
) -> usize {
    let path = t.key_path(key);
    match r.get(t, key) {
        Some(n) => match &n.val {
            Val::Str(s) => names.iter().position(|x| x == s).unwrap_or_else(|| {
                let hint = crate::scenario::read::suggest(s, names.iter().copied())
                    .map(|x| format!(" (did you mean \"{x}\"?)"))
                    .unwrap_or_default();
                r.error(
                    &path,
                    &n.origin,
                    format!(
                        "no {what} is named \"{s}\"{hint}; defined: {}",
                        names.join(", ")
                    ),
                );
                0
            }),
            other => {
                r.error(
                    &path,
                    &n.origin,
                    format!("expected the name of a {what}, found {}", other.type_name()),
                );
                0
            }
        },
        None if default.is_some() => {
            let d = default.unwrap_or(0);
            r.fill(t, key, Val::Str(names.get(d).unwrap_or(&"").to_string()));
            d
        }
        None => default.unwrap_or_else(|| {
            r.missing(
                t,
                key,
                &format!("the name of a {what}: {}", names.join(", ")),
            );
            0
        }),
    }
}

pub(crate) fn read_units(
    r: &mut Reader,
    top: &mut Tbl,
    jur: &[JurisdictionSpec],
    types: &[UnitTypeSpec],
    shifts: &[ShiftSpec],
    dep: &DeploymentSpec,
) -> Vec<UnitGroupSpec> {
    let jn: Vec<&str> = jur.iter().map(|j| j.name.as_str()).collect();
    let tn: Vec<&str> = types.iter().map(|j| j.name.as_str()).collect();
    let sn: Vec<&str> = shifts.iter().map(|j| j.name.as_str()).collect();
    let mut out = Vec::new();
    r.fill(top, "units", Val::Array(vec![]));
    for mut t in tables(r, top, "units") {
        // The only jurisdiction is the default: derived from the list.
        let jurisdiction = r.derived(|r| {
            lookup(
                r,
                &mut t,
                "jurisdiction",
                &jn,
                "jurisdiction",
                (jur.len() == 1).then_some(0),
            )
        });
        let unit_type = lookup(r, &mut t, "type", &tn, "unit type", Some(0));
        let count = r.int_req(&mut t, "count", 0, 100_000) as u32;
        let posts = node_refs(r, &mut t, "posts").unwrap_or_default();
        if t.has("posts") && posts.is_empty() {
            let o = t.origin.clone();
            r.error(
                &t.key_path("posts"),
                &o,
                "an empty list of posts: leave the key out to post units at the station",
            );
        }
        let shift = lookup(r, &mut t, "shift", &sn, "shift", Some(0));
        // A group patrols as `deployment` says unless it says otherwise.
        let (patrol_share, patrol) = r.derived(|r| {
            (
                r.f64(&mut t, "patrol_share", dep.patrol_share, Check::Share),
                POLICY_VALUES[r.choice(&mut t, "patrol", dep.patrol as usize, &POLICIES)],
            )
        });
        let beat = node_refs(r, &mut t, "beat").unwrap_or_default();
        if patrol == PatrolPolicy::Beat && beat.is_empty() && patrol_share > 0.0 {
            let o = t.origin.clone();
            r.error(
                &t.key_path("beat"),
                &o,
                "patrol = \"beat\" needs a non-empty `beat` (a list of nodes visited in turn)",
            );
        }
        let name = r.string(&mut t, "name", || {
            format!(
                "{}-{}",
                jn.get(jurisdiction).unwrap_or(&"?"),
                tn.get(unit_type).unwrap_or(&"?")
            )
        });
        r.finish(t);
        out.push(UnitGroupSpec {
            name,
            jurisdiction,
            unit_type,
            count,
            posts,
            shift,
            patrol_share,
            patrol,
            beat,
        });
    }
    out
}
