//! The world: the road graph (nodes with coordinates, edges with length and
//! road class), jurisdictions partitioning the nodes, exit nodes, call
//! weights per node, and shortest travel times. Built once from a
//! [`Scenario`] and shared (`Arc`) by all replications. This is where the
//! checks that need the graph are made (connectivity, stations inside their
//! jurisdictions, nodes that exist), each reported by its scenario key path.

mod coverage;
pub mod geo;
mod land_use;
mod layout;
mod osm;
mod refs;
pub mod roads;
mod travel;

pub use land_use::LandUseReport;
pub use refs::{BOUNDS_MARGIN_M, node_name};
pub use roads::RoadReport;
pub use travel::{Router, RouterStats, TravelTable, canonical_order};

use crate::scenario::{
    Area, Layout, NodeRef, Problem, RoadClass, Scenario, ScenarioError, Warning,
};
use coverage::coverage_warnings;
use geo::Geo;
use layout::Layout as Layout2;
use refs::{Space, bad_node, check_node_refs, resolve};
use std::sync::Arc;

#[derive(Debug, Clone, Copy)]
pub struct Adj {
    pub to: u32,
    pub length_m: f32,
    pub class: RoadClass,
    /// The road's own speed limit, km/h (a map's `maxspeed` or class speed);
    /// 0 = its class's limit (`World::road_speed_kmh`).
    pub limit_kmh: f32,
}

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
        let mut degree = vec![0u32; n + 1];
        for &(a, b, _, _, _) in &edges {
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
            };
            adj_start[n] as usize
        ];
        for &(a, b, len, class, limit_kmh) in &edges {
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

        // Connectivity: every node reachable from node 0 and, on one-way
        // roads, able to get back to it.
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

        // Jurisdictions.
        let nj = s.jurisdictions.len();
        let problems_before_jurisdictions = problems.len();
        let sp = Space {
            grid,
            n,
            geo: geo.as_ref(),
        };
        let mut node_jur = vec![u16::MAX; n];
        let mut rest = None;
        for (j, js) in s.jurisdictions.iter().enumerate() {
            let p = format!("jurisdictions[{j}]");
            // Nodes already taken by an earlier jurisdiction: (that one, node).
            let mut taken: Vec<(u16, u32)> = Vec::new();
            let mut claim = |node: u32| {
                let prev = node_jur[node as usize];
                if prev != u16::MAX && prev as usize != j {
                    taken.push((prev, node));
                } else {
                    node_jur[node as usize] = j as u16;
                }
            };
            let key = match &js.area {
                Area::Rect { rows, cols } => {
                    match grid {
                        Some((gr, gc)) => {
                            if rows[1] >= gr || cols[1] >= gc {
                                problems.push(o.problem(
                                    &format!("{p}.rows"),
                                    format!(
                                        "rows {:?} / cols {:?} reach outside the {gr} × {gc} grid (rows 0..{}, cols 0..{})",
                                        rows, cols, gr - 1, gc - 1
                                    ),
                                ));
                            } else {
                                for r in rows[0]..=rows[1] {
                                    for c in cols[0]..=cols[1] {
                                        claim(r * gc + c);
                                    }
                                }
                            }
                        }
                        None => problems.push(o.problem(
                            &format!("{p}.rows"),
                            "`rows` and `cols` need a grid network; on an explicit network list the `nodes`",
                        )),
                    }
                    "rows"
                }
                Area::Nodes(list) => {
                    for (i, r) in list.iter().enumerate() {
                        match resolve(*r, &sp) {
                            Some(id) => claim(id),
                            None => problems.push(bad_node(o, &format!("{p}.nodes[{i}]"), *r, &sp)),
                        }
                    }
                    "nodes"
                }
                Area::Polygons { file, path } => {
                    match (&geo, osm::load_polygons(std::path::Path::new(path))) {
                        (None, _) => problems.push(o.problem(
                            &format!("{p}.polygons"),
                            "polygons need a road network read from a map (network.kind = \"osm\" or \"geojson\"); on a grid give `rows` and `cols`, else `nodes`",
                        )),
                        (_, Err(msg)) => problems.push(o.problem(&format!("{p}.polygons"), msg)),
                        (Some(g), Ok(all)) => {
                            let mine: Vec<&geo::Polygon> = all
                                .iter()
                                .filter(|(name, _)| *name == js.name)
                                .map(|(_, poly)| poly)
                                .collect();
                            if mine.is_empty() {
                                let mut names: Vec<&str> =
                                    all.iter().map(|(n, _)| n.as_str()).collect();
                                names.dedup();
                                problems.push(o.problem(
                                    &format!("{p}.polygons"),
                                    format!(
                                        "{file} has no polygon named \"{}\" (names there: {})",
                                        js.name,
                                        names.join(", ")
                                    ),
                                ));
                            }
                            for (i, ll) in g.lonlat.iter().enumerate() {
                                if mine.iter().any(|poly| geo::in_polygon(*ll, poly)) {
                                    claim(i as u32);
                                }
                            }
                        }
                    }
                    "polygons"
                }
                Area::Rest => {
                    rest = Some(j);
                    "rest"
                }
            };
            // One problem per pair of overlapping jurisdictions, not per node.
            taken.sort_unstable();
            for group in taken.chunk_by(|a, b| a.0 == b.0) {
                let other = &s.jurisdictions[group[0].0 as usize].name;
                let eg: Vec<String> = group
                    .iter()
                    .take(8)
                    .map(|&(_, id)| node_name(id, grid))
                    .collect();
                let what = if group.len() == 1 {
                    format!("node {} is", eg[0])
                } else {
                    format!(
                        "{} nodes ({}{}) are",
                        group.len(),
                        eg.join(", "),
                        if group.len() > 8 { ", …" } else { "" }
                    )
                };
                problems.push(o.problem(
                    &format!("{p}.{key}"),
                    format!(
                        "{what} in both \"{other}\" and \"{}\": jurisdictions must not overlap",
                        js.name
                    ),
                ));
            }
        }
        let uncovered: Vec<u32> = (0..n as u32)
            .filter(|&i| node_jur[i as usize] == u16::MAX)
            .collect();
        match rest {
            Some(j) => {
                if uncovered.is_empty() {
                    problems.push(o.problem(
                        &format!("jurisdictions[{j}].rest"),
                        format!(
                            "\"{}\" takes the rest, but no node is left for it",
                            s.jurisdictions[j].name
                        ),
                    ));
                }
                for &u in &uncovered {
                    node_jur[u as usize] = j as u16;
                }
            }
            None if !uncovered.is_empty() => {
                let eg: Vec<String> = uncovered
                    .iter()
                    .take(8)
                    .map(|i| node_name(*i, grid))
                    .collect();
                problems.push(o.problem(
                    "jurisdictions",
                    format!(
                        "{} nodes belong to no jurisdiction (e.g. {}): jurisdictions must cover every node (or one may take `rest = true`)",
                        uncovered.len(),
                        eg.join(", ")
                    ),
                ));
            }
            None => {}
        }
        // Stations are checked against the partition only when it is sound
        // (no overlap, no gap), and all of them in one pass.
        let partition_ok = problems.len() == problems_before_jurisdictions;
        let mut jurisdictions = Vec::with_capacity(nj);
        for (j, js) in s.jurisdictions.iter().enumerate() {
            let p = format!("jurisdictions[{j}].station");
            let station = match resolve(js.station, &sp) {
                Some(st) => {
                    if partition_ok && node_jur[st as usize] as usize != j {
                        let other = s
                            .jurisdictions
                            .get(node_jur[st as usize] as usize)
                            .map_or("none", |x| x.name.as_str());
                        problems.push(o.problem(
                            &p,
                            format!(
                                "the station of \"{}\" is at node {}, which lies in \"{other}\": a station must stand inside its own jurisdiction",
                                js.name,
                                node_name(st, grid)
                            ),
                        ));
                    }
                    st
                }
                None => {
                    problems.push(bad_node(o, &p, js.station, &sp));
                    0
                }
            };
            let nodes = (0..n as u32)
                .filter(|&i| node_jur[i as usize] as usize == j)
                .collect();
            jurisdictions.push(Jurisdiction {
                name: js.name.clone(),
                station,
                nodes,
            });
        }

        // Call weights.
        let node_w = match &net.node_weights {
            Some(w) if w.len() != n => {
                problems.push(o.problem(
                    "network.node_weights",
                    format!("has {} values; the network has {n} nodes", w.len()),
                ));
                vec![1.0; n]
            }
            Some(w) => w.clone(),
            None => vec![1.0; n],
        };
        let call_weight: Vec<f64> = (0..n)
            .map(|i| {
                let j = node_jur[i];
                let jw = s
                    .jurisdictions
                    .get(j as usize)
                    .map_or(0.0, |x| x.call_weight);
                jw * node_w[i]
            })
            .collect();
        if s.calls.rate_per_hour > 0.0 && call_weight.iter().sum::<f64>() <= 0.0 {
            problems.push(o.problem("calls", "calls arrive but every node has call weight 0"));
        }

        // Exits.
        let exits = match &net.exits {
            Some(list) => list
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    let id = resolve(*r, &sp);
                    if id.is_none() {
                        problems.push(bad_node(o, &format!("network.exits[{i}]"), *r, &sp));
                    }
                    id
                })
                .collect(),
            None => default_exits(&net.layout),
        };

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

        let road_speed_kmh = [net.local_speed_kmh, net.arterial_speed_kmh];
        let mut world = World {
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
                            Some(c) => {
                                c.order_or_build(&s.network, || travel::canonical_order(world))
                            }
                            None => Arc::new(travel::canonical_order(world)),
                        })
                        .clone()
                });
                TravelTable::new_ordered(world, speed, full, o.as_deref().map(|v| v.as_slice()))
            };
            match cache {
                Some(c) => c.get_or_build(&s.network, speed, make),
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
}

