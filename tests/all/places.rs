//! A planner's own place: road networks read from OpenStreetMap extracts and
//! GeoJSON, one-way streets, places given as [lon, lat] and snapped to the
//! nearest node, and bad map input. Fixtures: `tests/fixtures/tiny-town.*`
//! (a made-up town written by scripts/make-osm-fixture.py) and the central
//! Helsinki extract `scenarios/real/helsinki.osm.pbf` (© OpenStreetMap
//! contributors, ODbL).

use super::*;
use patrolsim::world::{Router, TravelTable, World};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The tiny town's scenario text, read as if it stood in tests/fixtures.
fn tiny(set: &[&str]) -> Scenario {
    shipped("tests/fixtures/tiny-town.toml", set)
}

fn world(s: &Scenario) -> World {
    World::build(s).unwrap_or_else(|e| panic!("{e}")).0
}

/// Times (ms) from `src` to every node at `speed`, by a forward Dijkstra
/// over `neighbours` written here (independent of the routers).
fn forward_times(w: &World, speed: f64, src: u32) -> Vec<u64> {
    let mut d = vec![u64::MAX; w.node_count()];
    let mut heap = BinaryHeap::new();
    d[src as usize] = 0;
    heap.push(Reverse((0u64, src)));
    while let Some(Reverse((t, u))) = heap.pop() {
        if t > d[u as usize] {
            continue;
        }
        for a in w.neighbours(u) {
            let nt = t + w.edge_ms(a, speed) as u64;
            if nt < d[a.to as usize] {
                d[a.to as usize] = nt;
                heap.push(Reverse((nt, a.to)));
            }
        }
    }
    d
}

/// Shortest road distances (m) from `src`.
fn road_metres(w: &World, src: u32) -> Vec<f64> {
    let mut d = vec![f64::INFINITY; w.node_count()];
    let mut heap = BinaryHeap::new();
    d[src as usize] = 0.0;
    heap.push(Reverse((0u64, src)));
    while let Some(Reverse((_, u))) = heap.pop() {
        let du = d[u as usize];
        for a in w.neighbours(u) {
            let nd = du + a.length_m as f64;
            if nd < d[a.to as usize] {
                d[a.to as usize] = nd;
                heap.push(Reverse(((nd * 1000.0) as u64, a.to)));
            }
        }
    }
    d
}

/// Every pair's travel time from the full table and from the contraction
/// hierarchy equals a forward search over the directed roads, and the
/// bounded nearest-unit search picks what trying every unit picks.
fn routers_respect_one_way_roads(w: &World, speed: f64, sample: usize) {
    let full = std::sync::Arc::new(TravelTable::new(w, speed, true));
    let ch = std::sync::Arc::new(TravelTable::new(w, speed, false));
    let (mut rf, mut rc) = (Router::new(full), Router::new(ch));
    let n = w.node_count() as u32;
    let step = (n as usize / sample).max(1);
    for a in (0..n).step_by(step) {
        let exact = forward_times(w, speed, a);
        for b in 0..n {
            let t = exact[b as usize];
            assert_eq!(rf.time(w, a, b) as u64, t, "full {a}->{b}");
            assert_eq!(rc.time(w, a, b) as u64, t, "hierarchy {a}->{b}");
            assert_eq!(rc.time_to(w, a, b) as u64, t, "row {a}->{b}");
        }
        // Units at every other node toward `a`: the bounded backward search.
        let units: Vec<(u32, u64, u32)> = (0..n).step_by(2).map(|u| (u, 0, u)).collect();
        let brute = units
            .iter()
            .map(|&(from, _, id)| (forward_times(w, speed, from)[a as usize], id))
            .min()
            .unwrap();
        assert_eq!(rc.nearest_source(w, a, &units), brute);
        assert_eq!(rf.nearest_source(w, a, &units), brute);
    }
}

