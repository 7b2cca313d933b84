//! The stationary start of the slow processes (`crime.start_state =
//! "stationary"`, docs/crime.md §16.3): what a pilot run measures (arrests
//! of local offenders per unit of offending rate and of free time, the stays
//! those arrests led to, roaming offenders' stays, arrests per place) and
//! how a run starts from it — each local offender inside with his
//! stationary chance given his rate and a residual stay from the stays'
//! equilibrium law, the prisoners whose careers have ended and the roaming
//! prisoners, and the memory of arrests at its stationary mean.

use super::{OffSt, Offender};
use crate::engine::rng::{StreamRng, stream, uniform01};
use crate::engine::time::{MS_PER_DAY, Tick};
use crate::model::sim::Sim;
use crate::model::streams;
use crate::scenario::crime::CrimeSpec;

/// What one pilot run measured, from t = 0 to its horizon.
#[derive(Debug, Clone, Default)]
pub struct StartStats {
    /// Σ over local offenders of rate × time free (out of prison and
    /// police custody, career going), in ms.
    pub exposure: f64,
    /// Arrests of local offenders.
    pub arrests: f64,
    /// Stays in custody or detention those arrests led to (ms).
    pub stays: Vec<f64>,
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
    /// Arrests of a local offender per unit of offending rate per ms free.
    pub per_rate: f64,
    /// Prison time per arrest (ms), and its part that falls within the
    /// career (E[L(1 − e^(−S/L))] per arrest, L the mean career).
    pub stay: f64,
    pub stay_in_career: f64,
    /// The pilots' stays (ms) with the cumulative weights of the
    /// equilibrium laws: of those inside during their career (∝ L(1 −
    /// e^(−S/L))) and after it (∝ S − L(1 − e^(−S/L))).
    stays: Vec<f64>,
    cum_career: Vec<f64>,
    cum_after: Vec<f64>,
    /// Roaming offenders' stays and cumulative weights ∝ S; their mean
    /// number inside (M/G/∞: jailings per ms × mean stay).
    roam_stays: Vec<f64>,
    cum_roam: Vec<f64>,
    pub roam_inside: f64,
    /// Arrests per ms at each node.
    node_rate: Vec<f64>,
    /// Mean career, ms.
    career: f64,
}

fn cumulative(w: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut acc = 0.0;
    w.map(|x| {
        acc += x.max(0.0);
        acc
    })
    .collect()
}

