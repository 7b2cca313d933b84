//! Maps out: `run --out` writes nodes.geojson and edges.geojson for a network
//! read from a map, with the numbers of nodes.csv, and nothing for a grid.

use crate::util::*;
use patrolsim::model::Model;

/// The cells of a CSV line (double quotes around a cell allowed).
fn cells(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn a_map_run_writes_nodes_and_edges_as_geojson_with_the_numbers_of_nodes_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = patrolsim(&[
        "run",
        "tests/fixtures/tiny-town.toml",
        "--replications",
        "1",
        "--set",
        "scenario.horizon_days=2",
        "--out",
        p(&out),
    ]);
    ok(&o);
    let model = Model::new(&shipped("tests/fixtures/tiny-town.toml", &[]))
        .unwrap()
        .0;
    let w = &model.world;
    let bbox = w.geo.as_ref().expect("a map network").bbox;

    let nodes: serde_json::Value = serde_json::from_str(&read(&out, "nodes.geojson")).unwrap();
    assert_eq!(nodes["type"], "FeatureCollection");
    let feats = nodes["features"].as_array().unwrap();
    assert_eq!(feats.len(), w.node_count());
    let csv = read(&out, "nodes.csv");
    let mut lines = csv.lines();
    let header = cells(lines.next().unwrap());
    for (f, line) in feats.iter().zip(lines) {
        assert_eq!(f["geometry"]["type"], "Point");
        let c = &f["geometry"]["coordinates"];
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(
            lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3],
            "[{lon}, {lat}] outside {bbox:?}"
        );
        for (col, cell) in header.iter().zip(cells(line)) {
            let v = &f["properties"][col.as_str()];
            match v {
                serde_json::Value::String(s) => assert_eq!(*s, cell, "{col}"),
                serde_json::Value::Null => assert_eq!(cell, "", "{col}"),
                _ => assert_eq!(
                    v.as_f64().unwrap(),
                    cell.parse::<f64>().unwrap(),
                    "{col}: {line}"
                ),
            }
        }
    }
    // Some patrol presence reached the map.
    assert!(
        feats
            .iter()
            .any(|f| f["properties"]["presence_hours"].as_f64().unwrap_or(0.0) > 0.0)
    );

    let edges: serde_json::Value = serde_json::from_str(&read(&out, "edges.geojson")).unwrap();
    let efeats = edges["features"].as_array().unwrap();
    let directed: usize = (0..w.node_count())
        .map(|i| w.neighbours(i as u32).len())
        .sum();
    assert_eq!(efeats.len(), directed);
    for e in efeats {
        assert_eq!(e["geometry"]["type"], "LineString");
        let (a, b) = (
            e["properties"]["from"].as_u64().unwrap() as usize,
            e["properties"]["to"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            e["geometry"]["coordinates"],
            serde_json::json!([
                feats[a]["geometry"]["coordinates"],
                feats[b]["geometry"]["coordinates"]
            ])
        );
        let mean = (feats[a]["properties"]["presence_hours"].as_f64().unwrap()
            + feats[b]["properties"]["presence_hours"].as_f64().unwrap())
            / 2.0;
        let got = e["properties"]["presence_hours_mean_of_ends"]
            .as_f64()
            .unwrap();
        assert!((got - mean).abs() < 1e-9, "{got} vs {mean}");
    }
}

#[test]
fn a_grid_run_writes_no_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "--replications",
        "1",
        "--set",
        "scenario.horizon_days=1",
        "--set",
        "scenario.warmup_days=0",
        "--out",
        p(&out),
    ]);
    ok(&o);
    assert!(out.join("nodes.csv").exists());
    assert!(!out.join("nodes.geojson").exists());
    assert!(!out.join("edges.geojson").exists());
}
