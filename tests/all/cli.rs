//! The command line as a planner and a researcher use it.

use super::*;
use serde_json::Value;

#[test]
fn run_json_has_the_contract_shape_and_keys() {
    let o = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "--format",
        "json",
        "-r",
        "3",
        "--set",
        "scenario.horizon_days=10",
    ]);
    let v = json_of(&o);
    assert_eq!(v["scenario"], "county");
    assert_eq!(v["seed"], 1);
    assert_eq!(v["replications"], 3);
    for key in [
        "calls",
        "dispatch_wait_mean_min",
        "response_time_mean_min",
        "response_time_p90_min",
        "unit_utilization",
        "response_time_mean_min.p1",
        "calls_open_at_end",
        "patrol_coverage",
        "officers_needed",
    ] {
        let m = &v["metrics"][key];
        for f in ["mean", "std", "ci95_low", "ci95_high"] {
            assert!(m.get(f).is_some(), "{key}.{f} missing");
        }
        assert!(m["mean"].is_number(), "{key} has no mean");
    }
    let m = &v["metrics"]["response_time_mean_min"];
    assert!(
        m["ci95_low"].as_f64() < m["mean"].as_f64() && m["mean"].as_f64() < m["ci95_high"].as_f64()
    );
}

#[test]
fn one_replication_has_null_spread_and_no_observation_is_null() {
    let o = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "--format",
        "json",
        "-r",
        "1",
        "--set",
        "scenario.horizon_days=2",
        "--set",
        "calls.rate_per_hour=0",
        "--set",
        "crime.local_offenders=0",
        "--set",
        "crime.roaming_per_day=0",
        "--set",
        "places.false_alarms_per_alarm_year=0",
    ]);
    let v = json_of(&o);
    let m = &v["metrics"]["calls"];
    assert_eq!(m["mean"], 0.0);
    assert!(m["std"].is_null() && m["ci95_low"].is_null() && m["ci95_high"].is_null());
    // No call: a response time has no observation — null, never NaN or a made-up zero.
    assert!(v["metrics"]["response_time_mean_min"]["mean"].is_null());
    assert!(!stdout(&o).contains("NaN"));
}

#[test]
fn json_is_byte_identical_in_parallel_and_in_sequence() {
    let args = [
        "run",
        "scenarios/county.toml",
        "--format",
        "json",
        "-r",
        "4",
        "--set",
        "scenario.horizon_days=15",
    ];
    let par = patrolsim(&args);
    let mut seq_args = args.to_vec();
    seq_args.push("--sequential");
    let seq = patrolsim(&seq_args);
    let mut one = args.to_vec();
    one.extend(["--jobs", "1"]);
    let one = patrolsim(&one);
    assert!(par.status.success());
    assert_eq!(par.stdout, seq.stdout);
    assert_eq!(par.stdout, one.stdout);
}

