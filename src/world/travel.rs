//! Shortest travel times on the road graph for one vehicle speed. Small
//! networks get a full node × node table, computed once in parallel and
//! shared by every replication; large ones (a real city has 10⁴–10⁵ nodes)
//! get a contraction hierarchy (the `fast_paths` crate), prepared once and
//! shared the same way, so memory never grows as N². On those, a trip asks
//! for its whole path once (one hierarchy query) and the path is kept in a
//! per-simulation route cache that every later hop toward the same
//! destination reads. Dispatch's nearest unit is one Dijkstra from the
//! call's node that stops at the first unit that wins (`nearest_source`).

use super::World;
use super::kept::Keep;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::sync::Arc;

/// Travel times (ms) at one speed: full table or on demand.
#[derive(Debug)]
pub struct TravelTable {
    n: usize,
    pub speed_kmh: f64,
    full: Option<Vec<u32>>,
    /// Edge times (ms) aligned with the world's adjacency arrays.
    edge_ms: Vec<u32>,
    /// Contraction hierarchy, when there is no full table.
    ch: Option<fast_paths::FastGraph>,
    /// A lower bound on ms per metre of straight-line distance: the least
    /// over edges of edge time / distance between its end nodes.
    lb_ms_per_m: f64,
    /// Nodes per square metre of the nodes' bounding box (to guess how many
    /// nodes a local search settles).
    nodes_per_m2: f64,
    /// For the bounded searches, when there is no full table: each node's
    /// edges out (`out`) and, on a network with one-way roads, in (`into`)
    /// as (other end, ms), in the adjacency arrays' order.
    out: Packed,
    into: Option<Packed>,
}

/// Edges by node (compressed rows): (other end, time in ms), so a search
/// reads one array per node instead of the adjacency and the edge times.
#[derive(Debug, Default)]
struct Packed {
    start: Vec<u32>,
    edges: Vec<(u32, u32)>,
}

impl Packed {
    /// Node `u`'s edges.
    #[inline]
    fn of(&self, u: u32) -> &[(u32, u32)] {
        &self.edges[self.start[u as usize] as usize..self.start[u as usize + 1] as usize]
    }

    /// Out-edges (`forward`) or in-edges of every node, from the world's
    /// adjacency, in its order.
    fn new(w: &World, edge_ms: &[u32], forward: bool) -> Packed {
        let n = w.node_count() as u32;
        let mut p = Packed {
            start: Vec::with_capacity(n as usize + 1),
            edges: Vec::new(),
        };
        p.start.push(0);
        for u in 0..n {
            if forward {
                let range = w.adj_range(u);
                for (a, &ms) in w.neighbours(u).iter().zip(&edge_ms[range]) {
                    p.edges.push((a.to, ms));
                }
            } else {
                each_in(w, edge_ms, u, |from, ms| p.edges.push((from, ms)));
            }
            p.start.push(p.edges.len() as u32);
        }
        p
    }
}

/// Times from every node to `src` (a search backwards along the roads;
/// on a two-way network the same as the times from `src`).
fn dijkstra(
    w: &World,
    edge_ms: &[u32],
    src: u32,
    dist: &mut [u32],
    heap: &mut BinaryHeap<Reverse<u64>>,
) {
    dist.fill(u32::MAX);
    heap.clear();
    dist[src as usize] = 0;
    heap.push(Reverse(src as u64));
    while let Some(Reverse(k)) = heap.pop() {
        let d = (k >> 32) as u32;
        let u = k as u32;
        if d > dist[u as usize] {
            continue;
        }
        each_in(w, edge_ms, u, |from, ms| {
            let nd = d.saturating_add(ms);
            if nd < dist[from as usize] {
                dist[from as usize] = nd;
                heap.push(Reverse(((nd as u64) << 32) | from as u64));
            }
        });
    }
}

