//! Offenders, targets and crimes inside the event loop (a child of `sim`, so
//! it shares the loop's state): offenders' daily rounds along roads, their
//! choices at opportunities (reward against perceived risk and effort),
//! deterrence by recent police presence, displacement, repeat and
//! near-repeat boosts, reporting, alarms, and the four arrest channels.

mod cases;
mod decisions;
mod metrics;
mod nearby;
mod offenders;
mod record;
mod snapshot;
mod stationary;

pub(crate) use stationary::{StartStats, StationaryStart};

use super::NONE;
use crate::engine::rng::{StreamRng, stream, uniform01};
use crate::engine::time::{MS_PER_DAY, Tick};
use crate::model::dist::Sampler;
use crate::model::event::IDX_MASK;
use crate::model::levers::{Layout, Levers, Marks};
use crate::model::streams;
use crate::scenario::Scenario;
use crate::scenario::crime::CrimeSpec;
use crate::world::World;

const HOUSEHOLD: usize = 0;
const PEDESTRIAN: usize = 1;
const VEHICLE: usize = 2;
const USE_COMMERCIAL: usize = 1;
const USE_ENTERTAINMENT: usize = 2;
const USE_LODGING: usize = 3;
const USE_TRANSPORT: usize = 4;
const USE_SECOND_HAND: usize = 5;

pub(super) use crate::model::metrics::Channel;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OffSt {
    Home,
    Moving,
    Dwelling,
    AtCrime,
    Prison,
    Gone,
}
/// The offender states' names, in `OffSt`'s order (event counters).
pub(super) const OFF_STATES: [&str; N_OFF_STATES] =
    ["home", "moving", "dwelling", "at_crime", "prison", "gone"];
pub(super) const N_OFF_STATES: usize = 6;

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
    /// Identified but not arrested (found where cooperation failed): the
    /// crime, its start (to recognise a reused slot) and the jurisdiction
    /// whose alert names the offender.
    wanted: Option<(u32, Tick, u16)>,
    /// What the levers know of him (checkpoints, informants, registers).
    marks: Marks,
    /// Offending rate multiplier (mean 1 over offenders).
    rate: f64,
    /// A local offender desists at the first return home (or release) after this.
    career_end: Tick,
    /// Kind of the latest crime attempted (for an arrest on loot alone).
    last_kind: u16,
    /// In custody or detention (counted in the prison population), not
    /// merely held by the police.
    jailed: bool,
    /// His criminal record (repeated arrests, custody, convictions).
    record: record::Record,
    /// Free (out of prison and police custody) since (stationary.rs).
    free_since: Tick,
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
            wanted: None,
            marks: Marks::default(),
            rate: 1.0,
            career_end: Tick::MAX,
            last_kind: 0,
            jailed: false,
            record: record::Record::default(),
            free_since: 0,
        }
    }
}

/// An offender's rate multiplier at quantile `u`: lognormal with mean 1 and
/// log-sd `sdlog`.
pub(super) fn rate_at(u: f64, sdlog: f64) -> f64 {
    (sdlog * crate::stats::normal_quantile(u) - sdlog * sdlog / 2.0).exp()
}

/// A career length at quantile `u` (exponential, mean `years`).
pub(super) fn career_at(u: f64, years: f64) -> Tick {
    (-(1.0 - u).ln() * years * 365.0 * MS_PER_DAY as f64) as Tick
}

