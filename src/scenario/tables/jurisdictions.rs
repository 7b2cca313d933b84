//! `[[jurisdictions]]`: the areas, their stations and call weights.

use super::network::{Layout, NetworkSpec};
use crate::scenario::doc::{Val, builtin, key};
use crate::scenario::keys::{Def, Kind, TableDoc, choice, flag, key as entry, num};
use crate::scenario::read::{Check, Reader, Tbl, tables};
use crate::scenario::types::{AREA_TYPES, NodeRef, node_ref, node_refs};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Rect {
        rows: [u32; 2],
        cols: [u32; 2],
    },
    Nodes(Vec<NodeRef>),
    /// The nodes inside the Polygon/MultiPolygon features of a GeoJSON file
    /// whose `name` property is the jurisdiction's name (`world` reads it).
    Polygons {
        file: String,
        path: String,
    },
    Rest,
}

#[derive(Debug, Clone, Serialize)]
pub struct JurisdictionSpec {
    pub name: String,
    pub station: NodeRef,
    pub area: Area,
    /// Relative density of calls per node in this jurisdiction.
    pub call_weight: f64,
    /// Index into AREA_TYPES (for response-time targets).
    pub area_type: usize,
}

fn pair(r: &mut Reader, t: &mut Tbl, key: &str) -> Option<[u32; 2]> {
    let path = t.key_path(key);
    let n = r.get(t, key)?;
    match &n.val {
        Val::Array(v) if v.len() == 2 => match (&v[0].val, &v[1].val) {
            (Val::Int(a), Val::Int(b)) if *a >= 0 && a <= b && *b <= u32::MAX as i64 => {
                Some([*a as u32, *b as u32])
            }
            _ => {
                r.error(
                    &path,
                    &n.origin,
                    "expected [first, last] with whole numbers 0 ≤ first ≤ last",
                );
                None
            }
        },
        _ => {
            r.error(
                &path,
                &n.origin,
                "expected [first, last] (an inclusive range)",
            );
            None
        }
    }
}

/// The keys of each `[[jurisdictions]]` table.
pub static JURISDICTION: TableDoc = TableDoc {
    path: "jurisdictions[]",
    about: "The jurisdictions partition the nodes; each takes its area one way: `rows` and \
            `cols` (grid), or `nodes`, or `polygons` (a map), or `rest = true`. Without any, one jurisdiction \
            `\"county\"` covers the network, its station in the middle, its other keys \
            their defaults.",
    keys: &[
        entry(
            "name",
            Kind::Text,
            Def::Note("`\"j1\"`, `\"j2\"`, … by position"),
            "",
            "unique; referred to by `units[].jurisdiction`",
        ),
        entry(
            "station",
            Kind::Node,
            Def::Required,
            "",
            "the default post of its units; inside the jurisdiction",
        ),
        entry(
            "rows",
            Kind::Other("`[first, last]`, whole numbers"),
            Def::Note("—"),
            "",
            "grid: the rows of its rectangle, inclusive",
        ),
        entry(
            "cols",
            Kind::Other("`[first, last]`, whole numbers"),
            Def::Note("—"),
            "",
            "grid: the columns of its rectangle, inclusive",
        ),
        entry(
            "nodes",
            Kind::Nodes,
            Def::Note("—"),
            "",
            "an explicit set of nodes",
        ),
        entry(
            "polygons",
            Kind::Text,
            Def::Note("—"),
            "",
            "a network from a map: a GeoJSON file (relative to the scenario file) whose Polygon or MultiPolygon features with `name` = this jurisdiction's name hold its nodes",
        ),
        flag(
            "rest",
            false,
            "every node that no other jurisdiction takes (at most one jurisdiction)",
        ),
        num(
            "call_weight",
            1.0,
            Check::NonNeg,
            "",
            "relative call density per node in this jurisdiction",
        ),
        choice(
            "area_type",
            0,
            &AREA_TYPES,
            "which response-time target (`dispatch.response_target_min`) its priority-1 calls have",
        ),
    ],
    extra: None,
};

fn top_has_nodes(t: &Tbl) -> bool {
    t.has("nodes")
}

