//! An offender's choice at an opportunity: reward against perceived risk
//! (recent police presence, the certainty of sanction his own and nearby
//! arrests taught him, guardians, cameras) and effort (locks),
//! displacement, repeat and near-repeat boosts; a crime's end.

use super::{Channel, CrimeRec, HOUSEHOLD, OffSt, PEDESTRIAN, VEHICLE, decayed};
use crate::engine::rng::uniform01;
use crate::engine::time::{MS_PER_DAY, Tick, hour_of_day};
use crate::model::event::{CaseId, Event};
use crate::model::presence::deterred_share;
use crate::model::sim::{NONE, Sim, alloc};
use crate::world::World;

impl<'a> Sim<'a> {
    /// Police presence felt at `node` now (decayed presence-minutes),
    /// including a share of the strongest presence next door.
    pub(in crate::model::sim) fn felt_presence(&self, node: u32) -> f64 {
        let spec = self.spec();
        let own = self.presence.deterrence(node, self.now);
        let nb = self
            .w
            .neighbours(node)
            .iter()
            .map(|a| self.presence.deterrence(a.to, self.now))
            .fold(0.0, f64::max);
        own + spec.neighbour_deterrence * nb
    }

    /// The factor the certainty of sanction puts on offender `o`'s chance
    /// of going ahead at `node` now: (1 − own share)^(his decayed arrests)
    /// × (1 − area share)^(decayed arrests at the node and next door).
    /// Exactly 1 when both shares are 0.
    fn certainty_factor(&self, o: u32, node: u32) -> f64 {
        let spec = self.spec();
        let (own, area) = (spec.certainty_own_arrest, spec.certainty_area_arrest);
        if own <= 0.0 && area <= 0.0 {
            return 1.0;
        }
        let tau = spec.certainty_decay_days * MS_PER_DAY as f64;
        let cw = self.crime.as_ref().expect("crime");
        let mut f = 1.0;
        if own > 0.0
            && let Some(&(v, at, uid)) = cw.cert_own.get(o as usize)
            && uid == cw.offenders[o as usize].uid
        {
            f *= (1.0 - own).powf(decayed(v, at, self.now, tau));
        }
        if area > 0.0 {
            let mut n = decayed(
                cw.arrest_mem[node as usize],
                cw.arrest_mem_at[node as usize],
                self.now,
                tau,
            );
            for a in self.w.neighbours(node) {
                let m = a.to as usize;
                n += decayed(cw.arrest_mem[m], cw.arrest_mem_at[m], self.now, tau);
            }
            f *= (1.0 - area).powf(n);
        }
        f
    }

    /// Offender `o` is arrested at `node`: he, and offenders looking at or
    /// next to the place, rate the certainty of sanction higher for a while.
    pub(in crate::model::sim) fn note_arrest(&mut self, o: u32, node: u32) {
        let spec = self.spec();
        if spec.certainty_own_arrest <= 0.0 && spec.certainty_area_arrest <= 0.0 {
            return;
        }
        let tau = spec.certainty_decay_days * MS_PER_DAY as f64;
        let now = self.now;
        let cw = self.cw();
        let uid = cw.offenders[o as usize].uid;
        if cw.cert_own.len() < cw.offenders.len() {
            cw.cert_own.resize(cw.offenders.len(), (0.0, 0, u64::MAX));
        }
        let (v, at, old) = cw.cert_own[o as usize];
        let v = if old == uid {
            decayed(v, at, now, tau)
        } else {
            0.0
        };
        cw.cert_own[o as usize] = (v + 1.0, now, uid);
        let n = node as usize;
        cw.arrest_mem[n] = decayed(cw.arrest_mem[n], cw.arrest_mem_at[n], now, tau) + 1.0;
        cw.arrest_mem_at[n] = now;
    }

