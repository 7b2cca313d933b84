//! The HTML report: one self-contained page per result directory (run,
//! compare, sweep), built from the result files; offline (no URL, no
//! script), every chart drawn or saying "no data", maps with every node;
//! directories that are not results, or are half-written, are refused.

use super::*;
use patrolsim::report::html::from_dir;
use std::path::Path;

fn ok(o: &Output) {
    assert!(o.status.success(), "{}", stderr(o));
}

/// Two replications of the county with `--set` values, stored in `dir`.
fn county_run(dir: &Path, set: &[&str]) {
    let mut args = vec!["run", "scenarios/county.toml", "-r", "2"];
    for v in set {
        args.extend(["--set", v]);
    }
    args.extend(["--out", dir.to_str().unwrap()]);
    ok(&patrolsim(&args));
}

/// Every `<svg …>…</svg>` of a page.
fn charts(page: &str) -> Vec<&str> {
    page.match_indices("<svg ")
        .map(|(i, _)| &page[i..i + page[i..].find("</svg>").unwrap()])
        .collect()
}

fn check_page(page: &str, min_charts: usize) {
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        !page.contains("http"),
        "a URL in the page: it must open offline"
    );
    assert!(!page.contains("<script"), "no script");
    assert!(
        page.len() < 2 << 20,
        "{} bytes: too large to mail",
        page.len()
    );
    let svgs = charts(page);
    assert!(svgs.len() >= min_charts, "{} charts", svgs.len());
    for s in svgs {
        let marks = ["<rect", "<line", "<polyline", "<circle", "<polygon"]
            .iter()
            .map(|m| s.matches(m).count())
            .sum::<usize>();
        assert!(
            marks > 0 || s.contains("no data"),
            "an empty chart: {}",
            &s[..s.len().min(200)]
        );
    }
}

#[test]
fn run_compare_and_sweep_pages_are_whole_and_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    county_run(&run, &["scenario.horizon_days=20"]);
    let page = from_dir(&run, "test").unwrap();
    check_page(&page, 8);
    // Three maps, each with a cell for every one of the county's 441 nodes.
    let maps: Vec<&str> = charts(&page)
        .into_iter()
        .filter(|s| s.contains("per node"))
        .collect();
    assert_eq!(maps.len(), 3);
    for m in maps {
        assert!(m.matches("<rect").count() >= 441, "a map without its nodes");
    }
    for heading in [
        "Response time by priority",
        "Response time distribution",
        "Calls by hour of week",
        "Busy units by hour of week",
        "Crimes by type and outcome",
        "Cost by payer",
    ] {
        assert!(page.contains(heading), "{heading}");
    }
    // The county's five stations are marked on every map, and the
    // priority-1 targets (urban 5, suburban 10 minutes) on the distribution.
    assert_eq!(page.matches("class=\"station\">").count(), 3 * 5);
    assert!(
        page.contains("P1 target, urban: 5.00 min")
            && page.contains("P1 target, suburban: 10.00 min")
    );

    let cmp = tmp.path().join("cmp");
    ok(&patrolsim(&[
        "compare",
        "scenarios/compare-deployment.toml",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=10",
        "--out",
        cmp.to_str().unwrap(),
    ]));
    let page = from_dir(&cmp, "test").unwrap();
    check_page(&page, 4);
    assert!(page.contains("difference to baseline (paired, 95 % interval)"));
    // One map of the difference in crime per node for each strategy but
    // the baseline, coloured around zero.
    let diff_maps: Vec<&str> = charts(&page)
        .into_iter()
        .filter(|s| s.contains("difference in crime"))
        .collect();
    let strategies = std::fs::read_to_string(cmp.join("comparison.csv")).unwrap();
    assert!(!diff_maps.is_empty() && strategies.contains("patrol"));
    for m in diff_maps {
        assert!(m.matches("<rect").count() >= 441, "a map without its nodes");
    }

    let sw = tmp.path().join("sw");
    ok(&patrolsim(&[
        "sweep",
        "tests/fixtures/sweep-small.toml",
        "--out",
        sw.to_str().unwrap(),
    ]));
    let page = from_dir(&sw, "test").unwrap();
    check_page(&page, 3);
    assert!(page.contains("against deployment.patrol_share"));
    assert!(page.contains("Pareto frontier"));
}

#[test]
fn directories_that_are_not_whole_results_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let err = |d: &Path| from_dir(d, "t").unwrap_err();
    assert!(err(&tmp.path().join("missing")).contains("not a directory"));
    assert!(err(tmp.path()).contains("not a result directory"));
    std::fs::write(tmp.path().join("metrics.json"), "{}").unwrap();
    assert!(err(tmp.path()).contains("only part of a run"));
    let shard = tmp.path().join("shard");
    ok(&patrolsim(&[
        "sweep",
        "tests/fixtures/sweep-small.toml",
        "--out",
        shard.to_str().unwrap(),
        "--shard",
        "1/2",
    ]));
    assert!(err(&shard).contains("merge the shards first"));
}