pub(crate) fn read_jurisdictions(
    r: &mut Reader,
    top: &mut Tbl,
    net: &NetworkSpec,
) -> Vec<JurisdictionSpec> {
    let mut out: Vec<JurisdictionSpec> = Vec::new();
    let had = top.has("jurisdictions");
    for t in tables(r, top, "jurisdictions") {
        let mut t = t.with_doc(&JURISDICTION);
        let k = out.len() + 1;
        let name = r.string(&mut t, "name", || format!("j{k}"));
        if out.iter().any(|j| j.name == name) {
            let o = t.origin.clone();
            r.error(
                &t.key_path("name"),
                &o,
                format!("jurisdiction name \"{name}\" is used twice"),
            );
        }
        let sp = t.key_path("station");
        let station = match r.get(&mut t, "station") {
            Some(n) => node_ref(r, &sp, n).unwrap_or(NodeRef::Id(0)),
            None => {
                r.missing(
                    &t,
                    "station",
                    "the station's node: a node number or [row, col]",
                );
                NodeRef::Id(0)
            }
        };
        let rows = pair(r, &mut t, "rows");
        let cols = pair(r, &mut t, "cols");
        let nodes = node_refs(r, &mut t, "nodes");
        let poly_path = t.key_path("polygons");
        let polygons = match r.get(&mut t, "polygons") {
            Some(n) => match &n.val {
                Val::Str(f) => Some((f.clone(), super::network_map::beside(r, &n.origin, f))),
                other => {
                    let msg = format!(
                        "expected the path of a GeoJSON file, found {}",
                        other.type_name()
                    );
                    r.error(&poly_path, &n.origin, msg);
                    None
                }
            },
            None => None,
        };
        let rest = r.flag(&mut t, "rest");
        let area = match (rows, cols, nodes, rest) {
            _ if polygons.is_some()
                && rows.is_none()
                && cols.is_none()
                && !top_has_nodes(&t)
                && !rest =>
            {
                let (file, path) = polygons.expect("checked");
                Area::Polygons { file, path }
            }
            (Some(rows), Some(cols), None, false) if polygons.is_none() => {
                Area::Rect { rows, cols }
            }
            (None, None, Some(n), false) if polygons.is_none() => Area::Nodes(n),
            (None, None, None, true) if polygons.is_none() => Area::Rest,
            (r_, c_, n_, rest_) => {
                let o = t.origin.clone();
                let ways = [
                    r_.is_some() || c_.is_some(),
                    n_.is_some(),
                    rest_,
                    polygons.is_some(),
                ]
                .iter()
                .filter(|x| **x)
                .count();
                let why = match (r_.is_some(), c_.is_some()) {
                    _ if ways > 1 => "is given more than one way".to_string(),
                    (true, false) => "has `rows` but no `cols`".to_string(),
                    (false, true) => "has `cols` but no `rows`".to_string(),
                    _ => "is missing".to_string(),
                };
                r.error(&t.path.clone(), &o, format!(
                    "the area {why}: give `rows` and `cols` (grid), or `nodes`, or `polygons` (a GeoJSON file, on a map), or `rest = true` (every node no other jurisdiction takes)"
                ));
                Area::Rest
            }
        };
        let call_weight = r.num(&mut t, "call_weight");
        let area_type = r.pick(&mut t, "area_type");
        r.finish(t);
        out.push(JurisdictionSpec {
            name,
            station,
            area,
            call_weight,
            area_type,
        });
    }
    if out.is_empty() && !had {
        // One jurisdiction over the whole network, its station in the middle.
        let station = match net.layout {
            Layout::Grid { rows, cols, .. } => NodeRef::Cell(rows / 2, cols / 2),
            Layout::Explicit { .. } | Layout::Map(_) => NodeRef::Id(0),
        };
        let cell = |x: u32| builtin(Val::Int(x as i64));
        let station_val = match station {
            NodeRef::Id(i) => Val::Int(i as i64),
            NodeRef::Cell(a, b) => Val::Array(vec![cell(a), cell(b)]),
            NodeRef::LonLat(a, b) => {
                Val::Array(vec![builtin(Val::Float(a)), builtin(Val::Float(b))])
            }
        };
        let call_weight = JURISDICTION.num("call_weight");
        let area_type = JURISDICTION.choice("area_type");
        let table = Val::Table(vec![
            (key("name"), builtin(Val::Str("county".into()))),
            (key("station"), builtin(station_val)),
            (key("rest"), builtin(Val::Bool(true))),
            (key("call_weight"), builtin(Val::Float(call_weight))),
            (
                key("area_type"),
                builtin(Val::Str(AREA_TYPES[area_type].into())),
            ),
        ]);
        // Its station depends on the network: derived.
        r.derived(|r| r.fill(top, "jurisdictions", Val::Array(vec![builtin(table)])));
        out.push(JurisdictionSpec {
            name: "county".into(),
            station,
            area: Area::Rest,
            call_weight,
            area_type,
        });
    } else if out.is_empty() {
        let o = top.origin.clone();
        r.error("jurisdictions", &o, "at least one jurisdiction is needed");
    }
    if out.iter().filter(|j| matches!(j.area, Area::Rest)).count() > 1 {
        let o = top.origin.clone();
        r.error(
            "jurisdictions",
            &o,
            "only one jurisdiction may take `rest = true`",
        );
    }
    out
}
