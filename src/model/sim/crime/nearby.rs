//! Places near a point, by land use: square buckets over the nodes'
//! coordinates, so that an offender's candidate stops within
//! `crime.search_radius_m` of his home are drawn by scanning the few buckets
//! the circle touches instead of the whole area (a city has 10⁴–10⁵ nodes).
//! Built once per simulation when the radius is positive; O(nodes) memory,
//! plus each answer kept the first time it is asked for (an offender leaves
//! the same home again and again), up to [`KEPT_MAX`] nodes in all.

/// Nodes by land use and bucket (compressed rows: `start[use][cell]..`).
pub(super) struct Nearby {
    radius: f64,
    x0: f64,
    y0: f64,
    cell: f64,
    nx: usize,
    ny: usize,
    start: [Vec<u32>; USES],
    nodes: [Vec<u32>; USES],
    /// Each listed node's coordinates beside it (a scan reads one array,
    /// not the world's coordinates at scattered nodes).
    at: [Vec<[f64; 2]>; USES],
    /// The answers given so far, by (node, use): `(start, len)` in `kept`,
    /// `len == u32::MAX` for one not yet asked for (or past the budget).
    memo: Vec<(u32, u32)>,
    kept: Vec<u32>,
    /// Nodes `kept` may hold ([`KEPT_MAX`]).
    kept_max: usize,
    /// The last answer when it could not be kept (reused, so a draw
    /// allocates nothing).
    buf: Vec<u32>,
}

/// At most this many nodes (4 bytes each) are kept in all: 128 MB. Past
/// it, an answer that does not fit is scanned each time (a smaller one
/// later may still be kept: the same answers either way).
pub(super) const KEPT_MAX: usize = 32 << 20;
const _: () = assert!(KEPT_MAX < u32::MAX as usize, "offsets are u32");

/// Land uses (0, residential, to 5, second-hand: `crime::USE_*`).
const USES: usize = 6;

/// At most this many buckets per node (a small radius on a sparse map).
const CELLS_PER_NODE: usize = 4;

impl Nearby {
    pub(super) fn new(xy: &[[f64; 2]], land_use: &[u8], radius: f64) -> Nearby {
        assert!(radius > 0.0, "a positive search radius");
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in xy {
            x0 = x0.min(p[0]);
            y0 = y0.min(p[1]);
            x1 = x1.max(p[0]);
            y1 = y1.max(p[1]);
        }
        if xy.is_empty() {
            (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0);
        }
        let (w, h) = (x1 - x0, y1 - y0);
        // Buckets as wide as the radius, unless that makes too many.
        let min_cell = (w * h / (CELLS_PER_NODE * xy.len().max(1)) as f64).sqrt();
        let cell = radius.max(min_cell).max(1e-6);
        let nx = (w / cell) as usize + 1;
        let ny = (h / cell) as usize + 1;
        let bucket = |p: &[f64; 2]| {
            let cx = (((p[0] - x0) / cell) as usize).min(nx - 1);
            let cy = (((p[1] - y0) / cell) as usize).min(ny - 1);
            cy * nx + cx
        };
        let mut start: [Vec<u32>; USES] = Default::default();
        let mut nodes: [Vec<u32>; USES] = Default::default();
        let mut at: [Vec<[f64; 2]>; USES] = Default::default();
        for u in 0..USES {
            let mut count = vec![0u32; nx * ny + 1];
            for (i, p) in xy.iter().enumerate() {
                if land_use[i] as usize == u {
                    count[bucket(p) + 1] += 1;
                }
            }
            for c in 1..count.len() {
                count[c] += count[c - 1];
            }
            let mut fill = count.clone();
            let mut list = vec![0u32; count[nx * ny] as usize];
            // Nodes in increasing order within each bucket.
            for (i, p) in xy.iter().enumerate() {
                if land_use[i] as usize == u {
                    let b = bucket(p);
                    list[fill[b] as usize] = i as u32;
                    fill[b] += 1;
                }
            }
            start[u] = count;
            at[u] = list.iter().map(|&v| xy[v as usize]).collect();
            nodes[u] = list;
        }
        Nearby {
            radius,
            x0,
            y0,
            cell,
            nx,
            ny,
            start,
            nodes,
            at,
            memo: vec![(0, u32::MAX); xy.len() * USES],
            kept: Vec::new(),
            kept_max: KEPT_MAX,
            buf: Vec::new(),
        }
    }

