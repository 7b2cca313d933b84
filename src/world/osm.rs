//! Loaders of road maps: OpenStreetMap PBF extracts (the `osmpbf` crate)
//! and GeoJSON LineString features exported from GIS (the `geojson` crate).
//! Each returns the raw segments (`roads.rs` makes a network of them) or a
//! message that names the file, the feature and what was expected.
//!
//! Which roads: ways tagged `highway=` one of the classes of the scenario's
//! speed table ([`crate::scenario::HIGHWAY_CLASSES`]), except areas, private
//! or closed ones (`access`, `motor_vehicle` or `motorcar` = no/private)
//! and parking aisles and driveways (`service=`). Speeds: `maxspeed` where
//! tagged (km/h, "mph", "walk", or a country's "XX:urban"/"XX:rural"),
//! else the class's speed. One-way: `oneway=yes|true|1` (forward),
//! `-1|reverse` (backward), implied on motorways and roundabouts unless
//! `oneway=no`.

use super::roads::{RawRoads, Seg};
use crate::scenario::{RoadClass, TagRule, use_of_tags};
use std::collections::HashMap;
use std::path::Path;

/// Largest map file read.
pub const MAX_MAP_BYTES: u64 = 1 << 30;

/// The speed table: class name, default speed (km/h), arterial or not.
pub type Classes<'a> = &'a [(String, f64, bool)];

