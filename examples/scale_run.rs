//! One replication of a scenario with the world build and the simulation
//! timed apart, for `scripts/scale-bench.sh`: `cargo run --release --example
//! scale_run -- FILE [KEY=VALUE ...]` prints `build_s sim_s events
//! build_cpu_s sim_cpu_s` (wall and this process's CPU seconds; on a shared
//! machine the CPU seconds are the one-core cost), and on stderr the events
//! by kind, what each router did (hops walked, hierarchy queries, trees),
//! a digest of the metrics (same digest: same numbers) and the run's size
//! (`size NODES OFFENDERS UNITS JURISDICTIONS CALLS_PER_HOUR`). With
//! `PATROLSIM_HIERARCHY_DIR` set, contraction hierarchies are kept in and
//! taken from that directory, as `patrolsim --hierarchy-dir` does.

use std::time::Instant;

/// Large blocks on huge pages, as in the `patrolsim` binary.
#[global_allocator]
static ALLOC: patrolsim::hugepages::HugePages = patrolsim::hugepages::HugePages;

/// User + system CPU seconds of this process (Linux `/proc/self/stat`,
/// 100 ticks a second); 0 where unavailable.
fn cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces): state is the
    // first, utime and stime the 12th and 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|x| x.parse().ok())
        .collect();
    f.iter().sum::<f64>() / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first() else {
        eprintln!("usage: scale_run FILE [KEY=VALUE ...]");
        std::process::exit(2);
    };
    let (t0, c0) = (Instant::now(), cpu_s());
    let s = patrolsim::scenario::load(std::path::Path::new(file), &args[1..]).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let cache = match std::env::var_os("PATROLSIM_HIERARCHY_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => patrolsim::world::TableCache::keeping_in(std::path::Path::new(&dir)),
        None => patrolsim::world::TableCache::default(),
    };
    let (m, _) = patrolsim::model::Model::with_cache(&s, Some(&cache)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    if let Some(k) = cache.kept() {
        eprintln!(
            "hierarchies: {} taken, {} prepared and kept, {:?}",
            k.loaded, k.built, k.problems
        );
    }
    let (t1, c1) = (Instant::now(), cpu_s());
    let r = m.run(s.seed);
    let (t2, c2) = (Instant::now(), cpu_s());
    println!(
        "{:.3} {:.3} {} {:.2} {:.2}",
        (t1 - t0).as_secs_f64(),
        (t2 - t1).as_secs_f64(),
        r.events,
        c1 - c0,
        c2 - c1
    );
    // A digest of every metric's value: two builds that print the same
    // digest produced the same numbers (an exactness check above the
    // full-table limit, where scripts/same-outputs.sh has no scenario).
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in format!("{:?}", r.metrics).bytes() {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    eprintln!("metrics_digest {h:016x} ({} metrics)", r.metrics.len());
    // The run's size, for the bench's columns: nodes, local offenders,
    // units, jurisdictions, calls an hour.
    eprintln!(
        "size {} {} {} {} {:.0}",
        m.world.node_count(),
        s.crime.as_ref().map_or(0, |c| c.local_offenders),
        s.units.iter().map(|u| u.count as u64).sum::<u64>(),
        m.world.jurisdictions.len(),
        s.calls.rate_per_hour
    );
    for (kind, n) in &r.events_by_kind {
        eprintln!("events {kind} {n}");
    }
    for (k, st) in r.router_stats.iter().enumerate() {
        eprintln!(
            "router {k} hops {} ch_queries {} trees {} tree_nodes {} clears {} \
             forward_searches {} forward_settled {} forward_kept {} balls {} ball_nodes {} \
             backward_searches {} backward_settled {}",
            st.hops,
            st.ch_queries,
            st.trees,
            st.tree_nodes,
            st.clears,
            st.forward_searches,
            st.forward_settled,
            st.forward_kept,
            st.balls,
            st.ball_nodes,
            st.backward_searches,
            st.backward_settled
        );
    }
}
