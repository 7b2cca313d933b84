//! Multiple comparisons in the essay-claims page: every verdict row is one
//! test of one family (the two-sided paired t test of the verdict's
//! metric), Holm-adjusted together (`patrolsim::experiment::multiplicity`);
//! a verdict stands only if its adjusted p-value is below 0.05.

use super::{Answer, Claim, Predicts, Results, answer};
use serde_json::Value;

/// The metric a claim's verdict reads.
pub fn key_metric(p: Predicts) -> &'static str {
    match p {
        Predicts::FewerCrimes => "crimes_completed",
        Predicts::FasterResponse => "response_time_mean_min",
    }
}

/// The two-sided paired p-value of the verdict's metric.
pub fn key_p(v: &Value, strategy: &str, p: Predicts) -> Option<f64> {
    v["differences"][strategy][key_metric(p)]["p_value"].as_f64()
}

/// The verdict rows of the document, in order: (claim, strategy, the
/// baseline of a head-to-head row), and the Holm adjustment of their
/// p-values as one family (the document's verdicts).
pub fn verdict_family<'a>(claims: &[&'a Claim], results: &'a [Results<'a>]) -> Vec<Verdict<'a>> {
    let mut rows = Vec::new();
    for (i, (c, (v0, vs))) in claims.iter().zip(results).enumerate() {
        for r in c.rows.iter().filter(|r| !r.comparator) {
            rows.push(((i, r.strategy, None), key_p(v0, r.strategy, c.predicts)));
        }
        for (x, b, _) in c.versus {
            let v = &vs.iter().find(|(n, _)| n == b).expect("run").1;
            rows.push(((i, *x, Some(*b)), key_p(v, x, c.predicts)));
        }
    }
    let p: Vec<Option<f64>> = rows.iter().map(|r| r.1).collect();
    let adj = patrolsim::experiment::multiplicity::holm_opt(&p);
    rows.into_iter()
        .zip(adj)
        .filter_map(|((k, _), a)| Some((k, a?)))
        .collect()
}

/// A verdict row — (claim, strategy, head-to-head baseline) — and its
/// Holm-adjusted p-value.
pub type Verdict<'a> = ((usize, &'a str, Option<&'a str>), f64);
pub type Family<'a> = [Verdict<'a>];

/// The Holm-adjusted p-value of a verdict row.
pub fn holm_of(fam: &Family, claim: usize, strategy: &str, against: Option<&str>) -> Option<f64> {
    fam.iter()
        .find(|((i, s, b), _)| *i == claim && *s == strategy && *b == against)
        .map(|x| x.1)
}

pub fn p_text(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 1e-4 => "<0.0001".into(),
        Some(p) => format!("{p:.4}"),
        None => "—".into(),
    }
}

/// The answer, with the verdict read after the Holm adjustment: an
/// interval that excludes zero whose adjusted p-value is 0.05 or more
/// becomes "not shown (Holm)".
pub fn answer_adj(v: &Value, strategy: &str, p: Predicts, holm: Option<f64>) -> Answer {
    let mut a = answer(v, strategy, p);
    if a.verdict != "not shown" && holm.is_none_or(|h| h >= 0.05) {
        a.verdict = format!("not shown (Holm; unadjusted: {})", a.verdict);
    }
    a
}
