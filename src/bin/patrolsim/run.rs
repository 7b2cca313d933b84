//! `patrolsim run`: replicate one scenario (a file, or the built-in county)
//! and print its results; with `--out`, also store metrics.json,
//! metrics.csv, response_cdf.csv, week.csv and nodes.csv.

use crate::args::{Format, RunArgs, RunOpts, TableArgs, say_kept};
use crate::error::CliError;
use crate::output::{claim_out, command_line, deliver};
use patrolsim::experiment;
use patrolsim::model::Model;
use patrolsim::report;
use patrolsim::scenario::{self, Scenario, ScenarioError};
use std::path::Path;

fn load(path: Option<&Path>, set: &[String]) -> Result<Scenario, ScenarioError> {
    match path {
        Some(p) => scenario::load(p, set),
        None => scenario::from_str("<built-in county>", scenario::BUILTIN_COUNTY, set),
    }
}

fn build(s: &Scenario, tables: &TableArgs) -> Result<Model, ScenarioError> {
    let cache = tables.table_cache();
    let (model, warnings) = Model::with_cache(s, Some(&cache))?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    say_kept(&cache, tables);
    Ok(model)
}

pub fn run(a: RunArgs) -> Result<(), CliError> {
    let target = a.opts.prepare()?;
    let RunOpts {
        seed,
        replications,
        format,
        out,
        html,
        sequential,
        ..
    } = a.opts;
    let s = load(a.scenario.as_deref(), &a.args.set)?;
    let model = build(&s, &a.tables)?;
    let seed = seed.unwrap_or(s.seed);
    let reps = replications.unwrap_or(s.replications);
    if reps == 0 {
        return Err(CliError::usage("--replications must be at least 1"));
    }
    let lock = claim_out(out.as_deref())?;
    let r = match &target {
        None => experiment::replicate(&model, seed, reps, sequential),
        Some(t) => {
            let c = experiment::compare(
                vec![(s.name.clone(), model.clone())],
                0,
                seed,
                reps.min(t.cap),
                Some(t.as_tuple()),
                sequential,
            );
            let r = c.strategies.into_iter().next().expect("one strategy").1;
            t.settle(&r)?;
            r
        }
    };
    // Each rendering once: stored, printed and drawn from the same text.
    let json = report::run_json(&s, &r);
    let table = report::run_table(&s, &r);
    let csv = report::run_csv(&r);
    let nodes = report::nodes_csv(&model, &r);
    let response_cdf = report::response_cdf_csv(&r);
    let week = report::week_csv(&r);
    let mut files = Vec::new();
    if out.is_some() {
        files = vec![
            ("metrics.json", json.clone()),
            ("metrics.csv", csv.clone()),
            ("response_cdf.csv", response_cdf.clone()),
            ("week.csv", week.clone()),
            ("nodes.csv", nodes.clone()),
        ];
        // Maps only for a network with longitude/latitude.
        if let Some((n, e)) = report::geojson::run_geojson(&model, &r) {
            files.push(("nodes.geojson", n));
            files.push(("edges.geojson", e));
        }
    }
    let text = match format {
        Format::Table => &table,
        Format::Json => &json,
        Format::Csv => &csv,
    };
    deliver(out.as_deref(), files, lock, text, html.as_deref(), || {
        let doc: serde_json::Value = serde_json::from_str(&json).expect("our own JSON");
        let files = report::html::RunFiles {
            nodes,
            response_cdf: Some(response_cdf),
            week: Some(week),
        };
        report::html::run_page(&doc, &files, Some(&table), &command_line())
    })
}