/// Calls `f(from, ms)` for every edge into `u`: on a two-way network the
/// edges out of it (the same roads the other way, same times), else the
/// reverse adjacency.
#[inline]
fn each_in(w: &World, edge_ms: &[u32], u: u32, mut f: impl FnMut(u32, u32)) {
    if w.is_symmetric() {
        let range = w.adj_range(u);
        for (a, &ms) in w.neighbours(u).iter().zip(&edge_ms[range]) {
            f(a.to, ms);
        }
    } else {
        for &(from, k) in w.in_edges(u) {
            f(from, edge_ms[k as usize]);
        }
    }
}

/// Settled nodes per witness search when contracting in a given order
/// (fast_paths' default is 100; 2,000 gives fewer shortcuts, a faster
/// preparation and faster queries on grid cities: measured in
/// docs/performance.md).
const ORDER_WITNESS_SETTLE: usize = 2_000;

/// The hierarchy of `edges` contracted in `order`, its witness searches
/// settling at most `settle` nodes.
fn prepare_in_order(
    edges: &[(u32, u32, u32)],
    order: &[usize],
    settle: usize,
) -> fast_paths::FastGraph {
    fast_paths::prepare_with_order_with_params(
        &ch_input(edges),
        order,
        &fast_paths::ParamsWithOrder::new(settle),
    )
    .expect("the canonical order is a permutation of the nodes")
}

/// The network's canonical contraction order: that of a hierarchy prepared
/// (fast_paths' own node ordering, default parameters) on the edge times
/// at the roads' own limits. It depends on the network only, never on the
/// unit types or on which tables a sweep built before, so a run's routes
/// are the same alone or inside a sweep. Every speed's hierarchy is then
/// contracted in this order (`TravelTable::new_ordered`): one ordering per
/// network instead of one per speed, and a uniform speed (the offenders')
/// contracts far faster in an arterial-aware order than in its own (on a
/// uniform grid almost every path ties).
pub fn canonical_order(w: &World) -> Vec<usize> {
    canonical_order_kept(w, None)
}

/// As [`canonical_order`], taken from (or kept in) `keep` when given.
pub(super) fn canonical_order_kept(w: &World, keep: Option<&Keep>) -> Vec<usize> {
    let edges = ch_edges(w, &w.edge_times(f64::INFINITY));
    let build = || fast_paths::get_node_ordering(&fast_paths::prepare(&ch_input(&edges)));
    match keep {
        Some(k) => k.order(w.node_count(), &edges, build),
        None => build(),
    }
}

/// A hierarchy's input: every edge as (from, to, ms), in the adjacency
/// arrays' order. Edge times are at least 1 ms (world::edge_ms), as the
/// hierarchy requires; parallel edges keep the fastest (fast_paths).
fn ch_edges(w: &World, edge_ms: &[u32]) -> Vec<(u32, u32, u32)> {
    let mut edges = Vec::with_capacity(edge_ms.len());
    for u in 0..w.node_count() as u32 {
        let range = w.adj_range(u);
        for (a, &ms) in w.neighbours(u).iter().zip(&edge_ms[range]) {
            edges.push((u, a.to, ms));
        }
    }
    edges
}

fn ch_input(edges: &[(u32, u32, u32)]) -> fast_paths::InputGraph {
    let mut g = fast_paths::InputGraph::new();
    for &(u, v, ms) in edges {
        g.add_edge(u as usize, v as usize, ms as usize);
    }
    g.freeze();
    g
}

/// Straight-line distance between two nodes (the world's coordinates).
fn dist(w: &World, a: u32, b: u32) -> f64 {
    let (p, q) = (w.xy[a as usize], w.xy[b as usize]);
    (p[0] - q[0]).hypot(p[1] - q[1])
}

impl TravelTable {
    /// A lower bound (ms) on the travel time from `a` to `b`: every edge
    /// takes at least `lb_ms_per_m` × its end nodes' distance, and a path is
    /// at least as long as the straight line (triangle inequality); a
    /// relative margin absorbs rounding.
    fn lower_bound(&self, w: &World, a: u32, b: u32) -> u32 {
        let t = dist(w, a, b) * self.lb_ms_per_m * (1.0 - 1e-9) - 1.0;
        if t > 0.0 { t as u32 } else { 0 }
    }

