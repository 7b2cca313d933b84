//! The event loop of one run: call arrivals, intake, dispatch, travel, service,
//! shifts, admin breaks and patrol steps. Hot-path rules: no allocation per
//! event, no string keys, no trait objects; events are 24-bit payloads
//! (4 bits of kind, 20 bits of index) in the engine's packed queue.

use super::dist::Sampler;
use super::presence::Presence;
use super::shifts::Duty;
use super::{LoggedCall, NodeStats, RunOptions, RunResult, streams};
use crate::engine::EventQueue;
use crate::engine::rng::{Alias, StreamRng, stream};
use crate::engine::time::{
    MS_PER_DAY, MS_PER_HOUR, Tick, hour_of_week, next_hour, to_hours, to_minutes,
};
use crate::scenario::{AfterCall, CrossRule, Dist, PatrolPolicy, QueueRule, Scenario};
use crate::stats::{Histogram, Running};
use crate::world::{Router, World};
use rand::RngExt;
use std::collections::VecDeque;

use super::event::{CallId, CaseId, Event, IDX_MASK, OffenderId, UnitId};

#[path = "crime.rs"]
mod crime;
use crime::CrimeWorld;
const NONE: u32 = u32::MAX;
const UNAVAILABLE: Tick = Tick::MAX;
const RETURNING: Tick = Tick::MAX - 1;

/// Put `item` in a free slot of `slots` (or a new one) and return its index,
/// which must fit an event payload.
fn alloc<T>(slots: &mut Vec<T>, free: &mut Vec<u32>, item: T, what: &str) -> u32 {
    let i = match free.pop() {
        Some(i) => {
            slots[i as usize] = item;
            i
        }
        None => {
            slots.push(item);
            (slots.len() - 1) as u32
        }
    };
    assert!(i <= IDX_MASK, "more than 2^20 {what}");
    i
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum St {
    OffDuty = 0,
    Standby,
    Patrol,
    EnRoute,
    OnScene,
    Returning,
    Held,
    Admin,
}
const N_STATES: usize = 8;
const STATE_NAMES: [&str; N_STATES] = [
    "off_duty",
    "standby",
    "patrol",
    "en_route",
    "on_scene",
    "returning",
    "held",
    "admin",
];

#[derive(Debug, Clone)]
struct Unit {
    group: u32,
    rank: u32,
    table: u16,
    jur: u16,
    post: u32,
    state: St,
    since: Tick,
    node: u32,
    /// Patrol: the node being driven to and when it is reached.
    next: u32,
    next_at: Tick,
    /// Trip (patrol edge, to a call, home): where and when it began, and its end.
    trip_from: u32,
    trip_depart: Tick,
    dest: u32,
    /// The one live movement/service event of the unit.
    ev_at: Tick,
    ev_live: bool,
    call: u32,
    patrol_role: bool,
    /// Among the group's units in service in the current phase (a phase
    /// may reduce or raise a group's count; the run creates the most).
    in_service: bool,
    /// The shift change the unit's pending `K_SHIFT` event is for (others
    /// are stale, after a phase changed the group's shift).
    shift_at: Tick,
    on_duty: bool,
    admin_pending: bool,
    admin_len: Tick,
    /// Length of the break that is due (or pending).
    admin_due: Tick,
    admin_start_at: Tick,
    admin_end_at: Tick,
    admin_window_end: Tick,
    target: u32,
    /// Stake-out: has waited at the current target.
    waited: bool,
    beat_pos: u32,
    prev: u32,
}

#[derive(Debug, Clone, Copy, Default)]
struct Call {
    received: Tick,
    queued: Tick,
    assigned: Tick,
    on_scene_dur: Tick,
    node: u32,
    jur: u16,
    level: u8,
    prio: u8,
    counted: bool,
    /// Its unit was taken by a more urgent call: the dispatch wait was
    /// counted at the first assignment.
    preempted: bool,
    /// The crime this call reports (or is an alarm of); `NONE` otherwise.
    crime: u32,
}

#[derive(Debug, Clone, Default)]
struct Waits {
    // Recorded per priority only (one update per call); `finish` pools them.
    received: u64,
    assigned: u64,
    delayed: u64,
    wait: Running,
    wait_hist: Histogram,
    resp: Running,
    resp_hist: Histogram,
}

impl Waits {
    fn merge(&mut self, o: &Waits) {
        self.received += o.received;
        self.assigned += o.assigned;
        self.delayed += o.delayed;
        self.wait.merge(&o.wait);
        self.wait_hist.merge(&o.wait_hist);
        self.resp.merge(&o.resp);
        self.resp_hist.merge(&o.resp_hist);
    }
}

struct Group {
    duty: Duty,
    /// Police (dispatched) or volunteers (patrol only).
    police: bool,
    speed_patrol: f64,
    vis: [f64; 3],
    admin_share: f64,
    policy: PatrolPolicy,
    beat: Vec<u32>,
}

pub(super) struct Sim<'a> {
    /// The settings in force (the base, or the current phase's).
    s: &'a Scenario,
    base: &'a Scenario,
    /// Per period (0 = base, k = phase k): the cumulative counters when it
    /// began, and its settings-dependent values.
    period_snap: Vec<[f64; N_COUNTERS]>,
    period_config: Vec<[f64; 5]>,
    /// Per period (by the call's receipt): responses, their minutes,
    /// priority-1 calls with a target, and those that met it.
    period_resp: Vec<[f64; 4]>,
    w: &'a World,
    q: EventQueue,
    now: Tick,
    horizon: Tick,
    warmup: Tick,
    routers: Vec<Router>,
    // calls
    call_rng: StreamRng,
    week_rate: [f64; 168],
    any_calls: bool,
    type_alias: Alias,
    type_intake: Sampler,
    type_scene: Vec<Sampler>,
    type_level: Vec<u8>,
    type_prio: Vec<u8>,
    priorities: Vec<u8>,
    node_alias: Option<Alias>,
    calls: Vec<Call>,
    free_calls: Vec<u32>,
    queues: Vec<VecDeque<u32>>,
    nj: usize,
    // units
    units: Vec<Unit>,
    /// Dispatcher's view: where an available unit starts a trip and from when.
    pos: Vec<(u32, Tick)>,
    /// The travel table every unit uses, when there is one and it is full.
    single_table: Option<usize>,
    /// Available units as bitsets: `avail_words` words per jurisdiction, then
    /// one row for all units.
    avail: Vec<u64>,
    avail_words: usize,
    groups: Vec<Group>,
    unit_rng: Vec<StreamRng>,
    /// Per-unit stream of enforcement checks.
    check_rng: Vec<StreamRng>,
    jur_units: Vec<Vec<u32>>,
    /// `cross_ok[a * nj + b]`: units of jurisdiction `b` may answer calls in
    /// `a` (regional cooperation at least `cross_dispatch_min`); `None` when
    /// every pair may.
    cross_ok: Option<Vec<bool>>,
    last_visit: Vec<Tick>,
    presence: Presence,
    // statistics
    all: Waits,
    by_prio: Vec<Waits>,
    travel: Running,
    on_scene: Running,
    busy: Running,
    cleared: u64,
    state_ms: [u64; N_STATES],
    node_calls: Vec<u32>,
    events: u64,
    opts: RunOptions,
    log: Vec<LoggedCall>,
    seed: u64,
    /// Calls not caused by modelled offenders (the same in every strategy).
    service_calls: u64,
    /// Priority-1 calls reached, and reached within target, by area type.
    target_calls: [u64; 3],
    target_met: [u64; 3],
    /// Calls answered by a unit of another jurisdiction.
    across: u64,
    /// Calls whose unit was taken by a more urgent call.
    preemptions: u64,
    /// Offenders, targets and crimes, when the scenario has `[crime]`.
    crime: Option<CrimeWorld>,
}

