//! `[network]` read from a map (`kind = "osm"` or `"geojson"`): the file,
//! the speed of each road class, and paths resolved beside the scenario
//! file that names them. The map itself is read by `world` (`world/osm.rs`).

use crate::scenario::doc::{Node, Origin, Val};
use crate::scenario::read::{Reader, Tbl};
use serde::Serialize;
use std::path::Path;

/// The drivable OpenStreetMap road classes (`highway=`), their default
/// speed where no `maxspeed` is tagged (km/h) and whether they count as
/// arterial roads. Synthesis: urban default limits (50 km/h on main roads
/// in built-up areas, 30–40 on residential streets, as in Finland and most
/// of the EU); plausible range ±10 km/h per class; override them with
/// `class_speeds_kmh`.
pub const HIGHWAY_CLASSES: &[(&str, f64, bool)] = &[
    ("motorway", 100.0, true),
    ("motorway_link", 60.0, true),
    ("trunk", 80.0, true),
    ("trunk_link", 50.0, true),
    ("primary", 50.0, true),
    ("primary_link", 40.0, true),
    ("secondary", 50.0, true),
    ("secondary_link", 40.0, true),
    ("tertiary", 40.0, false),
    ("tertiary_link", 40.0, false),
    ("unclassified", 40.0, false),
    ("residential", 30.0, false),
    ("living_street", 20.0, false),
    ("service", 20.0, false),
    ("road", 30.0, false),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MapFormat {
    Osm,
    Geojson,
}

/// A road network read from a map file.
#[derive(Debug, Clone, Serialize)]
pub struct MapSpec {
    pub format: MapFormat,
    /// The file as written in the scenario.
    pub file: String,
    /// The path to open (relative to the scenario file that names it).
    pub path: String,
    /// Each class's default speed (km/h) and arterial flag.
    pub classes: Vec<(String, f64, bool)>,
}

/// A path written in a scenario, relative to the file it is written in
/// (a `--set` value: relative to the working directory).
pub(crate) fn beside(r: &Reader, origin: &Origin, written: &str) -> String {
    match origin {
        Origin::Span(f, ..) => match r.src.files().get(*f as usize) {
            Some((file, _)) => Path::new(file)
                .parent()
                .unwrap_or(Path::new(""))
                .join(written)
                .display()
                .to_string(),
            None => written.to_string(),
        },
        _ => written.to_string(),
    }
}

/// `file` and `class_speeds_kmh` of a map network.
pub(crate) fn read_map(r: &mut Reader, t: &mut Tbl, format: MapFormat) -> MapSpec {
    let path_key = t.key_path("file");
    let (file, path) = match r.get(t, "file") {
        Some(Node {
            val: Val::Str(s),
            origin,
        }) => (s.clone(), beside(r, origin, s)),
        Some(n) => {
            let msg = format!("expected a file path, found {}", n.val.type_name());
            r.error(&path_key, &n.origin, msg);
            (String::new(), String::new())
        }
        None => {
            let what = match format {
                MapFormat::Osm => "the path of an OpenStreetMap extract (.osm.pbf)",
                MapFormat::Geojson => "the path of a GeoJSON file of road LineStrings",
            };
            r.missing(t, "file", what);
            (String::new(), String::new())
        }
    };
    let mut classes: Vec<(String, f64, bool)> = HIGHWAY_CLASSES
        .iter()
        .map(|&(c, v, a)| (c.to_string(), v, a))
        .collect();
    if let Some(mut sub) = r.sub(t, "class_speeds_kmh") {
        let names: Vec<String> = sub.keys().map(str::to_string).collect();
        for name in &names {
            let p = sub.key_path(name);
            let n = r.get(&mut sub, name).expect("a present key");
            let v = match n.val {
                Val::Int(i) => Some(i as f64),
                Val::Float(f) => Some(f),
                _ => None,
            };
            match (classes.iter_mut().find(|c| c.0 == *name), v) {
                (Some(c), Some(v)) if v > 0.0 && v.is_finite() => c.1 = v,
                (Some(_), _) => r.error(&p, &n.origin, "a speed in km/h above 0"),
                (None, _) => {
                    let allowed: Vec<&str> = HIGHWAY_CLASSES.iter().map(|c| c.0).collect();
                    r.error(
                        &p,
                        &n.origin,
                        format!("not a drivable road class; allowed: {}", allowed.join(", ")),
                    );
                }
            }
        }
    }
    MapSpec {
        format,
        file,
        path,
        classes,
    }
}
