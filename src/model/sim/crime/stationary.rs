//! The stationary start of the slow processes (`crime.start_state =
//! "stationary"`, docs/crime.md §16.3): what a pilot run measures (arrests
//! of local offenders per unit of offending rate and of free time, their
//! mix of crime types, roaming offenders' stays, arrests per place) and how
//! a run starts from it — each local offender's past simulated from the
//! start of his career with the sanction rule itself (so his record, his
//! repeated arrests, whether he is inside and for how long, and his memory
//! of arrests are drawn jointly, given his rate), the prisoners whose
//! careers have ended likewise, the roaming prisoners, and each place's
//! memory of arrests at its stationary mean (its share of the pilots'
//! arrests × the arrest rate the start implies).

use super::record::{Record, decide_at};
use super::{OffSt, Offender};
use crate::engine::rng::{StreamRng, stream, uniform01};
use crate::engine::time::{MS_PER_DAY, MS_PER_HOUR, Tick};
use crate::model::sim::Sim;
use crate::model::streams;
use crate::scenario::crime::CrimeSpec;

/// What one pilot run measured, from t = 0 to its horizon.
#[derive(Debug, Clone, Default)]
pub struct StartStats {
    /// Per class of offending rate ([`RATE_CLASSES`]): Σ over local
    /// offenders of rate × time free (out of prison and police custody,
    /// career going), in ms, and their arrests.
    pub exposure: [f64; RATE_CLASSES],
    pub arrests: [f64; RATE_CLASSES],
    /// Arrests of local offenders per crime type.
    pub type_arrests: Vec<f64>,
    /// Stays of arrested roaming offenders (ms).
    pub roam_stays: Vec<f64>,
    /// Arrests (local and roaming) per node.
    pub node_arrests: Vec<f64>,
    /// Length of the run (ms).
    pub span: f64,
}

/// The stationary state estimated from pilot runs (docs/crime.md §16.3).
#[derive(Debug, Clone, Default)]
pub struct StationaryStart {
    /// Per class of offending rate: arrests of a local offender per unit
    /// of offending rate per ms free.
    pub per_rate: [f64; RATE_CLASSES],
    /// The classes' lower bounds of the rate.
    bounds: [f64; RATE_CLASSES],
    /// Cumulative arrests of local offenders by crime type (the type of an
    /// arrest in a simulated past).
    cum_type: Vec<f64>,
    /// Roaming offenders' stays and cumulative weights ∝ S; their mean
    /// number inside (M/G/∞: jailings per ms × mean stay).
    roam_stays: Vec<f64>,
    cum_roam: Vec<f64>,
    pub roam_inside: f64,
    /// Each node's share of the pilots' arrests, and roaming offenders'
    /// arrests per ms (the local offenders' follow from `per_rate`).
    node_share: Vec<f64>,
    roam_rate: f64,
    /// Mean career, ms.
    career: f64,
}

/// Classes of offending rate (equal shares of the rate law) in which the
/// pilots measure arrests per unit of rate: an arrest rate need not be
/// proportional to the offending rate (a look finds at most one target).
pub const RATE_CLASSES: usize = 4;

/// The lower bounds of the rate classes (quantiles of the rate law).
pub(super) fn rate_bounds(spec: &CrimeSpec) -> [f64; RATE_CLASSES] {
    std::array::from_fn(|i| {
        if i == 0 {
            0.0
        } else {
            super::rate_at(i as f64 / RATE_CLASSES as f64, spec.rate_sdlog) * spec.rate_mean
        }
    })
}

/// The class of rate `r`.
pub(super) fn rate_class(bounds: &[f64; RATE_CLASSES], r: f64) -> usize {
    bounds.iter().rposition(|&b| r >= b).unwrap_or(0)
}

/// How far back careers that have ended are simulated (their prisoners
/// may still be inside): 30 years, beyond any stay the presets draw.
const GHOST_YEARS: f64 = 30.0;

/// Time an arrested offender not jailed is held (as cases.rs).
const HELD_MS: Tick = 12 * MS_PER_HOUR;

fn cumulative(w: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut acc = 0.0;
    w.map(|x| {
        acc += x.max(0.0);
        acc
    })
    .collect()
}

