//! Road graphs read from a map (OpenStreetMap or GeoJSON), made fit to
//! drive on: projected to metres, directed (one-way streets one way), cut
//! to their largest strongly connected component (every node reachable
//! from every other), and with the nodes that only shape a road (one road
//! in, the same road out) merged away. The loaders are in `osm.rs`; this
//! file knows nothing of file formats.

use super::geo::Projection;
use crate::scenario::RoadClass;

/// A road segment between two map nodes, as read.
#[derive(Debug, Clone, Copy)]
pub struct Seg {
    pub a: u32,
    pub b: u32,
    pub class: RoadClass,
    /// Speed limit, km/h (tagged or the class default).
    pub limit_kmh: f32,
    /// Only from `a` to `b`.
    pub one_way: bool,
}

/// Segments between map nodes numbered 0.. in the order they were met.
#[derive(Debug, Default)]
pub struct RawRoads {
    pub lonlat: Vec<[f64; 2]>,
    pub segs: Vec<Seg>,
}

/// A directed road edge of the simplified graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub a: u32,
    pub b: u32,
    pub length_m: f64,
    pub class: RoadClass,
    pub limit_kmh: f32,
}

/// What import did to the map's roads.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct RoadReport {
    /// Map nodes on drivable roads.
    pub map_nodes: usize,
    /// Of them, outside the largest strongly connected component (dropped).
    pub dropped_nodes: usize,
    /// Of the rest, nodes that only shape a road (merged into its edges).
    pub merged_nodes: usize,
    /// Nodes of the network.
    pub nodes: usize,
    /// Directed edges of the network (a two-way road counts twice).
    pub edges: usize,
    /// Of them, edges with no edge back between the same two nodes
    /// (one-way roads).
    pub one_way_edges: usize,
}

impl RoadReport {
    /// Share of the map's road nodes in the largest strongly connected component.
    pub fn kept_share(&self) -> f64 {
        1.0 - self.dropped_nodes as f64 / self.map_nodes.max(1) as f64
    }
}

/// The network built from a map.
#[derive(Debug)]
pub struct Roads {
    pub proj: Projection,
    pub xy: Vec<[f64; 2]>,
    pub lonlat: Vec<[f64; 2]>,
    pub edges: Vec<Edge>,
    pub report: RoadReport,
}

/// Compressed adjacency (by source or by target) of directed edges.
struct Csr {
    start: Vec<u32>,
    idx: Vec<u32>,
}

