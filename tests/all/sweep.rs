//! Sweeps: byte-identical results across thread counts, shards and
//! interruptions; merge refuses gaps and duplicates; bad sweep files fail
//! before any run.

use super::*;

const FINAL: [&str; 7] = [
    "points.csv",
    "runs.csv",
    "runs_long.csv",
    "summary.csv",
    "summary.json",
    "frontier.csv",
    "schema.json",
];

#[test]
fn byte_identical_with_one_or_two_jobs_and_across_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("j1"), tmp.path().join("j2"));
    ok(&sweep(
        "tests/fixtures/sweep-small.toml",
        &a,
        &["--jobs", "1"],
    ));
    ok(&sweep(
        "tests/fixtures/sweep-small.toml",
        &b,
        &["--jobs", "2"],
    ));
    for f in FINAL {
        assert_eq!(
            read(&a, f),
            read(&b, f),
            "{f} differs between --jobs 1 and 2"
        );
    }
    let runs = read(&a, "runs.csv");
    assert_eq!(runs.lines().count(), 1 + 12);
    assert!(runs.starts_with("point,replication,seed,param_deployment.patrol_share,calls,"));
    // Common random numbers across points: replication r has the same seed and calls at every point.
    let header: Vec<&str> = runs.lines().next().unwrap().split(',').collect();
    let col = header.iter().position(|h| *h == "calls_service").unwrap();
    let rows: Vec<Vec<&str>> = runs
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    for r in 0..4 {
        let same: Vec<&Vec<&str>> = rows.iter().filter(|x| x[1] == r.to_string()).collect();
        assert!(
            same.windows(2)
                .all(|w| w[0][2] == w[1][2] && w[0][col] == w[1][col]),
            "replication {r}"
        );
    }

    let shards: Vec<_> = (1..=3).map(|m| tmp.path().join(format!("s{m}"))).collect();
    for (m, d) in shards.iter().enumerate() {
        ok(&sweep(
            "tests/fixtures/sweep-small.toml",
            d,
            &["--shard", &format!("{}/3", m + 1)],
        ));
        assert!(!d.join("summary.csv").exists(), "a shard writes no summary");
        assert!(!d.join("runs_long.csv").exists() && d.join("points.csv").exists());
    }
    let merged = tmp.path().join("merged");
    let mut args = vec!["merge"];
    let names: Vec<String> = shards
        .iter()
        .map(|d| d.to_str().unwrap().to_string())
        .collect();
    args.extend(names.iter().map(String::as_str));
    args.extend(["--out", merged.to_str().unwrap()]);
    ok(&patrolsim(&args));
    for f in FINAL {
        assert_eq!(
            read(&a, f),
            read(&merged, f),
            "{f} differs between the merge of 3 shards and one run"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&merged, "manifest.json")).unwrap();
    assert_eq!(manifest["runs"], 12);
    assert_eq!(manifest["merged_from"].as_array().unwrap().len(), 3);
    assert!(manifest["rng"].as_str().unwrap().contains("pcg64"));

    // Gaps and duplicates are refused.
    let gap = patrolsim(&[
        "merge",
        &names[0],
        &names[1],
        "--out",
        tmp.path().join("gap").to_str().unwrap(),
    ]);
    refused(&gap, "runs are missing");
    let dup = patrolsim(&[
        "merge",
        &names[0],
        &names[1],
        &names[2],
        &names[0],
        "--out",
        tmp.path().join("dup").to_str().unwrap(),
    ]);
    refused(&dup, "appear more than once");
}

#[test]
fn a_killed_sweep_resumes_to_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    ok(&sweep(
        "tests/fixtures/sweep-kill.toml",
        &full,
        &["--jobs", "2"],
    ));

    let cut = tmp.path().join("cut");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_patrolsim"))
        .args([
            "sweep",
            "tests/fixtures/sweep-kill.toml",
            "--out",
            cut.to_str().unwrap(),
            "--jobs",
            "1",
        ])
        .current_dir(root())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let count = |d: &Path| {
        std::fs::read_dir(d.join("runs"))
            .map(|r| {
                r.filter_map(|e| e.ok())
                    .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                    .count()
            })
            .unwrap_or(0)
    };
    let start = std::time::Instant::now();
    while count(&cut) < 3 && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let finished = count(&cut);
    assert!(
        finished > 0 && finished < 40,
        "killed after {finished} of 40 runs"
    );
    assert!(!cut.join("runs.csv").exists());

    let again = sweep("tests/fixtures/sweep-kill.toml", &cut, &[]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "a second sweep into the same directory needs --resume"
    );
    assert!(stderr(&again).contains("--resume"));
    let resumed = sweep(
        "tests/fixtures/sweep-kill.toml",
        &cut,
        &["--resume", "--jobs", "2"],
    );
    ok(&resumed);
    assert!(
        stderr(&resumed).contains(&format!("{finished} of 40 runs already done"))
            || count(&cut) == 40,
        "{}",
        stderr(&resumed)
    );
    for f in FINAL {
        assert_eq!(
            read(&full, f),
            read(&cut, f),
            "{f} differs after kill and resume"
        );
    }
    // A resume of a different sweep into this directory is refused.
    let other = sweep("tests/fixtures/sweep-small.toml", &cut, &["--resume"]);
    refused(&other, "different sweep");
}

