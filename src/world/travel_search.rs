//! The router's bounded Dijkstra searches above the full-table limit, all
//! one search (`dijkstra_from`, forward or backward, with a visitor that
//! decides where to stop): backward from a destination for the trees grown
//! toward habitual destinations (`grow_tree`) and for dispatch's nearest
//! unit (`nearest_source`), forward for an offender's nearest candidate stop
//! (`local_nearest`) and for the kept balls that answer it again from the
//! same node (`local_nearest_kept`). Each keeps its winner's path (the
//! search tree's) in the route cache for the trip that follows. The
//! searches read the table's packed edges and one label per node (`Slot`),
//! so a node touched costs few cache lines.

use super::{BALL_FIRST, BALL_GROW, BALL_WORDS_MAX, Router, Slot, Step, TREE_GUESS, World, dist};
use std::cmp::Reverse;

/// The end of a node's list of sources (`nearest_source`).
const NO_SOURCE: u32 = u32::MAX;

/// What a search (`Router::dijkstra_from`) does with a node it is about to
/// settle.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    /// End the search; the node is not settled.
    Stop,
    /// Settle it, relax its edges (out of it forward, into it backward),
    /// go on.
    Settle,
    /// Settle it and end the search.
    Last,
}

impl Router {
    /// Labels valid where `stamp` equals a new generation (no O(nodes)
    /// reset per search).
    fn fresh_generation(&mut self) -> u32 {
        let n = self.table.n;
        if self.slots.len() != n {
            self.slots = vec![Slot::default(); n];
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.slots.iter_mut().for_each(|s| s.stamp = 0);
            self.generation = 1;
        }
        self.generation
    }

    /// One Dijkstra from `origin`, forward along the edges out of each node
    /// (`FORWARD`) or backward along the edges into it (so one-way roads
    /// count the right way): nodes come out in order of their time from
    /// (to) `origin`, equal times lowest node first, and `visit(u, time,
    /// par)` decides, for each, whether to stop before settling it, settle
    /// it and go on, or settle it and stop. A settled node's `dist` is its
    /// shortest time and its `par` the node before it on the search tree
    /// (forward: its predecessor; backward: its next node toward `origin`),
    /// the first settled of its tied neighbours, settled before it.
    /// Returns the number of nodes settled.
    fn dijkstra_from<const FORWARD: bool>(
        &mut self,
        origin: u32,
        mut visit: impl FnMut(u32, u32, u32) -> Visit,
    ) -> u64 {
        let g = self.fresh_generation();
        let (slots, heap, table) = (&mut self.slots, &mut self.heap, &*self.table);
        heap.clear();
        slots[origin as usize] = Slot {
            dist: 0,
            stamp: g,
            par: origin,
        };
        heap.push(Reverse(origin as u64));
        let mut settled = 0;
        while let Some(Reverse(k)) = heap.pop() {
            let d = (k >> 32) as u32;
            let u = k as u32;
            if d > slots[u as usize].dist {
                continue;
            }
            let v = visit(u, d, slots[u as usize].par);
            settled += (v != Visit::Stop) as u64;
            if v != Visit::Settle {
                break; // `Stop`, or `Last` (settled, nothing to relax)
            }
            let edges = if FORWARD {
                table.out.of(u)
            } else {
                table.edges_in(u)
            };
            for &(x, ms) in edges {
                let s = &mut slots[x as usize];
                let nd = d.saturating_add(ms);
                if s.stamp != g || nd < s.dist {
                    *s = Slot {
                        dist: nd,
                        stamp: g,
                        par: u,
                    };
                    heap.push(Reverse(((nd as u64) << 32) | x as u64));
                }
            }
        }
        settled
    }

    /// `dijkstra_from` backward from `to`: `visit(u, time)`, each node's `par`
    /// its next node toward `to`.
    fn backward(&mut self, to: u32, mut visit: impl FnMut(u32, u32) -> Visit) {
        let settled = self.dijkstra_from::<false>(to, |u, d, _| visit(u, d));
        self.stats.backward_searches += 1;
        self.stats.backward_settled += settled;
    }

