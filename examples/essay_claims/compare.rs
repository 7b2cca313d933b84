//! `patrolsim compare` for the essay-claims generator: running it (JSON),
//! reading a paired difference or a baseline mean from its output, and
//! writing those numbers as the page shows them.

use super::Predicts;
use super::holm::key_metric;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// The metric and side a claim's robust comparison reads.
pub fn robust_metric(p: Predicts) -> (&'static str, &'static str) {
    (key_metric(p), "lower")
}

pub fn compare(
    bin: &Path,
    root: &Path,
    file: &str,
    against: Option<&str>,
    reps: &str,
    set: &[String],
    jobs: &Option<String>,
) -> Value {
    let mut cmd = Command::new(bin);
    cmd.current_dir(root)
        .args(["compare", file, "--format", "json"]);
    if let Some(b) = against {
        cmd.args(["--baseline", b]);
    }
    cmd.args(["--replications", reps]);
    for kv in set {
        cmd.args(["--set", kv]);
    }
    if let Some(j) = jobs {
        cmd.args(["--jobs", j]);
    }
    let o = cmd.output().expect("patrolsim runs");
    if !o.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&o.stderr));
        panic!("patrolsim compare {file} failed");
    }
    serde_json::from_slice(&o.stdout).expect("compare prints JSON")
}

/// (mean, low, high) of a difference.
pub fn diff(v: &Value, strategy: &str, metric: &str) -> Option<(f64, f64, f64)> {
    let d = &v["differences"][strategy][metric];
    Some((
        d["mean"].as_f64()?,
        d["ci95_low"].as_f64()?,
        d["ci95_high"].as_f64()?,
    ))
}

pub fn base_mean(v: &Value, metric: &str) -> Option<f64> {
    let b = v["baseline"].as_str()?;
    v["strategies"][b]["metrics"][metric]["mean"].as_f64()
}

/// A number as a reader wants it: thousands separated, sensible digits.
pub fn num(x: f64) -> String {
    let a = x.abs();
    if a >= 1000.0 {
        let s = format!("{:.0}", a);
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        format!("{}{out}", if x < 0.0 { "−" } else { "" })
    } else if a >= 10.0 {
        format!("{:.0}", x).replace('-', "−")
    } else if a >= 1.0 {
        format!("{:.2}", x).replace('-', "−")
    } else {
        format!("{:.3}", x).replace('-', "−")
    }
}

pub fn signed(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x > 0.0 {
        format!("+{}", num(x))
    } else {
        num(x)
    }
}

pub fn ci((m, lo, hi): (f64, f64, f64)) -> String {
    format!("{} [{}, {}]", signed(m), num(lo), num(hi))
}

/// The sign of an interval: -1 below zero, 1 above, 0 straddling.
pub fn sign((_, lo, hi): (f64, f64, f64)) -> i8 {
    if hi < 0.0 {
        -1
    } else if lo > 0.0 {
        1
    } else {
        0
    }
}
