//! Calls for service and the 110 dispatcher: arrivals by hour of week, intake,
//! the priority queues, the nearest available unit (own jurisdiction first,
//! then as the boundary rule and regional cooperation allow), pre-emption.

use super::{Call, NONE, RETURNING, Sim, St, alloc};
use crate::engine::time::{Tick, hour_of_week, spend_weekly_rate, to_minutes};
use crate::model::LoggedCall;
use crate::model::event::{CallId, Event};
use crate::scenario::CrossRule;
use crate::world::World;

/// Up to this many units asked about one call node, each gets a path query
/// (networks without a full table); more share one bounded search from the
/// call's node (`Router::nearest_source`).
const FEW_UNITS: usize = 16;

impl<'a> Sim<'a> {
    /// Next arrival after `t` of the non-homogeneous Poisson process with a
    /// piecewise-constant hourly rate: one unit exponential per call, spent
    /// across hours by the integrated rate (exact, and one draw per call).
    pub(super) fn next_arrival(&mut self, t: Tick) -> Option<Tick> {
        if !self.any_calls {
            return None;
        }
        // One uniform per call, by inversion (see `Sampler::sample`).
        let need = -crate::engine::rng::uniform01(&mut self.call_rng).ln();
        spend_weekly_rate(&self.week_rate, need, t, self.horizon)
    }

    pub(super) fn on_next_call(&mut self) {
        let ty = self.type_alias.sample(&mut self.call_rng);
        let node = match &self.node_alias {
            Some(a) => a.sample(&mut self.call_rng) as u32,
            None => 0,
        };
        let intake = self.type_intake.sample(&mut self.call_rng);
        let on_scene_dur = self.type_scene[ty].sample(&mut self.call_rng);
        if self.opts.log_calls {
            self.log.push(LoggedCall {
                received_ms: self.now,
                node,
                call_type: ty as u16,
            });
        }
        if let Some(t) = self.next_arrival(self.now) {
            self.q.schedule(t, Event::NextCall.pack());
        }
        if self.now >= self.warmup {
            self.service_calls += 1;
        }
        self.open_call(node, ty, intake, on_scene_dur, NONE);
    }

    /// A call reaches 110 now: count it, then queue it after its intake
    /// delay, or (with `[intake]`) hand it to the police desk's call takers
    /// with `intake` as its handling time (`intake.rs`).
    pub(super) fn open_call(
        &mut self,
        node: u32,
        ty: usize,
        intake: Tick,
        on_scene_dur: Tick,
        crime: u32,
    ) -> u32 {
        let c = self.new_call(
            node,
            ty,
            self.now,
            self.now + intake,
            on_scene_dur,
            crime,
            true,
        );
        if self.desks.is_some() {
            self.desk_police(c, intake);
        } else if intake == 0 {
            self.dispatch(c);
        } else {
            self.q
                .schedule(self.now + intake, Event::Queued(CallId(c)).pack());
        }
        c
    }