/// Memory the full travel tables of one world may take (all speeds).
pub const TABLE_MEMORY_BUDGET: u64 = 4 << 30;

/// Travel tables shared between worlds with the same road network.
#[derive(Debug, Default)]
pub struct TableCache {
    tables: std::sync::Mutex<Vec<(String, u64, Arc<TravelTable>)>>,
    /// Each network's canonical contraction order (`travel::canonical_order`).
    orders: std::sync::Mutex<Vec<(String, Arc<Vec<usize>>)>>,
}

impl TableCache {
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

pub(crate) fn edge_ms(length_m: f64, speed_kmh: f64) -> u32 {
    ((length_m / (speed_kmh / 3.6) * 1000.0).round() as u32).max(1)
}

fn default_exits(layout: &Layout) -> Vec<u32> {
    match *layout {
        Layout::Grid {
            rows,
            cols,
            arterial_every: k,
            ..
        } => {
            let mut out = Vec::new();
            let lines = |len: u32| -> Vec<u32> {
                if k > 0 {
                    (0..len).filter(|i| i % k == 0).collect()
                } else {
                    vec![len / 2]
                }
            };
            for r in lines(rows) {
                out.push(r * cols);
                out.push(r * cols + cols - 1);
            }
            for c in lines(cols) {
                out.push(c);
                out.push((rows - 1) * cols + c);
            }
            out.sort_unstable();
            out.dedup();
            out
        }
        Layout::Explicit { .. } | Layout::Map(_) => vec![],
    }
}
