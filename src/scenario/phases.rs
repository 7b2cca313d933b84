//! `[phases.NAME]` tables: phased building (分步建设, "step by step"). Each
//! phase has a `start_day` and changes laid on the scenario as it stood
//! before it (so phases accumulate, as strategies lay changes on the base).
//! A phase may change what the run can switch mid-way (unit counts, shifts,
//! patrol, dispatch rules, the priced levers, crime behaviour parameters,
//! economics); what shapes the whole run (roads, jurisdictions, places,
//! calls, unit types, crime types, offender numbers, horizon, seeds) is
//! refused with the key and the reason.

use super::doc::{self, Node, Source, Val};
use super::{Phase, Problem, Scenario, ScenarioError, Warning, assemble};
use serde_json::{Value, json};

/// What a phase may not change: a name for the message and the part of
/// the scenario it covers.
fn fixed_parts(s: &Scenario) -> Vec<(&'static str, Value)> {
    let j = |v: &dyn erased::Ser| v.value();
    vec![
        (
            "scenario (horizon, warm-up, seed, replications)",
            json!([s.horizon_days, s.warmup_days, s.seed, s.replications]),
        ),
        ("network", j(&s.network)),
        ("jurisdictions", j(&s.jurisdictions)),
        ("places", j(&s.places)),
        ("calls", j(&s.calls)),
        ("unit_types", j(&s.unit_types)),
        ("dispatch.queue", j(&s.dispatch.queue)),
        (
            "units (the list of groups, their names, jurisdictions and types; counts may change)",
            Value::Array(
                s.units
                    .iter()
                    .map(|g| json!([g.name, g.jurisdiction, g.unit_type]))
                    .collect(),
            ),
        ),
        (
            "crime (on or off, its types, local offenders, offender speed, presence decay, presence per pass)",
            match &s.crime {
                None => Value::Null,
                Some(c) => json!([
                    j(&c.types),
                    c.local_offenders,
                    c.offender_speed_kmh,
                    c.deterrence_decay_min,
                    c.deterrence_pass_min
                ]),
            },
        ),
    ]
}