/// The index whose cumulative weight first exceeds `u` × the total.
fn pick_index(cum: &[f64], u: f64) -> usize {
    let total = cum.last().copied().unwrap_or(0.0);
    cum.partition_point(|&c| c <= u * total)
        .min(cum.len().saturating_sub(1))
}

/// The stay whose cumulative weight first exceeds `u` × the total.
fn pick(stays: &[f64], cum: &[f64], u: f64) -> f64 {
    stays[pick_index(cum, u)]
}

/// A Poisson count of mean `mean`: unit-rate arrivals within [0, mean].
fn poisson(rng: &mut StreamRng, mean: f64) -> u32 {
    let (mut t, mut k) = (0.0, 0);
    loop {
        t -= (1.0 - uniform01(rng)).ln();
        if t > mean {
            return k;
        }
        k += 1;
    }
}

/// An exponential draw of mean `m`.
fn exp(rng: &mut StreamRng, m: f64) -> f64 {
    -m * (1.0 - uniform01(rng)).ln()
}

/// One offender's simulated past at t = 0.
struct Past {
    record: Record,
    /// His arrests, decayed to t = 0 (e-folding τ).
    own: f64,
    /// Inside at t = 0: until when, and whether the arrest that put him
    /// there had an earlier one (a "repeat offender" in the metrics).
    inside: Option<(Tick, bool)>,
}

impl StationaryStart {
    /// The estimate from pilots: the arrest rates (per unit of offending
    /// rate, of roaming offenders, per place) from `rate_from` (pilots that
    /// started stationary: the prison was full and the memory of arrests,
    /// which deters, in place), the mix of crime types of arrests from
    /// `all`.
    pub fn estimate(rate_from: &[StartStats], all: &[StartStats], spec: &CrimeSpec) -> Self {
        let career = spec.career_years * 365.0 * MS_PER_DAY as f64;
        let nk = spec.types.len();
        let cum_type = cumulative((0..nk).map(|k| {
            all.iter()
                .map(|s| s.type_arrests.get(k).copied().unwrap_or(0.0))
                .sum()
        }));
        // Rates of arrests from the warm pilots only: a year from the empty
        // start makes more (its prison fills). Where they happen, from all.
        let roam_stays: Vec<f64> = rate_from
            .iter()
            .flat_map(|s| s.roam_stays.clone())
            .collect();
        let span: f64 = rate_from.iter().map(|s| s.span).sum();
        let roam_arrests: f64 = rate_from
            .iter()
            .map(|s| s.node_arrests.iter().sum::<f64>() - s.arrests.iter().sum::<f64>())
            .sum();
        let nodes = all.first().map_or(0, |s| s.node_arrests.len());
        let node_all: Vec<f64> = (0..nodes)
            .map(|n| all.iter().map(|s| s.node_arrests[n]).sum::<f64>())
            .collect();
        let total = node_all.iter().sum::<f64>().max(1.0);
        let node_share = node_all.iter().map(|a| a / total).collect();
        let per_rate = std::array::from_fn(|c| {
            let exposure: f64 = rate_from.iter().map(|s| s.exposure[c]).sum();
            let arrests: f64 = rate_from.iter().map(|s| s.arrests[c]).sum();
            if exposure > 0.0 {
                arrests / exposure
            } else {
                0.0
            }
        });
        StationaryStart {
            per_rate,
            bounds: rate_bounds(spec),
            cum_type,
            cum_roam: cumulative(roam_stays.iter().copied()),
            roam_inside: if span > 0.0 {
                roam_stays.iter().sum::<f64>() / span
            } else {
                0.0
            },
            roam_stays,
            node_share,
            roam_rate: if span > 0.0 {
                roam_arrests.max(0.0) / span
            } else {
                0.0
            },
            career,
        }
    }
}