/// Unit group `gi` of scenario `s` as the loop keeps it, and its standby
/// posts (empty = the station).
fn group_of(s: &Scenario, w: &World, gi: usize) -> (Group, Vec<u32>) {
    let g = &s.units[gi];
    let ty = &s.unit_types[g.unit_type];
    let nodes = |refs: &[crate::scenario::NodeRef]| -> Vec<u32> {
        refs.iter()
            .map(|r| w.resolve(*r).expect("checked by world"))
            .collect()
    };
    let group = Group {
        duty: Duty::new(&s.shifts[g.shift]),
        police: ty.police,
        speed_patrol: ty.patrol_speed_kmh,
        vis: [
            ty.visibility.patrol,
            ty.visibility.en_route,
            ty.visibility.returning,
        ],
        admin_share: ty.admin_share,
        policy: g.patrol,
        beat: nodes(&g.beat),
    };
    (group, nodes(&g.posts))
}

/// Which jurisdictions' units may answer calls in which (`None`: all).
fn cross_ok(s: &Scenario, nj: usize) -> Option<Vec<bool>> {
    let ok: Vec<bool> = (0..nj * nj)
        .map(|k| s.regional.between(k / nj, k % nj) >= s.regional.cross_dispatch_min)
        .collect();
    (!ok.iter().all(|&b| b)).then_some(ok)
}

/// Cumulative counters read at the start of each period (phase) and at the
/// end; a period's values are differences.
const N_COUNTERS: usize = 6;
const PERIOD_COUNTERS: [&str; N_COUNTERS] = [
    "calls",
    "crimes_attempted",
    "crimes_completed",
    "crimes_reported",
    "arrests",
    "social_cost",
];
/// Settings-dependent values of each period (for its costs).
const PERIOD_CONFIG: [&str; 5] = [
    "targets_locked",
    "targets_alarmed",
    "targets_with_camera",
    "informants",
    "street_cameras",
];

