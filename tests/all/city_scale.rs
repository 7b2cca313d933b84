//! City scale (issue 17): offenders' local searches (`crime.search_radius_m`)
//! against published journeys to crime, a radius wider than the area
//! changing nothing, the key's bad input and warning, and the scale
//! bench's event counters
//! (docs/performance.md, city scale; docs/references.md B18).

use super::*;
use patrolsim::model::{Model, RunOptions};

/// Straight-line distances (m) from each local offender's home to his
/// completed crimes, in the county over `days` with overrides.
fn journeys(days: u32, set: &[&str]) -> Vec<f64> {
    let h = format!("scenario.horizon_days={days}");
    let mut all = vec![h.as_str(), "scenario.warmup_days=2"];
    all.extend_from_slice(set);
    let s = shipped("scenarios/county.toml", &all);
    let (m, _) = Model::new(&s).unwrap();
    let r = m.run_with(
        3,
        RunOptions {
            log_crimes: true,
            ..Default::default()
        },
    );
    let xy = &m.world.xy;
    let mut d: Vec<f64> = r
        .crime_log
        .iter()
        .filter_map(|c| {
            let (p, q) = (xy[c.home? as usize], xy[c.node as usize]);
            Some((p[0] - q[0]).hypot(p[1] - q[1]))
        })
        .collect();
    d.sort_by(f64::total_cmp);
    d
}

fn median(d: &[f64]) -> f64 {
    d[d.len() / 2]
}

/// With a 2 km search radius, journeys to crime are as short as published:
/// about half within 0.8 km of home (Evans 1989, North Staffordshire) and
/// most within 2 miles (Baldwin & Bottoms 1976, Sheffield), measured the
/// way the studies did (straight line, offender's home to the crime). Drawn
/// anywhere in the county, they are longer.
#[test]
fn a_search_radius_makes_journeys_to_crime_as_short_as_published() {
    let local = journeys(40, &["crime.search_radius_m=2000"]);
    let anywhere = journeys(40, &[]);
    assert!(
        local.len() > 200 && anywhere.len() > 200,
        "{} {}",
        local.len(),
        anywhere.len()
    );
    let within = |d: &[f64], m: f64| d.iter().filter(|&&x| x <= m).count() as f64 / d.len() as f64;
    let (ml, ma) = (median(&local), median(&anywhere));
    eprintln!(
        "journeys to crime: radius 2 km: median {ml:.0} m, within 0.8 km {:.2}, within 3.2 km {:.2}; \
         anywhere: median {ma:.0} m, within 0.8 km {:.2}, within 3.2 km {:.2}",
        within(&local, 800.0),
        within(&local, 3_219.0),
        within(&anywhere, 800.0),
        within(&anywhere, 3_219.0)
    );
    assert!((400.0..=1_600.0).contains(&ml), "median {ml} m");
    assert!(within(&local, 3_219.0) > 0.9);
    assert!(ma > ml * 1.5, "anywhere {ma} m, local {ml} m");
}

/// A radius wider than the area draws from the same places in the same
/// order as no radius: every output equal.
#[test]
fn a_search_radius_wider_than_the_area_changes_nothing() {
    let run = |set: &[&str]| {
        let mut all = vec!["scenario.horizon_days=15", "scenario.warmup_days=1"];
        all.extend_from_slice(set);
        run_seed(&shipped("scenarios/county.toml", &all), 5)
    };
    assert_eq!(run(&["crime.search_radius_m=100000"]), run(&[]));
}

#[test]
fn a_bad_search_radius_is_refused_and_a_short_one_warned_about() {
    let base = extending("scenarios/county.toml", "");
    for (v, needle) in [
        ("-5", "crime.search_radius_m"),
        ("\"near\"", "search_radius_m"),
    ] {
        let s = Scratch::new(
            "bad.toml",
            &format!("{base}[crime]\nsearch_radius_m = {v}\n"),
        );
        let err = s.rejected(&[]);
        assert!(
            err.contains(needle) && err.contains("bad.toml:"),
            "{v}: {err}"
        );
    }
    let s = Scratch::new(
        "warn.toml",
        &format!(
            "{base}[scenario]\nhorizon_days = 3\nreplications = 1\n[crime]\nsearch_radius_m = 150\n"
        ),
    );
    let err = s.accepted(&[]);
    assert!(
        err.contains("crime.search_radius_m") && err.contains("journeys to crime"),
        "{err}"
    );
}

