//! Data safety: nothing lost, nothing mixed. `merge` refuses an output
//! directory that holds another sweep or foreign files before writing
//! anything; two writers of one directory are refused by its lock; a result
//! set that cannot be written whole leaves the old one untouched; edited or
//! foreign run files are refused by name; the same numbers give the same
//! bytes in a run, a sweep and a merge.

use super::*;

const SMALL: &str = "tests/fixtures/sweep-small.toml";

/// Shards 1/2 and 2/2 of the small sweep in `root/s1`, `root/s2`.
fn two_shards(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let (s1, s2) = (root.join("s1"), root.join("s2"));
    ok(&patrolsim(&[
        "sweep",
        SMALL,
        "--out",
        p(&s1),
        "--shard",
        "1/2",
    ]));
    ok(&patrolsim(&[
        "sweep",
        SMALL,
        "--out",
        p(&s2),
        "--shard",
        "2/2",
    ]));
    (s1, s2)
}

#[test]
fn merge_refuses_an_out_holding_another_sweep_foreign_files_or_a_shard_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let (s1, s2) = two_shards(tmp.path());

    // Another, finished sweep (different seed: a different sweep).
    let other = tmp.path().join("other");
    ok(&patrolsim(&[
        "sweep",
        SMALL,
        "--out",
        p(&other),
        "--set",
        "scenario.seed=99",
    ]));
    let before = snapshot(&other);
    refused(
        &patrolsim(&["merge", p(&s1), p(&s2), "--out", p(&other)]),
        "holds another sweep",
    );
    assert!(snapshot(&other) == before, "the other sweep was changed");

    // A directory of someone else's files.
    let foreign = tmp.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    refused(
        &patrolsim(&["merge", p(&s1), p(&s2), "--out", p(&foreign)]),
        "notes.txt",
    );
    assert_eq!(
        snapshot(&foreign).keys().collect::<Vec<_>>(),
        vec!["notes.txt"],
        "nothing may be added to a foreign directory, not even a lock file"
    );

    // One of the inputs.
    let s1_before = snapshot(&s1);
    refused(
        &patrolsim(&["merge", p(&s1), p(&s2), "--out", p(&s1)]),
        "one of the directories being merged",
    );
    assert!(snapshot(&s1) == s1_before, "a shard was changed");

    // A new directory works, and merging again into it is safe.
    let merged = tmp.path().join("merged");
    ok(&patrolsim(&["merge", p(&s1), p(&s2), "--out", p(&merged)]));
    let first = snapshot(&merged);
    ok(&patrolsim(&["merge", p(&s1), p(&s2), "--out", p(&merged)]));
    let again = snapshot(&merged);
    for (f, bytes) in &first {
        if f != "manifest.json" {
            assert!(again.get(f) == Some(bytes), "{f} changed on a second merge");
        }
    }
}

#[test]
fn a_sweep_refuses_a_directory_of_foreign_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("thesis.tex"), "draft").unwrap();
    for extra in [&[][..], &["--resume"][..]] {
        let mut args = vec!["sweep", SMALL, "--out", p(tmp.path())];
        args.extend_from_slice(extra);
        refused(&patrolsim(&args), "thesis.tex");
    }
    assert_eq!(
        snapshot(tmp.path()).keys().collect::<Vec<_>>(),
        vec!["thesis.tex"]
    );
}

#[test]
fn merge_names_the_shards_to_resubmit() {
    let tmp = tempfile::tempdir().unwrap();
    let s1 = tmp.path().join("s1");
    ok(&patrolsim(&[
        "sweep",
        SMALL,
        "--out",
        p(&s1),
        "--shard",
        "1/3",
    ]));
    let s3 = tmp.path().join("s3");
    ok(&patrolsim(&[
        "sweep",
        SMALL,
        "--out",
        p(&s3),
        "--shard",
        "3/3",
    ]));
    let o = patrolsim(&["merge", p(&s1), p(&s3), "--out", p(&tmp.path().join("m"))]);
    refused(&o, "shard 2/3 (Slurm array task 1)");
    assert!(stderr(&o).contains("--array=1"), "{}", stderr(&o));
    assert!(
        !tmp.path().join("m").exists(),
        "nothing written on a refusal"
    );
}