impl<'a> Sim<'a> {
    pub fn new(s: &'a Scenario, w: &'a World, seed: u64, opts: RunOptions) -> Self {
        let horizon = s.horizon();
        let warmup = s.warmup();
        let mut week_rate = [0.0; 168];
        for (h, r) in week_rate.iter_mut().enumerate() {
            *r = s.calls.rate_per_hour
                * s.calls.hourly_profile[h % 24]
                * s.calls.weekday_profile[h / 24]
                / MS_PER_HOUR as f64;
        }
        // Call types: the scenario's calls, then one per crime type (a
        // report), then alarms.
        let mut all_types: Vec<(u8, Dist)> = s
            .calls
            .types
            .iter()
            .map(|t| (t.priority, t.on_scene_min))
            .collect();
        if let Some(c) = &s.crime {
            all_types.extend(c.types.iter().map(|t| (t.priority, t.on_scene_min)));
            all_types.push((
                1,
                Dist::Lognormal {
                    mean: 15.0,
                    sd: 10.0,
                },
            ));
        }
        let mut priorities: Vec<u8> = all_types.iter().map(|t| t.0).collect();
        priorities.sort_unstable();
        priorities.dedup();
        let type_prio: Vec<u8> = all_types
            .iter()
            .map(|t| priorities.iter().position(|&p| p == t.0).unwrap() as u8)
            .collect();
        let type_level = match s.dispatch.queue {
            QueueRule::Priority => type_prio.clone(),
            QueueRule::Fifo => vec![0; all_types.len()],
        };
        let levels = type_level.iter().copied().max().unwrap_or(0) as usize + 1;
        let nj = w.jurisdictions.len();

        let mut groups = Vec::new();
        let mut units = Vec::new();
        let mut jur_units = vec![Vec::new(); nj];
        for (gi, g) in s.units.iter().enumerate() {
            let ty = &s.unit_types[g.unit_type];
            let jur = &w.jurisdictions[g.jurisdiction];
            let (group, posts) = group_of(s, w, gi);
            groups.push(group);
            let patrollers = (g.patrol_share * g.count as f64).round() as u32;
            let most = (0..=s.phases.len())
                .map(|k| s.phase_scenario(k).units[gi].count)
                .max()
                .unwrap_or(0);
            for rank in 0..most {
                let post = if posts.is_empty() {
                    jur.station
                } else {
                    posts[rank as usize % posts.len()]
                };
                let id = units.len() as u32;
                jur_units[g.jurisdiction].push(id);
                units.push(Unit {
                    group: gi as u32,
                    rank,
                    table: w.type_table[g.unit_type] as u16,
                    jur: g.jurisdiction as u16,
                    post,
                    state: St::OffDuty,
                    since: 0,
                    node: post,
                    next: post,
                    next_at: 0,
                    trip_from: post,
                    trip_depart: 0,
                    dest: post,
                    ev_at: 0,
                    ev_live: false,
                    call: NONE,
                    patrol_role: rank < patrollers || !ty.police,
                    in_service: rank < g.count,
                    shift_at: Tick::MAX,
                    on_duty: false,
                    admin_pending: false,
                    admin_len: 0,
                    admin_due: 0,
                    admin_start_at: Tick::MAX,
                    admin_end_at: Tick::MAX,
                    admin_window_end: 0,
                    target: NONE,
                    waited: false,
                    beat_pos: 0,
                    prev: NONE,
                });
            }
        }
        // A unit's stream is named by its group and rank, so adding units to
        // one group does not change the choices of another group's units.
        let unit_rng = units
            .iter()
            .map(|u| {
                stream(
                    seed,
                    streams::UNIT_BASE + ((u.group as u64) << 20) + u.rank as u64,
                )
            })
            .collect();
        let check_rng = units
            .iter()
            .map(|u| {
                stream(
                    seed,
                    streams::CHECK_BASE + ((u.group as u64) << 20) + u.rank as u64,
                )
            })
            .collect();
        let shares: Vec<f64> = s.calls.types.iter().map(|t| t.share).collect();
        Sim {
            s,
            base: s,
            period_snap: Vec::new(),
            period_config: Vec::new(),
            period_resp: if s.phases.is_empty() {
                Vec::new()
            } else {
                vec![[0.0; 4]; s.phases.len() + 1]
            },
            w,
            q: EventQueue::with_capacity(units.len() * 2 + 64),
            now: 0,
            horizon,
            warmup,
            routers: w.tables.iter().map(|t| Router::new(t.clone())).collect(),
            call_rng: stream(seed, streams::CALLS),
            any_calls: week_rate.iter().any(|&r| r > 0.0),
            week_rate,
            type_alias: Alias::new(&shares).expect("call shares checked by scenario"),
            type_intake: Sampler::new(&s.dispatch.intake_delay_min),
            type_scene: all_types.iter().map(|t| Sampler::new(&t.1)).collect(),
            type_level,
            type_prio,
            node_alias: Alias::new(&w.call_weight),
            calls: Vec::with_capacity(1024),
            free_calls: Vec::new(),
            queues: vec![VecDeque::new(); levels * nj],
            nj,
            pos: vec![(0, UNAVAILABLE); units.len()],
            avail: vec![0; (nj + 1) * units.len().div_ceil(64)],
            avail_words: units.len().div_ceil(64),
            single_table: match units.first() {
                Some(f)
                    if units.iter().all(|u| u.table == f.table)
                        && w.tables[f.table as usize].is_full() =>
                {
                    Some(f.table as usize)
                }
                _ => None,
            },
            units,
            groups,
            check_rng,
            unit_rng,
            jur_units,
            cross_ok: cross_ok(s, nj),
            last_visit: vec![0; w.node_count()],
            presence: Presence::with_decay(
                w.node_count(),
                warmup,
                horizon,
                s.crime.as_ref().map_or(45.0, |c| c.deterrence_decay_min) * 60_000.0,
            ),
            all: Waits::default(),
            by_prio: vec![Waits::default(); priorities.len()],
            priorities,
            travel: Running::default(),
            on_scene: Running::default(),
            busy: Running::default(),
            cleared: 0,
            state_ms: [0; N_STATES],
            node_calls: vec![0; w.node_count()],
            events: 0,
            opts,
            log: Vec::new(),
            seed,
            service_calls: 0,
            target_calls: [0; 3],
            target_met: [0; 3],
            across: 0,
            preemptions: 0,
            crime: s
                .crime
                .as_ref()
                .map(|c| CrimeWorld::new(s, w, c, seed, s.calls.types.len())),
        }
    }

