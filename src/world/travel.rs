//! Shortest travel times on the road graph for one vehicle speed. Small
//! networks get a full node × node table, computed once in parallel and
//! shared by every replication; large ones (a real county has 10⁴–10⁵ nodes)
//! get rows computed on demand by Dijkstra and cached per simulation, so
//! memory never grows as N².

use super::World;
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
}

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
        let range = w.adj_range(u);
        for (a, &ms) in w.neighbours(u).iter().zip(&edge_ms[range]) {
            let nd = d.saturating_add(ms);
            if nd < dist[a.to as usize] {
                dist[a.to as usize] = nd;
                heap.push(Reverse(((nd as u64) << 32) | a.to as u64));
            }
        }
    }
}

impl TravelTable {
    pub fn new(w: &World, speed_kmh: f64, full: bool) -> Self {
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
        TravelTable {
            n,
            speed_kmh,
            full,
            edge_ms,
        }
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
}

/// Travel-time queries for one simulation (holds the on-demand row cache).
pub struct Router {
    table: Arc<TravelTable>,
    cache: HashMap<u32, Box<[u32]>>,
    order: VecDeque<u32>,
    capacity: usize,
    heap: BinaryHeap<Reverse<u64>>,
}

impl Router {
    pub fn new(table: Arc<TravelTable>) -> Self {
        // At most ~64 MB of cached rows.
        let capacity = (16_000_000 / table.n.max(1)).max(8);
        Router {
            table,
            cache: HashMap::new(),
            order: VecDeque::new(),
            capacity,
            heap: BinaryHeap::new(),
        }
    }

    pub fn speed_kmh(&self) -> f64 {
        self.table.speed_kmh
    }

    /// Shortest travel time (ms) between two nodes (roads are two-way).
    #[inline]
    pub fn time(&mut self, w: &World, from: u32, to: u32) -> u32 {
        if let Some(t) = &self.table.full {
            return t[to as usize * self.table.n + from as usize];
        }
        self.row(w, to)[from as usize]
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

    /// The next node on a shortest path from `from` to `to` (`from != to`)
    /// and the time (ms) of the edge to it.
    #[inline]
    pub fn next_hop(&mut self, w: &World, from: u32, to: u32) -> (u32, u32) {
        let n = self.table.n;
        if self.table.full.is_none() {
            self.row(w, to); // make sure the destination's row is cached
        }
        let table = &*self.table;
        let row: &[u32] = match &table.full {
            Some(t) => &t[to as usize * n..(to as usize + 1) * n],
            None => &self.cache[&to],
        };
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

#[cfg(test)]
mod tests {
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
}