    /// The table at `speed_kmh`: full, or a hierarchy contracted in the
    /// network's canonical node order (`canonical_order`, computed here).
    pub fn new(w: &World, speed_kmh: f64, full: bool) -> Self {
        let order = (!full).then(|| canonical_order(w));
        TravelTable::new_ordered(w, speed_kmh, full, order.as_deref())
    }

    /// As [`TravelTable::new`], the hierarchy contracted in `order` (a
    /// permutation of the nodes; `canonical_order`, shared by every speed
    /// of one network). Any order gives exact shortest times: contraction
    /// adds a shortcut wherever a witness search cannot prove one
    /// unnecessary, whatever the order, and a query meets every shortest
    /// path at its highest node. The order only decides how many shortcuts
    /// there are (preparation and query time) and which of equally fast
    /// paths a query returns.
    pub fn new_ordered(w: &World, speed_kmh: f64, full: bool, order: Option<&[usize]>) -> Self {
        TravelTable::new_kept(w, speed_kmh, full, order, None)
    }

    /// As [`TravelTable::new_ordered`], the hierarchy taken from (or kept
    /// in) `keep` when given: the same hierarchy, bit for bit.
    pub(super) fn new_kept(
        w: &World,
        speed_kmh: f64,
        full: bool,
        order: Option<&[usize]>,
        keep: Option<&Keep>,
    ) -> Self {
        let n = w.node_count();
        let edge_ms = w.edge_times(speed_kmh);
        let full = full.then(|| {
            let mut t = vec![0u32; n * n];
            let one = |heap: &mut BinaryHeap<Reverse<u64>>, (src, row): (usize, &mut [u32])| {
                dijkstra(w, &edge_ms, src as u32, row, heap)
            };
            if n >= 1000 {
                t.par_chunks_mut(n)
                    .enumerate()
                    .for_each_init(BinaryHeap::new, one);
            } else {
                // Small: not worth waking the thread pool.
                let mut heap = BinaryHeap::new();
                t.chunks_mut(n).enumerate().for_each(|x| one(&mut heap, x));
            }
            t
        });
        let ch = full.is_none().then(|| {
            let edges = ch_edges(w, &edge_ms);
            let settle = ORDER_WITNESS_SETTLE;
            match (order, keep) {
                (Some(o), Some(k)) => {
                    k.hierarchy(n, &edges, o, settle, || prepare_in_order(&edges, o, settle))
                }
                (Some(o), None) => prepare_in_order(&edges, o, settle),
                (None, _) => fast_paths::prepare(&ch_input(&edges)),
            }
        });
        let mut lb_ms_per_m = f64::INFINITY;
        for u in 0..n as u32 {
            let range = w.adj_range(u);
            for (a, &ms) in w.neighbours(u).iter().zip(&edge_ms[range]) {
                let d = dist(w, u, a.to);
                if d > 0.0 {
                    lb_ms_per_m = lb_ms_per_m.min(ms as f64 / d);
                }
            }
        }
        let (mut lo, mut hi) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in &w.xy {
            for k in 0..2 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        let area = (hi[0] - lo[0]).max(1.0) * (hi[1] - lo[1]).max(1.0);
        let searched = ch.is_some();
        let out = if searched {
            Packed::new(w, &edge_ms, true)
        } else {
            Packed::default()
        };
        let into = (searched && !w.is_symmetric()).then(|| Packed::new(w, &edge_ms, false));
        TravelTable {
            out,
            into,
            n,
            speed_kmh,
            full,
            edge_ms,
            ch,
            nodes_per_m2: n as f64 / area,
            lb_ms_per_m: if lb_ms_per_m.is_finite() {
                lb_ms_per_m
            } else {
                0.0
            },
        }
    }

    /// Time (ms) of the fastest edge from `a` to its neighbour `b`.
    fn edge_time(&self, w: &World, a: u32, b: u32) -> u32 {
        let range = w.adj_range(a);
        w.neighbours(a)
            .iter()
            .zip(&self.edge_ms[range])
            .filter(|(x, _)| x.to == b)
            .map(|(_, &ms)| ms)
            .min()
            .expect("consecutive path nodes are neighbours")
    }

    /// Times from every node to `to`, when the full table exists.
    #[inline]
    pub fn full_row(&self, to: u32) -> Option<&[u32]> {
        self.full
            .as_ref()
            .map(|t| &t[to as usize * self.n..(to as usize + 1) * self.n])
    }

    pub fn is_full(&self) -> bool {
        self.full.is_some()
    }

    /// Edges into `u` as (from, ms) (the searches' reverse graph; on a
    /// two-way network the edges out, the same roads the other way).
    #[inline]
    fn edges_in(&self, u: u32) -> &[(u32, u32)] {
        self.into.as_ref().unwrap_or(&self.out).of(u)
    }
}

/// One node of a cached route: the next node toward the destination, the
/// time of the edge to it and the time left to the destination.
#[derive(Clone, Copy)]
struct Step {
    next: u32,
    ms: u32,
    left: u32,
}

/// Travel-time queries for one simulation (holds the on-demand caches).
pub struct Router {
    table: Arc<TravelTable>,
    cache: HashMap<u32, Box<[u32]>>,
    order: VecDeque<u32>,
    capacity: usize,
    heap: BinaryHeap<Reverse<u64>>,
    /// Hierarchy queries (networks without a full table).
    calc: Option<fast_paths::PathCalculator>,
    /// Route cache: `(from, to)` → the step from `from` on a shortest path
    /// to `to`. Every cached step's next node has its own step to the same
    /// destination (or is it), so a walk that starts on a cached node
    /// follows one stored path; cleared whole when full.
    routes: route_table::RouteTable,
    routes_max: usize,
    /// The last paths computed for `time` (a trip's candidates), so the
    /// one chosen is not searched for again when the trip starts.
    recent: VecDeque<(u32, u32, fast_paths::ShortestPath)>,
    /// The bounded searches' labels per node (`travel_search.rs`): valid
    /// where `stamp` equals `generation`, so no O(nodes) reset per search;
    /// a node's time, stamp and neighbour on the search tree side by side
    /// (one cache line per node touched). `path`: a buffer.
    slots: Vec<Slot>,
    generation: u32,
    path: Vec<u32>,
    path_times: Vec<u32>,
    /// Kept balls (`travel_search.rs`, `local_nearest_kept`): around a node
    /// offenders' next stops are searched from a second time (a home, a
    /// place near it), the nodes nearest it by time, with their times and
    /// search-tree predecessors, so later searches from there are lookups.
    /// Per node: its ball (`[radius, k, nodes…, times…, predecessors…]`)
    /// and whether a search started there before; `ball_words` in all.
    balls: Vec<Option<Box<[u32]>>>,
    searched_from: Vec<bool>,
    ball_words: usize,
    /// `LOCAL_GUESS` and `LOCAL_SETTLE_MAX` (tests set others).
    local_guess: f64,
    local_settle_max: usize,
    /// Habitual destinations (offenders' homes, exits, units' posts): a
    /// route-cache miss toward one grows a backward search tree from it and
    /// stores every settled node's step, so later trips there from
    /// anywhere inside the tree cost no search (`grow_tree`).
    habitual: Vec<bool>,
    /// `nearest_source`'s sources by node: each node's first source and
    /// the stamp that makes it valid, and each source's next at its node.
    src_at_node: Vec<(u32, u32)>,
    src_next: Vec<u32>,
    src_generation: u32,
    /// Counters for the bench: hops, hierarchy path queries, trees grown,
    /// route-cache clears, bounded searches and the nodes they settled.
    pub stats: RouterStats,
}

/// What a router did (for `examples/scale_run` and tests).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RouterStats {
    pub ch_queries: u64,
    pub trees: u64,
    pub tree_nodes: u64,
    pub clears: u64,
    /// `next_hop` calls (hops walked, both engines).
    pub hops: u64,
    /// Bounded searches above the full-table limit and the nodes they
    /// settled: forward (an offender's nearest candidate stop; a search
    /// that gives up counts the node past its limit; since kept balls,
    /// neither the questions answered from a ball nor the nodes settled
    /// to make one) and backward (trees toward habitual destinations,
    /// dispatch).
    pub forward_searches: u64,
    pub forward_settled: u64,
    /// Forward searches answered from a kept ball instead, and the balls
    /// kept (made or grown) with the nodes they settled.
    pub forward_kept: u64,
    pub balls: u64,
    pub ball_nodes: u64,
    pub backward_searches: u64,
    pub backward_settled: u64,
}

