//! Units' lives: position and availability as the dispatcher sees them,
//! trips along shortest paths, the unit event (arrive, serve, return), being
//! free, shifts and admin breaks.

use super::{NONE, RETURNING, Sim, St, UNAVAILABLE};
use crate::engine::time::{MS_PER_DAY, MS_PER_HOUR, Tick, hour_of_week, to_minutes};
use crate::model::event::{Event, UnitId};
use crate::scenario::AfterCall;

impl<'a> Sim<'a> {
    /// Keep the dispatcher's view of a unit (`pos`, `avail`) in step with its state.
    pub(super) fn refresh_pos(&mut self, u: u32) {
        let un = &self.units[u as usize];
        let jur = un.jur as usize;
        let p = if !un.on_duty || !self.groups[un.group as usize].police {
            (0, UNAVAILABLE)
        } else {
            match un.state {
                St::Standby | St::Held => (un.node, 0),
                St::Patrol => (un.next, un.next_at),
                St::Returning => (0, RETURNING),
                _ => (0, UNAVAILABLE),
            }
        };
        self.pos[u as usize] = p;
        let (word, bit) = (u as usize / 64, 1u64 << (u % 64));
        for row in [jur, self.nj] {
            let cell = &mut self.avail[row * self.avail_words + word];
            if p.1 == UNAVAILABLE {
                *cell &= !bit;
            } else {
                *cell |= bit;
            }
        }
    }

    pub(super) fn available(&self, u: u32) -> bool {
        let un = &self.units[u as usize];
        un.on_duty
            && matches!(
                un.state,
                St::Standby | St::Patrol | St::Returning | St::Held
            )
    }

    /// Where and when a unit would start a trip if sent now.
    pub(super) fn start_point(&mut self, u: u32, record: bool) -> (u32, Tick) {
        let un = &self.units[u as usize];
        match un.state {
            St::Patrol => (un.next, un.next_at),
            St::Returning => self.walk_trip(u, self.now, record),
            _ => (un.node, self.now),
        }
    }

    /// Arrival time at `node` if sent now; `Tick::MAX` when not available.
    pub(super) fn eta(&mut self, u: u32, node: u32) -> Tick {
        if !self.available(u) {
            return Tick::MAX;
        }
        let (from, t0) = self.start_point(u, false);
        let table = self.units[u as usize].table as usize;
        t0 + self.routers[table].time(self.w, from, node) as Tick
    }

    /// Walk the current trip along its shortest path until the first node
    /// reached at or after `until` (or the destination); optionally record
    /// the presence of the part driven.
    pub(super) fn walk_trip(&mut self, u: u32, until: Tick, record: bool) -> (u32, Tick) {
        let un = &self.units[u as usize];
        let (mut at, mut t, dest, table) =
            (un.trip_from, un.trip_depart, un.dest, un.table as usize);
        let w = match un.state {
            St::EnRoute => self.groups[un.group as usize].vis[1],
            _ => self.groups[un.group as usize].vis[2],
        };
        if record && w <= 0.0 && until == Tick::MAX {
            return (dest, self.now); // nothing to record: skip the walk
        }
        while at != dest && t < until {
            let (nx, ms) = self.routers[table].next_hop(self.w, at, dest);
            let t1 = t + ms as Tick;
            if record && self.groups[self.units[u as usize].group as usize].deters {
                if self.groups[self.units[u as usize].group as usize].police {
                    self.presence.add_edge(at, nx, t, t1, w);
                } else {
                    self.presence.add_civil_edge(at, nx, t, t1, w);
                    self.levers.volunteers.on_leg(at, nx, t, t1, w);
                }
            }
            at = nx;
            t = t1;
        }
        (at, t.max(self.now))
    }

    pub(super) fn set_state(&mut self, u: u32, st: St) {
        let (warmup, now) = (self.warmup, self.now.min(self.horizon));
        let un = &mut self.units[u as usize];
        let from = un.since.max(warmup);
        if now > from {
            self.state_ms[un.state as usize] += now - from;
            if matches!(un.state, St::EnRoute | St::OnScene) {
                add_by_hour(&mut self.week_busy_ms, from, now);
            }
        }
        un.state = st;
        un.since = now;
        self.refresh_pos(u);
    }

    #[inline]
    pub(super) fn schedule_unit(&mut self, u: u32, at: Tick) {
        let un = &mut self.units[u as usize];
        if un.ev_live && un.ev_at == at {
            return; // the live event already fires then
        }
        un.ev_at = at;
        un.ev_live = true;
        self.q.schedule(at, Event::Unit(UnitId(u)).pack());
    }