    /// The nodes of land use `use_` within the radius of `at` (straight
    /// line, the boundary included), in a fixed order: buckets row by row,
    /// nodes in increasing number within a bucket.
    ///
    /// The first answer for a (node, use) is kept and later ones read it.
    pub(super) fn within(&mut self, xy: &[[f64; 2]], at: u32, use_: usize) -> &[u32] {
        let key = at as usize * USES + use_;
        let (start, len) = self.memo[key];
        if len != u32::MAX {
            return &self.kept[start as usize..(start + len) as usize];
        }
        self.scan(xy, at, use_);
        if self.kept.len() + self.buf.len() > self.kept_max {
            return &self.buf;
        }
        let start = self.kept.len();
        self.kept.extend_from_slice(&self.buf);
        self.memo[key] = (start as u32, self.buf.len() as u32);
        &self.kept[start..]
    }

    /// Scan the buckets the circle touches into `buf`.
    fn scan(&mut self, xy: &[[f64; 2]], at: u32, use_: usize) {
        self.buf.clear();
        let p = xy[at as usize];
        let r = self.radius;
        let span = |lo: f64, hi: f64, origin: f64, n: usize| {
            let a = ((lo - origin) / self.cell).floor().max(0.0) as usize;
            let b = (((hi - origin) / self.cell).floor().max(0.0) as usize).min(n - 1);
            (a.min(n - 1), b)
        };
        let (cx0, cx1) = span(p[0] - r, p[0] + r, self.x0, self.nx);
        let (cy0, cy1) = span(p[1] - r, p[1] + r, self.y0, self.ny);
        let (start, nodes, pos) = (&self.start[use_], &self.nodes[use_], &self.at[use_]);
        for cy in cy0..=cy1 {
            for cx in cx0..=cx1 {
                let b = cy * self.nx + cx;
                let cell = start[b] as usize..start[b + 1] as usize;
                for (&v, q) in nodes[cell.clone()].iter().zip(&pos[cell]) {
                    if (q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2) <= r * r {
                        self.buf.push(v);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Nearby, USES};

    /// The buckets find exactly the nodes a scan of every node finds, for
    /// radii smaller and larger than the spacing, on an irregular layout.
    #[test]
    fn buckets_find_exactly_the_nodes_within_the_radius() {
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        let xy: Vec<[f64; 2]> = (0..600)
            .map(|_| [next() * 9_000.0 - 500.0, next() * 4_000.0 + 100.0])
            .collect();
        let land_use: Vec<u8> = (0..600).map(|_| (next() * 6.0) as u8).collect();
        for radius in [50.0, 400.0, 1_500.0, 20_000.0] {
            let mut near = Nearby::new(&xy, &land_use, radius);
            let mut fresh = Nearby::new(&xy, &land_use, radius);
            fresh.kept_max = 0;
            // A budget that fills part-way: some answers kept, some not.
            let mut part = Nearby::new(&xy, &land_use, radius);
            part.kept_max = 300;
            let mut first_of = Vec::new();
            for at in (0..600u32).step_by(7) {
                for u in 0..USES {
                    let first = near.within(&xy, at, u).to_vec();
                    // Asked again: the kept answer, in the same order.
                    assert_eq!(near.within(&xy, at, u), &first[..]);
                    // Past the budget (nothing kept): the same answer.
                    assert_eq!(fresh.within(&xy, at, u), &first[..]);
                    let kept = fresh.memo[at as usize * USES + u].1 != u32::MAX;
                    assert_eq!(kept, first.is_empty(), "only an empty answer fits in none");
                    assert_eq!(part.within(&xy, at, u), &first[..]);
                    first_of.push((at, u, first.clone()));
                    let mut got = first;
                    got.sort_unstable();
                    let p = xy[at as usize];
                    let want: Vec<u32> = (0..600u32)
                        .filter(|&v| {
                            let q = xy[v as usize];
                            land_use[v as usize] as usize == u
                                && (q[0] - p[0]).powi(2) + (q[1] - p[1]).powi(2) <= radius * radius
                        })
                        .collect();
                    assert_eq!(got, want, "radius {radius}, node {at}, use {u}");
                }
            }
            // Asked again after all the others, kept or not.
            let (mut n_kept, mut n_not) = (0, 0);
            for (at, u, first) in &first_of {
                assert_eq!(near.within(&xy, *at, *u), &first[..]);
                assert_eq!(part.within(&xy, *at, *u), &first[..]);
                if part.memo[*at as usize * USES + u].1 == u32::MAX {
                    n_not += 1;
                } else {
                    n_kept += 1;
                }
            }
            if radius == 400.0 {
                assert!(n_kept > 0 && n_not > 0, "{n_kept} kept, {n_not} not");
            }
        }
    }
}
