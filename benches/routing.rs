//! Criterion benches for the routing engine on a grid city of 121 × 121
//! nodes (14,641, above the full-table limit, so the contraction hierarchy
//! is used): preparing the hierarchy, one travel-time query, and a whole
//! trip walked hop by hop (one path query, then the route cache); trips
//! to habitual destinations (homes: a search tree each, grown backward from
//! home) against the same trips by hierarchy queries.
//! `cargo bench --bench routing`.

use criterion::{Criterion, criterion_group, criterion_main};
use patrolsim::scenario;
use patrolsim::world::{Router, TravelTable, World};
use std::hint::black_box;
use std::sync::Arc;

const CITY: &str = "[network]\nrows = 121\ncols = 121\nblock_m = 400\narterial_every = 5\n\
local_speed_kmh = 40\narterial_speed_kmh = 60\n[unit_types.car]\nspeed_kmh = 50\n\
[[units]]\ncount = 1\n";

/// Node pairs from a fixed LCG.
fn pairs(nodes: u32, k: usize) -> Vec<(u32, u32)> {
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((x >> 33) % nodes as u64) as u32
    };
    (0..k).map(|_| (next(), next())).collect()
}

fn benches(c: &mut Criterion) {
    let s = scenario::from_str("city.toml", CITY, &[]).expect("city scenario");
    let (w, _) = World::build(&s).expect("city world");
    assert!(!w.tables[0].is_full());
    let n = w.node_count() as u32;
    let mut g = c.benchmark_group("routing_14641");
    g.sample_size(10);

    g.bench_function("prepare_hierarchy", |b| {
        b.iter(|| black_box(TravelTable::new(&w, 50.0, false)))
    });
    let order = patrolsim::world::canonical_order(&w);
    for speed in [50.0, 12.0] {
        g.bench_function(format!("prepare_in_canonical_order_{speed}kmh"), |b| {
            b.iter(|| black_box(TravelTable::new_ordered(&w, speed, false, Some(&order))))
        });
    }

    let table: Arc<TravelTable> = w.tables[0].clone();
    let ps = pairs(n, 1000);
    g.bench_function("time_query_x1000", |b| {
        b.iter(|| {
            // A fresh router each time, so no query hits a cache.
            let mut r = Router::new(table.clone());
            ps.iter()
                .map(|&(a, z)| r.time(&w, a, z) as u64)
                .sum::<u64>()
        })
    });
    g.bench_function("trip_walk_x1000", |b| {
        b.iter(|| {
            let mut r = Router::new(table.clone());
            let mut hops = 0u64;
            for &(a, z) in &ps {
                let mut at = a;
                while at != z {
                    at = r.next_hop(&w, at, z).0;
                    hops += 1;
                }
            }
            hops
        })
    });
    // 2,000 trips home: 100 homes, each trip from a node at most 5 blocks
    // away in each direction (an offender's stops lie near home).
    let side = 121u32;
    let homes: Vec<u32> = pairs(n, 100).iter().map(|p| p.0).collect();
    let trips: Vec<(u32, u32)> = pairs(n, 2000)
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| {
            let h = homes[i % homes.len()];
            let (r, c) = (h / side, h % side);
            let dr = (a % 11) as i64 - 5;
            let dc = (b % 11) as i64 - 5;
            let r2 = (r as i64 + dr).clamp(0, side as i64 - 1) as u32;
            let c2 = (c as i64 + dc).clamp(0, side as i64 - 1) as u32;
            (r2 * side + c2, h)
        })
        .collect();
    for habitual in [false, true] {
        let name = if habitual {
            "trips_home_by_trees_x2000"
        } else {
            "trips_home_by_queries_x2000"
        };
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut r = Router::new(table.clone());
                let mut hops = 0u64;
                for &(a, h) in &trips {
                    if habitual {
                        r.mark_habitual(h);
                    }
                    let mut at = a;
                    while at != h {
                        at = r.next_hop(&w, at, h).0;
                        hops += 1;
                    }
                }
                hops
            })
        });
    }
    // Dispatch: 1,000 calls at random nodes, 460 units at random nodes
    // (no start delay): one bounded backward search per call.
    let units: Vec<u32> = pairs(n, 460).iter().map(|p| p.0).collect();
    g.bench_function("nearest_unit_x1000", |b| {
        b.iter(|| {
            let mut r = Router::new(table.clone());
            let mut src: Vec<(u32, u64, u32)> = Vec::with_capacity(units.len());
            let mut sum = 0u64;
            for &(call, _) in &ps {
                src.clear();
                src.extend(units.iter().enumerate().map(|(i, &u)| (u, 0, i as u32)));
                sum += r.nearest_source(&w, call, &src).0;
            }
            sum
        })
    });
    // Offenders' next stops: from a node near a home, the nearest of 4
    // candidates near the same home (the local forward search), 2,000 times.
    g.bench_function("nearest_of_local_x2000", |b| {
        b.iter(|| {
            let mut r = Router::new(table.clone());
            let mut sum = 0u64;
            for (i, &(from, h)) in trips.iter().enumerate() {
                let near = |k: usize| trips[(i + 100 * k) % trips.len()].0;
                let c = [near(1), near(2), near(3), h];
                sum += r.nearest_of(&w, from, &c).0 as u64;
            }
            sum
        })
    });
    g.finish();
}

criterion_group!(routing, benches);
criterion_main!(routing);
