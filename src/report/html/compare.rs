//! The page of a comparison: each strategy's paired difference to the
//! baseline, the levels, and maps of the difference per node.

use super::{Bar, Header, esc, map_nodes, page, read_nodes, section, svg};
use serde_json::Value;

/// Maps of each strategy's difference to the baseline in completed crime
/// per node, from a comparison's `nodes.csv` (strategy, then the columns of
/// a run's).
fn difference_maps(nodes_csv: &str, baseline: &str) -> Result<Vec<(String, String)>, String> {
    let (head, rows) = read_nodes(nodes_csv)?;
    let (Some(st), Some(node)) = (
        head.iter().position(|h| h == "strategy"),
        head.iter().position(|h| h == "node"),
    ) else {
        return Err("nodes.csv of a comparison has no strategy or node column".into());
    };
    let mut names: Vec<&str> = Vec::new();
    for r in &rows {
        if !names.contains(&r[st].as_str()) {
            names.push(&r[st]);
        }
    }
    let of = |name: &str| -> Vec<Vec<String>> {
        rows.iter().filter(|r| r[st] == name).cloned().collect()
    };
    let base = map_nodes(&head, &of(baseline), "crimes");
    if base.is_empty() {
        return Ok(vec![]);
    }
    let mut maps = Vec::new();
    for name in names.into_iter().filter(|n| *n != baseline) {
        let theirs = of(name);
        let mut nodes = map_nodes(&head, &theirs, "crimes");
        if nodes.len() != base.len()
            || theirs
                .iter()
                .zip(&of(baseline))
                .any(|(a, b)| a[node] != b[node])
        {
            return Err(format!(
                "nodes.csv: strategy {name} has other nodes than {baseline}"
            ));
        }
        for (n, b) in nodes.iter_mut().zip(&base) {
            n.value = match (n.value, b.value) {
                (Some(a), Some(b)) => Some(a - b),
                _ => None,
            };
        }
        maps.push((
            format!(
                "{name} − {baseline}: completed crimes per node (blue fewer, orange more; marks: {name}'s stations and posts)"
            ),
            svg::map(
                &format!("{name}: difference in crime"),
                "crimes (difference)",
                &nodes,
                true,
            ),
        ));
    }
    Ok(maps)
}

/// The page of a comparison: `comparison.json`'s value and, when there is
/// one, its `nodes.csv`.
pub fn compare_page(
    doc: &Value,
    nodes: Option<&str>,
    table: Option<&str>,
    command: &str,
) -> Result<String, String> {
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
        // Long (every metric of every strategy): folded, so the charts
        // come first.
        sections.push(format!(
            "<h2>Summary</h2><details><summary>The terminal's table: every metric of every strategy with its paired difference ({} lines)</summary><pre>{}</pre></details>",
            t.lines().count(),
            esc(t)
        ));
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
    if let Some(csv) = nodes {
        let maps = difference_maps(csv, baseline)?;
        if !maps.is_empty() {
            sections.push(section("Where crime changes", &maps));
        }
    }
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
