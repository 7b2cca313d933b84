//! The rows of a calls export read one by one: each either a call (its
//! node, local time, type, priority and on-scene minutes) or refused with
//! its line number and why. Nothing is dropped without a reason.

use super::time;
use patrolsim::world::geo::Geo;
use std::collections::HashMap;
use std::path::Path;

/// The fixed column names; `--column NAME=HEADER` renames one.
pub const COLUMNS: [&str; 7] = [
    "time",
    "lon",
    "lat",
    "node",
    "type",
    "priority",
    "on_scene_min",
];

/// One usable call.
#[derive(Debug, Clone)]
pub struct Call {
    pub node: u32,
    pub local_s: i64,
    pub kind: String,
    pub priority: u8,
    pub on_scene_min: Option<f64>,
    /// How far its coordinates lay from the node (0 for a node number).
    pub snap_m: f64,
}

/// A row that is not used, with its line in the file.
#[derive(Debug, Clone)]
pub struct Refused {
    pub line: u64,
    pub why: String,
}

/// What the rows are resolved against.
pub struct Net<'a> {
    pub nodes: usize,
    pub geo: Option<&'a Geo>,
    pub margin_m: f64,
    pub max_snap_m: f64,
}

/// Read every row of `path`. `Err` (exit 2): the file cannot be read as
/// CSV at all, or lacks the columns needed.
pub fn read(
    path: &Path,
    rename: &HashMap<String, String>,
    tz: Option<i64>,
    net: &Net,
) -> Result<(Vec<Call>, Vec<Refused>), String> {
    let f = path.display();
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| format!("{f}: cannot read: {e}"))?;
    let header = rd
        .headers()
        .map_err(|e| format!("{f}: cannot read the header row: {e}"))?
        .clone();
    let col = |name: &str| {
        let want = rename.get(name).map_or(name, |s| s.as_str());
        header.iter().position(|h| h == want)
    };
    let [t, lon, lat, node, kind, prio, scene] = COLUMNS.map(col);
    let found: Vec<&str> = header.iter().collect();
    let named = |n: &str| rename.get(n).cloned().unwrap_or(n.to_string());
    let mut missing = vec![];
    for (c, n) in [(t, "time"), (kind, "type"), (prio, "priority")] {
        if c.is_none() {
            missing.push(named(n));
        }
    }
    if node.is_none() && (lon.is_none() || lat.is_none()) {
        missing.push(format!(
            "{} or {} and {}",
            named("node"),
            named("lon"),
            named("lat")
        ));
    }
    if !missing.is_empty() {
        return Err(format!(
            "{f}, line 1 (header): missing column(s) {}; found {:?}; expected {} (rename with --column NAME=HEADER)",
            missing.join(", "),
            found,
            "time, type, priority, node or lon and lat, optional on_scene_min"
        ));
    }
    let mut calls = vec![];
    let mut refused = vec![];
    for rec in rd.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                refused.push(Refused {
                    line,
                    why: format!("cannot be read as CSV: {e}"),
                });
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let get = |c: Option<usize>| c.and_then(|i| rec.get(i)).filter(|s| !s.is_empty());
        match row(
            get(t),
            get(lon),
            get(lat),
            get(node),
            get(kind),
            get(prio),
            get(scene),
            tz,
            net,
        ) {
            Ok(c) => calls.push(c),
            Err(why) => refused.push(Refused { line, why }),
        }
    }
    Ok((calls, refused))
}

#[allow(clippy::too_many_arguments)]
fn row(
    t: Option<&str>,
    lon: Option<&str>,
    lat: Option<&str>,
    node: Option<&str>,
    kind: Option<&str>,
    prio: Option<&str>,
    scene: Option<&str>,
    tz: Option<i64>,
    net: &Net,
) -> Result<Call, String> {
    let stamp = time::parse(t.ok_or("missing timestamp")?, tz)?;
    let (node, snap_m) = place(lon, lat, node, net)?;
    let kind = kind.ok_or("missing call type")?.to_string();
    let p = prio.ok_or("missing priority")?;
    let priority = p
        .trim_start_matches(['P', 'p'])
        .parse::<u8>()
        .ok()
        .filter(|x| (1..=9).contains(x))
        .ok_or_else(|| {
            format!("unknown priority \"{p}\": expected a whole number 1 … 9 (or P1 … P9)")
        })?;
    let on_scene_min = match scene {
        None => None,
        Some(s) => Some(
            s.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| format!("unreadable on_scene_min \"{s}\": expected minutes ≥ 0"))?,
        ),
    };
    Ok(Call {
        node,
        local_s: stamp.local_s,
        kind,
        priority,
        on_scene_min,
        snap_m,
    })
}

fn place(
    lon: Option<&str>,
    lat: Option<&str>,
    node: Option<&str>,
    net: &Net,
) -> Result<(u32, f64), String> {
    if let Some(n) = node {
        return match n.parse::<u32>() {
            Ok(i) if (i as usize) < net.nodes => Ok((i, 0.0)),
            _ => Err(format!(
                "node \"{n}\" is not in the road network: expected a node number 0 … {}",
                net.nodes - 1
            )),
        };
    }
    let (Some(lon), Some(lat)) = (lon, lat) else {
        return Err("missing coordinates: neither a node nor both lon and lat".into());
    };
    let (Ok(x), Ok(y)) = (lon.parse::<f64>(), lat.parse::<f64>()) else {
        return Err(format!(
            "unreadable coordinates [{lon}, {lat}]: expected decimal degrees"
        ));
    };
    let Some(geo) = net.geo else {
        return Err(
            "coordinates need a road network read from a map (network.kind = \"osm\" or \"geojson\"); give a node number".into(),
        );
    };
    if !geo.inside([x, y], net.margin_m) {
        return Err(format!(
            "off the map: [{x}, {y}] lies outside the network (longitude {:.5} … {:.5}, latitude {:.5} … {:.5}, plus {} m)",
            geo.bbox[0], geo.bbox[2], geo.bbox[1], geo.bbox[3], net.margin_m
        ));
    }
    let (node, d) = geo.snap([x, y]);
    if d > net.max_snap_m {
        return Err(format!(
            "off the map: [{x}, {y}] lies {d:.0} m from the nearest road node ({node}), beyond the snap limit of {} m (--max-snap-m)",
            net.max_snap_m
        ));
    }
    Ok((node, d))
}
