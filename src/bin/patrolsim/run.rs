//! `patrolsim run`: replicate one scenario (a file, or the built-in county)
//! and print its results; with `--out`, also store metrics.json,
//! metrics.csv, response_cdf.csv, week.csv and nodes.csv.

use crate::args::{Format, RunArgs, RunOpts};
use crate::error::CliError;
use crate::output::{claim_out, command_line, emit, write_html, write_result_set};
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

fn build(s: &Scenario) -> Result<Model, ScenarioError> {
    let (model, warnings) = Model::new(s)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
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
    let model = build(&s)?;
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
    let written = match &out {
        Some(dir) => {
            let mut files = vec![
                ("metrics.json", report::run_json(&s, &r)),
                ("metrics.csv", report::run_csv(&r)),
                ("response_cdf.csv", report::response_cdf_csv(&r)),
                ("week.csv", report::week_csv(&r)),
                ("nodes.csv", report::nodes_csv(&model, &r)),
            ];
            // Maps only for a network with longitude/latitude.
            if let Some((nodes, edges)) = report::geojson::run_geojson(&model, &r) {
                files.push(("nodes.geojson", nodes));
                files.push(("edges.geojson", edges));
            }
            write_result_set(dir, &files)
        }
        None => Ok(()),
    };
    drop(lock);
    let text = match format {
        Format::Table => report::run_table(&s, &r),
        Format::Json => report::run_json(&s, &r),
        Format::Csv => report::run_csv(&r),
    };
    // The results are printed even when they could not be stored.
    emit(&text);
    written?;
    if let Some(file) = &html {
        let doc: serde_json::Value =
            serde_json::from_str(&report::run_json(&s, &r)).expect("our own JSON");
        let table = report::run_table(&s, &r);
        let files = report::html::RunFiles {
            nodes: report::nodes_csv(&model, &r),
            response_cdf: Some(report::response_cdf_csv(&r)),
            week: Some(report::week_csv(&r)),
        };
        write_html(
            file,
            report::html::run_page(&doc, &files, Some(&table), &command_line()),
        )?;
    }
    Ok(())
}
