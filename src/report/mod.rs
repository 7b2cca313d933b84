//! Renderers of results: a table for people, JSON and CSV for programs
//! (DESIGN "Conventions": one JSON shape, `null` / empty for a metric with no
//! observation), the per-node table, and atomic file output (through
//! `files::write_atomic`, re-exported here). This file owns the shared cell
//! formats (JSON numbers, CSV cells, numbers for people); each kind of
//! output has its own file:
//! [`run`] (a run's JSON and CSV files), [`run_table`] (a run for people),
//! [`compare`] (a comparison in all three forms), [`sweep`], [`html`], [`svg`],
//! [`geojson`], [`uncertainty`] and [`outdir`].

use crate::stats::Summary;
use serde_json::{Map, Value, json};

pub mod compare;
pub mod geojson;
pub mod html;
pub mod outdir;
pub mod run;
pub mod run_table;
pub mod svg;
pub mod sweep;
pub mod uncertainty;

pub use compare::{compare_csv, compare_json, compare_table};
pub(crate) use run::stations_and_posts;
pub use run::{compare_nodes_csv, nodes_csv, response_cdf_csv, run_csv, run_json, week_csv};
pub use run_table::run_table;

fn num(v: Option<f64>) -> Value {
    match v {
        Some(x) if x.is_finite() => json!(x),
        _ => Value::Null,
    }
}

/// `{NAME: {"mean", "std", "ci95_low", "ci95_high"}}`.
pub fn metrics_value(summary: &[(String, Summary)]) -> Value {
    let mut m = Map::new();
    for (name, s) in summary {
        m.insert(
            name.clone(),
            json!({"mean": num(s.mean), "std": num(s.std), "ci95_low": num(s.ci95_low), "ci95_high": num(s.ci95_high)}),
        );
    }
    Value::Object(m)
}

/// A CSV number: shortest round-trip text, always with a decimal point so
/// that readers which infer types from the first rows (polars) see a float.
pub(crate) fn cell(v: Option<f64>) -> String {
    match v {
        Some(x) if x.is_finite() => {
            let t = format!("{x}");
            if t.contains(['.', 'e', 'E', 'i', 'N']) {
                t
            } else {
                t + ".0"
            }
        }
        _ => String::new(),
    }
}

pub(crate) fn fmt_val(v: f64) -> String {
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// A metric as people read it: `8.41 ± 0.12` (95 % CI half-width), or `—`.
pub fn fmt_summary(s: &Summary) -> String {
    match (s.mean, s.half_width()) {
        (None, _) => "—".into(),
        (Some(m), Some(h)) => format!("{} ± {}", fmt_val(m), fmt_val(h)),
        (Some(m), None) => fmt_val(m),
    }
}

pub use crate::files::write_atomic;