/// What follows an arrest for one crime type, ready to sample (days → ms).
#[derive(Debug, Clone, Copy)]
pub(super) struct SanctionDraw {
    pub charge: f64,
    /// P(charge) for a repeated arrest (`charge_share_repeat`).
    pub charge_repeat: f64,
    pub custody: f64,
    /// P(custody | charge) and the factor on time served with a record.
    pub custody_record: f64,
    pub record_scale: f64,
    pub sentence: Sampler,
    pub detention: f64,
    pub detention_len: Sampler,
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
    /// A household target's security: 1 locks, 2 alarm, 3 both, 0 none.
    security: u8,
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
    pub arrests: [u64; Channel::ALL.len()],
    pub cases_worked: u64,
    pub case_wait_days: f64,
    pub social_cost: f64,
    /// Of `social_cost`: the response (police, justice) and public-service parts.
    pub social_cost_response: f64,
    pub social_cost_public: f64,
    pub node_crimes: Vec<u32>,
    pub prison_ms: f64,
    /// Reported crimes in and out of a street camera's view, and of them
    /// the cleared ones.
    pub reported_view: [u64; 2],
    pub cleared_view: [u64; 2],
    pub identified_cross: u64,
    pub arrests_cross: u64,
    pub identified_outside: u64,
    pub arrests_outside: u64,
    pub wanted: u64,
    pub wanted_caught: u64,
    pub tip_identifications: u64,
    /// Looks taken by an offender who should not be on the street (must stay 0).
    pub invariant_violations: u64,
    /// Arrests charged (court cases), custodial sentences, administrative detentions.
    pub charges: u64,
    pub custody_sentences: u64,
    pub detentions: u64,
    /// Charges under the repeat rule; custodial sentences with a record;
    /// prison time (ms) of those sentenced after an earlier arrest.
    pub charges_repeat: u64,
    pub custody_with_record: u64,
    pub prison_known_ms: f64,
    /// Local careers started and ended after warm-up.
    pub onsets: u64,
    pub desistances: u64,
    /// Active local careers (free or inside) × time, after warm-up (ms).
    pub active_ms: f64,
    /// What a pilot of the stationary start measures, from t = 0.
    pub start: StartStats,
}

