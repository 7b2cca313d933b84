//! `patrolsim fit-calls`: a calls-for-service export (CSV) snapped to a
//! scenario's road network and fitted into its `[calls]` section (and
//! `network.node_weights`), with a fit report on standard error: counts
//! per type and every refused row with its line and why.

mod fit;
mod rows;
mod time;

use crate::args::FitCallsArgs;
use crate::error::CliError;
use patrolsim::model::Model;
use patrolsim::{report, scenario};
use std::collections::HashMap;
use std::path::Path;

pub fn fit_calls(a: FitCallsArgs) -> Result<(), CliError> {
    let tz = match &a.timezone {
        None => None,
        Some(t) => Some(time::parse_offset(t).ok_or_else(|| {
            CliError::usage(format!(
                "--timezone {t}: expected an offset such as +08:00, -05:00 or Z"
            ))
        })?),
    };
    let mut rename = HashMap::new();
    for c in &a.column {
        match c.split_once('=') {
            Some((k, v)) if rows::COLUMNS.contains(&k) => {
                rename.insert(k.to_string(), v.to_string());
            }
            _ => {
                return Err(CliError::usage(format!(
                    "--column {c}: expected NAME=HEADER with NAME one of {}",
                    rows::COLUMNS.join(", ")
                )));
            }
        }
    }
    let doc = scenario::Document::from_file(&a.scenario)?;
    let (s, _, _) = doc.resolved(&a.set)?;
    let (world, _) = Model::check(&s)?;
    let max_snap_m = a.max_snap_m.unwrap_or(s.network.snap_warn_m);
    if max_snap_m.is_nan() || max_snap_m <= 0.0 {
        return Err(CliError::usage("--max-snap-m: expected metres above 0"));
    }
    let net = rows::Net {
        nodes: world.node_count(),
        geo: world.geo.as_ref(),
        margin_m: patrolsim::world::BOUNDS_MARGIN_M,
        max_snap_m,
    };
    let file = a.calls.display();
    let (calls, refused) = rows::read(&a.calls, &rename, tz, &net).map_err(CliError::usage)?;
    for r in &refused {
        eprintln!("refused: {file}, line {}: {}", r.line, r.why);
    }
    if calls.is_empty() {
        return Err(CliError::usage(format!(
            "{file}: no usable row ({} refused)",
            refused.len()
        )));
    }
    let jur_weight: Vec<f64> = world
        .node_jur
        .iter()
        .map(|&j| {
            s.jurisdictions
                .get(j as usize)
                .map_or(0.0, |x| x.call_weight)
        })
        .collect();
    let f = fit::fit(&calls, &jur_weight);
    let extends = a.out.as_deref().map(|o| relative(&a.scenario, o));
    let text = fit::to_toml(&f, &a.calls.display().to_string(), extends.as_deref());
    print_report(&f, &calls, refused.len());
    match &a.out {
        Some(out) => {
            report::write_atomic(out, text.as_bytes())
                .map_err(|e| CliError::output(format!("cannot write {}: {e}", out.display())))?;
            eprintln!(
                "wrote {}: it extends {}; check it with: patrolsim validate {}",
                out.display(),
                a.scenario.display(),
                out.display()
            );
        }
        None => crate::output::emit(&text),
    }
    Ok(())
}

/// The scenario's path as `extends` in `out` needs it (relative to `out`'s
/// directory when both lie in the same one, else absolute).
fn relative(scenario: &Path, out: &Path) -> String {
    let dir = |p: &Path| {
        p.parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .canonicalize()
            .ok()
    };
    let same = dir(scenario).is_some() && dir(scenario) == dir(out);
    match (same, scenario.file_name()) {
        (true, Some(n)) => n.to_string_lossy().into_owned(),
        _ => scenario
            .canonicalize()
            .unwrap_or(scenario.to_path_buf())
            .to_string_lossy()
            .into_owned(),
    }
}

fn print_report(f: &fit::Fit, calls: &[rows::Call], refused: usize) {
    eprintln!(
        "fit: {} calls used, {refused} refused; {} hours from the first call to the last ({:.1} weeks): {:.3} calls per hour",
        f.calls,
        f.hours,
        f.hours / 168.0,
        f.rate_per_hour
    );
    eprintln!(
        "  {:<24} {:>7} {:>7} {:>9} {:>22}",
        "type", "calls", "share", "priority", "on scene mean/sd (n)"
    );
    for t in &f.types {
        let scene = match t.on_scene {
            Some((m, sd)) => format!("{m:.1}/{sd:.1} ({})", t.on_scene_n),
            None => format!("default ({})", t.on_scene_n),
        };
        eprintln!(
            "  {:<24} {:>7} {:>7.3} {:>9} {:>22}",
            t.name, t.count, t.share, t.priority, scene
        );
        if t.priorities.len() > 1 {
            let seen: Vec<String> = t
                .priorities
                .iter()
                .map(|(p, n)| format!("P{p}: {n}"))
                .collect();
            eprintln!(
                "warning: type \"{}\" comes with several priorities ({}); the most common, {}, is written",
                t.name,
                seen.join(", "),
                t.priority
            );
        }
    }
    let with_calls = f.node_count.iter().filter(|&&n| n > 0).count();
    eprintln!(
        "  nodes: {with_calls} of {} have calls; the busiest has {}",
        f.node_count.len(),
        f.node_count.iter().max().unwrap_or(&0)
    );
    let snapped: Vec<f64> = calls
        .iter()
        .map(|c| c.snap_m)
        .filter(|&d| d > 0.0)
        .collect();
    if !snapped.is_empty() {
        let mean = snapped.iter().sum::<f64>() / snapped.len() as f64;
        let max = snapped.iter().copied().fold(0.0, f64::max);
        eprintln!(
            "  snapped by coordinates: {} calls, mean {mean:.0} m, farthest {max:.0} m",
            snapped.len()
        );
    }
    let (x2, df) = f.separability();
    if df > 0 {
        let z = (x2 - df as f64) / (2.0 * df as f64).sqrt();
        eprintln!(
            "  hour of week: the product hour of day × week day (the keys the scenario reads) against the 168 counts: Pearson X² = {x2:.1} on {df} df (z = {z:.1}{})",
            if z > 3.0 {
                "; the week's shape is not a product of the two: the scenario keeps only its margins"
            } else {
                ""
            }
        );
    }
    let unseen = f.week_hours.iter().filter(|&&h| h == 0.0).count();
    if unseen > 0 {
        eprintln!(
            "warning: {unseen} of the 168 hours of the week never occur in the history (shorter than a week): their profile values are the mean"
        );
    }
    if f.in_zero_weight > 0 {
        eprintln!(
            "warning: {} calls lie in jurisdictions whose call_weight is 0: the model places no calls there whatever node_weights says",
            f.in_zero_weight
        );
    }
    let sparse = f.calls as f64 / f.node_count.len() as f64;
    if sparse < 5.0 {
        eprintln!(
            "warning: {sparse:.1} calls per node on average: node weights this sparse are mostly noise (nodes without a call get weight 0)"
        );
    }
}
