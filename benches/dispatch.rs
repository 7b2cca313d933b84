//! Criterion benches (timings belong here, never in tests). Compare runs with
//! `cargo bench --bench dispatch -- --save-baseline NAME` / `--baseline NAME`.

use criterion::{Criterion, criterion_group, criterion_main};
use patrolsim::Model;
use patrolsim::scenario;
use std::hint::black_box;
use std::path::Path;

fn load(rel: &str, set: &[&str]) -> patrolsim::Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    scenario::load(&path, &set).expect("shipped scenario")
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("simulate");
    g.sample_size(20);

    // The yardstick model: one simulated year, ~591,000 events.
    let reference = load("scenarios/bench/reference-dispatch.toml", &[]);
    let (m, _) = Model::new(&reference).unwrap();
    g.bench_function("reference_dispatch_year", |b| {
        b.iter(|| black_box(m.run(black_box(1))))
    });

    // The same with presence recording switched on (en-route and return trips walked).
    let with_presence = load(
        "scenarios/bench/reference-dispatch.toml",
        &[
            "unit_types.car.visibility.en_route=0.5",
            "unit_types.car.visibility.returning=1.0",
        ],
    );
    let (m, _) = Model::new(&with_presence).unwrap();
    g.bench_function("reference_dispatch_year_with_presence", |b| {
        b.iter(|| black_box(m.run(black_box(1))))
    });

    // The county: patrol steps, shifts, breaks, priorities, five
    // jurisdictions, 300 local offenders and roaming ones.
    let county = load("scenarios/county.toml", &[]);
    let (m, _) = Model::new(&county).unwrap();
    g.bench_function("county_year", |b| b.iter(|| black_box(m.run(black_box(1)))));

    // Thousands of offenders: 2,000 local, 10 roaming a day (~30,000 targets).
    let big = load(
        "scenarios/county.toml",
        &["crime.local_offenders=2000", "crime.roaming_per_day=10"],
    );
    let (m, _) = Model::new(&big).unwrap();
    g.bench_function("county_year_2000_offenders", |b| {
        b.iter(|| black_box(m.run(black_box(1))))
    });

    // Building the world: the 441-node travel tables.
    g.bench_function("county_world_build", |b| {
        b.iter(|| black_box(Model::new(black_box(&county)).unwrap()))
    });
    g.finish();
}

criterion_group!(simulate, benches);
criterion_main!(simulate);
