//! Tests of the key registry: the committed reference is current, every
//! key the reader asks for is listed and every listed key is read.

use super::*;
use crate::scenario::doc::{Node, Origin, Source, Val};
use crate::scenario::read::Reader;

#[test]
fn the_committed_reference_is_the_registry() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/reference/scenario-keys.md"
    );
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == reference(),
        "docs/reference/scenario-keys.md differs from the key registry: \
         run `cargo run --example gen_reference` and commit the file"
    );
}

#[test]
fn every_table_path_is_listed_once() {
    let mut paths: Vec<&str> = crate::scenario::TABLES.iter().map(|t| t.path).collect();
    let n = paths.len();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), n, "a table is listed twice in TABLES");
    for t in crate::scenario::TABLES {
        let mut names: Vec<&str> = t.keys.iter().map(|k| k.name).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "a key is listed twice in `[{}]`", t.path);
        // A table named by another key's `Kind::Table` exists.
        for k in t.keys {
            if let Kind::Table(p) = k.kind {
                assert!(
                    crate::scenario::TABLES.iter().any(|x| x.path == p),
                    "`{}.{}` points to `[{p}]`, which is not in TABLES",
                    t.path,
                    k.name
                );
            }
        }
    }
}

static ONE: TableDoc = TableDoc {
    path: "test",
    about: "",
    keys: &[num("listed", 1.0, Check::Any, "", "")],
    extra: None,
};

#[test]
#[should_panic(expected = "which the key registry does not list")]
fn asking_for_a_key_the_registry_does_not_list_panics() {
    let src = Source::default();
    let node = Node {
        val: Val::Table(vec![]),
        origin: Origin::Builtin,
    };
    let mut r = Reader::new(&src);
    let mut t = r.as_table(&node, "test".into()).unwrap().with_doc(&ONE);
    assert_eq!(r.num(&mut t, "listed"), 1.0);
    r.f64(&mut t, "unlisted", 0.0, Check::Any);
}

/// Every shipped scenario (with its strategies) and a few written here
/// for what none of them sets.
fn read_everything() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"),
        &mut paths,
    );
    for p in paths {
        // Sweep files and others that are not scenarios are skipped.
        let Ok(doc) = crate::scenario::Document::from_file(&p) else {
            continue;
        };
        let _ = doc.read(&[]);
        let _ = doc.uncertain_params();
        for (name, _) in &doc.strategies {
            let _ = doc.read_tree(doc.strategy_tree(name).unwrap(), &[]);
        }
    }
    let extra = [
        r#"
[network]
kind = "explicit"
nodes = [[0, 0], [100, 0], [100, 100]]
edges = [[0, 1], [1, 2, "arterial", 150]]
exits = [2]
node_weights = [1, 2, 1]
[[jurisdictions]]
name = "a"
station = 0
nodes = [0, 1]
[[jurisdictions]]
name = "b"
station = 2
rest = true
[dispatch]
response_target_min = { urban = 5, rural = 20 }
intake_delay_min = { dist = "uniform", min = 1, max = 2 }
[unit_types.bike]
speed_kmh = 15
[shifts.day]
start_hour = 8
hours = 8
days = "weekdays"
[[units]]
jurisdiction = "a"
count = 1
type = "bike"
shift = "day"
posts = [1]
patrol = "beat"
patrol_share = 1.0
beat = [0, 1]
[places]
land_use_share = { commercial = 0.1 }
households = { residential = 30 }
pedestrians = { commercial = 50 }
vehicles = { lodging = 10 }
[crime]
sentence_days = { dist = "fixed", value = 100 }
[crime.types.fraud]
target = "household"
on_scene_min = { dist = "exponential", mean = 20 }
[crime.types.robbery]
time_on_target_min = { dist = "lognormal", mean = 2, sd = 1 }
[sanctions.types.burglary]
charge_share = 0.5
custody_share = 0.5
sentence_days = 30
detention_share = 0.5
detention_days = 5
[[programmes]]
jurisdictions = ["a"]
lock_share = 0.9
alarm_share = 0.2
camera_share = 0.1
[[checkpoints]]
node = 1
[regional]
pairs = [{ a = "a", b = "b", cooperation = 0.5 }]
[community]
areas = [{ jurisdiction = "a", officers = 2 }]
[economics.payer]
locks = "public"
"#,
        r#"
[network]
rows = 3
cols = 3
[[jurisdictions]]
station = [1, 1]
rows = [0, 2]
cols = [0, 2]
"#,
    ];
    for text in extra {
        if let Err(e) = crate::scenario::from_str("extra.toml", text, &[]) {
            panic!("{e}");
        }
    }
}

#[test]
fn every_registered_key_is_read_by_the_reader() {
    ASKED.with(|a| *a.borrow_mut() = Some(Vec::new()));
    read_everything();
    let asked = ASKED.with(|a| a.borrow_mut().take().unwrap());
    let mut never = Vec::new();
    for t in crate::scenario::TABLES {
        for k in t.keys {
            // Taken out of the document before the tables are read.
            let outside = t.path == "(top level)"
                && ["extends", "strategies", "baseline", "phases", "uncertainty"].contains(&k.name);
            if !outside && !asked.iter().any(|(p, n)| *p == t.path && n == k.name) {
                never.push(format!("{}.{}", t.path, k.name));
            }
        }
    }
    assert!(
        never.is_empty(),
        "registered but never read (stale registry entries?): {}",
        never.join(", ")
    );
}