#[test]
fn a_second_sweep_on_a_locked_directory_exits_2_naming_the_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("busy");
    let mut first = std::process::Command::new(env!("CARGO_BIN_EXE_patrolsim"))
        .args([
            "sweep",
            "tests/fixtures/sweep-kill.toml",
            "--out",
            p(&out),
            "--jobs",
            "1",
            "--set",
            LONG,
        ])
        .current_dir(root())
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while !out.join("plan.json").exists() && start.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(out.join("plan.json").exists(), "the first sweep started");
    for (file, extra) in [
        ("tests/fixtures/sweep-kill.toml", "--resume"),
        (SMALL, "--resume"),
        (SMALL, "--jobs=1"),
    ] {
        let o = patrolsim(&["sweep", file, "--out", p(&out), extra, "--set", LONG]);
        // A different sweep is refused for what the directory holds (it
        // holds a sweep); the same sweep with --resume for the lock.
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        if file != SMALL {
            assert!(
                stderr(&o).contains(&format!("in use by process {}", first.id())),
                "{}",
                stderr(&o)
            );
        }
    }
    let o = patrolsim(&["run", "--out", p(&out), "-r", "1"]);
    refused(&o, "holds a sweep");
    assert!(
        first.try_wait().unwrap().is_none(),
        "the first sweep must still be running while the others are refused"
    );
    // Killed (SIGKILL): the kernel releases the lock at once (a resume
    // after a kill is tested in sweep.rs).
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(
        patrolsim::report::outdir::lock(&out).is_ok(),
        "the lock of a killed sweep must be free"
    );
}

/// Long enough (40 runs of two years on one thread) that the first sweep of
/// the lock test is still running while the others try the directory.
const LONG: &str = "scenario.horizon_days=730";

#[test]
fn a_second_run_into_a_locked_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let _held = patrolsim::report::outdir::lock(tmp.path()).unwrap();
    let o = patrolsim(&[
        "run",
        "--out",
        p(tmp.path()),
        "-r",
        "1",
        "--set",
        "scenario.horizon_days=2",
    ]);
    refused(&o, &format!("in use by process {}", std::process::id()));
    assert!(!tmp.path().join("metrics.json").exists());
}

/// `run --out` under a file-size limit (`ulimit -f`, SIGXFSZ ignored so the
/// write fails with EFBIG as on a full disk).
fn run_with_file_limit(out: &Path, blocks: u32, seed: &str) -> Output {
    let bin = env!("CARGO_BIN_EXE_patrolsim");
    Command::new("bash")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f {blocks}; exec '{bin}' run --out '{}' -r 2 --seed {seed} --set scenario.horizon_days=3",
            out.display()
        ))
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn a_run_that_cannot_write_its_files_leaves_the_old_set_and_still_prints_the_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("res");
    ok(&run_with_file_limit(&out, 1_000_000, "1"));
    let before = snapshot(&out);
    assert!(before.contains_key("metrics.json") && before.contains_key("nodes.csv"));
    // Large enough for every file but the largest (nodes.csv, written
    // last): without staging, the others would be replaced and a mixed set
    // left behind.
    let largest = before.values().map(Vec::len).max().unwrap();
    let o = run_with_file_limit(&out, ((largest - 1) / 1024) as u32, "2");
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("left as they were"), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("response"),
        "the table is printed: {}",
        stdout(&o)
    );
    assert!(snapshot(&out) == before, "the old set must stay whole");
}

/// A finished small sweep in `dir`.
fn small_sweep(dir: &Path) {
    ok(&patrolsim(&["sweep", SMALL, "--out", p(dir)]));
}

fn run_file(dir: &Path, point: u32, rep: u32) -> std::path::PathBuf {
    dir.join("runs").join(format!("p{point:06}-r{rep:05}.json"))
}

#[test]
fn edited_or_foreign_run_files_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    type Edit = fn(&mut serde_json::Value);
    let edits: [(&str, Edit); 4] = [
        ("a changed metric", |v| {
            v["metrics"]["calls"] = serde_json::json!(1.0)
        }),
        ("empty metrics", |v| v["metrics"] = serde_json::json!({})),
        ("another seed", |v| v["seed"] = serde_json::json!(12345)),
        ("another point", |v| v["point"] = serde_json::json!(2)),
    ];
    for (what, edit) in edits {
        let dir = tmp.path().join(what.replace(' ', "-"));
        small_sweep(&dir);
        let f = run_file(&dir, 1, 2);
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        edit(&mut v);
        std::fs::write(&f, v.to_string()).unwrap();
        let o = patrolsim(&["sweep", SMALL, "--out", p(&dir), "--resume"]);
        refused(&o, "p000001-r00002.json");
        assert!(
            stderr(&o).contains("--resume to redo"),
            "{what}: {}",
            stderr(&o)
        );
    }
    // A run file of another sweep (another seed) put among this one's.
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    small_sweep(&a);
    ok(&patrolsim(&[
        "sweep",
        SMALL,
        "--out",
        p(&b),
        "--set",
        "scenario.seed=7",
    ]));
    std::fs::copy(run_file(&b, 0, 1), run_file(&a, 0, 1)).unwrap();
    refused(
        &patrolsim(&["sweep", SMALL, "--out", p(&a), "--resume"]),
        "belongs to another sweep",
    );
}