#[test]
fn an_osm_extract_becomes_a_directed_network_without_dead_ends_or_shaping_nodes() {
    let w = world(&tiny(&[]));
    let r = w.roads.as_ref().expect("an import report");
    // Eight road nodes; the one-way dead end 10 is dropped, the shaping
    // node 8 merged; the footway and the driveway are not roads for cars.
    assert_eq!(r.map_nodes, 8);
    assert_eq!(r.dropped_nodes, 1);
    assert_eq!(r.merged_nodes, 1);
    assert_eq!(w.node_count(), 6);
    // Five two-way roads (10 edges) and two one-way ones.
    assert_eq!((r.edges, r.one_way_edges), (12, 2));
    let at = |lon: f64, lat: f64| {
        let n = w.resolve(scenario::NodeRef::LonLat(lon, lat)).unwrap();
        let g = w.geo.as_ref().unwrap();
        let q = g.lonlat[n as usize];
        assert!(
            (q[0] - lon).abs() < 1e-9 && (q[1] - lat).abs() < 1e-9,
            "a node sits there"
        );
        n
    };
    let (n1, n2, n5, n4) = (
        at(24.940, 60.170),
        at(24.942, 60.170),
        at(24.942, 60.171),
        at(24.940, 60.171),
    );
    let car = 60.0;
    let from2 = forward_times(&w, car, n2);
    let from5 = forward_times(&w, car, n5);
    // 2 -> 5 is the one-way street north (111 m at the residential 30 km/h);
    // back, a car goes round by 4 and 1 (the primary road at its tagged 60).
    let north = 111.195 / (30.0 / 3.6) * 1000.0;
    assert!((from2[n5 as usize] as f64 - north).abs() < 0.01 * north);
    let edge = |a: u32, b: u32| {
        w.neighbours(a)
            .iter()
            .find(|x| x.to == b)
            .map(|x| w.edge_ms(x, car) as u64)
            .unwrap_or_else(|| panic!("no edge {a}->{b}"))
    };
    assert!(w.neighbours(n5).iter().all(|x| x.to != n2), "no way south");
    assert_eq!(
        from5[n2 as usize],
        edge(n5, n4) + edge(n4, n1) + edge(n1, n2)
    );
    let primary = w.neighbours(n4).iter().find(|x| x.to == n1).unwrap();
    assert_eq!(primary.limit_kmh, 60.0, "maxspeed = 60 is read");
    routers_respect_one_way_roads(&w, car, 6);
}