#[test]
fn report_and_html_on_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    // Not a result: exit 2, nothing written.
    let out = tmp.path().join("r.html");
    let o = patrolsim(&[
        "report",
        tmp.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not a result directory"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // --html with a shard is refused before anything runs.
    let o = patrolsim(&[
        "sweep",
        "tests/fixtures/sweep-small.toml",
        "--out",
        tmp.path().join("s").to_str().unwrap(),
        "--shard",
        "1/2",
        "--html",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!tmp.path().join("s").exists());
    // A run's --html page and `report` of its --out draw the same charts.
    let run = tmp.path().join("run");
    ok(&patrolsim(&[
        "run",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=5",
        "--out",
        run.to_str().unwrap(),
        "--html",
        out.to_str().unwrap(),
    ]));
    let direct = std::fs::read_to_string(&out).unwrap();
    ok(&patrolsim(&["report", run.to_str().unwrap()]));
    let from_dir = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert_eq!(charts(&direct).len(), charts(&from_dir).len());
    assert!(
        direct.contains("<pre>"),
        "the run's own page carries the terminal table"
    );
}

/// `(header, rows)` of a CSV without quoted commas in the columns read.
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let head = lines.next().unwrap().split(',').map(String::from).collect();
    (
        head,
        lines
            .map(|l| l.split(',').map(String::from).collect())
            .collect(),
    )
}

#[test]
fn the_profiles_of_a_run_add_up_to_its_summary_metrics() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    // 9.5 days: the hours of the week occur once or twice, the last day in part.
    county_run(
        &run,
        &["scenario.horizon_days=9.5", "scenario.warmup_days=1"],
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.join("metrics.json")).unwrap()).unwrap();
    let metric = |n: &str| doc["metrics"][n]["mean"].as_f64().unwrap();

    // Calls per hour of the week × how often that hour was measured = calls.
    let (head, rows) = table(&run.join("week.csv"));
    assert_eq!(
        head,
        [
            "hour_of_week",
            "day",
            "hour",
            "calls_per_hour",
            "busy_units"
        ]
    );
    assert_eq!(rows.len(), 168);
    let mut hours = [0.0f64; 168];
    for h in 24..(9.5f64 * 24.0) as usize {
        hours[h % 168] += 1.0;
    }
    let f = |r: &Vec<String>, i: usize| r[i].parse::<f64>().unwrap();
    let calls: f64 = rows.iter().map(|r| f(r, 3) * hours[f(r, 0) as usize]).sum();
    assert!(
        (calls - metric("calls")).abs() < 1e-6 * calls,
        "{calls} vs {}",
        metric("calls")
    );
    // The busy units per hour, weighted the same way, average to busy_units_mean.
    let busy: f64 = rows
        .iter()
        .map(|r| f(r, 4) * hours[f(r, 0) as usize])
        .sum::<f64>()
        / hours.iter().sum::<f64>();
    let want = metric("busy_units_mean");
    assert!((busy - want).abs() < 1e-9 * want, "{busy} vs {want}");
    assert_eq!((rows[0][1].as_str(), rows[0][2].as_str()), ("Mon", "0"));
    assert_eq!(
        (rows[167][1].as_str(), rows[167][2].as_str()),
        ("Sun", "23")
    );

    // The response distribution: a CDF per priority, and at the median
    // response time about half the calls are reached (minutes are whole,
    // so between the shares at the minutes around the median).
    let (head, rows) = table(&run.join("response_cdf.csv"));
    assert_eq!(head, ["priority", "minutes", "share_within"]);
    let all: Vec<f64> = rows
        .iter()
        .filter(|r| r[0] == "all")
        .map(|r| f(r, 2))
        .collect();
    assert_eq!(all.len(), 61);
    assert!(all.windows(2).all(|w| w[0] <= w[1]) && all[60] <= 1.0 && all[0] == 0.0);
    let median = metric("response_time_median_min");
    let (lo, hi) = (all[median.floor() as usize], all[median.ceil() as usize]);
    assert!(
        lo <= 0.5 + 1e-9 && hi >= 0.5 - 0.01,
        "{lo} {hi} at the median {median}"
    );
    for p in ["p1", "p2", "p3"] {
        assert_eq!(rows.iter().filter(|r| r[0] == p).count(), 61, "{p}");
    }
}

#[test]
fn a_run_directory_from_before_the_profiles_still_makes_a_page_with_no_data_there() {
    let tmp = tempfile::tempdir().unwrap();
    let run = tmp.path().join("run");
    county_run(&run, &["scenario.horizon_days=3"]);
    std::fs::remove_file(run.join("week.csv")).unwrap();
    std::fs::remove_file(run.join("response_cdf.csv")).unwrap();
    let page = from_dir(&run, "test").unwrap();
    check_page(&page, 8);
    let week: Vec<&str> = charts(&page)
        .into_iter()
        .filter(|s| s.contains("hour of week"))
        .collect();
    assert_eq!(week.len(), 2);
    assert!(
        week.iter().all(|s| s.contains("no data")),
        "never a zero line"
    );
}