#[test]
fn run_without_a_file_runs_the_built_in_county() {
    let o = patrolsim(&["run", "-r", "2", "--set", "scenario.horizon_days=5"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("patrolsim — county"), "{out}");
    assert!(out.contains("response time, mean (min)"));
    assert!(out.contains("response time, mean, priority 1 (min)"));
    assert!(out.contains("unit-hours, by state"));
}

/// The labels of a run table's rows (the text before the gap and the value).
fn table_labels(table: &str) -> Vec<String> {
    table
        .lines()
        .filter(|l| l.starts_with("  ") && !l.trim_end().ends_with(':'))
        .map(|l| {
            l.trim_start()
                .split("  ")
                .next()
                .unwrap()
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn run_table_shows_the_levers_the_scenario_uses_and_json_keeps_every_metric() {
    let base = ["-r", "2", "--set", "scenario.horizon_days=20"];
    let run = |extra: &[&str], format: &str| {
        let mut args = vec!["run", "scenarios/county.toml", "--format", format];
        args.extend(base);
        args.extend(extra);
        let o = patrolsim(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let county = table_labels(&run(&[], "table"));
    let has = |labels: &[String], l: &str| labels.iter().any(|x| x == l);
    // The county's levers, all off: no row for them.
    for unused in [
        "arrests, at checkpoints",
        "checkpoints",
        "stops and checks",
        "arrests, by stop and check",
        "arrests, by stake-out",
        "informants",
        "tips, offenders noted",
        "street cameras",
        "detectives",
        "volunteers",
        "regional cooperation",
        "110 platform",
        "offenders wanted",
        "arrests outside the county",
        "paid by businesses",
    ] {
        assert!(!has(&county, unused), "unused lever shown: {unused}");
    }
    // What it uses stays, zero or not.
    for used in [
        "officers",
        "vehicles",
        "locks",
        "alarms",
        "private cameras",
        "arrests, in the act",
        "arrests, by investigation",
        "calls answered across a boundary",
        "identifications outside the county",
        "dispatch wait, 90th percentile (min)",
        "paid by households",
    ] {
        assert!(has(&county, used), "used lever missing: {used}");
    }
    // One label style: words, not metric names.
    for l in &county {
        let dotted = l
            .as_bytes()
            .windows(3)
            .any(|w| w[0].is_ascii_alphabetic() && w[1] == b'.' && w[2].is_ascii_alphabetic());
        let first = l.chars().next().unwrap();
        assert!(
            !l.contains('_') && !dotted && (first.is_ascii_lowercase() || first.is_ascii_digit()),
            "label not in the table's style: {l:?}"
        );
    }
    // Posts, stop-and-check, informants and bought cooperation: their rows appear,
    // even where the value is 0.
    let levers = table_labels(&run(
        &[
            "--set",
            "checkpoints=[{ node = [0, 10], start_hour = 18, hours = 12 }]",
            "--set",
            "enforcement.stop_check_per_hour=1",
            "--set",
            "informants.eat=5",
            "--set",
            "regional.outside_cooperation=0.5",
        ],
        "table",
    ));
    for shown in [
        "arrests, at checkpoints",
        "checkpoints",
        "stops and checks",
        "arrests, by stop and check",
        "informants",
        "tips, offenders noted",
        "regional cooperation",
        "arrests outside the county",
    ] {
        assert!(has(&levers, shown), "used lever missing: {shown}");
    }
    // No alarms anywhere: no alarm calls and no alarm cost.
    let no_alarms = table_labels(&run(&["--set", "places.alarm_share=0"], "table"));
    assert!(has(&county, "alarm calls"));
    for gone in ["alarm calls", "false alarm calls", "alarms"] {
        assert!(!has(&no_alarms, gone), "{gone} shown without alarms");
    }
    // JSON and CSV keep every metric, used or not.
    let v: Value = serde_json::from_str(&run(&[], "json")).unwrap();
    let csv = run(&[], "csv");
    for m in [
        "arrests.checkpoint",
        "arrests.stop_check",
        "arrests.stake_out",
        "tips.offenders_noted",
        "offenders_wanted",
        "cost.street_cameras",
        "cost.regional",
        "cost.platform",
        "cost_by_payer.businesses",
    ] {
        assert!(v["metrics"].get(m).is_some(), "JSON lacks {m}");
        assert!(csv.contains(&format!("\n{m},")), "CSV lacks {m}");
    }
}

#[test]
fn out_dir_gets_metrics_and_nodes_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("res");
    let o = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "-r",
        "2",
        "--format",
        "json",
        "--set",
        "scenario.horizon_days=5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(
        file,
        json_of(&o),
        "metrics.json has the shape of --format json"
    );
    let csv = std::fs::read_to_string(out.join("metrics.csv")).unwrap();
    assert!(csv.starts_with("metric,mean,std,ci95_low,ci95_high\n"));
    assert!(csv.lines().any(|l| l.starts_with("unit_utilization,")));
    let nodes = std::fs::read_to_string(out.join("nodes.csv")).unwrap();
    assert_eq!(nodes.lines().count(), 1 + 21 * 21);
    assert!(nodes.starts_with(
        "node,name,x_m,y_m,jurisdiction,stations,posts,calls,presence_hours,coverage,crimes\n"
    ));
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn set_overrides_change_the_run() {
    let base = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "--format",
        "json",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=5",
    ]);
    let more = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "--format",
        "json",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=5",
        "--set",
        "calls.rate_per_hour=12",
        "--set",
        "units.0.count=6",
    ]);
    let (a, b) = (json_of(&base), json_of(&more));
    let calls = |v: &Value| v["metrics"]["calls"]["mean"].as_f64().unwrap();
    assert!(
        calls(&b) > 1.8 * calls(&a),
        "{} vs {}",
        calls(&b),
        calls(&a)
    );
}

#[test]
fn validate_prints_resolved_values_and_init_writes_an_editable_scenario() {
    let o = patrolsim(&["validate", "scenarios/county.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // TOML under the scenario's own keys, defaults filled in.
    let v: toml::Table = toml::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["scenario"]["name"].as_str(), Some("county"));
    assert_eq!(v["dispatch"]["queue"].as_str(), Some("priority"));
    let hours = &v["roster"]["productive_hours_per_officer"];
    assert_eq!(
        hours.as_float().or(hours.as_integer().map(|h| h as f64)),
        Some(1960.0)
    );
    assert_eq!(v["units"][0]["jurisdiction"].as_str(), Some("centre"));
    assert!(stderr(&o).contains("ok:"));

    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("my.toml");
    let f = f.to_str().unwrap();
    let o = patrolsim(&["init", f]);
    assert!(o.status.success(), "{}", stderr(&o));
    let written = std::fs::read_to_string(f).unwrap();
    assert_eq!(
        written,
        std::fs::read_to_string(root().join("scenarios/county.toml")).unwrap()
    );
    assert!(
        written
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 20,
        "commented"
    );
    let again = patrolsim(&["init", f]);
    assert_eq!(again.status.code(), Some(2), "init refuses to overwrite");
    assert!(patrolsim(&["init", "--force", f]).status.success());
    assert!(patrolsim(&["validate", f]).status.success());
}

#[test]
fn the_on_road_pair_differs_only_in_the_deployment_share() {
    // Resolved values, with the name and the deployment shares taken out, are equal.
    let resolved = |f: &str| {
        let mut v = serde_json::to_value(shipped(f, &[])).unwrap();
        v["name"] = Value::Null;
        v["description"] = Value::Null;
        v["deployment"]["patrol_share"] = Value::Null;
        for g in v["units"].as_array_mut().unwrap() {
            if g["name"] != "town-foot" {
                g["patrol_share"] = Value::Null;
            }
        }
        v
    };
    let (a, b) = (
        resolved("scenarios/on-road-30.toml"),
        resolved("scenarios/on-road-90.toml"),
    );
    assert_eq!(a, b);
    assert_eq!(
        shipped("scenarios/on-road-30.toml", &[])
            .deployment
            .patrol_share,
        0.3
    );
    assert_eq!(
        shipped("scenarios/on-road-90.toml", &[])
            .deployment
            .patrol_share,
        0.9
    );
    let ra = json_of(&patrolsim(&[
        "run",
        "scenarios/on-road-30.toml",
        "--format",
        "json",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=10",
    ]));
    let rb = json_of(&patrolsim(&[
        "run",
        "scenarios/on-road-90.toml",
        "--format",
        "json",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=10",
    ]));
    let cov = |v: &Value| v["metrics"]["patrol_coverage"]["mean"].as_f64().unwrap();
    assert!(
        cov(&rb) > cov(&ra) + 0.1,
        "coverage {} vs {}",
        cov(&rb),
        cov(&ra)
    );
}

#[test]
fn usage_errors_exit_with_code_2() {
    let o = patrolsim(&["run", "scenarios/county.toml", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let o = patrolsim(&["run", "no/such/file.toml"]);
    refused(&o, "no/such/file.toml");
    let o = patrolsim(&["run", "scenarios/county.toml", "--jobs", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn compare_pairs_strategies_and_pairing_narrows_the_interval() {
    // From the empty start (the helper's default): pairing narrows an interval from any start.
    let o = patrolsim(&[
        "run",
        "scenarios/compare-deployment.toml",
        "--format",
        "json",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=3",
    ]);
    assert!(
        o.status.success(),
        "run accepts a file with strategies (runs its base): {}",
        stderr(&o)
    );
    let o = patrolsim(&[
        "compare",
        "scenarios/compare-deployment.toml",
        "--format",
        "json",
        "-r",
        "8",
        "--set",
        "scenario.horizon_days=60",
    ]);
    let v = json_of(&o);
    assert_eq!(v["baseline"], "baseline");
    let names: Vec<&str> = v["strategies"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(
        names,
        ["baseline", "held_back_30", "on_road_90", "coverage_patrol"],
        "file order"
    );
    // Same calls not caused by offenders in every strategy: the paired
    // difference is exactly 0 (offenders' crimes, and so their reports, do differ).
    let d = &v["differences"]["on_road_90"]["calls_service"];
    assert_eq!(
        (
            d["mean"].as_f64(),
            d["ci95_low"].as_f64(),
            d["ci95_high"].as_f64()
        ),
        (Some(0.0), Some(0.0), Some(0.0))
    );
    // A real difference: the paired interval is narrower than the unpaired one.
    // (Not crimes_deterred: passing cars deter little since presence is
    // counted by dwell, docs/crime.md §5.)
    for metric in ["presence_hours", "patrol_coverage"] {
        let d = &v["differences"]["on_road_90"][metric];
        let paired = d["ci95_high"].as_f64().unwrap() - d["ci95_low"].as_f64().unwrap();
        let unpaired =
            d["unpaired_ci95_high"].as_f64().unwrap() - d["unpaired_ci95_low"].as_f64().unwrap();
        assert!(
            d["ci95_low"].as_f64().unwrap() > 0.0,
            "{metric}: 90 % on the road raises it"
        );
        assert!(
            paired < unpaired,
            "{metric}: paired {paired} not narrower than unpaired {unpaired}"
        );
    }
    // Pairing narrows the crime difference too (whether 90 % on the road
    // prevents crime over 60 days is not shown since presence counts by
    // dwell; crime::more_police_on_the_road_means_fewer_crimes measures it
    // over a year).
    let d = &v["differences"]["on_road_90"]["crimes_completed"];
    let paired = d["ci95_high"].as_f64().unwrap() - d["ci95_low"].as_f64().unwrap();
    let unpaired =
        d["unpaired_ci95_high"].as_f64().unwrap() - d["unpaired_ci95_low"].as_f64().unwrap();
    assert!(
        paired < unpaired,
        "crimes: paired {paired}, unpaired {unpaired}: {d}"
    );
    let table = stdout(&patrolsim(&[
        "compare",
        "scenarios/compare-deployment.toml",
        "-r",
        "3",
        "--set",
        "scenario.horizon_days=5",
    ]));
    assert!(
        table.contains("paired") && table.contains("unpaired") && table.contains("(baseline)"),
        "{table}"
    );
}

#[test]
fn compare_with_a_named_baseline_and_bad_strategies() {
    let text = extending(
        "scenarios/county.toml",
        "baseline = \"slow\"\n[scenario]\nhorizon_days = 5\nreplications = 3\n[strategies.slow]\ndispatch = { intake_delay_min = 5 }\n[strategies.fast]\ndispatch = { intake_delay_min = 0.5 }\n",
    );
    let c = Scratch::new("c.toml", &text);
    let v = json_of(&patrolsim(&["compare", &c.file, "--format", "json"]));
    assert_eq!(v["baseline"], "slow");
    assert!(v["strategies"].get("baseline").is_none());
    let d = &v["differences"]["fast"]["response_time_mean_min"];
    assert!(
        d["ci95_high"].as_f64().unwrap() < -2.0,
        "a faster intake shows in the response time: {d}"
    );

    c.add(
        "c.toml",
        &text.replace("intake_delay_min = 0.5", "intake_delay_minutes = 0.5"),
    );
    let o = patrolsim(&["compare", &c.file]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("strategy \"fast\"")
            && e.contains("intake_delay_minutes")
            && e.contains("c.toml:"),
        "{e}"
    );

    c.add(
        "c.toml",
        "baseline = \"nope\"\n[strategies.a]\nscenario = { horizon_days = 2 }\n",
    );
    let o = patrolsim(&["compare", &c.file]);
    refused(&o, "no strategy is named \"nope\"; defined: a");

    let o = patrolsim(&["compare", "scenarios/county.toml"]);
    refused(&o, "defines no strategies");
}

#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn target_ci_adds_replications_until_narrow_enough() {
    // From the empty start: the stopping rule is tested, not the level it measures.
    let o = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "--format",
        "json",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=10",
        "--target-ci",
        "response_time_mean_min=0.05",
        "--max-replications",
        "64",
    ]);
    let v = json_of(&o);
    let n = v["replications"].as_u64().unwrap();
    let m = &v["metrics"]["response_time_mean_min"];
    let hw = m["ci95_high"].as_f64().unwrap() - m["mean"].as_f64().unwrap();
    assert!(n > 2 && n <= 64, "{n} replications");
    assert!(
        hw <= 0.05 || n == 64,
        "half-width {hw} with {n} replications"
    );
    assert!(stderr(&o).contains("--target-ci"));
    let o = patrolsim(&[
        "run",
        "scenarios/county.toml",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=2",
        "--target-ci",
        "response_time_mean=0.1",
    ]);
    refused(&o, "did you mean `response_time_mean_min`");
    let o = patrolsim(&["run", "--target-ci", "response_time_mean_min=-1"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The quick part of `target_ci_adds_replications_until_narrow_enough`
/// (slow tier): a target out of reach stops at the cap and says so, and a
/// name no metric can have is refused before anything runs (checked
/// against the metric registry).
#[test]
fn target_ci_stops_at_the_cap_and_says_so() {
    let o = patrolsim(&["run", "--target-ci", "response_time_man_min=0.1"]);
    refused(&o, "did you mean `response_time_mean_min`");
    assert!(stdout(&o).is_empty(), "nothing ran");
    let o = patrolsim(&[
        "run",
        "--format",
        "json",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=2",
        "--target-ci",
        "response_time_mean_min=0.0001",
        "--max-replications",
        "6",
    ]);
    assert_eq!(json_of(&o)["replications"], 6);
    assert!(
        stderr(&o).contains("still above 0.0001 at the cap of 6 replications"),
        "{}",
        stderr(&o)
    );
}

/// Every shipped scenario validates and every shipped sweep plans.
#[test]
fn every_shipped_scenario_and_sweep_is_valid() {
    let mut n = 0;
    for dir in [
        "scenarios",
        "scenarios/bench",
        "scenarios/claims",
        "scenarios/real",
    ] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                let o = patrolsim(&["validate", p.to_str().unwrap()]);
                assert!(o.status.success(), "{}: {}", p.display(), stderr(&o));
                n += 1;
            }
        }
    }
    for e in std::fs::read_dir(root().join("scenarios/sweeps")).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let o = if text.contains("[sweep]") {
            patrolsim(&["plan", p.to_str().unwrap(), "--no-probe"])
        } else {
            patrolsim(&["validate", p.to_str().unwrap()])
        };
        assert!(o.status.success(), "{}: {}", p.display(), stderr(&o));
        n += 1;
    }
    assert!(n >= 15, "{n} files checked");
}

#[test]
fn every_claim_scenario_is_answered_in_essay_claims_md() {
    // The document is regenerated by scripts/essay-claims.sh; this checks it
    // covers every claim scenario and was written by the script.
    let doc = std::fs::read_to_string(root().join("docs/essay-claims.md")).unwrap();
    assert!(doc.contains("Generated by scripts/essay-claims.sh"));
    let script = std::fs::read_to_string(root().join("examples/essay_claims/claims.rs")).unwrap();
    for e in std::fs::read_dir(root().join("scenarios/claims")).unwrap() {
        let p = e.unwrap().path();
        let rel = format!(
            "scenarios/claims/{}",
            p.file_name().unwrap().to_string_lossy()
        );
        assert!(script.contains(&rel), "{rel} is not run by the script");
        assert!(
            doc.contains(&format!("patrolsim compare {rel}")),
            "{rel} is not answered in docs/essay-claims.md"
        );
    }
    // Every command of a claim's file reproduces the page's numbers: it
    // carries the replications the page says it ran (the files' own count
    // is 10; a robust page's `FILE --uncertain` template is another run).
    let reps = doc
        .split(" replications per strategy")
        .next()
        .and_then(|h| h.rsplit(' ').next())
        .expect("the page states its replications");
    let flag = format!("--replications {reps}");
    let commands: Vec<&str> = doc
        .split("patrolsim compare ")
        .skip(1)
        .map(|c| c.split(['\n', '`']).next().unwrap())
        .filter(|c| c.starts_with("scenarios/"))
        .collect();
    assert!(commands.len() >= 15, "{} commands", commands.len());
    for c in commands {
        assert!(c.contains(&flag), "`patrolsim compare {c}` lacks {flag}");
    }
}

#[test]
fn compare_against_a_baseline_chosen_on_the_command_line() {
    let args = |b: &str| -> Vec<String> {
        [
            "compare",
            "scenarios/compare-deployment.toml",
            "--format",
            "json",
            "-r",
            "2",
            "--set",
            "scenario.horizon_days=5",
            "--baseline",
            b,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |b: &str| {
        let a = args(b);
        patrolsim(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let v = json_of(&run("on_road_90"));
    assert_eq!(v["baseline"], "on_road_90");
    // Head to head: the difference of held_back_30 to on_road_90 is the
    // difference of the two differences to the base (paired, same seeds).
    let base = json_of(&run("baseline"));
    let d = |v: &serde_json::Value, s: &str| {
        v["differences"][s]["presence_hours"]["mean"]
            .as_f64()
            .unwrap()
    };
    let direct = d(&v, "held_back_30");
    let via = d(&base, "held_back_30") - d(&base, "on_road_90");
    assert!(
        (direct - via).abs() < 1e-6 * direct.abs().max(1.0),
        "{direct} vs {via}"
    );
    let o = run("nope");
    refused(&o, "--baseline nope: no such strategy");
    assert!(stderr(&o).contains("on_road_90"));
}
