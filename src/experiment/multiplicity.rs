//! Multiple comparisons: the two-sided p-value of a paired difference
//! (Student's t on the per-replication differences, the test whose interval
//! `compare` prints) and the adjustments of a family of p-values — Holm
//! (1979, family-wise error) and Benjamini & Hochberg (1995, false
//! discovery rate). `compare` and the essay-claims generator use Holm: each
//! of their rows is a verdict a reader may act on alone, so the error to
//! bound is that of any one verdict in the document being wrong, not the
//! share of wrong ones (Benjamini–Hochberg's). Both are here and tested
//! against the worked example of Benjamini & Hochberg (1995, §4).

use super::Comparison;
use crate::stats::Summary;

/// The metrics whose paired differences form `compare`'s family: what a
/// strategy is judged on (crime, response, value for money).
pub const PRIMARY: [&str; 3] = ["crimes_completed", "response_time_mean_min", "net_benefit"];

/// One test of `compare`'s family.
#[derive(Debug, Clone, PartialEq)]
pub struct Tested {
    /// Index of the strategy in `Comparison::strategies`.
    pub strategy: usize,
    pub metric: &'static str,
    /// Two-sided paired-t p-value and its Holm adjustment over the family.
    pub p: f64,
    pub p_holm: f64,
}

/// The family of a comparison: every primary metric of every strategy
/// but the baseline that has a p-value, Holm-adjusted together.
pub fn compare_family(c: &Comparison) -> Vec<Tested> {
    let mut rows = Vec::new();
    for (s, d) in c.diffs.iter().enumerate() {
        if s == c.baseline {
            continue;
        }
        for metric in PRIMARY {
            if let Some(p) = d
                .iter()
                .find(|(m, _)| m == metric)
                .and_then(|(_, x)| paired_p(&x.paired))
            {
                rows.push((s, metric, p));
            }
        }
    }
    let adj = holm(&rows.iter().map(|r| r.2).collect::<Vec<_>>());
    rows.into_iter()
        .zip(adj)
        .map(|((strategy, metric, p), p_holm)| Tested {
            strategy,
            metric,
            p,
            p_holm,
        })
        .collect()
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1 − x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let mut a = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The continued fraction of the incomplete beta function (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=300 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = if d.abs() < TINY { TINY } else { d };
        c = 1.0 + aa / c;
        c = if c.abs() < TINY { TINY } else { c };
        d = 1.0 / d;
        let del = d * c;
        h *= del;
        if (del - 1.0).abs() < 1e-15 {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function I_x(a, b).
pub fn incomplete_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    if x < (a + 1.0) / (a + b + 2.0) {
        ln_front.exp() * beta_cf(a, b, x) / a
    } else {
        1.0 - ln_front.exp() * beta_cf(b, a, 1.0 - x) / b
    }
}

/// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom.
pub fn t_two_sided(t: f64, df: f64) -> f64 {
    if t.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return 0.0;
    }
    incomplete_beta(df / 2.0, 0.5, df / (df + t * t)).clamp(0.0, 1.0)
}

/// The two-sided p-value of a paired difference against zero (the paired
/// t test, whose 95 % interval excludes zero exactly when p < 0.05). A
/// difference with no spread is 0 when its mean is 0 (p = 1) and certain
/// otherwise (p = 0); fewer than two pairs give none.
pub fn paired_p(d: &Summary) -> Option<f64> {
    let (m, s) = (d.mean?, d.std?);
    if d.n < 2 {
        return None;
    }
    if s == 0.0 {
        return Some(if m == 0.0 { 1.0 } else { 0.0 });
    }
    Some(t_two_sided(m / (s / (d.n as f64).sqrt()), (d.n - 1) as f64))
}

/// Ranks of `p` from the smallest (ties keep their order).
fn order(p: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..p.len()).collect();
    idx.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    idx
}

/// Holm's (1979) step-down adjusted p-values: the i-th smallest is
/// max over j ≤ i of (m − j + 1)·p₍ⱼ₎, at most 1. Rejecting where the
/// adjusted value is below α bounds the family-wise error at α under any
/// dependence between the tests.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut adj = vec![0.0; m];
    let mut run = 0.0f64;
    for (j, &i) in order(p).iter().enumerate() {
        run = run.max(((m - j) as f64 * p[i]).min(1.0));
        adj[i] = run;
    }
    adj
}

/// Benjamini & Hochberg's (1995) step-up adjusted p-values: the i-th
/// smallest is min over j ≥ i of m·p₍ⱼ₎/j, at most 1. Rejecting where the
/// adjusted value is below q bounds the expected share of false
/// rejections at q (independent or positively dependent tests).
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let idx = order(p);
    let mut adj = vec![0.0; m];
    let mut run = 1.0f64;
    for (j, &i) in idx.iter().enumerate().rev() {
        run = run.min(m as f64 * p[i] / (j + 1) as f64).min(1.0);
        adj[i] = run;
    }
    adj
}

