//! `patrolsim fit-calls`: a calls export snapped to a scenario's network and
//! fitted into `[calls]` and `network.node_weights`; every refused row
//! reported by line; the written file validates; a generated Poisson stream
//! with a known hour-of-week profile is recovered within sampling error.

use crate::*;
use patrolsim::model::Model;
use rand::{RngExt, SeedableRng};

/// Run fit-calls writing into a scratch directory; the TOML written and stderr.
fn fit(
    csv: &str,
    scenario: &str,
    extra: &[&str],
) -> (toml::Table, String, PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("calls.toml");
    let mut args = vec!["fit-calls", csv, "--scenario", scenario, "--out", p(&out)];
    args.extend_from_slice(extra);
    let o = patrolsim(&args);
    ok(&o);
    let text = std::fs::read_to_string(&out).unwrap();
    (
        toml::from_str(&text).expect("the file is TOML"),
        stderr(&o),
        out,
        dir,
    )
}

fn nums(v: &toml::Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_float().unwrap())
        .collect()
}

/// Each node's jurisdiction call_weight in the county scenario.
fn county_jur_weight() -> Vec<f64> {
    let s = shipped("scenarios/county.toml", &[]);
    let (w, _) = Model::check(&s).unwrap();
    w.node_jur
        .iter()
        .map(|&j| s.jurisdictions[j as usize].call_weight)
        .collect()
}

#[test]
fn a_small_export_is_counted_by_type_and_every_bad_row_is_reported_by_line() {
    let (t, err, out, _d) = fit(
        "tests/fixtures/calls-county.csv",
        "scenarios/county.toml",
        &[],
    );
    for (line, why) in [
        (5, "unreadable timestamp \"not a time\""),
        (6, "missing coordinates"),
        (8, "unknown priority \"high\""),
        (9, "node \"9999\" is not in the road network"),
        (10, "unreadable on_scene_min \"abc\""),
        (
            11,
            "timestamp \"2024-03-10 12:00\" has no zone: give its offset with --timezone",
        ),
    ] {
        assert!(
            err.contains(&format!("calls-county.csv, line {line}: {why}")),
            "line {line}: {why} in:\n{err}"
        );
    }
    assert!(err.contains("6 calls used, 6 refused"), "{err}");
    let calls = t["calls"].as_table().unwrap();
    // 6 calls from Monday 00:10 to Sunday 23:50: 168 whole hours.
    assert!((calls["rate_per_hour"].as_float().unwrap() - 6.0 / 168.0).abs() < 1e-4);
    let types = calls["types"].as_array().unwrap();
    let by = |n: &str| {
        types
            .iter()
            .find(|x| x["name"].as_str() == Some(n))
            .unwrap()
    };
    assert!((by("noise")["share"].as_float().unwrap() - 0.5).abs() < 1e-3);
    assert_eq!(by("noise")["priority"].as_integer(), Some(3));
    assert_eq!(by("theft")["priority"].as_integer(), Some(1));
    assert_eq!(by("alarm")["priority"].as_integer(), Some(2));
    // On scene 20 and 40 minutes: mean 30, sample sd 14.14.
    let scene = by("theft")["on_scene_min"].as_table().unwrap();
    assert_eq!(scene["dist"].as_str(), Some("lognormal"));
    assert!((scene["mean"].as_float().unwrap() - 30.0).abs() < 1e-3);
    assert!((scene["sd"].as_float().unwrap() - 200f64.sqrt()).abs() < 1e-2);
    assert!(
        by("noise").get("on_scene_min").is_none(),
        "one value: the default stays"
    );
    // Node weights: calls per node over the jurisdiction's call_weight.
    let w = nums(&t["network"]["node_weights"]);
    let jw = county_jur_weight();
    assert_eq!(w.len(), jw.len());
    let raw = |i: usize, n: f64| n / jw[i];
    let r = w[0] / w[440];
    assert!((r - raw(0, 3.0) / raw(440, 2.0)).abs() < 1e-3, "{r}");
    assert_eq!(w.iter().filter(|&&x| x > 0.0).count(), 3);
    // The written file is a scenario that extends the county and validates.
    ok(&patrolsim(&["validate", p(&out)]));
    let s = scenario::Document::from_file(&out)
        .unwrap()
        .read(&[])
        .unwrap();
    assert_eq!(s.calls.types.len(), 3);
}

