//! Tests of the travel tables and the router on grids: hierarchy against
//! full table, route cache, lower bounds, nearest source and candidate.

use crate::scenario;
use crate::world::World;

fn grid(n: u32, full: bool) -> World {
    let text = format!(
        "[network]\nrows = {n}\ncols = {n}\nblock_m = 1000\nlocal_speed_kmh = 60\nfull_table_max_nodes = {}\n[unit_types.car]\nspeed_kmh = 60\n[[units]]\ncount = 1\n",
        if full { 100_000 } else { 1 }
    );
    let s = scenario::from_str("t.toml", &text, &[]).unwrap();
    World::build(&s).unwrap().0
}

/// A grid of 400 m blocks, with arterials every `art` rows and columns
/// (0: none), local streets 40 km/h, arterials 60, cars 50.
fn city(n: u32, art: u32, full: bool) -> World {
    let text = format!(
        "[network]\nrows = {n}\ncols = {n}\nblock_m = 400\narterial_every = {art}\nlocal_speed_kmh = 40\narterial_speed_kmh = 60\nfull_table_max_nodes = {}\n[unit_types.car]\nspeed_kmh = 50\n[[units]]\ncount = 1\n",
        if full { 100_000 } else { 1 }
    );
    let s = scenario::from_str("t.toml", &text, &[]).unwrap();
    World::build(&s).unwrap().0
}

/// Random node pairs from a fixed LCG (the test needs no rng stream).
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

/// Walk from `a` to `b` by `next_hop`, checking that each step is an
/// edge of the graph with its time; returns the time driven.
fn walk(w: &World, r: &mut super::Router, a: u32, b: u32) -> u32 {
    let (mut at, mut t, mut hops) = (a, 0u32, 0);
    while at != b {
        let (nx, ms) = r.next_hop(w, at, b);
        let range = w.adj_range(at);
        assert!(
            w.neighbours(at)
                .iter()
                .zip(&r.table.edge_ms[range])
                .any(|(x, &e)| x.to == nx && e == ms),
            "{at} -> {nx} ({ms} ms) is not an edge"
        );
        t += ms;
        at = nx;
        hops += 1;
        assert!(hops <= w.node_count(), "the walk loops");
    }
    t
}

/// On networks without a full table, the hierarchy's path is a shortest
/// one: its time, and the time walked hop by hop along the cached route,
/// equal the full table's, for many random pairs, with and without
/// arterials.
#[test]
fn path_queries_are_shortest_paths() {
    for art in [0u32, 5, 3] {
        let (full, ch) = (city(23, art, true), city(23, art, false));
        assert!(full.tables[0].is_full() && !ch.tables[0].is_full());
        let mut rf = super::Router::new(full.tables[0].clone());
        let mut rc = super::Router::new(ch.tables[0].clone());
        for (a, b) in pairs(23 * 23, 600) {
            let exact = rf.time(&full, a, b);
            assert_eq!(rc.time(&ch, a, b), exact, "time {a}->{b} art={art}");
            assert_eq!(rc.time_to(&ch, a, b), exact, "row {a}->{b} art={art}");
            assert_eq!(walk(&ch, &mut rc, a, b), exact, "walk {a}->{b} art={art}");
            // Once walked, the route is cached: the time comes from it.
            assert_eq!(rc.time(&ch, a, b), exact);
        }
        assert!(!rc.routes.is_empty());
    }
}

/// The straight-line lower bound never exceeds the exact time, and the
/// nearest of a few candidates (searched in order of that bound, some
/// skipped) is the brute-force minimum of (time, node), ties included.
#[test]
fn nearest_of_candidates_is_exact() {
    for art in [0u32, 4] {
        let (full, ch) = (city(19, art, true), city(19, art, false));
        let mut rf = super::Router::new(full.tables[0].clone());
        let mut rc = super::Router::new(ch.tables[0].clone());
        let ps = pairs(19 * 19, 2000);
        for (a, b) in &ps {
            assert!(ch.tables[0].lower_bound(&ch, *a, *b) <= rf.time(&full, *a, *b));
        }
        assert!(ch.tables[0].lower_bound(&ch, 0, 19 * 19 - 1) > 0);
        let mut ties = 0;
        for chunk in ps.chunks(5) {
            let from = chunk[0].0;
            // Candidates as an offender draws them; some repeat or tie.
            let cands: Vec<u32> = chunk[1..].iter().map(|p| p.1 % 40).collect();
            let brute = cands
                .iter()
                .map(|&c| (rf.time(&full, from, c), c))
                .min()
                .unwrap();
            let times: Vec<u32> = cands.iter().map(|&c| rf.time(&full, from, c)).collect();
            ties += times.iter().filter(|&&t| t == brute.0).count() - 1;
            // Hierarchy queries only; a local Dijkstra; one that gives up.
            for (guess, settle) in [(0.0, 0), (f64::MAX, usize::MAX), (f64::MAX, 5)] {
                (rc.local_guess, rc.local_settle_max) = (guess, settle);
                assert_eq!(rc.nearest_of(&ch, from, &cands), brute, "{guess} {settle}");
            }
            assert_eq!(rf.nearest_of(&full, from, &cands), brute);
        }
        assert!(ties > 0, "the test should meet ties");
    }
}

