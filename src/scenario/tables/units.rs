//! `[[units]]`: the unit groups — where, what type, how many, which shift,
//! how they patrol.

use super::deployment::DeploymentSpec;
use super::jurisdictions::JurisdictionSpec;
use super::shifts::ShiftSpec;
use super::unit_types::UnitTypeSpec;
use crate::scenario::doc::Val;
use crate::scenario::keys::{Def, Kind, TableDoc, key};
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

/// The keys of each `[[units]]` table.
pub static UNITS: TableDoc = TableDoc {
    path: "units[]",
    about: "A group of units: where, what type, how many, which shift, how they patrol.",
    keys: &[
        key(
            "jurisdiction",
            Kind::Name("jurisdiction"),
            Def::Note("**required** unless there is exactly one jurisdiction"),
            "",
            "the units' home jurisdiction",
        ),
        key(
            "type",
            Kind::Name("unit type"),
            Def::Note("the first unit type, `\"car\"`"),
            "",
            "the units' type (`unit_types`)",
        ),
        key(
            "count",
            Kind::Int(0, 100_000),
            Def::Required,
            "units",
            "number of units (all groups together below 2²⁰)",
        ),
        key(
            "posts",
            Kind::Nodes,
            Def::Note("the jurisdiction's station"),
            "",
            "standby posts: the unit of rank i has post `posts[i mod len]`; non-empty if given",
        ),
        key(
            "shift",
            Kind::Name("shift"),
            Def::Note("the first shift, `\"24x7\"`"),
            "",
            "the units' shift (`shifts`)",
        ),
        key(
            "patrol_share",
            Kind::Num(Check::Share),
            Def::Note("`deployment.patrol_share`"),
            "",
            "as in `[deployment]`, for this group",
        ),
        key(
            "patrol",
            Kind::Choice(&POLICIES),
            Def::Note("`deployment.patrol`"),
            "",
            "as in `[deployment]`, for this group",
        ),
        key(
            "beat",
            Kind::Nodes,
            Def::Note("empty"),
            "",
            "the nodes of a fixed beat, visited in order, cyclically; **required** with `patrol = \"beat\"` and `patrol_share` > 0",
        ),
        key(
            "name",
            Kind::Text,
            Def::Note("`\"JURISDICTION-TYPE\"`"),
            "",
            "label",
        ),
    ],
    extra: None,
};

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
    for t in tables(r, top, "units") {
        let mut t = t.with_doc(&UNITS);
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
        let count = r.whole(&mut t, "count") as u32;
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
                r.num_or(&mut t, "patrol_share", dep.patrol_share),
                POLICY_VALUES[r.pick_or(&mut t, "patrol", dep.patrol as usize)],
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
