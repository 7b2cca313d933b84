//! Offenders, targets and crimes inside the event loop (a child of `sim`, so
//! it shares the loop's state): offenders' daily rounds along roads, their
//! choices at opportunities (reward against perceived risk and effort),
//! deterrence by recent police presence, displacement, repeat and
//! near-repeat boosts, reporting, alarms, and the four arrest channels.

use super::*;
use crate::engine::rng::{open01, splitmix64, uniform01};
use crate::engine::time::{MS_PER_DAY, hour_of_day};
use crate::scenario::community::PLACE_KINDS;
use crate::scenario::crime::CrimeSpec;

const HOUSEHOLD: usize = 0;
const PEDESTRIAN: usize = 1;
const VEHICLE: usize = 2;
const USE_COMMERCIAL: usize = 1;
const USE_ENTERTAINMENT: usize = 2;
const USE_LODGING: usize = 3;
const USE_TRANSPORT: usize = 4;
const USE_SECOND_HAND: usize = 5;

pub(super) const CH_IN_ACT: usize = 0;
pub(super) const CH_RESPONSE: usize = 1;
pub(super) const CH_INVESTIGATION: usize = 2;
pub(super) const CH_CHECKPOINT: usize = 3;
pub(super) const CH_STOP_CHECK: usize = 4;
pub(super) const CH_STAKE_OUT: usize = 5;
pub(super) const CHANNELS: [&str; 6] = [
    "in_act",
    "response",
    "investigation",
    "checkpoint",
    "stop_check",
    "stake_out",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OffSt {
    Home,
    Moving,
    Dwelling,
    AtCrime,
    Prison,
    Gone,
}

#[derive(Debug, Clone)]
pub(super) struct Offender {
    /// Identity: slots of roaming offenders who left are reused.
    uid: u64,
    home: u32,
    node: u32,
    dest: u32,
    roaming: bool,
    state: OffSt,
    ev_at: Tick,
    ev_live: bool,
    stops_left: u32,
    leave_by: Tick,
    loot: bool,
    crime: u32,
    released_at: Tick,
    /// Stopped at a staffed checkpoint: the check happens at the event.
    at_checkpoint: bool,
    look_after_check: bool,
    detouring: bool,
    /// Last time the offender was registered passing a checkpoint.
    registered_at: Tick,
    /// Identified but not arrested (found where cooperation failed): the
    /// crime, its start (to recognise a reused slot) and the jurisdiction
    /// whose alert names the offender.
    wanted: Option<(u32, Tick, u16)>,
    /// Last time an informant noted the offender staying at a place.
    noted_at: Tick,
    /// Last time loot of his was sold where it was noted or registered, and
    /// the identification bonus of that sale.
    fenced_at: Tick,
    fence_bonus: f64,
    /// A roaming offender registered at a lodging place during this visit.
    lodged: bool,
}

impl Offender {
    /// An offender at `home` (a roaming one's is the exit he came in by),
    /// with nothing planned, carrying nothing, known to nobody.
    fn new(uid: u64, home: u32, roaming: bool, state: OffSt) -> Self {
        Offender {
            uid,
            home,
            node: home,
            dest: home,
            roaming,
            state,
            ev_at: 0,
            ev_live: false,
            stops_left: 0,
            leave_by: 0,
            loot: false,
            crime: NONE,
            released_at: 0,
            at_checkpoint: false,
            look_after_check: false,
            detouring: false,
            registered_at: 0,
            wanted: None,
            noted_at: 0,
            fenced_at: 0,
            fence_bonus: 0.0,
            lodged: false,
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct CrimeRec {
    kind: u16,
    node: u32,
    offender: u32,
    offender_uid: u64,
    start: Tick,
    end: Tick,
    leave: Tick,
    failed: bool,
    camera: bool,
    /// A street camera covered the place when the crime happened.
    street: bool,
    noticed: bool,
    reported: bool,
    cleared: bool,
    counted: bool,
    refs: u16,
    reported_at: Tick,
    case_start: Tick,
}

#[derive(Debug, Clone, Default)]
pub(super) struct CrimeStats {
    pub opportunities: Vec<u64>,
    pub deterred: Vec<u64>,
    pub displaced: u64,
    pub attempted: Vec<u64>,
    pub completed: Vec<u64>,
    pub failed: Vec<u64>,
    pub reported: Vec<u64>,
    pub cleared: Vec<u64>,
    pub cleared_reported: Vec<u64>,
    pub arrests: [u64; 6],
    pub stop_checks: u64,
    pub cases_worked: u64,
    pub case_wait_days: f64,
    pub social_cost: f64,
    pub alarm_calls: u64,
    pub false_alarms: u64,
    pub node_crimes: Vec<u32>,
    pub prison_ms: f64,
    pub seen_on_camera: u64,
    pub volunteer_reports: u64,
    pub identified_cross: u64,
    pub arrests_cross: u64,
    pub identified_outside: u64,
    pub arrests_outside: u64,
    pub wanted: u64,
    pub wanted_caught: u64,
    pub noted: u64,
    pub fenced_noted: u64,
    pub lodged: u64,
    pub tip_identifications: u64,
    /// Looks taken by an offender who should not be on the street (must stay 0).
    pub invariant_violations: u64,
}

pub(super) struct CrimeWorld {
    pub land_use: Vec<u8>,
    targets: [Vec<f64>; 3],
    by_use: [Vec<u32>; 6],
    exits: Vec<u32>,
    time_on_target: Vec<Sampler>,
    delay_noticed: Vec<Sampler>,
    delay_discovered: Vec<Sampler>,
    sentence: Sampler,
    investigation_delay: Sampler,
    offenders: Vec<Offender>,
    rng: Vec<StreamRng>,
    free_offenders: Vec<u32>,
    roaming_count: u64,
    crimes: Vec<CrimeRec>,
    free_crimes: Vec<u32>,
    boost: Vec<f64>,
    boost_at: Vec<Tick>,
    pub heat: Vec<f64>,
    pub heat_at: Vec<Tick>,
    roam_rng: StreamRng,
    /// A roaming-offender arrival / a false alarm is scheduled.
    roam_live: bool,
    alarm_live: bool,
    alarm_rng: StreamRng,
    alarm_alias: Option<Alias>,
    alarm_rate_per_ms: f64,
    table: usize,
    /// The places where crime is most expected (top 5 % by opportunity
    /// weight, fixed by the layout, so the same in every strategy) and the
    /// ring of their neighbours: where displacement or diffusion shows.
    pub hot_spots: Vec<bool>,
    pub ring: Vec<bool>,
    /// Share of targets with a lock, an alarm, a private camera, per node
    /// (the places' shares, changed by programmes in their jurisdictions).
    lock: Vec<f64>,
    alarm: Vec<f64>,
    camera: Vec<f64>,
    /// A street camera covers the node.
    street_camera: Vec<bool>,
    /// Checkpoint at the node: (start of staffing in the day, length, check
    /// share, index into the scenario's checkpoints).
    checkpoint: Vec<Option<(Tick, Tick, f64, usize)>>,
    /// A stake-out watches the node until then.
    pub watch_until: Vec<Tick>,
    /// An informant works at the node.
    informant: Vec<bool>,
    /// Community-policing coverage of the node's jurisdiction (0–1).
    community: Vec<f64>,
    /// Some source of tips exists (informants or registration).
    tips: bool,
    case_queue: std::collections::VecDeque<(u32, Tick)>,
    busy_detectives: u32,
    /// Call type index of the first crime type; alarms follow the crime types.
    pub first_call_type: usize,
    pub stats: CrimeStats,
    /// Completed crimes, when the run logs them.
    pub crime_log: Vec<super::super::LoggedCrime>,
}

/// Decayed value of an accumulator at `t`.
#[inline]
fn decayed(v: f64, at: Tick, t: Tick, tau_ms: f64) -> f64 {
    v * (-(t.saturating_sub(at) as f64) / tau_ms).exp()
}

impl CrimeWorld {
    pub(super) fn new(
        s: &Scenario,
        w: &World,
        spec: &CrimeSpec,
        seed: u64,
        first_call_type: usize,
    ) -> CrimeWorld {
        let n = w.node_count();
        let p = &s.places;
        // Land use: drawn once per scenario from the places seed (the same in
        // every replication); non-residential uses are denser where calls are.
        let mean_w = w.call_weight.iter().sum::<f64>() / n as f64;
        let mut layout = stream(p.seed, streams::PLACES);
        let mut land_use = vec![0u8; n];
        for (i, lu) in land_use.iter_mut().enumerate() {
            let m = if mean_w > 0.0 {
                w.call_weight[i] / mean_w
            } else {
                1.0
            };
            let u = uniform01(&mut layout);
            let mut acc = 0.0;
            for k in 1..6 {
                acc += (p.land_use_share[k] * m).min(0.9 / 5.0 * 5.0);
                if u < acc {
                    *lu = k as u8;
                    break;
                }
            }
        }
        let mut by_use: [Vec<u32>; 6] = Default::default();
        for (i, &lu) in land_use.iter().enumerate() {
            by_use[lu as usize].push(i as u32);
        }
        let targets = [
            land_use
                .iter()
                .map(|&u| p.households[u as usize])
                .collect::<Vec<f64>>(),
            land_use
                .iter()
                .map(|&u| p.pedestrians[u as usize])
                .collect(),
            land_use.iter().map(|&u| p.vehicles[u as usize]).collect(),
        ];
        // Hot spots: top 5 % of nodes by expected opportunities (mean street activity).
        let mean_act = p.activity_by_hour.iter().sum::<f64>() / 24.0;
        let mut expected: Vec<(f64, u32)> = (0..n)
            .map(|i| {
                let w: f64 = spec
                    .types
                    .iter()
                    .map(|t| {
                        t.opportunity
                            * targets[t.target][i]
                            * if t.target == PEDESTRIAN {
                                mean_act
                            } else {
                                1.0
                            }
                    })
                    .sum();
                (-w, i as u32)
            })
            .collect();
        expected.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
        let mut hot_spots = vec![false; n];
        for &(_, i) in expected.iter().take(n.div_ceil(20)) {
            hot_spots[i as usize] = true;
        }
        let mut ring = vec![false; n];
        for i in 0..n as u32 {
            if hot_spots[i as usize] {
                for a in w.neighbours(i) {
                    if !hot_spots[a.to as usize] {
                        ring[a.to as usize] = true;
                    }
                }
            }
        }
        let nk = spec.types.len();
        let mut cw = CrimeWorld {
            exits: if w.exits.is_empty() {
                vec![0]
            } else {
                w.exits.clone()
            },
            land_use,
            targets,
            by_use,
            time_on_target: Vec::new(),
            delay_noticed: Vec::new(),
            delay_discovered: Vec::new(),
            sentence: Sampler::new(&spec.sentence_days),
            investigation_delay: Sampler::new(&spec.investigation_delay_days),
            offenders: Vec::new(),
            rng: Vec::new(),
            free_offenders: Vec::new(),
            roaming_count: 0,
            crimes: Vec::new(),
            free_crimes: Vec::new(),
            boost: vec![0.0; n],
            boost_at: vec![0; n],
            heat: vec![0.0; n],
            heat_at: vec![0; n],
            roam_rng: stream(seed, streams::ROAMERS),
            roam_live: false,
            alarm_live: false,
            alarm_rng: stream(seed, streams::FALSE_ALARMS),
            alarm_alias: None,
            alarm_rate_per_ms: 0.0,
            table: w
                .offender_table
                .expect("world has an offender table when crime is on"),
            first_call_type,
            hot_spots,
            ring,
            lock: Vec::new(),
            alarm: Vec::new(),
            camera: Vec::new(),
            street_camera: Vec::new(),
            checkpoint: Vec::new(),
            watch_until: vec![0; n],
            tips: false,
            informant: Vec::new(),
            community: Vec::new(),
            case_queue: Default::default(),
            busy_detectives: 0,
            stats: CrimeStats {
                opportunities: vec![0; nk],
                deterred: vec![0; nk],
                attempted: vec![0; nk],
                completed: vec![0; nk],
                failed: vec![0; nk],
                reported: vec![0; nk],
                cleared: vec![0; nk],
                cleared_reported: vec![0; nk],
                node_crimes: vec![0; n],
                ..Default::default()
            },
            crime_log: Vec::new(),
        };
        cw.configure(s, w, spec);
        // Local offenders live at residential (or lodging) nodes, drawn from the layout stream.
        let homes: Vec<u32> = if cw.by_use[0].is_empty() {
            (0..n as u32).collect()
        } else {
            cw.by_use[0].clone()
        };
        for i in 0..spec.local_offenders {
            let home = homes[(uniform01(&mut layout) * homes.len() as f64) as usize % homes.len()];
            cw.offenders
                .push(Offender::new(i as u64, home, false, OffSt::Home));
            cw.rng.push(stream(seed, streams::OFFENDER_BASE + i as u64));
        }
        cw
    }

    /// Settings-dependent values (as `PERIOD_CONFIG` names them): targets
    /// locked, alarmed, with a camera; informants; street cameras.
    pub(super) fn config_values(&self) -> [f64; 5] {
        let protected = |share: &Vec<f64>| -> f64 {
            (0..share.len())
                .map(|i| (self.targets[HOUSEHOLD][i] + self.targets[VEHICLE][i]) * share[i])
                .sum()
        };
        [
            protected(&self.lock),
            protected(&self.alarm),
            protected(&self.camera),
            self.informant.iter().filter(|&&b| b).count() as f64,
            self.street_camera.iter().filter(|&&b| b).count() as f64,
        ]
    }

    /// Set what depends on the settings in force (not on the layout): the
    /// samplers of the crime parameters, programme shares, street cameras,
    /// checkpoints, false-alarm rate, informants and community coverage.
    /// Called at the start and again when a phase begins.
    pub(super) fn configure(&mut self, s: &Scenario, w: &World, spec: &CrimeSpec) {
        let n = w.node_count();
        let p = &s.places;
        let (mut lock, mut alarm, mut camera) = (
            vec![p.lock_share; n],
            vec![p.alarm_share; n],
            vec![p.camera_share; n],
        );
        for prog in &s.programmes {
            for &j in &prog.jurisdictions {
                for &node in &w.jurisdictions[j].nodes {
                    let i = node as usize;
                    if let Some(x) = prog.lock_share {
                        lock[i] = x;
                    }
                    if let Some(x) = prog.alarm_share {
                        alarm[i] = x;
                    }
                    if let Some(x) = prog.camera_share {
                        camera[i] = x;
                    }
                }
            }
        }
        let mut street_camera = vec![false; n];
        for r in &s.cameras.nodes {
            street_camera[w.resolve(*r).expect("checked by world") as usize] = true;
        }
        let mut checkpoint = vec![None; n];
        for (k, c) in s.checkpoints.iter().enumerate() {
            let i = w.resolve(c.node).expect("checked by world") as usize;
            checkpoint[i] = Some((
                (c.start_hour * MS_PER_HOUR as f64) as Tick,
                (c.hours * MS_PER_HOUR as f64) as Tick,
                c.check_share,
                k,
            ));
        }
        let (informant, community) = place_informants(s, w, &self.by_use);
        let alarmed: Vec<f64> = self.targets[HOUSEHOLD]
            .iter()
            .zip(&alarm)
            .map(|(h, a)| h * a)
            .collect();
        let total_alarmed: f64 = alarmed.iter().sum();
        self.time_on_target = spec
            .types
            .iter()
            .map(|t| Sampler::new(&t.time_on_target_min))
            .collect();
        self.delay_noticed = spec
            .types
            .iter()
            .map(|t| Sampler::new(&t.report_delay_noticed_min))
            .collect();
        self.delay_discovered = spec
            .types
            .iter()
            .map(|t| Sampler::new(&t.report_delay_discovered_min))
            .collect();
        self.sentence = Sampler::new(&spec.sentence_days.scaled(1440.0));
        self.investigation_delay = Sampler::new(&spec.investigation_delay_days.scaled(1440.0));
        self.alarm_alias = Alias::new(&alarmed);
        self.alarm_rate_per_ms =
            total_alarmed * p.false_alarms_per_alarm_year / (365.0 * MS_PER_DAY as f64);
        self.lock = lock;
        self.alarm = alarm;
        self.camera = camera;
        self.street_camera = street_camera;
        self.checkpoint = checkpoint;
        self.tips = s.informants.active() || informant.iter().any(|&b| b);
        self.informant = informant;
        self.community = community;
    }
}

/// Informants at places (the scenario's counts per kind, then those the
/// community officers recruit in their areas), drawn once per scenario from
/// the places seed; and each node's community-policing coverage.
fn place_informants(s: &Scenario, w: &World, by_use: &[Vec<u32>; 6]) -> (Vec<bool>, Vec<f64>) {
    let n = w.node_count();
    let mut informant = vec![false; n];
    let mut community = vec![0.0; n];
    let mut rng = stream(s.places.seed, streams::INFORMANTS);
    // Partial Fisher-Yates: `k` distinct places from `cands` not yet taken.
    let mut pick = |cands: Vec<u32>, k: usize, informant: &mut Vec<bool>| {
        let mut c: Vec<u32> = cands
            .into_iter()
            .filter(|&i| !informant[i as usize])
            .collect();
        for i in 0..k.min(c.len()) {
            let j = i + (uniform01(&mut rng) * (c.len() - i) as f64) as usize % (c.len() - i);
            c.swap(i, j);
            informant[c[i] as usize] = true;
        }
    };
    for (i, &(_, use_)) in PLACE_KINDS.iter().enumerate() {
        pick(
            by_use[use_].clone(),
            s.informants.count[i] as usize,
            &mut informant,
        );
    }
    let c = &s.community;
    for a in &c.areas {
        let nodes = &w.jurisdictions[a.jurisdiction].nodes;
        let cov = (a.officers as f64 * c.nodes_per_officer / nodes.len().max(1) as f64).min(1.0);
        let mut places = Vec::new();
        for &node in nodes {
            community[node as usize] = cov;
            if by_use
                .iter()
                .skip(1)
                .any(|l| l.binary_search(&node).is_ok())
            {
                places.push(node);
            }
        }
        let k = (a.officers as f64 * c.informants_per_officer).round() as usize;
        pick(places, k, &mut informant);
    }
    (informant, community)
}

impl<'a> Sim<'a> {
    fn spec(&self) -> &'a CrimeSpec {
        self.s.crime.as_ref().expect("crime is on")
    }

    fn cw(&mut self) -> &mut CrimeWorld {
        self.crime.as_mut().expect("crime is on")
    }

    /// One uniform from offender `o`'s stream.
    fn ou(&mut self, o: u32) -> f64 {
        uniform01(&mut self.cw().rng[o as usize])
    }

    /// Schedule the first events of the crime model.
    pub(super) fn start_crime(&mut self) {
        let n = self.crime.as_ref().map_or(0, |c| c.offenders.len());
        for o in 0..n as u32 {
            self.plan_outing(o, 0);
        }
        self.next_roamer();
        self.next_false_alarm();
    }

    /// Schedule the next roaming offender's arrival (none while the rate is
    /// 0; a phase that raises it starts the chain again).
    fn next_roamer(&mut self) {
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
    pub(super) fn after_phase(&mut self) {
        if !self.cw().roam_live {
            self.next_roamer();
        }
        if !self.cw().alarm_live {
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

    fn next_false_alarm(&mut self) {
        let cw = self.cw();
        if cw.alarm_rate_per_ms <= 0.0 || cw.alarm_alias.is_none() {
            cw.alarm_live = false;
            return;
        }
        cw.alarm_live = true;
        let u = uniform01(&mut cw.alarm_rng);
        let gap = -(1.0 - u).ln() / cw.alarm_rate_per_ms;
        let t = self.now + gap as Tick + 1;
        self.q.schedule(t, Event::FalseAlarm.pack());
    }

    pub(super) fn on_false_alarm(&mut self) {
        let cw = self.cw();
        if cw.alarm_alias.is_none() {
            cw.alarm_live = false; // a phase removed every alarm
            return;
        }
        let node = cw
            .alarm_alias
            .as_ref()
            .expect("alarms")
            .sample(&mut cw.alarm_rng) as u32;
        let ty = cw.first_call_type + self.spec().types.len();
        let (u1, u2) = (
            uniform01(&mut self.cw().alarm_rng),
            uniform01(&mut self.cw().alarm_rng),
        );
        let intake = self.type_intake.at(u1);
        let scene = self.type_scene[ty].at(u2);
        if self.now >= self.warmup {
            self.cw().stats.false_alarms += 1;
        }
        self.open_call(node, ty, intake, scene, NONE);
        self.next_false_alarm();
    }

    fn schedule_offender(&mut self, o: u32, at: Tick) {
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
    fn plan_outing(&mut self, o: u32, after: Tick) {
        let spec = self.spec();
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

    pub(super) fn on_roamer(&mut self) {
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
        let off = Offender {
            stops_left: stops,
            leave_by: now + (spec.roaming_stay_hours * MS_PER_HOUR as f64) as Tick,
            ..Offender::new((1 << 40) + k, e, true, OffSt::Dwelling)
        };
        let rng = stream(seed, streams::ROAMER_BASE + k);
        let o = match cw.free_offenders.pop() {
            Some(o) => {
                cw.offenders[o as usize] = off;
                cw.rng[o as usize] = rng;
                o
            }
            None => {
                cw.offenders.push(off);
                cw.rng.push(rng);
                (cw.offenders.len() - 1) as u32
            }
        };
        assert!(o <= IDX_MASK, "more than 2^20 offenders");
        self.next_stop(o);
    }

    /// Choose the next place to go: an activity place of the kinds the essay
    /// names (eat, live, travel, sell, play), the nearest of a few
    /// candidates; home (or out of the county) when the outing is over.
    fn next_stop(&mut self, o: u32) {
        let now = self.now;
        let off = self.cw().offenders[o as usize].clone();
        let dest = if off.stops_left == 0 || (off.roaming && now >= off.leave_by) {
            if off.roaming {
                let cw = self.cw();
                let i = (uniform01(&mut cw.rng[o as usize]) * cw.exits.len() as f64) as usize
                    % cw.exits.len();
                cw.exits[i]
            } else {
                off.home
            }
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
            let mut best = (u32::MAX, off.node);
            for _ in 0..4 {
                let cw = self.crime.as_mut().expect("crime");
                let list = if cw.by_use[use_].is_empty() {
                    &cw.by_use[0]
                } else {
                    &cw.by_use[use_]
                };
                let cand = if list.is_empty() {
                    off.node
                } else {
                    list[(uniform01(&mut cw.rng[o as usize]) * list.len() as f64) as usize
                        % list.len()]
                };
                let t = self.routers[table].time(self.w, off.node, cand);
                best = best.min((t, cand));
            }
            self.cw().offenders[o as usize].stops_left -= 1;
            best.1
        };
        let off = &mut self.cw().offenders[o as usize];
        off.dest = dest;
        off.state = OffSt::Moving;
        self.walk_offender(o);
    }

    /// Walk on toward the destination until a node where the offender looks
    /// for an opportunity, or the destination; schedule the event there.
    fn walk_offender(&mut self, o: u32) {
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
            if suspect
                && let Some((start, len, share, _)) = self.cw().checkpoint[at as usize]
                && share > 0.0
                && (t % MS_PER_DAY + MS_PER_DAY - start) % MS_PER_DAY < len
            {
                // Stop at the staffed checkpoint; look around after the check if
                // this was a place to look anyway.
                let off = &mut self.cw().offenders[o as usize];
                off.at_checkpoint = true;
                off.look_after_check = look;
                break;
            }
            if look {
                break;
            }
        }
        self.cw().offenders[o as usize].node = at;
        self.schedule_offender(o, t.max(self.now + 1));
    }

    pub(super) fn on_offender(&mut self, o: u32) {
        let now = self.now;
        {
            let off = &mut self.cw().offenders[o as usize];
            if !(off.ev_live && off.ev_at == now) {
                return;
            }
            off.ev_live = false;
        }
        let off = self.cw().offenders[o as usize].clone();
        match off.state {
            OffSt::Home => self.next_stop(o),
            OffSt::Moving if off.detouring => {
                self.cw().offenders[o as usize].detouring = false;
                if off.look_after_check || off.node == off.dest {
                    if self.opportunity(o, off.node, true) {
                        return;
                    }
                    self.after_place(o);
                } else {
                    self.walk_offender(o);
                }
            }
            OffSt::Moving => {
                let node = off.node;
                if off.at_checkpoint {
                    self.cw().offenders[o as usize].at_checkpoint = false;
                    let Some((_, _, share, k)) = self.cw().checkpoint[node as usize] else {
                        // A phase removed the post meanwhile: walk on.
                        if !off.look_after_check && node != off.dest {
                            self.walk_offender(o);
                            return;
                        }
                        if self.opportunity(o, node, true) {
                            return;
                        }
                        self.after_place(o);
                        return;
                    };
                    let post = &self.s.checkpoints[k];
                    let (u_known, u_check) = (self.ou(o), self.ou(o));
                    if u_known < post.known_share {
                        // Knows the post: drives around it, losing a few minutes.
                        self.cw().offenders[o as usize].at_checkpoint = false;
                        let detour = (post.detour_min * 60_000.0) as Tick;
                        self.schedule_offender(o, self.now + detour.max(1));
                        self.cw().offenders[o as usize].detouring = true;
                        return;
                    }
                    self.cw().offenders[o as usize].registered_at = self.now;
                    if u_check < share && (off.loot || self.alert_reaches(o, node)) {
                        self.arrest_for(o, None, CH_CHECKPOINT);
                        return;
                    }
                    if !off.look_after_check && node != off.dest {
                        self.walk_offender(o); // passed the checkpoint: walk on
                        return;
                    }
                }
                if self.opportunity(o, node, true) {
                    return; // at a crime until it ends
                }
                self.after_place(o);
            }
            OffSt::AtCrime => {
                self.end_crime(o);
                if self.cw().offenders[o as usize].state == OffSt::AtCrime {
                    self.after_place(o);
                }
            }
            OffSt::Dwelling => self.next_stop(o),
            OffSt::Prison => {
                let off = &mut self.cw().offenders[o as usize];
                if off.roaming {
                    off.state = OffSt::Gone;
                    self.cw().free_offenders.push(o);
                } else {
                    off.node = off.home;
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
    fn alert_reaches(&mut self, o: u32, node: u32) -> bool {
        let Some((c, start, from)) = self.cw().offenders[o as usize].wanted else {
            return false;
        };
        let here = self.w.node_jur[node as usize] as usize;
        let r = &self.s.regional;
        let chance = if here == from as usize {
            1.0
        } else if r.share_alerts {
            r.between(from as usize, here)
        } else {
            0.0
        };
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
    fn after_place(&mut self, o: u32) {
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
        let inf = &self.s.informants;
        // The informant's draw is keyed by offender and time, not taken from
        // the offender's stream: informants leave the offenders' choices as
        // they were (common random numbers).
        let noted = self.cw().informant[node]
            && open01(splitmix64(
                self.seed ^ splitmix64(off.uid ^ splitmix64(self.now ^ (7 << 60))),
            )) < inf.notice;
        if noted {
            self.cw().offenders[o as usize].noted_at = self.now;
            if counted {
                self.cw().stats.noted += 1;
            }
        }
        if off.roaming && use_ == USE_LODGING && inf.lodging_registration && !off.lodged {
            self.cw().offenders[o as usize].lodged = true;
            if counted {
                self.cw().stats.lodged += 1;
            }
        }
        if off.loot && use_ == USE_SECOND_HAND {
            self.cw().offenders[o as usize].loot = false; // fenced
            if noted || inf.second_hand_registration {
                let bonus = if noted { inf.fence_identify } else { 0.0 }.max(
                    if inf.second_hand_registration {
                        inf.second_hand_identify
                    } else {
                        0.0
                    },
                );
                let now = self.now;
                let off = &mut self.cw().offenders[o as usize];
                off.fenced_at = now;
                off.fence_bonus = bonus;
                if counted {
                    self.cw().stats.fenced_noted += 1;
                }
            }
        }
        let dwell = 20.0 + 70.0 * uniform01(&mut self.cw().rng[o as usize]);
        self.cw().offenders[o as usize].state = OffSt::Dwelling;
        self.schedule_offender(o, self.now + (dwell * 60_000.0) as Tick);
    }

    /// Police presence felt at `node` now (decayed presence-minutes),
    /// including a share of the strongest presence next door.
    fn felt_presence(&self, node: u32) -> f64 {
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

    /// An offender looks for an opportunity at `node`. Returns true when a
    /// crime starts (the offender stays until it ends).
    fn opportunity(&mut self, o: u32, node: u32, may_displace: bool) -> bool {
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
        for (k, t) in spec.types.iter().take(nk).enumerate() {
            let repeat = if t.target == PEDESTRIAN {
                1.0
            } else {
                1.0 + boost
            };
            // `reward` makes a type's targets relatively more or less attractive.
            weights[k] = t.opportunity * avail[t.target] * repeat * t.reward;
        }
        let total: f64 = weights[..nk].iter().sum();
        if total <= 0.0 || u[0] >= 1.0 - (-total).exp() {
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
        let p_police = 1.0 - (-felt / spec.deterrence_presence_min).exp();
        let occupied = t.target == HOUSEHOLD && u[2] < places.occupancy_by_hour[h];
        let cw = self.crime.as_ref().expect("crime");
        let ni = node as usize;
        let street = cw.street_camera[ni];
        let camera = u[3] < cw.camera[ni];
        let locked = t.target != PEDESTRIAN && u[4] < cw.lock[ni];
        let alarm = t.target != PEDESTRIAN && u[5] < cw.alarm[ni];
        let guard = if occupied {
            spec.guardian_deterrence
        } else {
            0.0
        };
        let p_go = (1.0 - p_police).powf(spec.risk_aversion)
            * (1.0 - guard)
            * (1.0
                - if street {
                    self.s.cameras.deterrence
                } else {
                    0.0
                })
            * (1.0 - if camera { spec.camera_deterrence } else { 0.0 })
            * if locked {
                1.0 / t.lock_time_factor
            } else {
                1.0
            };
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
        // An alarm that sounds makes most offenders give up and run.
        let fled = alarm && flee_u < spec.alarm_flee;
        let dur = if fled { dur.min(60_000) } else { dur };
        let failed = fled
            || fail_u
                < 1.0
                    - (1.0 - if locked { t.lock_fail } else { 0.0 })
                        * (1.0 - if occupied { t.guard_fail } else { 0.0 });
        let noticed = occupied || u[9] < t.noticed_share;
        let cov = self.cw().community[node as usize];
        let report_share =
            t.report_share + (1.0 - t.report_share) * self.s.community.report_gain * cov;
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
                self.cw().stats.alarm_calls += 1;
            }
            let ty = self.cw().first_call_type + spec.types.len();
            self.call_in_now(o, c, node, ty);
        }
        if street && self.s.cameras.monitored && self.ou(o) < self.s.cameras.monitor_detect {
            // The control room sees it and calls it in at once.
            if counted {
                self.cw().stats.seen_on_camera += 1;
            }
            let ty = self.cw().first_call_type + k;
            self.call_in_now(o, c, node, ty);
        }
        let end = rec.end;
        self.schedule_offender(o, end);
        true
    }

    /// A call about crime `c` in progress reaches 110 now (an alarm or a
    /// control room); its times are drawn from the offender's stream.
    fn call_in_now(&mut self, o: u32, c: u32, node: u32, ty: usize) {
        let (u1, u2) = (self.ou(o), self.ou(o));
        let intake = self.type_intake.at(u1);
        let scene = self.type_scene[ty].at(u2);
        self.cw().crimes[c as usize].refs += 1;
        self.open_call(node, ty, intake, scene, c);
    }

    /// The crime in progress ends: caught in the act by police passing, or
    /// completed or failed; the victim may report it.
    fn end_crime(&mut self, o: u32) {
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
            let cw = self.cw();
            if rec.counted {
                cw.stats.completed[k] += 1;
                cw.stats.social_cost += t.social_cost;
                cw.stats.node_crimes[n] += 1;
                if log {
                    cw.crime_log.push(super::super::LoggedCrime {
                        start_ms: rec.start,
                        node: rec.node,
                        kind: k as u16,
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
            let cov = self.cw().community[rec.node as usize];
            let shorten = |d: Tick| {
                if cov > 0.0 {
                    (d as f64 * (1.0 - self.s.community.delay_cut * cov)) as Tick
                } else {
                    d
                }
            };
            let delay = if rec.noticed {
                (rec.start + shorten(self.cw().delay_noticed[k].at(u_delay))).max(self.now)
            } else {
                self.now + shorten(self.cw().delay_discovered[k].at(u_delay))
            };
            self.cw().crimes[c as usize].refs += 1;
            self.q.schedule(delay, Event::Report(CaseId(c)).pack());
        }
        self.cw().offenders[o as usize].crime = NONE; // the crime is over
        // Volunteers passing by saw it: they report it at once (no arrest power).
        if self.presence.civil_seen[rec.node as usize] >= rec.start
            && self.ou(o) < spec.volunteer_report_share
        {
            if rec.counted {
                self.cw().stats.volunteer_reports += 1;
            }
            let ty = self.cw().first_call_type + k;
            self.call_in_now(o, c, rec.node, ty);
        }
        let watched = self.cw().watch_until[rec.node as usize] >= rec.start;
        if watched && self.ou(o) < self.s.enforcement.stakeout_catch {
            self.arrest(o, c, CH_STAKE_OUT);
            self.release_crime(c);
            return;
        }
        // Police passed the place while the crime went on.
        if self.presence.last_seen[rec.node as usize] >= rec.start && u_act < spec.in_act_catch {
            self.arrest(o, c, CH_IN_ACT);
        }
        self.release_crime(c);
    }

    fn release_crime(&mut self, c: u32) {
        let cw = self.cw();
        let r = &mut cw.crimes[c as usize];
        r.refs -= 1;
        if r.refs == 0 {
            cw.free_crimes.push(c);
        }
    }

    /// The victim (or a witness) calls 110 about crime `c`.
    pub(super) fn on_report(&mut self, c: u32) {
        let rec = self.cw().crimes[c as usize];
        let k = rec.kind as usize;
        let now = self.now;
        let o = rec.offender;
        let n = rec.node as usize;
        let tau = HOT_SPOT_WINDOW_DAYS * MS_PER_DAY as f64;
        let cw = self.cw();
        cw.heat[n] = decayed(cw.heat[n], cw.heat_at[n], now, tau) + 1.0;
        cw.heat_at[n] = now;
        if rec.counted {
            cw.stats.reported[k] += 1;
        }
        cw.crimes[c as usize].reported_at = now;
        let (intake, scene, u, d) = self.report_draws(c);
        let ty = self.cw().first_call_type + k;
        if self.s.investigation.detectives == 0 {
            self.investigate_now(c, u, d);
        } else {
            // The case waits for a detective; evidence ages meanwhile.
            self.cw().crimes[c as usize].refs += 1;
            self.cw().case_queue.push_back((c, now));
            self.start_cases();
        }
        let _ = o;
        // The report reaches the dispatch queue; the call holds the crime until cleared.
        self.cw().crimes[c as usize].refs += 1;
        self.open_call(rec.node, ty, intake, scene, c);
        self.release_crime(c);
    }

    /// Stream `part` of crime `c`'s case, keyed by who did it and when (not
    /// by the record's slot, which depends on how long other records are
    /// held): the same crime gets the same draws whatever else happens.
    fn case_stream(&mut self, c: u32, part: u64) -> StreamRng {
        let rec = self.cw().crimes[c as usize];
        let key = splitmix64(rec.offender_uid ^ splitmix64(rec.start ^ (part << 60)));
        stream(self.seed, streams::CASES ^ key)
    }

    /// Work the case of crime `c` at once (capacity not modelled), with its
    /// identification draw `u` and investigation delay `d`: identified on
    /// the evidence at its report and the tips so far, the offender is named
    /// after the delay; otherwise tips may still come in until then.
    fn investigate_now(&mut self, c: u32, u: f64, d: Tick) {
        let rec = self.cw().crimes[c as usize];
        if rec.cleared {
            return;
        }
        let (evidence, tips) = self.identification_parts(c, rec.reported_at);
        if u < (evidence + tips).min(1.0) {
            self.note_tip_helped(u, evidence);
            self.cw().crimes[c as usize].refs += 1;
            self.q
                .schedule(self.now + d.max(1), Event::Investigation(CaseId(c)).pack());
        } else if self.cw().tips {
            self.cw().crimes[c as usize].refs += 1;
            self.q
                .schedule(self.now + d.max(1), Event::Tip(CaseId(c)).pack());
        }
    }

    /// Draws of a reported crime from a stream of the crime's own (the
    /// offender may be gone): call intake and on-scene time, the uniform
    /// that decides identification, and the investigation delay.
    fn report_draws(&mut self, c: u32) -> (Tick, Tick, f64, Tick) {
        let rec = self.cw().crimes[c as usize];
        let mut rng = self.case_stream(c, 0);
        let intake = self.type_intake.sample(&mut rng);
        let ty = self.cw().first_call_type + rec.kind as usize;
        let scene = self.type_scene[ty].sample(&mut rng);
        let u = open01(rand::RngExt::random(&mut rng));
        let d = self.cw().investigation_delay.at(uniform01(&mut rng));
        (intake, scene, u, d)
    }

    /// Chance that investigating crime `c` at time `t` identifies its
    /// offender, in two parts: the evidence (the base chance decays with the
    /// age of the case, so prompt reports help; cameras add footage), and
    /// tips received so far (checkpoint registration, informants, lodging
    /// and second-hand registration).
    fn identification_parts(&mut self, c: u32, t: Tick) -> (f64, f64) {
        let spec = self.spec();
        let rec = self.cw().crimes[c as usize];
        let ty = &spec.types[rec.kind as usize];
        let age_h = t.saturating_sub(rec.end) as f64 / MS_PER_HOUR as f64;
        let evidence = ty.investigation_clear * (-age_h / spec.evidence_decay_hours).exp()
            + if rec.camera { ty.camera_identify } else { 0.0 }
            + if rec.street {
                self.s.cameras.identify
            } else {
                0.0
            };
        (
            evidence,
            self.registration_bonus(&rec) + self.tip_bonus(&rec),
        )
    }

    /// Count an identification that the evidence alone would not have made.
    fn note_tip_helped(&mut self, u: f64, evidence: f64) {
        if u >= evidence.min(1.0) && self.now >= self.warmup {
            self.cw().stats.tip_identifications += 1;
        }
    }

    /// Informants' and registrations' part: the offender was noted at a
    /// place, or his loot sold, after the crime; or (roaming) he registered
    /// at a lodging place during this visit.
    fn tip_bonus(&self, rec: &CrimeRec) -> f64 {
        let Some(cw) = &self.crime else { return 0.0 };
        if !cw.tips {
            return 0.0;
        }
        let off = &cw.offenders[rec.offender as usize];
        if off.uid != rec.offender_uid {
            return 0.0;
        }
        let inf = &self.s.informants;
        let mut b = 0.0;
        if off.noted_at >= rec.start && off.noted_at > 0 {
            b += inf.identify;
        }
        if off.fenced_at >= rec.start && off.fenced_at > 0 {
            b += off.fence_bonus;
        }
        if off.lodged {
            b += inf.lodging_identify;
        }
        b
    }

    /// The investigation of crime `c` ends without an identification on
    /// its evidence: tips received meanwhile may still name the offender.
    pub(super) fn on_tip(&mut self, c: u32) {
        let rec = self.cw().crimes[c as usize];
        let (_, _, u, _) = self.report_draws(c);
        let (evidence, tips) = self.identification_parts(c, rec.reported_at);
        if !rec.cleared && u < (evidence + tips).min(1.0) {
            self.note_tip_helped(u, evidence);
            self.on_investigation(c); // releases the tip's hold on the crime
        } else {
            self.release_crime(c);
        }
    }

    /// A registered passage through a checkpoint after the crime helps
    /// identify its offender (the largest registration bonus of any post).
    fn registration_bonus(&self, rec: &CrimeRec) -> f64 {
        let Some(cw) = &self.crime else { return 0.0 };
        let off = &cw.offenders[rec.offender as usize];
        if off.uid == rec.offender_uid && off.registered_at >= rec.start && off.registered_at > 0 {
            self.s
                .checkpoints
                .iter()
                .map(|c| c.registration_identify)
                .fold(0.0, f64::max)
        } else {
            0.0
        }
    }

    /// Free detectives take the oldest waiting cases.
    fn start_cases(&mut self) {
        let detectives = self.s.investigation.detectives;
        let mean_days = 365.0 / self.s.investigation.cases_per_detective_year;
        while self.cw().busy_detectives < detectives {
            let Some((c, queued)) = self.cw().case_queue.pop_front() else {
                break;
            };
            let mut rng = self.case_stream(c, 1);
            let work = -(1.0 - uniform01(&mut rng)).ln() * mean_days * MS_PER_DAY as f64;
            let (now, warmup) = (self.now, self.warmup);
            let cw = self.cw();
            cw.busy_detectives += 1;
            if now >= warmup {
                cw.stats.cases_worked += 1;
                cw.stats.case_wait_days += (now - queued) as f64 / MS_PER_DAY as f64;
            }
            cw.crimes[c as usize].case_start = now;
            self.q
                .schedule(now + work as Tick + 1, Event::CaseDone(CaseId(c)).pack());
        }
    }

    /// A detective closes the case of crime `c`: identified or not.
    pub(super) fn on_case_done(&mut self, c: u32) {
        self.cw().busy_detectives -= 1;
        let mut rng = self.case_stream(c, 2);
        // The chance the case had when reported, eroded by the backlog.
        let rec = self.cw().crimes[c as usize];
        let wait_days = rec.case_start.saturating_sub(rec.reported_at) as f64 / MS_PER_DAY as f64;
        let (evidence, tips) = self.identification_parts(c, rec.reported_at);
        let decay = (-wait_days / self.s.investigation.case_decay_days).exp();
        let u = uniform01(&mut rng);
        if u < (evidence + tips).min(1.0) * decay {
            self.note_tip_helped(u, evidence * decay);
            self.on_investigation(c); // releases the case's hold on the crime
        } else {
            self.release_crime(c);
        }
        self.start_cases();
    }

    /// An enforcement stop at `node`: everyone there is checked; an offender
    /// carrying loot, or wanted, may be caught.
    pub(super) fn stop_and_check(&mut self, node: u32, u01: f64) {
        if self.now >= self.warmup {
            self.cw().stats.stop_checks += 1;
        }
        let catch = self.s.enforcement.stop_check_catch;
        let n = self.cw().offenders.len();
        for o in 0..n as u32 {
            let off = &self.cw().offenders[o as usize];
            if off.node != node
                || !matches!(off.state, OffSt::Dwelling | OffSt::AtCrime)
                || u01 >= catch
            {
                continue;
            }
            // Carrying loot; or wanted, when the alert reached this unit's
            // jurisdiction (as at a checkpoint).
            let (loot, wanted) = (off.loot, off.wanted.is_some());
            if loot || (wanted && self.alert_reaches(o, node)) {
                self.arrest_for(o, None, CH_STOP_CHECK);
            }
        }
    }

    /// Investigation identified the offender of crime `c`.
    pub(super) fn on_investigation(&mut self, c: u32) {
        let rec = self.cw().crimes[c as usize];
        let o = rec.offender;
        let off = self.cw().offenders[o as usize].clone();
        // The slot may hold another (roaming) offender by now: then, as for a
        // roaming offender gone, the offender has left the county.
        let left = off.uid != rec.offender_uid || off.state == OffSt::Gone;
        let counted = self.now >= self.warmup;
        let mut rng = self.case_stream(c, 3);
        let u = uniform01(&mut rng);
        if !rec.cleared {
            if left {
                // Regional linkage beyond the county: a neighbour arrests.
                if counted {
                    self.cw().stats.identified_outside += 1;
                }
                if u < self.s.regional.outside_cooperation {
                    if counted {
                        self.cw().stats.arrests_outside += 1;
                    }
                    self.clear(c);
                }
            } else if off.state == OffSt::Prison {
                self.clear(c); // already inside: the case is solved, no new arrest
            } else {
                let (crime_jur, found_jur) = (
                    self.w.node_jur[rec.node as usize] as usize,
                    self.w.node_jur[off.node as usize] as usize,
                );
                if crime_jur != found_jur {
                    // Found in another jurisdiction: arrested there only as
                    // far as the two cooperate.
                    if counted {
                        self.cw().stats.identified_cross += 1;
                    }
                    if u < self.s.regional.between(crime_jur, found_jur) {
                        if counted {
                            self.cw().stats.arrests_cross += 1;
                        }
                        self.arrest(o, c, CH_INVESTIGATION);
                    } else {
                        // Not arrested there: the investigating jurisdiction
                        // puts out an alert.
                        if counted {
                            self.cw().stats.wanted += 1;
                        }
                        self.cw().offenders[o as usize].wanted =
                            Some((c, rec.start, crime_jur as u16));
                    }
                } else {
                    self.arrest(o, c, CH_INVESTIGATION);
                }
            }
        }
        self.release_crime(c);
    }

    /// A unit arrives on the scene of a call about crime `c`: the offender
    /// may still be there.
    pub(super) fn on_scene_of_crime(&mut self, c: u32) {
        let rec = self.cw().crimes[c as usize];
        let o = rec.offender;
        let st = self.cw().offenders[o as usize].state;
        let same = self.cw().offenders[o as usize].uid == rec.offender_uid;
        let still_there = same
            && self.now <= rec.leave
            && st != OffSt::Prison
            && st != OffSt::Gone
            && !rec.cleared;
        if !same {
            return; // that offender left long ago; the slot is someone else's
        }
        let u = uniform01(&mut self.cw().rng[o as usize]);
        if still_there && u < self.spec().response_catch {
            self.arrest(o, c, CH_RESPONSE);
        }
    }

    pub(super) fn call_closed(&mut self, c: u32) {
        self.release_crime(c);
    }

    fn clear(&mut self, c: u32) {
        let cw = self.cw();
        let r = &mut cw.crimes[c as usize];
        if r.cleared {
            return;
        }
        r.cleared = true;
        if r.counted {
            let k = r.kind as usize;
            cw.stats.cleared[k] += 1;
            if r.reported {
                cw.stats.cleared_reported[k] += 1;
            }
        }
    }

    fn arrest(&mut self, o: u32, c: u32, channel: usize) {
        self.arrest_for(o, Some(c), channel)
    }

    /// Arrest offender `o` (for crime `c`, which is then cleared, if known).
    fn arrest_for(&mut self, o: u32, c: Option<u32>, channel: usize) {
        // Caught before the crime in progress ended: that attempt failed.
        let cur = self.cw().offenders[o as usize].crime;
        if self.cw().offenders[o as usize].state == OffSt::AtCrime && cur != NONE {
            let r = self.cw().crimes[cur as usize];
            if r.counted {
                self.cw().stats.failed[r.kind as usize] += 1;
            }
            self.cw().offenders[o as usize].crime = NONE;
            self.release_crime(cur);
        }
        if self.now >= self.warmup {
            self.cw().stats.arrests[channel] += 1;
        }
        if let Some(c) = c {
            self.clear(c);
        }
        let sentence_dist = self.cw().sentence;
        let sentence = sentence_dist.at(self.ou(o));
        let release = self.now + sentence.max(1);
        let from = self.now.max(self.warmup);
        let to = release.min(self.horizon);
        let cw = self.cw();
        if to > from {
            cw.stats.prison_ms += (to - from) as f64;
        }
        let off = &mut cw.offenders[o as usize];
        off.state = OffSt::Prison;
        off.released_at = release;
        off.loot = false;
        off.ev_live = false; // cancels the pending move or crime end
        let wanted = off.wanted.take();
        let uid = off.uid;
        // Arrested on any ground: the alert out for him is answered too.
        if let Some((wc, start, _)) = wanted {
            let r = self.cw().crimes[wc as usize];
            if r.start == start && r.offender_uid == uid {
                self.clear(wc);
            }
        }
        self.schedule_offender(o, release);
    }

    /// Metrics of the crime model (appended to the run's metrics).
    pub(super) fn crime_metrics(&self, put: &mut dyn FnMut(String, Option<f64>)) {
        let Some(cw) = &self.crime else { return };
        let spec = self.spec();
        let st = &cw.stats;
        let sum = |v: &Vec<u64>| v.iter().sum::<u64>() as f64;
        put(
            "targets_households".into(),
            Some(cw.targets[HOUSEHOLD].iter().sum()),
        );
        let cfg = cw.config_values();
        for (name, v) in super::PERIOD_CONFIG.iter().zip(cfg).take(4) {
            put((*name).into(), Some(v));
        }
        put(
            "street_cameras".into(),
            Some(cw.street_camera.iter().filter(|&&b| b).count() as f64),
        );
        put(
            "crimes_seen_on_camera".into(),
            Some(st.seen_on_camera as f64),
        );
        put(
            "targets_vehicles".into(),
            Some(cw.targets[VEHICLE].iter().sum()),
        );
        put("crime_opportunities".into(), Some(sum(&st.opportunities)));
        put("crimes_attempted".into(), Some(sum(&st.attempted)));
        put("crimes_completed".into(), Some(sum(&st.completed)));
        put("crimes_failed".into(), Some(sum(&st.failed)));
        put("crimes_deterred".into(), Some(sum(&st.deterred)));
        put("crimes_displaced".into(), Some(st.displaced as f64));
        let in_progress = cw
            .offenders
            .iter()
            .filter(|o| {
                o.state == OffSt::AtCrime && o.crime != NONE && cw.crimes[o.crime as usize].counted
            })
            .count();
        put("crimes_in_progress_at_end".into(), Some(in_progress as f64));
        put(
            "crime_invariant_violations".into(),
            Some(st.invariant_violations as f64),
        );
        put("crimes_reported".into(), Some(sum(&st.reported)));
        put("crimes_cleared".into(), Some(sum(&st.cleared)));
        let rep = sum(&st.reported);
        put(
            "clearance_rate".into(),
            (rep > 0.0).then(|| sum(&st.cleared_reported) / rep),
        );
        let att = sum(&st.attempted);
        put(
            "clearance_rate_all".into(),
            (att > 0.0).then(|| sum(&st.cleared) / att),
        );
        for (k, t) in spec.types.iter().enumerate() {
            let n = &t.name;
            put(
                format!("crimes_attempted.{n}"),
                Some(st.attempted[k] as f64),
            );
            put(
                format!("crimes_completed.{n}"),
                Some(st.completed[k] as f64),
            );
            put(format!("crimes_failed.{n}"), Some(st.failed[k] as f64));
            put(format!("crimes_deterred.{n}"), Some(st.deterred[k] as f64));
            put(format!("crimes_reported.{n}"), Some(st.reported[k] as f64));
            put(
                format!("clearance_rate.{n}"),
                (st.reported[k] > 0).then(|| st.cleared_reported[k] as f64 / st.reported[k] as f64),
            );
        }
        let arrests: u64 = st.arrests.iter().sum();
        put("arrests".into(), Some(arrests as f64));
        for (i, ch) in CHANNELS.iter().enumerate() {
            put(format!("arrests.{ch}"), Some(st.arrests[i] as f64));
        }
        put("social_cost".into(), Some(st.social_cost));
        put("alarm_calls".into(), Some(st.alarm_calls as f64));
        put("false_alarm_calls".into(), Some(st.false_alarms as f64));
        let span = (self.horizon - self.warmup) as f64;
        put("offenders_in_prison_mean".into(), Some(st.prison_ms / span));
        for (name, v) in [
            ("stop_checks", st.stop_checks),
            ("crimes_reported_by_volunteers", st.volunteer_reports),
            ("identifications.cross_jurisdiction", st.identified_cross),
            ("arrests.cross_jurisdiction", st.arrests_cross),
            ("identifications.outside_county", st.identified_outside),
            ("arrests.outside_county", st.arrests_outside),
            ("offenders_wanted", st.wanted),
            ("arrests.wanted", st.wanted_caught),
            ("tips.offenders_noted", st.noted),
            ("tips.loot_sales_noted", st.fenced_noted),
            ("tips.lodging_registrations", st.lodged),
            ("identifications.helped_by_tips", st.tip_identifications),
        ] {
            put(name.into(), Some(v as f64));
        }
        if self.s.investigation.detectives > 0 {
            put("cases_worked".into(), Some(st.cases_worked as f64));
            put(
                "cases_waiting_at_end".into(),
                Some(cw.case_queue.len() as f64),
            );
            put(
                "case_wait_mean_days".into(),
                (st.cases_worked > 0).then(|| st.case_wait_days / st.cases_worked as f64),
            );
        }
        // Concentration: the smallest share of places holding half the crime.
        let total: u64 = st.node_crimes.iter().map(|&x| x as u64).sum();
        let conc = (total > 0).then(|| {
            let mut v: Vec<u32> = st.node_crimes.clone();
            v.sort_unstable_by(|a, b| b.cmp(a));
            let mut acc = 0u64;
            let mut places = 0usize;
            for x in v {
                acc += x as u64;
                places += 1;
                if 2 * acc >= total {
                    break;
                }
            }
            places as f64 / st.node_crimes.len() as f64
        });
        put("crime_concentration_50".into(), conc);
        let at = |set: &Vec<bool>| -> f64 {
            st.node_crimes
                .iter()
                .zip(set)
                .filter(|(_, s)| **s)
                .map(|(c, _)| *c as f64)
                .sum()
        };
        put("crimes_completed.hot_spots".into(), Some(at(&cw.hot_spots)));
        put("crimes_completed.ring".into(), Some(at(&cw.ring)));
        put(
            "crimes_completed.elsewhere".into(),
            Some(
                st.node_crimes.iter().map(|&c| c as f64).sum::<f64>()
                    - at(&cw.hot_spots)
                    - at(&cw.ring),
            ),
        );
    }
}

/// E-folding time of the "heat" that hot-spot patrol follows.
pub(super) const HOT_SPOT_WINDOW_DAYS: f64 = 14.0;
