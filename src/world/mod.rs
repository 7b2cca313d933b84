//! The world: the road graph (nodes with coordinates, edges with length and
//! road class), jurisdictions partitioning the nodes, exit nodes, call
//! weights per node, and shortest travel times. Built once from a
//! [`Scenario`] and shared (`Arc`) by all replications. This is where the
//! checks that need the graph are made (connectivity, stations inside their
//! jurisdictions, nodes that exist), each reported by its scenario key path.
//!
//! Here: the `World` type, its accessors and the build's order. The build's
//! steps: `layout.rs` (nodes and edges of a grid, a list or a map),
//! `graph.rs` (adjacency, connectivity), `partition.rs` (jurisdictions and
//! their stations), `calls.rs` (call weights, exits), `refs.rs` (node
//! references), `tables.rs` (the travel tables, and the cache that shares
//! them between worlds), `kept.rs` (hierarchies kept on disk between
//! runs, `--hierarchy-dir`), `coverage.rs` (warnings about reach).

mod calls;
mod coverage;
pub mod geo;
mod graph;
mod kept;
mod land_use;
mod layout;
mod osm;
mod partition;
mod refs;
pub mod roads;
mod tables;
mod travel;

pub use kept::KeptCounts;
pub use land_use::LandUseReport;
pub use refs::{BOUNDS_MARGIN_M, node_name};
pub use roads::RoadReport;
pub use tables::{TABLE_MEMORY_BUDGET, TableCache};
pub use travel::{Router, RouterStats, TravelTable, canonical_order};

use crate::scenario::{NodeRef, Problem, RoadClass, Scenario, ScenarioError, Warning};
use geo::Geo;
use layout::Layout as Layout2;
use refs::{Space, check_node_refs, resolve};
use std::sync::Arc;

#[derive(Debug, Clone, Copy)]
pub struct Adj {
    pub to: u32,
    pub length_m: f32,
    pub class: RoadClass,
    /// The road's own speed limit, km/h (a map's `maxspeed` or class speed);
    /// 0 = its class's limit (`World::road_speed_kmh`).
    pub limit_kmh: f32,
    /// `to`'s jurisdiction (`World::node_jur`), beside the edge, so a
    /// patrol step that keeps to its jurisdiction reads one cache line for
    /// the node's edges and not one more per neighbour (it fits in the
    /// padding: `Adj` stays 16 bytes).
    pub to_jur: u16,
}

const _: () = assert!(std::mem::size_of::<Adj>() == 16, "Adj fits a quarter line");

/// A place given as [lon, lat], the node it snapped to and how far that is.
#[derive(Debug, Clone, PartialEq)]
pub struct Snap {
    pub path: String,
    pub lonlat: [f64; 2],
    pub node: u32,
    pub distance_m: f64,
}

#[derive(Debug, Clone)]
pub struct Jurisdiction {
    pub name: String,
    pub station: u32,
    pub nodes: Vec<u32>,
}

/// The road network and everything derived from it.
#[derive(Debug)]
pub struct World {
    pub xy: Vec<[f64; 2]>,
    /// Jurisdiction of each node.
    pub node_jur: Vec<u16>,
    /// Relative call weight of each node (jurisdiction weight × node weight).
    pub call_weight: Vec<f64>,
    adj_start: Vec<u32>,
    adj: Vec<Adj>,
    /// Every road two-way with the same length both ways (grid, explicit
    /// two-way): the reverse graph is the graph itself.
    symmetric: bool,
    /// Edges into each node, as (from, index into `adj`), when not symmetric.
    radj_start: Vec<u32>,
    radj: Vec<(u32, u32)>,
    /// Longitude, latitude and a nearest-node index (networks from a map).
    pub geo: Option<Geo>,
    /// What importing the map did (networks from a map).
    pub roads: Option<RoadReport>,
    /// Each node's land use (index into `scenario::LAND_USES`) when it
    /// comes from the map's tags; `None`: the model draws it.
    pub land_use: Option<Vec<u8>>,
    /// What the map's tags gave.
    pub land_use_report: Option<LandUseReport>,
    /// Places given as [lon, lat] and where they snapped.
    pub snaps: Vec<Snap>,
    pub jurisdictions: Vec<Jurisdiction>,
    pub exits: Vec<u32>,
    /// `(rows, cols)` of a grid network.
    pub grid: Option<(u32, u32)>,
    /// Road speed limits, km/h, by class (local, arterial).
    pub road_speed_kmh: [f64; 2],
    /// Travel tables, one per distinct vehicle speed.
    pub tables: Vec<Arc<TravelTable>>,
    /// Travel table at the offenders' speed, when the scenario has crime.
    pub offender_table: Option<usize>,
    /// Index into `tables` for each unit type of the scenario (`usize::MAX`
    /// for a type no unit uses).
    pub type_table: Vec<usize>,
}

