//! Patrol policies (random, beat, coverage, hot spot, stake-out, Koper
//! stops), the presence patrol leaves on the roads, and enforcement
//! stop-and-check.

use super::crime::HOT_SPOT_WINDOW_DAYS;
use super::{NONE, Sim};
use crate::engine::time::{MS_PER_DAY, Tick};
use crate::model::event::UnitId;
use crate::scenario::PatrolPolicy;
use rand::RngExt;

impl<'a> Sim<'a> {
    pub(super) fn step_patrol(&mut self, u: u32) {
        let mut stay: Option<Tick> = None;
        let g = self.units[u as usize].group as usize;
        let node = self.units[u as usize].node;
        let nbrs = self.w.neighbours(node);
        let next = if nbrs.is_empty() {
            node
        } else {
            match self.groups[g].policy {
                PatrolPolicy::Random => self.random_step(u, node),
                PatrolPolicy::Beat => {
                    let beat = &self.groups[g].beat;
                    let un = &mut self.units[u as usize];
                    if beat.is_empty() {
                        un.target = node;
                    } else if un.target == NONE {
                        un.beat_pos = un.rank % beat.len() as u32;
                        un.target = beat[un.beat_pos as usize];
                    }
                    if un.target == node && !beat.is_empty() {
                        un.beat_pos = (un.beat_pos + 1) % beat.len() as u32;
                        un.target = beat[un.beat_pos as usize];
                    }
                    self.hop_to_target(u, node)
                }
                PatrolPolicy::Coverage => {
                    if self.units[u as usize].target == NONE
                        || self.units[u as usize].target == node
                    {
                        self.choose_coverage_target(u, node);
                    }
                    self.hop_to_target(u, node)
                }
                PatrolPolicy::Hotspot => {
                    if self.units[u as usize].target == NONE
                        || self.units[u as usize].target == node
                    {
                        self.choose_hotspot_target(u, node);
                    }
                    self.hop_to_target(u, node)
                }
                PatrolPolicy::Koper => {
                    let (next, ms) = self.koper_step(u, node);
                    stay = ms;
                    next
                }
                PatrolPolicy::Stakeout => {
                    let un = &self.units[u as usize];
                    if un.target == node && !un.waited {
                        // Wait unseen at the hot spot.
                        self.units[u as usize].waited = true;
                        stay = Some(self.levers.stakeouts.on_wait(node, self.now));
                        node
                    } else {
                        if un.target == NONE || un.target == node {
                            self.units[u as usize].waited = false;
                            self.choose_hotspot_target(u, node);
                        }
                        self.hop_to_target(u, node)
                    }
                }
            }
        };
        let ms = if let Some(ms) = stay {
            ms
        } else if next == node {
            10 * 60_000 // nowhere to go: stay ten minutes, then look again
        } else {
            let adj = *nbrs.iter().find(|a| a.to == next).expect("a neighbour");
            self.w.edge_ms(&adj, self.groups[g].speed_patrol) as Tick
        };
        let un = &mut self.units[u as usize];
        un.trip_from = node;
        un.trip_depart = self.now;
        un.next = next;
        un.next_at = self.now + ms;
        let at = un.next_at;
        self.schedule_unit(u, at);
        self.refresh_pos(u);
    }

    pub(super) fn hop_to_target(&mut self, u: u32, node: u32) -> u32 {
        let target = self.units[u as usize].target;
        if target == node {
            return self.random_step(u, node);
        }
        let table = self.units[u as usize].table as usize;
        self.routers[table].next_hop(self.w, node, target).0
    }

    /// A random walk that stays in the unit's jurisdiction and does not turn
    /// back unless it must; a unit outside its jurisdiction (after a call
    /// across the boundary) heads for its post first.
    pub(super) fn random_step(&mut self, u: u32, node: u32) -> u32 {
        let un = &self.units[u as usize];
        let (jur, prev) = (un.jur, un.prev);
        if self.w.node_jur[node as usize] != jur && node != un.post {
            let (post, table) = (un.post, un.table as usize);
            return self.routers[table].next_hop(self.w, node, post).0;
        }
        let nbrs = self.w.neighbours(node);
        let inside = |a: &&crate::world::Adj| a.to_jur == jur;
        let n_pref = nbrs.iter().filter(inside).filter(|a| a.to != prev).count();
        let rng = &mut self.unit_rng[u as usize];
        if n_pref > 0 {
            let k = rng.random_range(0..n_pref);
            return nbrs
                .iter()
                .filter(inside)
                .filter(|a| a.to != prev)
                .nth(k)
                .unwrap()
                .to;
        }
        let n_in = nbrs.iter().filter(inside).count();
        if n_in > 0 {
            let k = rng.random_range(0..n_in);
            return nbrs.iter().filter(inside).nth(k).unwrap().to;
        }
        nbrs[rng.random_range(0..nbrs.len())].to
    }

    /// Coverage-balancing: the least recently visited node of the unit's
    /// jurisdiction (ties: nearest, then lowest id); it is claimed at once
    /// so two units do not chase the same node.
    pub(super) fn choose_coverage_target(&mut self, u: u32, node: u32) {
        let jur = self.units[u as usize].jur as usize;
        let table = self.units[u as usize].table as usize;
        let mut best = (Tick::MAX, u32::MAX, u32::MAX);
        for i in 0..self.w.jurisdictions[jur].nodes.len() {
            let n = self.w.jurisdictions[jur].nodes[i];
            if n == node {
                continue;
            }
            let lv = self.last_visit[n as usize];
            if lv > best.0 {
                continue;
            }
            let d = self.routers[table].time(self.w, node, n);
            best = best.min((lv, d, n));
        }
        let target = if best.2 == u32::MAX { node } else { best.2 };
        self.last_visit[target as usize] = self.now;
        self.units[u as usize].target = target;
    }

