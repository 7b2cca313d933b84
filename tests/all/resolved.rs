//! `validate` prints the scenario as resolved: the document as read with
//! every default the reader filled in, as TOML that reads back to the same
//! scenario.

use super::*;
use patrolsim::scenario::{Document, doc};

/// Every scenario file shipped (sweeps' base scenarios included).
fn shipped_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "scenarios",
        "scenarios/bench",
        "scenarios/claims",
        "scenarios/sweeps",
    ] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            if p.extension().is_some_and(|x| x == "toml") && !text.contains("[sweep]") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A scenario as JSON, its phases and strategies included, for comparison.
fn fingerprint(d: &Document, set: &[String]) -> serde_json::Value {
    let s = d.read(set).unwrap_or_else(|e| panic!("{e}"));
    let phases: Vec<_> = s
        .phases
        .iter()
        .map(|p| serde_json::json!([p.name, p.start_day, p.scenario]))
        .collect();
    let strategies: Vec<_> = d
        .strategies
        .iter()
        .map(|(n, _)| {
            let t = d.strategy_tree(n).unwrap();
            serde_json::json!([n, d.read_tree(t, set).unwrap_or_else(|e| panic!("{e}"))])
        })
        .collect();
    serde_json::json!({
        "scenario": s,
        "phases": phases,
        "strategies": strategies,
        "baseline": d.baseline.as_ref().map(|b| b.0.clone()),
    })
}

/// The first place where two JSON values differ, with both sides.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value::{Array, Object};
    match (a, b) {
        (Object(x), Object(y)) if x.len() == y.len() => x
            .iter()
            .find_map(|(k, v)| first_difference(v, y.get(k)?, &format!("{at}.{k}")))
            .or_else(|| {
                x.keys()
                    .find(|k| !y.contains_key(*k))
                    .map(|k| format!("{at}.{k}"))
            }),
        (Array(x), Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{at}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} vs {b}")),
    }
}

/// Keys a scenario may leave out because their absence means something (no
/// value to fill in): the default exits and node weights, the station as
/// post, no beat, no crime model, the two other ways to give an area, a
/// programme that leaves a share as it is, an area type without a target.
fn optional(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    // `economics.households_per_target` absent is derived from the model's
    // households, which only a built model knows.
    matches!(
        path,
        "network.exits"
            | "network.node_weights"
            | "crime"
            | "intake"
            | "economics.households_per_target"
    ) || (path.starts_with("intake.desks[") && matches!(last, "police_call_type" | "call_type"))
        // Unit roles: absent means "by role" (answers) or none, and roles off.
        || (path.starts_with("unit_types.") && matches!(last, "answers" | "covers"))
        || (path.starts_with("calls.types[") && last == "needs")
        || (path.starts_with("units[") && matches!(last, "posts" | "beat"))
        || (path.starts_with("jurisdictions[")
            && matches!(last, "rows" | "cols" | "nodes" | "polygons"))
        || (path.starts_with("programmes[")
            && matches!(last, "lock_share" | "alarm_share" | "camera_share"))
        || path.starts_with("dispatch.response_target_min.")
}

#[test]
fn resolved_scenarios_read_back_the_same_and_leave_nothing_to_fill() {
    let files = shipped_files();
    assert!(files.len() >= 20, "{} files", files.len());
    for f in files {
        let d = Document::from_file(&f).unwrap_or_else(|e| panic!("{e}"));
        let (_, tree, first) = d.resolved(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !first.filled.is_empty(),
            "{}: no defaults filled in",
            f.display()
        );
        let text = doc::to_toml(&tree);
        // The resolved file is valid TOML that reads back to the same
        // scenario, phases and strategies.
        let path = root().join(f.parent().unwrap()).join(".resolved-test.toml");
        let back = Document::from_text(&path.display().to_string(), &text)
            .unwrap_or_else(|e| panic!("{}: {e}\n{text}", f.display()));
        let diff = first_difference(&fingerprint(&back, &[]), &fingerprint(&d, &[]), "");
        assert!(
            diff.is_none(),
            "{}: the resolved scenario differs at {diff:?}",
            f.display()
        );
        // A default that is another key's value is not frozen: changing
        // that key (as a strategy, phase or sweep does) still carries through.
        let set: Vec<String> = [
            "deployment.patrol_share=0.9",
            "deployment.patrol=\"coverage\"",
        ]
        .map(String::from)
        .to_vec();
        let diff = first_difference(&fingerprint(&back, &set), &fingerprint(&d, &set), "");
        assert!(
            diff.is_none(),
            "{}: with {set:?}, differs at {diff:?}",
            f.display()
        );
        // Nothing is left to fill: every key the reader asks for is there,
        // but for optional ones.
        let (_, again, second) = back.resolved(&[]).unwrap();
        let filled: Vec<String> = second
            .filled
            .iter()
            .map(|(p, n)| format!("{p:?} = {}", n.to_text()))
            .collect();
        assert!(
            filled.is_empty(),
            "{}: still filled: {filled:?}",
            f.display()
        );
        let derived = second.derived_paths();
        let missing: Vec<String> = second
            .unfilled_paths()
            .into_iter()
            .filter(|p| !optional(p) && !derived.contains(p))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: not resolved: {missing:?}",
            f.display()
        );
        assert_eq!(
            doc::to_toml(&again),
            text,
            "{}: not a fixed point",
            f.display()
        );
    }
}