/// The bounded search from a call's node finds the same unit and the
/// same time as trying every unit with the full table, over many calls
/// with units at random nodes and random start offsets (ties included).
#[test]
fn nearest_source_matches_every_unit_tried() {
    let (full, ch) = (city(21, 5, true), city(21, 5, false));
    let mut rf = super::Router::new(full.tables[0].clone());
    let mut rc = super::Router::new(ch.tables[0].clone());
    let ps = pairs(21 * 21, 6000);
    let mut ties = 0;
    for (call, chunk) in ps.chunks(30).enumerate() {
        let to = chunk[0].0;
        // Units 0..29 at nodes drawn from few places, offsets in whole
        // minutes (so equal arrival times happen); some units left out.
        let mut units: Vec<(u32, u64, u32)> = chunk
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + call) % 3 != 0 || call % 2 == 0)
            .map(|(i, p)| (p.1 % 60 * 7, (p.0 % 4) as u64 * 60_000, i as u32))
            .collect();
        if call % 5 == 0 {
            units.truncate(2);
        }
        let brute = units
            .iter()
            .map(|&(from, off, id)| (off + rf.time(&full, from, to) as u64, id))
            .min()
            .unwrap_or((u64::MAX, u32::MAX));
        ties += units
            .iter()
            .filter(|&&(from, off, id)| {
                id != brute.1 && off + rf.time(&full, from, to) as u64 == brute.0
            })
            .count();
        assert_eq!(rc.nearest_source(&ch, to, &units), brute, "call {call}");
        assert_eq!(rf.nearest_source(&full, to, &units), brute);
    }
    assert!(ties > 0, "the test should meet ties");
    assert_eq!(rc.nearest_source(&ch, 0, &[]), (u64::MAX, u32::MAX));
}

/// The search's stamp wraps: a node's list of units written by a search
/// before the wrap (same stamp value again) is not read by one after it.
#[test]
fn nearest_source_is_exact_across_the_stamp_wrap() {
    let (full, ch) = (city(21, 5, true), city(21, 5, false));
    let mut rf = super::Router::new(full.tables[0].clone());
    let mut rc = super::Router::new(ch.tables[0].clone());
    let (to, near, far) = (0, 1, 21 * 21 - 1);
    // Stamp 1: a unit next to the call.
    assert_eq!(
        rc.nearest_source(&ch, to, &[(near, 0, 0)]),
        rf.nearest_source(&full, to, &[(near, 0, 0)])
    );
    // The stamp wraps to 1 again: only the far unit exists now; the near
    // node's old list (stamp 1, first source) must not lend it its time.
    rc.src_generation = u32::MAX;
    let want = rf.nearest_source(&full, to, &[(far, 0, 5)]);
    assert!(want.0 > rf.time(&full, near, to) as u64);
    assert_eq!(rc.nearest_source(&ch, to, &[(far, 0, 5)]), want);
}

/// A walk that starts mid-route, or after the route cache was cleared,
/// still follows a shortest path (every cached step's next node has its
/// own step to the same destination).
#[test]
fn route_cache_stays_consistent_when_cleared() {
    let (full, ch) = (city(17, 4, true), city(17, 4, false));
    let mut rf = super::Router::new(full.tables[0].clone());
    let mut rc = super::Router::new(ch.tables[0].clone());
    rc.routes_max = 40; // a few routes: cleared again and again
    for (a, b) in pairs(17 * 17, 400) {
        let exact = rf.time(&full, a, b);
        if a != b {
            // Half a trip, then the rest from where it stopped.
            let (mid, ms) = rc.next_hop(&ch, a, b);
            assert_eq!(ms + walk(&ch, &mut rc, mid, b), exact);
        }
        assert!(rc.routes.len() <= 40);
    }
}

