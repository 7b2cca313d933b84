//! Paired comparison of strategies: every strategy runs the same replication
//! seeds (common random numbers), so the difference to the baseline is taken
//! replication by replication; the unpaired (Welch) interval is reported
//! beside it so the gain from pairing is visible.

use super::{Replicated, summarise};
use crate::engine::rng::replication_seed;
use crate::model::{Model, RunResult};
use crate::stats::{Summary, t975};
use rayon::prelude::*;

/// The difference of a metric to the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diff {
    /// Paired: mean, std and Student-t interval of per-replication differences.
    pub paired: Summary,
    /// Unpaired (Welch) 95 % interval of the difference of means.
    pub unpaired_low: Option<f64>,
    pub unpaired_high: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Comparison {
    pub master_seed: u64,
    /// Index into `strategies` of the baseline.
    pub baseline: usize,
    pub strategies: Vec<(String, Replicated)>,
    /// Per strategy (same order), per metric: the difference to the baseline.
    pub diffs: Vec<Vec<(String, Diff)>>,
}

/// Run replications `0..reps` of every model with the same seeds.
pub fn run_all(
    models: &[Model],
    master_seed: u64,
    reps: std::ops::Range<u32>,
    sequential: bool,
) -> Vec<Vec<RunResult>> {
    let jobs: Vec<(usize, u32)> = (0..models.len())
        .flat_map(|m| reps.clone().map(move |r| (m, r)))
        .collect();
    let run = |&(m, r): &(usize, u32)| {
        super::run_one(&models[m], replication_seed(master_seed, r as u64))
    };
    let results: Vec<RunResult> = if sequential {
        jobs.iter().map(run).collect()
    } else {
        jobs.par_iter().map(run).collect()
    };
    let per = reps.len();
    let mut out: Vec<Vec<RunResult>> = Vec::with_capacity(models.len());
    let mut it = results.into_iter();
    for _ in 0..models.len() {
        out.push(it.by_ref().take(per).collect());
    }
    out
}

/// The difference of `x` to `base`, metric by metric (runs in seed order).
pub fn differences(x: &[RunResult], base: &[RunResult]) -> Vec<(String, Diff)> {
    let Some(first) = x.first() else {
        return vec![];
    };
    first
        .metrics
        .iter()
        .enumerate()
        .filter_map(|(i, (name, _))| {
            // Strategies may report different metrics (e.g. detective
            // queues): pair by name; a metric the baseline lacks has no
            // difference.
            let j = base.first()?.metrics.iter().position(|(n, _)| n == name)?;
            let pairs: Vec<(Option<f64>, Option<f64>)> = x
                .iter()
                .zip(base)
                .map(|(a, b)| (a.metrics[i].1, b.metrics.get(j).and_then(|m| m.1)))
                .collect();
            let paired = Summary::of(pairs.iter().map(|(a, b)| a.zip(*b).map(|(a, b)| a - b)));
            let sa = Summary::of(pairs.iter().map(|p| p.0));
            let sb = Summary::of(pairs.iter().map(|p| p.1));
            let (mut lo, mut hi) = (None, None);
            if let (Some(ma), Some(mb), Some(va), Some(vb)) = (sa.mean, sb.mean, sa.std, sb.std) {
                let (na, nb) = (sa.n as f64, sb.n as f64);
                let (qa, qb) = (va * va / na, vb * vb / nb);
                let se = (qa + qb).sqrt();
                // Welch–Satterthwaite degrees of freedom (floored; at least 1).
                let df = if se > 0.0 {
                    (qa + qb).powi(2) / (qa * qa / (na - 1.0) + qb * qb / (nb - 1.0))
                } else {
                    na + nb - 2.0
                };
                let h = t975(df.floor().max(1.0) as u64) * se;
                lo = Some(ma - mb - h);
                hi = Some(ma - mb + h);
            }
            Some((
                name.clone(),
                Diff {
                    paired,
                    unpaired_low: lo,
                    unpaired_high: hi,
                },
            ))
        })
        .collect()
}

