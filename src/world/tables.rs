//! The world's travel tables: one per distinct effective speed of the unit
//! types in use (and one at the offenders' speed), full or contracted by
//! the network's size, within a memory budget, and shared between worlds
//! with the same roads ([`TableCache`]). The tables themselves are
//! `travel.rs`'s.

use super::coverage::coverage_warnings;
use super::kept::{Keep, KeptCounts};
use super::{TravelTable, World, travel};
use crate::scenario::{Scenario, ScenarioError, Warning};
use std::sync::Arc;

/// Give `world` its travel tables (none unless `with_tables`: the world is
/// then only checked), after the checks that need them.
pub(super) fn add_tables(
    mut world: World,
    s: &Scenario,
    cache: Option<&TableCache>,
    with_tables: bool,
    mut warnings: Vec<Warning>,
) -> Result<(World, Vec<Warning>), ScenarioError> {
    let o = &s.origins;
    let net = &s.network;
    let n = world.node_count();
    let road_speed_kmh = world.road_speed_kmh;
    // One travel table per distinct effective speed profile of the unit
    // types in use (a type no unit uses gets none).
    let mut keys: Vec<[u64; 2]> = Vec::new();
    for (ti, t) in s.unit_types.iter().enumerate() {
        if !s.units.iter().any(|g| g.unit_type == ti) {
            world.type_table.push(usize::MAX);
            continue;
        }
        // On a map every road has its own limit: one table per speed.
        let key = if world.geo.is_some() {
            [t.speed_kmh.to_bits(); 2]
        } else {
            [
                t.speed_kmh.min(road_speed_kmh[0]).to_bits(),
                t.speed_kmh.min(road_speed_kmh[1]).to_bits(),
            ]
        };
        let idx = keys.iter().position(|k| *k == key).unwrap_or_else(|| {
            keys.push(key);
            keys.len() - 1
        });
        world.type_table.push(idx);
    }
    let full = n <= net.full_table_max_nodes as usize;
    let n_tables = keys.len() + usize::from(s.crime.is_some());
    let table_bytes = n_tables as u64 * (n as u64).pow(2) * 4;
    if full && table_bytes > TABLE_MEMORY_BUDGET {
        return Err(ScenarioError {
            problems: vec![o.problem(
                "network.full_table_max_nodes",
                format!(
                    "{n} nodes is at most full_table_max_nodes ({}), so {n_tables} full travel table(s) of {n} × {n} times would be built: {:.1} GiB, more than the {} GiB allowed for them; set full_table_max_nodes below {n} (shortest paths are then computed on demand)",
                    net.full_table_max_nodes,
                    table_bytes as f64 / (1u64 << 30) as f64,
                    TABLE_MEMORY_BUDGET >> 30
                ),
            )],
        });
    }
    if !with_tables {
        world.tables = vec![];
        warnings.extend(coverage_warnings(s, &world));
        return Ok((world, warnings));
    }
    // Above the limit every speed's hierarchy is contracted in the
    // network's one canonical order (computed once, with the first
    // table that is not in the cache).
    let mut order: Option<Arc<Vec<usize>>> = None;
    let mut build_table = |world: &World, speed: f64| -> Arc<TravelTable> {
        let mut make = || {
            let o = (!full).then(|| {
                order
                    .get_or_insert_with(|| match cache {
                        Some(c) => c.order_or_build(&s.network, || {
                            travel::canonical_order_kept(world, c.keep.as_ref())
                        }),
                        None => Arc::new(travel::canonical_order(world)),
                    })
                    .clone()
            });
            let o = o.as_deref().map(|v| v.as_slice());
            TravelTable::new_kept(world, speed, full, o, cache.and_then(|c| c.keep.as_ref()))
        };
        match cache {
            Some(c) => c.get_or_build(&s.network, speed, || {
                let t0 = std::time::Instant::now();
                let t = make();
                if !full && c.keep.is_none() {
                    *c.prepared_s.lock().expect("cache lock") += t0.elapsed().as_secs_f64();
                }
                t
            }),
            None => Arc::new(make()),
        }
    };
    let mut tables = Vec::new();
    for k in 0..keys.len() {
        let first_type = world
            .type_table
            .iter()
            .position(|&x| x == k)
            .expect("each key comes from a type");
        let speed = s.unit_types[first_type].speed_kmh;
        tables.push(build_table(&world, speed));
    }
    if let Some(c) = &s.crime {
        tables.push(build_table(&world, c.offender_speed_kmh));
        world.offender_table = Some(tables.len() - 1);
    }
    world.tables = tables;
    warnings.extend(coverage_warnings(s, &world));
    Ok((world, warnings))
}

/// Memory the full travel tables of one world may take (all speeds).
pub const TABLE_MEMORY_BUDGET: u64 = 4 << 30;

/// Travel tables shared between worlds with the same road network, and
/// kept between runs in a directory when made with
/// [`TableCache::keeping_in`].
#[derive(Debug, Default)]
pub struct TableCache {
    /// Where hierarchies are kept between runs (`kept.rs`).
    keep: Option<Keep>,
    /// Seconds spent making contracted tables here (counted without
    /// `keep` only: all of it is then preparation).
    prepared_s: std::sync::Mutex<f64>,
    tables: std::sync::Mutex<Vec<(String, u64, Arc<TravelTable>)>>,
    /// Each network's canonical contraction order (`travel::canonical_order`).
    orders: std::sync::Mutex<Vec<(String, Arc<Vec<usize>>)>>,
}

impl TableCache {
    /// A cache that also keeps every contraction hierarchy it prepares
    /// (and the network's canonical order) in `dir`, and takes them from
    /// there when a later run has the same network and speed: the same
    /// hierarchy, bit for bit, without the preparation.
    pub fn keeping_in(dir: &std::path::Path) -> TableCache {
        TableCache {
            keep: Some(Keep::new(dir)),
            ..TableCache::default()
        }
    }

    /// Seconds spent making contracted tables (the order, the hierarchies
    /// and their search arrays) in a cache without a kept directory: what
    /// [`TableCache::keeping_in`] would save the next run.
    pub fn prepared_seconds(&self) -> f64 {
        *self.prepared_s.lock().expect("cache lock")
    }

    /// How the kept directory served the builds so far (`None` without one).
    pub fn kept(&self) -> Option<KeptCounts> {
        self.keep.as_ref().map(Keep::counts)
    }

    fn order_or_build(
        &self,
        net: &crate::scenario::NetworkSpec,
        build: impl FnOnce() -> Vec<usize>,
    ) -> Arc<Vec<usize>> {
        let key = serde_json::to_string(net).expect("network serialises");
        let mut guard = self.orders.lock().expect("cache lock");
        if let Some((_, o)) = guard.iter().find(|(k, _)| *k == key) {
            return o.clone();
        }
        let o = Arc::new(build());
        guard.push((key, o.clone()));
        o
    }

    fn get_or_build(
        &self,
        net: &crate::scenario::NetworkSpec,
        speed: f64,
        build: impl FnOnce() -> TravelTable,
    ) -> Arc<TravelTable> {
        let key = serde_json::to_string(net).expect("network serialises");
        let bits = speed.to_bits();
        let mut guard = self.tables.lock().expect("cache lock");
        if let Some((_, _, t)) = guard.iter().find(|(k, b, _)| *b == bits && *k == key) {
            return t.clone();
        }
        let t = Arc::new(build());
        guard.push((key, bits, t.clone()));
        t
    }

    /// Number of distinct tables built.
    pub fn len(&self) -> usize {
        self.tables.lock().expect("cache lock").len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
