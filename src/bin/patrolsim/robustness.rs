//! `patrolsim robustness DIR`: the robust comparison of a finished (merged)
//! sweep with a `[robust]` design: per strategy, the share of parameter
//! draws whose paired mean effect is on the predicted side, the spread of
//! the effect and of net benefit over draws, the variance between draws
//! and within them, and the parameters that decide it with break-even
//! values.

use crate::args::{RobustnessArgs, Side, TableFormat};
use crate::error::CliError;
use crate::output::emit;
use crate::sensitivity::load_finished;
use patrolsim::experiment::robust::{self, Side as RSide};
use patrolsim::model::RunResult;
use patrolsim::report::uncertainty as ru;
use patrolsim::scenario::sweep::STRATEGY_PARAM;

pub fn robustness(a: RobustnessArgs) -> Result<(), CliError> {
    let (plan, runs) = load_finished(&a.dir, &["robust"])?;
    let sj = plan
        .parameters
        .iter()
        .position(|p| p == STRATEGY_PARAM)
        .ok_or_else(|| CliError::usage("a [robust] sweep without its strategy column"))?;
    // Points are draw-major: the strategies of draw 0, then of draw 1, …
    let label = |p: usize| plan.points[p][sj].as_str().unwrap_or("").to_string();
    let mut strategies: Vec<String> = Vec::new();
    for p in 0..plan.points.len() {
        let l = label(p);
        if strategies.contains(&l) {
            break;
        }
        strategies.push(l);
    }
    let s = strategies.len();
    let draws = plan.points.len() / s;
    let reps = plan.replications as usize;
    let result = |i: usize| RunResult {
        seed: runs[i].seed,
        metrics: runs[i].metrics.clone(),
        periods: vec![],
        nodes: Default::default(),
        profiles: Default::default(),
        events: 0,
        call_log: vec![],
        crime_log: vec![],
        daily: vec![],
    };
    let grouped: Vec<Vec<Vec<RunResult>>> = (0..draws)
        .map(|d| {
            (0..s)
                .map(|st| {
                    let p = d * s + st;
                    (p * reps..(p + 1) * reps).map(result).collect()
                })
                .collect()
        })
        .collect();
    let names: Vec<String> = plan
        .parameters
        .iter()
        .filter(|p| *p != STRATEGY_PARAM)
        .cloned()
        .collect();
    let values: Vec<Vec<Option<f64>>> = (0..draws)
        .map(|d| {
            plan.points[d * s]
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != sj)
                .map(|(_, v)| v.as_f64())
                .collect()
        })
        .collect();
    let side = match a.expect {
        Side::Lower => RSide::Lower,
        Side::Higher => RSide::Higher,
    };
    let res = robust::robust(&strategies, &grouped, &names, &values, &a.metric, side)
        .map_err(CliError::Usage)?;
    let as_csv = matches!(a.format, TableFormat::Csv);
    if !as_csv {
        emit(&format!(
            "# Robust comparison against {}: {draws} parameter draws × {reps} replications (common random numbers); \
             share = draws whose mean paired difference in {} is {} zero (net benefit: above zero), Wilson 95 % interval\n",
            strategies[0],
            a.metric,
            match side {
                RSide::Lower => "below",
                RSide::Higher => "above",
            }
        ));
    }
    emit(&ru::robust_table(&a.metric, &res, as_csv));
    Ok(())
}
