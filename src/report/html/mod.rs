//! One self-contained HTML page per result (a run, a comparison, a sweep),
//! built from the result files themselves (`metrics.json` + `nodes.csv`,
//! `comparison.json`, `summary.json`), so `--html` and `patrolsim report DIR`
//! draw the same page. Inline CSS and inline SVG only: no script, no font,
//! no URL, so it opens offline and can be mailed. Charts come from `svg`.

mod compare;
mod run;
mod sweep;

pub use compare::compare_page;
pub use run::{RunFiles, run_page};
pub use sweep::sweep_page;

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
svg .station{fill:#000;stroke:#fff;stroke-width:1.2}svg .target{stroke:#000;stroke-width:1.2;stroke-dasharray:5 3}\
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

pub(super) fn page(h: &Header, sections: &[String]) -> String {
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

pub(super) fn section(title: &str, charts: &[(String, String)]) -> String {
    let mut s = format!("<h2>{}</h2><div class=\"charts\">", esc(title));
    for (t, svg) in charts {
        let _ = write!(s, "<div class=\"chart\"><h3>{}</h3>{svg}</div>", esc(t));
    }
    s + "</div>"
}

/// `(mean, ci95_low, ci95_high)` of a metric in a `{"metrics": {…}}` value.
pub(super) fn stat(metrics: &Value, name: &str) -> (Option<f64>, Option<f64>, Option<f64>) {
    let m = &metrics[name];
    (
        m["mean"].as_f64(),
        m["ci95_low"].as_f64(),
        m["ci95_high"].as_f64(),
    )
}

pub(super) fn bar(metrics: &Value, name: &str, label: &str, series: usize) -> Bar {
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
pub(super) fn breakdown(metrics: &Value, base: &str) -> Vec<String> {
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

pub(super) fn metric_rows(metrics: &Value, names: &mut dyn Iterator<Item = &str>) -> String {
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
pub(super) fn summary_table(metrics: &Value, table: Option<&str>) -> String {
    match table {
        Some(t) => format!("<h2>Summary</h2><pre>{}</pre>", esc(t)),
        None => format!(
            "<h2>Summary</h2>{}",
            metric_rows(metrics, &mut HEADLINE.iter().copied())
        ),
    }
}

/// Every metric with a value, folded away at the end of the page.
pub(super) fn every_metric(metrics: &Value) -> String {
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
pub(super) fn read_nodes(csv: &str) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
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
pub(super) fn split_csv(line: &str) -> Vec<String> {
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

pub(super) fn map_nodes(head: &[String], rows: &[Vec<String>], column: &str) -> Vec<MapNode> {
    let col = |n: &str| head.iter().position(|h| h == n);
    let (Some(x), Some(y), Some(v)) = (col("x_m"), col("y_m"), col(column)) else {
        return vec![];
    };
    let (name, jur) = (col("name"), col("jurisdiction"));
    let (stations, posts) = (col("stations"), col("posts"));
    rows.iter()
        .map(|r| MapNode {
            x: r[x].parse().unwrap_or(0.0),
            y: r[y].parse().unwrap_or(0.0),
            value: r[v].parse().ok(),
            jurisdiction: jur.map(|j| r[j].clone()).unwrap_or_default(),
            name: name.map(|j| r[j].clone()).unwrap_or_default(),
            stations: stations.and_then(|j| r[j].parse().ok()).unwrap_or(0),
            posts: posts.and_then(|j| r[j].parse().ok()).unwrap_or(0),
        })
        .collect()
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
    // A file of the result that older versions did not write.
    let optional = |name: &str| -> Result<Option<String>, String> {
        let p = dir.join(name);
        match std::fs::read_to_string(&p) {
            Ok(t) => Ok(Some(t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", p.display())),
        }
    };
    if dir.join("comparison.json").exists() {
        let nodes = optional("nodes.csv")?;
        return compare_page(
            &read_json(&dir.join("comparison.json"))?,
            nodes.as_deref(),
            None,
            command,
        );
    }
    let (m, n) = (dir.join("metrics.json"), dir.join("nodes.csv"));
    match (m.exists(), n.exists()) {
        (true, true) => {
            let files = RunFiles {
                nodes: optional("nodes.csv")?.ok_or(format!("{} vanished", n.display()))?,
                response_cdf: optional("response_cdf.csv")?,
                week: optional("week.csv")?,
            };
            run_page(&read_json(&m)?, &files, None, command)
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
        let files = RunFiles {
            nodes: "node,name,x_m,y_m,jurisdiction,calls\n0,a,0,0,j,1\n".into(),
            response_cdf: None,
            week: None,
        };
        let html = run_page(&doc, &files, None, "x").unwrap();
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