impl<'a> Sim<'a> {
    /// Offender `o` was sanctioned now for a crime of type `k`: he stays
    /// `stay` ms (`jailed`: in custody or detention). Counts what the
    /// stationary start's pilots measure.
    pub(in crate::model::sim) fn note_sanctioned(
        &mut self,
        o: u32,
        k: usize,
        stay: Tick,
        jailed: bool,
    ) {
        let now = self.now;
        let bounds = rate_bounds(self.spec());
        let cw = self.cw();
        let off = &cw.offenders[o as usize];
        let st = &mut cw.stats.start;
        if off.roaming {
            if jailed {
                st.roam_stays.push(stay as f64);
            }
            return;
        }
        let c = rate_class(&bounds, off.rate);
        st.exposure[c] += off.rate * now.saturating_sub(off.free_since) as f64;
        st.arrests[c] += 1.0;
        if st.type_arrests.len() <= k {
            st.type_arrests.resize(k + 1, 0.0);
        }
        st.type_arrests[k] += 1.0;
    }

    /// A local offender leaves the free population now (desistance): his
    /// free time counts.
    pub(in crate::model::sim) fn note_unfree(&mut self, o: u32) {
        let now = self.now;
        let bounds = rate_bounds(self.spec());
        let cw = self.cw();
        let off = &cw.offenders[o as usize];
        if !off.roaming {
            let c = rate_class(&bounds, off.rate);
            cw.stats.start.exposure[c] += off.rate * now.saturating_sub(off.free_since) as f64;
        }
    }

    /// What the run measured for a stationary start (its free time counted
    /// to the horizon).
    pub(in crate::model::sim) fn start_stats(&mut self) -> StartStats {
        let horizon = self.horizon;
        let Some(spec) = self.s.crime.as_ref() else {
            return StartStats::default();
        };
        let bounds = rate_bounds(spec);
        let cw = self.crime.as_mut().expect("crime is on");
        let mut st = std::mem::take(&mut cw.stats.start);
        for off in &cw.offenders {
            if !off.roaming && !matches!(off.state, OffSt::Prison | OffSt::Gone) {
                let c = rate_class(&bounds, off.rate);
                st.exposure[c] += off.rate * horizon.saturating_sub(off.free_since) as f64;
            }
        }
        st.span = horizon as f64;
        st.node_arrests.resize(self.w.node_count(), 0.0);
        st
    }

    /// Put offender `o` in custody at t = 0 until `release` (`known`: the
    /// arrest that put him there had an earlier one).
    fn jail_at_start(&mut self, o: u32, release: Tick, known: bool) {
        let release = super::cases::pardoned(&self.pardon(), 0, release);
        let (horizon, warmup) = (self.horizon, self.warmup);
        let cw = self.cw();
        let to = release.min(horizon);
        if to > warmup {
            cw.stats.prison_ms += (to - warmup) as f64;
            if known {
                cw.stats.prison_known_ms += (to - warmup) as f64;
            }
        }
        cw.in_prison += 1;
        let off = &mut cw.offenders[o as usize];
        off.state = OffSt::Prison;
        off.jailed = true;
        off.released_at = release;
        self.schedule_offender(o, release);
    }

    /// The past of a career of offending rate `rate` from `from` to `end`
    /// (ms, ≤ 0: t = 0, or its end if it ended before): arrests at rate
    /// λ = `per_rate` × rate while free, each of a crime type drawn from
    /// the pilots' mix and sanctioned by the rule itself, reading the
    /// record the past has built.
    fn past(
        &self,
        st: &StationaryStart,
        rate: f64,
        from: f64,
        end: f64,
        rng: &mut StreamRng,
    ) -> Past {
        let cw = self.crime.as_ref().expect("crime is on");
        let rule = cw.record_rule;
        let tau = self.spec().certainty_decay_days * MS_PER_DAY as f64;
        let lam = st.per_rate[rate_class(&st.bounds, rate)] * rate;
        let mut past = Past {
            record: Record::default(),
            own: 0.0,
            inside: None,
        };
        let mut last = f64::NEG_INFINITY;
        let mut t = from;
        if lam > 0.0 && !st.cum_type.is_empty() {
            loop {
                t += exp(rng, 1.0 / lam);
                if t >= end {
                    break;
                }
                let k = pick_index(&st.cum_type, uniform01(rng));
                let u = (uniform01(rng), uniform01(rng), uniform01(rng));
                let now = t as i64;
                let out = decide_at(&cw.sanctions[k], &rule, &past.record, now, u);
                let release = now + out.jail.map_or(HELD_MS, |j| j.max(1)) as i64;
                past.record.note_at(now, &out, release, &rule);
                past.own = if tau > 0.0 && last.is_finite() {
                    past.own * (-(t - last) / tau).exp()
                } else {
                    0.0
                } + 1.0;
                last = t;
                if release > 0 {
                    if out.jail.is_some() {
                        past.inside = Some((release as Tick, out.known));
                    }
                    break;
                }
                t = release as f64;
            }
        }
        past.own = if tau > 0.0 && last.is_finite() {
            past.own * (last / tau).exp()
        } else {
            0.0
        };
        past
    }