#[test]
fn a_tampered_shard_run_is_refused_by_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let (s1, s2) = two_shards(tmp.path());
    let f = run_file(&s2, 0, 1);
    let text = std::fs::read_to_string(&f).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let calls = v["metrics"]["calls"].as_f64().unwrap();
    v["metrics"]["calls"] = serde_json::json!(calls + 1.0);
    std::fs::write(&f, v.to_string()).unwrap();
    let out = tmp.path().join("m");
    refused(
        &patrolsim(&["merge", p(&s1), p(&s2), "--out", p(&out)]),
        "p000000-r00001.json was changed after it was written",
    );
    assert!(!out.exists());
}

#[test]
fn resume_removes_what_a_killed_writer_left() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("s");
    small_sweep(&dir);
    std::fs::remove_file(run_file(&dir, 2, 3)).unwrap();
    let left = [
        dir.join("runs").join(".p000002-r00003.json.tmp-999999"),
        dir.join(".summary.csv.tmp-999999"),
    ];
    for f in &left {
        std::fs::write(f, "{\"half").unwrap();
    }
    let o = patrolsim(&["sweep", SMALL, "--out", p(&dir), "--resume"]);
    ok(&o);
    assert!(
        stderr(&o).contains("removed 2 temporary files"),
        "{}",
        stderr(&o)
    );
    for f in &left {
        assert!(!f.exists(), "{} was left", f.display());
    }
    assert!(run_file(&dir, 2, 3).exists());
}

#[test]
fn merged_runs_are_byte_copies_and_a_run_equals_its_sweep_point() {
    let tmp = tempfile::tempdir().unwrap();
    let (s1, s2) = two_shards(tmp.path());
    let merged = tmp.path().join("m");
    ok(&patrolsim(&["merge", p(&s1), p(&s2), "--out", p(&merged)]));
    let m = snapshot(&merged.join("runs"));
    let mut shards = snapshot(&s1.join("runs"));
    shards.extend(snapshot(&s2.join("runs")));
    assert_eq!(m.len(), 12);
    assert!(
        m == shards,
        "merged run files must be byte copies of the shards'"
    );

    // `run` of point 1 (patrol share 0.6) with the sweep's seed and
    // replications gives the same bytes as the sweep's summary.
    let o = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "--set",
        "scenario.horizon_days=10",
        "--set",
        "deployment.patrol_share=0.6",
        "--seed",
        "3",
        "-r",
        "4",
        "--format",
        "json",
    ]);
    ok(&o);
    let run: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(merged.join("summary.json")).unwrap())
            .unwrap();
    let point = summary["points"]
        .as_array()
        .unwrap()
        .iter()
        .find(|pt| pt["point"] == 1)
        .expect("point 1");
    let mut compared = 0;
    for (name, s) in run["metrics"].as_object().unwrap() {
        let sw = &point["metrics"][name];
        for f in ["mean", "std", "ci95_low", "ci95_high"] {
            assert_eq!(
                s[f].to_string(),
                sw[f].to_string(),
                "{name}.{f}: run and sweep differ"
            );
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared} values compared");
}

/// `validate` of the county with `--set` overrides: refused with exit 2
/// (never a panic, exit 70) with `needle` in the message.
fn validate_refuses(set: &[&str], needle: &str) {
    let mut args = vec!["validate", "scenarios/county.toml"];
    for s in set {
        args.extend(["--set", s]);
    }
    let o = patrolsim(&args);
    refused(&o, needle);
}