impl World {
    pub fn node_count(&self) -> usize {
        self.xy.len()
    }

    #[inline]
    pub fn neighbours(&self, n: u32) -> &[Adj] {
        &self.adj[self.adj_range(n)]
    }

    /// Index range of `n`'s edges in the adjacency arrays (and in per-speed
    /// edge-time arrays aligned with them).
    #[inline]
    pub fn adj_range(&self, n: u32) -> std::ops::Range<usize> {
        self.adj_start[n as usize] as usize..self.adj_start[n as usize + 1] as usize
    }

    /// Edge times (ms) at `speed_kmh`, aligned with the adjacency arrays.
    pub fn edge_times(&self, speed_kmh: f64) -> Vec<u32> {
        self.adj
            .iter()
            .map(|a| self.edge_ms(a, speed_kmh))
            .collect()
    }

    /// Milliseconds to drive an edge at `speed_kmh` (capped by the road's limit).
    #[inline]
    pub fn edge_ms(&self, a: &Adj, speed_kmh: f64) -> u32 {
        let limit = if a.limit_kmh > 0.0 {
            a.limit_kmh as f64
        } else {
            self.road_speed_kmh[a.class as usize]
        };
        edge_ms(a.length_m as f64, speed_kmh.min(limit))
    }

    /// Whether every road is two-way (the graph is its own reverse).
    #[inline]
    pub fn is_symmetric(&self) -> bool {
        self.symmetric
    }

    /// Edges into `n` as (from, index into the adjacency arrays); empty on a
    /// symmetric network (use `neighbours`).
    #[inline]
    pub fn in_edges(&self, n: u32) -> &[(u32, u32)] {
        if self.symmetric {
            return &[];
        }
        &self.radj[self.radj_start[n as usize] as usize..self.radj_start[n as usize + 1] as usize]
    }

    /// Resolve a node reference (used by the model for posts and beats).
    pub fn resolve(&self, r: NodeRef) -> Option<u32> {
        resolve(r, &self.space())
    }

