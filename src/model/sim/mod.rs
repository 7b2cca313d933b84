//! The event loop of one run: call arrivals, intake, dispatch, travel, service,
//! shifts, admin breaks and patrol steps. Hot-path rules: no allocation per
//! event, no string keys, no trait objects; events are 27-bit payloads
//! (4 bits of kind, 23 bits of index) in the engine's packed queue.

use super::dist::Sampler;
use super::presence::Presence;
use super::shifts::Duty;
use super::{LoggedCall, RunOptions, RunResult, streams};
use crate::engine::EventQueue;
use crate::engine::rng::{Alias, StreamRng, stream};
use crate::engine::time::{MS_PER_DAY, MS_PER_HOUR, Tick};
use crate::scenario::{Dist, PatrolPolicy, QueueRule, Scenario};
use crate::stats::{Histogram, Running};
use crate::world::{Router, World};
use std::collections::VecDeque;

use super::event::{Event, IDX_MASK, UnitId};
use super::levers::{self, Levers};

mod crime;
mod dispatch;
mod intake;
mod metrics;
mod patrol;
mod periods;
mod roles;
mod units;
use crime::CrimeWorld;
pub(crate) use crime::{StartStats, StationaryStart};
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
    assert!(i <= IDX_MASK, "more than 2^23 {what}");
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
/// Event counters: the kinds, unit events by state, offender events by
/// state (`RunResult::events_by_kind` names them).
const N_EVENT_COUNTERS: usize = super::event::KINDS as usize + N_STATES + crime::N_OFF_STATES;
/// Where the unit-state and offender-state counters start.
const UNIT_EVENT_AT: usize = super::event::KINDS as usize;
const OFFENDER_EVENT_AT: usize = UNIT_EVENT_AT + N_STATES;
// The names of the states are `metrics::UNIT_STATES`, in this order.
const _: () = assert!(crate::model::metrics::UNIT_STATES.len() == N_STATES);

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
    /// Koper stop: the node the unit stands at and until when.
    stop_at: u32,
    stop_until: Tick,
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
    /// Its model call type; with roles, the unit type a part of a joint
    /// incident needs (`roles::ANY`: none) and the incident (`NONE`).
    ty: u16,
    need: u16,
    incident: u32,
    /// Received after warm-up: in the roles' metrics (a desk's field call
    /// is tracked there but not `counted` in the 110 metrics).
    tracked: bool,
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
    /// Its presence deters (not fire engines or ambulances).
    deters: bool,
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
    period_snap: Vec<periods::Counters>,
    period_config: Vec<crate::model::Provided>,
    /// Per period (by the call's receipt): responses, their minutes,
    /// priority-1 calls with a target, and those that met it.
    period_resp: Vec<[f64; 4]>,
    w: &'a World,
    q: EventQueue,
    now: Tick,
    horizon: Tick,
    warmup: Tick,
    /// Simulated before day 0 (`scenario.burn_in_days`): every time of the
    /// scenario (horizon, warm-up, phases) is shifted by it.
    burn_in: Tick,
    /// Per measured day: crimes completed, offenders in prison (`RunOptions::daily`).
    daily: Vec<[f64; 2]>,
    /// The slow state at the end of the warm-up (`RunOptions::snapshot`).
    snapshot: Vec<(String, f64)>,
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
    jur_units: Vec<Vec<u32>>,
    last_visit: Vec<Tick>,
    /// Koper stops: when each node was last chosen for one (`None`: never),
    /// and the stops begun after warm-up.
    koper_chosen: Vec<Option<Tick>>,
    koper_stops: u64,
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
    /// Per hour of the week: measured calls received, and milliseconds
    /// units spent busy (en route or on scene).
    week_calls: [u64; 168],
    week_busy_ms: [u64; 168],
    events: u64,
    /// Events by kind (`event::KIND_NAMES`), then live unit events by the
    /// unit's state and live offender events by the offender's state
    /// (`EVENT_COUNTERS`): for the scale bench, one add per event.
    event_kinds: [u64; N_EVENT_COUNTERS],
    opts: RunOptions,
    /// The stationary start's estimate (`crime.start_state = "stationary"`).
    start: Option<&'a StationaryStart>,
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
    /// Call takers, when the scenario has `[intake]`.
    desks: Option<Box<intake::Desks>>,
    /// Unit roles, when the scenario gives them (docs/desks.md).
    roles: Option<Box<roles::Roles>>,
    /// The levers' mechanisms (`model/levers/`), reached through their hooks.
    levers: Levers,
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
        deters: crate::scenario::role_deters(ty.role),
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

