//! The nodes and edges of a scenario's road network: a generated grid,
//! explicit lists, or a map read by `osm.rs` and made drivable by
//! `roads.rs`.

use super::geo::Geo;
use super::{osm, roads};
use crate::scenario::{
    LandUseFrom, Layout as Spec, MapFormat, NetworkSpec, Origins, PlacesSpec, Problem, RoadClass,
    ScenarioError,
};

/// A directed or two-way edge: from, to, length (m), class, own speed
/// limit (km/h; 0 = the class's).
pub type EdgeRow = (u32, u32, f64, RoadClass, f32);

pub struct Layout {
    pub xy: Vec<[f64; 2]>,
    pub edges: Vec<EdgeRow>,
    pub grid: Option<(u32, u32)>,
    /// Edges are one-way (else each is a road both ways).
    pub directed: bool,
    pub geo: Option<Geo>,
    pub roads: Option<roads::RoadReport>,
    /// The map's tagged places (an OpenStreetMap network whose land use
    /// may come from its tags).
    pub pois: Option<Vec<osm::Poi>>,
}

pub fn build(
    net: &NetworkSpec,
    places: &PlacesSpec,
    o: &Origins,
    problems: &mut Vec<Problem>,
) -> Result<Layout, ScenarioError> {
    let mut geo = None;
    let mut roads = None;
    let mut pois = None;
    let (xy, edges, grid, directed) = match &net.layout {
        Spec::Grid {
            rows,
            cols,
            block_m,
            arterial_every,
        } => {
            let (rows, cols, k) = (*rows, *cols, *arterial_every);
            let mut xy = Vec::with_capacity((rows * cols) as usize);
            for r in 0..rows {
                for c in 0..cols {
                    xy.push([c as f64 * block_m, r as f64 * block_m]);
                }
            }
            let art = |i: u32| k > 0 && i.is_multiple_of(k);
            let mut edges = Vec::new();
            for r in 0..rows {
                for c in 0..cols {
                    let id = r * cols + c;
                    let cls = |b: bool| {
                        if b {
                            RoadClass::Arterial
                        } else {
                            RoadClass::Local
                        }
                    };
                    if c + 1 < cols {
                        edges.push((id, id + 1, *block_m, cls(art(r)), 0.0f32));
                    }
                    if r + 1 < rows {
                        edges.push((id, id + cols, *block_m, cls(art(c)), 0.0));
                    }
                }
            }
            (xy, edges, Some((rows, cols)), false)
        }
        Spec::Map(m) => {
            let path = std::path::Path::new(&m.path);
            let rules: &[_] = match places.tags.from {
                LandUseFrom::Synthetic => &[],
                _ => &places.tags.rules,
            };
            let raw = match m.format {
                MapFormat::Osm => osm::load_pbf(path, &m.classes, rules).map(|(r, p)| {
                    pois = Some(p);
                    r
                }),
                MapFormat::Geojson => osm::load_geojson(path, &m.classes),
            };
            let r = match raw {
                Ok(raw) => roads::build(raw),
                Err(msg) => {
                    problems.push(o.problem("network.file", msg));
                    return Err(ScenarioError {
                        problems: std::mem::take(problems),
                    });
                }
            };
            let edges = r
                .edges
                .iter()
                .map(|e| (e.a, e.b, e.length_m, e.class, e.limit_kmh))
                .collect();
            geo = Some(Geo::new(r.proj, r.lonlat, &r.xy));
            roads = Some(r.report);
            (r.xy, edges, None, true)
        }
        Spec::Explicit {
            nodes,
            edges,
            one_way,
        } => {
            let mut out = Vec::new();
            for (i, e) in edges.iter().enumerate() {
                let (a, b) = (nodes[e.a as usize], nodes[e.b as usize]);
                let len = e
                    .length_m
                    .unwrap_or(((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt());
                if len.is_nan() || len <= 0.0 {
                    problems.push(o.problem(
                        &format!("network.edges[{i}]"),
                        format!("edge {}–{} has length {len} m: give its length (4th item) or move the nodes apart", e.a, e.b),
                    ));
                }
                out.push((e.a, e.b, len, e.class, 0.0));
            }
            (nodes.clone(), out, None, *one_way)
        }
    };
    Ok(Layout {
        xy,
        edges,
        grid,
        directed,
        geo,
        roads,
        pois,
    })
}