    /// A call record, counted by its receipt (`police`: in the 110 call
    /// metrics; a desk's field call only in the roles' metrics).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new_call(
        &mut self,
        node: u32,
        ty: usize,
        received: Tick,
        queued: Tick,
        on_scene_dur: Tick,
        crime: u32,
        police: bool,
    ) -> u32 {
        let tracked = received >= self.warmup;
        let counted = tracked && police;
        let call = Call {
            received,
            queued,
            assigned: 0,
            on_scene_dur,
            node,
            jur: self.w.node_jur[node as usize],
            level: self.type_level[ty],
            prio: self.type_prio[ty],
            counted,
            preempted: false,
            crime,
            ty: ty as u16,
            need: super::roles::ANY,
            incident: NONE,
            tracked,
        };
        if counted {
            self.by_prio[call.prio as usize].received += 1;
            self.node_calls[node as usize] += 1;
            self.week_calls[hour_of_week(self.now)] += 1;
        }
        alloc(
            &mut self.calls,
            &mut self.free_calls,
            call,
            "calls open at once",
        )
    }

    /// Send the nearest available unit (by travel time) or queue the call.
    pub(super) fn dispatch(&mut self, c: u32) {
        if self.roles.is_some() {
            return self.dispatch_roles(c);
        }
        let call = self.calls[c as usize];
        let own = call.jur as usize;
        let rule = self.s.dispatch.cross_boundary;
        let best = self.find_unit(c);
        if best.0 != Tick::MAX {
            self.assign(best.1, c);
        } else if self.s.dispatch.preempt
            && call.prio == 0
            && let Some(u) = self.preempt_candidate(c, rule)
        {
            self.preempt(u, c);
        } else {
            let lv = call.level as usize * self.nj + own;
            self.queues[lv].push_back(c);
        }
    }

    /// The nearest available unit for call `c` (own jurisdiction first,
    /// then as the boundary rule allows); `Tick::MAX` when none.
    pub(super) fn find_unit(&mut self, c: u32) -> (Tick, u32) {
        let call = self.calls[c as usize];
        let own = call.jur as usize;
        let rule = self.s.dispatch.cross_boundary;
        let mut best = (Tick::MAX, NONE);
        if rule != CrossRule::Nearest {
            best = self.nearest(Some(own), call.node, own);
        }
        let look_wider = match rule {
            CrossRule::Never => false,
            CrossRule::WhenNoneFree => best.0 == Tick::MAX,
            CrossRule::Nearest => true,
        };
        if look_wider {
            best = self.nearest(None, call.node, own);
        }
        best
    }

    /// The unit on its way to a call of lower priority than call `c` that
    /// would reach `c` first (own jurisdiction first, then, as the boundary
    /// rule allows, others).
    pub(super) fn preempt_candidate(&mut self, c: u32, rule: CrossRule) -> Option<u32> {
        let call = self.calls[c as usize];
        let own = call.jur as usize;
        let mut best: Option<(Tick, u32)> = None;
        let mut by_table: Vec<Vec<(u32, Tick, u32)>> = vec![Vec::new(); self.routers.len()];
        for pass in 0..2 {
            if pass == 1 && (best.is_some() || rule == CrossRule::Never) {
                break;
            }
            // Own jurisdiction: its units only (no scan over all units).
            let k = if pass == 0 {
                self.jur_units[own].len()
            } else {
                self.units.len()
            };
            for i in 0..k {
                let u = if pass == 0 {
                    self.jur_units[own][i]
                } else {
                    i as u32
                };
                let un = &self.units[u as usize];
                let same = un.jur as usize == own;
                if un.state != St::EnRoute
                    || same != (pass == 0)
                    || (!same && !self.may_cross(own, u))
                    || self.calls[un.call as usize].prio <= call.prio
                    || !self.role_ok(u)
                {
                    continue;
                }
                let table = un.table as usize;
                let (at, t) = self.walk_trip(u, self.now, false);
                if let Some(row) = self.w.tables[table].full_row(call.node) {
                    let eta = t + row[at as usize] as Tick;
                    if best.is_none_or(|b| (eta, u) < b) {
                        best = Some((eta, u));
                    }
                } else {
                    by_table[table].push((at, t - self.now, u));
                }
            }
            // Above the full-table limit: one bounded search backward from
            // the call's node per table (exact, ties to the lowest unit as
            // above), not a Dijkstra row per call.
            for (table, sources) in by_table.iter_mut().enumerate() {
                if sources.is_empty() {
                    continue;
                }
                let (rel, u) = self.routers[table].nearest_source(self.w, call.node, sources);
                sources.clear();
                let eta = self.now + rel;
                if u != u32::MAX && best.is_none_or(|b| (eta, u) < b) {
                    best = Some((eta, u));
                }
            }
        }
        let limit = (self.s.dispatch.preempt_within_min * 60_000.0) as Tick;
        best.filter(|b| b.0 <= self.now + limit).map(|b| b.1)
    }

    /// Unit `u`, on its way to a less urgent call, is sent to call `c`
    /// instead; that call goes back to the head of its queue.
    pub(super) fn preempt(&mut self, u: u32, c: u32) {
        let (at, t) = self.walk_trip(u, self.now, true);
        let old = self.units[u as usize].call;
        let o = &mut self.calls[old as usize];
        o.preempted = true;
        let lv = o.level as usize * self.nj + o.jur as usize;
        if o.counted {
            self.preemptions += 1;
        }
        self.queues[lv].push_front(old);
        let un = &mut self.units[u as usize];
        un.node = at;
        un.trip_from = at;
        un.trip_depart = t;
        self.send(u, c, at, t);
    }

    /// The available unit (of jurisdiction `own`, or of all that may answer
    /// calls in `call_jur`) that reaches `node` first; ties go to the lowest
    /// unit number.
    #[inline]
    pub(super) fn nearest(
        &mut self,
        own: Option<usize>,
        node: u32,
        call_jur: usize,
    ) -> (Tick, u32) {
        let w: &'a World = self.w;

        let mut best = (Tick::MAX, NONE);
        let mut returning = false;
        {
            // Fast pass over the available units (a bitset per jurisdiction,
            // row `nj` for all), using shared borrows only.
            let words = self.avail_words;
            let row_idx = own.unwrap_or(self.nj);
            let bits = &self.avail[row_idx * words..(row_idx + 1) * words];
            let (pos, now) = (&self.pos, self.now);
            let row = self.single_table.and_then(|t| w.tables[t].full_row(node));
            let roles = self.roles.as_deref();
            for (wi, &word) in bits.iter().enumerate() {
                let mut word = word;
                while word != 0 {
                    let u = (wi * 64 + word.trailing_zeros() as usize) as u32;
                    word &= word - 1;
                    if own.is_none() && !self.may_cross(call_jur, u) {
                        continue;
                    }
                    if let Some(r) = roles
                        && !r.wanted(self.units[u as usize].group)
                    {
                        continue;
                    }
                    let (from, t0) = pos[u as usize];
                    if t0 == RETURNING {
                        returning = true;
                        continue;
                    }
                    let tt = match row {
                        Some(row) => row[from as usize],
                        None => {
                            let table = self.units[u as usize].table as usize;
                            match w.tables[table].full_row(node) {
                                Some(r) => r[from as usize],
                                None => {
                                    returning = true; // on-demand rows need the router: second pass
                                    continue;
                                }
                            }
                        }
                    };
                    let eta = t0.max(now) + tt as Tick;
                    if eta < best.0 {
                        best = (eta, u);
                    }
                }
            }
        }
        if returning {
            // Slow pass: units driving home (located along their path) and
            // travel times computed on demand.
            let n = own.map_or(self.units.len(), |j| self.jur_units[j].len());
            // Few units with full tables: a lookup each; many, or any
            // travel table without a full table: one search from the
            // call's node per travel table, stopping at the first unit that
            // wins (its path is kept for the trip).
            if n > FEW_UNITS || !w.tables.iter().all(|t| t.is_full()) {
                let mut by_table: Vec<Vec<(u32, Tick, u32)>> = vec![Vec::new(); self.routers.len()];
                for i in 0..n {
                    let u = own.map_or(i as u32, |j| self.jur_units[j][i]);
                    if (own.is_none() && !self.may_cross(call_jur, u)) || !self.role_ok(u) {
                        continue;
                    }
                    let (from, t0) = self.pos[u as usize];
                    let table = self.units[u as usize].table as usize;
                    if t0 == RETURNING {
                        if !self.available(u) {
                            continue;
                        }
                        let (at, t) = self.start_point(u, false);
                        by_table[table].push((at, t.saturating_sub(self.now), u));
                    } else if t0 < RETURNING && w.tables[table].full_row(node).is_none() {
                        by_table[table].push((from, t0.max(self.now) - self.now, u));
                    }
                }
                for (table, sources) in by_table.into_iter().enumerate() {
                    let (rel, u) = self.routers[table].nearest_source(w, node, &sources);
                    if u != u32::MAX && (self.now + rel, u) < best {
                        best = (self.now + rel, u);
                    }
                }
                return best;
            }
            for i in 0..n {
                let u = own.map_or(i as u32, |j| self.jur_units[j][i]);
                if (own.is_none() && !self.may_cross(call_jur, u)) || !self.role_ok(u) {
                    continue;
                }
                let (from, t0) = self.pos[u as usize];
                let eta = if t0 == RETURNING {
                    self.eta(u, node)
                } else if t0 < RETURNING
                    && w.tables[self.units[u as usize].table as usize]
                        .full_row(node)
                        .is_none()
                {
                    let table = self.units[u as usize].table as usize;
                    t0.max(self.now) + self.routers[table].time(w, from, node) as Tick
                } else {
                    continue;
                };
                if (eta, u) < best {
                    best = (eta, u);
                }
            }
        }
        best
    }

    /// Unit `u` may answer calls in jurisdiction `call_jur` (regional
    /// cooperation allows crossing the boundary).
    #[inline]
    pub(super) fn may_cross(&self, call_jur: usize, u: u32) -> bool {
        self.levers
            .regional
            .may_answer(call_jur, self.units[u as usize].jur as usize)
    }

    pub(super) fn assign(&mut self, u: u32, c: u32) {
        let g = self.units[u as usize].group as usize;
        if self.units[u as usize].state == St::Patrol {
            let un = &self.units[u as usize];
            let (a, b, t0, t1) = (un.trip_from, un.next, un.trip_depart, un.next_at);
            self.record_patrol(g, a, b, t0, t1);
        }
        if self.roles.is_some() {
            self.note_cover(u, c);
        }
        let (from, t0) = self.start_point(u, true);
        self.set_state(u, St::EnRoute);
        self.send(u, c, from, t0);
    }

    /// Unit `u` (en route) drives to call `c` from `from`, leaving at `t0`.
    pub(super) fn send(&mut self, u: u32, c: u32, from: u32, t0: Tick) {
        let call = &mut self.calls[c as usize];
        call.assigned = self.now;
        let call = *call;
        if call.counted && !call.preempted {
            let wait = self.now - call.queued;
            let ws = &mut self.by_prio[call.prio as usize];
            ws.assigned += 1;
            ws.delayed += (wait > 0) as u64;
            ws.wait.push(to_minutes(wait));
            ws.wait_hist.record(wait);
            if self.units[u as usize].jur != call.jur {
                self.across += 1;
            }
        }
        let table = self.units[u as usize].table as usize;
        let arrive = t0 + self.routers[table].time(self.w, from, call.node) as Tick;
        let un = &mut self.units[u as usize];
        un.call = c;
        un.trip_from = from;
        un.trip_depart = t0;
        un.dest = call.node;
        self.schedule_unit(u, arrive);
    }

    // ----- units -------------------------------------------------------

    /// The oldest queued call of the highest priority this unit may take:
    /// its own jurisdiction first, then (unless `never`) any other.
    pub(super) fn pick_call(&mut self, u: u32) -> Option<u32> {
        if self.roles.is_some() {
            return self.pick_call_roles(u);
        }
        let own = self.units[u as usize].jur as usize;
        let levels = self.queues.len() / self.nj;
        for lv in 0..levels {
            let base = lv * self.nj;
            if let Some(c) = self.queues[base + own].pop_front() {
                return Some(c);
            }
            if self.s.dispatch.cross_boundary == CrossRule::Never {
                continue;
            }
            let mut best = (Tick::MAX, usize::MAX);
            for j in 0..self.nj {
                if !self.levers.regional.may_answer(j, own) {
                    continue;
                }
                if let Some(&c) = self.queues[base + j].front() {
                    best = best.min((self.calls[c as usize].queued, j));
                }
            }
            if best.1 != usize::MAX {
                return self.queues[base + best.1].pop_front();
            }
        }
        None
    }
}
