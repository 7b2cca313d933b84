//! The page of a sweep: each metric against each parameter, the cost
//! frontier, and a heat map for two parameters.

use super::{Header, Point, Series, page, section, svg};
use serde_json::Value;

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