    pub fn run(mut self) -> RunResult {
        if let Some(t) = self.next_arrival(0) {
            self.q.schedule(t, Event::NextCall.pack());
        }
        for u in 0..self.units.len() as u32 {
            let duty = &self.groups[self.units[u as usize].group as usize].duty;
            let on = duty.on_at(0) && self.units[u as usize].in_service;
            if let Some(t) = duty.next_change(0) {
                self.q.schedule(t, Event::Shift(UnitId(u)).pack());
                self.units[u as usize].shift_at = t;
            }
            if on {
                self.units[u as usize].on_duty = true;
                self.plan_admin(u, 0);
                self.become_free(u);
            }
        }
        if self.crime.is_some() {
            self.start_crime();
        }
        if !self.base.phases.is_empty() {
            self.start_period();
            for (k, ph) in self.base.phases.iter().enumerate() {
                let t = (ph.start_day * MS_PER_DAY as f64) as Tick;
                self.q.schedule(t.max(1), Event::Phase(k as u32).pack());
            }
        }
        while let Some((t, p)) = self.q.pop() {
            if t > self.horizon {
                break;
            }
            self.now = t;
            self.events += 1;
            match Event::unpack(p) {
                Event::NextCall => self.on_next_call(),
                Event::Queued(c) => self.dispatch(c.0),
                Event::Unit(u) => self.on_unit_event(u.0),
                Event::Shift(u) => self.on_shift(u.0),
                Event::AdminStart(u) => self.on_admin_start(u.0),
                Event::AdminEnd(u) => self.on_admin_end(u.0),
                Event::Offender(o) => self.on_offender(o.0),
                Event::Report(c) => self.on_report(c.0),
                Event::Investigation(c) => self.on_investigation(c.0),
                Event::Roamer => self.on_roamer(),
                Event::FalseAlarm => self.on_false_alarm(),
                Event::CaseDone(c) => self.on_case_done(c.0),
                Event::Tip(c) => self.on_tip(c.0),
                Event::Phase(k) => self.on_phase(k as usize),
            }
        }
        self.now = self.horizon;
        self.finish()
    }

    // ----- calls -------------------------------------------------------

    /// Next arrival after `t` of the non-homogeneous Poisson process with a
    /// piecewise-constant hourly rate: one unit exponential per call, spent
    /// across hours by the integrated rate (exact, and one draw per call).
    fn next_arrival(&mut self, t: Tick) -> Option<Tick> {
        if !self.any_calls {
            return None;
        }
        // One uniform per call, by inversion (see `Sampler::sample`).
        let mut need: f64 = -crate::engine::rng::uniform01(&mut self.call_rng).ln();
        let mut t = t;
        loop {
            let rate = self.week_rate[hour_of_week(t)];
            let end = next_hour(t);
            let cap = rate * (end - t) as f64;
            if need <= cap {
                return Some(t + (need / rate).ceil().max(1.0) as Tick);
            }
            need -= cap;
            t = end;
            if t > self.horizon {
                return None;
            }
        }
    }

