//! One replication of a scenario with the world build and the simulation
//! timed apart, for `scripts/scale-bench.sh`: `cargo run --release --example
//! scale_run -- FILE [KEY=VALUE ...]` prints `build_s sim_s events`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: scale_run FILE [KEY=VALUE ...]");
        std::process::exit(2);
    };
    let t0 = Instant::now();
    let s = patrolsim::scenario::load(std::path::Path::new(file), &args[1..]).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let (m, _) = patrolsim::model::Model::new(&s).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let t1 = Instant::now();
    let r = m.run(s.seed);
    let t2 = Instant::now();
    println!(
        "{:.3} {:.3} {}",
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        r.events
    );
}
