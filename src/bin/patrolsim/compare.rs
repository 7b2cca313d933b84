//! `patrolsim compare`: run every strategy of a scenario file with common
//! random numbers and print the differences against the baseline; with
//! `--out`, also store comparison.json, comparison.csv and nodes.csv.

use crate::args::{CompareArgs, Format, RunOpts};
use crate::error::CliError;
use crate::output::{claim_out, command_line, deliver};
use patrolsim::experiment::{self, Comparison};
use patrolsim::model::Model;
use patrolsim::report;
use patrolsim::scenario::{self, Scenario};
use std::path::Path;

pub fn compare(a: CompareArgs) -> Result<(), CliError> {
    if let Some(draws) = a.uncertain {
        return crate::robustness::compare_uncertain(a, draws);
    }
    let r = &a.robust;
    if r.uncertainty.is_some()
        || r.metric.is_some()
        || r.expect.is_some()
        || r.design_seed.is_some()
        || r.resume
        || r.shard.is_some()
    {
        return Err(CliError::usage(
            "--uncertainty, --metric, --expect, --design-seed, --resume and --shard go with --uncertain N",
        ));
    }
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
    let Strategies {
        models,
        baseline,
        base,
    } = read_strategies(&a.scenario, a.baseline.as_deref(), &a.args.set, &a.tables)?;
    let seed = seed.unwrap_or(base.seed);
    let reps = replications.unwrap_or(base.replications);
    if reps < 2 {
        return Err(CliError::usage(
            "compare needs at least 2 replications for its intervals",
        ));
    }
    let lock = claim_out(out.as_deref())?;
    let t = target.as_ref().map(|t| t.as_tuple());
    let frames: Vec<Model> = models.iter().map(|(_, m)| m.clone()).collect();
    let c = experiment::compare(
        models,
        baseline,
        seed,
        reps.min(t.map_or(reps, |x| x.2)),
        t,
        sequential,
    );
    if let Some(t) = &target {
        t.settle(&c.strategies[0].1)?;
    }
    warn_unmatched_metrics(&c);
    let title = base.name.clone();
    // Each rendering once: stored, printed and drawn from the same text.
    let json = report::compare_json(&title, &c);
    let table = report::compare_table(&title, &c);
    let csv = report::compare_csv(&c);
    let nodes = report::compare_nodes_csv(&frames, &c);
    let files = match out {
        Some(_) => vec![
            ("comparison.json", json.clone()),
            ("comparison.csv", csv.clone()),
            ("nodes.csv", nodes.clone()),
        ],
        None => vec![],
    };
    let text = match format {
        Format::Table => &table,
        Format::Json => &json,
        Format::Csv => &csv,
    };
    deliver(out.as_deref(), files, lock, text, html.as_deref(), || {
        let doc: serde_json::Value = serde_json::from_str(&json).expect("our own JSON");
        report::html::compare_page(&doc, Some(&nodes), Some(&table), &command_line())
    })
}

/// The strategies of a scenario file, ready to compare.
struct Strategies {
    /// Each strategy's model, in order ("baseline" first when the file names none).
    models: Vec<(String, Model)>,
    /// The index of the one compared against.
    baseline: usize,
    /// That one's scenario.
    base: Scenario,
}

/// The strategies of `file`, compared against `against` or the file's baseline.
fn read_strategies(
    file: &Path,
    against: Option<&str>,
    set: &[String],
    tables: &crate::args::TableArgs,
) -> Result<Strategies, CliError> {
    // Strategies on the same roads share their travel tables.
    let cache = tables.table_cache();
    let doc = scenario::Document::from_file(file)?;
    if doc.strategies.is_empty() {
        return Err(CliError::usage(format!(
            "{} defines no strategies: add [strategies.NAME] tables of changes to compare",
            file.display()
        )));
    }
    let mut named: Vec<(String, scenario::doc::Node)> = Vec::new();
    if doc.baseline.is_none() {
        named.push(("baseline".into(), doc.tree.clone()));
    }
    for (name, _) in &doc.strategies {
        named.push((name.clone(), doc.strategy_tree(name).expect("listed")));
    }
    let baseline = match (against, &doc.baseline) {
        (Some(b), _) => named.iter().position(|(n, _)| n == b).ok_or_else(|| {
            let names: Vec<&str> = named.iter().map(|(n, _)| n.as_str()).collect();
            CliError::usage(format!(
                "--baseline {b}: no such strategy in {}; defined: {}",
                file.display(),
                names.join(", ")
            ))
        })?,
        (None, Some((b, _))) => named.iter().position(|(n, _)| n == b).expect("checked"),
        (None, None) => 0,
    };
    let mut models = Vec::new();
    let mut base_scenario = None;
    for (name, tree) in named {
        let (s, m, warnings) = doc
            .read_tree(tree, set)
            .and_then(|s| {
                let (m, w) = Model::with_cache(&s, Some(&cache))?;
                Ok((s, m, w))
            })
            .map_err(CliError::bad_input_in(format!("in strategy \"{name}\"")))?;
        for w in warnings {
            eprintln!("warning: strategy \"{name}\": {w}");
        }
        models.push((name, m));
        if models.len() - 1 == baseline {
            base_scenario = Some(s);
        }
    }
    crate::args::say_kept(&cache, tables);
    Ok(Strategies {
        models,
        baseline,
        base: base_scenario.expect("baseline read"),
    })
}

/// Metrics one side has and the other lacks (phases of one strategy only)
/// get no difference: say so.
fn warn_unmatched_metrics(c: &Comparison) {
    let base_names: std::collections::HashSet<&str> = c.strategies[c.baseline]
        .1
        .summary
        .iter()
        .map(|(n, _)| n.as_str())
        .collect();
    for (name, r) in &c.strategies {
        let only: Vec<&str> = r
            .summary
            .iter()
            .map(|(n, _)| n.as_str())
            .filter(|n| !base_names.contains(n))
            .collect();
        if let Some(first) = only.first() {
            eprintln!(
                "warning: strategy \"{name}\" has {} metric(s) the baseline lacks (e.g. {first}): \
                 no difference is reported for them; for phases, give the baseline the same phases \
                 with no changes",
                only.len()
            );
        }
    }
}
