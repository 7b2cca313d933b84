//! The road graph's adjacency arrays (each node's edges out; on one-way
//! roads also its edges in) and the check that every node is reachable
//! from node 0 and, on one-way roads, can get back to it.

use super::Adj;
use super::layout::EdgeRow;
use super::refs::node_name;
use crate::scenario::{Origins, Problem, RoadClass};

/// The adjacency arrays of a road graph (compressed rows).
pub(super) struct Graph {
    pub adj_start: Vec<u32>,
    pub adj: Vec<Adj>,
    /// Edges into each node, as (from, index into `adj`), when directed.
    pub radj_start: Vec<u32>,
    pub radj: Vec<(u32, u32)>,
}

/// The arrays of `n` nodes joined by `edges` (each a road both ways unless
/// `directed`).
pub(super) fn build(n: usize, edges: &[EdgeRow], directed: bool) -> Graph {
    let mut degree = vec![0u32; n + 1];
    for &(a, b, _, _, _) in edges {
        degree[a as usize] += 1;
        if !directed {
            degree[b as usize] += 1;
        }
    }
    let mut adj_start = vec![0u32; n + 1];
    for i in 0..n {
        adj_start[i + 1] = adj_start[i] + degree[i];
    }
    let mut fill = adj_start.clone();
    let mut adj = vec![
        Adj {
            to: 0,
            length_m: 0.0,
            class: RoadClass::Local,
            limit_kmh: 0.0,
            to_jur: u16::MAX,
        };
        adj_start[n] as usize
    ];
    for &(a, b, len, class, limit_kmh) in edges {
        let pairs = if directed {
            &[(a, b)][..]
        } else {
            &[(a, b), (b, a)][..]
        };
        for &(x, y) in pairs {
            adj[fill[x as usize] as usize] = Adj {
                to: y,
                length_m: len as f32,
                class,
                limit_kmh,
                to_jur: u16::MAX, // set once the jurisdictions are known
            };
            fill[x as usize] += 1;
        }
    }
    // Edges into each node, for searches toward a node on one-way roads.
    let (mut radj_start, mut radj) = (vec![], vec![]);
    if directed {
        radj_start = vec![0u32; n + 1];
        for a in &adj {
            radj_start[a.to as usize + 1] += 1;
        }
        for i in 0..n {
            radj_start[i + 1] += radj_start[i];
        }
        let mut rfill = radj_start.clone();
        radj = vec![(0u32, 0u32); adj.len()];
        for u in 0..n {
            for k in adj_start[u]..adj_start[u + 1] {
                let v = adj[k as usize].to as usize;
                radj[rfill[v] as usize] = (u as u32, k);
                rfill[v] += 1;
            }
        }
    }

    Graph {
        adj_start,
        adj,
        radj_start,
        radj,
    }
}

/// A problem at `network.edges` when some node cannot be reached from node
/// 0 (or, on one-way roads, cannot get back to it).
pub(super) fn check_connected(
    g: &Graph,
    directed: bool,
    grid: Option<(u32, u32)>,
    o: &Origins,
    problems: &mut Vec<Problem>,
) {
    let Graph {
        adj_start,
        adj,
        radj_start,
        radj,
    } = g;
    let n = adj_start.len() - 1;
    let mut seen = vec![false; n];
    let mut stack = vec![0u32];
    seen[0] = true;
    while let Some(u) = stack.pop() {
        for a in &adj[adj_start[u as usize] as usize..adj_start[u as usize + 1] as usize] {
            if !seen[a.to as usize] {
                seen[a.to as usize] = true;
                stack.push(a.to);
            }
        }
    }
    if directed {
        let mut back = vec![false; n];
        let mut stack = vec![0u32];
        back[0] = true;
        while let Some(u) = stack.pop() {
            for &(f, _) in
                &radj[radj_start[u as usize] as usize..radj_start[u as usize + 1] as usize]
            {
                if !back[f as usize] {
                    back[f as usize] = true;
                    stack.push(f);
                }
            }
        }
        for i in 0..n {
            seen[i] &= back[i];
        }
    }
    let cut: Vec<usize> = (0..n).filter(|&i| !seen[i]).collect();
    if !cut.is_empty() {
        let eg: Vec<String> = cut
            .iter()
            .take(8)
            .map(|i| node_name(*i as u32, grid))
            .collect();
        problems.push(o.problem(
            "network.edges",
            format!(
                "the road network is not connected: {} of {n} nodes cannot be reached from node 0{} (e.g. {}{}); every node must be reachable by road",
                cut.len(),
                if directed { " or cannot get back to it (one-way roads)" } else { "" },
                eg.join(", "),
                if cut.len() > 8 { ", …" } else { "" }
            ),
        ));
    }
}