    /// The route to a habitual destination `to` from `from`, by one
    /// backward search from `to` (`backward`) until `from` is settled;
    /// every settled node's step (its successor in the search tree, the
    /// edge's time, the time left) goes into the route cache unless the
    /// node already has one toward `to` (kept, as for every cached path).
    /// Exact: a settled node's time is its shortest time to `to`, and its
    /// successor is settled before it, so each stored step's next node has
    /// a step too. `false` (nothing stored) when `from` is farther than the
    /// straight-line guess allows or the search would settle more than
    /// `local_settle_max` nodes: the caller then queries the hierarchy.
    pub(super) fn grow_tree(&mut self, w: &World, from: u32, to: u32) -> bool {
        let d = dist(w, from, to);
        if d * d * std::f64::consts::PI * self.table.nodes_per_m2 > TREE_GUESS {
            return false;
        }
        let mut settled = std::mem::take(&mut self.path);
        settled.clear();
        let max = self.local_settle_max;
        let mut found = false;
        self.backward(to, |u, _| {
            if settled.len() >= max {
                return Visit::Stop;
            }
            settled.push(u);
            if u == from {
                found = true;
                Visit::Last
            } else {
                Visit::Settle
            }
        });
        if found {
            self.make_room(settled.len());
            self.stats.trees += 1;
            self.stats.tree_nodes += settled.len() as u64;
            // Settled order: each node's successor is stored before it.
            for &u in &settled[1..] {
                let Slot { dist, par, .. } = self.slots[u as usize];
                let step = Step {
                    next: par,
                    ms: dist - self.slots[par as usize].dist,
                    left: dist,
                };
                self.routes.get_or_insert(u, to, step);
            }
        }
        self.path = settled;
        found
    }

    /// The source that reaches `to` first: the minimum over `sources`
    /// `(from, offset, id)` of `(offset + time(from, to), id)` (ties: lowest
    /// id), or `(u64::MAX, u32::MAX)` when there are none. Above the
    /// full-table limit, one backward search from `to` (`backward`) that
    /// stops once no source still unreached could tie the best found,
    /// instead of a query per source.
    pub fn nearest_source(
        &mut self,
        w: &World,
        to: u32,
        sources: &[(u32, u64, u32)],
    ) -> (u64, u32) {
        let mut best = (u64::MAX, u32::MAX);
        if sources.is_empty() {
            return best;
        }
        if self.table.full.is_some() {
            for &(from, off, id) in sources {
                best = best.min((off + self.time(w, from, to) as u64, id));
            }
            return best;
        }
        let min_off = sources.iter().map(|s| s.1).min().expect("a source");
        // The sources at each node as a list threaded through `at_next`
        // (head in `at_node`, valid where its stamp is this search's), so
        // a settled node finds its sources without sorting or searching.
        let (mut at_node, mut at_next) = (
            std::mem::take(&mut self.src_at_node),
            std::mem::take(&mut self.src_next),
        );
        if at_node.len() != self.table.n {
            at_node = vec![(0, 0); self.table.n];
        }
        self.src_generation = self.src_generation.wrapping_add(1);
        if self.src_generation == 0 {
            at_node.iter_mut().for_each(|h| h.0 = 0);
            self.src_generation = 1;
        }
        let g = self.src_generation;
        at_next.clear();
        for (i, &(from, _, _)) in sources.iter().enumerate() {
            let head = &mut at_node[from as usize];
            at_next.push(if head.0 == g { head.1 } else { NO_SOURCE });
            *head = (g, i as u32);
        }
        let mut best_node = u32::MAX;
        self.backward(to, |u, d| {
            if d as u64 + min_off > best.0 {
                return Visit::Stop; // every source still unreached arrives later
            }
            let (stamp, mut i) = at_node[u as usize];
            if stamp == g {
                // Each source is a unit, listed once: the minimum over
                // (arrival, id) does not depend on the order they are met.
                while i != NO_SOURCE {
                    let (_, off, id) = sources[i as usize];
                    if (off + d as u64, id) < best {
                        best = (off + d as u64, id);
                        best_node = u;
                    }
                    i = at_next[i as usize];
                }
            }
            Visit::Settle
        });
        self.src_at_node = at_node;
        self.src_next = at_next;
        if best_node != u32::MAX && best_node != to {
            self.store_tree_path(best_node, to);
        }
        best
    }