/// A node's label in a bounded search: time from or to the search's
/// origin, the generation that wrote it, and the node before it on the
/// search tree (forward: its predecessor; backward: its successor toward
/// the origin).
#[derive(Clone, Copy, Default)]
struct Slot {
    dist: u32,
    stamp: u32,
    par: u32,
}

/// Paths kept for `time` queries that may start a trip.
const RECENT_PATHS: usize = 8;

/// `nearest_of` tries a local Dijkstra when about this many nodes lie
/// within the straight-line distance of the nearest candidate, and gives
/// up (querying the hierarchy) after settling `LOCAL_SETTLE_MAX`.
const LOCAL_GUESS: f64 = 400.0;
const LOCAL_SETTLE_MAX: usize = 3_000;

/// A kept ball first holds this many nodes and grows by `BALL_GROW` when a
/// search's nearest candidate lies outside it, while it stays within
/// `LOCAL_SETTLE_MAX` (64, 256, 1,024 nodes); a router keeps at most
/// `BALL_WORDS_MAX` words (4 B each, 64 MB) of balls, then searches as
/// before. On the 58k-node city (6 days) 93 % of the forward searches
/// settled at most 128 nodes, 99.9 % at most 512, and 91 % started at a
/// node searched from before (docs/performance.md, "Kept balls").
const BALL_FIRST: usize = 64;
const BALL_GROW: usize = 4;
const BALL_WORDS_MAX: usize = 16 << 20;

