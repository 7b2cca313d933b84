//! Regenerates `docs/essay-claims.md`: runs `patrolsim compare` on the
//! scenario of each of the essay's claims (`scenarios/claims/` and the
//! shipped comparisons), and writes every number of the document from the
//! results — paired 95 % intervals, costs, and the verdict, which follows
//! from the intervals by the rules stated in the document. Nothing in the
//! table is typed by hand, so the document cannot go stale: rerun
//! `scripts/essay-claims.sh` after any change to the model.
//!
//! Usage: `essay_claims [--replications N (default 30)] [--out FILE] [--only 1,7]
//! [--set KEY=VALUE]… [--jobs J] [--robust N [--robust-replications R]
//! [--robust-dir DIR] [--uncertainty FILE] [--shard M/K]]`; the binary is
//! taken from `PATROLSIM_BIN` or `target/release/patrolsim`. `--robust N`
//! adds, per claim, the robust comparison over N parameter draws (see
//! `robust.rs`); it is off by default, and resumable (rerun
//! the same command after an interruption); `--uncertainty` is relative to
//! the repository. `--shard M/K` runs only shard M of the robust runs and
//! writes no document (a cluster's array task); the same command without it
//! merges the shards and writes the page.

mod answer;
mod claims;
mod compare;
mod holm;
mod render;
mod robust;

use answer::{Answer, answer};
use claims::{CLAIMS, Claim, Predicts};
use compare::{compare, robust_metric};
use render::render;

use serde_json::Value;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let bin = std::env::var_os("PATROLSIM_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/patrolsim"));
    let out = opt("--out")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("docs/essay-claims.md"));
    // 30, not the files' 10: at 10 a re-draw of the same expectations
    // flipped 8 of 46 verdict rows (docs/results/2026-12-01-claims-poisson-start.md).
    let reps = opt("--replications").unwrap_or_else(|| DEFAULT_REPLICATIONS.into());
    let jobs = opt("--jobs");
    let set: Vec<String> = args
        .windows(2)
        .filter(|w| w[0] == "--set")
        .map(|w| w[1].clone())
        .collect();
    let only: Option<Vec<usize>> = opt("--only").map(|l| {
        l.split(',')
            .map(|x| {
                x.trim()
                    .parse()
                    .expect("--only takes claim numbers, e.g. 1,7")
            })
            .collect()
    });
    let robust = opt("--robust").map(|draws| robust::Settings {
        draws,
        replications: opt("--robust-replications").unwrap_or_else(|| "4".into()),
        uncertainty: opt("--uncertainty")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("scenarios/county-uncertainty.toml")),
        dir: opt("--robust-dir")
            .map(|d| std::path::absolute(d).expect("--robust-dir: a path"))
            .unwrap_or_else(|| root.join("results/essay-claims-robust")),
        set: set.clone(),
        shard: opt("--shard"),
        jobs: jobs.clone(),
    });
    if let Some(r) = &robust
        && r.draws
            .parse::<usize>()
            .is_ok_and(|n| n < robust::min_draws())
    {
        eprintln!(
            "warning: --robust {}: with fewer than {} draws no claim can read supported \
             (even all draws on the predicted side give a Wilson interval that starts below 90 %)",
            r.draws,
            robust::min_draws()
        );
    }
    let shard = robust.as_ref().and_then(|r| r.shard.as_deref());
    if let Some(mk) = opt("--shard") {
        let ok = mk
            .split_once('/')
            .and_then(|(m, k)| Some((m.parse::<u32>().ok()?, k.parse::<u32>().ok()?)))
            .is_some_and(|(m, k)| 1 <= m && m <= k);
        if !ok || shard.is_none() {
            eprintln!(
                "error: --shard {mk}: give M/K with 1 ≤ M ≤ K (e.g. 2/8), together with --robust N"
            );
            std::process::exit(2);
        }
    }
    if !bin.exists() {
        eprintln!(
            "error: {} not found: build it first (cargo build --release) or set PATROLSIM_BIN",
            bin.display()
        );
        std::process::exit(2);
    }
    let started = Instant::now();
    let mut results = Vec::new();
    let mut robust_rows = Vec::new();
    let claims: Vec<&Claim> = CLAIMS
        .iter()
        .enumerate()
        .filter(|(i, _)| only.as_ref().is_none_or(|o| o.contains(&(i + 1))))
        .map(|(_, c)| c)
        .collect();
    if let (Some(r), Some(mk)) = (&robust, shard) {
        // An array task: this shard of every claim's robust runs, no page.
        for c in &claims {
            eprintln!("running shard {mk} of the robust runs of {} …", c.file);
            let (metric, expect) = robust_metric(c.predicts);
            robust::run(&bin, &root, c.file, None, metric, expect, r);
        }
        eprintln!(
            "shard {mk} done in {}: when every shard is, rerun without --shard to merge them and write the page",
            r.dir.join("shards").display()
        );
        return;
    }
    for c in &claims {
        eprintln!("running {} …", c.file);
        let t = Instant::now();
        let v = compare(&bin, &root, c.file, None, &reps, &set, &jobs);
        let mut against: Vec<(&str, Value)> = Vec::new();
        for (_, b, _) in c.versus {
            if !against.iter().any(|(x, _)| x == b) {
                against.push((b, compare(&bin, &root, c.file, Some(b), &reps, &set, &jobs)));
            }
        }
        if let Some(r) = &robust {
            let (metric, expect) = robust_metric(c.predicts);
            let mut rows: robust::ClaimRows = vec![(
                None,
                robust::run(&bin, &root, c.file, None, metric, expect, r),
            )];
            for (_, b, _) in c.versus {
                if !rows.iter().any(|(x, _)| *x == Some(*b)) {
                    let h = robust::run(&bin, &root, c.file, Some(b), metric, expect, r);
                    rows.push((Some(*b), h));
                }
            }
            robust_rows.push(rows);
        }
        eprintln!("  {:.1} s", t.elapsed().as_secs_f64());
        results.push((v, against));
    }
    let rob = robust.as_ref().map(|r| (r, robust_rows.as_slice()));
    // What the runs added to each file's own settings, so every command the
    // page shows reproduces its numbers.
    let flags: String = std::iter::once(format!(" --replications {reps}"))
        .chain(set.iter().map(|kv| format!(" --set '{kv}'")))
        .collect();
    let doc = render(
        &claims,
        &results,
        rob,
        started.elapsed().as_secs_f64(),
        &root,
        &flags,
    );
    let tmp = out.with_extension("md.tmp");
    std::fs::write(&tmp, doc).expect("write the document");
    std::fs::rename(&tmp, &out).expect("rename the document into place");
    eprintln!("wrote {}", out.display());
}

/// Replications per strategy unless `--replications` says otherwise.
const DEFAULT_REPLICATIONS: &str = "30";

type Results<'a> = (Value, Vec<(&'a str, Value)>);
