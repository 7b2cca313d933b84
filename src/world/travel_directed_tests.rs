//! Searches on a directed network (one-way streets, roads longer one way
//! than the other) above a lowered full-table limit, checked against brute
//! force: a forward Dijkstra from every unit's or the offender's node along
//! the edges out of each node, written here without the router's code.

use super::Router;
use crate::scenario;
use crate::world::World;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A `side` × `side` grid of 400 m blocks as an explicit one-way network:
/// rows alternate east- and westbound, columns south- and northbound; the
/// border and every fourth row and column are two-way arterials, 25 %
/// longer westbound and northbound than the other way.
fn one_way_city(side: u32, full: bool) -> World {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let id = |r: u32, c: u32| r * side + c;
    let two_way = |k: u32| k == 0 || k == side - 1 || k.is_multiple_of(4);
    for r in 0..side {
        for c in 0..side {
            nodes.push(format!("[{}, {}]", c * 400, r * 400));
        }
    }
    for r in 0..side {
        for c in 0..side - 1 {
            let (a, b) = (id(r, c), id(r, c + 1));
            if two_way(r) {
                edges.push(format!("[{a}, {b}, \"arterial\"]"));
                edges.push(format!("[{b}, {a}, \"arterial\", 500.0]"));
            } else if r.is_multiple_of(2) {
                edges.push(format!("[{a}, {b}]"));
            } else {
                edges.push(format!("[{b}, {a}]"));
            }
        }
    }
    for c in 0..side {
        for r in 0..side - 1 {
            let (a, b) = (id(r, c), id(r + 1, c));
            if two_way(c) {
                edges.push(format!("[{a}, {b}, \"arterial\"]"));
                edges.push(format!("[{b}, {a}, \"arterial\", 500.0]"));
            } else if c.is_multiple_of(2) {
                edges.push(format!("[{a}, {b}]"));
            } else {
                edges.push(format!("[{b}, {a}]"));
            }
        }
    }
    let text = format!(
        "[network]\nkind = \"explicit\"\none_way = true\nlocal_speed_kmh = 40\narterial_speed_kmh = 60\n\
         full_table_max_nodes = {}\nnodes = [{}]\nedges = [{}]\n\
         [unit_types.car]\nspeed_kmh = 50\n[[units]]\ncount = 1\n",
        if full { 100_000 } else { 1 },
        nodes.join(", "),
        edges.join(", ")
    );
    let s = scenario::from_str("t.toml", &text, &[]).unwrap_or_else(|e| panic!("{e}"));
    World::build(&s).unwrap_or_else(|e| panic!("{e}")).0
}

/// Times from `src` to every node, along the edges out of each node.
fn forward(w: &World, speed: f64, src: u32) -> Vec<u32> {
    let mut dist = vec![u32::MAX; w.node_count()];
    let mut heap = BinaryHeap::new();
    dist[src as usize] = 0;
    heap.push(Reverse((0u32, src)));
    while let Some(Reverse((d, u))) = heap.pop() {
        if d > dist[u as usize] {
            continue;
        }
        for a in w.neighbours(u) {
            let nd = d + w.edge_ms(a, speed);
            if nd < dist[a.to as usize] {
                dist[a.to as usize] = nd;
                heap.push(Reverse((nd, a.to)));
            }
        }
    }
    dist
}

/// Random numbers from a fixed LCG (the test needs no rng stream).
fn lcg(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut x = seed;
    move |m| {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (x >> 33) % m
    }
}