/// The route cache holds at most `ROUTES_PER_NODE` steps per network node
/// and at least `ROUTES_MIN` (a step and its key take a 20 B slot of a
/// table kept a quarter to half full, 40–80 B a step; clearing it writes
/// every slot, rare since the cap is generous): room for every offender's tree home
/// (tens of nodes each, offenders in proportion to nodes) besides the
/// trips' paths, so a city's cache is seldom cleared.
const ROUTES_PER_NODE: usize = 64;
const ROUTES_MIN: usize = 2_000_000;

/// `grow_tree` tries a backward search when about this many nodes lie
/// within the straight-line distance between the trip's ends (a habitual
/// trip is short: stops are drawn near home, posts lie in the unit's
/// jurisdiction).
const TREE_GUESS: f64 = 1_500.0;

impl Router {
    pub fn new(table: Arc<TravelTable>) -> Self {
        // At most ~64 MB of cached rows.
        let capacity = (16_000_000 / table.n.max(1)).max(8);
        let calc = table.ch.as_ref().map(fast_paths::create_calculator);
        let table_n = table.n;
        Router {
            table,
            cache: HashMap::new(),
            order: VecDeque::new(),
            capacity,
            heap: BinaryHeap::new(),
            calc,
            routes: route_table::RouteTable::default(),
            routes_max: ROUTES_PER_NODE.saturating_mul(table_n).max(ROUTES_MIN),
            recent: VecDeque::with_capacity(RECENT_PATHS),
            slots: Vec::new(),
            generation: 0,
            path: Vec::new(),
            path_times: Vec::new(),
            balls: Vec::new(),
            searched_from: Vec::new(),
            ball_words: 0,
            local_guess: LOCAL_GUESS,
            local_settle_max: LOCAL_SETTLE_MAX,
            habitual: Vec::new(),
            src_at_node: Vec::new(),
            src_next: Vec::new(),
            src_generation: 0,
            stats: RouterStats::default(),
        }
    }