impl<'a> Sim<'a> {
    pub fn new(
        s: &'a Scenario,
        w: &'a World,
        seed: u64,
        opts: RunOptions,
        start: Option<&'a StationaryStart>,
    ) -> Self {
        let burn_in = s.burn_in();
        let horizon = s.horizon() + burn_in;
        let warmup = s.warmup() + burn_in;
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
                    stop_at: NONE,
                    stop_until: 0,
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
        let crime = s
            .crime
            .as_ref()
            .map(|c| CrimeWorld::new(s, w, c, seed, s.calls.types.len()));
        let unit_ids: Vec<(u32, u32)> = units.iter().map(|u| (u.group, u.rank)).collect();
        let levers = Levers::new(&levers::Start {
            settings: levers::Settings {
                s,
                w,
                crime: crime.as_ref().map(|c| c.layout()),
            },
            seed,
            units: &unit_ids,
        });
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
            burn_in,
            daily: Vec::new(),
            snapshot: Vec::new(),
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
            unit_rng,
            jur_units,
            last_visit: vec![0; w.node_count()],
            koper_chosen: vec![None; w.node_count()],
            koper_stops: 0,
            presence: Presence::with_deterrence(
                w.node_count(),
                warmup,
                horizon,
                s.crime.as_ref().map_or(60.0, |c| c.deterrence_decay_min) * 60_000.0,
                s.crime.as_ref().map_or(0.5, |c| c.deterrence_pass_min),
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
            week_calls: [0; 168],
            week_busy_ms: [0; 168],
            events: 0,
            event_kinds: [0; N_EVENT_COUNTERS],
            opts,
            start,
            log: Vec::new(),
            seed,
            service_calls: 0,
            target_calls: [0; 3],
            target_met: [0; 3],
            across: 0,
            preemptions: 0,
            crime,
            roles: roles::Roles::new(s, all_types.len()).map(Box::new),
            desks: s
                .intake
                .as_ref()
                .map(|i| Box::new(intake::Desks::new(s, i, seed))),
            levers,
        }
    }

    pub fn run(mut self) -> RunResult {
        self.simulate();
        self.finish()
    }

    /// Run a pilot of the stationary start: what it measured.
    pub fn run_pilot(mut self) -> StartStats {
        self.simulate();
        self.start_stats()
    }

    fn simulate(&mut self) {
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
        self.start_desks();
        if self.crime.is_some() {
            self.start_crime();
        }
        if !self.base.phases.is_empty() {
            self.start_period();
            for (k, ph) in self.base.phases.iter().enumerate() {
                let t = (ph.start_day * MS_PER_DAY as f64) as Tick;
                self.q
                    .schedule(t.max(1) + self.burn_in, Event::Phase(k as u32).pack());
            }
        }
        let daily = self.opts.daily && self.crime.is_some();
        let mut next_day = self.warmup + MS_PER_DAY;
        let mut completed_before = 0u64;
        let mut snap = self.opts.snapshot;
        while let Some((t, p)) = self.q.pop() {
            if snap && t >= self.warmup {
                self.snapshot = self.crime_snapshot(self.warmup);
                snap = false;
            }
            if t > self.horizon {
                break;
            }
            while daily && t >= next_day {
                let cw = self.crime.as_ref().expect("crime");
                let completed: u64 = cw.stats.completed.iter().sum();
                self.daily
                    .push([(completed - completed_before) as f64, cw.in_prison as f64]);
                completed_before = completed;
                next_day += MS_PER_DAY;
            }
            self.now = t;
            self.events += 1;
            self.event_kinds[Event::kind_of(p)] += 1;
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
                Event::Onset => self.on_onset(),
                Event::FalseAlarm => self.on_false_alarm(),
                Event::CaseDone(c) => self.on_case_done(c.0),
                Event::Tip(c) => self.on_tip(c.0),
                Event::Phase(k) => self.on_phase(k as usize),
                Event::Desk(k) => self.on_desk(k),
            }
        }
        self.now = self.horizon;
    }

    // ----- calls -------------------------------------------------------
}