#[test]
fn validate_prints_a_scenario_whose_run_gives_the_same_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // The county; the county with many levers set on the command line; a
    // phased scenario.
    let levers: &[&str] = &[
        "--set",
        "scenario.horizon_days=30",
        "--set",
        "checkpoints=[{ node = [0, 10], start_hour = 18, hours = 12 }]",
        "--set",
        "enforcement.stop_check_per_hour=1",
        "--set",
        "informants.eat=5",
        "--set",
        "informants.lodging_registration=true",
        "--set",
        "regional.cooperation=0.4",
        "--set",
        "regional.pairs=[{ a = \"north\", b = \"centre\", cooperation = 0.9 }]",
        "--set",
        "cameras.nodes=[[9, 9], [10, 10]]",
        "--set",
        "investigation.detectives=10",
        "--set",
        "programmes=[{ jurisdictions = [\"centre\"], lock_share = 0.8 }]",
        "--set",
        "community.areas=[{ jurisdiction = \"centre\", officers = 3 }]",
    ];
    let cases: [(&str, &[&str]); 3] = [
        (
            "scenarios/county.toml",
            &["--set", "scenario.horizon_days=30"],
        ),
        ("scenarios/county.toml", levers),
        ("scenarios/phased-building.toml", &[]),
    ];
    for (i, (file, set)) in cases.iter().enumerate() {
        let mut args = vec!["validate", file];
        args.extend(*set);
        let o = patrolsim(&args);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let r = dir.join(format!("r{i}.toml"));
        std::fs::write(&r, &o.stdout).unwrap();
        let r = r.to_str().unwrap();
        // The printed file validates and prints itself again.
        let again = patrolsim(&["validate", r]);
        assert!(again.status.success(), "{file}: {}", stderr(&again));
        let body = |o: &Output| {
            stdout(o)
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(
            body(&again),
            body(&o),
            "{file}: validate is not a fixed point"
        );
        // Not the internal structs: names, not indices; no nulls.
        let text = stdout(&o);
        assert!(
            !text.contains("null") && !text.contains("\"jurisdiction\": "),
            "{text}"
        );
        // And a run of it gives the same numbers.
        let mut run = vec!["run", file, "-r", "2", "--format", "json"];
        run.extend(*set);
        let a = patrolsim(&run);
        let b = patrolsim(&["run", r, "-r", "2", "--format", "json"]);
        assert!(a.status.success() && b.status.success(), "{}", stderr(&b));
        assert_eq!(stdout(&a), stdout(&b), "{file} {set:?}: runs differ");
    }
    // Strategies and the baseline come along: compare gives the same.
    let o = patrolsim(&[
        "validate",
        "scenarios/claims/regional.toml",
        "--set",
        "scenario.horizon_days=20",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = dir.join("regional.toml");
    std::fs::write(&r, &o.stdout).unwrap();
    let a = patrolsim(&[
        "compare",
        "scenarios/claims/regional.toml",
        "-r",
        "2",
        "--format",
        "json",
        "--set",
        "scenario.horizon_days=20",
    ]);
    let b = patrolsim(&[
        "compare",
        r.to_str().unwrap(),
        "-r",
        "2",
        "--format",
        "json",
    ]);
    assert!(a.status.success() && b.status.success(), "{}", stderr(&b));
    assert_eq!(
        stdout(&a),
        stdout(&b),
        "compare of the resolved file differs"
    );
}