    /// Stores the path from `from` to `to` of the last backward search
    /// from `to` (each settled node's `par`: its successor toward `to`,
    /// `dist`: its time to `to`) in the route cache, for the trip that
    /// follows (the unit sent); where a node already has a step toward
    /// `to`, the rest of the way is that stored path.
    fn store_tree_path(&mut self, from: u32, to: u32) {
        let mut len = 1;
        let mut v = from;
        while v != to {
            v = self.slots[v as usize].par;
            len += 1;
        }
        self.make_room(len);
        let mut a = from;
        while a != to {
            let Slot { dist, par, .. } = self.slots[a as usize];
            let step = Step {
                next: par,
                ms: dist - self.slots[par as usize].dist,
                left: dist,
            };
            if self.routes.get_or_insert(a, to, step).next != par {
                break;
            }
            a = par;
        }
    }

    /// `nearest_of` by a forward Dijkstra from `from` along the edges out
    /// of each node: the minimum over candidates of (time, node), exact,
    /// since every node at a time up to the best found is settled before
    /// the search stops; `None` when it would settle more than
    /// `local_settle_max` nodes (the caller then queries the hierarchy).
    /// The path to the winner (the search tree's: each node's first settled
    /// predecessor) goes into the route cache, for the trip that follows.
    pub(super) fn local_nearest(&mut self, from: u32, cands: &[u32]) -> Option<(u32, u32)> {
        let max = self.local_settle_max;
        let mut best = (u32::MAX, u32::MAX);
        let (mut n, mut gave_up) = (0, false);
        let settled = self.dijkstra_from::<true>(from, |u, d, _| {
            if d > best.0 {
                return Visit::Stop; // every candidate unsettled is farther
            }
            if cands.contains(&u) {
                best = best.min((d, u));
            }
            n += 1;
            if n > max {
                gave_up = true; // counted: the node past the limit
                return Visit::Last;
            }
            Visit::Settle
        });
        self.stats.forward_searches += 1;
        self.stats.forward_settled += settled;
        if gave_up {
            return None;
        }
        if best.1 != u32::MAX && best.1 != from {
            let slots = std::mem::take(&mut self.slots);
            self.store_forward_path(from, best.1, |v| {
                let s = slots[v as usize];
                (s.par, s.dist)
            });
            self.slots = slots;
        }
        Some(best)
    }

    /// Stores the path from `from` to `to` found by a forward search in the
    /// route cache: `label(v)` is each node's predecessor on the search
    /// tree and its time from `from`. Where a node already has a step
    /// toward `to`, the rest of the way is that stored path.
    fn store_forward_path(&mut self, from: u32, to: u32, label: impl Fn(u32) -> (u32, u32)) {
        let mut nodes = std::mem::take(&mut self.path);
        let mut times = std::mem::take(&mut self.path_times);
        nodes.clear();
        times.clear();
        let mut v = to;
        loop {
            let (par, t) = label(v);
            nodes.push(v);
            times.push(t);
            if v == from {
                break;
            }
            v = par;
        }
        nodes.reverse();
        times.reverse();
        let total = times[times.len() - 1];
        self.make_room(nodes.len());
        for i in 1..nodes.len() {
            let (a, b) = (nodes[i - 1], nodes[i]);
            let step = Step {
                next: b,
                ms: times[i] - times[i - 1],
                left: total - times[i - 1],
            };
            if self.routes.get_or_insert(a, to, step).next != b {
                break; // the rest of the way is cached already: keep that path
            }
        }
        self.path = nodes;
        self.path_times = times;
    }

