//! The land use of each node of a network read from an OpenStreetMap
//! extract, from the map's tagged places (shops, bars, hotels, stations,
//! housing; the tag table is `places.tag_uses`): each place counts, by its
//! use's `places.tag_weight`, at every road node within
//! `places.tag_radius_m`, and a node takes the use with the largest count
//! (ties: the rarer use, `USE_RANK`); a node with no place near it is
//! residential. `places.land_use_from` chooses between this and the drawn
//! (synthetic) layout of `model`.

use super::geo::Geo;
use super::osm::Poi;
use crate::scenario::tables::place_tags::USE_RANK;
use crate::scenario::{LAND_USES, LandUseFrom, Layout, MapFormat, Problem, Scenario, Warning};

/// What the tags gave: places found per use, of them near a road node, and
/// nodes per use.
#[derive(Debug, Clone, PartialEq)]
pub struct LandUseReport {
    pub radius_m: f64,
    pub pois: [usize; 6],
    pub pois_near: [usize; 6],
    pub nodes: [usize; 6],
}

impl LandUseReport {
    /// One line for `validate`.
    pub fn line(&self) -> String {
        let list = |v: &[usize; 6]| {
            LAND_USES
                .iter()
                .zip(v)
                .map(|(u, n)| format!("{u} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "places from map tags: {} tagged places ({}); {} within {} m of a road node; nodes by land use: {}",
            self.pois.iter().sum::<usize>(),
            list(&self.pois),
            self.pois_near.iter().sum::<usize>(),
            self.radius_m,
            list(&self.nodes)
        )
    }
}

/// Each node's land use from the places around it.
pub fn from_pois(
    geo: &Geo,
    pois: &[Poi],
    radius_m: f64,
    weight: &[f64; 6],
) -> (Vec<u8>, LandUseReport) {
    let n = geo.lonlat.len();
    let mut score = vec![[0.0f64; 6]; n];
    let mut rep = LandUseReport {
        radius_m,
        pois: [0; 6],
        pois_near: [0; 6],
        nodes: [0; 6],
    };
    for &(ll, u) in pois {
        let u = u as usize;
        rep.pois[u] += 1;
        let near = geo.within(ll, radius_m);
        if !near.is_empty() {
            rep.pois_near[u] += 1;
        }
        for i in near {
            score[i as usize][u] += weight[u];
        }
    }
    let land_use: Vec<u8> = score
        .iter()
        .map(|s| {
            (0..6)
                .filter(|&k| s[k] > 0.0)
                .max_by(|&a, &b| {
                    s[a].partial_cmp(&s[b])
                        .expect("finite")
                        .then(USE_RANK[a].cmp(&USE_RANK[b]))
                })
                .unwrap_or(0) as u8
        })
        .collect();
    for &u in &land_use {
        rep.nodes[u as usize] += 1;
    }
    (land_use, rep)
}

/// The land use of the nodes when it comes from the map (`None`: the model
/// draws it), checking `places.land_use_from` against the network.
pub fn decide(
    s: &Scenario,
    geo: Option<&Geo>,
    pois: Option<Vec<Poi>>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> (Option<Vec<u8>>, Option<LandUseReport>) {
    let t = &s.places.tags;
    let osm = matches!(&s.network.layout, Layout::Map(m) if m.format == MapFormat::Osm);
    match t.from {
        LandUseFrom::Synthetic => return (None, None),
        LandUseFrom::Tags if !osm => {
            problems.push(s.origins.problem(
                "places.land_use_from",
                "\"tags\" needs a network read from an OpenStreetMap extract (network.kind = \"osm\"); allowed here: auto, synthetic",
            ));
            return (None, None);
        }
        _ => {}
    }
    let (Some(geo), Some(pois)) = (geo, pois) else {
        return (None, None);
    };
    if pois.is_empty() {
        if t.from == LandUseFrom::Tags {
            warnings.push(Warning {
                path: "places.land_use_from".into(),
                message: "the map has no place tagged with a land use (places.tag_uses): the land use is drawn (synthetic) instead".into(),
            });
        }
        return (None, None);
    }
    let (lu, rep) = from_pois(geo, &pois, t.radius_m, &t.weight);
    (Some(lu), Some(rep))
}
