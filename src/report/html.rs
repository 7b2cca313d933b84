//! One self-contained HTML page per result (a run, a comparison, a sweep),
//! built from the result files themselves (`metrics.json` + `nodes.csv`,
//! `comparison.json`, `summary.json`), so `--html` and `patrolsim report DIR`
//! draw the same page. Inline CSS and inline SVG only: no script, no font,
//! no URL, so it opens offline and can be mailed. Charts come from `svg`.

use super::svg::{self, Bar, MapNode, Point, Series, esc};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::Path;

const CSS: &str = "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1340px;padding:0 16px;color:#222}\
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}\
.meta{color:#555}.charts{display:flex;flex-wrap:wrap;gap:18px}.chart{flex:0 0 auto}\
.chart h3{font-size:14px;margin:6px 0}pre{background:#f6f6f6;padding:10px;overflow:auto;font-size:12px}\
svg{background:#fff}svg .grid{stroke:#e4e4e4}svg .zero{stroke:#555;stroke-width:1.2}svg .frame{fill:none;stroke:#999}\
svg .whisker{stroke:#222;stroke-width:1.6}svg .boundary{stroke:#000;stroke-width:1.4}\
svg text{font:11px system-ui,sans-serif;fill:#222}svg .axis{font-size:12px}svg .nodata{fill:#999;font-style:italic}\
table{border-collapse:collapse;font-size:12px}td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:right}td:first-child,th:first-child{text-align:left}";

/// What every page says at its top: the title, what it is, and how it was made.
pub struct Header<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub seed: Option<u64>,
    pub replications: Option<u64>,
    pub command: &'a str,
}

fn page(h: &Header, sections: &[String]) -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    let _ = write!(
        s,
        "<meta name=\"viewport\" content=\"width=device-width\"><title>{} — {}</title><style>{CSS}</style></head><body>",
        esc(h.title),
        esc(h.kind)
    );
    let _ = write!(
        s,
        "<h1>{}</h1><p class=\"meta\">{} · patrolsim {}{}{} · command: <code>{}</code></p>",
        esc(h.title),
        esc(h.kind),
        env!("CARGO_PKG_VERSION"),
        h.seed.map(|x| format!(" · seed {x}")).unwrap_or_default(),
        h.replications
            .map(|r| format!(" · {r} replications (intervals: 95 %)"))
            .unwrap_or_default(),
        esc(h.command)
    );
    for sec in sections {
        s += sec;
    }
    s + "</body></html>\n"
}

fn section(title: &str, charts: &[(String, String)]) -> String {
    let mut s = format!("<h2>{}</h2><div class=\"charts\">", esc(title));
    for (t, svg) in charts {
        let _ = write!(s, "<div class=\"chart\"><h3>{}</h3>{svg}</div>", esc(t));
    }
    s + "</div>"
}

/// `(mean, ci95_low, ci95_high)` of a metric in a `{"metrics": {…}}` value.
fn stat(metrics: &Value, name: &str) -> (Option<f64>, Option<f64>, Option<f64>) {
    let m = &metrics[name];
    (
        m["mean"].as_f64(),
        m["ci95_low"].as_f64(),
        m["ci95_high"].as_f64(),
    )
}

fn bar(metrics: &Value, name: &str, label: &str, series: usize) -> Bar {
    let (mean, lo, hi) = stat(metrics, name);
    Bar {
        label: label.to_string(),
        mean,
        lo,
        hi,
        series,
    }
}