/// The scale bench's event counters (`RunResult::events_by_kind`) are a
/// partition: the kinds add up to every event processed, and the unit and
/// offender events split by state add up to at most their kind's count
/// (an event superseded before it fires is counted by kind only); the
/// routers' hops are counted too.
#[test]
fn event_counters_by_kind_add_up_to_every_event() {
    let s = shipped("scenarios/county.toml", &["scenario.horizon_days=4"]);
    let r = run_seed(&s, 5);
    let get = |k: &str| {
        r.events_by_kind
            .iter()
            .find(|(n, _)| n == k)
            .map_or(0, |(_, c)| *c)
    };
    let by_kind: u64 = r
        .events_by_kind
        .iter()
        .filter(|(n, _)| !n.contains(':'))
        .map(|(_, c)| c)
        .sum();
    assert_eq!(by_kind, r.events);
    for kind in ["unit", "offender"] {
        let by_state: u64 = r
            .events_by_kind
            .iter()
            .filter(|(n, _)| n.starts_with(&format!("{kind}:")))
            .map(|(_, c)| c)
            .sum();
        assert!(by_state > 0 && by_state <= get(kind), "{kind}: {by_state}");
    }
    assert!(get("unit:patrol") > 0 && get("offender:moving") > 0);
    assert!(r.router_stats.iter().any(|st| st.hops > 0), "hops walked");
}

/// `--hierarchy-dir` (or `PATROLSIM_HIERARCHY_DIR`): the first run prepares
/// the county's hierarchies (contracted here: the full-table limit set
/// below its 441 nodes) and keeps them, later runs take them, and every
/// output file is byte for byte that of a run without the directory; a
/// `compare`'s strategies share them too.
#[test]
fn kept_hierarchies_change_no_output_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let keep = tmp.path().join("kept");
    let run = |out: &str, keep_how: Option<(&str, bool)>| {
        let out = tmp.path().join(out);
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_patrolsim"));
        c.current_dir(root()).args([
            "run",
            "scenarios/county.toml",
            "--set",
            "network.full_table_max_nodes=100",
            "--set",
            "scenario.horizon_days=4",
            "--set",
            "crime.start_state=\"empty\"",
            "--replications",
            "2",
            "--out",
            p(&out),
        ]);
        c.env_remove("PATROLSIM_HIERARCHY_DIR");
        match keep_how {
            Some((dir, true)) => {
                c.env("PATROLSIM_HIERARCHY_DIR", dir);
            }
            Some((dir, false)) => {
                c.args(["--hierarchy-dir", dir]);
            }
            None => {}
        }
        let o = c.output().unwrap();
        ok(&o);
        (snapshot(&out), stderr(&o))
    };
    let k = p(&keep).to_string();
    let (plain, said) = run("plain", None);
    assert!(!said.contains("hierarchies:"), "{said}");
    // "hierarchies: T taken from DIR, P prepared and kept there"
    let counts = |said: &str| -> (u32, u32) {
        let l = said
            .lines()
            .find(|l| l.starts_with("hierarchies:"))
            .unwrap();
        let w: Vec<&str> = l.split_whitespace().collect();
        (w[1].parse().unwrap(), w[w.len() - 5].parse().unwrap())
    };
    let (first, said) = run("first", Some((&k, false)));
    let (_, made) = counts(&said);
    // The order, the cars' speeds and the offenders'.
    assert!(made >= 3, "{said}");
    assert_eq!(counts(&said), (0, made), "{said}");
    let (second, said) = run("second", Some((&k, true)));
    assert_eq!(counts(&said), (made, 0), "{said}");
    assert!(plain.len() > 3, "{:?}", plain.keys());
    assert!(first == plain, "the first run's outputs differ");
    assert!(second == plain, "the run from kept hierarchies differs");
    assert_eq!(std::fs::read_dir(&keep).unwrap().count(), made as usize);
    // A comparison of the county's patrol strategies (a baseline and five
    // others) on its roads: each hierarchy is taken once for all of them.
    let o = patrolsim(&[
        "compare",
        "scenarios/compare-patrol.toml",
        "--set",
        "network.full_table_max_nodes=100",
        "--set",
        "scenario.horizon_days=3",
        "--replications",
        "2",
        "--hierarchy-dir",
        &k,
    ]);
    ok(&o);
    assert_eq!(counts(&stderr(&o)), (made, 0), "{}", stderr(&o));
    // The comparison's outputs, its strategies sharing tables taken from
    // the directory, are those of one without it; so are a sweep's.
    let contracted = |cmd: &str, file: &str, out: &str, keep: bool| {
        let out = tmp.path().join(out);
        let mut args = vec![
            cmd,
            file,
            "--set",
            "network.full_table_max_nodes=100",
            "--set",
            "scenario.horizon_days=3",
            "--out",
            p(&out),
        ];
        if cmd == "compare" {
            args.extend(["--replications", "2"]);
        }
        if keep {
            args.extend(["--hierarchy-dir", &k]);
        }
        let o = patrolsim(&args);
        ok(&o);
        (snapshot(&out), stderr(&o))
    };
    let (with, said) = contracted("compare", "scenarios/compare-patrol.toml", "c1", true);
    assert_eq!(counts(&said), (made, 0), "{said}");
    let (without, _) = contracted("compare", "scenarios/compare-patrol.toml", "c2", false);
    assert!(
        with.len() >= 3 && with == without,
        "compare: {:?}",
        with.keys()
    );
    let (with, said) = contracted("sweep", "tests/fixtures/sweep-small.toml", "s1", true);
    assert_eq!(counts(&said), (made, 0), "{said}");
    let (without, _) = contracted("sweep", "tests/fixtures/sweep-small.toml", "s2", false);
    let runs = |m: &std::collections::BTreeMap<String, Vec<u8>>| {
        m.iter()
            .filter(|(f, _)| f.starts_with("runs/"))
            .map(|(f, b)| (f.clone(), b.clone()))
            .collect::<Vec<_>>()
    };
    assert!(
        runs(&with).len() >= 12 && runs(&with) == runs(&without),
        "sweep"
    );
    // An empty variable is no directory (nothing kept in the working one).
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_patrolsim"))
        .current_dir(tmp.path())
        .env("PATROLSIM_HIERARCHY_DIR", "")
        .args([
            "run",
            p(&root().join("scenarios/county.toml")),
            "--set",
            "network.full_table_max_nodes=100",
            "--set",
            "scenario.horizon_days=3",
            "--set",
            "crime.start_state=\"empty\"",
            "-r",
            "1",
        ])
        .output()
        .unwrap();
    ok(&o);
    assert!(!stderr(&o).contains("hierarchies:"), "{}", stderr(&o));
    let kept_here = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "ch")
        })
        .count();
    assert_eq!(kept_here, 0);
}