pub(super) struct CrimeWorld {
    pub land_use: Vec<u8>,
    /// Each node's attractiveness to offenders (a lognormal factor with
    /// mean 1, fixed by the layout): the attractors that concentrate crime.
    attract: Vec<f64>,
    /// Each crime type's calendar factor (weekday × season) for the day
    /// `calendar_day` (recomputed when the day changes).
    calendar: Vec<f64>,
    calendar_day: u64,
    /// Each crime type's hour and weekday profiles, normalised to mean 1.
    pub by_hour: Vec<[f64; 24]>,
    by_weekday: Vec<[f64; 7]>,
    targets: [Vec<f64>; 3],
    by_use: [Vec<u32>; 6],
    /// Places by use near a point (`crime.search_radius_m` > 0).
    nearby: Option<nearby::Nearby>,
    exits: Vec<u32>,
    time_on_target: Vec<Sampler>,
    delay_noticed: Vec<Sampler>,
    delay_discovered: Vec<Sampler>,
    sanctions: Vec<SanctionDraw>,
    record_rule: record::RecordRule,
    investigation_delay: Sampler,
    offenders: Vec<Offender>,
    /// Onsets of careers: their stream, the next local uid, whether the
    /// chain is scheduled; active local careers now and since when.
    onset_rng: StreamRng,
    next_local_uid: u64,
    pub active: u32,
    pub active_at: Tick,
    /// Offenders in custody or detention now.
    pub in_prison: u32,
    rng: Vec<StreamRng>,
    free_offenders: Vec<u32>,
    roaming_count: u64,
    crimes: Vec<CrimeRec>,
    free_crimes: Vec<u32>,
    boost: Vec<f64>,
    boost_at: Vec<Tick>,
    pub heat: Vec<f64>,
    pub heat_at: Vec<Tick>,
    /// Certainty of sanction: per offender slot his decayed arrests, when
    /// last updated, and his uid (a reused slot starts afresh); per node the
    /// decayed arrests made there.
    cert_own: Vec<(f64, Tick, u64)>,
    arrest_mem: Vec<f64>,
    arrest_mem_at: Vec<Tick>,
    roam_rng: StreamRng,
    /// A roaming-offender arrival / a false alarm is scheduled.
    roam_live: bool,
    table: usize,
    /// The places where crime is most expected (top 5 % by opportunity
    /// weight, fixed by the layout, so the same in every strategy) and the
    /// ring of their neighbours: where displacement or diffusion shows.
    pub hot_spots: Vec<bool>,
    pub ring: Vec<bool>,
    case_queue: std::collections::VecDeque<(u32, Tick)>,
    busy_detectives: u32,
    /// Call type index of the first crime type; alarms follow the crime types.
    pub first_call_type: usize,
    pub stats: CrimeStats,
    /// Completed crimes, when the run logs them.
    pub crime_log: Vec<crate::model::LoggedCrime>,
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
        // Land use: from the map's tags when the world has it; else drawn
        // once per scenario from the places seed (the same in every
        // replication), non-residential uses denser where calls are.
        // The layout stream then places the local offenders' homes.
        let mut layout = stream(p.seed, streams::PLACES);
        let land_use = match &w.land_use {
            Some(lu) => lu.clone(),
            None => drawn_land_use(p, w, &mut layout),
        };
        let mut by_use: [Vec<u32>; 6] = Default::default();
        for (i, &lu) in land_use.iter().enumerate() {
            by_use[lu as usize].push(i as u32);
        }
        let attract = attractiveness(p.seed, p.attractiveness_sd, n);
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
                            * attract[i]
                            * t.by_land_use[land_use[i] as usize]
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
        let nearby = (spec.search_radius_m > 0.0)
            .then(|| nearby::Nearby::new(&w.xy, &land_use, spec.search_radius_m));
        let mut cw = CrimeWorld {
            exits: if w.exits.is_empty() {
                vec![0]
            } else {
                w.exits.clone()
            },
            land_use,
            attract,
            calendar: vec![1.0; nk],
            calendar_day: u64::MAX,
            by_hour: Vec::new(),
            by_weekday: Vec::new(),
            targets,
            nearby,
            by_use,
            time_on_target: Vec::new(),
            delay_noticed: Vec::new(),
            delay_discovered: Vec::new(),
            sanctions: Vec::new(),
            record_rule: record::RecordRule {
                repeat_count: 0,
                repeat_window: 0,
                from_custody: true,
                record_window: 0,
            },
            onset_rng: stream(seed, streams::ONSET),
            next_local_uid: spec.local_offenders as u64,
            active: 0,
            active_at: 0,
            in_prison: 0,
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
            cert_own: Vec::new(),
            arrest_mem: vec![0.0; n],
            arrest_mem_at: vec![0; n],
            roam_rng: stream(seed, streams::ROAMERS),
            roam_live: false,
            table: w
                .offender_table
                .expect("world has an offender table when crime is on"),
            first_call_type,
            hot_spots,
            ring,
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
        cw.configure(spec);
        // Local offenders live at residential (or lodging) nodes, drawn from the layout stream.
        let homes: Vec<u32> = if cw.by_use[0].is_empty() {
            (0..n as u32).collect()
        } else {
            cw.by_use[0].clone()
        };
        for i in 0..spec.local_offenders {
            let home = homes[(uniform01(&mut layout) * homes.len() as f64) as usize % homes.len()];
            // A stationary population's remaining careers are exponential
            // too (memoryless), so the start has the stationary mix.
            let (off, rng) = fresh_local(spec, seed, i as u64, home, 0);
            cw.offenders.push(off);
            cw.rng.push(rng);
        }
        cw.active = spec.local_offenders;
        cw
    }

    /// Make the local population `k` careers at t = 0 (the stationary
    /// start's Poisson count): drop those above `k`, or add careers
    /// `uid = len..k`, each with its own stream as at construction and a
    /// home drawn from `rng` (the start's stream). Later onsets take uids
    /// from above both.
    pub(super) fn set_local_count(
        &mut self,
        k: u32,
        spec: &CrimeSpec,
        seed: u64,
        rng: &mut StreamRng,
    ) {
        let n = self.offenders.len() as u32;
        if k < n {
            self.offenders.truncate(k as usize);
            self.rng.truncate(k as usize);
        }
        for uid in n as u64..k as u64 {
            let home = self.local_home(uniform01(rng));
            let (off, o_rng) = fresh_local(spec, seed, uid, home, 0);
            self.take_slot(off, o_rng);
        }
        self.active = k;
        self.next_local_uid = self.next_local_uid.max(k as u64);
    }