#[test]
fn coordinates_snap_like_places_and_calls_off_the_map_are_refused() {
    let d = tempfile::tempdir().unwrap();
    let csv = d.path().join("c.csv");
    // Renamed columns, naive local times with --timezone; Alakatu 2 is a
    // node, the last point lies kilometres away, one a little off any node.
    std::fs::write(
        &csv,
        "Received,X,Y,kind,prio\n\
         2024-06-03 08:00,24.9421,60.1701,theft,1\n\
         2024-06-03 09:00,24.9400,60.1700,theft,1\n\
         2024-06-04 10:00,25.5,60.5,theft,1\n\
         2024-06-04 11:00,24.9430,60.1705,theft,1\n",
    )
    .unwrap();
    let (t, err, out, _d) = fit(
        p(&csv),
        "tests/fixtures/tiny-town.toml",
        &[
            "--timezone",
            "+03:00",
            "--column",
            "time=Received",
            "--column",
            "lon=X",
            "--column",
            "lat=Y",
            "--column",
            "type=kind",
            "--column",
            "priority=prio",
            "--max-snap-m",
            "30",
        ],
    );
    assert!(
        err.contains("line 4: off the map: [25.5, 60.5] lies outside the network"),
        "{err}"
    );
    assert!(
        err.contains("line 5: off the map: [24.943, 60.1705] lies"),
        "{err}"
    );
    assert!(err.contains("beyond the snap limit of 30 m"), "{err}");
    assert!(err.contains("2 calls used, 2 refused"), "{err}");
    let w = nums(&t["network"]["node_weights"]);
    assert_eq!(w.iter().filter(|&&x| x > 0.0).count(), 2, "{w:?}");
    ok(&patrolsim(&["validate", p(&out)]));
}

#[test]
fn a_file_without_the_needed_columns_or_usable_rows_is_refused_with_exit_2() {
    let d = tempfile::tempdir().unwrap();
    let csv = d.path().join("c.csv");
    std::fs::write(&csv, "when,node,type\n2024-06-03T08:00:00Z,1,theft\n").unwrap();
    let out = d.path().join("o.toml");
    let args = [
        "fit-calls",
        p(&csv),
        "--scenario",
        "scenarios/county.toml",
        "--out",
        p(&out),
    ];
    refused(
        &patrolsim(&args),
        "line 1 (header): missing column(s) time, priority",
    );
    std::fs::write(&csv, "time,node,type,priority\nyesterday,1,theft,1\n").unwrap();
    let o = patrolsim(&args);
    refused(&o, "no usable row (1 refused)");
    assert!(stderr(&o).contains("line 2: unreadable timestamp"));
    refused(
        &patrolsim(&[
            "fit-calls",
            "no/such.csv",
            "--scenario",
            "scenarios/county.toml",
        ]),
        "no/such.csv: cannot read",
    );
    assert!(!out.exists(), "nothing is written");
}

/// Knuth's Poisson draw (small means).
fn poisson(rng: &mut rand_pcg::Pcg64, mean: f64) -> u32 {
    let l = (-mean).exp();
    let (mut k, mut prod) = (0, rng.random::<f64>());
    while prod > l {
        k += 1;
        prod *= rng.random::<f64>();
    }
    k
}