    /// An offender looks for an opportunity at `node`. Returns true when a
    /// crime starts (the offender stays until it ends).
    pub(in crate::model::sim) fn opportunity(
        &mut self,
        o: u32,
        node: u32,
        may_displace: bool,
    ) -> bool {
        let spec = self.spec();
        if matches!(
            self.cw().offenders[o as usize].state,
            OffSt::Prison | OffSt::Gone
        ) {
            self.cw().stats.invariant_violations += 1;
            return false;
        }
        let places = &self.s.places;
        let h = hour_of_day(self.now);
        let now = self.now;
        // A fixed number of draws per look keeps an offender's stream aligned
        // across strategies until what it meets differs.
        let mut u = [0.0f64; 10];
        for x in u.iter_mut() {
            *x = uniform01(&mut self.cw().rng[o as usize]);
        }
        let tau = spec.repeat_decay_days * MS_PER_DAY as f64;
        self.cw().refresh_calendar(now / MS_PER_DAY, spec);
        let cw = self.crime.as_ref().expect("crime");
        let boost = decayed(
            cw.boost[node as usize],
            cw.boost_at[node as usize],
            now,
            tau,
        )
        .min(spec.max_boost);
        let avail = [
            cw.targets[HOUSEHOLD][node as usize],
            cw.targets[PEDESTRIAN][node as usize] * places.activity_by_hour[h],
            cw.targets[VEHICLE][node as usize],
        ];
        let mut weights = [0.0f64; 16];
        let nk = spec.types.len().min(16);
        let attract = cw.attract[node as usize];
        let lu = cw.land_use[node as usize] as usize;
        for (k, t) in spec.types.iter().take(nk).enumerate() {
            let repeat = if t.target == PEDESTRIAN {
                1.0
            } else {
                1.0 + boost
            };
            // `reward` makes a type's targets relatively more or less attractive.
            // The place's attractiveness, the type's preference for its land
            // use and the calendar (hour, weekday, season) scale it.
            weights[k] = t.opportunity
                * avail[t.target]
                * repeat
                * t.reward
                * attract
                * t.by_land_use[lu]
                * cw.by_hour[k][h]
                * cw.calendar[k];
        }
        let total: f64 = weights[..nk].iter().sum();
        // The offender's own rate scales how often a look finds a target
        // worth trying (offenders.rs: heterogeneous rates).
        let rate = self.cw().offenders[o as usize].rate;
        if total <= 0.0 || u[0] >= 1.0 - (-total * rate).exp() {
            return false;
        }
        let mut pick = u[1] * total;
        let mut k = nk - 1;
        for (i, w) in weights[..nk].iter().enumerate() {
            if pick < *w {
                k = i;
                break;
            }
            pick -= w;
        }
        let t = &spec.types[k];
        let counted = now >= self.warmup;
        if counted {
            self.cw().stats.opportunities[k] += 1;
        }
        // Perceived risk and effort.
        let felt = self.felt_presence(node);
        let p_police = deterred_share(
            felt,
            spec.deterrence_max,
            spec.deterrence_half_min,
            spec.deterrence_shape,
        );
        let certainty = self.certainty_factor(o, node);
        let occupied = t.target == HOUSEHOLD && u[2] < places.occupancy_by_hour[h];
        let street = self.levers.cameras.covers(node);
        let sec = self
            .levers
            .programmes
            .on_look(node, t.target != PEDESTRIAN, [u[3], u[4], u[5]]);
        let (camera, locked, alarm) = (sec.camera, sec.locked, sec.alarm);
        let guard = if occupied {
            spec.guardian_deterrence
        } else {
            0.0
        };
        let p_go = (1.0 - p_police)
            * certainty
            * (1.0 - guard)
            * (1.0 - self.levers.cameras.cut(node))
            * (1.0 - if camera { spec.camera_deterrence } else { 0.0 })
            * if locked {
                1.0 / t.lock_time_factor
            } else {
                1.0
            };
        let security = sec.code();
        if counted && t.target == HOUSEHOLD {
            self.levers.programmes.note_household(security, false);
        }
        if u[6] >= p_go {
            if counted {
                self.cw().stats.deterred[k] += 1;
            }
            if may_displace && u[7] < spec.displacement_share {
                let nbrs = self.w.neighbours(node);
                if !nbrs.is_empty() {
                    let nb = nbrs[(u[8] * nbrs.len() as f64) as usize % nbrs.len()].to;
                    if counted {
                        self.cw().stats.displaced += 1;
                    }
                    if self.opportunity(o, nb, false) {
                        return true;
                    }
                }
            }
            return false;
        }
        // The attempt.
        let tot = self.cw().time_on_target[k];
        let dur = tot.at(self.ou(o));
        let dur = if locked {
            (dur as f64 * t.lock_time_factor) as Tick
        } else {
            dur
        };
        let fail_u = uniform01(&mut self.cw().rng[o as usize]);
        let flee_u = uniform01(&mut self.cw().rng[o as usize]);
        // An alarm that sounds makes most offenders leave within a minute.
        let fled = alarm && flee_u < spec.alarm_flee;
        let dur = if fled { dur.min(60_000) } else { dur };
        // A burglary with entry counts even when the alarm cut it short
        // (the crime survey's measure, Tseloni et al. 2017): fleeing shortens
        // the attempt, it does not undo it.
        let failed = fail_u
            < 1.0
                - (1.0 - if locked { t.lock_fail } else { 0.0 })
                    * (1.0 - if occupied { t.guard_fail } else { 0.0 });
        let noticed = occupied || u[9] < t.noticed_share;
        let report_share = self.levers.community.report_share(node, t.report_share);
        let reported = uniform01(&mut self.cw().rng[o as usize]) < report_share;
        let rec = CrimeRec {
            kind: k as u16,
            node,
            offender: o,
            offender_uid: self.cw().offenders[o as usize].uid,
            start: now,
            end: now + dur.max(1),
            leave: now + dur.max(1) + (spec.escape_min * 60_000.0) as Tick,
            failed,
            camera,
            security,
            street,
            noticed,
            reported,
            cleared: false,
            counted,
            refs: 1, // the crime's own end
            reported_at: 0,
            case_start: 0,
        };
        let cw = self.cw();
        let c = alloc(&mut cw.crimes, &mut cw.free_crimes, rec, "crimes pending");
        if counted {
            cw.stats.attempted[k] += 1;
        }
        let off = &mut cw.offenders[o as usize];
        off.state = OffSt::AtCrime;
        off.crime = c;
        off.node = node;
        if alarm {
            // The alarm calls 110 at once.
            if counted {
                self.levers.programmes.note_alarm_call();
            }
            let ty = self.cw().first_call_type + spec.types.len();
            self.call_in_now(o, c, node, ty);
        }
        let u_seen = || uniform01(&mut self.crime.as_mut().expect("crime").rng[o as usize]);
        if self
            .levers
            .cameras
            .control_room_sees(street, u_seen, counted)
        {
            // The control room sees it and calls it in at once.
            let ty = self.cw().first_call_type + k;
            self.call_in_now(o, c, node, ty);
        }
        let end = rec.end;
        self.schedule_offender(o, end);
        true
    }