/// Dispatch's nearest unit to a call (the bounded search backward from
/// the call's node, on the reverse graph) is the brute-force minimum over
/// all units of (start delay + forward time unit → call, unit number):
/// the same unit and the same arrival, ties to the lowest unit number, with
/// the hierarchy and with the full table.
#[test]
fn on_one_way_streets_the_nearest_unit_is_the_brute_force_one() {
    let side = 14;
    let n = side * side;
    let (full, ch) = (one_way_city(side, true), one_way_city(side, false));
    assert!(!ch.is_symmetric() && !ch.tables[0].is_full() && full.tables[0].is_full());
    let speed = ch.tables[0].speed_kmh;
    let times: Vec<Vec<u32>> = (0..n).map(|s| forward(&ch, speed, s)).collect();
    // The network is directed: some trips take longer one way than back.
    let asym = (0..n as usize)
        .flat_map(|a| (0..n as usize).map(move |b| (a, b)))
        .filter(|&(a, b)| times[a][b] != times[b][a])
        .count();
    assert!(asym > (n * n / 4) as usize, "only {asym} asymmetric pairs");
    let mut rf = Router::new(full.tables[0].clone());
    let mut rc = Router::new(ch.tables[0].clone());
    let mut rnd = lcg(0x5EED_0017);
    let (mut ties, mut calls) = (0, 0);
    for call in 0..300 {
        let to = rnd(n as u64) as u32;
        let k = [1, 2, 5, 17, 40][call % 5];
        // Units at few nodes (so some share one), delays in whole minutes.
        let spots: Vec<u32> = (0..6).map(|_| rnd(n as u64) as u32).collect();
        let units: Vec<(u32, u64, u32)> = (0..k)
            .map(|i: u32| {
                let at = if i.is_multiple_of(2) {
                    spots[rnd(6) as usize]
                } else {
                    rnd(n as u64) as u32
                };
                (at, rnd(3) * 60_000, i)
            })
            .collect();
        let arrive = |&(from, off, id): &(u32, u64, u32)| {
            (off + times[from as usize][to as usize] as u64, id)
        };
        let brute = units.iter().map(arrive).min().unwrap();
        ties += units.iter().filter(|u| arrive(u).0 == brute.0).count() - 1;
        assert_eq!(rc.nearest_source(&ch, to, &units), brute, "call {call}");
        // The winner's trip follows the path the search stored, roads in
        // their direction, in the forward time.
        let at = units[brute.1 as usize].0;
        if at != to {
            let hit = rc.routes.contains(at, to);
            assert!(hit, "call {call}: the winner's path is stored");
            walk_along_roads(&ch, &mut rc, at, to, times[at as usize][to as usize]);
        }
        assert_eq!(
            rf.nearest_source(&full, to, &units),
            brute,
            "call {call}, full table"
        );
        calls += 1;
    }
    assert_eq!(calls, 300);
    assert!(ties > 10, "the test should meet ties ({ties})");
}

/// An offender's nearest candidate stop (a local forward Dijkstra, or
/// hierarchy queries in order of the straight-line bound) is the brute-force minimum over the candidates of
/// (forward time, node), ties to the lowest node; the hierarchy's times
/// and the hop-by-hop walk equal the forward search's.
#[test]
fn on_one_way_streets_the_nearest_candidate_is_the_brute_force_one() {
    let side = 14;
    let n = side * side;
    let (full, ch) = (one_way_city(side, true), one_way_city(side, false));
    let speed = ch.tables[0].speed_kmh;
    let mut rf = Router::new(full.tables[0].clone());
    let mut rc = Router::new(ch.tables[0].clone());
    let mut rnd = lcg(0x0FF_E4DE);
    let mut ties = 0;
    for _ in 0..400 {
        let from = rnd(n as u64) as u32;
        let times = forward(&ch, speed, from);
        // Four candidates from a small pool, so some repeat or tie.
        let cands: Vec<u32> = (0..4).map(|_| rnd(30) as u32 * 5 % n).collect();
        let brute = cands.iter().map(|&c| (times[c as usize], c)).min().unwrap();
        ties += cands
            .iter()
            .filter(|&&c| c != brute.1 && times[c as usize] == brute.0)
            .count();
        // Hierarchy queries only; a local Dijkstra; one that gives up.
        for (guess, settle) in [(0.0, 0), (f64::MAX, 5), (f64::MAX, usize::MAX)] {
            (rc.local_guess, rc.local_settle_max) = (guess, settle);
            assert_eq!(rc.nearest_of(&ch, from, &cands), brute, "{guess} {settle}");
        }
        assert_eq!(rf.nearest_of(&full, from, &cands), brute);
        // The trip to the winner follows the path the local search stored.
        for to in [brute.1, cands[0]] {
            assert_eq!(rc.time(&ch, from, to), times[to as usize]);
            walk_along_roads(&ch, &mut rc, from, to, times[to as usize]);
        }
    }
    assert!(ties > 0, "the test should meet ties");
}

/// Walk `from` → `to` hop by hop: each hop a road that way, `want` ms in all.
fn walk_along_roads(ch: &World, rc: &mut Router, from: u32, to: u32, want: u32) {
    let (mut at, mut t) = (from, 0);
    while at != to {
        let (nx, ms) = rc.next_hop(ch, at, to);
        let edge = ch.neighbours(at).iter().find(|a| a.to == nx);
        assert!(edge.is_some(), "{at} -> {nx} is not a road that way");
        t += ms;
        at = nx;
    }
    assert_eq!(t, want, "walk {from} -> {to}");
}