/// Serialising any spec to a JSON value, for comparisons.
mod erased {
    pub trait Ser {
        fn value(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn value(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// Top-level tables a phase may not touch at all (refused at the key, before
/// the phase is read, so the message is about the phase and not about what
/// the change breaks elsewhere).
const FIXED_TABLES: [&str; 6] = [
    "scenario",
    "network",
    "jurisdictions",
    "places",
    "calls",
    "unit_types",
];

/// The phases of a scenario, and warnings about legal but suspicious ones.
pub(super) fn read_phases(
    src: &Source,
    root: &Node,
    node: Node,
    base: &Scenario,
) -> Result<(Vec<Phase>, Vec<Warning>), ScenarioError> {
    let mut warnings = Vec::new();
    let mut problems = Vec::new();
    let Val::Table(list) = node.val else {
        return Err(src
            .problem(
                "phases",
                &node.origin,
                format!(
                    "expected tables [phases.NAME] with a start_day and changes, found {}",
                    node.val.type_name()
                ),
            )
            .into());
    };
    let mut items = Vec::new();
    for (k, mut v) in list {
        let path = format!("phases.{}", k.name);
        if k.name.is_empty()
            || !k
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            problems.push(src.problem(
                path.clone(),
                &k.origin,
                "a phase name may use ASCII letters, digits, '_' and '-', at least one (it names metrics)",
            ));
        } else if k.name == "start" {
            problems.push(src.problem(
                path.clone(),
                &k.origin,
                "\"start\" names the period before the first phase; choose another name",
            ));
        }
        let origin = v.origin.clone();
        let Val::Table(entries) = &mut v.val else {
            problems.push(src.problem(
                path,
                &origin,
                format!(
                    "a phase is a table with start_day and changes, found {}",
                    v.val.type_name()
                ),
            ));
            continue;
        };
        let Some(i) = entries.iter().position(|(k, _)| k.name == "start_day") else {
            problems.push(src.problem(
                format!("{path}.start_day"),
                &origin,
                format!(
                    "missing: the day the phase's changes take effect, a number with 0 < start_day < horizon_days ({})",
                    base.horizon_days
                ),
            ));
            continue;
        };
        let (_, sd) = entries.remove(i);
        for (key, v) in entries.iter() {
            if FIXED_TABLES.contains(&key.name.as_str()) {
                problems.push(src.problem(
                    format!("{path}.{}", key.name),
                    &v.origin,
                    format!(
                        "a phase may not change `{}` (it shapes the whole run); \
                         a phase may change units, shifts, deployment, dispatch, the levers, \
                         regional, informants, community, economics and crime behaviour",
                        key.name
                    ),
                ));
            }
        }
        if entries.is_empty() {
            warnings.push(Warning {
                path: path.clone(),
                message: "the phase changes nothing (a misspelt phase name in --set?)".into(),
            });
        }
        let day = match sd.val {
            Val::Int(i) => i as f64,
            Val::Float(f) => f,
            ref other => {
                problems.push(src.problem(
                    format!("{path}.start_day"),
                    &sd.origin,
                    format!("expected a number of days, found {}", other.type_name()),
                ));
                continue;
            }
        };
        if let Some((other, _, _)) = items
            .iter()
            .find(|(_, d, _): &&(String, f64, Node)| *d == day)
        {
            problems.push(src.problem(
                format!("{path}.start_day"),
                &sd.origin,
                format!(
                    "phase \"{other}\" also starts on day {day}: put both changes in one phase"
                ),
            ));
            continue;
        }
        if day < base.warmup_days {
            warnings.push(Warning {
                path: format!("{path}.start_day"),
                message: format!(
                    "the phase starts within the warm-up ({} days): the periods before it are not measured",
                    base.warmup_days
                ),
            });
        }
        if !(day > 0.0 && day < base.horizon_days) {
            problems.push(src.problem(
                format!("{path}.start_day"),
                &sd.origin,
                format!(
                    "{day} is outside the run: allowed 0 < start_day < horizon_days ({})",
                    base.horizon_days
                ),
            ));
            continue;
        }
        items.push((k.name, day, v));
    }
    if !problems.is_empty() {
        return Err(ScenarioError { problems });
    }
    items.sort_by(|a, b| a.1.total_cmp(&b.1));
    let fixed = fixed_parts(base);
    let mut tree = root.clone();
    let mut out = Vec::new();
    for (name, start_day, changes) in items {
        let origin = changes.origin.clone();
        doc::merge(&mut tree, changes);
        match assemble::read_scenario(src, &tree) {
            Err(e) => problems.extend(e.problems.into_iter().map(|p| Problem {
                path: format!("phases.{name}.{}", p.path),
                location: p.location,
                message: p.message,
            })),
            Ok(scenario) => {
                let police: u32 = scenario
                    .units
                    .iter()
                    .filter(|g| scenario.unit_types[g.unit_type].police)
                    .map(|g| g.count)
                    .sum();
                if police == 0 {
                    warnings.push(Warning {
                        path: format!("phases.{name}.units"),
                        message: "no police units from this phase on: every call stays open".into(),
                    });
                }
                for ((what, a), (_, b)) in fixed.iter().zip(fixed_parts(&scenario)) {
                    if *a != b {
                        problems.push(src.problem(
                            format!("phases.{name}"),
                            &origin,
                            format!(
                                "changes {what}, which a phase may not change (it shapes the whole run); \
                                 a phase may change unit counts, posts, shifts and patrol, dispatch rules \
                                 other than the queue, cameras, programmes, checkpoints, investigation, \
                                 enforcement, regional, informants, community, economics and crime \
                                 behaviour parameters"
                            ),
                        ));
                    }
                }
                out.push(Phase {
                    name,
                    start_day,
                    scenario,
                });
            }
        }
    }
    if problems.is_empty() {
        Ok((out, warnings))
    } else {
        Err(ScenarioError { problems })
    }
}