    /// A call about crime `c` in progress reaches 110 now (an alarm or a
    /// control room); its times are drawn from the offender's stream.
    pub(in crate::model::sim) fn call_in_now(&mut self, o: u32, c: u32, node: u32, ty: usize) {
        let (u1, u2) = (self.ou(o), self.ou(o));
        let intake = self.type_intake.at(u1);
        let scene = self.type_scene[ty].at(u2);
        self.cw().crimes[c as usize].refs += 1;
        self.open_call(node, ty, intake, scene, c);
    }

    /// The crime in progress ends: caught in the act by police passing, or
    /// completed or failed; the victim may report it.
    pub(in crate::model::sim) fn end_crime(&mut self, o: u32) {
        let spec = self.spec();
        let c = self.cw().offenders[o as usize].crime;
        let rec = self.cw().crimes[c as usize];
        let k = rec.kind as usize;
        let t = &spec.types[k];
        let u_act = uniform01(&mut self.cw().rng[o as usize]);
        let u_delay = uniform01(&mut self.cw().rng[o as usize]);
        if rec.failed {
            if rec.counted {
                self.cw().stats.failed[k] += 1;
            }
        } else {
            let n = rec.node as usize;
            let tau = spec.repeat_decay_days * MS_PER_DAY as f64;
            let now = self.now;
            let world: &'a World = self.w;
            let log = self.opts.log_crimes;
            let cw = self.crime.as_mut().expect("crime is on");
            if rec.counted {
                cw.stats.completed[k] += 1;
                if t.target == HOUSEHOLD {
                    self.levers.programmes.note_household(rec.security, true);
                }
                cw.stats.social_cost += t.social_cost;
                cw.stats.social_cost_response += t.social_cost * t.response_share;
                cw.stats.social_cost_public += t.social_cost * t.public_services_share;
                cw.stats.node_crimes[n] += 1;
                if log {
                    let off = &cw.offenders[o as usize];
                    let home = (!off.roaming).then_some(off.home);
                    cw.crime_log.push(crate::model::LoggedCrime {
                        start_ms: rec.start,
                        node: rec.node,
                        kind: k as u16,
                        home,
                    });
                }
            }
            cw.offenders[o as usize].loot = true;
            if t.target != PEDESTRIAN {
                // Repeat and near-repeat victimisation: the place and its
                // neighbours look better for a while.
                cw.boost[n] = decayed(cw.boost[n], cw.boost_at[n], now, tau) + spec.repeat_boost;
                cw.boost_at[n] = now;
                for a in world.neighbours(rec.node) {
                    let m = a.to as usize;
                    cw.boost[m] =
                        decayed(cw.boost[m], cw.boost_at[m], now, tau) + spec.near_repeat_boost;
                    cw.boost_at[m] = now;
                }
            }
        }
        if rec.reported {
            let cw = self.crime.as_ref().expect("crime is on");
            let community = &self.levers.community;
            let delay = if rec.noticed {
                let d = community.report_delay(rec.node, cw.delay_noticed[k].at(u_delay));
                (rec.start + d).max(self.now)
            } else {
                self.now + community.report_delay(rec.node, cw.delay_discovered[k].at(u_delay))
            };
            self.cw().crimes[c as usize].refs += 1;
            self.q.schedule(delay, Event::Report(CaseId(c)).pack());
        }
        self.cw().offenders[o as usize].crime = NONE; // the crime is over
        // Volunteers passing by saw it: they report it at once (no arrest power).
        let draw = || uniform01(&mut self.crime.as_mut().expect("crime").rng[o as usize]);
        if self
            .levers
            .volunteers
            .report(rec.node, rec.start, draw, rec.counted)
        {
            let ty = self.cw().first_call_type + k;
            self.call_in_now(o, c, rec.node, ty);
        }
        let cw = self.crime.as_mut().expect("crime is on");
        let draw = || uniform01(&mut cw.rng[o as usize]);
        if self.levers.stakeouts.catches(rec.node, rec.start, draw) {
            self.arrest(o, c, Channel::StakeOut);
            self.release_crime(c);
            return;
        }
        // Police passed the place while the crime went on.
        if self.presence.last_seen(rec.node) >= rec.start && u_act < spec.in_act_catch {
            self.arrest(o, c, Channel::InAct);
        }
        self.release_crime(c);
    }

    pub(in crate::model::sim) fn release_crime(&mut self, c: u32) {
        let cw = self.cw();
        let r = &mut cw.crimes[c as usize];
        r.refs -= 1;
        if r.refs == 0 {
            cw.free_crimes.push(c);
        }
    }
}