/// Trips to habitual destinations (homes, posts: a backward search tree
/// grown from the destination and stored whole) take the forward
/// shortest time, hop by hop along roads in their direction, whether the
/// trip starts with `time` or with `next_hop`, mixed with ordinary trips
/// whose hierarchy paths are cached to the same destinations, with a
/// search that gives up (the hierarchy then), and with a route cache so
/// small it is cleared again and again.
#[test]
fn on_one_way_streets_trips_home_by_search_trees_take_the_shortest_time() {
    let side = 14;
    let n = side * side;
    let ch = one_way_city(side, false);
    let speed = ch.tables[0].speed_kmh;
    let homes = [3u32, 77, 120, 195];
    let times: Vec<Vec<u32>> = (0..n).map(|s| forward(&ch, speed, s)).collect();
    for (settle, room) in [(usize::MAX, 2_000_000), (15, 2_000_000), (usize::MAX, 60)] {
        let mut rc = Router::new(ch.tables[0].clone());
        rc.local_settle_max = settle;
        rc.routes_max = room;
        let mut rnd = lcg(0x40_3E);
        for trip in 0..600 {
            let home = homes[rnd(4) as usize];
            let to = if trip % 3 == 0 {
                rnd(n as u64) as u32 // an ordinary trip, maybe to a home
            } else {
                rc.mark_habitual(home);
                home
            };
            let from = rnd(n as u64) as u32;
            if from == to {
                continue;
            }
            let want = times[from as usize][to as usize];
            if trip % 2 == 0 {
                assert_eq!(rc.time(&ch, from, to), want, "{from} -> {to}");
            }
            walk_along_roads(&ch, &mut rc, from, to, want);
        }
        assert!(rc.stats.trees > 0 || settle < 100, "trees were grown");
        if room < 100 {
            assert!(rc.stats.clears > 10, "the small cache was cleared");
        }
    }
}

/// One router answering the three bounded searches in turn (a tree grown
/// toward a home, the nearest unit by the backward search, the nearest of
/// four candidates by the forward one) shares one array of labels between
/// them, told apart by a generation stamp that also wraps round: every
/// answer equals the brute force and every trip walked takes the forward
/// time along roads in their direction.
#[test]
fn on_one_way_streets_the_searches_share_labels_without_mixing_them() {
    let side = 14;
    let n = side * side;
    let ch = one_way_city(side, false);
    let speed = ch.tables[0].speed_kmh;
    let times: Vec<Vec<u32>> = (0..n).map(|s| forward(&ch, speed, s)).collect();
    let mut rc = Router::new(ch.tables[0].clone());
    rc.local_guess = f64::INFINITY; // always the local forward search
    rc.generation = u32::MAX - 40; // wraps round within the test
    let mut rnd = lcg(0x5EA4C4);
    let (mut trees, mut wrapped) = (0, false);
    for k in 0..300 {
        let from = rnd(n as u64) as u32;
        match k % 3 {
            0 => {
                let home = rnd(n as u64) as u32;
                rc.mark_habitual(home);
                let before = rc.stats.trees;
                if from != home {
                    let want = times[from as usize][home as usize];
                    walk_along_roads(&ch, &mut rc, from, home, want);
                }
                trees += rc.stats.trees - before;
            }
            1 => {
                let units: Vec<(u32, u64, u32)> = (0..1 + rnd(12) as u32)
                    .map(|id| (rnd(n as u64) as u32, rnd(3) * 60_000, id))
                    .collect();
                let brute = units
                    .iter()
                    .map(|&(u, off, id)| (off + times[u as usize][from as usize] as u64, id))
                    .min()
                    .expect("a unit");
                assert_eq!(rc.nearest_source(&ch, from, &units), brute, "call {k}");
            }
            _ => {
                let cands: Vec<u32> = (0..4).map(|_| rnd(n as u64) as u32).collect();
                let brute = cands
                    .iter()
                    .map(|&c| (times[from as usize][c as usize], c))
                    .min()
                    .expect("a candidate");
                assert_eq!(rc.nearest_of(&ch, from, &cands), brute, "stop {k}");
                if brute.1 != from {
                    walk_along_roads(&ch, &mut rc, from, brute.1, brute.0);
                }
            }
        }
        wrapped |= rc.generation < 1_000;
    }
    assert!(trees > 0, "trees were grown");
    assert!(wrapped, "the generation wrapped round");
}

