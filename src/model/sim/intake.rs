//! Call takers as servers (`[intake]`, docs/desks.md): the police (110),
//! fire (119), traffic (122) and medical (120) desks, each a queue with its
//! own call takers, or one unified platform (三台合一) where all call takers
//! serve one first-come queue. A call waits for a free call taker, is
//! handled, and (separate desks) may first reach the wrong desk and be
//! transferred. A police call then goes to the dispatcher; a desk's own
//! stream (police: calls that need no unit) ends at intake, and the field
//! response of fire, traffic and medical calls is not modelled. Without
//! `[intake]` none of this runs and a call's intake is the sampled delay.

use super::{NONE, Sim};
use crate::engine::rng::{StreamRng, stream, uniform01};
use crate::engine::time::{MS_PER_HOUR, Tick, spend_weekly_rate, to_minutes};
use crate::model::dist::Sampler;
use crate::model::event::{Event, IDX_MASK};
use crate::model::streams;
use crate::scenario::{IntakeSpec, POLICE_DESK, Scenario};
use crate::stats::{Histogram, Running};
use std::collections::VecDeque;

/// One call at the desks.
#[derive(Debug, Clone, Copy)]
struct Job {
    /// The police call it becomes (`NONE`: another desk's call).
    call: u32,
    /// The desk it belongs to, and the desk it is at now.
    desk: u8,
    at: u8,
    received: Tick,
    /// Joined the current queue.
    enq: Tick,
    /// Handling time at its own desk.
    handling: Tick,
    /// Call-taker time of the current stage (handling or a transfer).
    service: Tick,
    /// Time spent waiting for a call taker so far.
    wait: Tick,
    counted: bool,
    /// A joint incident: the police call it also becomes (type, node,
    /// on-scene time, and the time to pass it to separate police desk).
    joint: bool,
    /// Passed to the police desk: its own desk's intake is recorded.
    passed: bool,
    ty: u32,
    node: u32,
    scene: Tick,
    pass: Tick,
    /// A field call (`call_type`): type, node and on-scene time of the call
    /// it becomes after its own desk's intake.
    field: Option<(u32, u32, Tick)>,
}

/// Per desk (by the calls' own desk), after warm-up.
#[derive(Debug, Clone, Default)]
pub(super) struct DeskStats {
    pub calls: u64,
    pub waited: u64,
    pub transfers: u64,
    pub wait: Running,
    pub wait_hist: Histogram,
    /// Received → handled at the right desk.
    pub time: Running,
    /// Joint incidents passed on as police calls.
    pub joint: u64,
}

pub(super) struct Desks {
    pub unified: bool,
    /// Desk i's kind (index into `DESK_NAMES`).
    pub kinds: Vec<usize>,
    police: usize,
    /// Per pool (a desk, or the one platform): call takers, free ones, queue.
    pub takers: Vec<u32>,
    free: Vec<u32>,
    waiting: Vec<VecDeque<u32>>,
    jobs: Vec<Job>,
    free_jobs: Vec<u32>,
    factor: f64,
    misrouted: f64,
    transfer: Sampler,
    handling: Vec<Sampler>,
    route_rng: StreamRng,
    rng: Vec<StreamRng>,
    /// Per desk: its own calls (police: those needing no unit) per
    /// millisecond by hour of week.
    rate: Vec<[f64; 168]>,
    pub stats: Vec<DeskStats>,
    /// Per desk: share of its own calls that are joint incidents, and the
    /// police call type they become.
    joint_share: Vec<f64>,
    joint_ty: Vec<usize>,
    /// Per desk: the call type its own calls are dispatched as.
    field_ty: Vec<Option<usize>>,
    /// Per pool: call-taker milliseconds busy after warm-up.
    pub busy_ms: Vec<f64>,
}