#[test]
fn validate_checks_every_strategy_of_a_comparison_file_as_compare_reads_it() {
    let s = Scratch::new(
        "cmp.toml",
        &extending(
            "scenarios/county.toml",
            "[strategies.fine]\ndeployment.patrol_share = 0.9\n\n\
             [strategies.typo]\ndeployment.patrol = \"hot_spot\"\n",
        ),
    );
    let o = patrolsim(&["validate", &s.file]);
    refused(&o, "in strategy \"typo\"");
    assert!(stderr(&o).contains("patrol"), "{}", stderr(&o));
    s.add(
        "cmp.toml",
        &extending(
            "scenarios/county.toml",
            "[strategies.fine]\ndeployment.patrol_share = 0.9\n",
        ),
    );
    let o = patrolsim(&["validate", &s.file]);
    ok(&o);
    assert!(
        stderr(&o).contains("ok: strategy \"fine\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn limits_a_run_would_reach_are_refused_by_validate() {
    // The call queue would outgrow what a run can hold.
    validate_refuses(&["calls.rate_per_hour=150"], "calls.rate_per_hour");
    let o = patrolsim(&["run", "--set", "calls.rate_per_hour=150", "-r", "1"]);
    refused(&o, "more than the 1048575 a run can hold");
    // Overloaded but inside the limit: a warning, and it runs.
    let o = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "calls.rate_per_hour=40",
        "--set",
        "scenario.horizon_days=30",
    ]);
    ok(&o);
    assert!(
        stderr(&o).contains("the queue grows without bound"),
        "{}",
        stderr(&o)
    );
    // Offenders present at once.
    validate_refuses(
        &["crime.roaming_per_day=1e7", "crime.roaming_stay_hours=24"],
        "crime.roaming_per_day",
    );
    // A stationary start (the county's) draws a Poisson number of careers
    // and holds ended careers in prison: 800,000 local offenders leave no
    // room for them within 2^20 - 1, so they are refused before the run
    // would overflow its offender slots.
    validate_refuses(&["crime.local_offenders=800000"], "crime.local_offenders");
    // Full travel tables beyond the memory budget (300 × 300 nodes): refused
    // before any table is computed (a 32 GB allocation otherwise).
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.toml");
    std::fs::write(
        &big,
        "[network]\nrows = 300\ncols = 300\nfull_table_max_nodes = 100000\n\
         [[jurisdictions]]\nname = \"all\"\nstation = [150, 150]\nrest = true\n\
         [calls]\nrate_per_hour = 1\n[unit_types.car]\n[[units]]\ncount = 1\n",
    )
    .unwrap();
    let o = patrolsim(&["validate", p(&big)]);
    refused(&o, "network.full_table_max_nodes");
    assert!(stderr(&o).contains("30.2 GiB"), "{}", stderr(&o));
    // Integer time: durations beyond 100 years, however written.
    validate_refuses(&["scenario.horizon_days=1e300"], "scenario.horizon_days");
    validate_refuses(
        &["calls.types.0.on_scene_min={dist=\"fixed\", value=1e15}"],
        "calls.types[0].on_scene_min.value",
    );
    validate_refuses(
        &["calls.hourly_profile=[1e300,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]"],
        "calls.hourly_profile[0]",
    );
}

#[test]
fn extends_of_a_device_or_directory_is_refused_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    for target in ["/dev/zero", "/tmp"] {
        let f = tmp.path().join("s.toml");
        std::fs::write(&f, format!("extends = \"{target}\"\n")).unwrap();
        refused(&patrolsim(&["validate", p(&f)]), "is not a regular file");
    }
    refused(
        &patrolsim(&["validate", "/dev/zero"]),
        "is not a regular file",
    );
}

#[test]
fn a_sweep_too_large_to_hold_is_refused_before_it_is_expanded() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("big.toml");
    let many = |n: usize| {
        (0..n)
            .map(|i| (i as f64 / n as f64).to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    std::fs::write(
        &f,
        format!(
            "[sweep]\nscenario = \"{}\"\nreplications = 1\n\n[grid]\n\"deployment.patrol_share\" = [{}]\n\"calls.rate_per_hour\" = [{}]\n",
            root().join("scenarios/county.toml").display(),
            many(1000),
            many(1000)
        ),
    )
    .unwrap();
    refused(
        &patrolsim(&["plan", p(&f), "--no-probe"]),
        "1000000 points: at most 100000",
    );
}

#[test]
fn jobs_beyond_the_cores_are_clamped() {
    let o = patrolsim(&[
        "run",
        "-r",
        "2",
        "--jobs",
        "20000",
        "--set",
        "scenario.horizon_days=2",
    ]);
    ok(&o);
    assert!(
        stderr(&o).contains("--jobs 20000 is more than"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn validate_checks_without_computing_travel_tables() {
    let s = shipped("scenarios/county.toml", &[]);
    let (world, _) = patrolsim::model::Model::check(&s).unwrap();
    assert!(world.tables.is_empty(), "validate must not build tables");
    let (m, _) = patrolsim::model::Model::new(&s).unwrap();
    assert!(!m.world.tables.is_empty(), "a run builds them");
}
