//! Geography of a network read from a map: the projection of longitude and
//! latitude to metres, snapping a coordinate to the nearest road node (an
//! R-tree, the `rstar` crate), and polygons (point in polygon) for
//! jurisdictions drawn on a map.
//!
//! The projection is equirectangular around the network's centroid:
//! x = R·cos(φ₀)·(λ − λ₀), y = R·(φ − φ₀), R = 6 371 008.8 m (the mean
//! Earth radius). North–south distances are exact to the sphere's; east–west
//! ones are off by the factor cos φ / cos φ₀ − 1 ≈ −tan φ₀ · (φ − φ₀), i.e.
//! 0.1 % per 3.3 km north or south of the centroid at 60° N (Helsinki) and
//! 0.1 % per 6.4 km at 40° N. Over a town 20 km across the error stays under
//! about 0.3 % (a sphere against the ellipsoid adds at most 0.5 %).

use rstar::RTree;
use rstar::primitives::GeomWithData;

/// Mean Earth radius, metres (IUGG).
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Equirectangular projection around a centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Projection {
    pub lon0: f64,
    pub lat0: f64,
    kx: f64,
    ky: f64,
}

impl Projection {
    /// The projection centred on the mean of `points` ([lon, lat]).
    pub fn around(points: &[[f64; 2]]) -> Projection {
        let n = points.len().max(1) as f64;
        let lon0 = points.iter().map(|p| p[0]).sum::<f64>() / n;
        let lat0 = points.iter().map(|p| p[1]).sum::<f64>() / n;
        let ky = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
        Projection {
            lon0,
            lat0,
            kx: ky * lat0.to_radians().cos(),
            ky,
        }
    }

    /// Metres east and north of the centre.
    pub fn to_xy(&self, lonlat: [f64; 2]) -> [f64; 2] {
        [
            (lonlat[0] - self.lon0) * self.kx,
            (lonlat[1] - self.lat0) * self.ky,
        ]
    }
}

/// Great-circle distance (haversine), metres, between two [lon, lat].
pub fn haversine_m(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (p1, p2) = (a[1].to_radians(), b[1].to_radians());
    let dp = p2 - p1;
    let dl = (b[0] - a[0]).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().asin()
}

/// The geography of a network read from a map: each node's [lon, lat], the
/// projection and a nearest-node index.
#[derive(Debug)]
pub struct Geo {
    pub proj: Projection,
    pub lonlat: Vec<[f64; 2]>,
    /// [min lon, min lat, max lon, max lat] of the nodes.
    pub bbox: [f64; 4],
    tree: RTree<GeomWithData<[f64; 2], u32>>,
}

impl Geo {
    pub fn new(proj: Projection, lonlat: Vec<[f64; 2]>, xy: &[[f64; 2]]) -> Geo {
        let mut bbox = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
        for p in &lonlat {
            bbox[0] = bbox[0].min(p[0]);
            bbox[1] = bbox[1].min(p[1]);
            bbox[2] = bbox[2].max(p[0]);
            bbox[3] = bbox[3].max(p[1]);
        }
        let items = xy
            .iter()
            .enumerate()
            .map(|(i, p)| GeomWithData::new(*p, i as u32))
            .collect();
        Geo {
            proj,
            lonlat,
            bbox,
            tree: RTree::bulk_load(items),
        }
    }

    /// The node nearest to `lonlat` and its distance in metres (in the
    /// projection; ties: whichever the tree meets first, the same every run).
    pub fn snap(&self, lonlat: [f64; 2]) -> (u32, f64) {
        let q = self.proj.to_xy(lonlat);
        let hit = self.tree.nearest_neighbor(q).expect("a network has nodes");
        let p = hit.geom();
        (hit.data, (p[0] - q[0]).hypot(p[1] - q[1]))
    }

    /// The nodes within `radius_m` metres of `lonlat` (in the projection),
    /// in increasing node number.
    pub fn within(&self, lonlat: [f64; 2], radius_m: f64) -> Vec<u32> {
        let q = self.proj.to_xy(lonlat);
        let mut v: Vec<u32> = self
            .tree
            .locate_within_distance(q, radius_m * radius_m)
            .map(|h| h.data)
            .collect();
        v.sort_unstable();
        v
    }

    /// Whether `lonlat` lies within the nodes' bounding box widened by
    /// `margin_m` metres.
    pub fn inside(&self, lonlat: [f64; 2], margin_m: f64) -> bool {
        let dlat = margin_m / self.proj.ky;
        let dlon = margin_m / self.proj.kx.max(1e-9);
        lonlat[0] >= self.bbox[0] - dlon
            && lonlat[0] <= self.bbox[2] + dlon
            && lonlat[1] >= self.bbox[1] - dlat
            && lonlat[1] <= self.bbox[3] + dlat
    }
}

/// A polygon with holes: rings of [lon, lat], the first the outer one.
pub type Polygon = Vec<Vec<[f64; 2]>>;

/// Whether `p` lies inside `poly` (even–odd rule over all its rings, so a
/// point in a hole is outside). Points exactly on an edge may fall either
/// way, consistently for two polygons that share the edge (half-open rule).
pub fn in_polygon(p: [f64; 2], poly: &Polygon) -> bool {
    let mut inside = false;
    for ring in poly {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (a, b) = (ring[i], ring[j]);
            if (a[1] > p[1]) != (b[1] > p[1]) {
                let x = a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]);
                if p[0] < x {
                    inside = !inside;
                }
            }
            j = i;
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_keeps_distances_within_the_stated_error() {
        // Around Helsinki (60.17 N): points 5 km apart in each direction.
        let c = [24.94, 60.17];
        let p = Projection::around(&[c]);
        for (dlon, dlat) in [(0.09, 0.0), (0.0, 0.045), (0.09, 0.045), (-0.05, -0.03)] {
            let q = [c[0] + dlon, c[1] + dlat];
            let xy = p.to_xy(q);
            let flat = xy[0].hypot(xy[1]);
            let sphere = haversine_m(c, q);
            // tan(60°) × 0.045° in radians ≈ 0.14 %.
            assert!((flat / sphere - 1.0).abs() < 0.002, "{flat} vs {sphere}");
        }
    }

    #[test]
    fn a_point_in_a_hole_is_outside_and_a_square_holds_its_centre() {
        let outer = vec![[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0]];
        let hole = vec![[1.0, 1.0], [2.0, 1.0], [2.0, 2.0], [1.0, 2.0]];
        let poly = vec![outer, hole];
        assert!(in_polygon([3.0, 3.0], &poly));
        assert!(!in_polygon([1.5, 1.5], &poly));
        assert!(!in_polygon([5.0, 1.0], &poly));
    }
}