    /// Presence of a patrol edge: police, or volunteers (deterrence only).
    pub(super) fn record_patrol(&mut self, g: usize, a: u32, b: u32, t0: Tick, t1: Tick) {
        let w = self.groups[g].vis[0];
        if !self.groups[g].deters {
            return;
        }
        if self.groups[g].police {
            self.presence.add_edge(a, b, t0, t1, w);
        } else {
            self.presence.add_civil_edge(a, b, t0, t1, w);
            self.levers.volunteers.on_leg(a, b, t0, t1, w);
        }
    }

    /// Enforcement patrol: after driving `driven` ms, a patrolling unit stops
    /// to check people at `node` with the configured rate per hour; the stop
    /// takes its minutes there (visible presence, unavailable until done).
    pub(super) fn maybe_stop_and_check(&mut self, unit: UnitId, node: u32, driven: Tick) -> bool {
        let u = unit.0;
        if self.groups[self.units[unit.ix()].group as usize].policy == PatrolPolicy::Stakeout {
            return false;
        }
        let Some(u2) = self.levers.enforcement.on_patrol_leg(unit, driven) else {
            return false;
        };
        if self.crime.is_some() {
            self.stop_and_check(node, u2);
        }
        let stay = self.levers.enforcement.stop_ms();
        if stay == 0 {
            return false;
        }
        let un = &mut self.units[u as usize];
        un.trip_from = node;
        un.trip_depart = self.now;
        un.next = node;
        un.next_at = self.now + stay.max(1);
        let at = un.next_at;
        self.schedule_unit(u, at);
        self.refresh_pos(u);
        true
    }

    /// Hot-spot patrol: a node of the unit's jurisdiction drawn with weight
    /// 1 + 20 × (crime reported there, decayed over a 14-day window), so
    /// presence follows recent crime but still reaches everywhere.
    pub(super) fn choose_hotspot_target(&mut self, u: u32, node: u32) {
        let jur = self.units[u as usize].jur as usize;
        let nodes = &self.w.jurisdictions[jur].nodes;
        let tau = HOT_SPOT_WINDOW_DAYS * MS_PER_DAY as f64;
        let now = self.now;
        let weight = |n: u32| -> f64 {
            match &self.crime {
                Some(c) => {
                    1.0 + 20.0
                        * c.heat[n as usize]
                        * (-(now.saturating_sub(c.heat_at[n as usize]) as f64) / tau).exp()
                }
                None => 1.0,
            }
        };
        let total: f64 = nodes.iter().map(|&n| weight(n)).sum();
        let mut pick = crate::engine::rng::uniform01(&mut self.unit_rng[u as usize]) * total;
        let mut target = node;
        for &n in nodes {
            let w = weight(n);
            if pick < w {
                target = n;
                break;
            }
            pick -= w;
        }
        self.units[u as usize].target = target;
    }

    /// Koper stops: standing at a hot spot until the stop ends, in steps of
    /// a minute (the dispatcher can take the unit at the end of any minute);
    /// on reaching the chosen hot spot, a stop of `koper_stop_min` begins;
    /// with no hot spot chosen, one of the jurisdiction's fixed hot spots
    /// not chosen within `koper_revisit_min`, uniformly at random, begun only
    /// in the treatment hours (`koper_start_hour` to `koper_end_hour`); with
    /// none due, a random step. Returns the next node and, when standing, how long.
    fn koper_step(&mut self, u: u32, node: u32) -> (u32, Option<Tick>) {
        const MINUTE: Tick = 60_000;
        let now = self.now;
        let un = &mut self.units[u as usize];
        if un.target == node {
            // Arrived: the stop begins.
            un.target = NONE;
            un.stop_at = node;
            un.stop_until = now + (self.s.deployment.koper_stop_min * MINUTE as f64) as Tick;
            if now >= self.warmup {
                self.koper_stops += 1;
            }
        }
        let un = &self.units[u as usize];
        if un.stop_at == node && now < un.stop_until {
            return (node, Some(MINUTE.min(un.stop_until - now)));
        }
        if un.target == NONE {
            self.choose_koper_target(u, node);
        }
        if self.units[u as usize].target == NONE {
            (self.random_step(u, node), None)
        } else {
            (self.hop_to_target(u, node), None)
        }
    }

    /// A fixed hot spot of the unit's jurisdiction, other than `node`, due
    /// for a stop, drawn uniformly; claimed at once so units spread out.
    fn choose_koper_target(&mut self, u: u32, node: u32) {
        let Some(cw) = &self.crime else {
            return; // no crime, no hot spots: random patrol
        };
        let jur = self.units[u as usize].jur as usize;
        let gap = (self.s.deployment.koper_revisit_min * 60_000.0) as Tick;
        let now = self.now;
        if !self
            .s
            .deployment
            .koper_hour(crate::engine::time::hour_of_day(now))
        {
            return; // outside the treatment hours: random patrol
        }
        let due = |n: u32| {
            n != node
                && cw.hot_spots[n as usize]
                && self.koper_chosen[n as usize].is_none_or(|t| now >= t + gap)
        };
        let nodes = &self.w.jurisdictions[jur].nodes;
        let count = nodes.iter().filter(|&&n| due(n)).count();
        if count == 0 {
            return;
        }
        let k = self.unit_rng[u as usize].random_range(0..count);
        let target = nodes
            .iter()
            .copied()
            .filter(|&n| due(n))
            .nth(k)
            .expect("k < count");
        self.koper_chosen[target as usize] = Some(now);
        self.units[u as usize].target = target;
    }

    // ----- shifts and breaks --------------------------------------------
}