    /// The home of a career that begins after the model was built, for a
    /// uniform `u`: a residential (or lodging) node, or an exit where the
    /// layout has none.
    fn local_home(&self, u: f64) -> u32 {
        let homes = if self.by_use[0].is_empty() {
            &self.exits
        } else {
            &self.by_use[0]
        };
        homes[(u * homes.len() as f64) as usize % homes.len()]
    }

    /// A new local offender: a slot (reused if free), a home, a rate and a
    /// career from `rng_draws` (the onset stream picks the home).
    pub(super) fn new_local(&mut self, spec: &CrimeSpec, seed: u64, now: Tick) -> u32 {
        let u = uniform01(&mut self.onset_rng);
        let home = self.local_home(u);
        let uid = self.next_local_uid;
        self.next_local_uid += 1;
        let (off, rng) = fresh_local(spec, seed, uid, home, now);
        self.take_slot(off, rng)
    }

    /// Put an offender and its stream in a free slot (or a new one) and
    /// return its index, which must fit an event payload.
    pub(super) fn take_slot(&mut self, off: Offender, rng: StreamRng) -> u32 {
        let o = match self.free_offenders.pop() {
            Some(o) => {
                self.offenders[o as usize] = off;
                self.rng[o as usize] = rng;
                o
            }
            None => {
                self.offenders.push(off);
                self.rng.push(rng);
                (self.offenders.len() - 1) as u32
            }
        };
        assert!(o <= IDX_MASK, "more than 2^23 offenders");
        o
    }

    /// Gap to the next onset: exponential with mean career ÷ population.
    pub(super) fn onset_gap(&mut self, spec: &CrimeSpec) -> Option<Tick> {
        if spec.local_offenders == 0 {
            return None;
        }
        let mean = spec.career_years * 365.0 * MS_PER_DAY as f64 / spec.local_offenders as f64;
        Some((-(1.0 - uniform01(&mut self.onset_rng)).ln() * mean) as Tick + 1)
    }

    /// Households in the model (targets of burglary).
    pub(in crate::model::sim) fn households(&self) -> f64 {
        self.targets[HOUSEHOLD].iter().sum()
    }

    /// What the layout gives the levers to work on.
    pub(super) fn layout(&self) -> Layout<'_> {
        Layout {
            by_use: &self.by_use,
            households: &self.targets[HOUSEHOLD],
        }
    }

    /// What the settings in force provide (for their costs), on this
    /// model's targets.
    pub(super) fn config_values(&self, levers: &Levers) -> crate::model::Provided {
        levers.provided(crate::model::levers::Targets {
            households: &self.targets[HOUSEHOLD],
            vehicles: &self.targets[VEHICLE],
        })
    }

    /// Set what depends on the settings in force (not on the layout): the
    /// samplers of the crime parameters (the levers configure themselves:
    /// `model/levers/`). Called at the start
    /// and again when a phase begins.
    pub(super) fn configure(&mut self, spec: &CrimeSpec) {
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
        self.by_hour = spec.types.iter().map(|t| normalised(&t.by_hour)).collect();
        self.by_weekday = spec
            .types
            .iter()
            .map(|t| normalised(&t.by_weekday))
            .collect();
        self.calendar_day = u64::MAX; // recompute with the settings in force
        let scale = spec.sanctions.sentence_scale * 1440.0;
        // A scale of 0 is no time inside (a lognormal of mean 0 is undefined).
        let days = |d: &crate::scenario::Dist| {
            Sampler::new(&if scale > 0.0 {
                d.scaled(scale)
            } else {
                crate::scenario::Dist::Fixed { value: 0.0 }
            })
        };
        self.sanctions = spec
            .sanctions
            .types
            .iter()
            .map(|t| SanctionDraw {
                charge: t.charge_share,
                charge_repeat: t.charge_share_repeat,
                custody: t.custody_share,
                custody_record: t.custody_share_record,
                record_scale: t.sentence_scale_record,
                sentence: days(&t.sentence_days),
                detention: t.detention_share,
                detention_len: days(&t.detention_days),
            })
            .collect();
        let sn = &spec.sanctions;
        let days_ms = |d: f64| (d * MS_PER_DAY as f64).round() as Tick;
        self.record_rule = record::RecordRule {
            repeat_count: sn.repeat_count,
            repeat_window: days_ms(sn.repeat_window_days),
            from_custody: sn.record_from_custody,
            record_window: days_ms(sn.record_window_days),
        };
        self.investigation_delay = Sampler::new(&spec.investigation_delay_days.scaled(1440.0));
    }
}

