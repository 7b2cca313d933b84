//! The slow state of the crime model at the end of the warm-up, averaged
//! over replications, and the measured year per day (docs/crime.md §16.3:
//! the stationary start against a long burn-in). `cargo run --release
//! --example start_state -- FILE MASTER_SEED REPS [KEY=VALUE ...]` prints
//! `name mean sd` lines; with `DAILY=N` in the environment also the mean
//! completed crimes and prisoners per block of N measured days; with
//! `FIRST=K` the replications are K, K + 1, … of the master seed.

use patrolsim::engine::rng::replication_seed;
use patrolsim::model::{Model, RunOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: start_state FILE MASTER_SEED REPS [KEY=VALUE ...]");
        std::process::exit(2);
    }
    let (file, master, reps) = (&args[0], &args[1], &args[2]);
    let (Ok(master), Ok(reps)) = (master.parse::<u64>(), reps.parse::<u64>()) else {
        eprintln!("MASTER_SEED and REPS are whole numbers");
        std::process::exit(2);
    };
    let block: usize = std::env::var("DAILY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let s = patrolsim::scenario::load(std::path::Path::new(file), &args[3..]).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let (m, _) = Model::new(&s).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let first: u64 = std::env::var("FIRST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let opts = RunOptions {
        snapshot: true,
        daily: block > 0,
        ..Default::default()
    };
    let days = m.scenario.horizon_days - m.scenario.warmup_days;
    let mut rows: Vec<(String, Vec<f64>)> = Vec::new();
    let mut daily: Vec<[f64; 2]> = Vec::new();
    for r in first..first + reps {
        let run = m.run_with(replication_seed(master, r), opts);
        let mut vals = run.snapshot.clone();
        for k in ["crimes_completed", "arrests"] {
            vals.push((format!("{k}_per_day"), run.metric(k).unwrap_or(0.0) / days));
        }
        for k in ["offenders_in_prison_mean", "offenders_active_mean"] {
            vals.push((k.into(), run.metric(k).unwrap_or(0.0)));
        }
        for (i, (k, v)) in vals.into_iter().enumerate() {
            if rows.len() <= i {
                rows.push((k, Vec::new()));
            }
            rows[i].1.push(v);
        }
        if daily.len() < run.daily.len() {
            daily.resize(run.daily.len(), [0.0; 2]);
        }
        for (a, d) in daily.iter_mut().zip(&run.daily) {
            a[0] += d[0] / reps as f64;
            a[1] += d[1] / reps as f64;
        }
    }
    for (k, v) in &rows {
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let sd = (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
        println!("{k} {mean:.4} {sd:.4}");
    }
    if block > 0 {
        for (i, c) in daily.chunks(block).enumerate() {
            let n = c.len() as f64;
            let crimes = c.iter().map(|d| d[0]).sum::<f64>() / n;
            let prison = c.iter().map(|d| d[1]).sum::<f64>() / n;
            println!(
                "block {} day {} crimes {crimes:.3} prison {prison:.1}",
                i,
                i * block
            );
        }
    }
}