    /// Marks `node` as a habitual destination (a home, a post, an exit):
    /// above the full-table limit a trip there that finds no cached route
    /// grows a search tree from it (`grow_tree`); with full tables nothing
    /// changes. Idempotent.
    pub fn mark_habitual(&mut self, node: u32) {
        if self.table.full.is_some() {
            return;
        }
        if self.habitual.len() != self.table.n {
            self.habitual = vec![false; self.table.n];
        }
        self.habitual[node as usize] = true;
    }

    #[inline]
    fn is_habitual(&self, node: u32) -> bool {
        self.habitual.get(node as usize).copied().unwrap_or(false)
    }

    pub fn speed_kmh(&self) -> f64 {
        self.table.speed_kmh
    }

    /// Shortest travel time (ms) between two nodes, for the start of a trip:
    /// on networks without a full table the path is computed with it and
    /// cached, so the trip's hops (`next_hop`) cost no further search.
    #[inline]
    pub fn time(&mut self, w: &World, from: u32, to: u32) -> u32 {
        if let Some(t) = &self.table.full {
            return t[to as usize * self.table.n + from as usize];
        }
        if from == to {
            return 0;
        }
        if let Some(s) = self.routes.get(from, to) {
            return s.left;
        }
        if let Some(row) = self.cache.get(&to) {
            return row[from as usize];
        }
        if let Some((_, _, p)) = self.recent.iter().find(|r| r.0 == from && r.1 == to) {
            return p.get_weight() as u32;
        }
        if self.is_habitual(to) && self.grow_tree(w, from, to) {
            return self.routes.get(from, to).expect("a tree step").left;
        }
        let p = self.search(from, to);
        let t = p.get_weight() as u32;
        if self.recent.len() == RECENT_PATHS {
            self.recent.pop_front();
        }
        self.recent.push_back((from, to, p));
        t
    }

    /// One hierarchy query for the path from `from` to `to`.
    fn search(&mut self, from: u32, to: u32) -> fast_paths::ShortestPath {
        let ch = self
            .table
            .ch
            .as_ref()
            .expect("a hierarchy without a full table");
        let calc = self.calc.as_mut().expect("a path calculator");
        self.stats.ch_queries += 1;
        calc.calc_path(ch, from as usize, to as usize)
            .expect("the road network is connected")
    }

    /// Shortest travel time (ms) from `from` to `to` when many sources are
    /// asked about one destination (units that could pre-empt a call): one
    /// Dijkstra row per destination, cached, on networks without a full
    /// table.
    #[inline]
    pub fn time_to(&mut self, w: &World, from: u32, to: u32) -> u32 {
        if let Some(t) = &self.table.full {
            return t[to as usize * self.table.n + from as usize];
        }
        self.row(w, to)[from as usize]
    }

    /// The candidate nearest to `from` and its time (ties: lowest node),
    /// exactly as the minimum of `(time, node)` over all candidates. Above
    /// the full-table limit, candidates are searched in order of a
    /// straight-line lower bound, and those whose bound already exceeds the
    /// best found are skipped without a query.
    pub fn nearest_of(&mut self, w: &World, from: u32, cands: &[u32]) -> (u32, u32) {
        let mut best = (u32::MAX, u32::MAX);
        if self.table.full.is_some() {
            for &c in cands {
                best = best.min((self.time(w, from, c), c));
            }
            return best;
        }
        // Candidates close by (an offender's local places): one forward
        // Dijkstra from `from` that stops past the first candidate settled
        // (after the nodes tying with it), or, from a node searched from
        // before, lookups in its kept ball (the same answer and path);
        // cheaper than a hierarchy query per candidate.
        let near = cands
            .iter()
            .map(|&c| dist(w, from, c))
            .fold(f64::MAX, f64::min);
        if near * near * std::f64::consts::PI * self.table.nodes_per_m2 <= self.local_guess
            && let Some(best) = self.local_nearest_kept(from, cands)
        {
            return best;
        }
        let mut order: Vec<(u32, u32)> = cands
            .iter()
            .map(|&c| (self.table.lower_bound(w, from, c), c))
            .collect();
        order.sort_unstable();
        for (lb, c) in order {
            // (time, c) >= (lb, c) > best: cannot win.
            if (lb, c) > best {
                continue;
            }
            best = best.min((self.time(w, from, c), c));
        }
        best
    }