    /// `local_nearest`, the same answer and the same path stored, from a
    /// kept ball around `from` once a search has started there before.
    /// A ball is the first `k` nodes the search settles, in its order
    /// (time, then node): every node within `radius` (one below the time of
    /// the next node it would settle; every reachable node when it ran
    /// out), each with the time and tree predecessor the search gives it
    /// (the first settled of its tied predecessors, whenever the search
    /// stops). The ball being a prefix of that order, the least (time,
    /// node) of the candidates in it is the least of all; when its time is
    /// within the radius, every node the search would settle before
    /// stopping (all within that time) is in the ball, no more than
    /// `k` ≤ `local_settle_max`, so the search would not have given up
    /// (a winner at the edge's time could have more nodes tying with it
    /// outside: the ball does not answer for it). Else the ball grows (by
    /// `BALL_GROW` while it stays within `local_settle_max`: 64, 256, 1,024
    /// nodes) or, past that or the memory budget, the search runs.
    pub(super) fn local_nearest_kept(&mut self, from: u32, cands: &[u32]) -> Option<(u32, u32)> {
        let n = self.table.n;
        if self.balls.len() != n {
            self.balls = vec![None; n];
            self.searched_from = vec![false; n];
        }
        let f = from as usize;
        let mut k = match &self.balls[f] {
            Some(ball) => ball[1] as usize,
            None => {
                let again = std::mem::replace(&mut self.searched_from[f], true);
                if !again {
                    return self.local_nearest(from, cands);
                }
                0
            }
        };
        loop {
            if k > 0
                && let Some(best) = self.answer_from_ball(from, cands)
            {
                self.stats.forward_kept += 1;
                return Some(best);
            }
            k = if k == 0 { BALL_FIRST } else { k * BALL_GROW };
            let words = 2 + 3 * k;
            let old = self.balls[f].as_ref().map_or(0, |b| b.len());
            if k > self.local_settle_max || self.ball_words - old + words > BALL_WORDS_MAX {
                return self.local_nearest(from, cands);
            }
            self.keep_ball(from, k);
        }
    }

    /// The nearest candidate from `from`'s kept ball when it lies within
    /// the ball's radius (its path stored as `local_nearest` stores it).
    fn answer_from_ball(&mut self, from: u32, cands: &[u32]) -> Option<(u32, u32)> {
        let balls = std::mem::take(&mut self.balls);
        let ball = balls[from as usize].as_deref().expect("a kept ball");
        let (radius, k) = (ball[0], ball[1] as usize);
        let (nodes, rest) = ball[2..].split_at(k);
        let (times, pars) = rest.split_at(k);
        let mut best = (u32::MAX, u32::MAX);
        for &c in cands {
            if let Ok(i) = nodes.binary_search(&c) {
                best = best.min((times[i], c));
            }
        }
        let found = best.0 <= radius;
        if found && best.1 != u32::MAX && best.1 != from {
            self.store_forward_path(from, best.1, |v| {
                let i = nodes
                    .binary_search(&v)
                    .expect("a predecessor within the radius");
                (pars[i], times[i])
            });
        }
        self.balls = balls;
        found.then_some(best)
    }

    /// Keeps the ball of the first `k` nodes a forward search from `from`
    /// settles (the search of `local_nearest`, without a stop rule).
    fn keep_ball(&mut self, from: u32, k: usize) {
        let mut got: Vec<(u32, u32, u32)> = Vec::with_capacity(k);
        let mut radius = u32::MAX; // every reachable node, unless cut
        self.dijkstra_from::<true>(from, |u, d, par| {
            if got.len() == k {
                radius = d - 1; // d > 0: only `from` has time 0
                return Visit::Stop;
            }
            got.push((u, d, par));
            Visit::Settle
        });
        got.sort_unstable();
        let k = got.len();
        let mut ball = vec![0u32; 2 + 3 * k];
        ball[0] = radius;
        ball[1] = k as u32;
        for (i, &(v, d, p)) in got.iter().enumerate() {
            ball[2 + i] = v;
            ball[2 + k + i] = d;
            ball[2 + 2 * k + i] = p;
        }
        let old = self.balls[from as usize].replace(ball.into_boxed_slice());
        self.ball_words = self.ball_words - old.map_or(0, |b| b.len()) + 2 + 3 * k;
        self.stats.balls += 1;
        self.stats.ball_nodes += k as u64;
    }
}