/// Benefit (harm to victims and public-service costs avoided, and the two
/// apart), net benefit, benefit-cost ratio
/// and cost per crime prevented of `x` against `base`, paired by seed.
pub fn economic_differences(x: &[RunResult], base: &[RunResult]) -> Vec<(String, Diff)> {
    if x.first().and_then(|r| r.metric("social_cost")).is_none()
        || x.first().and_then(|r| r.metric("cost_total")).is_none()
    {
        return vec![];
    }
    let p = crate::economics::paired(x, base);
    let only = |s: Summary| Diff {
        paired: s,
        unpaired_low: None,
        unpaired_high: None,
    };
    let ratio = ratio_of_means(&p.benefit, &p.extra_cost);
    // The extra cost is mostly fixed by the scenario (prison, arrests and
    // false alarms vary a little between replications), so the interval of
    // the cost per crime prevented is that of the crimes prevented, inverted.
    let prevented = Summary::of(p.prevented.iter().copied());
    let cost = Summary::of(p.extra_cost.iter().copied()).mean;
    let per_crime = match (cost, prevented.mean) {
        (Some(c), Some(m)) if m > 0.0 => Summary {
            mean: Some(c / m),
            std: None,
            ci95_low: prevented.ci95_high.filter(|h| *h > 0.0).map(|h| c / h),
            ci95_high: prevented.ci95_low.filter(|l| *l > 0.0).map(|l| c / l),
            n: prevented.n,
        },
        _ => Summary::of([None]),
    };
    vec![
        (
            "benefit".into(),
            only(Summary::of(p.benefit.iter().copied())),
        ),
        (
            "net_benefit".into(),
            only(Summary::of(p.net_benefit.iter().copied())),
        ),
        (
            "benefit.victims".into(),
            only(Summary::of(p.benefit_victims.iter().copied())),
        ),
        (
            "benefit.public_services".into(),
            only(Summary::of(p.benefit_public_services.iter().copied())),
        ),
        ("benefit_cost_ratio".into(), only(ratio)),
        ("cost_per_crime_prevented".into(), only(per_crime)),
    ]
}

/// The ratio of two paired means, `mean(b) / mean(c)` (the benefit-cost
/// ratio: total benefit over total extra cost), with the delta-method
/// (ratio-estimator) 95 % interval: the standard error of
/// `mean(b − R·c) / mean(c)` (Cochran 1977, *Sampling Techniques*, ch. 6).
/// Absent when the mean of `c` is not above 0 (a strategy that saves money
/// is judged by its net benefit) or a replication lacks either value. The
/// mean of per-replication ratios it replaces was biased, and left out the
/// replications whose extra cost was not positive, so a strategy cheaper
/// on average could show a ratio.
pub fn ratio_of_means(b: &[Option<f64>], c: &[Option<f64>]) -> Summary {
    let pairs: Option<Vec<(f64, f64)>> = b.iter().zip(c).map(|(b, c)| b.zip(*c)).collect();
    let none = Summary::of([None]);
    let Some(pairs) = pairs.filter(|p| !p.is_empty()) else {
        return none;
    };
    let n = pairs.len() as f64;
    let mb = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let mc = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    if mc <= 1e-9 {
        return none;
    }
    let r = mb / mc;
    let mut s = Summary {
        mean: Some(r),
        std: None,
        ci95_low: None,
        ci95_high: None,
        n: pairs.len() as u64,
    };
    if pairs.len() > 1 {
        let var = pairs.iter().map(|(b, c)| (b - r * c).powi(2)).sum::<f64>() / (n - 1.0);
        let half = crate::stats::t975(pairs.len() as u64 - 1) * (var / n).sqrt() / mc;
        s.std = Some(var.sqrt() / mc);
        s.ci95_low = Some(r - half);
        s.ci95_high = Some(r + half);
    }
    s
}

