//! Robust comparisons: strategies against their baseline across draws of
//! the uncertain parameters (a `[robust]` design). In every draw each
//! strategy runs the same replication seeds as the baseline (common random
//! numbers, the seeds of a sweep depend on the replication only), so the
//! draw's effect is a paired mean. Reported per strategy: the share of draws
//! whose mean effect lies on the predicted side (Wilson interval), the
//! distribution of the effect and of net benefit over draws, the two
//! variance components (between draws; Monte Carlo within a draw), and the
//! parameters that decide it with the break-even value where net benefit
//! crosses zero.

use super::compare::{differences, economic_differences};
use crate::model::RunResult;
use crate::stats::{Summary, normal_quantile};

/// Which side of zero a strategy's effect is predicted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Lower,
    Higher,
}

/// A quantity's spread over the draws.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawStats {
    /// Per draw: the mean paired difference over replications.
    pub per_draw: Vec<f64>,
    /// Share of draws on the predicted side (net benefit: above 0), with
    /// its Wilson 95 % interval.
    pub share: f64,
    pub share_low: f64,
    pub share_high: f64,
    /// Mean over draws and its Student-t 95 % interval.
    pub mean: Summary,
    /// 5 %, 50 % and 95 % quantiles over draws.
    pub q05: f64,
    pub q50: f64,
    pub q95: f64,
    /// Variance of the draws' means that is Monte Carlo noise (the mean
    /// over draws of s²/R within a draw) and the rest, between draws
    /// (total minus noise, at least 0).
    pub within_var: f64,
    pub between_var: f64,
    /// Draws whose paired 95 % interval (over their replications) includes
    /// zero and has a width: their side is left open by Monte Carlo noise,
    /// so the share counts them by chance.
    pub unsettled: usize,
}

/// A parameter that decides a strategy's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Decider {
    pub param: String,
    /// Spearman rank correlation of the parameter with the draws' effect.
    pub rho: f64,
    /// Where a straight line fitted to net benefit (the effect when there
    /// is no net benefit) against the parameter crosses zero, if it does
    /// within the values drawn.
    pub break_even: Option<f64>,
}

/// One strategy's robust comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Robust {
    pub strategy: String,
    pub effect: DrawStats,
    pub net_benefit: Option<DrawStats>,
    /// The three parameters most correlated with the effect.
    pub deciders: Vec<Decider>,
}

/// Wilson score interval of `k` successes in `n` trials (95 %).
pub fn wilson(k: usize, n: usize) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = normal_quantile(0.975);
    let (n, p) = (n as f64, k as f64 / n as f64);
    let c = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
    let h = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    ((c - h).max(0.0), (c + h).min(1.0))
}

fn draw_stats(diffs: &[Summary], pass: impl Fn(f64) -> bool) -> Option<DrawStats> {
    let per_draw: Vec<f64> = diffs.iter().map(|d| d.mean).collect::<Option<_>>()?;
    let n = per_draw.len();
    let k = per_draw.iter().filter(|&&x| pass(x)).count();
    let (share_low, share_high) = wilson(k, n);
    let mean = Summary::of(per_draw.iter().map(|&x| Some(x)));
    let mut sorted = per_draw.clone();
    sorted.sort_by(f64::total_cmp);
    let q = |p| super::sensitivity::quantile_sorted(&sorted, p).unwrap_or(f64::NAN);
    let within_var = diffs
        .iter()
        .map(|d| d.std.map_or(0.0, |s| s * s / d.n as f64))
        .sum::<f64>()
        / n as f64;
    let total = mean.std.map_or(0.0, |s| s * s);
    let unsettled = diffs
        .iter()
        .filter(|d| match (d.ci95_low, d.ci95_high) {
            // A width of 0 is an exact mean (no noise), not an open side.
            (Some(lo), Some(hi)) => lo <= 0.0 && hi >= 0.0 && lo < hi,
            _ => true,
        })
        .count();
    Some(DrawStats {
        share: k as f64 / n as f64,
        share_low,
        share_high,
        mean,
        q05: q(0.05),
        q50: q(0.5),
        q95: q(0.95),
        within_var,
        between_var: (total - within_var).max(0.0),
        unsettled,
        per_draw,
    })
}

/// Average ranks (ties share their mean rank).
fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        for &t in &idx[i..=j] {
            r[t] = (i + j) as f64 / 2.0;
        }
        i = j + 1;
    }
    r
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx > 0.0 && syy > 0.0 {
        sxy / (sxx * syy).sqrt()
    } else {
        0.0
    }
}

