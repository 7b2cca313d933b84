//! Land use from map tags (docs/real-places.md, "Places from map tags"):
//! the tiny town's tagged places (scripts/make-osm-fixture.py) give each
//! road node its use, the crime model puts crime where the tags say, the
//! tag table can be changed and bad names are refused; the Helsinki extract
//! (© OpenStreetMap contributors, ODbL) gives a town centre of shops and bars.

use super::*;
use patrolsim::world::World;

fn world(s: &Scenario) -> World {
    World::build(s).unwrap_or_else(|e| panic!("{e}")).0
}

/// The tiny town's network node at a road node's [lon, lat].
fn node_at(w: &World, lon: f64, lat: f64) -> usize {
    w.resolve(scenario::NodeRef::LonLat(lon, lat)).unwrap() as usize
}

/// The map nodes 1–6 of the fixture and the use their tagged places give.
const TOWN: [(f64, f64, &str); 6] = [
    (24.940, 60.170, "residential"), // two houses beat one kiosk
    (24.942, 60.170, "commercial"),
    (24.944, 60.170, "second_hand_market"),
    (24.940, 60.171, "transport_hub"),
    (24.942, 60.171, "entertainment"),
    (24.944, 60.171, "lodging"),
];

fn uses(w: &World) -> Vec<&'static str> {
    let lu = w.land_use.as_ref().expect("land use from the tags");
    TOWN.iter()
        .map(|&(lon, lat, _)| scenario::LAND_USES[lu[node_at(w, lon, lat)] as usize])
        .collect()
}

#[test]
fn each_road_node_of_the_tiny_town_takes_the_use_of_the_tagged_places_around_it() {
    let w = world(&shipped("tests/fixtures/tiny-town.toml", &[]));
    let want: Vec<&str> = TOWN.iter().map(|t| t.2).collect();
    assert_eq!(uses(&w), want);
    let r = w.land_use_report.as_ref().unwrap();
    // Two houses and two shops, one of every other use; all near a road.
    assert_eq!(r.pois, [2, 2, 1, 1, 1, 1]);
    assert_eq!(r.pois_near, r.pois);
    assert_eq!(r.nodes, [1, 1, 1, 1, 1, 1]);
}

#[test]
fn a_changed_tag_table_and_weights_change_the_uses_and_synthetic_ignores_the_tags() {
    // The bar becomes a hotel; a house now counts less than the kiosk.
    let text = extending(
        "tests/fixtures/tiny-town.toml",
        "[places]\ntag_weight = { residential = 0.4 }\n[places.tag_uses]\n\"amenity=bar\" = \"lodging\"\n",
    );
    let w = world(&scenario(&text));
    let u = uses(&w);
    assert_eq!(u[0], "commercial");
    assert_eq!(u[4], "lodging");
    // "none" drops a rule: no shop is commercial any more, the bakery's
    // node has no tagged place and is residential.
    let text = extending(
        "tests/fixtures/tiny-town.toml",
        "[places.tag_uses]\n\"shop=*\" = \"none\"\n",
    );
    assert_eq!(uses(&world(&scenario(&text)))[1], "residential");
    let s = shipped(
        "tests/fixtures/tiny-town.toml",
        &["places.land_use_from=\"synthetic\""],
    );
    let w = world(&s);
    assert!(w.land_use.is_none() && w.land_use_report.is_none());
}

#[test]
fn crime_that_happens_only_at_entertainment_places_happens_at_the_bar() {
    let mut text = extending(
        "tests/fixtures/tiny-town.toml",
        "[scenario]\nhorizon_days = 28\n[crime]\nlocal_offenders = 30\n",
    );
    for t in ["burglary", "robbery", "snatch", "vehicle_theft", "assault"] {
        text.push_str(&format!(
            "[crime.types.{t}]\nby_land_use = [0, 0, 1, 0, 0, 0]\n"
        ));
    }
    let s = scenario(&text);
    let (m, _) = patrolsim::model::Model::new(&s).unwrap();
    let r = m.run(3);
    let w = world(&s);
    let bar = node_at(&w, 24.942, 60.171);
    let crimes = &r.nodes.crimes;
    assert!(crimes[bar] > 0.0, "crimes per node: {crimes:?}");
    for (i, c) in crimes.iter().enumerate() {
        if i != bar {
            assert_eq!(*c, 0.0, "crime at node {i}, not the bar: {crimes:?}");
        }
    }
}

