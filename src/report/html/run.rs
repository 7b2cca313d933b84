//! The page of one run: responses, units, crime, cost and maps.

use super::{
    Bar, Header, Series, bar, breakdown, every_metric, map_nodes, page, read_nodes, section, stat,
    summary_table, svg,
};
use serde_json::Value;

/// The texts of a run's result files besides `metrics.json` (those that an
/// older result directory lacks are `None` and their charts say "no data").
pub struct RunFiles {
    pub nodes: String,
    pub response_cdf: Option<String>,
    pub week: Option<String>,
}

/// Rows of a small CSV of ours as (header, fields), or why not.
fn rows(what: &str, csv: &str) -> Result<(Vec<String>, Vec<Vec<String>>), String> {
    read_nodes(csv).map_err(|e| e.replace("nodes.csv", what))
}

/// The response-time distribution by priority, with the targets marked.
fn response_cdf_chart(doc: &Value, csv: Option<&str>) -> Result<String, String> {
    let title = "Response time distribution";
    let mut series: Vec<Series> = Vec::new();
    if let Some(csv) = csv {
        let (head, rows) = rows("response_cdf.csv", csv)?;
        let col = |n: &str| {
            head.iter()
                .position(|h| h == n)
                .ok_or(format!("response_cdf.csv has no column {n}"))
        };
        let (p, m, v) = (col("priority")?, col("minutes")?, col("share_within")?);
        for r in &rows {
            let name = if r[p] == "all" {
                "all calls".to_string()
            } else {
                r[p].to_uppercase()
            };
            if series.last().is_none_or(|s| s.name != name) {
                series.push(Series {
                    name,
                    points: vec![],
                });
            }
            if let (Ok(x), Ok(y)) = (r[m].parse::<f64>(), r[v].parse::<f64>()) {
                series
                    .last_mut()
                    .expect("pushed")
                    .points
                    .push((x, y, None, None));
            }
        }
    }
    // Drawn up to the minute where every priority has reached 99.9 % (the
    // file keeps every minute).
    let end = series
        .iter()
        .map(|s| {
            s.points
                .iter()
                .find(|p| p.1 >= 0.999)
                .map_or(f64::INFINITY, |p| p.0)
        })
        .fold(0.0f64, f64::max);
    for s in &mut series {
        s.points.retain(|p| p.0 <= end);
    }
    let marks: Vec<svg::Mark> = doc["response_target_min"]
        .as_object()
        .map(|o| {
            o.iter()
                .filter_map(|(area, t)| {
                    Some(svg::Mark {
                        x: t.as_f64()?,
                        label: format!("P1 target, {area}: {} min", svg::num(t.as_f64()?)),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(svg::lines_marked(
        title,
        "minutes from call received to unit on scene",
        "share of calls reached",
        &series,
        &marks,
    ))
}

/// Calls and busy units by hour of the week.
fn week_charts(csv: Option<&str>) -> Result<Vec<(String, String)>, String> {
    let mut calls = Vec::new();
    let mut busy = Vec::new();
    if let Some(csv) = csv {
        let (head, rows) = rows("week.csv", csv)?;
        let col = |n: &str| {
            head.iter()
                .position(|h| h == n)
                .ok_or(format!("week.csv has no column {n}"))
        };
        let (h, c, b) = (
            col("hour_of_week")?,
            col("calls_per_hour")?,
            col("busy_units")?,
        );
        for r in &rows {
            let Ok(x) = r[h].parse::<f64>() else { continue };
            if let Ok(y) = r[c].parse::<f64>() {
                calls.push((x, y, None, None));
            }
            if let Ok(y) = r[b].parse::<f64>() {
                busy.push((x, y, None, None));
            }
        }
    }
    let x = "hour of the week (0 = Monday 00:00, 24 = Tuesday 00:00, …)";
    let one = |name: &str, points| {
        vec![Series {
            name: name.into(),
            points,
        }]
    };
    Ok(vec![
        (
            "Calls received by hour of the week (mean per hour)".into(),
            svg::lines(
                "Calls by hour of week",
                x,
                "calls per hour",
                &one("calls", calls),
            ),
        ),
        (
            "Units busy with a call (en route or on scene) by hour of the week".into(),
            svg::lines(
                "Busy units by hour of week",
                x,
                "units busy",
                &one("busy units", busy),
            ),
        ),
    ])
}

/// The page of one run: `metrics.json`'s value and the other files' text;
/// `table` is the terminal table when the run itself writes the page.
pub fn run_page(
    doc: &Value,
    files: &RunFiles,
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
                "Share of calls reached within m minutes, by priority (dashed: priority-1 targets)"
                    .into(),
                response_cdf_chart(doc, files.response_cdf.as_deref())?,
            ),
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
    // Emitted only with unit roles (docs/desks.md).
    let roles: Vec<Bar> = breakdown(metrics, "cost_by_role")
        .iter()
        .map(|c| bar(metrics, &format!("cost_by_role.{c}"), c, 2))
        .collect();
    if !items.is_empty() || !payers.is_empty() {
        let mut charts = vec![
            (
                "Cost by item (items with a cost)".into(),
                svg::bars("Cost by item", "money over the horizon", &items),
            ),
            (
                "Cost by payer".into(),
                svg::bars("Cost by payer", "money over the horizon", &payers),
            ),
        ];
        if !roles.is_empty() {
            charts.push((
                "Cost of the units by role (officers and vehicles)".into(),
                svg::bars("Cost by role", "money over the horizon", &roles),
            ));
        }
        sections.push(section("Cost", &charts));
    }

    // Maps.
    sections.push(section("Week", &week_charts(files.week.as_deref())?));

    let (head, rows) = read_nodes(&files.nodes)?;
    let mut maps = Vec::new();
    for (col, what, unit) in [
        ("crimes", "Completed crime per node", "crimes"),
        ("coverage", "Patrol coverage per node", "share of hours"),
        ("calls", "Calls per node", "calls"),
    ] {
        if head.iter().any(|h| h == col) {
            maps.push((
                format!(
                    "{what} (mean over replications; lines: jurisdiction boundaries; marks: stations and posts)"
                ),
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