/// Spearman rank correlation.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// Where the least-squares line of `y` on `x` is zero, if within the range
/// of `x`.
pub fn break_even(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = x.iter().map(|a| (a - mx) * (a - mx)).sum();
    if sxx <= 0.0 || sxy == 0.0 {
        return None;
    }
    let slope = sxy / sxx;
    let x0 = mx - my / slope;
    let (lo, hi) = x
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), &v| (l.min(v), h.max(v)));
    (lo..=hi).contains(&x0).then_some(x0)
}

/// The robust comparison of a `[robust]` design's runs.
///
/// `runs[d][s]`: the replications of strategy `s` (0 = the baseline) in
/// draw `d`, in seed order; `params[d]`: the numeric value of each
/// uncertain parameter in draw `d` (`None` for a non-numeric one).
pub fn robust(
    strategies: &[String],
    runs: &[Vec<Vec<RunResult>>],
    param_names: &[String],
    params: &[Vec<Option<f64>>],
    metric: &str,
    side: Side,
) -> Result<Vec<Robust>, String> {
    let mut out = Vec::new();
    for (s, name) in strategies.iter().enumerate().skip(1) {
        let mut eff = Vec::with_capacity(runs.len());
        let mut nb = Vec::with_capacity(runs.len());
        for draw in runs {
            let (x, b) = (&draw[s], &draw[0]);
            let d = differences(x, b)
                .into_iter()
                .find(|(n, _)| n == metric)
                .ok_or_else(|| format!("no metric `{metric}` in strategy {name}'s runs"))?;
            eff.push(d.1.paired);
            if let Some((_, e)) = economic_differences(x, b)
                .into_iter()
                .find(|(n, _)| n == "net_benefit")
            {
                nb.push(e.paired);
            }
        }
        let effect = draw_stats(&eff, |x| match side {
            Side::Lower => x < 0.0,
            Side::Higher => x > 0.0,
        })
        .ok_or_else(|| format!("`{metric}` has no value in some draw of strategy {name}"))?;
        let net_benefit = (nb.len() == runs.len())
            .then(|| draw_stats(&nb, |x| x > 0.0))
            .flatten();
        let target = net_benefit.as_ref().unwrap_or(&effect);
        let mut deciders: Vec<Decider> = param_names
            .iter()
            .enumerate()
            .filter_map(|(j, p)| {
                let xs: Vec<f64> = params.iter().map(|v| v[j]).collect::<Option<_>>()?;
                Some(Decider {
                    param: p.clone(),
                    rho: spearman(&xs, &effect.per_draw),
                    break_even: break_even(&xs, &target.per_draw),
                })
            })
            .collect();
        deciders.sort_by(|a, b| b.rho.abs().total_cmp(&a.rho.abs()));
        deciders.truncate(3);
        out.push(Robust {
            strategy: name.clone(),
            effect,
            net_benefit,
            deciders,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wilson_interval_brackets_the_share() {
        let (lo, hi) = wilson(87, 100);
        assert!(
            (lo - 0.7906).abs() < 1e-3 && (hi - 0.9223).abs() < 1e-3,
            "{lo} {hi}"
        );
        assert_eq!(wilson(0, 10).0, 0.0);
    }

    #[test]
    fn the_variance_components_and_unsettled_draws_of_known_replications() {
        // Draw 1: replications 1.9, 2.0, 2.1 (mean 2, s² = 0.01, paired
        // interval 2 ± 4.30·0.0577, clear of zero); draw 2: −0.2, −0.1, 0
        // (mean −0.1, s² = 0.01, its interval includes zero).
        let diffs = [
            Summary::of([1.9, 2.0, 2.1].map(Some)),
            Summary::of([-0.2, -0.1, 0.0].map(Some)),
        ];
        let d = draw_stats(&diffs, |x| x > 0.0).unwrap();
        // Within: the mean over draws of s²/R = 0.01/3; total: the variance
        // of the draw means 2 and −0.1 = 2·1.05² = 2.205; between: the rest.
        assert!((d.within_var - 0.01 / 3.0).abs() < 1e-9, "{d:?}");
        assert!((d.between_var - (2.205 - 0.01 / 3.0)).abs() < 1e-9, "{d:?}");
        assert_eq!(d.unsettled, 1);
        assert_eq!(d.share, 0.5);
    }

    #[test]
    fn spearman_and_break_even_on_a_line() {
        let x = [1.0, 2.0, 3.0, 4.0];
        let y = [-3.0, -1.0, 1.0, 3.0];
        assert!((spearman(&x, &y) - 1.0).abs() < 1e-12);
        assert!((break_even(&x, &y).unwrap() - 2.5).abs() < 1e-12);
        assert_eq!(
            break_even(&x, &[1.0, 2.0, 3.0, 4.0]),
            None,
            "no crossing in range"
        );
    }
}
