//! `[network]`: the roads, as a grid, as explicit nodes and edges, or read
//! from a map (`network_map.rs`).

use super::network_map::{MapFormat, MapSpec, read_map};
use crate::scenario::doc::{Node, Val};
use crate::scenario::keys::{Def, Kind, TableDoc, choice, flag, int, key, num};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{NodeRef, node_ref, number};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoadClass {
    Local,
    Arterial,
}

#[derive(Debug, Clone, Serialize)]
pub struct EdgeSpec {
    pub a: u32,
    pub b: u32,
    pub class: RoadClass,
    pub length_m: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Layout {
    Grid {
        rows: u32,
        cols: u32,
        block_m: f64,
        arterial_every: u32,
    },
    Explicit {
        nodes: Vec<[f64; 2]>,
        edges: Vec<EdgeSpec>,
        /// Each edge only from its first node to its second.
        one_way: bool,
    },
    /// Read from a map file (OpenStreetMap or GeoJSON) by `world`.
    Map(MapSpec),
}

#[derive(Debug, Clone, Serialize)]
pub struct NetworkSpec {
    pub layout: Layout,
    pub local_speed_kmh: f64,
    pub arterial_speed_kmh: f64,
    /// Exit nodes; `None` = the default (on a grid, where arterials meet the
    /// border; none on an explicit network).
    pub exits: Option<Vec<NodeRef>>,
    /// Above this many nodes, travel times are computed on demand with a
    /// cache instead of a full table.
    pub full_table_max_nodes: u32,
    /// Relative call weight of each node (explicit networks); `None` = 1.
    pub node_weights: Option<Vec<f64>>,
    /// Places given as [lon, lat] that snap farther than this from a road
    /// node are warned about (map networks).
    pub snap_warn_m: f64,
}

const NODE_WEIGHT: Check = Check::NonNeg;

/// The keys of `[network]`.
pub static NETWORK: TableDoc = TableDoc {
    path: "network",
    about: "The roads: a generated grid (`rows`, `cols`, `block_m`, `arterial_every`) or \
            explicit nodes and edges (`nodes`, `edges`), and the keys common to both. \
            Every node must be reachable from node 0.",
    keys: &[
        choice(
            "kind",
            0,
            &["grid", "explicit", "osm", "geojson"],
            "generated grid, a node and edge list, an OpenStreetMap extract (.osm.pbf) or GeoJSON road lines",
        ),
        int("rows", 11, 1, 1000, "", "grid: rows of intersections"),
        int("cols", 11, 1, 1000, "", "grid: columns of intersections"),
        num(
            "block_m",
            250.0,
            Check::Positive,
            "metres",
            "grid: length of every edge",
        ),
        int(
            "arterial_every",
            0,
            0,
            1000,
            "",
            "grid: row r (or column c) is an arterial road when r mod k = 0 (c mod k = 0); 0 = no arterials",
        ),
        key(
            "nodes",
            Kind::Other("list of `[x_m, y_m]`"),
            Def::Note("**required** (explicit)"),
            "metres",
            "explicit: node coordinates; node number = position in the list",
        ),
        key(
            "edges",
            Kind::Other(
                "list of `[from, to]`, `[from, to, class]` or `[from, to, class, length_m]`; class `\"local\"` (default) or `\"arterial\"`",
            ),
            Def::Note("**required** (explicit)"),
            "",
            "explicit: roads (two-way unless `one_way`); `length_m` defaults to the straight-line distance",
        ),
        flag(
            "one_way",
            false,
            "explicit: every edge is a one-way road from its first node to its second",
        ),
        key(
            "file",
            Kind::Text,
            Def::Note("**required** (osm, geojson)"),
            "",
            "osm: an OpenStreetMap extract (.osm.pbf); geojson: a FeatureCollection of LineString roads (properties `highway`, `maxspeed`, `oneway`); relative to the scenario file",
        ),
        key(
            "class_speeds_kmh",
            Kind::Other("table of road class = km/h, e.g. `{ residential = 40 }`"),
            Def::Note("the built-in class table (see docs/real-places.md)"),
            "km/h",
            "osm, geojson: speed of each `highway` class where no `maxspeed` is tagged",
        ),
        num(
            "snap_warn_m",
            100.0,
            Check::Positive,
            "metres",
            "osm, geojson: a place given as [lon, lat] that lies farther than this from its nearest road node is warned about",
        ),
        num(
            "local_speed_kmh",
            30.0,
            Check::Positive,
            "km/h",
            "grid, explicit: speed limit on local roads",
        ),
        num(
            "arterial_speed_kmh",
            50.0,
            Check::Positive,
            "km/h",
            "grid, explicit: speed limit on arterial roads",
        ),
        key(
            "exits",
            Kind::Nodes,
            Def::Note(
                "grid: both border ends of every arterial (without arterials, the ends of the middle row and column); explicit: none",
            ),
            "",
            "where roads leave the county (roaming offenders enter and leave there)",
        ),
        int(
            "full_table_max_nodes",
            4000,
            1,
            100_000,
            "nodes",
            "up to this many nodes, a full travel-time table is computed; above it, shortest paths on demand, cached",
        ),
        key(
            "node_weights",
            Kind::Numbers(None, NODE_WEIGHT),
            Def::Note("all 1"),
            "",
            "relative call weight of each node (one per node, in node-number order), multiplied by its jurisdiction's `call_weight`",
        ),
    ],
    extra: None,
};

pub(crate) fn read_network(r: &mut Reader, top: &mut Tbl) -> NetworkSpec {
    let mut t = r.table(top, "network", &NETWORK);
    let kind = r.pick(&mut t, "kind");
    let layout = if kind == 0 {
        Layout::Grid {
            rows: r.whole(&mut t, "rows") as u32,
            cols: r.whole(&mut t, "cols") as u32,
            block_m: r.num(&mut t, "block_m"),
            arterial_every: r.whole(&mut t, "arterial_every") as u32,
        }
    } else if kind >= 2 {
        let format = if kind == 2 {
            MapFormat::Osm
        } else {
            MapFormat::Geojson
        };
        Layout::Map(read_map(r, &mut t, format))
    } else {
        let mut nodes = Vec::new();
        let path = t.key_path("nodes");
        match r.array(&mut t, "nodes") {
            Some(items) => {
                for (i, n) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    match &n.val {
                        Val::Array(xy) if xy.len() == 2 => {
                            let x = number(r, &p, &xy[0]);
                            let y = number(r, &p, &xy[1]);
                            nodes.push([x, y]);
                        }
                        _ => r.error(&p, &n.origin, "a node is [x_m, y_m]"),
                    }
                }
            }
            None => r.missing(&t, "nodes", "a list of [x_m, y_m] coordinates"),
        }
        let mut edges = Vec::new();
        let path = t.key_path("edges");
        match r.array(&mut t, "edges") {
            Some(items) => {
                for (i, n) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    r.note(&p, &n.origin);
                    let ok = match &n.val {
                        Val::Array(parts) if (2..=4).contains(&parts.len()) => {
                            let a = node_index(r, &p, &parts[0], nodes.len());
                            let b = node_index(r, &p, &parts[1], nodes.len());
                            let class = match parts.get(2) {
                                None => RoadClass::Local,
                                Some(c) => match r.choice_of(&p, c, &["local", "arterial"]) {
                                    Some(1) => RoadClass::Arterial,
                                    _ => RoadClass::Local,
                                },
                            };
                            let length_m = parts.get(3).map(|l| number(r, &p, l));
                            if let (Some(a), Some(b)) = (a, b) {
                                if a == b {
                                    r.error(&p, &n.origin, "an edge must join two different nodes");
                                }
                                edges.push(EdgeSpec {
                                    a,
                                    b,
                                    class,
                                    length_m,
                                });
                            }
                            true
                        }
                        _ => false,
                    };
                    if !ok {
                        r.error(&p, &n.origin, "an edge is [from, to] or [from, to, \"local\"|\"arterial\"] or [from, to, class, length_m]");
                    }
                }
            }
            None => r.missing(&t, "edges", "a list of [from, to] node pairs"),
        }
        let one_way = r.flag(&mut t, "one_way");
        Layout::Explicit {
            nodes,
            edges,
            one_way,
        }
    };
    let local_speed_kmh = r.num(&mut t, "local_speed_kmh");
    let arterial_speed_kmh = r.num(&mut t, "arterial_speed_kmh");
    let exits = r.array(&mut t, "exits").map(|items| {
        let path = t.key_path("exits");
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| node_ref(r, &format!("{path}[{i}]"), n))
            .collect()
    });
    let full_table_max_nodes = r.whole(&mut t, "full_table_max_nodes") as u32;
    let node_weights = r.numbers(&mut t, "node_weights", None, NODE_WEIGHT);
    let snap_warn_m = r.num(&mut t, "snap_warn_m");
    r.finish(t);
    NetworkSpec {
        layout,
        local_speed_kmh,
        arterial_speed_kmh,
        exits,
        full_table_max_nodes,
        node_weights,
        snap_warn_m,
    }
}

fn node_index(r: &mut Reader, path: &str, n: &Node, count: usize) -> Option<u32> {
    match n.val {
        Val::Int(i) if i >= 0 && (i as usize) < count => Some(i as u32),
        Val::Int(i) => {
            r.error(
                path,
                &n.origin,
                format!(
                    "node {i} does not exist (nodes are 0..{})",
                    count.saturating_sub(1)
                ),
            );
            None
        }
        _ => {
            r.error(
                path,
                &n.origin,
                format!("expected a node number, found {}", n.val.type_name()),
            );
            None
        }
    }
}