#[test]
fn a_poisson_stream_with_a_known_hour_of_week_profile_is_recovered_within_sampling_error() {
    // 26 weeks at 5 calls per hour, rate ∝ hour-of-day × week-day profiles,
    // placed on 5 nodes in proportion to jurisdiction weight × node weight
    // as the model places them.
    let hourly: Vec<f64> = (0..24)
        .map(|h| 1.0 + 0.8 * ((h as f64 - 4.0) / 24.0 * std::f64::consts::TAU).sin())
        .collect();
    let weekday = [1.0, 0.9, 1.0, 1.1, 1.4, 1.2, 0.6];
    let norm = |v: &[f64]| -> Vec<f64> {
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| x / m).collect()
    };
    let (hn, wn) = (norm(&hourly), norm(&weekday));
    let jw = county_jur_weight();
    let nodes = [0usize, 100, 220, 300, 440];
    let true_w = [1.0, 2.0, 3.0, 4.0, 5.0];
    let place: Vec<f64> = nodes.iter().zip(true_w).map(|(&n, w)| jw[n] * w).collect();
    let total_place: f64 = place.iter().sum();
    let mut rng = rand_pcg::Pcg64::seed_from_u64(16);
    let mut csv = String::from("time,node,type,priority,on_scene_min\n");
    let start = patrolsim_days(2024, 1, 1); // a Monday
    let mut n = 0usize;
    for week in 0..26 {
        for s in 0..168 {
            let k = poisson(&mut rng, 5.0 * hn[s % 24] * wn[s / 24]);
            for _ in 0..k {
                let secs =
                    (start + week * 7) * 86_400 + s as i64 * 3600 + rng.random_range(0..3600);
                let (d, r) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
                let mut u = rng.random::<f64>() * total_place;
                let node = nodes[place
                    .iter()
                    .position(|&x| {
                        u -= x;
                        u < 0.0
                    })
                    .unwrap_or(4)];
                let (kind, prio) = if rng.random::<f64>() < 0.3 {
                    ("theft", 1)
                } else {
                    ("noise", 3)
                };
                let scene = -30.0 * rng.random::<f64>().ln();
                csv.push_str(&format!(
                    "{},{node},{kind},{prio},{scene:.2}\n",
                    stamp(d, r)
                ));
                n += 1;
            }
        }
    }
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("calls.csv");
    std::fs::write(&file, csv).unwrap();
    let (t, err, _, _d) = fit(p(&file), "scenarios/county.toml", &[]);
    let calls = t["calls"].as_table().unwrap();
    let hours: f64 = 26.0 * 168.0;
    // Each profile value: its calls are Poisson, relative se 1/sqrt(count).
    let check = |fitted: &[f64], truth: &[f64], groups: f64, what: &str| {
        let mut worst = 0.0f64;
        for (i, (f, tr)) in fitted.iter().zip(truth).enumerate() {
            let count = n as f64 / groups * tr;
            let se = tr / count.sqrt();
            worst = worst.max((f - tr).abs() / se);
            assert!(
                (f - tr).abs() < 4.0 * se,
                "{what}[{i}]: fitted {f:.3}, true {tr:.3}, se {se:.3}"
            );
        }
        eprintln!(
            "{what}: largest |fitted - true| / se = {worst:.2} over {} values",
            fitted.len()
        );
    };
    check(&nums(&calls["hourly_profile"]), &hn, 24.0, "hourly_profile");
    check(
        &nums(&calls["weekday_profile"]),
        &wn,
        7.0,
        "weekday_profile",
    );
    let rate = calls["rate_per_hour"].as_float().unwrap();
    let se = (5.0 * hours).sqrt() / hours;
    eprintln!("{n} calls; rate {rate} (true 5, se {se:.3})");
    assert!((rate - 5.0).abs() < 4.0 * se, "rate {rate}, se {se}");
    let w = nums(&t["network"]["node_weights"]);
    for (i, &node) in nodes.iter().enumerate() {
        let ratio = w[node] / w[nodes[0]];
        let count = n as f64 * place[i] / total_place;
        let count0 = n as f64 * place[0] / total_place;
        let se = true_w[i] * (1.0 / count + 1.0 / count0).sqrt();
        assert!(
            (ratio - true_w[i]).abs() < 4.0 * se,
            "node {node}: ratio {ratio:.3}, true {}",
            true_w[i]
        );
    }
    let types = calls["types"].as_array().unwrap();
    let theft = types
        .iter()
        .find(|x| x["name"].as_str() == Some("theft"))
        .unwrap();
    let share = theft["share"].as_float().unwrap();
    assert!(
        (share - 0.3).abs() < 4.0 * (0.3 * 0.7 / n as f64).sqrt(),
        "theft share {share}"
    );
    let mean = theft["on_scene_min"]["mean"].as_float().unwrap();
    assert!(
        (mean - 30.0).abs() < 4.0 * 30.0 / (0.3 * n as f64).sqrt(),
        "on-scene mean {mean}"
    );
    eprintln!("{err}");
    // The generating profile is a product, so the 168 counts fit it.
    let z: f64 = err
        .split("(z = ")
        .nth(1)
        .and_then(|s| s.split([')', ';']).next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(z < 4.0, "separability z = {z}: {err}");
}

/// Days since 1970-01-01 of a civil date.
fn patrolsim_days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