/// Mean shortest-path distance between two uniform nodes of an n × n grid
/// is exactly 2(n² − 1)/(3n) blocks (each axis: (n² − 1)/(3n)).
#[test]
fn mean_grid_distance_is_exact() {
    for n in [5u32, 8, 11] {
        for full in [true, false] {
            let w = grid(n, full);
            let mut r = super::Router::new(w.tables[0].clone());
            let mut sum = 0u64;
            let nn = n * n;
            for a in 0..nn {
                for b in 0..nn {
                    sum += r.time(&w, a, b) as u64;
                }
            }
            let mean_blocks = sum as f64 / (nn as f64 * nn as f64) / 60_000.0;
            let exact = 2.0 * (nn as f64 - 1.0) / (3.0 * n as f64);
            assert!(
                (mean_blocks - exact).abs() < 1e-9,
                "n={n} {mean_blocks} vs {exact}"
            );
        }
    }
}

#[test]
fn next_hop_follows_a_shortest_path() {
    let w = grid(6, true);
    let mut r = super::Router::new(w.tables[0].clone());
    let (mut at, to) = (0u32, 35u32);
    let mut steps = 0;
    while at != to {
        let (nx, ms) = r.next_hop(&w, at, to);
        assert_eq!(ms, 60_000);
        assert_eq!(r.time(&w, nx, to) + 60_000, r.time(&w, at, to));
        at = nx;
        steps += 1;
    }
    assert_eq!(steps, 10);
}

/// Every speed's hierarchy is contracted in the network's canonical order,
/// which depends on the roads only: a scenario's routes (the path each
/// query returns, not only its time) are the same built alone and built
/// in a sweep's cache after a scenario with other unit speeds on the same
/// roads; the offenders' speed (uniform, below every limit) gets exact
/// times in that order too.
#[test]
fn hierarchies_share_one_canonical_order_whatever_was_built_before() {
    let text = |car: u32| {
        format!(
            "[network]\nrows = 23\ncols = 23\nblock_m = 400\narterial_every = 4\nlocal_speed_kmh = 40\narterial_speed_kmh = 60\nfull_table_max_nodes = 1\n[unit_types.car]\nspeed_kmh = {car}\n[[units]]\ncount = 1\n[crime]\nlocal_offenders = 1\n"
        )
    };
    let s = |car| scenario::from_str("t.toml", &text(car), &[]).unwrap();
    let alone = World::build(&s(50)).unwrap().0;
    let cache = crate::world::TableCache::default();
    let _other = World::build_cached(&s(30), Some(&cache)).unwrap().0;
    let swept = World::build_cached(&s(50), Some(&cache)).unwrap().0;
    assert_eq!(
        cache.len(),
        3,
        "cars at 30 and 50, offenders: one table each"
    );
    let full = {
        let t = text(50).replace("full_table_max_nodes = 1", "full_table_max_nodes = 100000");
        World::build(&scenario::from_str("t.toml", &t, &[]).unwrap())
            .unwrap()
            .0
    };
    for k in 0..alone.tables.len() {
        let (mut a, mut b) = (
            super::Router::new(alone.tables[k].clone()),
            super::Router::new(swept.tables[k].clone()),
        );
        let mut f = super::Router::new(full.tables[k].clone());
        for (x, y) in pairs(alone.node_count() as u32, 300) {
            if x == y {
                continue;
            }
            assert_eq!(a.search(x, y).get_nodes(), b.search(x, y).get_nodes());
            assert_eq!(a.time(&alone, x, y), f.time(&full, x, y), "table {k}");
        }
    }
}

/// The search counters the scale bench prints count what the searches do:
/// on a uniform grid (every street 400 m at one speed), a search from an
/// interior node whose answer is a neighbour settles the node and its four
/// neighbours (ties with the answer included), not the node it stops at.
#[test]
fn search_counters_count_searches_and_settled_nodes() {
    let ch = city(9, 0, false);
    let mut rc = super::Router::new(ch.tables[0].clone());
    let (centre, east) = (4 * 9 + 4, 4 * 9 + 5);
    let (t, best) = rc.nearest_of(&ch, centre, &[east, 0, 80, 8]);
    assert_eq!(best, east, "{t}");
    assert_eq!(
        (rc.stats.forward_searches, rc.stats.forward_settled),
        (1, 5)
    );
    let (arrive, unit) = rc.nearest_source(&ch, centre, &[(east, 0, 7)]);
    assert_eq!((arrive, unit), (t as u64, 7));
    assert_eq!(
        (rc.stats.backward_searches, rc.stats.backward_settled),
        (1, 5)
    );
}

