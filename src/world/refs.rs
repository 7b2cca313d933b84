//! Node references of a scenario resolved against the world: node numbers,
//! grid cells and, on a network read from a map, [lon, lat] snapped to the
//! nearest node; the problems of references that miss, and the snap
//! distances `validate` reports.

use super::geo::Geo;
use crate::scenario::{NodeRef, Problem, Scenario, Warning};

/// What a node reference is resolved against: the grid's shape, the node
/// count and, on a network read from a map, its geography.
#[derive(Clone, Copy)]
pub(crate) struct Space<'a> {
    pub grid: Option<(u32, u32)>,
    pub n: usize,
    pub geo: Option<&'a Geo>,
}

/// A [lon, lat] farther than this outside the nodes' bounding box is not
/// on the network.
pub const BOUNDS_MARGIN_M: f64 = 1000.0;

pub(crate) fn resolve(r: NodeRef, sp: &Space) -> Option<u32> {
    match (r, sp.grid) {
        (NodeRef::Id(i), _) if (i as usize) < sp.n => Some(i),
        (NodeRef::Cell(row, col), Some((rows, cols))) if row < rows && col < cols => {
            Some(row * cols + col)
        }
        (NodeRef::LonLat(lon, lat), _) => {
            let geo = sp.geo?;
            geo.inside([lon, lat], BOUNDS_MARGIN_M)
                .then(|| geo.snap([lon, lat]).0)
        }
        _ => None,
    }
}

pub(crate) fn bad_node(
    o: &crate::scenario::Origins,
    path: &str,
    r: NodeRef,
    sp: &Space,
) -> Problem {
    let n = sp.n;
    if let NodeRef::LonLat(lon, lat) = r {
        let msg = match sp.geo {
            None => format!(
                "[{lon}, {lat}] is a place by coordinates: that needs a road network read from a map (network.kind = \"osm\" or \"geojson\"); here give a node number"
            ),
            Some(g) => format!(
                "[{lon}, {lat}] lies outside the road network: its nodes span longitude {:.5}..{:.5} and latitude {:.5}..{:.5} (a place may lie up to {BOUNDS_MARGIN_M} m beyond)",
                g.bbox[0], g.bbox[2], g.bbox[1], g.bbox[3]
            ),
        };
        return o.problem(path, msg);
    }
    let allowed = match sp.grid {
        Some((rows, cols)) => format!(
            "a node number 0..{} or [row, col] with row 0..{} and col 0..{}",
            n - 1,
            rows - 1,
            cols - 1
        ),
        None => format!(
            "a node number 0..{} ([row, col] needs a grid network)",
            n - 1
        ),
    };
    let what = match r {
        NodeRef::Id(i) => format!("node {i}"),
        NodeRef::Cell(a, b) => format!("[{a}, {b}]"),
        NodeRef::LonLat(a, b) => format!("[{a}, {b}]"),
    };
    o.problem(
        path,
        format!("{what} is not in the road network; allowed: {allowed}"),
    )
}

/// A node as a planner would name it: `[row, col]` on a grid.
pub fn node_name(id: u32, grid: Option<(u32, u32)>) -> String {
    match grid {
        Some((_, cols)) => format!("[{}, {}]", id / cols, id % cols),
        None => id.to_string(),
    }
}