/// The scale bench prints one row per grid city and per scenario given,
/// with the sizes the county scales to (the county itself at side 21: 441
/// nodes, 300 local offenders, 14 cars, 6 calls an hour) and the shipped
/// real network's; its bad arguments are refused.
#[test]
fn the_scale_bench_times_grid_cities_and_a_real_network() {
    let real = example_bin("scale_run");
    let bench_with = |bin: &Path, args: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let mut all = vec!["--bin", p(bin)];
        all.extend_from_slice(args);
        let o = Command::new(root().join("scripts/scale-bench.sh"))
            .args(&all)
            .env("SCALE_BENCH_DIR", dir.path())
            .env_remove("PATROLSIM_HIERARCHY_DIR")
            .output()
            .expect("bash runs");
        (o.status.code(), stdout(&o), stderr(&o))
    };
    let bench = |args: &[&str]| bench_with(&real, args);
    let helsinki = root().join("scenarios/real/helsinki.toml");
    let (code, out, err) = bench(&["--days", "2", "21", "--scenario", p(&helsinki)]);
    assert_eq!(code, Some(0), "{out}{err}");
    let rows: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("name"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!(
        rows[0][..6],
        ["grid-441", "441", "300", "14", "4", "6"],
        "{out}"
    );
    assert_eq!(
        rows[1][..6],
        ["helsinki", "276", "0", "4", "2", "2"],
        "{out}"
    );
    for r in &rows {
        assert_eq!(r.len(), 15, "{out}");
        let events: u64 = r[12].parse().unwrap_or_else(|_| panic!("{out}"));
        assert!(events > 100, "{out}");
        for x in [r[6], r[8], r[9]] {
            assert!(x.parse::<f64>().is_ok_and(|t| t >= 0.0), "{out}");
        }
    }
    let (code, _, err) = bench(&["--days", "1", "11"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--days must be a whole number ≥ 2"), "{err}");
    let (code, _, err) = bench(&["--scenario", "/no/such/file.toml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no scenario file"), "{err}");
    // A scenario that does not load is a failed row; the bench goes on.
    let (code, out, _) = bench(&[
        "--days",
        "2",
        "--scenario",
        p(&root().join("Cargo.toml")),
        "11",
    ]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("grid-121 "), "{out}");
    assert!(out.contains("Cargo        failed (exit 2)"), "{out}");
    // A binary too old to print its size: dashes, and the bench goes on.
    let old = tempfile::tempdir().unwrap();
    let fake = old.path().join("scale_run");
    std::fs::write(&fake, "#!/bin/sh\necho '0.1 0.2 1234 0.1 0.2'\n").unwrap();
    let mut perm = std::fs::metadata(&fake).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o755);
    std::fs::set_permissions(&fake, perm).unwrap();
    let (code, out, err) = bench_with(&fake, &["--days", "2", "--scenario", p(&helsinki)]);
    assert_eq!(code, Some(0), "{out}{err}");
    let row: Vec<&str> = out.lines().last().unwrap().split_whitespace().collect();
    assert_eq!(row[..6], ["helsinki", "-", "-", "-", "-", "-"], "{out}");
    assert_eq!(row[12], "1234", "{out}");
}