/// Hierarchies kept on disk (`TableCache::keeping_in`) are the ones a build
/// makes, bit for bit: prepared and kept by the first build, taken by the
/// second; a damaged entry is noticed by its checksum, rebuilt and
/// replaced; another speed on the same roads reuses the kept order; a
/// directory that cannot be written costs the keeping, never the run.
#[test]
fn kept_hierarchies_are_the_built_ones_bit_for_bit() {
    let text = |car: u32| {
        format!(
            "[network]\nrows = 15\ncols = 15\nblock_m = 400\narterial_every = 4\nlocal_speed_kmh = 40\narterial_speed_kmh = 60\nfull_table_max_nodes = 1\n[unit_types.car]\nspeed_kmh = {car}\n[[units]]\ncount = 1\n[crime]\nlocal_offenders = 1\n"
        )
    };
    let s = |car| scenario::from_str("t.toml", &text(car), &[]).unwrap();
    let bytes = |w: &World| -> Vec<Vec<u8>> {
        w.tables
            .iter()
            .map(|t| postcard::to_stdvec(t.ch.as_ref().expect("a hierarchy")).unwrap())
            .collect()
    };
    let fresh = bytes(&World::build(&s(50)).unwrap().0);
    assert_eq!(fresh.len(), 2, "cars and offenders");
    let dir = tempfile::tempdir().unwrap();
    let keeping = |car| {
        let c = crate::world::TableCache::keeping_in(dir.path());
        let w = World::build_cached(&s(car), Some(&c)).unwrap().0;
        (bytes(&w), c.kept().unwrap())
    };
    let counts = |loaded, built| crate::world::KeptCounts {
        loaded,
        built,
        problems: vec![],
    };
    // The order and two hierarchies: prepared and kept, then taken.
    assert_eq!(keeping(50), (fresh.clone(), counts(0, 3)));
    assert_eq!(keeping(50), (fresh.clone(), counts(3, 0)));
    let files = || {
        let mut f: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        f.sort();
        f
    };
    assert_eq!(files().len(), 3, "{:?}", files());
    // One byte changed in the middle of each entry: all three rebuilt.
    for f in files() {
        let mut b = std::fs::read(&f).unwrap();
        let mid = b.len() / 2;
        b[mid] ^= 0x10;
        std::fs::write(&f, b).unwrap();
    }
    let (again, c) = keeping(50);
    assert_eq!(again, fresh);
    assert_eq!((c.loaded, c.built, c.problems.len()), (0, 3, 3), "{c:?}");
    assert!(c.problems[0].contains("checksum"), "{:?}", c.problems);
    // Cut short: not an entry at all.
    for f in files() {
        std::fs::write(&f, b"patrolsim").unwrap();
    }
    let (again, c) = keeping(50);
    assert_eq!(again, fresh);
    assert_eq!((c.loaded, c.built, c.problems.len()), (0, 3, 3), "{c:?}");
    assert_eq!(keeping(50), (fresh.clone(), counts(3, 0)), "replaced");
    // Cars at another speed: the order and the offenders' hierarchy are
    // taken, the cars' prepared; its routes are those of a fresh build.
    let fresh30 = bytes(&World::build(&s(30)).unwrap().0);
    assert_ne!(fresh30[0], fresh[0]);
    let before = files();
    assert_eq!(keeping(30), (fresh30.clone(), counts(2, 1)));
    assert_eq!(files().len(), 4);
    // An entry is taken only when its input is this one: the two
    // hierarchies kept before (the cars' at 50 km/h, the offenders'),
    // whole and with their checksums right, put where the cars' at 30
    // belongs, are not taken, and are replaced.
    let car30 = files().into_iter().find(|f| !before.contains(f)).unwrap();
    let hierarchy = |f: &&std::path::PathBuf| {
        f.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("hierarchy")
    };
    let wrong: Vec<_> = before.iter().filter(hierarchy).collect();
    assert_eq!(wrong.len(), 2);
    for w in wrong {
        std::fs::copy(w, &car30).unwrap();
        assert_eq!(keeping(30), (fresh30.clone(), counts(2, 1)), "{w:?}");
    }
    assert_eq!(keeping(30), (fresh30, counts(3, 0)), "replaced");
    // A directory that cannot be made (under a file): the build goes on.
    let blocked = dir.path().join(files()[0].file_name().unwrap()).join("sub");
    let c = crate::world::TableCache::keeping_in(&blocked);
    let w = World::build_cached(&s(50), Some(&c)).unwrap().0;
    assert_eq!(bytes(&w), fresh);
    let k = c.kept().unwrap();
    assert_eq!((k.loaded, k.built, k.problems.len()), (0, 0, 3), "{k:?}");
    assert!(k.problems[0].starts_with("cannot keep"), "{:?}", k.problems);
}