/// Compare named models against `baseline` with `reps` replications each;
/// with a target, double the replications until every strategy's
/// `metric` interval half-width is at most `half_width` (or `max_reps`).
pub fn compare(
    named: Vec<(String, Model)>,
    baseline: usize,
    master_seed: u64,
    reps: u32,
    target: Option<(&str, f64, u32)>,
    sequential: bool,
) -> Comparison {
    let models: Vec<Model> = named.iter().map(|(_, m)| m.clone()).collect();
    let mut runs = run_all(&models, master_seed, 0..reps, sequential);
    if let Some((metric, hw, max_reps)) = target {
        loop {
            let have = runs[0].len() as u32;
            let wide = runs.iter().any(|rs| {
                let s = summarise(master_seed, rs.clone());
                s.get(metric)
                    .and_then(|x| x.half_width())
                    .is_none_or(|h| h > hw)
            });
            if !wide || have >= max_reps {
                break;
            }
            let more = (have * 2).min(max_reps);
            let extra = run_all(&models, master_seed, have..more, sequential);
            for (rs, e) in runs.iter_mut().zip(extra) {
                rs.extend(e);
            }
        }
    }
    let diffs = runs
        .iter()
        .map(|rs| {
            let mut d = differences(rs, &runs[baseline]);
            d.extend(economic_differences(rs, &runs[baseline]));
            d
        })
        .collect();
    let strategies = named
        .into_iter()
        .map(|(n, _)| n)
        .zip(runs.into_iter().map(|rs| summarise(master_seed, rs)))
        .collect();
    Comparison {
        master_seed,
        baseline,
        strategies,
        diffs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RunResult;

    fn run(vals: &[Option<f64>]) -> Vec<RunResult> {
        vals.iter()
            .map(|v| RunResult::of_metrics(0, vec![("m".into(), *v)]))
            .collect()
    }

    #[test]
    fn paired_and_unpaired_differences() {
        let a = run(&[Some(11.0), Some(12.0), Some(14.0), Some(13.0)]);
        let b = run(&[Some(10.0), Some(10.5), Some(13.0), Some(12.5)]);
        let d = &differences(&a, &b)[0].1;
        // Differences 1, 1.5, 1, 0.5: mean 1, sd 0.408.
        assert!((d.paired.mean.unwrap() - 1.0).abs() < 1e-12);
        let half = t975(3) * (1.0f64 / 6.0).sqrt() / 2.0;
        assert!((d.paired.ci95_high.unwrap() - (1.0 + half)).abs() < 1e-9);
        // The unpaired interval is wider: the shared noise is not cancelled.
        assert!(d.unpaired_high.unwrap() - d.unpaired_low.unwrap() > 2.0 * half);
        let none = differences(&run(&[None, Some(1.0)]), &run(&[Some(1.0), Some(1.0)]));
        assert_eq!(none[0].1.paired.mean, Some(0.0));
        assert_eq!(none[0].1.paired.std, None);
    }

    #[test]
    fn the_benefit_cost_ratio_is_total_benefit_over_total_extra_cost() {
        let v = |x: &[f64]| x.iter().map(|x| Some(*x)).collect::<Vec<_>>();
        // A fixed extra cost: the ratio and its interval are the benefit's
        // mean and interval divided by the cost.
        let b = v(&[30.0, 50.0, 40.0, 60.0]);
        let r = ratio_of_means(&b, &v(&[10.0; 4]));
        let sb = Summary::of(b.iter().copied());
        assert!((r.mean.unwrap() - 4.5).abs() < 1e-12);
        assert!((r.ci95_high.unwrap() - sb.ci95_high.unwrap() / 10.0).abs() < 1e-9);
        assert!((r.half_width().unwrap() - sb.half_width().unwrap() / 10.0).abs() < 1e-9);
        // Not the mean of the replications' ratios (which would be 4.75).
        let r = ratio_of_means(&v(&[10.0, 90.0]), &v(&[5.0, 15.0]));
        assert!((r.mean.unwrap() - 5.0).abs() < 1e-12);
        // Cheaper on average: no ratio, even if one replication cost more
        // (the old mean of ratios kept that replication alone).
        assert_eq!(
            ratio_of_means(&v(&[10.0, 20.0]), &v(&[5.0, -9.0])).mean,
            None
        );
        // A missing value in any replication: no ratio.
        assert_eq!(
            ratio_of_means(&[Some(1.0), None], &v(&[1.0, 1.0])).mean,
            None
        );
    }
}