#[test]
fn geojson_lines_give_the_same_network_as_the_osm_extract() {
    let osm = world(&tiny(&[]));
    let gj = world(&tiny(&[
        "network.kind=\"geojson\"",
        "network.file=\"tests/fixtures/tiny-town.geojson\"",
    ]));
    assert_eq!(gj.node_count(), osm.node_count());
    assert_eq!(gj.roads.as_ref().unwrap().edges, 12);
    let edges = |w: &World| {
        let g = w.geo.as_ref().unwrap();
        let mut e: Vec<String> = (0..w.node_count() as u32)
            .flat_map(|a| {
                w.neighbours(a)
                    .iter()
                    .map(|x| {
                        let (p, q) = (g.lonlat[a as usize], g.lonlat[x.to as usize]);
                        format!(
                            "{:.6},{:.6}->{:.6},{:.6} {:.3} {}",
                            p[0], p[1], q[0], q[1], x.length_m, x.limit_kmh
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        e.sort();
        e
    };
    assert_eq!(edges(&gj), edges(&osm));
}

#[test]
fn a_one_way_ring_is_driven_one_way_by_every_router() {
    // Four nodes on a 1 km square, one-way anticlockwise, and a two-way spur.
    let s = scenario(
        r#"[network]
kind = "explicit"
one_way = true
nodes = [[0, 0], [1000, 0], [1000, 1000], [0, 1000], [2000, 0]]
edges = [[0, 1], [1, 2], [2, 3], [3, 0], [1, 4], [4, 1]]
local_speed_kmh = 36
[[units]]
count = 1
"#,
    );
    let w = world(&s);
    assert!(!w.is_symmetric());
    let t = forward_times(&w, 36.0, 1);
    assert_eq!(t[0], 300_000, "1 -> 0 goes round the ring: 3 km at 10 m/s");
    assert_eq!(forward_times(&w, 36.0, 0)[1], 100_000);
    routers_respect_one_way_roads(&w, 36.0, 5);
    // A one-way road leading nowhere is refused by name.
    let sc = Scratch::new(
        "s.toml",
        "[network]\nkind = \"explicit\"\none_way = true\nnodes = [[0, 0], [100, 0], [200, 0]]\nedges = [[0, 1], [1, 0], [1, 2]]\n[[units]]\ncount = 1\n",
    );
    let err = sc.rejected(&[]);
    assert!(
        err.contains("1 of 3 nodes cannot be reached from node 0 or cannot get back to it (one-way roads) (e.g. 2)"),
        "{err}"
    );
}

#[test]
fn places_by_coordinates_snap_to_the_nearest_node_and_validate_says_how_far() {
    let o = patrolsim(&["validate", "tests/fixtures/tiny-town.toml"]);
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("snapped: jurisdictions[0].station [24.9421, 60.1701] -> node 1 (12 m away)"),
        "{err}"
    );
    assert!(
        err.contains("roads: 8 map nodes on drivable roads; 1 (12.5 %)"),
        "{err}"
    );
    assert!(!err.contains("warning"), "{err}");
    // 78 m from the nearest node: a warning above snap_warn_m = 50, and
    // the run goes on.
    let o = patrolsim(&[
        "validate",
        "tests/fixtures/tiny-town.toml",
        "--set",
        "jurisdictions.0.station=[24.943, 60.1705]",
        "--set",
        "network.snap_warn_m=50",
    ]);
    ok(&o);
    assert!(
        stderr(&o).contains(
            "warning: `jurisdictions[0].station`: [24.943, 60.1705] lies 78 m from the nearest road node"
        ),
        "{}",
        stderr(&o)
    );
    // Far outside the map: refused.
    let o = patrolsim(&[
        "validate",
        "tests/fixtures/tiny-town.toml",
        "--set",
        "jurisdictions.0.station=[25.5, 60.17]",
    ]);
    refused(
        &o,
        "`jurisdictions[0].station`: [25.5, 60.17] lies outside the road network",
    );
    // Coordinates on a grid: refused, saying what they need.
    let o = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "jurisdictions.0.station=[24.9, 60.1]",
    ]);
    refused(&o, "needs a road network read from a map");
}

#[test]
fn bad_map_files_are_refused_with_the_file_and_what_was_expected() {
    let sc = Scratch::new(
        "s.toml",
        "[network]\nkind = \"osm\"\nfile = \"roads.osm.pbf\"\n[[units]]\ncount = 1\n",
    );
    sc.add("roads.osm.pbf", "this is not a PBF file, it is text\n");
    let err = sc.rejected(&[]);
    assert!(err.contains("`network.file`: cannot read"), "{err}");
    assert!(
        err.contains("roads.osm.pbf as an OpenStreetMap PBF extract"),
        "{err}"
    );
    // A missing file.
    std::fs::remove_file(sc.dir.path().join("roads.osm.pbf")).unwrap();
    let err = sc.rejected(&[]);
    assert!(err.contains("cannot read OpenStreetMap extract"), "{err}");
    // GeoJSON with a point among the roads.
    sc.add(
        "s.toml",
        "[network]\nkind = \"geojson\"\nfile = \"roads.geojson\"\n[[units]]\ncount = 1\n",
    );
    sc.add(
        "roads.geojson",
        r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[24.94,60.17],[24.95,60.17]]}},
{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[24.94,60.17]}}]}"#,
    );
    let err = sc.rejected(&[]);
    assert!(
        err.contains(
            "feature 1 is a Point; a road network is LineString or MultiLineString features"
        ),
        "{err}"
    );
    // An unknown road class in the speed table.
    sc.add(
        "s.toml",
        "[network]\nkind = \"geojson\"\nfile = \"roads.geojson\"\nclass_speeds_kmh = { footway = 5 }\n[[units]]\ncount = 1\n",
    );
    let err = sc.rejected(&[]);
    assert!(
        err.contains(
            "`network.class_speeds_kmh.footway`: not a drivable road class; allowed: motorway"
        ),
        "{err}"
    );
}

/// The central Helsinki extract: its size after import, and circuity (road
/// distance over straight-line distance between node pairs), about 1.2 for
/// random points in cities (Newell 1980; 1.21–1.23 around transit stations,
/// O'Sullivan 1996) and higher for short trips (Giacomin & Levinson 2015);
/// see docs/real-places.md.
#[test]
fn the_helsinki_extract_imports_with_a_city_like_circuity() {
    let s = scenario(&format!(
        "[network]\nkind = \"osm\"\nfile = {:?}\n[[units]]\ncount = 1\n",
        p(&root().join("scenarios/real/helsinki.osm.pbf"))
    ));
    let w = world(&s);
    let r = w.roads.as_ref().unwrap();
    assert_eq!((r.map_nodes, r.nodes, r.edges), (1828, 276, 535));
    assert!(r.kept_share() > 0.85, "{}", r.kept_share());
    // Circuity by straight-line distance, over every ordered pair (one-way
    // streets count: the road distance is the way a car must go).
    let n = w.node_count();
    let bins = [(300.0, 700.0), (700.0, 1200.0), (1200.0, f64::INFINITY)];
    let mut sum = [0.0f64; 3];
    let mut k = [0usize; 3];
    for a in 0..n {
        let d = road_metres(&w, a as u32);
        for (b, db) in d.iter().enumerate() {
            let (pa, pb) = (w.xy[a], w.xy[b]);
            let straight = (pa[0] - pb[0]).hypot(pa[1] - pb[1]);
            if let Some(i) = bins
                .iter()
                .position(|&(lo, hi)| straight > lo && straight <= hi)
            {
                sum[i] += db / straight;
                k[i] += 1;
            }
        }
    }
    let c: Vec<f64> = (0..3).map(|i| sum[i] / k[i] as f64).collect();
    eprintln!("helsinki circuity by distance {bins:?}: {c:.3?} over {k:?} pairs");
    // Short trips are more circuitous (Giacomin & Levinson 2015), and pairs
    // over 1.2 km apart come within the published range for cities.
    assert!(c[0] > c[1] && c[1] > c[2], "{c:?}");
    assert!(k[2] > 1000 && (1.1..1.4).contains(&c[2]), "{c:?} {k:?}");
    routers_respect_one_way_roads(&w, 50.0, 8);
}

