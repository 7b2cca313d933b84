//! Maps out: `nodes.geojson` and `edges.geojson` (RFC 7946 FeatureCollections
//! in WGS 84 longitude/latitude) for a run whose road network came from a
//! map. Networks without geography (grid, explicit) get none: GeoJSON
//! coordinates must be longitude and latitude, which such a network lacks.

use super::stations_and_posts;
use crate::experiment::Replicated;
use crate::model::Model;
use crate::world::node_name;
use serde_json::{Value, json};

/// A finite number, else `null` (an empty cell in nodes.csv).
fn num(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

/// `(nodes.geojson, edges.geojson)`, or `None` when the network has no
/// longitude/latitude. Node properties are the columns of nodes.csv; each
/// directed road edge carries `presence_hours_mean_of_ends`, the mean of its
/// two end nodes' presence hours (the model records presence per node, not
/// per edge).
pub fn run_geojson(m: &Model, r: &Replicated) -> Option<(String, String)> {
    let w = &m.world;
    let geo = w.geo.as_ref()?;
    let (stations, posts) = stations_and_posts(m);
    let presence = |i: usize| r.nodes.presence_hours.get(i).copied();
    let nodes: Vec<Value> = (0..w.node_count())
        .map(|i| {
            json!({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": geo.lonlat[i]},
                "properties": {
                    "node": i,
                    "name": node_name(i as u32, w.grid),
                    "x_m": num(Some(w.xy[i][0])),
                    "y_m": num(Some(w.xy[i][1])),
                    "jurisdiction": w.jurisdictions[w.node_jur[i] as usize].name,
                    "stations": stations[i],
                    "posts": posts[i],
                    "calls": num(r.nodes.calls.get(i).copied()),
                    "presence_hours": num(presence(i)),
                    "coverage": num(r.nodes.coverage.get(i).copied()),
                    "crimes": num(r.nodes.crimes.get(i).copied()),
                }
            })
        })
        .collect();
    let mut edges = Vec::new();
    for from in 0..w.node_count() {
        for a in w.neighbours(from as u32) {
            let to = a.to as usize;
            let mean = match (presence(from), presence(to)) {
                (Some(x), Some(y)) => Some((x + y) / 2.0),
                _ => None,
            };
            edges.push(json!({
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [geo.lonlat[from], geo.lonlat[to]],
                },
                "properties": {
                    "from": from,
                    "to": to,
                    "length_m": num(Some(a.length_m as f64)),
                    "presence_hours_mean_of_ends": num(mean),
                }
            }));
        }
    }
    let collection = |features: Vec<Value>| {
        let mut t = serde_json::to_string_pretty(&json!({
            "type": "FeatureCollection",
            "features": features,
        }))
        .expect("JSON values serialise");
        t.push('\n');
        t
    };
    Some((collection(nodes), collection(edges)))
}