#[test]
fn plan_counts_runs_and_suggests_shards() {
    let o = patrolsim(&[
        "plan",
        "tests/fixtures/sweep-small.toml",
        "--cores",
        "2",
        "--hours",
        "0.0001",
    ]);
    ok(&o);
    let out = stdout(&o);
    assert!(
        out.contains("points: 3") && out.contains("runs: 12"),
        "{out}"
    );
    assert!(out.contains("suggested shards:"), "{out}");
    let o = patrolsim(&["plan", "scenarios/sweeps/on-road-share.toml", "--no-probe"]);
    ok(&o);
    assert!(stdout(&o).contains("runs: 100"));
}

/// The `slurm:` line of `plan`'s output, split into words.
fn plan_line(args: &[&str]) -> Vec<String> {
    let mut a = vec!["plan", "tests/fixtures/sweep-small.toml"];
    a.extend_from_slice(args);
    let o = patrolsim(&a);
    ok(&o);
    let out = stdout(&o);
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("slurm: "))
        .unwrap_or_else(|| panic!("no slurm line in {out}"));
    line.split_whitespace().map(String::from).collect()
}

#[test]
fn plan_prints_a_complete_sbatch_line() {
    // The suggestion: shards from the probe, cores as --cpus-per-task, a
    // --time from the estimate, the sweep file and the output root.
    let w = plan_line(&["--cores", "2", "--hours", "1000"]);
    assert_eq!(w[0], "sbatch");
    assert_eq!(w[1], "--array=0-0", "{w:?}");
    assert_eq!(w[2], "--cpus-per-task=2", "{w:?}");
    assert!(w[3].starts_with("--time=0:1"), "{w:?}");
    assert_eq!(
        w[4..],
        [
            "scripts/sweep.sbatch",
            "tests/fixtures/sweep-small.toml",
            "results"
        ],
        "{w:?}"
    );
    // A given shard count and output root, also without a probe.
    let w = plan_line(&["--shards", "3", "--cores", "1", "--out-root", "out/r1"]);
    assert_eq!(
        w,
        [
            "sbatch",
            "--array=0-2",
            "--cpus-per-task=1",
            w[3].as_str(),
            "scripts/sweep.sbatch",
            "tests/fixtures/sweep-small.toml",
            "out/r1"
        ]
    );
    let w = plan_line(&["--no-probe", "--shards", "4", "--cores", "8"]);
    assert_eq!(w[..3], ["sbatch", "--array=0-3", "--cpus-per-task=8"]);
    assert_eq!(w[3], "scripts/sweep.sbatch", "no --time without a probe");
    // An output root with a space is quoted for the shell.
    let o = patrolsim(&[
        "plan",
        "tests/fixtures/sweep-small.toml",
        "--no-probe",
        "--shards",
        "2",
        "--out-root",
        "my results",
    ]);
    assert!(stdout(&o).contains(" 'my results'\n"), "{}", stdout(&o));
    let o = patrolsim(&["plan", "tests/fixtures/sweep-small.toml", "--shards", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn plan_prints_the_estimate_not_the_target() {
    // A target of 1000 h per shard: one shard, estimated at seconds, not 1000 h.
    let o = patrolsim(&[
        "plan",
        "tests/fixtures/sweep-small.toml",
        "--cores",
        "1",
        "--hours",
        "1000",
    ]);
    ok(&o);
    let out = stdout(&o);
    let est = out
        .lines()
        .find_map(|l| l.strip_prefix("estimate for 1 shard: about "))
        .unwrap_or_else(|| panic!("no estimate line in {out}"));
    let secs: f64 = est
        .split(" s each on 1 core")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("estimate not in seconds: {est}"));
    // 12 short runs on one core: well under a minute (the target is 1000 h).
    assert!((1.0..60.0).contains(&secs), "{est}");
    assert!(est.contains("(the largest shard, 12 runs)"), "{est}");
}

fn bad_sweep(text: &str) -> (Output, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap().keep();
    let f = tmp.join("s.toml");
    let county = root().join("scenarios/county.toml");
    std::fs::write(&f, text.replace("COUNTY", county.to_str().unwrap())).unwrap();
    let out = tmp.join("out");
    let o = patrolsim(&["sweep", f.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    (o, out)
}

#[test]
fn bad_sweep_files_fail_before_any_run() {
    let cases: &[(&str, &str)] = &[
        (
            "[sweep]\nscenario = \"COUNTY\"\nreplicatons = 2\n[grid]\n\"deployment.patrol_share\" = [0.1]\n",
            "did you mean `replications`",
        ),
        (
            "[sweep]\nscenario = \"COUNTY\"\n[grid]\n\"deployment.patrol_share\" = []\n",
            "an empty list of values",
        ),
        (
            "[sweep]\nscenario = \"COUNTY\"\n[grid]\n",
            "no parameters to vary",
        ),
        (
            "[sweep]\nscenario = \"COUNTY\"\nreplications = 0\n[grid]\n\"deployment.patrol_share\" = [0.1]\n",
            "from 1 to",
        ),
        (
            "[sweep]\nscenario = \"COUNTY\"\n[grid]\n\"deployment.patrol_share\" = [0.1, \"lots\"]\n",
            "s.toml:4:",
        ),
        (
            "[sweep]\nscenario = \"COUNTY\"\n[grid]\n\"deployment.patrol_shared\" = [0.1]\n",
            "did you mean `patrol_share`",
        ),
        (
            "[sweep]\nscenario = \"COUNTY\"\n[grid]\n\"deployment.patrol_share\" = [0.1, 1.5]\n",
            "a share between 0 and 1",
        ),
        (
            "[sweep]\nscenario = \"COUNTY\"\n[zip]\na = [1, 2]\nb = [1]\n",
            "equal lengths",
        ),
        (
            "[sweep]\nscenario = \"COUNTY\"\n[grid]\nx = [1]\n[zip]\ny = [1]\n",
            "only one of",
        ),
        (
            "[sweep]\nscenario = \"nowhere.toml\"\n[grid]\n\"deployment.patrol_share\" = [0.1]\n",
            "nowhere.toml",
        ),
        (
            "[sweep]\n[grid]\n\"deployment.patrol_share\" = [0.1]\n",
            "`sweep.scenario`: is required",
        ),
    ];
    for (text, want) in cases {
        let (o, out) = bad_sweep(text);
        assert_eq!(o.status.code(), Some(2), "{text}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(want),
            "{text}\nwanted {want:?} in:\n{}",
            stderr(&o)
        );
        assert!(
            !out.exists(),
            "{text}: the output directory was created before checking"
        );
    }
    let o = patrolsim(&[
        "sweep",
        "tests/fixtures/sweep-small.toml",
        "--out",
        "/tmp/never",
        "--shard",
        "4/3",
    ]);
    refused(&o, "1 ≤ M ≤ N");
}

#[test]
fn points_and_latin_hypercube_designs() {
    let tmp = tempfile::tempdir().unwrap();
    let county = root().join("scenarios/county.toml");
    let f = tmp.path().join("lhs.toml");
    std::fs::write(
        &f,
        format!(
            "[sweep]\nscenario = {:?}\nreplications = 2\nset = [\"scenario.horizon_days=3\"]\n[lhs]\nsamples = 5\nseed = 9\n[lhs.ranges]\n\"deployment.patrol_share\" = [0.0, 1.0]\n\"units.0.count\" = [1, 6]\n",
            county.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = tmp.path().join("o");
    ok(&patrolsim(&[
        "sweep",
        f.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let s: serde_json::Value = serde_json::from_str(&read(&out, "summary.json")).unwrap();
    let pts = s["points"].as_array().unwrap();
    assert_eq!(pts.len(), 5);
    // One value per stratum of each range.
    let mut strata: Vec<usize> = pts
        .iter()
        .map(|p| (p["parameters"]["deployment.patrol_share"].as_f64().unwrap() * 5.0) as usize)
        .collect();
    strata.sort();
    assert_eq!(strata, [0, 1, 2, 3, 4]);
    assert!(
        pts.iter()
            .all(|p| (1..=6).contains(&p["parameters"]["units.0.count"].as_i64().unwrap()))
    );

    let f = tmp.path().join("pts.toml");
    std::fs::write(
        &f,
        format!(
            "[sweep]\nscenario = {:?}\nreplications = 2\nset = [\"scenario.horizon_days=3\"]\n[[points]]\n\"deployment.patrol\" = \"random\"\n[[points]]\n\"deployment.patrol\" = \"coverage\"\n",
            county.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = tmp.path().join("p");
    ok(&patrolsim(&[
        "sweep",
        f.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let runs = read(&out, "runs.csv");
    assert!(
        runs.lines().nth(1).unwrap().contains(",random,")
            && runs.lines().nth(3).unwrap().contains(",coverage,"),
        "{runs}"
    );
}

#[test]
fn a_sweep_with_a_baseline_point_reports_benefits_against_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("b");
    let o = sweep("tests/fixtures/sweep-budget.toml", &out, &[]);
    ok(&o);
    let s: serde_json::Value = serde_json::from_str(&read(&out, "summary.json")).unwrap();
    let pts = s["points"].as_array().unwrap();
    // The command prints the cost table with the frontier marked, one line
    // a point, the marks matching summary.json.
    let text = stdout(&o);
    assert!(
        text.contains("Pareto frontier") && text.contains("(baseline)"),
        "{text}"
    );
    let marked: Vec<bool> = text
        .lines()
        .skip(2)
        .map(|l| l.trim_end().ends_with('*'))
        .collect();
    let want: Vec<bool> = pts
        .iter()
        .map(|p| p["pareto_frontier"].as_bool().unwrap())
        .collect();
    assert_eq!(marked, want, "{text}");
    assert_eq!(
        pts[0]["against_baseline"]["benefit"]["mean"], 0.0,
        "the baseline against itself"
    );
    for p in &pts[1..] {
        let m = &p["against_baseline"];
        let extra = p["metrics"]["cost_total"]["mean"].as_f64().unwrap()
            - pts[0]["metrics"]["cost_total"]["mean"].as_f64().unwrap();
        assert!(extra > 0.0, "more cars cost more");
        let (b, n) = (
            m["benefit"]["mean"].as_f64().unwrap(),
            m["net_benefit"]["mean"].as_f64().unwrap(),
        );
        assert!((n - (b - extra)).abs() < 1e-6 * extra);
        assert!(m["benefit_cost_ratio"]["mean"].is_number());
    }
    let bad = tmp.path().join("bad.toml");
    std::fs::write(
        &bad,
        read(&root(), "tests/fixtures/sweep-budget.toml")
            .replace("baseline_point = 0", "baseline_point = 7")
            .replace(
                "../../scenarios",
                &root().join("scenarios").to_string_lossy(),
            ),
    )
    .unwrap();
    let o = patrolsim(&[
        "sweep",
        bad.to_str().unwrap(),
        "--out",
        tmp.path().join("x").to_str().unwrap(),
    ]);
    refused(&o, "point 7 does not exist");
}

/// The tables read cleanly in pandas, polars and R (`scripts/check-outputs.py`
/// reads them with those): parameters are `param_…` columns, list parameters
/// are written once per point in points.csv, the seed is the master seed (an
/// int64), a float column without any value is `NaN` (not empty, which
/// polars reads as text), booleans are `TRUE` / `FALSE`, the frontier and the
/// benefits are in frontier.csv and not among the metrics, and runs_long.csv
/// has one row per run and metric.
#[test]
fn tables_are_typed_tidy_and_keep_parameters_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("lists.toml");
    std::fs::write(
        &f,
        format!(
            "[sweep]\nscenario = {:?}\nreplications = 1\nseed = 9223372036854775807\nbaseline_point = 0\n\
             set = [\"scenario.horizon_days=3\"]\n[zip]\n\"units.0.count\" = [5, 4]\n\
             \"cameras.monitored\" = [true, false]\n\"cameras.nodes\" = [[], [[6, 6], [6, 7], [7, 7]]]\n",
            root().join("scenarios/county.toml").to_str().unwrap()
        ),
    )
    .unwrap();
    let out = tmp.path().join("o");
    ok(&sweep(f.to_str().unwrap(), &out, &[]));
    let lines = |name: &str| -> Vec<Vec<String>> {
        read(&out, name)
            .lines()
            .map(|l| l.split(',').map(String::from).collect())
            .collect()
    };

    let points = read(&out, "points.csv");
    assert_eq!(
        points,
        "point,param_units.0.count,param_cameras.monitored,param_cameras.nodes\n\
         0,5,TRUE,[]\n1,4,FALSE,\"[[6,6],[6,7],[7,7]]\"\n"
    );

    let runs = lines("runs.csv");
    assert_eq!(
        runs[0][..6],
        [
            "point",
            "replication",
            "seed",
            "param_units.0.count",
            "param_cameras.monitored",
            "calls"
        ]
    );
    assert!(!runs[0].iter().any(|h| h.contains("cameras.nodes")));
    assert_eq!(runs.len(), 3);
    for r in &runs[1..] {
        assert_eq!(r[2], "9223372036854775807", "the master seed, below 2^63");
        assert!(!r.iter().any(|c| c.len() > 60), "{r:?}");
    }
    let metrics: Vec<&String> = runs[0][5..].iter().collect();
    // No all-empty float column; one without any value is NaN throughout.
    let mut nan_columns = 0;
    for (k, m) in metrics.iter().enumerate() {
        let cells: Vec<&str> = runs[1..].iter().map(|r| r[5 + k].as_str()).collect();
        assert!(cells.iter().any(|c| !c.is_empty()), "{m} is all empty");
        if cells.iter().all(|c| *c == "NaN") {
            nan_columns += 1;
        }
        assert!(cells.iter().all(|c| *c != "NaN") || cells.iter().all(|c| *c == "NaN"));
    }
    assert!(
        nan_columns > 0,
        "the 3-day county has a metric without any observation"
    );
    for pseudo in [
        "pareto_frontier",
        "benefit",
        "net_benefit",
        "benefit_cost_ratio",
    ] {
        assert!(
            !metrics.iter().any(|m| *m == pseudo),
            "{pseudo} posing as a metric"
        );
    }

    let long = lines("runs_long.csv");
    assert_eq!(long[0], ["point", "replication", "metric", "value"]);
    assert_eq!(long.len() - 1, 2 * metrics.len());
    assert_eq!(long[1][..3], ["0", "0", "calls"]);
    assert_eq!(long[1][3], runs[1][5]);

    let summary = lines("summary.csv");
    assert_eq!(
        summary[0],
        [
            "point",
            "param_units.0.count",
            "param_cameras.monitored",
            "metric",
            "mean",
            "std",
            "ci95_low",
            "ci95_high",
            "n"
        ]
    );
    assert_eq!(summary.len() - 1, 2 * metrics.len());
    assert!(
        summary[1..].iter().all(|r| r[5] == "NaN"),
        "one replication: no std"
    );
    assert!(
        summary[1..]
            .iter()
            .all(|r| !r[3].contains("benefit") && r[3] != "pareto_frontier")
    );

    let frontier = lines("frontier.csv");
    for c in [
        "point",
        "baseline",
        "net_benefit_mean",
        "net_benefit_n",
        "pareto_frontier",
    ] {
        assert!(
            frontier[0].iter().any(|h| h == c),
            "{c} in {:?}",
            frontier[0]
        );
    }
    assert_eq!(frontier[1][3], "TRUE", "point 0 is the baseline");
    assert_eq!(frontier.len(), 3);

    let s: serde_json::Value = serde_json::from_str(&read(&out, "summary.json")).unwrap();
    assert_eq!(s["baseline_point"], 0);
    let p1 = &s["points"][1];
    assert!(
        p1["metrics"].get("pareto_frontier").is_none() && p1["metrics"].get("benefit").is_none()
    );
    assert!(
        p1["pareto_frontier"].is_boolean()
            && p1["against_baseline"]["net_benefit"]["mean"].is_number()
    );
    assert_eq!(
        p1["parameters"]["cameras.nodes"],
        serde_json::json!([[6, 6], [6, 7], [7, 7]])
    );

    // schema.json lists every CSV's columns, in order, with their types.
    let schema: serde_json::Value = serde_json::from_str(&read(&out, "schema.json")).unwrap();
    for (file, cols) in schema["tables"].as_object().unwrap() {
        let names: Vec<&str> = cols
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names.join(","),
            read(&out, file).lines().next().unwrap(),
            "{file}"
        );
    }
    let types = |file: &str| -> Vec<String> {
        schema["tables"][file]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["type"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        types("runs.csv")[..6],
        ["int64", "int64", "int64", "int64", "bool", "float64"]
    );
    assert_eq!(types("points.csv")[3], "string");
}