impl Desks {
    pub fn new(s: &Scenario, spec: &IntakeSpec, seed: u64) -> Desks {
        let n = spec.desks.len();
        let police = spec
            .desks
            .iter()
            .position(|d| d.kind == POLICE_DESK)
            .expect("a police desk, checked by scenario");
        let takers: Vec<u32> = if spec.unified {
            vec![spec.call_takers()]
        } else {
            spec.desks.iter().map(|d| d.call_takers).collect()
        };
        let rate = spec
            .desks
            .iter()
            .map(|d| {
                let mut r = [0.0; 168];
                for (h, x) in r.iter_mut().enumerate() {
                    *x = d.rate_per_hour
                        * d.hourly_profile[h % 24]
                        * s.calls.weekday_profile[h / 24]
                        / MS_PER_HOUR as f64;
                }
                r
            })
            .collect();
        Desks {
            unified: spec.unified,
            kinds: spec.desks.iter().map(|d| d.kind).collect(),
            police,
            free: takers.clone(),
            waiting: vec![VecDeque::new(); takers.len()],
            busy_ms: vec![0.0; takers.len()],
            takers,
            jobs: Vec::new(),
            free_jobs: Vec::new(),
            factor: if spec.unified {
                spec.generalist_factor
            } else {
                1.0
            },
            misrouted: if spec.unified || n < 2 {
                0.0
            } else {
                spec.misrouted_share
            },
            transfer: Sampler::new(&spec.transfer_min),
            handling: spec
                .desks
                .iter()
                .map(|d| Sampler::new(&d.handling_min))
                .collect(),
            route_rng: stream(seed, streams::DESK_ROUTE),
            rng: spec
                .desks
                .iter()
                .map(|d| stream(seed, streams::DESK_BASE + d.kind as u64))
                .collect(),
            rate,
            stats: vec![DeskStats::default(); n],
            joint_share: spec.desks.iter().map(|d| d.police_share).collect(),
            joint_ty: spec
                .desks
                .iter()
                .map(|d| d.police_call_type.unwrap_or(0))
                .collect(),
            field_ty: spec.desks.iter().map(|d| d.call_type).collect(),
        }
    }

    fn pool(&self, desk: u8) -> usize {
        if self.unified { 0 } else { desk as usize }
    }

    fn scaled(&self, t: Tick) -> Tick {
        if self.factor == 1.0 {
            t
        } else {
            (t as f64 * self.factor).round() as Tick
        }
    }

    /// Next arrival after `t` of desk `k`'s own calls (a non-homogeneous
    /// Poisson process, one uniform per call; as `Sim::next_arrival`).
    fn next_arrival(&mut self, k: usize, t: Tick, horizon: Tick) -> Option<Tick> {
        if self.rate[k].iter().all(|&r| r == 0.0) {
            return None;
        }
        let need = -uniform01(&mut self.rng[k]).ln();
        spend_weekly_rate(&self.rate[k], need, t, horizon)
    }
}

impl<'a> Sim<'a> {
    /// The first call of each desk's own stream.
    pub(super) fn start_desks(&mut self) {
        let Some(d) = self.desks.as_mut() else {
            return;
        };
        for k in 0..d.kinds.len() {
            if let Some(t) = d.next_arrival(k, 0, self.horizon) {
                self.q.schedule(t, Event::Desk(2 * k as u32 + 1).pack());
            }
        }
    }

    pub(super) fn on_desk(&mut self, idx: u32) {
        if idx & 1 == 1 {
            self.desk_call((idx >> 1) as usize);
        } else {
            self.desk_done(idx >> 1);
        }
    }

