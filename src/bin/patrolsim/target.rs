//! `--target-ci METRIC=HALFWIDTH` of `run` and `compare`: reading it (a name
//! no metric can have is refused before any run), checking the metric
//! exists once the runs are in, and saying whether the
//! interval reached the target.

use crate::error::CliError;
use patrolsim::experiment::Replicated;

/// Add replications until `metric`'s 95 % CI half-width is at most
/// `half_width`, with at most `cap` replications.
pub struct Target {
    pub metric: String,
    pub half_width: f64,
    pub cap: u32,
}

/// `METRIC=HALFWIDTH` of `--target-ci`, with `--max-replications` as `cap`.
pub fn parse(t: Option<&str>, cap: u32) -> Result<Option<Target>, String> {
    let Some(t) = t else { return Ok(None) };
    let (m, h) = t
        .split_once('=')
        .ok_or_else(|| format!("--target-ci expects METRIC=HALFWIDTH, got `{t}`"))?;
    let h: f64 = h
        .trim()
        .parse()
        .ok()
        .filter(|h: &f64| *h > 0.0 && h.is_finite())
        .ok_or_else(|| format!("--target-ci: the half-width must be a number > 0, got `{h}`"))?;
    if cap == 0 {
        return Err("--max-replications must be at least 1".into());
    }
    // A name no metric can have is refused before anything runs (the
    // registry knows every family and breakdown).
    let metric = m.trim();
    if patrolsim::model::metrics::resolve(metric).is_none() {
        let families = patrolsim::model::metrics::FAMILIES.iter().map(|f| f.name);
        let hint = patrolsim::scenario::read::suggest(metric, families)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        return Err(format!("--target-ci: no metric is named `{metric}`{hint}"));
    }
    Ok(Some(Target {
        metric: metric.to_string(),
        half_width: h,
        cap,
    }))
}

impl Target {
    /// The form `experiment::compare` takes.
    pub fn as_tuple(&self) -> (&str, f64, u32) {
        (&self.metric, self.half_width, self.cap)
    }

    /// After the runs of `r`: a usage error when no metric has the name
    /// (naming the close ones); otherwise say on standard error whether
    /// the target was reached.
    pub fn settle(&self, r: &Replicated) -> Result<(), CliError> {
        let (metric, hw) = (self.metric.as_str(), self.half_width);
        if !r.summary.iter().any(|(n, _)| n == metric) {
            let names = r.summary.iter().map(|(n, _)| n.as_str());
            let hint = patrolsim::scenario::read::suggest(metric, names)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(CliError::usage(format!(
                "--target-ci: no metric is named `{metric}`{hint}"
            )));
        }
        let got = r.get(metric).and_then(|s| s.half_width());
        let n = r.runs.len();
        match got {
            Some(h) if h <= hw => {
                eprintln!("--target-ci: {metric} half-width {h:.4} ≤ {hw} after {n} replications")
            }
            Some(h) => eprintln!(
                "warning: --target-ci: {metric} half-width {h:.4} still above {hw} at the cap of {n} replications"
            ),
            None => eprintln!(
                "warning: --target-ci: {metric} has no interval after {n} replications (no observations?)"
            ),
        }
        Ok(())
    }
}