/// Node references of a scenario's units, checkpoints and cameras (of the
/// base, or of a phase).
pub(crate) fn check_node_refs(
    s: &Scenario,
    sp: &Space,
    node_jur: &[u16],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) {
    let o = &s.origins;
    for (g, u) in s.units.iter().enumerate() {
        for (i, r) in u.posts.iter().enumerate() {
            let p = format!("units[{g}].posts[{i}]");
            match resolve(*r, sp) {
                Some(id)
                    if node_jur[id as usize] as usize != u.jurisdiction && problems.is_empty() =>
                {
                    warnings.push(Warning {
                        path: p,
                        message: format!(
                            "post {} lies outside the group's jurisdiction \"{}\"",
                            node_name(id, sp.grid),
                            s.jurisdictions[u.jurisdiction].name
                        ),
                    })
                }
                Some(_) => {}
                None => problems.push(bad_node(o, &p, *r, sp)),
            }
        }
        for (i, r) in u.beat.iter().enumerate() {
            if resolve(*r, sp).is_none() {
                problems.push(bad_node(o, &format!("units[{g}].beat[{i}]"), *r, sp));
            }
        }
    }
    for (i, c) in s.checkpoints.iter().enumerate() {
        if resolve(c.node, sp).is_none() {
            problems.push(bad_node(o, &format!("checkpoints[{i}].node"), c.node, sp));
        }
    }
    for (i, r) in s.cameras.nodes.iter().enumerate() {
        if resolve(*r, sp).is_none() {
            problems.push(bad_node(o, &format!("cameras.nodes[{i}]"), *r, sp));
        }
    }
    let total_units: u64 = s.units.iter().map(|u| u.count as u64).sum();
    if total_units >= (1 << 20) {
        problems.push(o.problem(
            "units",
            format!(
                "{total_units} units: at most {} are supported",
                (1 << 20) - 1
            ),
        ));
    }
}

/// Every place of a scenario given as [lon, lat] (stations, exits, posts,
/// beats, checkpoints, cameras; phases too), with its key path.
fn lonlat_refs(s: &Scenario, prefix: &str, out: &mut Vec<(String, [f64; 2])>) {
    let mut put = |path: String, r: &NodeRef| {
        if let NodeRef::LonLat(a, b) = *r {
            out.push((format!("{prefix}{path}"), [a, b]));
        }
    };
    for (j, js) in s.jurisdictions.iter().enumerate() {
        put(format!("jurisdictions[{j}].station"), &js.station);
        if let crate::scenario::Area::Nodes(list) = &js.area {
            for (i, r) in list.iter().enumerate() {
                put(format!("jurisdictions[{j}].nodes[{i}]"), r);
            }
        }
    }
    for (i, r) in s.network.exits.iter().flatten().enumerate() {
        put(format!("network.exits[{i}]"), r);
    }
    for (g, u) in s.units.iter().enumerate() {
        for (i, r) in u.posts.iter().enumerate() {
            put(format!("units[{g}].posts[{i}]"), r);
        }
        for (i, r) in u.beat.iter().enumerate() {
            put(format!("units[{g}].beat[{i}]"), r);
        }
    }
    for (i, c) in s.checkpoints.iter().enumerate() {
        put(format!("checkpoints[{i}].node"), &c.node);
    }
    for (i, r) in s.cameras.nodes.iter().enumerate() {
        put(format!("cameras.nodes[{i}]"), r);
    }
}

/// Where each place given as [lon, lat] snapped and how far (for
/// `validate`), with a warning for each farther than `warn_m` from its node.
pub(crate) fn snaps(
    s: &Scenario,
    sp: &Space,
    warn_m: f64,
    warnings: &mut Vec<Warning>,
) -> Vec<super::Snap> {
    let Some(geo) = sp.geo else {
        return vec![];
    };
    let mut refs = Vec::new();
    lonlat_refs(s, "", &mut refs);
    for ph in &s.phases {
        lonlat_refs(&ph.scenario, &format!("phases.{}.", ph.name), &mut refs);
    }
    let mut out = Vec::new();
    for (path, p) in refs {
        if !geo.inside(p, BOUNDS_MARGIN_M) {
            continue; // a problem already
        }
        let (node, distance_m) = geo.snap(p);
        if distance_m > warn_m {
            warnings.push(Warning {
                path: path.clone(),
                message: format!(
                    "[{}, {}] lies {distance_m:.0} m from the nearest road node ({node}), more than network.snap_warn_m = {warn_m} m: is it the place meant?",
                    p[0], p[1]
                ),
            });
        }
        out.push(super::Snap {
            path,
            lonlat: p,
            node,
            distance_m,
        });
    }
    out
}