fn read_bytes(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {what} {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read {what} {shown}: it is not a regular file"
        ));
    }
    if meta.len() > MAX_MAP_BYTES {
        return Err(format!(
            "cannot read {what} {shown}: {} bytes, more than the {} MiB a map may have",
            meta.len(),
            MAX_MAP_BYTES >> 20
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read {what} {shown}: {e}"))
}

/// A `maxspeed` value in km/h, if it can be read.
pub fn parse_maxspeed(v: &str) -> Option<f64> {
    let v = v.split(';').next()?.trim();
    match v {
        "walk" => return Some(6.0),
        "none" | "signals" | "variable" => return None,
        _ => {}
    }
    if let Some((_, zone)) = v.split_once(':') {
        return match zone {
            "urban" | "zone30" | "zone:30" => Some(if zone == "urban" { 50.0 } else { 30.0 }),
            "rural" => Some(80.0),
            "living_street" => Some(20.0),
            "motorway" => Some(120.0),
            _ => None,
        };
    }
    let digits: String = v
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let x: f64 = digits.parse().ok()?;
    let x = if v.contains("mph") { x * 1.609_344 } else { x };
    (x > 0.0 && x < 300.0).then_some(x)
}

/// `oneway` and the implying tags: 0 two-way, 1 forward, -1 backward.
fn one_way(oneway: Option<&str>, highway: &str, junction: Option<&str>) -> i8 {
    match oneway {
        Some("yes" | "true" | "1") => 1,
        Some("-1" | "reverse") => -1,
        Some("no" | "false" | "0") => 0,
        _ if highway == "motorway" || matches!(junction, Some("roundabout" | "circular")) => 1,
        _ => 0,
    }
}

/// Adds the segments of one road (a list of map nodes) to `out`.
fn push_road(out: &mut RawRoads, nodes: &[u32], class: RoadClass, limit: f64, dir: i8) {
    for w in nodes.windows(2) {
        let (a, b) = if dir < 0 { (w[1], w[0]) } else { (w[0], w[1]) };
        out.segs.push(Seg {
            a,
            b,
            class,
            limit_kmh: limit as f32,
            one_way: dir != 0,
        });
    }
}

fn class_of(classes: Classes, highway: &str) -> Option<(RoadClass, f64)> {
    classes.iter().find(|c| c.0 == highway).map(|c| {
        (
            if c.2 {
                RoadClass::Arterial
            } else {
                RoadClass::Local
            },
            c.1,
        )
    })
}

struct Way {
    id: i64,
    refs: Vec<i64>,
    class: RoadClass,
    limit: f64,
    dir: i8,
}

/// A tagged place of the map (a shop, a bar, a station, a house): where it
/// is ([lon, lat]; a way's mean vertex) and its land use (index into
/// `LAND_USES`).
pub type Poi = ([f64; 2], u8);

/// Read the drivable roads of an OpenStreetMap PBF extract, and the places
/// (nodes and ways) whose tags the land-use `rules` give a use (none when
/// `rules` is empty). Relations (multipolygon buildings) are not read.
pub fn load_pbf(
    path: &Path,
    classes: Classes,
    rules: &[TagRule],
) -> Result<(RawRoads, Vec<Poi>), String> {
    let bytes = read_bytes(path, "OpenStreetMap extract")?;
    let shown = path.display();
    let mut coords: HashMap<i64, [f64; 2]> = HashMap::new();
    let mut ways: Vec<Way> = Vec::new();
    let mut pois: Vec<(i64, Poi)> = Vec::new();
    let mut way_pois: Vec<(i64, Vec<i64>, u8)> = Vec::new();
    let reader = osmpbf::ElementReader::new(std::io::Cursor::new(bytes));
    reader
        .for_each(|el| match el {
            osmpbf::Element::Node(n) => {
                coords.insert(n.id(), [n.lon(), n.lat()]);
                if !rules.is_empty()
                    && let Some(u) = use_of_tags(rules, n.tags())
                {
                    pois.push((n.id(), ([n.lon(), n.lat()], u)));
                }
            }
            osmpbf::Element::DenseNode(n) => {
                coords.insert(n.id(), [n.lon(), n.lat()]);
                if !rules.is_empty()
                    && let Some(u) = use_of_tags(rules, n.tags())
                {
                    pois.push((n.id(), ([n.lon(), n.lat()], u)));
                }
            }
            osmpbf::Element::Way(w) => {
                if !rules.is_empty()
                    && !w.tags().any(|(k, _)| k == "highway")
                    && let Some(u) = use_of_tags(rules, w.tags())
                {
                    way_pois.push((w.id(), w.refs().collect(), u));
                    return;
                }
                let mut tag = HashMap::new();
                for (k, v) in w.tags() {
                    if matches!(
                        k,
                        "highway"
                            | "maxspeed"
                            | "oneway"
                            | "junction"
                            | "access"
                            | "motor_vehicle"
                            | "motorcar"
                            | "service"
                            | "area"
                    ) {
                        tag.insert(k, v);
                    }
                }
                let Some(&hw) = tag.get("highway") else {
                    return;
                };
                let Some((class, default)) = class_of(classes, hw) else {
                    return;
                };
                let closed = |k| matches!(tag.get(k), Some(&("no" | "private")));
                if closed("access") && !tag.contains_key("motor_vehicle")
                    || closed("motor_vehicle")
                    || closed("motorcar")
                    || tag.get("area") == Some(&"yes")
                    || matches!(
                        tag.get("service"),
                        Some(
                            &("parking_aisle" | "driveway" | "drive-through" | "emergency_access")
                        )
                    )
                {
                    return;
                }
                let limit = tag
                    .get("maxspeed")
                    .and_then(|v| parse_maxspeed(v))
                    .unwrap_or(default);
                let dir = one_way(tag.get("oneway").copied(), hw, tag.get("junction").copied());
                ways.push(Way {
                    id: w.id(),
                    refs: w.refs().collect(),
                    class,
                    limit,
                    dir,
                });
            }
            osmpbf::Element::Relation(_) => {}
        })
        .map_err(|e| format!("cannot read {shown} as an OpenStreetMap PBF extract: {e}"))?;
    if ways.is_empty() {
        let names: Vec<&str> = classes.iter().map(|c| c.0.as_str()).collect();
        return Err(format!(
            "{shown} has no drivable road (a way tagged highway = {}) with its nodes",
            names.join(", ")
        ));
    }
    ways.sort_by_key(|w| w.id);
    let mut id_of: HashMap<i64, u32> = HashMap::new();
    let mut out = RawRoads::default();
    for w in &ways {
        // An extract cut at its border may lack some nodes of a way: the
        // way is split there.
        for run in w.refs.split(|r| !coords.contains_key(r)) {
            let nodes: Vec<u32> = run
                .iter()
                .map(|r| {
                    *id_of.entry(*r).or_insert_with(|| {
                        out.lonlat.push(coords[r]);
                        (out.lonlat.len() - 1) as u32
                    })
                })
                .collect();
            push_road(&mut out, &nodes, w.class, w.limit, w.dir);
        }
    }
    if out.segs.is_empty() {
        return Err(format!(
            "{shown}: the extract has drivable ways but not their nodes (an extract needs both)"
        ));
    }
    // Places in a fixed order (element kind, then id), whatever the order
    // of the file's blocks.
    pois.sort_by_key(|p| p.0);
    way_pois.sort_by_key(|p| p.0);
    let mut places: Vec<Poi> = pois.into_iter().map(|p| p.1).collect();
    for (_, mut refs, u) in way_pois {
        if refs.len() > 1 && refs.first() == refs.last() {
            refs.pop(); // a closed way: its first vertex once
        }
        let pts: Vec<[f64; 2]> = refs.iter().filter_map(|r| coords.get(r).copied()).collect();
        if !pts.is_empty() {
            let k = pts.len() as f64;
            let lon = pts.iter().map(|p| p[0]).sum::<f64>() / k;
            let lat = pts.iter().map(|p| p[1]).sum::<f64>() / k;
            places.push(([lon, lat], u));
        }
    }
    Ok((out, places))
}

/// The FeatureCollection in the GeoJSON file at `path` (`what` names the
/// file in messages).
fn read_feature_collection(path: &Path, what: &str) -> Result<geojson::FeatureCollection, String> {
    let bytes = read_bytes(path, what)?;
    let shown = path.display();
    let text = String::from_utf8(bytes).map_err(|_| format!("{shown} is not UTF-8 text"))?;
    let gj: geojson::GeoJson = text
        .parse()
        .map_err(|e| format!("cannot read {shown} as GeoJSON: {e}"))?;
    match gj {
        geojson::GeoJson::FeatureCollection(fc) => Ok(fc),
        _ => Err(format!("{shown}: expected a GeoJSON FeatureCollection")),
    }
}

/// Read roads from a GeoJSON FeatureCollection of LineString or
/// MultiLineString features; lines meet where they share a vertex (equal
/// to 10⁻⁷ degrees). Properties: `highway` (a class of the speed table;
/// default "unclassified"), `maxspeed`, `oneway`.
pub fn load_geojson(path: &Path, classes: Classes) -> Result<RawRoads, String> {
    let fc = read_feature_collection(path, "GeoJSON road file")?;
    let shown = path.display();
    let mut out = RawRoads::default();
    let mut id_of: HashMap<(i64, i64), u32> = HashMap::new();
    for (i, f) in fc.features.iter().enumerate() {
        let at = format!("{shown}: feature {i}");
        let text_prop = |k: &str| -> Option<String> {
            match f.property(k)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(x) => Some(x.to_string()),
                serde_json::Value::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
                _ => None,
            }
        };
        let hw = text_prop("highway").unwrap_or_else(|| "unclassified".into());
        let Some((class, default)) = class_of(classes, &hw) else {
            let names: Vec<&str> = classes.iter().map(|c| c.0.as_str()).collect();
            return Err(format!(
                "{at} has highway = \"{hw}\"; allowed: {}",
                names.join(", ")
            ));
        };
        let limit = text_prop("maxspeed")
            .and_then(|v| parse_maxspeed(&v))
            .unwrap_or(default);
        let dir = one_way(text_prop("oneway").as_deref(), &hw, None);
        let lines: Vec<&Vec<geojson::Position>> = match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::LineString { coordinates }) => vec![coordinates],
            Some(geojson::GeometryValue::MultiLineString { coordinates }) => {
                coordinates.iter().collect()
            }
            Some(other) => {
                return Err(format!(
                    "{at} is a {}; a road network is LineString or MultiLineString features",
                    other.type_name()
                ));
            }
            None => return Err(format!("{at} has no geometry; expected a LineString")),
        };
        for line in lines {
            let mut nodes = Vec::with_capacity(line.len());
            for p in line {
                let (lon, lat) = (p[0], p[1]);
                if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                    return Err(format!(
                        "{at} has the point [{lon}, {lat}]: expected [longitude, latitude] in degrees (WGS 84)"
                    ));
                }
                let key = ((lon * 1e7).round() as i64, (lat * 1e7).round() as i64);
                nodes.push(*id_of.entry(key).or_insert_with(|| {
                    out.lonlat.push([lon, lat]);
                    (out.lonlat.len() - 1) as u32
                }));
            }
            push_road(&mut out, &nodes, class, limit, dir);
        }
    }
    if out.segs.is_empty() {
        return Err(format!(
            "{shown} has no road (no LineString with two points)"
        ));
    }
    Ok(out)
}