    /// Start the local offenders, the prison and the memory of arrests at
    /// their stationary state (docs/crime.md §16.3). A career going on at
    /// t = 0 began an exponential time of mean L ago (its age, like its
    /// remainder, is exponential: onsets are Poisson and careers
    /// exponential); careers that ended within [`GHOST_YEARS`] end at
    /// Poisson times of rate N / L and lasted an exponential time of mean L.
    /// Each past is simulated; those inside at t = 0 stay to their release.
    pub(in crate::model::sim) fn start_stationary(&mut self, st: &StationaryStart) {
        let spec = self.spec();
        let l = st.career;
        let mut rng = stream(self.seed, streams::START);
        // Onsets Poisson at rate N / L and careers exponential of mean L:
        // the active careers are an M/M/∞ queue, whose stationary count is
        // Poisson of mean N (Kleinrock 1975, Queueing Systems I, §3.4), not
        // N itself.
        let k = poisson(&mut rng, spec.local_offenders as f64);
        let seed = self.seed;
        self.cw().set_local_count(k, spec, seed, &mut rng);
        let n = self.cw().offenders.len() as u32;
        let own = spec.certainty_own_arrest > 0.0;
        if own {
            self.cw().cert_own.resize(n as usize, (0.0, 0, u64::MAX));
        }
        for o in 0..n {
            let (uid, rate) = {
                let off = &self.cw().offenders[o as usize];
                (off.uid, off.rate)
            };
            let mut hist = stream(self.seed, streams::START_PAST + uid);
            let age = exp(&mut hist, l);
            let past = self.past(st, rate, -age, 0.0, &mut hist);
            if own {
                self.cw().cert_own[o as usize] = (past.own, 0, uid);
            }
            self.cw().offenders[o as usize].record = past.record;
            match past.inside {
                Some((release, known)) => self.jail_at_start(o, release, known),
                None => self.plan_outing(o, 0),
            }
        }
        // Careers that have ended: those still inside desist at release.
        let span = GHOST_YEARS * 365.0 * MS_PER_DAY as f64;
        let ghosts = poisson(&mut rng, spec.local_offenders as f64 * span / l);
        let home = self.cw().offenders.first().map_or(0, |f| f.home);
        let mut j = 0u64;
        for _ in 0..ghosts {
            let end = -uniform01(&mut rng) * span;
            let len = exp(&mut rng, l);
            let rate = super::rate_at(uniform01(&mut rng), spec.rate_sdlog) * spec.rate_mean;
            let past = self.past(st, rate, end - len, end, &mut rng);
            let Some((release, known)) = past.inside else {
                continue;
            };
            let off = Offender {
                career_end: 0,
                rate,
                record: past.record,
                ..Offender::new((1 << 39) + j, home, false, OffSt::Prison)
            };
            j += 1;
            let rng_o = stream(self.seed, streams::OFFENDER_BASE + off.uid);
            let o = self.cw().take_slot(off, rng_o);
            self.cw().active += 1;
            self.jail_at_start(o, release, known);
        }
        // Roaming offenders inside: released, they leave.
        let k = if st.roam_stays.is_empty() {
            0
        } else {
            poisson(&mut rng, st.roam_inside)
        };
        for j in 0..k {
            let s = pick(&st.roam_stays, &st.cum_roam, uniform01(&mut rng));
            let residual = uniform01(&mut rng) * s;
            let exit = self.cw().exits[0];
            let off = Offender::new((1 << 41) + j as u64, exit, true, OffSt::Prison);
            let rng_o = stream(self.seed, streams::START + (1 << 32) + j as u64);
            let o = self.cw().take_slot(off, rng_o);
            self.jail_at_start(o, (residual.max(1.0)) as Tick, false);
        }
        // Each place's memory of arrests: its share of the arrests × their
        // rate at t = 0 (the free local offenders' λ, roaming offenders')
        // × τ, the mean of a decayed count.
        if spec.certainty_area_arrest > 0.0 {
            let tau = spec.certainty_decay_days * MS_PER_DAY as f64;
            let cw = self.cw();
            let local: f64 = cw
                .offenders
                .iter()
                .filter(|o| !o.roaming && !matches!(o.state, OffSt::Prison | OffSt::Gone))
                .map(|o| st.per_rate[rate_class(&st.bounds, o.rate)] * o.rate)
                .sum();
            let rate = local + st.roam_rate;
            for (m, share) in cw.arrest_mem.iter_mut().zip(&st.node_share) {
                *m = share * rate * tau;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The equilibrium residual of a renewal process: P(R > u) =
    /// E[(S − u)⁺] / E[S] (e.g. Cox 1962, Renewal Theory, §5.2; Kleinrock
    /// 1975, Queueing Systems I, §5.2). Drawn as here — a stay picked with
    /// weight ∝ S, then a uniform share of it — from a sample of stays.
    fn residuals(stays: &[f64], n: usize) -> Vec<f64> {
        let cum = cumulative(stays.iter().copied());
        let mut rng = stream(7, 1);
        (0..n)
            .map(|_| {
                let s = pick(stays, &cum, uniform01(&mut rng));
                uniform01(&mut rng) * s
            })
            .collect()
    }

    #[test]
    fn the_residual_stay_follows_the_equilibrium_law_of_the_stays() {
        // Exponential stays: the residual is exponential with the same mean
        // (memoryless), P(R > u) = e^(−u/m).
        let m = 100.0;
        let mut rng = stream(3, 2);
        let stays: Vec<f64> = (0..200_000)
            .map(|_| -m * (1.0 - uniform01(&mut rng)).ln())
            .collect();
        let r = residuals(&stays, 200_000);
        for u in [50.0, 100.0, 200.0, 400.0] {
            let tail = r.iter().filter(|&&x| x > u).count() as f64 / r.len() as f64;
            let exact = (-u / m).exp();
            assert!((tail - exact).abs() < 0.006, "u {u}: {tail} vs {exact}");
        }
        let mean = r.iter().sum::<f64>() / r.len() as f64;
        assert!((mean - m).abs() < 1.5, "mean residual {mean}");
        // A fixed stay s: the residual is uniform on [0, s], P(R > u) = 1 − u/s.
        let fixed = vec![70.0; 10];
        let r = residuals(&fixed, 100_000);
        for u in [7.0, 35.0, 63.0] {
            let tail = r.iter().filter(|&&x| x > u).count() as f64 / r.len() as f64;
            assert!((tail - (1.0 - u / 70.0)).abs() < 0.006, "u {u}: {tail}");
        }
        // Two stays, 10 and 90 in equal numbers: E[S] = 50, and
        // P(R > 40) = E[(S − 40)⁺] / E[S] = (0 + 50) / 2 / 50 = 0.5.
        let two: Vec<f64> = (0..1000)
            .map(|i| if i % 2 == 0 { 10.0 } else { 90.0 })
            .collect();
        let r = residuals(&two, 100_000);
        let tail = r.iter().filter(|&&x| x > 40.0).count() as f64 / r.len() as f64;
        assert!((tail - 0.5).abs() < 0.006, "{tail}");
    }

    #[test]
    fn a_poisson_count_has_its_mean_and_variance() {
        let mut rng = stream(5, 9);
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| poisson(&mut rng, 12.5) as f64).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!((mean - 12.5).abs() < 0.1, "{mean}");
        assert!((var - 12.5).abs() < 0.5, "{var}");
    }
}