/// `v` divided by its mean (the reader made sure the sum is above 0).
fn normalised<const N: usize>(v: &[f64]) -> [f64; N] {
    let mean = v.iter().sum::<f64>() / N as f64;
    std::array::from_fn(|i| v[i] / mean)
}

/// Each node's attractiveness: exp(sd·z − sd²/2) with z standard normal
/// (mean 1), drawn once per layout from its own stream (so the land use,
/// homes and informants do not move when `sd` changes); all 1 when sd = 0.
fn attractiveness(seed: u64, sd: f64, n: usize) -> Vec<f64> {
    if sd <= 0.0 {
        return vec![1.0; n];
    }
    let mut rng = stream(seed, streams::ATTRACTIVENESS);
    (0..n)
        .map(|_| {
            // Box–Muller, one normal per pair of uniforms.
            let u1 = 1.0 - uniform01(&mut rng);
            let u2 = uniform01(&mut rng);
            let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            (sd * z - 0.5 * sd * sd).exp()
        })
        .collect()
}

impl CrimeWorld {
    /// Each type's weekday and seasonal factor on day `day` of the run
    /// (day 0 is a Monday and day `start_day_of_year` of its year).
    fn refresh_calendar(&mut self, day: u64, spec: &CrimeSpec) {
        if day == self.calendar_day {
            return;
        }
        self.calendar_day = day;
        let dow = (day % 7) as usize;
        let doy = ((spec.start_day_of_year as u64 - 1 + day) % 365) as f64 + 1.0;
        for (k, (c, t)) in self.calendar.iter_mut().zip(&spec.types).enumerate() {
            let season = if t.seasonal_amplitude > 0.0 {
                1.0 + t.seasonal_amplitude
                    * (std::f64::consts::TAU * (doy - t.seasonal_peak_day) / 365.25).cos()
            } else {
                1.0
            };
            *c = self.by_weekday[k][dow] * season;
        }
    }
}

/// E-folding time of the "heat" that hot-spot patrol follows.
pub(super) const HOT_SPOT_WINDOW_DAYS: f64 = 14.0;

/// The drawn (synthetic) land-use layout: non-residential uses at the
/// shares of `places.land_use_share`, denser where calls are.
fn drawn_land_use(p: &crate::scenario::PlacesSpec, w: &World, layout: &mut StreamRng) -> Vec<u8> {
    let n = w.node_count();
    let mean_w = w.call_weight.iter().sum::<f64>() / n as f64;
    let mut land_use = vec![0u8; n];
    for (i, lu) in land_use.iter_mut().enumerate() {
        let m = if mean_w > 0.0 {
            w.call_weight[i] / mean_w
        } else {
            1.0
        };
        let u = uniform01(layout);
        let mut acc = 0.0;
        for k in 1..6 {
            acc += (p.land_use_share[k] * m).min(0.9 / 5.0 * 5.0);
            if u < acc {
                *lu = k as u8;
                break;
            }
        }
    }
    land_use
}

/// A local offender whose career starts (or is going) at `now`, at home:
/// its rate and remaining career drawn from its own stream
/// (`OFFENDER_BASE + uid`), which it keeps.
fn fresh_local(
    spec: &CrimeSpec,
    seed: u64,
    uid: u64,
    home: u32,
    now: Tick,
) -> (Offender, StreamRng) {
    let mut rng = stream(seed, streams::OFFENDER_BASE + uid);
    let off = Offender {
        rate: rate_at(uniform01(&mut rng), spec.rate_sdlog) * spec.rate_mean,
        career_end: now + career_at(uniform01(&mut rng), spec.career_years),
        free_since: now,
        ..Offender::new(uid, home, false, OffSt::Home)
    };
    (off, rng)
}