#[test]
fn validate_counts_the_tagged_places_of_each_use_in_the_tiny_town_and_in_helsinki() {
    let o = patrolsim(&["validate", "tests/fixtures/tiny-town.toml"]);
    ok(&o);
    assert!(
        stderr(&o).contains(
            "places from map tags: 8 tagged places (residential 2, commercial 2, entertainment 1, lodging 1, transport_hub 1, second_hand_market 1)"
        ),
        "{}",
        stderr(&o)
    );
    let w = world(&shipped("scenarios/real/helsinki.toml", &[]));
    let r = w
        .land_use_report
        .as_ref()
        .expect("Helsinki has tagged places");
    let n = w.node_count();
    // The centre of Helsinki (Kluuvi, Kamppi): shops, restaurants and bars
    // at most road nodes, hotels and the central railway station present.
    assert!(r.pois[1] > 300 && r.pois[2] > 100, "{r:?}");
    assert!(r.nodes[1] + r.nodes[2] > n / 2, "{r:?}");
    assert!(r.nodes[3] >= 1 && r.nodes[4] >= 1, "{r:?}");
    assert_eq!(r.nodes.iter().sum::<usize>(), n);
}

#[test]
fn an_unknown_use_in_the_tag_table_or_tags_on_a_grid_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.toml");
    std::fs::write(
        &f,
        extending(
            "tests/fixtures/tiny-town.toml",
            "[places.tag_uses]\n\"amenity=bar\" = \"nightlife\"\n",
        ),
    )
    .unwrap();
    let o = patrolsim(&["validate", p(&f)]);
    refused(&o, "places.tag_uses.amenity=bar");
    refused(
        &o,
        "unknown land use \"nightlife\"; allowed: residential, commercial",
    );
    std::fs::write(
        &f,
        extending(
            "tests/fixtures/tiny-town.toml",
            "[places.tag_uses]\n\"amenity\" = \"commercial\"\n",
        ),
    )
    .unwrap();
    refused(
        &patrolsim(&["validate", p(&f)]),
        "\"key=value\" or \"key=*\"",
    );
    let o = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "places.land_use_from=\"tags\"",
    ]);
    refused(&o, "places.land_use_from");
    refused(&o, "needs a network read from an OpenStreetMap extract");
}

#[test]
fn tags_asked_of_a_map_without_tagged_places_warn_and_draw_the_layout() {
    let mut text = extending(
        "tests/fixtures/tiny-town.toml",
        "[places]\nland_use_from = \"tags\"\n[places.tag_uses]\n",
    );
    for (kv, _) in patrolsim::scenario::tables::place_tags::TAG_USES {
        text.push_str(&format!("{kv:?} = \"none\"\n"));
    }
    let (w, warnings) = World::build(&scenario(&text)).unwrap();
    assert!(w.land_use.is_none());
    assert!(
        warnings.iter().any(|x| x.path == "places.land_use_from"
            && x.message.contains("no place tagged with a land use")),
        "{warnings:?}"
    );
    // GeoJSON roads carry no places: "tags" is refused there.
    let s = scenario::load(
        &root().join("tests/fixtures/tiny-town.toml"),
        &[
            "network.kind=\"geojson\"".to_string(),
            "network.file=\"tests/fixtures/tiny-town.geojson\"".to_string(),
            "places.land_use_from=\"tags\"".to_string(),
        ],
    )
    .unwrap();
    let e = World::build(&s).unwrap_err().to_string();
    assert!(e.contains("places.land_use_from"), "{e}");
}