/// Kept balls (`local_nearest_kept`) answer an offender's nearest stop as
/// the forward search does and store the same path in the route cache,
/// step for step: two routers, one never keeping a ball, take the same
/// 2,000 questions from a pool of 25 nodes (so most are asked again) with
/// candidates near and far (so balls grow, and past the settle limit the
/// search runs), with and without a settle limit below the largest ball,
/// on the one-way city and on a grid of equal blocks, where many nodes tie
/// at a ball's edge. There, with a limit of 70, a first ball (64 nodes,
/// the diamond of five blocks and three of the 24 nodes six blocks away)
/// holds winners the search would give up on (85 nodes within six
/// blocks): the ball must not answer for them.
#[test]
fn kept_balls_answer_and_store_paths_as_the_search_does() {
    let side = 20;
    let uniform = format!(
        "[network]\nrows = {side}\ncols = {side}\nblock_m = 400\nlocal_speed_kmh = 40\nfull_table_max_nodes = 1\n[unit_types.car]\nspeed_kmh = 40\n[[units]]\ncount = 1\n"
    );
    let uniform = World::build(&scenario::from_str("t.toml", &uniform, &[]).unwrap())
        .unwrap()
        .0;
    for ch in [one_way_city(side, false), uniform] {
        for settle in [usize::MAX, 100, 70] {
            kept_balls_match_the_search(&ch, settle);
        }
    }
}

fn kept_balls_match_the_search(ch: &World, settle: usize) {
    let n = ch.node_count() as u32;
    let mut plain = Router::new(ch.tables[0].clone());
    let mut kept = Router::new(ch.tables[0].clone());
    // Room for ten first balls: the budget runs out part-way.
    let mut tight = Router::new(ch.tables[0].clone());
    let ten = 10 * (2 + 3 * super::BALL_FIRST);
    for r in [&mut plain, &mut kept, &mut tight] {
        r.local_guess = f64::INFINITY; // always the local forward search
        r.local_settle_max = settle;
    }
    plain.ball_words = super::BALL_WORDS_MAX; // no room: never a ball
    tight.ball_words = super::BALL_WORDS_MAX - ten;
    let mut rnd = lcg(0xBA11 + settle as u64 % 7);
    let pool: Vec<u32> = (0..25).map(|_| rnd(n as u64) as u32).collect();
    for q in 0..2_000 {
        let from = pool[rnd(25) as usize];
        let spread = if q % 4 == 0 { n as u64 } else { 40 };
        let cands: Vec<u32> = (0..4)
            .map(|_| ((from as u64 + rnd(spread)) % n as u64) as u32)
            .collect();
        let want = plain.nearest_of(ch, from, &cands);
        for r in [&mut kept, &mut tight] {
            assert_eq!(r.nearest_of(ch, from, &cands), want, "question {q}");
            assert_eq!(r.routes.len(), plain.routes.len(), "question {q}");
            // The stored way to the winner, step by step.
            let (mut at, to) = (from, want.1);
            while at != to {
                let (a, b) = (plain.routes.get(at, to), r.routes.get(at, to));
                let (Some(a), Some(b)) = (a, b) else {
                    assert!(a.is_none() && b.is_none(), "question {q}, node {at}");
                    break;
                };
                assert_eq!(
                    (a.next, a.ms, a.left),
                    (b.next, b.ms, b.left),
                    "question {q}"
                );
                at = a.next;
            }
        }
    }
    assert_eq!(plain.stats.forward_kept, 0);
    assert!(kept.stats.forward_kept > 1_000, "{:?}", kept.stats);
    // The words counted are the balls kept.
    let words = |r: &Router| r.balls.iter().flatten().map(|b| b.len()).sum::<usize>();
    assert_eq!(kept.ball_words, words(&kept));
    assert_eq!(
        tight.ball_words - (super::BALL_WORDS_MAX - ten),
        words(&tight)
    );
    assert!(tight.ball_words <= super::BALL_WORDS_MAX);
    assert!(tight.stats.forward_kept > 0 && tight.stats.forward_kept < kept.stats.forward_kept);
    // The first question from each node searches; past the settle limit,
    // so do those whose candidate lies beyond the largest ball.
    let firsts = pool.iter().collect::<std::collections::BTreeSet<_>>().len() as u64;
    if settle == usize::MAX {
        assert_eq!(kept.stats.forward_searches, firsts, "{:?}", kept.stats);
        assert!(kept.stats.balls > firsts, "balls grew: {:?}", kept.stats);
    } else {
        assert!(
            kept.stats.forward_searches > firsts + 50,
            "{:?}",
            kept.stats
        );
        assert!(
            kept.stats.ch_queries > 0,
            "searches gave up: {:?}",
            kept.stats
        );
    }
}