    fn on_next_call(&mut self) {
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

    /// A call reaches 110 now: count it, then queue it after its intake delay.
    fn open_call(
        &mut self,
        node: u32,
        ty: usize,
        intake: Tick,
        on_scene_dur: Tick,
        crime: u32,
    ) -> u32 {
        let counted = self.now >= self.warmup;
        let call = Call {
            received: self.now,
            queued: self.now + intake,
            assigned: 0,
            on_scene_dur,
            node,
            jur: self.w.node_jur[node as usize],
            level: self.type_level[ty],
            prio: self.type_prio[ty],
            counted,
            preempted: false,
            crime,
        };
        if counted {
            self.by_prio[call.prio as usize].received += 1;
            self.node_calls[node as usize] += 1;
        }
        let c = alloc(
            &mut self.calls,
            &mut self.free_calls,
            call,
            "calls open at once",
        );
        if intake == 0 {
            self.dispatch(c);
        } else {
            self.q
                .schedule(self.now + intake, Event::Queued(CallId(c)).pack());
        }
        c
    }

    /// Send the nearest available unit (by travel time) or queue the call.
    fn dispatch(&mut self, c: u32) {
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

    /// The unit on its way to a call of lower priority than call `c` that
    /// would reach `c` first (own jurisdiction first, then, as the boundary
    /// rule allows, others).
    fn preempt_candidate(&mut self, c: u32, rule: CrossRule) -> Option<u32> {
        let call = self.calls[c as usize];
        let own = call.jur as usize;
        let mut best: Option<(Tick, u32)> = None;
        for pass in 0..2 {
            if pass == 1 && (best.is_some() || rule == CrossRule::Never) {
                break;
            }
            for u in 0..self.units.len() as u32 {
                let un = &self.units[u as usize];
                let same = un.jur as usize == own;
                if un.state != St::EnRoute
                    || same != (pass == 0)
                    || (!same && !self.may_cross(own, u))
                    || self.calls[un.call as usize].prio <= call.prio
                {
                    continue;
                }
                let table = un.table as usize;
                let (at, t) = self.walk_trip(u, self.now, false);
                let eta = t + self.routers[table].time(self.w, at, call.node) as Tick;
                if best.is_none_or(|b| (eta, u) < b) {
                    best = Some((eta, u));
                }
            }
        }
        let limit = (self.s.dispatch.preempt_within_min * 60_000.0) as Tick;
        best.filter(|b| b.0 <= self.now + limit).map(|b| b.1)
    }

    /// Unit `u`, on its way to a less urgent call, is sent to call `c`
    /// instead; that call goes back to the head of its queue.
    fn preempt(&mut self, u: u32, c: u32) {
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
    fn nearest(&mut self, own: Option<usize>, node: u32, call_jur: usize) -> (Tick, u32) {
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
            for (wi, &word) in bits.iter().enumerate() {
                let mut word = word;
                while word != 0 {
                    let u = (wi * 64 + word.trailing_zeros() as usize) as u32;
                    word &= word - 1;
                    if own.is_none() && !self.may_cross(call_jur, u) {
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
            for i in 0..n {
                let u = own.map_or(i as u32, |j| self.jur_units[j][i]);
                if own.is_none() && !self.may_cross(call_jur, u) {
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
    fn may_cross(&self, call_jur: usize, u: u32) -> bool {
        self.cross_ok
            .as_ref()
            .is_none_or(|ok| ok[call_jur * self.nj + self.units[u as usize].jur as usize])
    }

    /// Keep the dispatcher's view of a unit (`pos`, `avail`) in step with its state.
    fn refresh_pos(&mut self, u: u32) {
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

    fn available(&self, u: u32) -> bool {
        let un = &self.units[u as usize];
        un.on_duty
            && matches!(
                un.state,
                St::Standby | St::Patrol | St::Returning | St::Held
            )
    }

    /// Where and when a unit would start a trip if sent now.
    fn start_point(&mut self, u: u32, record: bool) -> (u32, Tick) {
        let un = &self.units[u as usize];
        match un.state {
            St::Patrol => (un.next, un.next_at),
            St::Returning => self.walk_trip(u, self.now, record),
            _ => (un.node, self.now),
        }
    }

    /// Arrival time at `node` if sent now; `Tick::MAX` when not available.
    fn eta(&mut self, u: u32, node: u32) -> Tick {
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
    fn walk_trip(&mut self, u: u32, until: Tick, record: bool) -> (u32, Tick) {
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
            if record {
                if self.groups[self.units[u as usize].group as usize].police {
                    self.presence.add_edge(at, nx, t, t1, w);
                } else {
                    self.presence.add_civil_edge(at, nx, t, t1, w);
                }
            }
            at = nx;
            t = t1;
        }
        (at, t.max(self.now))
    }

    fn set_state(&mut self, u: u32, st: St) {
        let (warmup, now) = (self.warmup, self.now.min(self.horizon));
        let un = &mut self.units[u as usize];
        let from = un.since.max(warmup);
        if now > from {
            self.state_ms[un.state as usize] += now - from;
        }
        un.state = st;
        un.since = now;
        self.refresh_pos(u);
    }

    #[inline]
    fn schedule_unit(&mut self, u: u32, at: Tick) {
        let un = &mut self.units[u as usize];
        if un.ev_live && un.ev_at == at {
            return; // the live event already fires then
        }
        un.ev_at = at;
        un.ev_live = true;
        self.q.schedule(at, Event::Unit(UnitId(u)).pack());
    }

    fn assign(&mut self, u: u32, c: u32) {
        let g = self.units[u as usize].group as usize;
        if self.units[u as usize].state == St::Patrol {
            let un = &self.units[u as usize];
            let (a, b, t0, t1) = (un.trip_from, un.next, un.trip_depart, un.next_at);
            self.record_patrol(g, a, b, t0, t1);
        }
        let (from, t0) = self.start_point(u, true);
        self.set_state(u, St::EnRoute);
        self.send(u, c, from, t0);
    }

    /// Unit `u` (en route) drives to call `c` from `from`, leaving at `t0`.
    fn send(&mut self, u: u32, c: u32, from: u32, t0: Tick) {
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

    fn on_unit_event(&mut self, u: u32) {
        {
            let un = &mut self.units[u as usize];
            if !(un.ev_live && un.ev_at == self.now) {
                return; // superseded
            }
            un.ev_live = false;
        }
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
                } else if !self.maybe_stop_and_check(u, b, if a == b { 0 } else { t1 - t0 }) {
                    self.step_patrol(u);
                }
            }
            St::EnRoute => {
                self.walk_trip(u, Tick::MAX, true);
                let c = self.units[u as usize].call;
                let call = self.calls[c as usize];
                self.units[u as usize].node = call.node;
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
                    self.on_scene_of_crime(call.crime);
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
    fn become_free(&mut self, u: u32) {
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

    fn go_home(&mut self, u: u32) {
        let un = &self.units[u as usize];
        if un.node == un.post {
            let st = if un.on_duty { St::Standby } else { St::OffDuty };
            self.set_state(u, st);
            return;
        }
        let (node, post, table) = (un.node, un.post, un.table as usize);
        self.set_state(u, St::Returning);
        let arrive = self.now + self.routers[table].time(self.w, node, post) as Tick;
        let un = &mut self.units[u as usize];
        un.trip_from = node;
        un.trip_depart = self.now;
        un.dest = post;
        self.schedule_unit(u, arrive);
    }

    /// The oldest queued call of the highest priority this unit may take:
    /// its own jurisdiction first, then (unless `never`) any other.
    fn pick_call(&mut self, u: u32) -> Option<u32> {
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
                if let Some(ok) = &self.cross_ok
                    && !ok[j * self.nj + own]
                {
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

    fn step_patrol(&mut self, u: u32) {
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
                PatrolPolicy::Stakeout => {
                    let un = &self.units[u as usize];
                    if un.target == node && !un.waited {
                        // Wait unseen at the hot spot.
                        let until = self.now + (self.s.enforcement.stakeout_min * 60_000.0) as Tick;
                        self.units[u as usize].waited = true;
                        if let Some(c) = &mut self.crime {
                            c.watch_until[node as usize] = c.watch_until[node as usize].max(until);
                        }
                        stay = Some(until - self.now);
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

    fn hop_to_target(&mut self, u: u32, node: u32) -> u32 {
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
    fn random_step(&mut self, u: u32, node: u32) -> u32 {
        let un = &self.units[u as usize];
        let (jur, prev) = (un.jur, un.prev);
        if self.w.node_jur[node as usize] != jur && node != un.post {
            let (post, table) = (un.post, un.table as usize);
            return self.routers[table].next_hop(self.w, node, post).0;
        }
        let nbrs = self.w.neighbours(node);
        let inside = |a: &&crate::world::Adj| self.w.node_jur[a.to as usize] == jur;
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
    fn choose_coverage_target(&mut self, u: u32, node: u32) {
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
    fn record_patrol(&mut self, g: usize, a: u32, b: u32, t0: Tick, t1: Tick) {
        let w = self.groups[g].vis[0];
        if self.groups[g].police {
            self.presence.add_edge(a, b, t0, t1, w);
        } else {
            self.presence.add_civil_edge(a, b, t0, t1, w);
        }
    }

    /// Enforcement patrol: after driving `driven` ms, a patrolling unit stops
    /// to check people at `node` with the configured rate per hour; the stop
    /// takes its minutes there (visible presence, unavailable until done).
    fn maybe_stop_and_check(&mut self, u: u32, node: u32, driven: Tick) -> bool {
        let e = &self.s.enforcement;
        if e.stop_check_per_hour <= 0.0
            || self.groups[self.units[u as usize].group as usize].policy == PatrolPolicy::Stakeout
        {
            return false;
        }
        let p = 1.0 - (-e.stop_check_per_hour * driven as f64 / MS_PER_HOUR as f64).exp();
        // Checks draw from their own stream, so patrol routes do not shift.
        let rng = &mut self.check_rng[u as usize];
        let (u1, u2) = (
            crate::engine::rng::uniform01(rng),
            crate::engine::rng::uniform01(rng),
        );
        if u1 >= p {
            return false;
        }
        if self.crime.is_some() {
            self.stop_and_check(node, u2);
        }
        let stay = (e.stop_check_min * 60_000.0) as Tick;
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
    fn choose_hotspot_target(&mut self, u: u32, node: u32) {
        let jur = self.units[u as usize].jur as usize;
        let nodes = &self.w.jurisdictions[jur].nodes;
        let tau = crime::HOT_SPOT_WINDOW_DAYS * MS_PER_DAY as f64;
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

    // ----- shifts and breaks --------------------------------------------

    fn on_shift(&mut self, u: u32) {
        if self.units[u as usize].shift_at != self.now {
            return; // stale: a phase changed the group's shift
        }
        self.units[u as usize].shift_at = Tick::MAX;
        self.shift_change(u);
        self.refresh_pos(u);
    }

    fn shift_change(&mut self, u: u32) {
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
    fn end_patrol(&mut self, u: u32) {
        let un = &self.units[u as usize];
        let g = un.group as usize;
        let (a, b, t0, t1) = (un.trip_from, un.next, un.trip_depart, un.next_at);
        let (table, post) = (un.table as usize, un.post);
        self.record_patrol(g, a, b, t0, t1);
        self.set_state(u, St::Returning);
        let arrive = t1 + self.routers[table].time(self.w, b, post) as Tick;
        let un = &mut self.units[u as usize];
        un.node = b;
        un.trip_from = b;
        un.trip_depart = t1;
        un.dest = post;
        self.schedule_unit(u, arrive);
    }

    // ----- phases --------------------------------------------------------

    /// Cumulative counters now (after warm-up only, as every metric).
    fn counters(&self) -> [f64; N_COUNTERS] {
        let mut c = [0.0; N_COUNTERS];
        c[0] = self.by_prio.iter().map(|w| w.received as f64).sum();
        if let Some(cw) = &self.crime {
            let st = &cw.stats;
            c[1] = st.attempted.iter().sum::<u64>() as f64;
            c[2] = st.completed.iter().sum::<u64>() as f64;
            c[3] = st.reported.iter().sum::<u64>() as f64;
            c[4] = st.arrests.iter().sum::<u64>() as f64;
            c[5] = st.social_cost;
        }
        c
    }

    /// A period begins: keep the counters and the settings-dependent values.
    fn start_period(&mut self) {
        self.period_snap.push(self.counters());
        let cfg = match &self.crime {
            Some(cw) => cw.config_values(),
            None => [0.0; 5],
        };
        self.period_config.push(cfg);
    }

    /// `officers_needed` (weighted by the time each period's settings were
    /// in force, after warm-up) and, for a phased scenario, each period's
    /// outcomes and settings as `phase.<name>.<metric>`.
    fn period_metrics(&mut self, put: &mut dyn FnMut(String, Option<f64>)) {
        let base = self.base;
        if base.phases.is_empty() {
            return;
        }
        self.period_snap.push(self.counters());
        for (k, name) in base.period_names().into_iter().enumerate() {
            let ms = self.period_ms(k);
            let need = super::officers_needed(base.phase_scenario(k));
            let (a, b) = (self.period_snap[k], self.period_snap[k + 1]);
            let d = |i: usize| b[i] - a[i];
            let mut p = |m: &str, v: Option<f64>| put(format!("phase.{name}.{m}"), v);
            p("years", Some(ms / (365.0 * MS_PER_DAY as f64)));
            p("officers_needed", Some(need));
            p(PERIOD_COUNTERS[0], Some(d(0)));
            let r = self.period_resp[k];
            p("response_time_mean_min", (r[0] > 0.0).then(|| r[1] / r[0]));
            p(
                "response_target_met_share",
                (r[2] > 0.0).then(|| r[3] / r[2]),
            );
            if self.crime.is_some() {
                for (i, m) in PERIOD_COUNTERS.iter().enumerate().skip(1) {
                    p(m, Some(d(i)));
                }
                for (i, m) in PERIOD_CONFIG.iter().enumerate() {
                    p(m, Some(self.period_config[k][i]));
                }
            }
        }
    }

    /// The period (0 = base, k = phase k) in force at time `t`.
    fn period_of(&self, t: Tick) -> usize {
        self.base
            .phases
            .iter()
            .take_while(|p| ((p.start_day * MS_PER_DAY as f64) as Tick).max(1) <= t)
            .count()
    }

    /// Measured time (after warm-up) of period `k`, in ms.
    fn period_ms(&self, k: usize) -> f64 {
        let ph = &self.base.phases;
        let at = |i: usize| (ph[i].start_day * MS_PER_DAY as f64) as Tick;
        let start = if k == 0 { 0 } else { at(k - 1) };
        let end = if k < ph.len() { at(k) } else { self.horizon };
        end.min(self.horizon).saturating_sub(start.max(self.warmup)) as f64
    }

    /// Officers needed, weighted by the time each period's settings were in
    /// force after warm-up (the base's when there are no phases).
    fn officers_weighted(&self) -> f64 {
        let base = self.base;
        if base.phases.is_empty() {
            return super::officers_needed(base);
        }
        let span = (self.horizon - self.warmup) as f64;
        (0..=base.phases.len())
            .map(|k| super::officers_needed(base.phase_scenario(k)) * self.period_ms(k) / span)
            .sum()
    }

    /// Phase `k` begins: its settings take effect for units (counts, posts,
    /// shifts, patrol), dispatch and the crime levers.
    fn on_phase(&mut self, k: usize) {
        let s: &'a Scenario = self.base.phase_scenario(k + 1);
        let w: &'a World = self.w;
        self.s = s;
        let mut group_posts = Vec::with_capacity(self.groups.len());
        for gi in 0..self.groups.len() {
            let (group, posts) = group_of(s, w, gi);
            self.groups[gi] = group;
            group_posts.push(posts);
        }
        for u in 0..self.units.len() as u32 {
            let un = &self.units[u as usize];
            let gi = un.group as usize;
            let g = &s.units[gi];
            let posts = &group_posts[gi];
            let patrollers = (g.patrol_share * g.count as f64).round() as u32;
            let police = self.groups[gi].police;
            let rank = un.rank;
            let un = &mut self.units[u as usize];
            un.in_service = rank < g.count;
            un.patrol_role = rank < patrollers || !police;
            let old_post = un.post;
            un.post = if posts.is_empty() {
                w.jurisdictions[g.jurisdiction].station
            } else {
                posts[rank as usize % posts.len()]
            };
            self.shift_change(u);
            // The new role and post take effect now for units standing by,
            // held or patrolling; busy units follow them when they are free
            // (a unit driving home drives on to a moved post on arrival).
            let un = &self.units[u as usize];
            match un.state {
                St::Standby | St::Held if un.on_duty && un.patrol_role => self.become_free(u),
                St::Standby | St::Held if un.post != old_post => self.go_home(u),
                St::OffDuty if un.post != old_post => {
                    self.units[u as usize].node = self.units[u as usize].post;
                }
                St::Patrol if !un.patrol_role => self.end_patrol(u),
                _ => {}
            }
            self.refresh_pos(u);
        }
        self.type_intake = Sampler::new(&s.dispatch.intake_delay_min);
        self.cross_ok = cross_ok(s, self.nj);
        if let Some(spec) = &s.crime {
            self.crime
                .as_mut()
                .expect("crime is on in every phase")
                .configure(s, w, spec);
            self.after_phase();
        }
        self.start_period();
    }

    /// Plan one break of `admin_share` of a planning window — the rest of
    /// the duty period from `from`, at most a day — at a uniform time within
    /// it. The next window is planned when this break is due.
    fn plan_admin(&mut self, u: u32, from: Tick) {
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

    fn on_admin_start(&mut self, u: u32) {
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

    fn start_admin(&mut self, u: u32) {
        self.set_state(u, St::Admin);
        let un = &mut self.units[u as usize];
        un.admin_pending = false;
        un.admin_end_at = self.now + un.admin_due;
        let at = un.admin_end_at;
        self.q.schedule(at, Event::AdminEnd(UnitId(u)).pack());
    }

    fn on_admin_end(&mut self, u: u32) {
        let un = &self.units[u as usize];
        if un.state != St::Admin || un.admin_end_at != self.now {
            return;
        }
        self.set_state(u, St::Held);
        self.become_free(u);
    }

    // ----- results -------------------------------------------------------

    fn finish(mut self) -> RunResult {
        for w in &self.by_prio {
            self.all.merge(w);
        }
        for u in 0..self.units.len() as u32 {
            let st = self.units[u as usize].state;
            if st == St::Patrol {
                let un = &self.units[u as usize];
                let g = un.group as usize;
                let (a, b, t0, t1) = (un.trip_from, un.next, un.trip_depart, un.next_at);
                self.record_patrol(g, a, b, t0, t1);
            } else if matches!(st, St::EnRoute | St::Returning) {
                self.walk_trip(u, self.horizon, true);
            }
            self.set_state(u, st);
        }
        let open = self.calls.len() - self.free_calls.len();
        let span_h = to_hours(self.horizon - self.warmup);
        let mut m: Vec<(String, Option<f64>)> = Vec::with_capacity(96);
        let mut put = |name: String, v: Option<f64>| m.push((name, v.filter(|x| x.is_finite())));
        put("calls".into(), Some(self.all.received as f64));
        put("calls_service".into(), Some(self.service_calls as f64));
        put("calls_cleared".into(), Some(self.cleared as f64));
        put(
            "calls_answered_across_boundary".into(),
            Some(self.across as f64),
        );
        if (0..=self.base.phases.len()).any(|k| self.base.phase_scenario(k).dispatch.preempt) {
            put("calls_preempted".into(), Some(self.preemptions as f64));
        }
        put("calls_open_at_end".into(), Some(open as f64));
        put(
            "call_rate_per_hour".into(),
            Some(self.all.received as f64 / span_h),
        );
        let groups: Vec<(String, &Waits)> = std::iter::once((String::new(), &self.all))
            .chain(
                self.priorities
                    .iter()
                    .zip(&self.by_prio)
                    .map(|(p, w)| (format!(".p{p}"), w)),
            )
            .collect();
        for (sfx, w) in &groups {
            if !sfx.is_empty() {
                put(format!("calls{sfx}"), Some(w.received as f64));
            }
            // Mean, median and 90th percentile, in minutes.
            fn spread(
                put: &mut impl FnMut(String, Option<f64>),
                what: &str,
                sfx: &str,
                r: &Running,
                h: &Histogram,
            ) {
                put(format!("{what}_mean_min{sfx}"), r.mean());
                for (q, name) in [(0.5, "median"), (0.9, "p90")] {
                    put(
                        format!("{what}_{name}_min{sfx}"),
                        h.quantile(q).map(|x| x / 60_000.0),
                    );
                }
            }
            spread(&mut put, "dispatch_wait", sfx, &w.wait, &w.wait_hist);
            put(
                format!("dispatch_delayed_share{sfx}"),
                (w.assigned > 0).then(|| w.delayed as f64 / w.assigned as f64),
            );
            spread(&mut put, "response_time", sfx, &w.resp, &w.resp_hist);
        }
        let (calls_t, met_t): (u64, u64) =
            (self.target_calls.iter().sum(), self.target_met.iter().sum());
        put(
            "response_target_met_share".into(),
            (calls_t > 0).then(|| met_t as f64 / calls_t as f64),
        );
        for (i, a) in crate::scenario::AREA_TYPES.iter().enumerate() {
            let n = self.target_calls[i];
            put(
                format!("response_target_met_share.{a}"),
                (n > 0).then(|| self.target_met[i] as f64 / n as f64),
            );
        }
        put("travel_time_mean_min".into(), self.travel.mean());
        put("on_scene_mean_min".into(), self.on_scene.mean());
        put("busy_time_mean_min".into(), self.busy.mean());
        let busy_ms =
            (self.state_ms[St::EnRoute as usize] + self.state_ms[St::OnScene as usize]) as f64;
        let on_duty_ms: f64 = self.state_ms[1..].iter().sum::<u64>() as f64;
        let span_ms = (self.horizon - self.warmup) as f64;
        put("busy_units_mean".into(), Some(busy_ms / span_ms));
        put("units_on_duty_mean".into(), Some(on_duty_ms / span_ms));
        put(
            "unit_utilization".into(),
            (on_duty_ms > 0.0).then(|| busy_ms / on_duty_ms),
        );
        for (i, name) in STATE_NAMES.iter().enumerate() {
            put(
                format!("unit_hours.{name}"),
                Some(self.state_ms[i] as f64 / MS_PER_HOUR as f64),
            );
        }
        let n = self.w.node_count() as f64;
        let hours = (self.horizon.div_ceil(MS_PER_HOUR) - self.warmup / MS_PER_HOUR) as f64;
        let covered: u64 = self.presence.covered_hours.iter().map(|&h| h as u64).sum();
        put("patrol_coverage".into(), Some(covered as f64 / (n * hours)));
        let presence_ms: f64 = self.presence.weighted_ms.iter().sum();
        put(
            "presence_hours".into(),
            Some(presence_ms / MS_PER_HOUR as f64),
        );
        put("officers_needed".into(), Some(self.officers_weighted()));
        self.crime_metrics(&mut put);
        self.period_metrics(&mut put);
        let nodes = NodeStats {
            crimes: match &self.crime {
                Some(c) => c.stats.node_crimes.iter().map(|&x| x as f64).collect(),
                None => vec![0.0; self.w.node_count()],
            },
            calls: self.node_calls.iter().map(|&c| c as f64).collect(),
            presence_hours: self
                .presence
                .weighted_ms
                .iter()
                .map(|&x| x / MS_PER_HOUR as f64)
                .collect(),
            coverage: self
                .presence
                .covered_hours
                .iter()
                .map(|&h| h as f64 / hours)
                .collect(),
        };
        RunResult {
            seed: 0,
            metrics: m,
            nodes,
            events: self.events,
            call_log: self.log,
            crime_log: self
                .crime
                .as_mut()
                .map_or_else(Vec::new, |c| std::mem::take(&mut c.crime_log)),
        }
    }
}