#[test]
fn jurisdictions_drawn_as_polygons_take_every_node_once_and_the_helsinki_scenario_runs() {
    let s = shipped(
        "scenarios/real/helsinki.toml",
        &["scenario.horizon_days=2", "scenario.warmup_days=0"],
    );
    let w = world(&s);
    let g = w.geo.as_ref().unwrap();
    let west = &w.jurisdictions[0];
    let east = &w.jurisdictions[1];
    assert_eq!(west.nodes.len() + east.nodes.len(), w.node_count());
    assert!(west.nodes.iter().all(|&n| g.lonlat[n as usize][0] < 24.944));
    assert!(
        east.nodes
            .iter()
            .all(|&n| g.lonlat[n as usize][0] >= 24.944)
    );
    assert!(west.nodes.len() > 50 && east.nodes.len() > 50);
    assert_eq!(w.node_jur[west.station as usize], 0);
    assert_eq!(w.node_jur[east.station as usize], 1);
    // Each edge carries its far end's jurisdiction (patrol steps read it).
    for n in 0..w.node_count() as u32 {
        for a in w.neighbours(n) {
            assert_eq!(a.to_jur, w.node_jur[a.to as usize], "edge {n} -> {}", a.to);
        }
    }
    let r = run_seed(&s, 1);
    assert!(r.metric("calls").unwrap() > 20.0);
}

#[test]
fn polygons_that_miss_nodes_or_are_not_polygons_are_refused() {
    let text = |poly: &str| {
        format!(
            "[network]\nkind = \"osm\"\nfile = {:?}\n[[jurisdictions]]\nname = \"south\"\nstation = [24.942, 60.170]\npolygons = \"{poly}\"\n[[units]]\ncount = 1\njurisdiction = \"south\"\n",
            p(&root().join("tests/fixtures/tiny-town.osm.pbf"))
        )
    };
    // The southern row only (lat < 60.1705): the northern nodes are in none.
    let sc = Scratch::new("s.toml", &text("areas.geojson"));
    sc.add(
        "areas.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"south"},
"geometry":{"type":"Polygon","coordinates":[[[24.93,60.16],[24.95,60.16],[24.95,60.1705],[24.93,60.1705],[24.93,60.16]]]}}]}"#,
    );
    let err = sc.rejected(&[]);
    assert!(err.contains("3 nodes belong to no jurisdiction"), "{err}");
    // A second jurisdiction taking the rest covers them: it runs.
    sc.add(
        "s.toml",
        &(text("areas.geojson")
            + "[[jurisdictions]]\nname = \"north\"\nstation = [24.942, 60.171]\nrest = true\n"),
    );
    sc.accepted(&[
        "--set",
        "scenario.horizon_days=1",
        "--set",
        "scenario.replications=1",
    ]);
    std::fs::remove_dir_all(sc.out()).unwrap();
    // A name the file lacks, and a line where a polygon belongs.
    sc.add(
        "s.toml",
        &text("areas.geojson").replace("\"south\"", "\"harbour\""),
    );
    let err = sc.rejected(&[]);
    assert!(
        err.contains("areas.geojson has no polygon named \"harbour\" (names there: south)"),
        "{err}"
    );
    sc.add("s.toml", &text("lines.geojson"));
    sc.add(
        "lines.geojson",
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"south"},
"geometry":{"type":"LineString","coordinates":[[24.93,60.16],[24.95,60.16]]}}]}"#,
    );
    let err = sc.rejected(&[]);
    assert!(
        err.contains("feature 0 (\"south\") is a LineString; jurisdictions are Polygon or MultiPolygon features"),
        "{err}"
    );
}
