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
    ok(&patrolsim(&[
        "run",
        "scenarios/county.toml",
        "-r",
        "2",
        "--set",
        "scenario.horizon_days=20",
        "--out",
        run.to_str().unwrap(),
    ]));
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
        "Crimes by type and outcome",
        "Cost by payer",
    ] {
        assert!(page.contains(heading), "{heading}");
    }

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