/// Holm-adjust a family with gaps: `None` stays `None` and does not count.
pub fn holm_opt(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let present: Vec<f64> = p.iter().flatten().copied().collect();
    let mut adj = holm(&present).into_iter();
    p.iter().map(|x| x.and_then(|_| adj.next())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Benjamini & Hochberg (1995, §4): 15 p-values from a study of
    /// myocardial infarction treatment. At 0.05 their procedure rejects the
    /// four smallest, Bonferroni (and Holm's step-down) the three smallest.
    const BH95: [f64; 15] = [
        0.0201, 0.0001, 0.0004, 0.0019, 0.0095, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262,
        0.5719, 0.6528, 0.7590, 1.0000,
    ];

    #[test]
    fn benjamini_hochberg_rejects_the_four_smallest_of_their_worked_example() {
        let adj = benjamini_hochberg(&BH95);
        let rejected: Vec<f64> = (0..15)
            .filter(|&i| adj[i] <= 0.05)
            .map(|i| BH95[i])
            .collect();
        assert_eq!(rejected, [0.0001, 0.0004, 0.0019, 0.0095]);
        // By hand: 0.0095·15/4 = 0.035625; 0.0201 is held up by
        // min(15·0.0201/5, 15·0.0298/7, …) = 0.0603.
        let at = |p: f64| adj[BH95.iter().position(|&x| x == p).unwrap()];
        assert!((at(0.0095) - 0.035625).abs() < 1e-12);
        assert!((at(0.0201) - 0.0603).abs() < 1e-12);
        assert_eq!(at(1.0), 1.0);
    }

    #[test]
    fn holm_rejects_the_three_smallest_of_the_same_example() {
        let adj = holm(&BH95);
        let rejected: Vec<f64> = (0..15)
            .filter(|&i| adj[i] <= 0.05)
            .map(|i| BH95[i])
            .collect();
        assert_eq!(rejected, [0.0001, 0.0004, 0.0019]);
        let at = |p: f64| adj[BH95.iter().position(|&x| x == p).unwrap()];
        // 15·0.0001, 14·0.0004, 13·0.0019, 12·0.0095.
        for (p, want) in [
            (0.0001, 0.0015),
            (0.0004, 0.0056),
            (0.0019, 0.0247),
            (0.0095, 0.114),
        ] {
            assert!((at(p) - want).abs() < 1e-12, "{p}: {} vs {want}", at(p));
        }
        // Monotone in p, never below the raw value.
        let idx = order(&BH95);
        for w in idx.windows(2) {
            assert!(adj[w[0]] <= adj[w[1]]);
        }
        assert!((0..15).all(|i| adj[i] >= BH95[i]));
    }

    #[test]
    fn holm_with_gaps_counts_only_the_present_values() {
        let a = holm_opt(&[Some(0.01), None, Some(0.04)]);
        assert_eq!(a, [Some(0.02), None, Some(0.04)]);
    }

    #[test]
    fn the_t_test_p_value_matches_the_tabled_quantiles() {
        // t975 quantiles give p = 0.05 exactly.
        for (t, df) in [(12.706205, 1.0), (2.262157, 9.0), (2.042272, 30.0)] {
            assert!((t_two_sided(t, df) - 0.05).abs() < 2e-6, "df {df}");
        }
        // Cauchy (df = 1): P(|T| ≥ 1) = 1/2.
        assert!((t_two_sided(1.0, 1.0) - 0.5).abs() < 1e-12);
        assert!((t_two_sided(0.0, 5.0) - 1.0).abs() < 1e-12);
        // Large df tends to the normal: P(|Z| ≥ 1.96) = 0.04999579.
        assert!((t_two_sided(1.959963985, 1e7) - 0.05).abs() < 1e-6);
    }

    #[test]
    fn a_paired_difference_has_p_below_005_when_its_interval_excludes_zero() {
        let s = Summary::of([1.0, 2.0, 3.0, 2.5, 1.5].map(Some));
        let p = paired_p(&s).unwrap();
        assert!(s.ci95_low.unwrap() > 0.0 && p < 0.05, "{p}");
        let s = Summary::of([1.0, -2.0, 3.0, -2.5, 1.5].map(Some));
        let p = paired_p(&s).unwrap();
        assert!(s.ci95_low.unwrap() < 0.0 && p > 0.05, "{p}");
        assert_eq!(paired_p(&Summary::of([0.0, 0.0].map(Some))), Some(1.0));
        assert_eq!(paired_p(&Summary::of([Some(1.0)])), None);
    }
}
