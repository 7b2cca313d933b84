//! Jurisdictions partitioning the nodes (by grid rectangle, node list,
//! map polygons or "the rest"), checked for overlaps and gaps, and their
//! stations, checked to stand inside their own jurisdiction.

use super::refs::{Space, bad_node, node_name, resolve};
use super::{Jurisdiction, geo, osm};
use crate::scenario::{Area, Origins, Problem, Scenario};

/// Each node's jurisdiction and the jurisdictions with their stations and
/// nodes; problems found go to `problems`.
pub(super) fn partition(
    s: &Scenario,
    sp: &Space,
    o: &Origins,
    problems: &mut Vec<Problem>,
) -> (Vec<u16>, Vec<Jurisdiction>) {
    let (n, grid, geo) = (sp.n, sp.grid, sp.geo);
    let nj = s.jurisdictions.len();
    let problems_before_jurisdictions = problems.len();
    let mut node_jur = vec![u16::MAX; n];
    let mut rest = None;
    for (j, js) in s.jurisdictions.iter().enumerate() {
        let p = format!("jurisdictions[{j}]");
        // Nodes already taken by an earlier jurisdiction: (that one, node).
        let mut taken: Vec<(u16, u32)> = Vec::new();
        let mut claim = |node: u32| {
            let prev = node_jur[node as usize];
            if prev != u16::MAX && prev as usize != j {
                taken.push((prev, node));
            } else {
                node_jur[node as usize] = j as u16;
            }
        };
        let key = match &js.area {
            Area::Rect { rows, cols } => {
                match grid {
                    Some((gr, gc)) => {
                        if rows[1] >= gr || cols[1] >= gc {
                            problems.push(o.problem(
                                &format!("{p}.rows"),
                                format!(
                                    "rows {:?} / cols {:?} reach outside the {gr} × {gc} grid (rows 0..{}, cols 0..{})",
                                    rows, cols, gr - 1, gc - 1
                                ),
                            ));
                        } else {
                            for r in rows[0]..=rows[1] {
                                for c in cols[0]..=cols[1] {
                                    claim(r * gc + c);
                                }
                            }
                        }
                    }
                    None => problems.push(o.problem(
                        &format!("{p}.rows"),
                        "`rows` and `cols` need a grid network; on an explicit network list the `nodes`",
                    )),
                }
                "rows"
            }
            Area::Nodes(list) => {
                for (i, r) in list.iter().enumerate() {
                    match resolve(*r, sp) {
                        Some(id) => claim(id),
                        None => problems.push(bad_node(o, &format!("{p}.nodes[{i}]"), *r, sp)),
                    }
                }
                "nodes"
            }
            Area::Polygons { file, path } => {
                match (geo, osm::load_polygons(std::path::Path::new(path))) {
                    (None, _) => problems.push(o.problem(
                        &format!("{p}.polygons"),
                        "polygons need a road network read from a map (network.kind = \"osm\" or \"geojson\"); on a grid give `rows` and `cols`, else `nodes`",
                    )),
                    (_, Err(msg)) => problems.push(o.problem(&format!("{p}.polygons"), msg)),
                    (Some(g), Ok(all)) => {
                        let mine: Vec<&geo::Polygon> = all
                            .iter()
                            .filter(|(name, _)| *name == js.name)
                            .map(|(_, poly)| poly)
                            .collect();
                        if mine.is_empty() {
                            let mut names: Vec<&str> =
                                all.iter().map(|(n, _)| n.as_str()).collect();
                            names.dedup();
                            problems.push(o.problem(
                                &format!("{p}.polygons"),
                                format!(
                                    "{file} has no polygon named \"{}\" (names there: {})",
                                    js.name,
                                    names.join(", ")
                                ),
                            ));
                        }
                        for (i, ll) in g.lonlat.iter().enumerate() {
                            if mine.iter().any(|poly| geo::in_polygon(*ll, poly)) {
                                claim(i as u32);
                            }
                        }
                    }
                }
                "polygons"
            }
            Area::Rest => {
                rest = Some(j);
                "rest"
            }
        };
        // One problem per pair of overlapping jurisdictions, not per node.
        taken.sort_unstable();
        for group in taken.chunk_by(|a, b| a.0 == b.0) {
            let other = &s.jurisdictions[group[0].0 as usize].name;
            let eg: Vec<String> = group
                .iter()
                .take(8)
                .map(|&(_, id)| node_name(id, grid))
                .collect();
            let what = if group.len() == 1 {
                format!("node {} is", eg[0])
            } else {
                format!(
                    "{} nodes ({}{}) are",
                    group.len(),
                    eg.join(", "),
                    if group.len() > 8 { ", …" } else { "" }
                )
            };
            problems.push(o.problem(
                &format!("{p}.{key}"),
                format!(
                    "{what} in both \"{other}\" and \"{}\": jurisdictions must not overlap",
                    js.name
                ),
            ));
        }
    }
    let uncovered: Vec<u32> = (0..n as u32)
        .filter(|&i| node_jur[i as usize] == u16::MAX)
        .collect();
    match rest {
        Some(j) => {
            if uncovered.is_empty() {
                problems.push(o.problem(
                    &format!("jurisdictions[{j}].rest"),
                    format!(
                        "\"{}\" takes the rest, but no node is left for it",
                        s.jurisdictions[j].name
                    ),
                ));
            }
            for &u in &uncovered {
                node_jur[u as usize] = j as u16;
            }
        }
        None if !uncovered.is_empty() => {
            let eg: Vec<String> = uncovered
                .iter()
                .take(8)
                .map(|i| node_name(*i, grid))
                .collect();
            problems.push(o.problem(
                "jurisdictions",
                format!(
                    "{} nodes belong to no jurisdiction (e.g. {}): jurisdictions must cover every node (or one may take `rest = true`)",
                    uncovered.len(),
                    eg.join(", ")
                ),
            ));
        }
        None => {}
    }
    // Stations are checked against the partition only when it is sound
    // (no overlap, no gap), and all of them in one pass.
    let partition_ok = problems.len() == problems_before_jurisdictions;
    let mut jurisdictions = Vec::with_capacity(nj);
    for (j, js) in s.jurisdictions.iter().enumerate() {
        let p = format!("jurisdictions[{j}].station");
        let station = match resolve(js.station, sp) {
            Some(st) => {
                if partition_ok && node_jur[st as usize] as usize != j {
                    let other = s
                        .jurisdictions
                        .get(node_jur[st as usize] as usize)
                        .map_or("none", |x| x.name.as_str());
                    problems.push(o.problem(
                        &p,
                        format!(
                            "the station of \"{}\" is at node {}, which lies in \"{other}\": a station must stand inside its own jurisdiction",
                            js.name,
                            node_name(st, grid)
                        ),
                    ));
                }
                st
            }
            None => {
                problems.push(bad_node(o, &p, js.station, sp));
                0
            }
        };
        let nodes = (0..n as u32)
            .filter(|&i| node_jur[i as usize] as usize == j)
            .collect();
        jurisdictions.push(Jurisdiction {
            name: js.name.clone(),
            station,
            nodes,
        });
    }

    (node_jur, jurisdictions)
}