    pub(super) fn on_unit_event(&mut self, u: u32) {
        {
            let un = &mut self.units[u as usize];
            if !(un.ev_live && un.ev_at == self.now) {
                return; // superseded
            }
            un.ev_live = false;
        }
        self.event_kinds[super::UNIT_EVENT_AT + self.units[u as usize].state as usize] += 1;
        let g = self.units[u as usize].group as usize;
        match self.units[u as usize].state {
            St::Patrol => {
                let un = &self.units[u as usize];
                let (a, b, t0, t1) = (un.trip_from, un.next, un.trip_depart, un.next_at);
                self.record_patrol(g, a, b, t0, t1);
                let un = &mut self.units[u as usize];
                un.prev = un.node;
                un.node = b;
                self.last_visit[b as usize] = self.now;
                if !self.units[u as usize].on_duty {
                    self.go_home(u);
                } else if self.units[u as usize].admin_pending {
                    self.start_admin(u);
                } else if !self.maybe_stop_and_check(UnitId(u), b, if a == b { 0 } else { t1 - t0 })
                {
                    self.step_patrol(u);
                }
            }
            St::EnRoute => {
                self.walk_trip(u, Tick::MAX, true);
                let c = self.units[u as usize].call;
                let call = self.calls[c as usize];
                self.units[u as usize].node = call.node;
                if self.roles.is_some() {
                    self.role_arrival(c);
                }
                if call.counted {
                    let resp = self.now - call.received;
                    // A phased run credits the response to the period in
                    // which the call came in.
                    let period = self.period_of(call.received);
                    if let Some(p) = self.period_resp.get_mut(period) {
                        p[0] += 1.0;
                        p[1] += to_minutes(resp);
                    }
                    // Priority-1 calls against the response target of their area type.
                    if self.priorities[call.prio as usize] == 1 {
                        let area = self.s.jurisdictions[call.jur as usize].area_type;
                        if let Some(target) = self.s.dispatch.response_target_min[area] {
                            let met = to_minutes(resp) <= target;
                            self.target_calls[area] += 1;
                            self.target_met[area] += met as u64;
                            if let Some(p) = self.period_resp.get_mut(period) {
                                p[2] += 1.0;
                                p[3] += met as u8 as f64;
                            }
                        }
                    }
                    let ws = &mut self.by_prio[call.prio as usize];
                    ws.resp.push(to_minutes(resp));
                    ws.resp_hist.record(resp);
                    self.travel.push(to_minutes(self.now - call.assigned));
                }
                self.set_state(u, St::OnScene);
                self.schedule_unit(u, self.now + call.on_scene_dur);
                if call.crime != NONE {
                    // An arrest holds the unit (custody, booking, file).
                    let hold = self.on_scene_of_crime(call.crime);
                    if hold > 0 {
                        self.schedule_unit(u, self.now + call.on_scene_dur + hold);
                    }
                }
            }
            St::OnScene => {
                let c = self.units[u as usize].call;
                let call = self.calls[c as usize];
                if call.counted {
                    self.cleared += 1;
                    self.on_scene.push(to_minutes(call.on_scene_dur));
                    self.busy.push(to_minutes(self.now - call.assigned));
                }
                self.free_calls.push(c);
                self.units[u as usize].call = NONE;
                if call.crime != NONE {
                    self.call_closed(call.crime);
                }
                self.become_free(u);
            }
            St::Returning => {
                self.walk_trip(u, Tick::MAX, true);
                // Home is where the trip went (a phase may have moved the
                // post meanwhile: then the unit drives on to the new one).
                let dest = self.units[u as usize].dest;
                self.units[u as usize].node = dest;
                if !self.units[u as usize].on_duty {
                    self.go_home(u);
                } else {
                    self.become_free(u);
                }
            }
            st => unreachable!("unit event in state {st:?}"),
        }
    }

    /// The unit is free at `node` (after a call, a break, a trip home, or
    /// at the start of duty): off duty, break, queued call, patrol, or standby.
    pub(super) fn become_free(&mut self, u: u32) {
        let un = &self.units[u as usize];
        if !un.on_duty {
            self.go_home(u);
            return;
        }
        if un.admin_pending {
            self.start_admin(u);
            return;
        }
        let (patrol, state) = (un.patrol_role, un.state);
        let police = self.groups[un.group as usize].police;
        if let Some(c) = if police { self.pick_call(u) } else { None } {
            if !matches!(state, St::Standby | St::Held | St::Patrol | St::Returning) {
                self.set_state(u, St::Held);
            }
            self.assign(u, c);
        } else if patrol {
            self.set_state(u, St::Patrol);
            self.units[u as usize].prev = NONE; // a new walk: any direction
            self.step_patrol(u);
        } else if self.s.dispatch.after_call == AfterCall::Hold && state != St::OffDuty {
            self.set_state(u, St::Held);
        } else {
            self.go_home(u);
        }
    }

    pub(super) fn go_home(&mut self, u: u32) {
        let un = &self.units[u as usize];
        if un.node == un.post {
            let st = if un.on_duty { St::Standby } else { St::OffDuty };
            self.set_state(u, st);
            return;
        }
        let (node, post, table) = (un.node, un.post, un.table as usize);
        self.set_state(u, St::Returning);
        self.routers[table].mark_habitual(post);
        let arrive = self.now + self.routers[table].time(self.w, node, post) as Tick;
        let un = &mut self.units[u as usize];
        un.trip_from = node;
        un.trip_depart = self.now;
        un.dest = post;
        self.schedule_unit(u, arrive);
    }

