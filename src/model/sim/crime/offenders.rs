//! Offenders' lives: local offenders' daily outings and roaming offenders'
//! visits, walking along roads to eat/live/travel/sell/play places, false
//! alarms, and what happens when an offender reaches a place.

use super::{
    Channel, CrimeWorld, OffSt, Offender, USE_COMMERCIAL, USE_ENTERTAINMENT, USE_LODGING,
    USE_SECOND_HAND, USE_TRANSPORT,
};
use crate::engine::rng::{open01, splitmix64, stream, uniform01};
use crate::engine::time::{MS_PER_DAY, MS_PER_HOUR, Tick};
use crate::model::event::{Event, OffenderId};
use crate::model::levers::Stay;
use crate::model::levers::checkpoints::Arrive;
use crate::model::sim::{NONE, Sim};
use crate::model::streams;
use crate::scenario::crime::CrimeSpec;

impl<'a> Sim<'a> {
    pub(in crate::model::sim) fn spec(&self) -> &'a CrimeSpec {
        self.s.crime.as_ref().expect("crime is on")
    }

    pub(in crate::model::sim) fn cw(&mut self) -> &mut CrimeWorld {
        self.crime.as_mut().expect("crime is on")
    }

    /// One uniform from offender `o`'s stream.
    pub(in crate::model::sim) fn ou(&mut self, o: u32) -> f64 {
        uniform01(&mut self.cw().rng[o as usize])
    }

    /// Schedule the first events of the crime model: each offender's first
    /// outing (or release, for those who start in prison), the first onset
    /// of a career, roaming offenders and false alarms.
    pub(in crate::model::sim) fn start_crime(&mut self) {
        let spec = self.spec();
        let n = self.crime.as_ref().map_or(0, |c| c.offenders.len());
        let nk = spec.types.len();
        if spec.start_stationary
            && let Some(st) = self.start
        {
            self.start_stationary(st);
        }
        for o in 0..n as u32 {
            if spec.start_stationary && self.start.is_some() {
                break;
            }
            let uid = self.cw().offenders[o as usize].uid;
            if self.keyed(uid, 0, 11) < spec.start_in_prison_share {
                let k = (self.keyed(uid, 0, 12) * nk as f64) as usize % nk;
                self.cw().offenders[o as usize].last_kind = k as u16;
                self.sanction(o, k, false);
            } else {
                self.plan_outing(o, 0);
            }
        }
        if let Some(gap) = self.cw().onset_gap(spec) {
            self.q.schedule(gap, Event::Onset.pack());
        }
        self.next_roamer();
        self.next_false_alarm();
    }

    /// A uniform keyed by offender `uid`, time `t` and a tag, taken from no
    /// stream: what follows an arrest leaves the offenders' choices as they
    /// were (common random numbers).
    pub(in crate::model::sim) fn keyed(&self, uid: u64, t: Tick, tag: u64) -> f64 {
        open01(splitmix64(
            self.seed ^ splitmix64(uid ^ splitmix64(t ^ (tag << 56))),
        ))
    }

    /// The number of active local careers changes by `delta` now.
    pub(in crate::model::sim) fn change_active(&mut self, delta: i32) {
        let (now, warmup) = (self.now, self.warmup);
        let cw = self.cw();
        let from = cw.active_at.max(warmup);
        if now > from {
            cw.stats.active_ms += cw.active as f64 * (now - from) as f64;
        }
        cw.active_at = now;
        cw.active = cw.active.saturating_add_signed(delta);
    }

    /// A local offender's career starts; the next onset is scheduled.
    pub(in crate::model::sim) fn on_onset(&mut self) {
        let spec = self.spec();
        let (seed, now) = (self.seed, self.now);
        let o = self.cw().new_local(spec, seed, now);
        if now >= self.warmup {
            self.cw().stats.onsets += 1;
        }
        self.change_active(1);
        self.plan_outing(o, now);
        if let Some(gap) = self.cw().onset_gap(spec) {
            self.q.schedule(now + gap, Event::Onset.pack());
        }
    }

    /// A local offender's career is over: he leaves the population (his
    /// slot may be reused by a new one).
    fn desist(&mut self, o: u32) {
        self.note_unfree(o);
        let off = &mut self.cw().offenders[o as usize];
        off.state = OffSt::Gone;
        off.ev_live = false;
        self.cw().free_offenders.push(o);
        if self.now >= self.warmup {
            self.cw().stats.desistances += 1;
        }
        self.change_active(-1);
    }

    /// Schedule the next roaming offender's arrival (none while the rate is
    /// 0; a phase that raises it starts the chain again).
    pub(in crate::model::sim) fn next_roamer(&mut self) {
        let rate = self.spec().roaming_per_day;
        let cw = self.cw();
        if rate <= 0.0 {
            cw.roam_live = false;
            return;
        }
        cw.roam_live = true;
        let u = uniform01(&mut cw.roam_rng);
        let gap = -(1.0 - u).ln() * MS_PER_DAY as f64 / rate;
        self.q
            .schedule(self.now + gap as Tick + 1, Event::Roamer.pack());
    }

    /// After a phase changed the settings: restart the chains of roaming
    /// offenders and false alarms if their rate became positive, and hand
    /// queued cases to investigation at once if detectives are gone.
    pub(in crate::model::sim) fn after_phase(&mut self) {
        if !self.cw().roam_live {
            self.next_roamer();
        }
        if !self.levers.programmes.alarm_live() {
            self.next_false_alarm();
        }
        if self.s.investigation.detectives == 0 {
            while let Some((c, _)) = self.cw().case_queue.pop_front() {
                let (_, _, u, d) = self.report_draws(c);
                self.investigate_now(c, u, d);
                self.release_crime(c); // the queue's hold
            }
        }
    }

    pub(in crate::model::sim) fn next_false_alarm(&mut self) {
        if let Some(gap) = self.levers.programmes.next_false_alarm() {
            self.q.schedule(self.now + gap, Event::FalseAlarm.pack());
        }
    }

    pub(in crate::model::sim) fn on_false_alarm(&mut self) {
        let counted = self.now >= self.warmup;
        let Some((node, u1, u2)) = self.levers.programmes.on_false_alarm(counted) else {
            return;
        };
        let ty = self.cw().first_call_type + self.spec().types.len();
        let intake = self.type_intake.at(u1);
        let scene = self.type_scene[ty].at(u2);
        self.open_call(node, ty, intake, scene, NONE);
        self.next_false_alarm();
    }

    pub(in crate::model::sim) fn schedule_offender(&mut self, o: u32, at: Tick) {
        let off = &mut self.cw().offenders[o as usize];
        if off.ev_live && off.ev_at == at {
            return;
        }
        off.ev_at = at;
        off.ev_live = true;
        self.q.schedule(at, Event::Offender(OffenderId(o)).pack());
    }

    /// A local offender at home plans the next outing: a start hour drawn
    /// from street activity, one to several stops.
    pub(in crate::model::sim) fn plan_outing(&mut self, o: u32, after: Tick) {
        let spec = self.spec();
        let off = &self.cw().offenders[o as usize];
        if !off.roaming && after >= off.career_end {
            self.desist(o);
            return;
        }
        let act = &self.s.places.activity_by_hour;
        let total: f64 = act.iter().sum();
        let u = uniform01(&mut self.cw().rng[o as usize]);
        let mut acc = 0.0;
        let mut hour = 23;
        for (h, a) in act.iter().enumerate() {
            acc += a / total;
            if u < acc {
                hour = h;
                break;
            }
        }
        let within = uniform01(&mut self.cw().rng[o as usize]);
        let day = after / MS_PER_DAY;
        let mut t =
            day * MS_PER_DAY + hour as Tick * MS_PER_HOUR + (within * MS_PER_HOUR as f64) as Tick;
        if t <= after {
            t += MS_PER_DAY;
        }
        let stops_u = uniform01(&mut self.cw().rng[o as usize]);
        let stops = ((spec.trips_per_day - 1.0 + stops_u).floor().max(1.0)) as u32;
        let off = &mut self.cw().offenders[o as usize];
        off.state = OffSt::Home;
        off.stops_left = stops;
        self.schedule_offender(o, t);
    }

    pub(in crate::model::sim) fn on_roamer(&mut self) {
        let spec = self.spec();
        self.next_roamer();
        if !self.cw().roam_live {
            return; // a phase stopped roaming offenders
        }
        let (now, seed) = (self.now, self.seed);
        let cw = self.cw();
        let e = cw.exits
            [(uniform01(&mut cw.roam_rng) * cw.exits.len() as f64) as usize % cw.exits.len()];
        let k = cw.roaming_count;
        cw.roaming_count += 1;
        let stops = ((spec.trips_per_day + uniform01(&mut cw.roam_rng))
            .floor()
            .max(1.0)) as u32;
        let mut rng = stream(seed, streams::ROAMER_BASE + k);
        let off = Offender {
            rate: super::rate_at(uniform01(&mut rng), spec.rate_sdlog) * spec.rate_mean,
            stops_left: stops,
            leave_by: now + (spec.roaming_stay_hours * MS_PER_HOUR as f64) as Tick,
            ..Offender::new((1 << 40) + k, e, true, OffSt::Dwelling)
        };
        let o = cw.take_slot(off, rng);
        self.next_stop(o);
    }

    /// Choose the next place to go: an activity place of the kinds the essay
    /// names (eat, live, travel, sell, play), the nearest of a few
    /// candidates; home (or out of the county) when the outing is over.
    pub(in crate::model::sim) fn next_stop(&mut self, o: u32) {
        let now = self.now;
        let off = self.cw().offenders[o as usize].clone();
        let dest = if off.stops_left == 0 || (off.roaming && now >= off.leave_by) {
            let dest = if off.roaming {
                let cw = self.cw();
                let i = (uniform01(&mut cw.rng[o as usize]) * cw.exits.len() as f64) as usize
                    % cw.exits.len();
                cw.exits[i]
            } else {
                off.home
            };
            // Home and the exits are habitual: routes there are kept as
            // search trees (world::travel, above the full-table limit).
            let table = self.cw().table;
            self.routers[table].mark_habitual(dest);
            dest
        } else {
            let u = uniform01(&mut self.cw().rng[o as usize]);
            let use_ = if off.loot && u < 0.6 {
                USE_SECOND_HAND // sell
            } else if u < 0.35 {
                USE_COMMERCIAL // eat
            } else if u < 0.6 {
                USE_ENTERTAINMENT // play
            } else if u < 0.72 {
                USE_TRANSPORT // travel
            } else if off.roaming && u < 0.82 {
                USE_LODGING // live
            } else {
                0 // wander through a residential area
            };
            let table = self.cw().table;
            let mut cands = [off.node; 4];
            let w = self.w;
            let cw = self.crime.as_mut().expect("crime");
            let use_ = if cw.by_use[use_].is_empty() { 0 } else { use_ };
            let rng = &mut cw.rng[o as usize];
            if let Some(near) = cw.nearby.as_mut() {
                // Within the search radius of home (a roaming offender: of
                // where he is); no place of the kind there: a residential
                // one; none either: the anchor itself.
                let anchor = if off.roaming { off.node } else { off.home };
                let mut list = near.within(&w.xy, anchor, use_);
                if list.is_empty() {
                    list = near.within(&w.xy, anchor, 0);
                }
                let list: &[u32] = if list.is_empty() { &[anchor] } else { list };
                for c in &mut cands {
                    *c = list[(uniform01(rng) * list.len() as f64) as usize % list.len()];
                }
            } else {
                let list = &cw.by_use[use_];
                if !list.is_empty() {
                    for c in &mut cands {
                        *c = list[(uniform01(rng) * list.len() as f64) as usize % list.len()];
                    }
                }
            }
            self.cw().offenders[o as usize].stops_left -= 1;
            // The nearest candidate (ties: lowest node).
            self.routers[table].nearest_of(self.w, off.node, &cands).1
        };
        let off = &mut self.cw().offenders[o as usize];
        off.dest = dest;
        off.state = OffSt::Moving;
        self.walk_offender(o);
    }

    /// Walk on toward the destination until a node where the offender looks
    /// for an opportunity, or the destination; schedule the event there.
    pub(in crate::model::sim) fn walk_offender(&mut self, o: u32) {
        let search = self.spec().search_share;
        let table = self.cw().table;
        let (mut at, dest) = {
            let off = &self.cw().offenders[o as usize];
            (off.node, off.dest)
        };
        let mut t = self.now;
        let suspect = {
            let off = &self.cw().offenders[o as usize];
            off.loot || off.wanted.is_some()
        };
        while at != dest {
            let (nx, ms) = self.routers[table].next_hop(self.w, at, dest);
            at = nx;
            t += ms as Tick;
            let look = at == dest || uniform01(&mut self.cw().rng[o as usize]) < search;
            // A staffed checkpoint stops a suspect; he looks around after
            // the check if this was a place to look anyway.
            if suspect {
                let cw = self.crime.as_mut().expect("crime is on");
                let marks = &mut cw.offenders[o as usize].marks.checkpoints;
                if self.levers.checkpoints.on_pass(marks, at, t, look) {
                    break;
                }
            }
            if look {
                break;
            }
        }
        self.cw().offenders[o as usize].node = at;
        self.schedule_offender(o, t.max(self.now + 1));
    }

    pub(in crate::model::sim) fn on_offender(&mut self, o: u32) {
        let now = self.now;
        {
            let off = &mut self.cw().offenders[o as usize];
            if !(off.ev_live && off.ev_at == now) {
                return;
            }
            off.ev_live = false;
        }
        let off = self.cw().offenders[o as usize].clone();
        self.event_kinds[crate::model::sim::OFFENDER_EVENT_AT + off.state as usize] += 1;
        match off.state {
            OffSt::Home => self.next_stop(o),
            OffSt::Moving => {
                let node = off.node;
                let cw = self.crime.as_mut().expect("crime is on");
                let (marks, rng) = (
                    &mut cw.offenders[o as usize].marks.checkpoints,
                    &mut cw.rng[o as usize],
                );
                let look = match self
                    .levers
                    .checkpoints
                    .on_arrive(marks, node, now, || uniform01(rng))
                {
                    Arrive::Go { look } => look,
                    Arrive::Detour(ms) => {
                        self.schedule_offender(o, now + ms);
                        return;
                    }
                    Arrive::Checked {
                        checked,
                        post,
                        look,
                    } => {
                        if checked && (off.loot || self.alert_reaches(o, node)) {
                            self.arrest_for(o, None, Channel::Checkpoint);
                            return;
                        }
                        let cw = self.crime.as_mut().expect("crime is on");
                        let (marks, rng) = (
                            &mut cw.offenders[o as usize].marks.checkpoints,
                            &mut cw.rng[o as usize],
                        );
                        self.levers
                            .checkpoints
                            .let_go(marks, post, || uniform01(rng));
                        look
                    }
                };
                if !look && node != off.dest {
                    self.walk_offender(o); // walk on (past the checkpoint)
                    return;
                }
                if self.opportunity(o, node, true) {
                    return; // at a crime until it ends
                }
                self.after_place(o);
            }
            OffSt::AtCrime => {
                let kind = self.cw().crimes[off.crime as usize].kind;
                self.cw().offenders[o as usize].last_kind = kind;
                self.end_crime(o);
                if self.cw().offenders[o as usize].state == OffSt::AtCrime {
                    self.after_place(o);
                }
            }
            OffSt::Dwelling => self.next_stop(o),
            OffSt::Prison => {
                let now = self.now;
                let cw = self.cw();
                let off = &mut cw.offenders[o as usize];
                if off.jailed {
                    off.jailed = false;
                    cw.in_prison -= 1;
                }
                let off = &mut cw.offenders[o as usize];
                if off.roaming {
                    off.state = OffSt::Gone;
                    self.cw().free_offenders.push(o);
                } else {
                    off.node = off.home;
                    off.free_since = now;
                    self.plan_outing(o, self.now);
                }
            }
            OffSt::Gone => {}
        }
    }

    /// A wanted offender (without loot) checked at a post at `node`: the post
    /// knows of the alert if it is its own jurisdiction's, or, with shared
    /// alerts, as far as the two jurisdictions cooperate. An arrest then
    /// clears the crime the alert is about (if its record is still live).
    pub(in crate::model::sim) fn alert_reaches(&mut self, o: u32, node: u32) -> bool {
        let Some((c, start, from)) = self.cw().offenders[o as usize].wanted else {
            return false;
        };
        let here = self.w.node_jur[node as usize] as usize;
        let chance = self.levers.regional.alert_chance(from as usize, here);
        if self.ou(o) >= chance {
            return false;
        }
        let uid = self.cw().offenders[o as usize].uid;
        let rec = self.cw().crimes[c as usize];
        if rec.start == start && rec.offender_uid == uid {
            self.clear(c);
        }
        if self.now >= self.warmup {
            self.cw().stats.wanted_caught += 1;
        }
        true
    }

    /// After a look (and any crime) at a node: go on walking, or stay a
    /// while at the destination, or end the outing.
    pub(in crate::model::sim) fn after_place(&mut self, o: u32) {
        let off = self.cw().offenders[o as usize].clone();
        if off.node != off.dest {
            self.cw().offenders[o as usize].state = OffSt::Moving;
            self.walk_offender(o);
            return;
        }
        if off.roaming
            && self.cw().exits.contains(&off.node)
            && (off.stops_left == 0 || self.now >= off.leave_by)
        {
            let off = &mut self.cw().offenders[o as usize];
            off.state = OffSt::Gone;
            self.cw().free_offenders.push(o);
            return;
        }
        if !off.roaming && off.node == off.home && off.stops_left == 0 {
            self.cw().offenders[o as usize].loot = false;
            self.plan_outing(o, self.now);
            return;
        }
        let node = off.node as usize;
        let use_ = self.cw().land_use[node] as usize;
        let counted = self.now >= self.warmup;
        let sells = off.loot && use_ == USE_SECOND_HAND;
        if sells {
            self.cw().offenders[o as usize].loot = false; // fenced
        }
        let stay = Stay {
            node: off.node,
            uid: off.uid,
            roaming: off.roaming,
            lodging: use_ == USE_LODGING,
            sells,
        };
        let (now, seed) = (self.now, self.seed);
        let marks = &mut self.crime.as_mut().expect("crime is on").offenders[o as usize].marks;
        self.levers.on_stay(marks, stay, now, seed, counted);
        let dwell = 20.0 + 70.0 * uniform01(&mut self.cw().rng[o as usize]);
        self.cw().offenders[o as usize].state = OffSt::Dwelling;
        self.schedule_offender(o, self.now + (dwell * 60_000.0) as Tick);
    }
}