/// Names of `metrics` of the form `base.X`, in order, as `X`.
fn breakdown(metrics: &Value, base: &str) -> Vec<String> {
    metrics
        .as_object()
        .map(|o| {
            o.keys()
                .filter_map(|k| k.strip_prefix(base)?.strip_prefix('.'))
                .filter(|x| !x.contains('.'))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Metrics of the headline table at the top of a run's page, when present.
const HEADLINE: [&str; 10] = [
    "calls",
    "response_time_mean_min",
    "response_time_p90_min",
    "response_target_met_share",
    "unit_utilization",
    "crimes_completed",
    "arrests",
    "clearance_rate",
    "cost_total",
    "social_cost",
];

fn metric_rows(metrics: &Value, names: &mut dyn Iterator<Item = &str>) -> String {
    let mut s = String::from("<table><tr><th>metric</th><th>mean</th><th>95 % interval</th></tr>");
    for k in names {
        let (m, lo, hi) = stat(metrics, k);
        let Some(m) = m else { continue };
        let ci = match (lo, hi) {
            (Some(a), Some(b)) => format!("[{}, {}]", svg::num(a), svg::num(b)),
            _ => "—".into(),
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(k),
            svg::num(m),
            ci
        );
    }
    s + "</table>"
}

/// The headline numbers (or the terminal's table, when the run itself
/// writes the page).
fn summary_table(metrics: &Value, table: Option<&str>) -> String {
    match table {
        Some(t) => format!("<h2>Summary</h2><pre>{}</pre>", esc(t)),
        None => format!(
            "<h2>Summary</h2>{}",
            metric_rows(metrics, &mut HEADLINE.iter().copied())
        ),
    }
}

/// Every metric with a value, folded away at the end of the page.
fn every_metric(metrics: &Value) -> String {
    let names: Vec<&str> = metrics
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    format!(
        "<h2>Every metric</h2><details><summary>{} metrics (mean and 95 % interval); the same numbers as metrics.json</summary>{}</details>",
        names.len(),
        metric_rows(metrics, &mut names.into_iter())
    )
}

/// Nodes of `nodes.csv` (node, name, x_m, y_m, jurisdiction, then values).
fn read_nodes(csv: &str) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    let mut lines = csv.lines();
    let head: Vec<String> = lines
        .next()
        .ok_or("nodes.csv is empty")?
        .split(',')
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    for (i, l) in lines.enumerate() {
        let row = split_csv(l);
        if row.len() != head.len() {
            return Err(format!(
                "nodes.csv line {}: {} fields, expected {}",
                i + 2,
                row.len(),
                head.len()
            ));
        }
        rows.push(row);
    }
    Ok((head, rows))
}

/// One CSV line's fields (RFC 4180 quoting).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn map_nodes(head: &[String], rows: &[Vec<String>], column: &str) -> Vec<MapNode> {
    let col = |n: &str| head.iter().position(|h| h == n);
    let (Some(x), Some(y), Some(v)) = (col("x_m"), col("y_m"), col(column)) else {
        return vec![];
    };
    let (name, jur) = (col("name"), col("jurisdiction"));
    rows.iter()
        .map(|r| MapNode {
            x: r[x].parse().unwrap_or(0.0),
            y: r[y].parse().unwrap_or(0.0),
            value: r[v].parse().ok(),
            jurisdiction: jur.map(|j| r[j].clone()).unwrap_or_default(),
            name: name.map(|j| r[j].clone()).unwrap_or_default(),
        })
        .collect()
}

/// The page of one run: `metrics.json`'s value and `nodes.csv`'s text;
/// `table` is the terminal table when the run itself writes the page.
pub fn run_page(
    doc: &Value,
    nodes_csv: &str,
    table: Option<&str>,
    command: &str,
) -> Result<String, String> {
    let metrics = &doc["metrics"];
    if !metrics.is_object() {
        return Err("metrics.json has no \"metrics\" object".into());
    }
    let title = doc["scenario"].as_str().unwrap_or("scenario");
    let mut sections = vec![summary_table(metrics, table)];

    // Responses.
    let prios = breakdown(metrics, "response_time_mean_min");
    let mut rows = Vec::new();
    for p in std::iter::once(None).chain(prios.iter().map(Some)) {
        let sfx = p.map(|p| format!(".{p}")).unwrap_or_default();
        let who = p.map_or("all".to_string(), |p| p.to_uppercase());
        for (k, (stat_name, what)) in [
            ("response_time_mean_min", "mean"),
            ("response_time_median_min", "median"),
            ("response_time_p90_min", "90th percentile"),
        ]
        .iter()
        .enumerate()
        {
            rows.push(bar(
                metrics,
                &format!("{stat_name}{sfx}"),
                &format!("{who}, {what}"),
                k,
            ));
        }
    }
    let targets: Vec<Bar> = std::iter::once(bar(
        metrics,
        "response_target_met_share",
        "all priority-1 calls",
        0,
    ))
    .chain(
        breakdown(metrics, "response_target_met_share")
            .iter()
            .map(|a| bar(metrics, &format!("response_target_met_share.{a}"), a, 1)),
    )
    .collect();
    let waits: Vec<Bar> = std::iter::once(bar(metrics, "dispatch_wait_mean_min", "all", 0))
        .chain(prios.iter().map(|p| {
            bar(
                metrics,
                &format!("dispatch_wait_mean_min.{p}"),
                &p.to_uppercase(),
                0,
            )
        }))
        .collect();
    sections.push(section(
        "Calls and responses",
        &[
            (
                "Response time by priority (received → on scene)".into(),
                svg::bars("Response time by priority", "minutes", &rows),
            ),
            (
                "Share of priority-1 calls reached within the target, by area type".into(),
                svg::bars("Response target met", "share of calls", &targets),
            ),
            (
                "Dispatch wait (queued → assigned), mean".into(),
                svg::bars("Dispatch wait", "minutes", &waits),
            ),
        ],
    ));

    // Units.
    let states: Vec<Bar> = breakdown(metrics, "unit_hours")
        .iter()
        .map(|st| {
            bar(
                metrics,
                &format!("unit_hours.{st}"),
                &st.replace('_', " "),
                0,
            )
        })
        .collect();
    sections.push(section(
        "Units",
        &[(
            "Unit-hours by state".into(),
            svg::bars("Unit-hours by state", "hours", &states),
        )],
    ));

    // Crime, when the run has it.
    if metrics.get("crimes_attempted").is_some() {
        let types = breakdown(metrics, "crimes_attempted");
        let outcomes = [
            ("crimes_completed", "completed"),
            ("crimes_failed", "failed"),
            ("crimes_deterred", "deterred"),
            ("crimes_reported", "reported"),
        ];
        let mut by_type = Vec::new();
        for t in &types {
            for (k, (base, what)) in outcomes.iter().enumerate() {
                by_type.push(bar(
                    metrics,
                    &format!("{base}.{t}"),
                    &format!("{}, {what}", t.replace('_', " ")),
                    k,
                ));
            }
        }
        let arrests: Vec<Bar> = breakdown(metrics, "arrests")
            .iter()
            .map(|c| bar(metrics, &format!("arrests.{c}"), &c.replace('_', " "), 2))
            .collect();
        sections.push(section(
            "Crime and how it ended",
            &[
                (
                    "Crimes by type and outcome".into(),
                    svg::bars("Crimes by type and outcome", "crimes", &by_type),
                ),
                (
                    "Arrests by channel".into(),
                    svg::bars("Arrests by channel", "arrests", &arrests),
                ),
            ],
        ));
    }

    // Costs.
    let items: Vec<Bar> = breakdown(metrics, "cost")
        .iter()
        .filter(|c| {
            stat(metrics, &format!("cost.{c}"))
                .0
                .is_some_and(|v| v != 0.0)
        })
        .map(|c| bar(metrics, &format!("cost.{c}"), &c.replace('_', " "), 0))
        .collect();
    let payers: Vec<Bar> = breakdown(metrics, "cost_by_payer")
        .iter()
        .map(|c| bar(metrics, &format!("cost_by_payer.{c}"), c, 1))
        .collect();
    if !items.is_empty() || !payers.is_empty() {
        sections.push(section(
            "Cost",
            &[
                (
                    "Cost by item (items with a cost)".into(),
                    svg::bars("Cost by item", "money over the horizon", &items),
                ),
                (
                    "Cost by payer".into(),
                    svg::bars("Cost by payer", "money over the horizon", &payers),
                ),
            ],
        ));
    }

    // Maps.
    let (head, rows) = read_nodes(nodes_csv)?;
    let mut maps = Vec::new();
    for (col, what, unit) in [
        ("crimes", "Completed crime per node", "crimes"),
        ("coverage", "Patrol coverage per node", "share of hours"),
        ("calls", "Calls per node", "calls"),
    ] {
        if head.iter().any(|h| h == col) {
            maps.push((
                format!("{what} (mean over replications; lines: jurisdiction boundaries)"),
                svg::map(what, unit, &map_nodes(&head, &rows, col), false),
            ));
        }
    }
    sections.push(section("Maps", &maps));
    sections.push(every_metric(metrics));

    Ok(page(
        &Header {
            title,
            kind: "run",
            seed: doc["seed"].as_u64(),
            replications: doc["replications"].as_u64(),
            command,
        },
        &sections,
    ))
}

/// The page of a comparison: `comparison.json`'s value.
pub fn compare_page(doc: &Value, table: Option<&str>, command: &str) -> Result<String, String> {
    let strategies = doc["strategies"]
        .as_object()
        .ok_or("comparison.json has no \"strategies\" object")?;
    let diffs = doc["differences"]
        .as_object()
        .ok_or("comparison.json has no \"differences\" object")?;
    let baseline = doc["baseline"].as_str().unwrap_or("baseline");
    let title = doc["scenario"].as_str().unwrap_or("comparison");
    let mut sections = Vec::new();
    if let Some(t) = table {
        sections.push(format!("<h2>Summary</h2><pre>{}</pre>", esc(t)));
    }
    let mut charts = Vec::new();
    for (metric, what) in [
        ("crimes_completed", "Completed crimes"),
        ("response_time_mean_min", "Mean response time (minutes)"),
        ("cost_total", "Total cost"),
        ("net_benefit", "Net benefit"),
        ("benefit_cost_ratio", "Benefit-cost ratio"),
        ("arrests", "Arrests"),
    ] {
        let rows: Vec<Bar> = diffs
            .iter()
            .filter(|(name, _)| name.as_str() != baseline)
            .enumerate()
            .map(|(i, (name, d))| Bar {
                label: name.clone(),
                mean: d[metric]["mean"].as_f64(),
                lo: d[metric]["ci95_low"].as_f64(),
                hi: d[metric]["ci95_high"].as_f64(),
                series: i,
            })
            .collect();
        if rows.iter().all(|r| r.mean.is_none()) && diffs.values().all(|d| d.get(metric).is_none())
        {
            continue;
        }
        let label = if metric == "benefit_cost_ratio" {
            format!("{what} against {baseline} (95 % interval)")
        } else {
            format!("{what}: difference to {baseline} (paired, 95 % interval)")
        };
        charts.push((label, svg::forest(what, what, &rows)));
    }
    sections.push(section(
        &format!("Each strategy against {baseline}"),
        &charts,
    ));
    let mut levels = Vec::new();
    for (metric, what) in [
        ("crimes_completed", "Completed crimes"),
        ("response_time_mean_min", "Mean response time (minutes)"),
    ] {
        let rows: Vec<Bar> = strategies
            .iter()
            .enumerate()
            .map(|(i, (name, s))| Bar {
                label: name.clone(),
                mean: s["metrics"][metric]["mean"].as_f64(),
                lo: s["metrics"][metric]["ci95_low"].as_f64(),
                hi: s["metrics"][metric]["ci95_high"].as_f64(),
                series: i,
            })
            .collect();
        levels.push((
            format!("{what}, each strategy"),
            svg::bars(what, what, &rows),
        ));
    }
    sections.push(section("Levels", &levels));
    Ok(page(
        &Header {
            title,
            kind: "comparison",
            seed: doc["seed"].as_u64(),
            replications: doc["replications"].as_u64(),
            command,
        },
        &sections,
    ))
}

/// Metrics a sweep page plots against each parameter, when present.
const SWEEP_METRICS: [(&str, &str); 5] = [
    ("crimes_completed", "completed crimes"),
    ("response_time_mean_min", "mean response time (min)"),
    ("arrests", "arrests"),
    ("cost_total", "total cost"),
    ("social_cost", "social cost of crime"),
];

/// The page of a sweep: `summary.json`'s value.
pub fn sweep_page(doc: &Value, command: &str) -> Result<String, String> {
    let points = doc["points"]
        .as_array()
        .ok_or("summary.json has no \"points\" array")?;
    let params: Vec<String> = doc["parameters"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let title = doc["sweep"].as_str().unwrap_or("sweep");
    let numeric = |p: &str| {
        points
            .iter()
            .all(|pt| pt["parameters"][p].as_f64().is_some())
    };
    let mut sections = Vec::new();
    for p in params.iter().filter(|p| numeric(p)) {
        let mut charts = Vec::new();
        for (metric, what) in SWEEP_METRICS {
            let pts: Vec<(f64, f64, Option<f64>, Option<f64>)> = points
                .iter()
                .filter_map(|pt| {
                    let m = &pt["metrics"][metric];
                    Some((
                        pt["parameters"][p].as_f64()?,
                        m["mean"].as_f64()?,
                        m["ci95_low"].as_f64(),
                        m["ci95_high"].as_f64(),
                    ))
                })
                .collect();
            if pts.is_empty() {
                continue;
            }
            let mut pts = pts;
            pts.sort_by(|a, b| a.0.total_cmp(&b.0));
            charts.push((
                format!("{what} against {p} (mean, 95 % band)"),
                svg::lines(
                    what,
                    p,
                    what,
                    &[Series {
                        name: what.to_string(),
                        points: pts,
                    }],
                ),
            ));
        }
        sections.push(section(&format!("Against {p}"), &charts));
    }
    let frontier: Vec<Point> = points
        .iter()
        .filter_map(|pt| {
            Some(Point {
                label: format!("point {}", pt["point"]),
                x: pt["metrics"]["cost_total"]["mean"].as_f64()?,
                y: pt["metrics"]["social_cost"]["mean"].as_f64()?,
                on_frontier: pt["pareto_frontier"].as_bool().unwrap_or(false),
            })
        })
        .collect();
    if !frontier.is_empty() {
        sections.push(section(
            "Cost and harm",
            &[(
                "Cost against the social cost of crime (each point's mean); the frontier: no other point is cheaper and less harmful".into(),
                svg::scatter("Cost and social cost", "total cost", "social cost of crime", &frontier),
            )],
        ));
    }
    let two: Vec<&String> = params.iter().filter(|p| numeric(p)).collect();
    if two.len() == 2 {
        let vals = |p: &str| {
            let mut v: Vec<f64> = points
                .iter()
                .filter_map(|pt| pt["parameters"][p].as_f64())
                .collect();
            v.sort_by(f64::total_cmp);
            v.dedup();
            v
        };
        let (rv, cv) = (vals(two[0]), vals(two[1]));
        if rv.len() * cv.len() <= 2500 {
            let grid: Vec<Vec<Option<f64>>> = rv
                .iter()
                .map(|r| {
                    cv.iter()
                        .map(|c| {
                            points
                                .iter()
                                .find(|pt| {
                                    pt["parameters"][two[0].as_str()].as_f64() == Some(*r)
                                        && pt["parameters"][two[1].as_str()].as_f64() == Some(*c)
                                })
                                .and_then(|pt| pt["metrics"]["crimes_completed"]["mean"].as_f64())
                        })
                        .collect()
                })
                .collect();
            let lab = |v: &[f64]| v.iter().map(|x| svg::num(*x)).collect::<Vec<_>>();
            sections.push(section(
                "Two parameters",
                &[(
                    "Completed crimes (mean) over both parameters".into(),
                    svg::heatmap(
                        "Completed crimes",
                        two[0],
                        &lab(&rv),
                        two[1],
                        &lab(&cv),
                        &grid,
                        "crimes",
                    ),
                )],
            ));
        }
    }
    if sections.is_empty() {
        sections.push("<p class=\"nodata\">no numeric parameter to plot against and no costs: see summary.csv</p>".into());
    }
    Ok(page(
        &Header {
            title,
            kind: "sweep",
            seed: doc["seed"].as_u64(),
            replications: doc["replications"].as_u64(),
            command,
        },
        &sections,
    ))
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is damaged: {e}", path.display()))
}

/// The page of a finished result directory (`--out` of run, compare or
/// sweep), or why it is not one.
pub fn from_dir(dir: &Path, command: &str) -> Result<String, String> {
    let shown = dir.display();
    if !dir.is_dir() {
        return Err(format!("{shown} is not a directory"));
    }
    if dir.join(super::sweep::PLAN_FILE).exists() {
        let summary = dir.join("summary.json");
        if !summary.exists() {
            return Err(format!(
                "{shown} holds a sweep without summary.json: it is unfinished (run it with --resume) or a shard (merge the shards first)"
            ));
        }
        return sweep_page(&read_json(&summary)?, command);
    }
    if dir.join("comparison.json").exists() {
        return compare_page(&read_json(&dir.join("comparison.json"))?, None, command);
    }
    let (m, n) = (dir.join("metrics.json"), dir.join("nodes.csv"));
    match (m.exists(), n.exists()) {
        (true, true) => {
            let nodes = std::fs::read_to_string(&n)
                .map_err(|e| format!("cannot read {}: {e}", n.display()))?;
            run_page(&read_json(&m)?, &nodes, None, command)
        }
        (true, false) | (false, true) => Err(format!(
            "{shown} holds only part of a run's results (metrics.json and nodes.csv go together)"
        )),
        (false, false) => Err(format!(
            "{shown} is not a result directory: it holds no metrics.json (run --out), comparison.json (compare --out) or plan.json (sweep --out)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_keep_quoted_commas() {
        assert_eq!(
            split_csv("1,\"[0, 1]\",400.0,\"x\"\"y\""),
            vec!["1", "[0, 1]", "400.0", "x\"y"]
        );
    }

    #[test]
    fn a_metric_without_observations_is_no_data_not_zero() {
        let doc = serde_json::json!({"scenario": "t", "seed": 1, "replications": 2, "metrics": {
            "response_time_mean_min": {"mean": null, "std": null, "ci95_low": null, "ci95_high": null},
            "unit_hours.patrol": {"mean": 5.0, "std": 1.0, "ci95_low": 3.0, "ci95_high": 7.0}
        }});
        let html = run_page(
            &doc,
            "node,name,x_m,y_m,jurisdiction,calls\n0,a,0,0,j,1\n",
            None,
            "x",
        )
        .unwrap();
        assert!(
            html.contains("no data"),
            "a metric with no observation shows as no data"
        );
        assert!(
            !html.contains("http"),
            "no URL of any kind: the page opens offline"
        );
        assert!(!html.contains("<script"), "no script");
    }
}