    pub(super) fn on_shift(&mut self, u: u32) {
        if self.units[u as usize].shift_at != self.now {
            return; // stale: a phase changed the group's shift
        }
        self.units[u as usize].shift_at = Tick::MAX;
        self.shift_change(u);
        self.refresh_pos(u);
    }

    pub(super) fn shift_change(&mut self, u: u32) {
        let g = self.units[u as usize].group as usize;
        let on = self.groups[g].duty.on_at(self.now) && self.units[u as usize].in_service;
        if let Some(t) = self.groups[g].duty.next_change(self.now)
            && self.units[u as usize].shift_at != t
        {
            self.q.schedule(t, Event::Shift(UnitId(u)).pack());
            self.units[u as usize].shift_at = t;
        }
        let was = self.units[u as usize].on_duty;
        if on && !was {
            self.units[u as usize].on_duty = true;
            let state = self.units[u as usize].state;
            self.plan_admin(u, self.now);
            if state == St::OffDuty {
                self.become_free(u);
            }
        } else if !on && was {
            let un = &mut self.units[u as usize];
            un.on_duty = false;
            un.admin_pending = false;
            match un.state {
                St::Standby | St::Held | St::Admin => self.go_home(u),
                St::Patrol => self.end_patrol(u),
                _ => {} // busy or already heading home: handled when free
            }
        }
    }

    /// Finish the patrol edge being driven, then drive home from there.
    pub(super) fn end_patrol(&mut self, u: u32) {
        let un = &self.units[u as usize];
        let g = un.group as usize;
        let (a, b, t0, t1) = (un.trip_from, un.next, un.trip_depart, un.next_at);
        let (table, post) = (un.table as usize, un.post);
        self.record_patrol(g, a, b, t0, t1);
        self.set_state(u, St::Returning);
        self.routers[table].mark_habitual(post);
        let arrive = t1 + self.routers[table].time(self.w, b, post) as Tick;
        let un = &mut self.units[u as usize];
        un.node = b;
        un.trip_from = b;
        un.trip_depart = t1;
        un.dest = post;
        self.schedule_unit(u, arrive);
    }

    // ----- phases --------------------------------------------------------

    /// Plan one break of `admin_share` of a planning window — the rest of
    /// the duty period from `from`, at most a day — at a uniform time within
    /// it. The next window is planned when this break is due.
    pub(super) fn plan_admin(&mut self, u: u32, from: Tick) {
        let g = self.units[u as usize].group as usize;
        let share = self.groups[g].admin_share;
        if share <= 0.0 {
            return;
        }
        let duty = &self.groups[g].duty;
        let end = match duty.next_change(from) {
            Some(e) => e.min(from + MS_PER_DAY),
            None => from + MS_PER_DAY,
        };
        let len = end - from;
        let a = (share * len as f64).round() as Tick;
        let u01 = crate::engine::rng::uniform01(&mut self.unit_rng[u as usize]);
        let start = from + (u01 * (len - a) as f64) as Tick;
        let un = &mut self.units[u as usize];
        un.admin_len = a;
        un.admin_start_at = start;
        un.admin_window_end = end;
        self.q.schedule(start, Event::AdminStart(UnitId(u)).pack());
    }

    pub(super) fn on_admin_start(&mut self, u: u32) {
        if self.units[u as usize].admin_start_at != self.now {
            return;
        }
        let g = self.units[u as usize].group as usize;
        let end = self.units[u as usize].admin_window_end;
        // The break due now keeps its length; planning the next window
        // overwrites `admin_len`.
        self.units[u as usize].admin_due = self.units[u as usize].admin_len;
        if self.groups[g].duty.on_at(end) && self.units[u as usize].on_duty {
            self.plan_admin(u, end); // duty goes on past this window
        }
        let un = &mut self.units[u as usize];
        if !un.on_duty {
            return;
        }
        match un.state {
            St::Standby | St::Held => self.start_admin(u),
            _ => un.admin_pending = true, // after the edge, the trip or the call
        }
    }

    pub(super) fn start_admin(&mut self, u: u32) {
        self.set_state(u, St::Admin);
        let un = &mut self.units[u as usize];
        un.admin_pending = false;
        un.admin_end_at = self.now + un.admin_due;
        let at = un.admin_end_at;
        self.q.schedule(at, Event::AdminEnd(UnitId(u)).pack());
    }

    pub(super) fn on_admin_end(&mut self, u: u32) {
        let un = &self.units[u as usize];
        if un.state != St::Admin || un.admin_end_at != self.now {
            return;
        }
        self.set_state(u, St::Held);
        self.become_free(u);
    }

    // ----- results -------------------------------------------------------
}

/// Add the milliseconds of `[from, to)` to the hours of the week they fall in.
fn add_by_hour(week: &mut [u64; 168], from: Tick, to: Tick) {
    let mut t = from;
    while t < to {
        let end = ((t / MS_PER_HOUR + 1) * MS_PER_HOUR).min(to);
        week[hour_of_week(t)] += end - t;
        t = end;
    }
}
