//! Value types shared by several tables (nodes, durations, the dispatch and
//! patrol rules) and the readers of the values that have a shape of their own.

use super::doc::{Node, Val, builtin, key};
use super::keys::{Def, Kind, TableDoc, key as entry};
use super::read::{Check, Reader, Tbl};
use serde::Serialize;

/// A node named in a scenario: a node id, or `[row, col]` on a grid.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum NodeRef {
    Id(u32),
    Cell(u32, u32),
    /// `[lon, lat]` in degrees (a network read from a map): the nearest node.
    LonLat(f64, f64),
}

/// Area types of jurisdictions, for response-time targets (local 110 rules:
/// urban 5 min, peri-urban 10 min, rural as fast as possible; C5).
pub const AREA_TYPES: [&str; 3] = ["urban", "suburban", "rural"];

/// A distribution of a duration in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "dist", rename_all = "snake_case")]
pub enum Dist {
    Fixed { value: f64 },
    Exponential { mean: f64 },
    Lognormal { mean: f64, sd: f64 },
    Uniform { min: f64, max: f64 },
}

impl Dist {
    /// The same distribution with every value multiplied by `f` (days → minutes: 1440).
    pub fn scaled(&self, f: f64) -> Dist {
        match *self {
            Dist::Fixed { value } => Dist::Fixed { value: value * f },
            Dist::Exponential { mean } => Dist::Exponential { mean: mean * f },
            Dist::Lognormal { mean, sd } => Dist::Lognormal {
                mean: mean * f,
                sd: sd * f,
            },
            Dist::Uniform { min, max } => Dist::Uniform {
                min: min * f,
                max: max * f,
            },
        }
    }

    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Fixed { value } => value,
            Dist::Exponential { mean } | Dist::Lognormal { mean, .. } => mean,
            Dist::Uniform { min, max } => (min + max) / 2.0,
        }
    }

    /// E[(X − b)⁺]: the mean time a stay of this length still has to run
    /// `b` after it started (closed forms; the lognormal from its mean and
    /// sd, as the model samples it).
    pub fn excess_over(&self, b: f64) -> f64 {
        match *self {
            Dist::Fixed { value } => (value - b).max(0.0),
            Dist::Exponential { mean } => mean * (-b.max(0.0) / mean).exp(),
            Dist::Uniform { min, max } => {
                if b <= min {
                    (min + max) / 2.0 - b
                } else if b >= max {
                    0.0
                } else {
                    (max - b).powi(2) / (2.0 * (max - min))
                }
            }
            Dist::Lognormal { mean, sd } => {
                if mean <= 0.0 {
                    return 0.0;
                }
                if b <= 0.0 {
                    return mean - b;
                }
                let s2 = (1.0 + (sd / mean).powi(2)).ln();
                let (mu, s) = (mean.ln() - s2 / 2.0, s2.sqrt());
                let d1 = (mu + s2 - b.ln()) / s;
                mean * normal_cdf(d1) - b * normal_cdf(d1 - s)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueRule {
    Priority,
    Fifo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossRule {
    Never,
    WhenNoneFree,
    Nearest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterCall {
    Return,
    Hold,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PatrolPolicy {
    Random,
    Beat,
    Coverage,
    /// Weighted by recently reported crime (a decaying window).
    Hotspot,
    /// Plain-clothes: wait unseen at a hot spot, then choose another.
    Stakeout,
    /// Koper stops: visible stops of a set length at the fixed hot spots,
    /// in random order, each revisited at most once in a set time.
    Koper,
}

pub(crate) const POLICIES: [&str; 6] =
    ["random", "beat", "coverage", "hotspot", "stakeout", "koper"];
pub(crate) const POLICY_VALUES: [PatrolPolicy; 6] = [
    PatrolPolicy::Random,
    PatrolPolicy::Beat,
    PatrolPolicy::Coverage,
    PatrolPolicy::Hotspot,
    PatrolPolicy::Stakeout,
    PatrolPolicy::Koper,
];

pub(crate) fn number(r: &mut Reader, path: &str, n: &Node) -> f64 {
    match n.val {
        Val::Int(i) => i as f64,
        Val::Float(f) if f.is_finite() => f,
        _ => {
            r.error(
                path,
                &n.origin,
                format!("expected a finite number, found {}", n.val.type_name()),
            );
            0.0
        }
    }
}

/// A node: an id, or `[row, col]` on a grid. Range checks need the graph and
/// are made by `world`.
pub(crate) fn node_ref(r: &mut Reader, path: &str, n: &Node) -> Option<NodeRef> {
    r.note(path, &n.origin);
    match &n.val {
        Val::Int(i) if *i >= 0 && *i <= u32::MAX as i64 => Some(NodeRef::Id(*i as u32)),
        Val::Array(rc) if rc.len() == 2 => match (&rc[0].val, &rc[1].val) {
            (Val::Int(a), Val::Int(b))
                if *a >= 0 && *b >= 0 && *a <= u32::MAX as i64 && *b <= u32::MAX as i64 =>
            {
                Some(NodeRef::Cell(*a as u32, *b as u32))
            }
            // Coordinates have a decimal point: [24.94, 60.17].
            (Val::Float(_), Val::Float(_) | Val::Int(_)) | (Val::Int(_), Val::Float(_)) => {
                let lon = number(r, path, &rc[0]);
                let lat = number(r, path, &rc[1]);
                if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
                    Some(NodeRef::LonLat(lon, lat))
                } else {
                    r.error(
                        path,
                        &n.origin,
                        format!("[{lon}, {lat}] is not [longitude, latitude] in degrees (longitude -180..180, latitude -90..90)"),
                    );
                    None
                }
            }
            _ => {
                r.error(
                    path,
                    &n.origin,
                    "a grid cell is [row, col] with whole numbers ≥ 0; a place on a map is [lon, lat] in degrees with a decimal point",
                );
                None
            }
        },
        other => {
            r.error(
                path,
                &n.origin,
                format!(
                    "expected a node number or [row, col], found {}",
                    other.type_name()
                ),
            );
            None
        }
    }
}

pub(crate) fn node_refs(r: &mut Reader, t: &mut Tbl, key: &str) -> Option<Vec<NodeRef>> {
    let path = t.key_path(key);
    let items = r.array(t, key)?;
    Some(
        items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| node_ref(r, &format!("{path}[{i}]"), n))
            .collect(),
    )
}

/// A distribution as a scenario writes it (`{ dist = "exponential", mean = 30 }`).
pub(crate) fn dist_val(d: &Dist) -> Val {
    let num = |k: &str, v: f64| (key(k), builtin(Val::Float(v)));
    let (kind, params) = match *d {
        Dist::Fixed { value } => ("fixed", vec![num("value", value)]),
        Dist::Exponential { mean } => ("exponential", vec![num("mean", mean)]),
        Dist::Lognormal { mean, sd } => ("lognormal", vec![num("mean", mean), num("sd", sd)]),
        Dist::Uniform { min, max } => ("uniform", vec![num("min", min), num("max", max)]),
    };
    let mut entries = vec![(key("dist"), builtin(Val::Str(kind.into())))];
    entries.extend(params);
    Val::Table(entries)
}

/// The keys of a distribution table.
pub static DIST: TableDoc = TableDoc {
    path: "DURATION",
    about: "A duration key (its unit is the end of its name: `_min`, `_hours`, `_days`) \
            takes a number (a fixed value) or a table `{ dist = \"exponential\", mean = 30 }` \
            with the keys its kind needs.",
    keys: &[
        entry(
            "dist",
            Kind::Choice(&["fixed", "exponential", "lognormal", "uniform"]),
            Def::Required,
            "",
            "the kind of distribution",
        ),
        entry(
            "value",
            Kind::Num(Check::NonNeg),
            Def::Note("**required** (fixed)"),
            "",
            "the value",
        ),
        entry(
            "mean",
            Kind::Num(Check::Positive),
            Def::Note("**required** (exponential, lognormal)"),
            "",
            "the mean",
        ),
        entry(
            "sd",
            Kind::Num(Check::Positive),
            Def::Note("**required** (lognormal)"),
            "",
            "the standard deviation",
        ),
        entry(
            "min",
            Kind::Num(Check::NonNeg),
            Def::Note("**required** (uniform)"),
            "",
            "the least value",
        ),
        entry(
            "max",
            Kind::Num(Check::NonNeg),
            Def::Note("**required** (uniform)"),
            "",
            "the greatest value, at least `min`",
        ),
    ],
    extra: None,
};

/// A duration key with the registry's default (see [`super::keys`]).
pub(crate) fn read_dist_key(r: &mut Reader, t: &mut Tbl, key: &str) -> Dist {
    let default = match t.doc {
        Some(d) => d.dist(key),
        None => panic!(
            "`{}` is read from a table without a key registry",
            t.key_path(key)
        ),
    };
    read_dist(r, t, key, default)
}

pub(crate) fn read_dist(r: &mut Reader, t: &mut Tbl, key: &str, default: Dist) -> Dist {
    let path = t.key_path(key);
    r.fill(t, key, dist_val(&default));
    let Some(n) = r.get(t, key) else {
        return default;
    };
    match &n.val {
        Val::Int(_) | Val::Float(_) => Dist::Fixed {
            value: number_checked(r, &path, n, Check::NonNeg),
        },
        Val::Table(_) => {
            let Some(d) = r.as_table(n, path.clone()) else {
                return default;
            };
            let mut d = d.with_doc(&DIST);
            let kinds = ["fixed", "exponential", "lognormal", "uniform"];
            let dp = d.key_path("dist");
            let kind = match r.get(&mut d, "dist") {
                Some(k) => r.choice_of(&dp, k, &kinds),
                None => {
                    r.missing(
                        &d,
                        "dist",
                        "\"fixed\", \"exponential\", \"lognormal\" or \"uniform\"",
                    );
                    None
                }
            };
            let out = match kind {
                Some(0) => Dist::Fixed {
                    value: r.num_req(&mut d, "value"),
                },
                Some(1) => Dist::Exponential {
                    mean: r.num_req(&mut d, "mean"),
                },
                Some(2) => Dist::Lognormal {
                    mean: r.num_req(&mut d, "mean"),
                    sd: r.num_req(&mut d, "sd"),
                },
                Some(3) => {
                    let min = r.num_req(&mut d, "min");
                    let max = r.num_req(&mut d, "max");
                    if min > max {
                        let o = d.origin.clone();
                        r.error(
                            &path,
                            &o,
                            format!("min ({min}) must not exceed max ({max})"),
                        );
                    }
                    Dist::Uniform { min, max }
                }
                _ => default,
            };
            r.finish(d);
            out
        }
        other => {
            r.error(&path, &n.origin, format!(
                "expected minutes (a number) or a table like {{ dist = \"exponential\", mean = 30 }}, found {}",
                other.type_name()
            ));
            default
        }
    }
}

fn number_checked(r: &mut Reader, path: &str, n: &Node, check: Check) -> f64 {
    let v = number(r, path, n);
    match check {
        Check::NonNeg if v < 0.0 => {
            r.error(path, &n.origin, format!("must be a number ≥ 0 (got {v})"));
            0.0
        }
        _ => v,
    }
}

/// Φ(x), the standard normal distribution function (Abramowitz & Stegun
/// 26.2.17, absolute error below 7.5 × 10⁻⁸).
fn normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let tail = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    if x >= 0.0 { 1.0 - tail } else { tail }
}