/// Named areas from a GeoJSON FeatureCollection of Polygon or MultiPolygon
/// features, each with a `name` property (jurisdictions drawn on a map).
pub fn load_polygons(path: &Path) -> Result<Vec<(String, super::geo::Polygon)>, String> {
    let fc = read_feature_collection(path, "GeoJSON polygon file")?;
    let shown = path.display();
    let ring = |r: &Vec<geojson::Position>| r.iter().map(|p| [p[0], p[1]]).collect::<Vec<_>>();
    let mut out = Vec::new();
    for (i, f) in fc.features.iter().enumerate() {
        let at = format!("{shown}: feature {i}");
        let Some(serde_json::Value::String(name)) = f.property("name") else {
            return Err(format!(
                "{at} has no `name` property (text): each polygon names its jurisdiction"
            ));
        };
        match f.geometry.as_ref().map(|g| &g.value) {
            Some(geojson::GeometryValue::Polygon { coordinates }) => {
                out.push((name.clone(), coordinates.iter().map(ring).collect()));
            }
            Some(geojson::GeometryValue::MultiPolygon { coordinates }) => {
                for poly in coordinates {
                    out.push((name.clone(), poly.iter().map(ring).collect()));
                }
            }
            Some(other) => {
                return Err(format!(
                    "{at} (\"{name}\") is a {}; jurisdictions are Polygon or MultiPolygon features",
                    other.type_name()
                ));
            }
            None => {
                return Err(format!(
                    "{at} (\"{name}\") has no geometry; expected a Polygon"
                ));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn maxspeed_reads_numbers_units_and_zones() {
        use super::parse_maxspeed as p;
        assert_eq!(p("50"), Some(50.0));
        assert_eq!(p("40;30"), Some(40.0));
        assert!((p("30 mph").unwrap() - 48.28).abs() < 0.01);
        assert_eq!(p("FI:urban"), Some(50.0));
        assert_eq!(p("DE:rural"), Some(80.0));
        assert_eq!(p("none"), None);
        assert_eq!(p("fast"), None);
    }
}