    fn space(&self) -> Space<'_> {
        Space {
            grid: self.grid,
            n: self.node_count(),
            geo: self.geo.as_ref(),
        }
    }

    /// Build the world of a scenario, checking everything that needs the graph.
    pub fn build(s: &Scenario) -> Result<(World, Vec<Warning>), ScenarioError> {
        World::build_cached(s, None)
    }

    /// As [`World::build`], taking travel tables from `cache` when another
    /// scenario with the same road network already computed them (sweep
    /// points that do not vary the roads share one table).
    pub fn build_cached(
        s: &Scenario,
        cache: Option<&TableCache>,
    ) -> Result<(World, Vec<Warning>), ScenarioError> {
        World::build_with(s, cache, true)
    }

    /// Check everything [`World::build`] checks, without computing travel
    /// tables (for `validate`: the world has no tables and cannot be run).
    pub fn check(s: &Scenario) -> Result<(World, Vec<Warning>), ScenarioError> {
        World::build_with(s, None, false)
    }

    fn build_with(
        s: &Scenario,
        cache: Option<&TableCache>,
        with_tables: bool,
    ) -> Result<(World, Vec<Warning>), ScenarioError> {
        let mut problems: Vec<Problem> = Vec::new();
        let mut warnings: Vec<Warning> = Vec::new();
        let o = &s.origins;
        let net = &s.network;

        // Nodes and edges (a, b, length, class, own limit or 0).
        let Layout2 {
            xy,
            edges,
            grid,
            directed,
            geo,
            roads,
            pois,
        } = layout::build(net, &s.places, o, &mut problems)?;
        let (land_use, land_use_report) =
            land_use::decide(s, geo.as_ref(), pois, &mut problems, &mut warnings);
        let n = xy.len();
        if n == 0 {
            problems.push(o.problem("network.nodes", "the road network has no nodes"));
            return Err(ScenarioError { problems });
        }
        if n > (1 << 24) {
            problems.push(o.problem(
                "network",
                format!("{n} nodes: at most {} are supported", 1 << 24),
            ));
            return Err(ScenarioError { problems });
        }
        let g = graph::build(n, &edges, directed);
        graph::check_connected(&g, directed, grid, o, &mut problems);
        let graph::Graph {
            adj_start,
            adj,
            radj_start,
            radj,
        } = g;

        // Jurisdictions.
        let sp = Space {
            grid,
            n,
            geo: geo.as_ref(),
        };
        let (node_jur, jurisdictions) = partition::partition(s, &sp, o, &mut problems);

        let call_weight = calls::call_weights(s, &node_jur, o, &mut problems);
        let exits = calls::exits(s, &sp, o, &mut problems);

        check_node_refs(s, &sp, &node_jur, &mut problems, &mut warnings);
        if !s.phases.is_empty() {
            // The run creates each group's largest count over the phases.
            let most: u64 = (0..s.units.len())
                .map(|g| {
                    (0..=s.phases.len())
                        .map(|k| s.phase_scenario(k).units[g].count as u64)
                        .max()
                        .unwrap_or(0)
                })
                .sum();
            if most >= (1 << 20) {
                problems.push(o.problem(
                    "phases",
                    format!(
                        "{most} units over the phases (each group's largest count): at most {} are supported",
                        (1 << 20) - 1
                    ),
                ));
            }
        }
        for ph in &s.phases {
            // Located by the phase's own origins, named with its prefix.
            let (mut p, mut w) = (Vec::new(), Vec::new());
            check_node_refs(&ph.scenario, &sp, &node_jur, &mut p, &mut w);
            let prefix = format!("phases.{}.", ph.name);
            problems.extend(p.into_iter().map(|mut x| {
                x.path.insert_str(0, &prefix);
                x
            }));
            warnings.extend(
                w.into_iter()
                    .filter(|x| !warnings.contains(x))
                    .collect::<Vec<_>>(),
            );
        }
        let snaps = refs::snaps(s, &sp, net.snap_warn_m, &mut warnings);
        if !problems.is_empty() {
            return Err(ScenarioError { problems });
        }

        let mut adj = adj;
        for a in &mut adj {
            a.to_jur = node_jur[a.to as usize];
        }
        let road_speed_kmh = [net.local_speed_kmh, net.arterial_speed_kmh];
        let world = World {
            xy,
            node_jur,
            call_weight,
            adj_start,
            adj,
            symmetric: !directed,
            radj_start,
            radj,
            geo,
            roads,
            land_use,
            land_use_report,
            snaps,
            jurisdictions,
            exits,
            grid,
            road_speed_kmh,
            tables: vec![],
            offender_table: None,
            type_table: vec![],
        };
        tables::add_tables(world, s, cache, with_tables, warnings)
    }
}

pub(crate) fn edge_ms(length_m: f64, speed_kmh: f64) -> u32 {
    ((length_m / (speed_kmh / 3.6) * 1000.0).round() as u32).max(1)
}