    /// A call of desk `k`'s own stream arrives.
    fn desk_call(&mut self, k: usize) {
        let d = self.desks.as_mut().expect("desks");
        let handling = d.handling[k].sample(&mut d.rng[k]);
        // A joint incident's police call is drawn now, from this desk's stream.
        let joint =
            (d.joint_share[k] > 0.0 && uniform01(&mut d.rng[k]) < d.joint_share[k]).then(|| {
                let ty = d.joint_ty[k];
                let node = match &self.node_alias {
                    Some(a) => a.sample(&mut d.rng[k]) as u32,
                    None => 0,
                };
                let scene = self.type_scene[ty].sample(&mut d.rng[k]);
                let pass = d.transfer.sample(&mut d.rng[k]);
                (ty as u32, node, scene, pass)
            });
        // A field call (fire engine, ambulance, traffic police) likewise.
        let field = d.field_ty[k].map(|ty| {
            let node = match &self.node_alias {
                Some(a) => a.sample(&mut d.rng[k]) as u32,
                None => 0,
            };
            let scene = self.type_scene[ty].sample(&mut d.rng[k]);
            (ty as u32, node, scene)
        });
        if let Some(t) = d.next_arrival(k, self.now, self.horizon) {
            self.q.schedule(t, Event::Desk(2 * k as u32 + 1).pack());
        }
        let j = self.desk_job(NONE, k, handling);
        let job = &mut self.desks.as_mut().expect("desks").jobs[j as usize];
        job.field = field;
        if let Some((ty, node, scene, pass)) = joint {
            (job.joint, job.ty, job.node, job.scene, job.pass) = (true, ty, node, scene, pass);
        }
        self.desk_offer(j);
    }

    /// Police call `c` reaches its desk; `handling` was drawn with the call.
    pub(super) fn desk_police(&mut self, c: u32, handling: Tick) {
        let k = self.desks.as_ref().expect("desks").police;
        let j = self.desk_job(c, k, handling);
        self.desk_offer(j);
    }

    /// A new job at desk `k` (misrouted first, perhaps), not yet offered.
    fn desk_job(&mut self, call: u32, k: usize, handling: Tick) -> u32 {
        let now = self.now;
        let counted = now >= self.warmup;
        let d = self.desks.as_mut().expect("desks");
        let handling = d.scaled(handling);
        let mut job = Job {
            call,
            desk: k as u8,
            at: k as u8,
            received: now,
            enq: now,
            handling,
            service: handling,
            wait: 0,
            counted,
            joint: false,
            passed: false,
            ty: 0,
            node: 0,
            scene: 0,
            pass: 0,
            field: None,
        };
        if d.misrouted > 0.0 {
            let rng = if call == NONE {
                &mut d.rng[k]
            } else {
                &mut d.route_rng
            };
            if uniform01(rng) < d.misrouted {
                // Uniformly one of the other desks.
                let n = d.kinds.len();
                let other = ((uniform01(rng) * (n - 1) as f64) as usize).min(n - 2);
                job.at = (if other >= k { other + 1 } else { other }) as u8;
                job.service = d.transfer.sample(rng);
            }
        }
        if counted {
            d.stats[k].calls += 1;
        }
        let j = super::alloc(&mut d.jobs, &mut d.free_jobs, job, "calls at the desks");
        assert!(
            j < IDX_MASK / 2,
            "more than 2^22 calls at the desks at once"
        );
        j
    }

    /// Job `j` joins its current desk's queue, or a free call taker takes it.
    fn desk_offer(&mut self, j: u32) {
        let d = self.desks.as_mut().expect("desks");
        let p = d.pool(d.jobs[j as usize].at);
        if d.free[p] > 0 {
            self.desk_serve(j);
        } else {
            d.waiting[p].push_back(j);
        }
    }

    fn desk_serve(&mut self, j: u32) {
        let (now, warmup, horizon) = (self.now, self.warmup, self.horizon);
        let d = self.desks.as_mut().expect("desks");
        let job = &mut d.jobs[j as usize];
        let p = if d.unified { 0 } else { job.at as usize };
        d.free[p] -= 1;
        job.wait += now - job.enq;
        let end = now + job.service;
        let busy = end.min(horizon).saturating_sub(now.max(warmup));
        d.busy_ms[p] += busy as f64;
        self.q.schedule(end, Event::Desk(2 * j).pack());
    }