    /// Room in the route cache for a path of `len` nodes (the table grows
    /// as steps are stored; cleared whole when full).
    fn make_room(&mut self, len: usize) {
        if self.routes.len() + len > self.routes_max {
            self.stats.clears += 1;
            self.routes.clear();
        }
    }

    fn row(&mut self, w: &World, to: u32) -> &[u32] {
        if !self.cache.contains_key(&to) {
            if self.order.len() >= self.capacity
                && let Some(old) = self.order.pop_front()
            {
                self.cache.remove(&old);
            }
            let mut row = vec![0u32; self.table.n].into_boxed_slice();
            dijkstra(w, &self.table.edge_ms, to, &mut row, &mut self.heap);
            self.cache.insert(to, row);
            self.order.push_back(to);
        }
        &self.cache[&to]
    }

    /// The cached step from `from` toward `to` (`from != to`), computing
    /// and caching the whole path by one hierarchy query when missing.
    fn route(&mut self, w: &World, from: u32, to: u32) -> Step {
        if let Some(s) = self.routes.get(from, to) {
            return s;
        }
        if self.is_habitual(to) && self.grow_tree(w, from, to) {
            return self.routes.get(from, to).expect("a tree step");
        }
        let path = match self.recent.iter().position(|r| r.0 == from && r.1 == to) {
            Some(i) => self.recent.remove(i).expect("a recent path").2,
            None => self.search(from, to),
        };
        self.make_room(path.get_nodes().len());
        let table = &*self.table;
        let nodes = path.get_nodes();
        let mut left = path.get_weight() as u32;
        for pair in nodes.windows(2) {
            let (a, b) = (pair[0] as u32, pair[1] as u32);
            let ms = table.edge_time(w, a, b);
            if self
                .routes
                .insert_new(a, to, Step { next: b, ms, left })
                .is_err()
            {
                break; // the rest of the way is cached already: keep that path
            }
            left -= ms;
        }
        self.routes.get(from, to).expect("a stored step")
    }

    /// The next node on a shortest path from `from` to `to` (`from != to`)
    /// and the time of the edge to it. With a full table: the first
    /// neighbour, in adjacency order, on a shortest path. Otherwise: the
    /// next node of the cached route, the hierarchy's path when none is.
    #[inline]
    pub fn next_hop(&mut self, w: &World, from: u32, to: u32) -> (u32, u32) {
        self.stats.hops += 1;
        let n = self.table.n;
        let Some(t) = &self.table.full else {
            let s = self.route(w, from, to);
            return (s.next, s.ms);
        };
        let table = &*self.table;
        let row: &[u32] = &t[to as usize * n..(to as usize + 1) * n];
        let total = row[from as usize];
        let range = w.adj_range(from);
        let mut best = (u32::MAX, u32::MAX, u32::MAX);
        for (a, &ms) in w.neighbours(from).iter().zip(&table.edge_ms[range]) {
            let via = ms.saturating_add(row[a.to as usize]);
            if via == total {
                return (a.to, ms);
            }
            best = best.min((via, a.to, ms));
        }
        (best.1, best.2)
    }
}

#[path = "route_table.rs"]
mod route_table;
#[path = "travel_search.rs"]
mod search;

#[cfg(test)]
#[path = "travel_directed_tests.rs"]
mod directed_tests;

#[cfg(test)]
#[path = "travel_tests.rs"]
mod tests;
