//! The reference page: the registry written as markdown.

use super::{Def, KeyDoc, Kind, TableDoc};
use crate::scenario::read::Check;
use crate::scenario::types::Dist;

fn fmt_num(x: f64) -> String {
    if x != 0.0 && (x.abs() < 1e-3 || x.abs() >= 1e7) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

fn fmt_check(c: Check) -> String {
    match c {
        Check::Any => "number".into(),
        Check::NonNeg => "number ≥ 0".into(),
        Check::Positive => "number > 0".into(),
        Check::Share => "share, 0 … 1".into(),
        Check::Range(lo, hi) => format!("number, {} … {}", fmt_num(lo), fmt_num(hi)),
    }
}

fn fmt_words(w: &[&str]) -> String {
    w.iter()
        .map(|x| format!("`\"{x}\"`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A distribution as the reference shows it.
pub fn fmt_dist(d: &Dist) -> String {
    match *d {
        Dist::Fixed { value } => format!("fixed {}", fmt_num(value)),
        Dist::Exponential { mean } => format!("exponential, mean {}", fmt_num(mean)),
        Dist::Lognormal { mean, sd } => {
            format!("lognormal, mean {}, sd {}", fmt_num(mean), fmt_num(sd))
        }
        Dist::Uniform { min, max } => format!("uniform {} … {}", fmt_num(min), fmt_num(max)),
    }
}

fn fmt_kind(k: &Kind) -> String {
    match *k {
        Kind::Num(c) => fmt_check(c),
        Kind::Int(lo, hi) => {
            let hi = if hi == i64::MAX {
                "2⁶³ − 1".to_string()
            } else {
                hi.to_string()
            };
            format!("whole number, {lo} … {hi}")
        }
        Kind::Bool => "true or false".into(),
        Kind::Text => "string".into(),
        Kind::Choice(w) => fmt_words(w),
        Kind::Dist => "duration: a number or a distribution".into(),
        Kind::Node => "node: a number or `[row, col]`".into(),
        Kind::Nodes => "list of nodes".into(),
        Kind::Numbers(Some(n), c) => format!("{n} numbers, each a {}", fmt_check(c)),
        Kind::Numbers(None, c) => format!("list of numbers, each a {}", fmt_check(c)),
        Kind::Name(what) => format!("the name of a {what}"),
        Kind::Names(what) => format!("list of {what} names"),
        Kind::Table(p) => format!("table: see `{p}`"),
        Kind::Other(s) => s.to_string(),
    }
}

fn fmt_def(k: &KeyDoc) -> String {
    match k.default {
        Def::Num(x) => fmt_num(x),
        Def::Int(x) => x.to_string(),
        Def::Bool(b) => b.to_string(),
        Def::Text(s) => format!("`\"{s}\"`"),
        Def::Choice(i) => match k.kind {
            Kind::Choice(w) => format!("`\"{}\"`", w[i]),
            _ => i.to_string(),
        },
        Def::Dist(d) => fmt_dist(&d),
        Def::Numbers(v) => v.iter().map(|x| fmt_num(*x)).collect::<Vec<_>>().join(", "),
        Def::Names(v) => format!(
            "`[{}]`",
            v.iter()
                .map(|x| format!("\"{x}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Def::Required => "**required**".into(),
        Def::Note(s) => s.to_string(),
    }
}

/// The reference page of the given tables (`docs/reference/scenario-keys.md`).
pub fn markdown(tables: &[&TableDoc]) -> String {
    let mut out = String::from(
        "# Scenario keys\n\n\
         Generated from the key registry in `src/scenario/` by\n\
         `cargo run --example gen_reference`; do not edit by hand (a test fails\n\
         when this file and the registry differ). Every key of every table, with\n\
         what it takes, its default, its unit and what it means. How a scenario\n\
         is read, `extends`, `--set`, strategies and phases: [scenario.md](../scenario.md);\n\
         the sources of the defaults: [crime.md](../crime.md), [levers.md](../levers.md),\n\
         [economics.md](../economics.md).\n",
    );
    for t in tables {
        out.push_str(&format!("\n## `{}`\n\n{}\n", t.path, t.about));
        if !t.keys.is_empty() {
            out.push_str("\n| key | takes (unit) | default | meaning |\n|---|---|---|---|\n");
            for k in t.keys {
                let takes = if k.unit.is_empty() {
                    fmt_kind(&k.kind)
                } else {
                    format!("{} ({})", fmt_kind(&k.kind), k.unit)
                };
                out.push_str(&format!(
                    "| `{}` | {takes} | {} | {} |\n",
                    k.name,
                    fmt_def(k),
                    k.meaning
                ));
            }
        }
        if let Some(f) = t.extra {
            out.push('\n');
            out.push_str(&f());
        }
    }
    out
}

/// The reference page of every table (`docs/reference/scenario-keys.md`).
pub fn reference() -> String {
    markdown(crate::scenario::TABLES)
}