/// The stay whose cumulative weight first exceeds `u` × the total.
fn pick(stays: &[f64], cum: &[f64], u: f64) -> f64 {
    let total = cum.last().copied().unwrap_or(0.0);
    let i = cum.partition_point(|&c| c <= u * total);
    stays[i.min(stays.len() - 1)]
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

impl StationaryStart {
    /// The estimate from pilots: the arrest rate per unit of offending rate
    /// from `rate_from` (pilots that started stationary: the memory of
    /// arrests, which deters, was in place), the stays from `stays_from`.
    pub fn estimate(rate_from: &[StartStats], stays_from: &[StartStats], spec: &CrimeSpec) -> Self {
        let career = spec.career_years * 365.0 * MS_PER_DAY as f64;
        let exposure: f64 = rate_from.iter().map(|s| s.exposure).sum();
        let arrests: f64 = rate_from.iter().map(|s| s.arrests).sum();
        let stays: Vec<f64> = stays_from.iter().flat_map(|s| s.stays.clone()).collect();
        let stay_arrests: f64 = stays_from.iter().map(|s| s.arrests).sum();
        let within = |s: f64| career * (1.0 - (-s / career).exp());
        let per = |x: f64| {
            if stay_arrests > 0.0 {
                x / stay_arrests
            } else {
                0.0
            }
        };
        let roam_stays: Vec<f64> = stays_from
            .iter()
            .flat_map(|s| s.roam_stays.clone())
            .collect();
        let span: f64 = stays_from.iter().map(|s| s.span).sum();
        let nodes = stays_from.first().map_or(0, |s| s.node_arrests.len());
        let node_rate = (0..nodes)
            .map(|n| stays_from.iter().map(|s| s.node_arrests[n]).sum::<f64>() / span)
            .collect();
        StationaryStart {
            per_rate: if exposure > 0.0 {
                arrests / exposure
            } else {
                0.0
            },
            stay: per(stays.iter().sum()),
            stay_in_career: per(stays.iter().map(|&s| within(s)).sum()),
            cum_career: cumulative(stays.iter().map(|&s| within(s))),
            cum_after: cumulative(stays.iter().map(|&s| s - within(s))),
            stays,
            cum_roam: cumulative(roam_stays.iter().copied()),
            roam_inside: if span > 0.0 {
                roam_stays.iter().sum::<f64>() / span
            } else {
                0.0
            },
            roam_stays,
            node_rate,
            career,
        }
    }
}

impl<'a> Sim<'a> {
    /// Offender `o` was sanctioned now: he stays `stay` ms (`jailed`: in
    /// custody or detention). Counts what the stationary start's pilots
    /// measure.
    pub(in crate::model::sim) fn note_sanctioned(&mut self, o: u32, stay: Tick, jailed: bool) {
        let now = self.now;
        let cw = self.cw();
        let off = &cw.offenders[o as usize];
        let st = &mut cw.stats.start;
        if off.roaming {
            if jailed {
                st.roam_stays.push(stay as f64);
            }
            return;
        }
        st.exposure += off.rate * now.saturating_sub(off.free_since) as f64;
        st.arrests += 1.0;
        if jailed {
            st.stays.push(stay as f64);
        }
    }

    /// A local offender leaves the free population now (desistance): his
    /// free time counts.
    pub(in crate::model::sim) fn note_unfree(&mut self, o: u32) {
        let now = self.now;
        let cw = self.cw();
        let off = &cw.offenders[o as usize];
        if !off.roaming {
            cw.stats.start.exposure += off.rate * now.saturating_sub(off.free_since) as f64;
        }
    }

    /// What the run measured for a stationary start (its free time counted
    /// to the horizon).
    pub(in crate::model::sim) fn start_stats(&mut self) -> StartStats {
        let horizon = self.horizon;
        let Some(cw) = self.crime.as_mut() else {
            return StartStats::default();
        };
        let mut st = std::mem::take(&mut cw.stats.start);
        for off in &cw.offenders {
            if !off.roaming && !matches!(off.state, OffSt::Prison | OffSt::Gone) {
                st.exposure += off.rate * horizon.saturating_sub(off.free_since) as f64;
            }
        }
        st.span = horizon as f64;
        st.node_arrests.resize(self.w.node_count(), 0.0);
        st
    }

    /// Put offender `o` in custody at t = 0 until `release`.
    fn jail_at_start(&mut self, o: u32, release: Tick) {
        let release = super::cases::pardoned(&self.pardon(), 0, release);
        let (horizon, warmup) = (self.horizon, self.warmup);
        let cw = self.cw();
        let to = release.min(horizon);
        if to > warmup {
            cw.stats.prison_ms += (to - warmup) as f64;
        }
        cw.in_prison += 1;
        let rule = cw.record_rule;
        let off = &mut cw.offenders[o as usize];
        off.record = super::record::Record::serving_at_start(release, &rule);
        off.state = OffSt::Prison;
        off.jailed = true;
        off.released_at = release;
        self.schedule_offender(o, release);
    }

    /// Start the local offenders, the prison and the memory of arrests at
    /// their stationary state (docs/crime.md §16.3). With arrests at rate
    /// λ = `per_rate` × rate while free and career time inside per arrest
    /// m_L, an offender whose career goes on is inside with chance
    /// λm_L / (1 + λm_L) (alternating renewal); Little's law for the stays
    /// that outlast careers gives the prisoners whose careers have ended;
    /// the residual stays follow the equilibrium (length-biased) law.
    pub(in crate::model::sim) fn start_stationary(&mut self, st: &StationaryStart) {
        let spec = self.spec();
        let l = st.career;
        let tau = spec.certainty_decay_days * MS_PER_DAY as f64;
        let n = self.cw().offenders.len() as u32;
        let mut rng = stream(self.seed, streams::START);
        let mut after_career = 0.0;
        let own = spec.certainty_own_arrest > 0.0;
        if own {
            self.cw().cert_own.resize(n as usize, (0.0, 0, u64::MAX));
        }
        for o in 0..n {
            let (uid, rate) = {
                let off = &self.cw().offenders[o as usize];
                (off.uid, off.rate)
            };
            let lam = st.per_rate * rate;
            let y = lam * st.stay_in_career;
            after_career += lam * (st.stay - st.stay_in_career) / (1.0 + y);
            if own {
                // Decayed own arrests: arrests while free over the career
                // so far (age exponential, mean L), e-folding τ.
                let v = lam / (1.0 + y) * tau * l / (tau + l);
                self.cw().cert_own[o as usize] = (v, 0, uid);
            }
            if !st.stays.is_empty() && self.keyed(uid, 0, 13) < y / (1.0 + y) {
                let s = pick(&st.stays, &st.cum_career, self.keyed(uid, 0, 14));
                // Time served so far: density ∝ e^(−u/L) on [0, s].
                let u = self.keyed(uid, 0, 15);
                let served = -l * (1.0 - u * (1.0 - (-s / l).exp())).ln();
                self.jail_at_start(o, ((s - served).max(1.0)) as Tick);
            } else {
                self.plan_outing(o, 0);
            }
        }
        // Prisoners whose careers have ended: released, they desist.
        let k = if st.stays.is_empty() {
            0
        } else {
            poisson(&mut rng, after_career)
        };
        for j in 0..k {
            let s = pick(&st.stays, &st.cum_after, uniform01(&mut rng));
            // Time served: density ∝ 1 − e^(−u/L) on [0, s] (rejection).
            let served = loop {
                let u = uniform01(&mut rng) * s;
                if uniform01(&mut rng) * (1.0 - (-s / l).exp()) < 1.0 - (-u / l).exp() {
                    break u;
                }
            };
            let home = self.cw().offenders.first().map_or(0, |f| f.home);
            let off = Offender {
                career_end: 0,
                ..Offender::new((1 << 39) + j as u64, home, false, OffSt::Prison)
            };
            let rng_o = stream(self.seed, streams::OFFENDER_BASE + off.uid);
            let o = self.cw().take_slot(off, rng_o);
            self.cw().active += 1;
            self.jail_at_start(o, ((s - served).max(1.0)) as Tick);
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
            self.jail_at_start(o, (residual.max(1.0)) as Tick);
        }
        if spec.certainty_area_arrest > 0.0 {
            let cw = self.cw();
            for (m, r) in cw.arrest_mem.iter_mut().zip(&st.node_rate) {
                *m = r * tau;
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