fn csr(n: usize, edges: &[Edge], by_target: bool) -> Csr {
    let key = |e: &Edge| if by_target { e.b } else { e.a } as usize;
    let mut start = vec![0u32; n + 1];
    for e in edges {
        start[key(e) + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut idx = vec![0u32; edges.len()];
    for (i, e) in edges.iter().enumerate() {
        idx[fill[key(e)] as usize] = i as u32;
        fill[key(e)] += 1;
    }
    Csr { start, idx }
}

impl Csr {
    fn of(&self, v: u32) -> &[u32] {
        &self.idx[self.start[v as usize] as usize..self.start[v as usize + 1] as usize]
    }
}

/// Strongly connected component of each node (Kosaraju, iterative);
/// `u32::MAX` for nodes without edges.
fn components(n: usize, edges: &[Edge]) -> Vec<u32> {
    let out = csr(n, edges, false);
    let inn = csr(n, edges, true);
    let mut order = Vec::with_capacity(n);
    let mut seen = vec![false; n];
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for s in 0..n as u32 {
        if seen[s as usize] || out.of(s).is_empty() && inn.of(s).is_empty() {
            continue;
        }
        seen[s as usize] = true;
        stack.push((s, 0));
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            let list = out.of(v);
            if *k < list.len() {
                let w = edges[list[*k] as usize].b;
                *k += 1;
                if !seen[w as usize] {
                    seen[w as usize] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(v);
                stack.pop();
            }
        }
    }
    let mut comp = vec![u32::MAX; n];
    let mut c = 0u32;
    let mut todo = Vec::new();
    for &s in order.iter().rev() {
        if comp[s as usize] != u32::MAX {
            continue;
        }
        comp[s as usize] = c;
        todo.push(s);
        while let Some(v) = todo.pop() {
            for &e in inn.of(v) {
                let u = edges[e as usize].a;
                if comp[u as usize] == u32::MAX {
                    comp[u as usize] = c;
                    todo.push(u);
                }
            }
        }
        c += 1;
    }
    comp
}

/// Build the drivable network from raw map segments.
pub fn build(raw: RawRoads) -> Roads {
    let used: Vec<[f64; 2]> = {
        let mut on = vec![false; raw.lonlat.len()];
        for s in &raw.segs {
            on[s.a as usize] = true;
            on[s.b as usize] = true;
        }
        (0..raw.lonlat.len())
            .filter(|&i| on[i])
            .map(|i| raw.lonlat[i])
            .collect()
    };
    let proj = Projection::around(&used);
    let xy0: Vec<[f64; 2]> = raw.lonlat.iter().map(|&p| proj.to_xy(p)).collect();
    let n = raw.lonlat.len();
    let mut edges = Vec::with_capacity(raw.segs.len() * 2);
    for s in &raw.segs {
        if s.a == s.b {
            continue;
        }
        let (p, q) = (xy0[s.a as usize], xy0[s.b as usize]);
        // Two map nodes at one spot still make an edge a car can take.
        let length_m = (p[0] - q[0]).hypot(p[1] - q[1]).max(0.1);
        let e = Edge {
            a: s.a,
            b: s.b,
            length_m,
            class: s.class,
            limit_kmh: s.limit_kmh,
        };
        edges.push(e);
        if !s.one_way {
            edges.push(Edge {
                a: s.b,
                b: s.a,
                ..e
            });
        }
    }

    // The largest strongly connected component (ties: the one holding the
    // lowest node).
    let comp = components(n, &edges);
    let mut size: Vec<usize> = Vec::new();
    for &c in &comp {
        if c != u32::MAX {
            if size.len() <= c as usize {
                size.resize(c as usize + 1, 0);
            }
            size[c as usize] += 1;
        }
    }
    let map_nodes = used.len();
    let best = (0..n)
        .filter(|&i| comp[i] != u32::MAX)
        .max_by_key(|&i| (size[comp[i] as usize], std::cmp::Reverse(i)))
        .map(|i| comp[i]);
    let Some(best) = best else {
        return Roads {
            proj,
            xy: vec![],
            lonlat: vec![],
            edges: vec![],
            report: RoadReport {
                map_nodes,
                dropped_nodes: map_nodes,
                ..Default::default()
            },
        };
    };
    let keep: Vec<bool> = comp.iter().map(|&c| c == best).collect();
    edges.retain(|e| keep[e.a as usize] && keep[e.b as usize]);
    let in_scc = keep.iter().filter(|&&k| k).count();

    // Nodes that only shape a road: one road in and the same road on out
    // (two-way: exactly two neighbours, both ways, one kind of road; one-way:
    // one edge in, one edge out to another node, one kind of road).
    let out = csr(n, &edges, false);
    let inn = csr(n, &edges, true);
    let same = |x: &Edge, y: &Edge| x.class == y.class && x.limit_kmh == y.limit_kmh;
    let through: Vec<bool> = (0..n as u32)
        .map(|v| {
            if !keep[v as usize] {
                return false;
            }
            let (o, i) = (out.of(v), inn.of(v));
            match (o.len(), i.len()) {
                (1, 1) => {
                    let (eo, ei) = (&edges[o[0] as usize], &edges[i[0] as usize]);
                    eo.b != ei.a && same(eo, ei)
                }
                (2, 2) => {
                    let (o0, o1) = (&edges[o[0] as usize], &edges[o[1] as usize]);
                    let (i0, i1) = (&edges[i[0] as usize], &edges[i[1] as usize]);
                    let mut outs = [o0.b, o1.b];
                    let mut ins = [i0.a, i1.a];
                    outs.sort_unstable();
                    ins.sort_unstable();
                    outs[0] != outs[1]
                        && outs == ins
                        && same(o0, o1)
                        && same(o0, i0)
                        && same(o0, i1)
                }
                _ => false,
            }
        })
        .collect();
    let mut kept_node: Vec<bool> = (0..n).map(|i| keep[i] && !through[i]).collect();
    if !kept_node.iter().any(|&k| k) {
        // The whole network is one ring: keep its first node.
        let first = keep.iter().position(|&k| k).expect("a component");
        kept_node[first] = true;
    }
    // A ring of shaping nodes hanging off nothing cannot occur in one
    // strongly connected component with a kept node: every walk below ends.
    let mut new_id = vec![u32::MAX; n];
    let mut xy = Vec::new();
    let mut lonlat = Vec::new();
    for i in 0..n {
        if kept_node[i] {
            new_id[i] = xy.len() as u32;
            xy.push(xy0[i]);
            lonlat.push(raw.lonlat[i]);
        }
    }
    let mut merged_edges = Vec::new();
    for k in 0..n as u32 {
        if !kept_node[k as usize] {
            continue;
        }
        for &e0 in out.of(k) {
            let first = edges[e0 as usize];
            let (mut prev, mut at, mut len) = (k, first.b, first.length_m);
            let mut steps = 0usize;
            while !kept_node[at as usize] {
                let next = out
                    .of(at)
                    .iter()
                    .map(|&e| &edges[e as usize])
                    .find(|e| e.b != prev)
                    .expect("a shaping node leads on");
                len += next.length_m;
                prev = at;
                at = next.b;
                steps += 1;
                assert!(steps <= n, "a road walk loops");
            }
            if at != k {
                merged_edges.push(Edge {
                    a: new_id[k as usize],
                    b: new_id[at as usize],
                    length_m: len,
                    ..first
                });
            }
        }
    }
    let one_way_edges = {
        let mut pairs: Vec<(u32, u32)> = merged_edges.iter().map(|e| (e.a, e.b)).collect();
        pairs.sort_unstable();
        merged_edges
            .iter()
            .filter(|e| pairs.binary_search(&(e.b, e.a)).is_err())
            .count()
    };
    let report = RoadReport {
        map_nodes,
        dropped_nodes: map_nodes - in_scc,
        merged_nodes: in_scc - xy.len(),
        nodes: xy.len(),
        edges: merged_edges.len(),
        one_way_edges,
    };
    Roads {
        proj,
        xy,
        lonlat,
        edges: merged_edges,
        report,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(a: u32, b: u32, one_way: bool) -> Seg {
        Seg {
            a,
            b,
            class: RoadClass::Local,
            limit_kmh: 30.0,
            one_way,
        }
    }

    fn raw(n: usize, segs: Vec<Seg>) -> RawRoads {
        RawRoads {
            lonlat: (0..n)
                .map(|i| [24.0 + 0.001 * (i % 7) as f64, 60.0 + 0.001 * (i / 7) as f64])
                .collect(),
            segs,
        }
    }

    /// A one-way ring 0→1→2→3→0 with a two-way spur 0–4–5 and a one-way
    /// dead end 5→6 (6 cannot get back): 6 is dropped, 1, 2, 3 and 4 only
    /// shape roads and are merged, leaving 0 and 5.
    #[test]
    fn a_one_way_ring_keeps_its_direction_and_drops_what_cannot_return() {
        let r = build(raw(
            7,
            vec![
                seg(0, 1, true),
                seg(1, 2, true),
                seg(2, 3, true),
                seg(3, 0, true),
                seg(0, 4, false),
                seg(4, 5, false),
                seg(5, 6, true),
            ],
        ));
        assert_eq!(r.report.map_nodes, 7);
        assert_eq!(r.report.dropped_nodes, 1);
        assert_eq!(r.report.merged_nodes, 4);
        assert_eq!(r.report.nodes, 2);
        // The ring became a self-loop at 0 and is dropped; the spur stays
        // two-way: 0→5 and 5→0.
        let mut ab: Vec<(u32, u32)> = r.edges.iter().map(|e| (e.a, e.b)).collect();
        ab.sort_unstable();
        assert_eq!(ab, vec![(0, 1), (1, 0)]);
        assert_eq!(r.report.one_way_edges, 0);
        let spur = r.edges[0].length_m;
        let direct = {
            let p = r.proj.to_xy([24.0, 60.0]);
            let q = r.proj.to_xy([24.005, 60.0]);
            let m = r.proj.to_xy([24.004, 60.0]);
            (p[0] - m[0]).hypot(p[1] - m[1]) + (m[0] - q[0]).hypot(m[1] - q[1])
        };
        assert!((spur - direct).abs() < 1e-6, "{spur} vs {direct}");
    }

    /// Two one-way streets in a ring with a junction where a two-way road
    /// joins: the ring's shaping nodes merge, its direction stays.
    #[test]
    fn one_way_edges_stay_one_way_after_merging() {
        let r = build(raw(
            6,
            vec![
                seg(0, 1, true),
                seg(1, 2, true),
                seg(2, 3, true),
                seg(3, 0, true),
                seg(2, 4, false),
                seg(0, 5, false),
                seg(4, 5, false),
            ],
        ));
        assert_eq!(r.report.dropped_nodes, 0);
        // 1 and 3 shape the ring; 4 and 5 shape the two-way road 2–4–5–0.
        assert_eq!(r.report.merged_nodes, 4);
        let mut ab: Vec<(u32, u32)> = r.edges.iter().map(|e| (e.a, e.b)).collect();
        ab.sort_unstable();
        assert_eq!(ab, vec![(0, 1), (0, 1), (1, 0), (1, 0)]);
        assert_eq!(r.report.one_way_edges, 0, "each one-way leg has a way back");
    }
}