/// RFC 3339 at +08:00 of local day `d` and second `r`.
fn stamp(d: i64, r: i64) -> String {
    let z = d + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+08:00",
        r / 3600,
        r / 60 % 60,
        r % 60
    )
}

#[test]
fn a_week_that_is_not_hour_of_day_times_week_day_is_flagged_in_the_report() {
    // Four weeks, 4 calls an hour, but Saturday nights 20 and weekday
    // nights 1: the night peak belongs to the weekend only, which the
    // product of the two margins the scenario reads cannot hold.
    let start = patrolsim_days(2024, 1, 1);
    let mut csv = String::from("time,node,type,priority\n");
    for week in 0..4 {
        for s in 0..168i64 {
            let (day, hour) = (s / 24, s % 24);
            let k = match (day, hour) {
                (5, 0..=3) => 20,
                (0..=4, 0..=3) => 1,
                _ => 4,
            };
            for c in 0..k {
                let secs = (start + week * 7) * 86_400 + s * 3600 + c * 60;
                let line = stamp(secs.div_euclid(86_400), secs.rem_euclid(86_400));
                csv.push_str(&format!("{line},{},noise,3\n", c % 441));
            }
        }
    }
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("calls.csv");
    std::fs::write(&file, csv).unwrap();
    let (_, err, _, _d) = fit(p(&file), "scenarios/county.toml", &[]);
    assert!(
        err.contains("the week's shape is not a product of the two"),
        "{err}"
    );
}

/// The shipped Helsinki call history (scripts/make-helsinki-calls.py,
/// synthetic): the committed fit is what fit-calls writes from it today, it
/// recovers the generator's rate (2 calls an hour) and type shares
/// (30:20:15:10:15:10) within 4 standard errors, and the fitted scenario runs.
#[test]
fn the_synthetic_helsinki_history_fits_back_to_its_generator_and_the_fitted_scenario_runs() {
    let (t, err, out, _d) = fit(
        "scenarios/real/helsinki-calls.csv",
        "scenarios/real/helsinki.toml",
        &[],
    );
    let strip = |s: &str| -> String {
        s.lines()
            .filter(|l| !l.starts_with("extends"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let shipped_text =
        std::fs::read_to_string(root().join("scenarios/real/helsinki-calls.toml")).unwrap();
    assert_eq!(
        strip(&std::fs::read_to_string(&out).unwrap()),
        strip(&shipped_text),
        "scenarios/real/helsinki-calls.toml is stale: rerun fit-calls (docs/guide/own-county.md)"
    );
    // "fit: U calls used, R refused; H hours …"
    let line = err.lines().find(|l| l.starts_with("fit: ")).unwrap();
    let w: Vec<&str> = line.split_whitespace().collect();
    let (used, refused, hours): (f64, f64, f64) = (
        w[1].parse().unwrap(),
        w[4].parse().unwrap(),
        w[6].parse().unwrap(),
    );
    let all = used + refused;
    let rate = all / hours;
    assert!((rate - 2.0).abs() < 4.0 * all.sqrt() / hours, "{line}");
    let want = [
        ("disturbance", 0.30),
        ("theft", 0.20),
        ("traffic", 0.15),
        ("assault", 0.10),
        ("alarm", 0.15),
        ("welfare", 0.10),
    ];
    let types = t["calls"]["types"].as_array().unwrap();
    assert_eq!(types.len(), want.len());
    for ty in types {
        let name = ty["name"].as_str().unwrap();
        let share = ty["share"].as_float().unwrap();
        let p = want.iter().find(|x| x.0 == name).unwrap().1;
        let se = (p * (1.0 - p) / used).sqrt();
        assert!((share - p).abs() < 4.0 * se, "{name}: {share} vs {p}");
    }
    let o = patrolsim(&[
        "run",
        "scenarios/real/helsinki-calls.toml",
        "--set",
        "scenario.horizon_days=3",
        "-r",
        "1",
        "--format",
        "json",
    ]);
    let j = json_of(&o);
    assert!(j.to_string().contains("calls"), "{j}");
    // The guide's comparison on it (docs/guide/own-county.md, step 7).
    ok(&patrolsim(&[
        "compare",
        "scenarios/real/helsinki-compare.toml",
        "--set",
        "scenario.horizon_days=2",
        "-r",
        "2",
    ]));
}