    /// A call taker finishes job `j`: take the next waiting call, then
    /// transfer the job or end its intake.
    fn desk_done(&mut self, j: u32) {
        let now = self.now;
        let d = self.desks.as_mut().expect("desks");
        let job = d.jobs[j as usize];
        let p = d.pool(job.at);
        d.free[p] += 1;
        if let Some(next) = d.waiting[p].pop_front() {
            self.desk_serve(next);
        }
        let d = self.desks.as_mut().expect("desks");
        if job.at != job.desk {
            let jb = &mut d.jobs[j as usize];
            jb.at = jb.desk;
            jb.enq = now;
            jb.service = jb.handling;
            if job.counted {
                d.stats[job.desk as usize].transfers += 1;
            }
            self.desk_offer(j);
            return;
        }
        if job.counted && !job.passed {
            let st = &mut d.stats[job.desk as usize];
            st.waited += (job.wait > 0) as u64;
            st.wait.push(to_minutes(job.wait));
            st.wait_hist.record(job.wait);
            st.time.push(to_minutes(now - job.received));
            st.joint += job.joint as u64;
        }
        if let (false, Some((ty, node, scene))) = (job.passed, job.field) {
            // Its own desk is done: the field units are dispatched now.
            d.jobs[j as usize].field = None;
            let c = self.new_call(node, ty as usize, job.received, now, scene, NONE, false);
            self.dispatch(c);
        }
        let d = self.desks.as_mut().expect("desks");
        if job.joint && !job.passed && !d.unified && job.desk as usize != d.police {
            // Separate desks: the joint incident is passed to the police desk.
            let police = d.police as u8;
            let jb = &mut d.jobs[j as usize];
            (jb.passed, jb.desk, jb.at, jb.enq) = (true, police, police, now);
            (jb.service, jb.handling) = (jb.pass, jb.pass);
            self.desk_offer(j);
            return;
        }
        d.free_jobs.push(j);
        if job.call != NONE {
            self.calls[job.call as usize].queued = now;
            self.dispatch(job.call);
        } else if job.joint {
            let c = self.new_call(
                job.node,
                job.ty as usize,
                job.received,
                now,
                job.scene,
                NONE,
                true,
            );
            self.dispatch(c);
        }
    }
}

impl<'a> Sim<'a> {
    /// The desks' metrics (`intake_*`, `call_takers`, `call_taker_utilization`).
    pub(super) fn desk_metrics(&self, put: &mut impl FnMut(String, Option<f64>)) {
        let Some(d) = self.desks.as_ref() else {
            return;
        };
        let mut all = DeskStats::default();
        for st in &d.stats {
            all.calls += st.calls;
            all.waited += st.waited;
            all.transfers += st.transfers;
            all.wait.merge(&st.wait);
            all.wait_hist.merge(&st.wait_hist);
            all.time.merge(&st.time);
            all.joint += st.joint;
        }
        let span = (self.horizon - self.warmup) as f64;
        let takers: u32 = d.takers.iter().sum();
        put("call_takers".into(), Some(takers as f64));
        let util = |busy: f64, n: u32| (n > 0 && span > 0.0).then(|| busy / (n as f64 * span));
        put(
            "call_taker_utilization".into(),
            util(d.busy_ms.iter().sum(), takers),
        );
        let names = crate::scenario::DESK_NAMES;
        let rows = std::iter::once((String::new(), &all)).chain(
            d.kinds
                .iter()
                .zip(&d.stats)
                .map(|(&k, st)| (format!(".{}", names[k]), st)),
        );
        for (sfx, st) in rows {
            put(format!("intake_calls{sfx}"), Some(st.calls as f64));
            put(format!("intake_wait_mean_min{sfx}"), st.wait.mean());
            put(
                format!("intake_wait_p90_min{sfx}"),
                st.wait_hist.quantile(0.9).map(|x| x / 60_000.0),
            );
            let done = st.wait.count();
            put(
                format!("intake_waited_share{sfx}"),
                (done > 0).then(|| st.waited as f64 / done as f64),
            );
            put(format!("intake_time_mean_min{sfx}"), st.time.mean());
            put(format!("intake_transfers{sfx}"), Some(st.transfers as f64));
            put(format!("intake_joint_calls{sfx}"), Some(st.joint as f64));
        }
        if !d.unified {
            for (i, &k) in d.kinds.iter().enumerate() {
                put(
                    format!("call_taker_utilization.{}", names[k]),
                    util(d.busy_ms[i], d.takers[i]),
                );
            }
        }
    }
}
