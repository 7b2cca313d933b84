//! The `[uncertainty]` table: for any scenario key (a dotted path, as in
//! `--set`), the distribution of values we hold plausible and the source of
//! that range. A scenario carrying it runs as usual (the table is taken out
//! before the tables are read); sweep designs (`[morris]`, `[sobol]`,
//! `[robust]`, see [`super::designs`]) draw parameter sets from it, and
//! `validate` checks that every named key exists and that the ends of every
//! range give a legal scenario.

use super::doc::{Node, Origin, Val};
use super::keys::{Def, KeyDoc, Kind, TableDoc, key};
use super::read::{Check, Reader};
use super::{Document, Problem, ScenarioError};

/// The distributions an uncertain parameter may have.
pub const DISTS: [&str; 4] = ["uniform", "triangular", "lognormal", "discrete"];

/// How a parameter is uncertain.
#[derive(Debug, Clone, PartialEq)]
pub enum Uncertain {
    /// Uniform on `[low, high]`; whole numbers when both ends are.
    Uniform { low: f64, high: f64, int: bool },
    /// Triangular on `[low, high]` with its peak at `mode`.
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
        int: bool,
    },
    /// Lognormal whose central 95 % interval is `[low, high]` (as a
    /// published interval is given); draws are kept within its 0.5 and
    /// 99.5 % quantiles.
    Lognormal { low: f64, high: f64 },
    /// One of `values`, with `weights` (equal when not given).
    Discrete {
        values: Vec<Node>,
        weights: Vec<f64>,
    },
}

/// One uncertain parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainParam {
    /// The scenario key it sets (`crime.deterrence_max`, `units.0.count`).
    pub key: String,
    pub dist: Uncertain,
    /// Where the range comes from: "synthesis" or a reference label.
    pub source: String,
    pub origin: Origin,
}

/// Lowest and highest probability a draw is mapped from (keeps lognormal
/// draws finite).
const P_CLAMP: (f64, f64) = (0.005, 0.995);

impl Uncertain {
    /// The value at probability `u` in (0, 1) (the inverse distribution
    /// function), as a scenario value.
    pub fn quantile(&self, u: f64) -> Val {
        let u = u.clamp(0.0, 1.0);
        let num = |x: f64, int: bool| {
            if int {
                Val::Int(x.round() as i64)
            } else {
                Val::Float(x)
            }
        };
        match self {
            Uncertain::Uniform { low, high, int } => {
                if *int {
                    // Each whole number of the range equally likely.
                    let v = (low + u * (high - low + 1.0)).floor().min(*high);
                    Val::Int(v as i64)
                } else {
                    Val::Float(low + u * (high - low))
                }
            }
            Uncertain::Triangular {
                low,
                mode,
                high,
                int,
            } => {
                let (a, c, b) = (*low, *mode, *high);
                let fc = if b > a { (c - a) / (b - a) } else { 0.5 };
                let x = if u < fc {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                };
                num(x, *int)
            }
            Uncertain::Lognormal { low, high } => {
                let (m, s) = lognormal_params(*low, *high);
                let p = u.clamp(P_CLAMP.0, P_CLAMP.1);
                Val::Float((m + s * crate::stats::normal_quantile(p)).exp())
            }
            Uncertain::Discrete { values, weights } => {
                let total: f64 = weights.iter().sum();
                let mut acc = 0.0;
                for (v, w) in values.iter().zip(weights) {
                    acc += w / total;
                    if u < acc {
                        return v.val.clone();
                    }
                }
                values.last().expect("checked non-empty").val.clone()
            }
        }
    }

    /// Values that span the range: its ends (every value of a discrete
    /// one), for checking that the whole range gives legal scenarios.
    pub fn probes(&self) -> Vec<Val> {
        match self {
            Uncertain::Discrete { values, .. } => values.iter().map(|v| v.val.clone()).collect(),
            Uncertain::Lognormal { .. } => vec![self.quantile(0.0), self.quantile(1.0)],
            Uncertain::Uniform { low, high, int }
            | Uncertain::Triangular { low, high, int, .. } => [*low, *high]
                .iter()
                .map(|&x| {
                    if *int {
                        Val::Int(x as i64)
                    } else {
                        Val::Float(x)
                    }
                })
                .collect(),
        }
    }

    /// A short description for tables (`uniform 15–120`).
    pub fn describe(&self) -> String {
        match self {
            Uncertain::Uniform { low, high, .. } => format!("uniform {low}–{high}"),
            Uncertain::Triangular {
                low, mode, high, ..
            } => format!("triangular {low}–{high}, mode {mode}"),
            Uncertain::Lognormal { low, high } => format!("lognormal, 95 % in {low}–{high}"),
            Uncertain::Discrete { values, .. } => format!(
                "one of {}",
                values
                    .iter()
                    .map(Node::to_text)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// μ and σ of the log of a lognormal whose central 95 % interval is
/// `[low, high]`.
fn lognormal_params(low: f64, high: f64) -> (f64, f64) {
    let z = 1.959_963_984_540_054;
    let (a, b) = (low.ln(), high.ln());
    ((a + b) / 2.0, (b - a) / (2.0 * z))
}

/// The registry entry of one `[uncertainty."KEY"]` table.
pub static UNCERTAIN: TableDoc = TableDoc {
    path: "uncertainty.KEY",
    about: "An uncertain parameter: the scenario key `KEY` (a dotted path as in `--set`, \
            quoted) drawn from a distribution by the sweep designs `[morris]`, `[sobol]` and \
            `[robust]` ([uncertainty.md](../uncertainty.md)). `run` ignores the table; \
            `validate` checks that the key exists and that both ends of the range are legal.",
    keys: &[
        key(
            "dist",
            Kind::Choice(&DISTS),
            Def::Required,
            "",
            "the distribution; lognormal: `low` and `high` are its central 95 % interval",
        ),
        key(
            "low",
            Kind::Num(Check::Any),
            Def::Note("required unless discrete"),
            "the key's",
            "lowest value (lognormal: the 2.5 % quantile); whole numbers at both ends give whole values",
        ),
        key(
            "high",
            Kind::Num(Check::Any),
            Def::Note("required unless discrete"),
            "the key's",
            "highest value (lognormal: the 97.5 % quantile)",
        ),
        key(
            "mode",
            Kind::Num(Check::Any),
            Def::Note("required for triangular"),
            "the key's",
            "the most likely value of a triangular distribution",
        ),
        key(
            "values",
            Kind::Other("a list of values of the key's type"),
            Def::Note("required for discrete"),
            "",
            "the values a discrete parameter takes",
        ),
        key(
            "weights",
            Kind::Numbers(None, Check::Positive),
            Def::Note("equal"),
            "",
            "relative weights of `values`",
        ),
        key(
            "source",
            Kind::Text,
            Def::Required,
            "",
            "where the range comes from: \"synthesis\" or a label of references.md with the interval",
        ),
    ],
    extra: None,
};

/// The top-level key of the table.
pub const ROOT_KEY: KeyDoc = key(
    "uncertainty",
    Kind::Table("uncertainty.KEY"),
    Def::Note("none"),
    "",
    "uncertain parameters for sensitivity and robustness designs ([uncertainty.md](../uncertainty.md))",
);

impl UncertainParam {
    /// A legal but suspicious setting, in words: a range that varies nothing.
    pub fn warning(&self) -> Option<String> {
        let flat = match &self.dist {
            Uncertain::Uniform { low, high, .. }
            | Uncertain::Triangular { low, high, .. }
            | Uncertain::Lognormal { low, high } => low == high,
            Uncertain::Discrete { values, .. } => values.windows(2).all(|w| w[0].val == w[1].val),
        };
        flat.then(|| {
            format!(
                "uncertainty.\"{}\": the range holds one value ({}): the parameter is not uncertain and every index of it is 0",
                self.key,
                self.dist.describe()
            )
        })
    }
}

impl Document {
    /// The uncertain parameters of the document's `[uncertainty]` table
    /// (empty without one), with their ranges checked.
    pub fn uncertain_params(&self) -> Result<Vec<UncertainParam>, ScenarioError> {
        let Some(node) = &self.uncertainty else {
            return Ok(vec![]);
        };
        let mut r = Reader::new(&self.src);
        let mut out = Vec::new();
        if let Some(mut top) = r.as_table(node, "uncertainty".into()) {
            let keys: Vec<&str> = top.keys().collect();
            for k in keys {
                let n = r.get(&mut top, k).expect("listed");
                let path = format!("uncertainty.\"{k}\"");
                let Some(t) = r.as_table(n, path.clone()) else {
                    continue;
                };
                let mut t = t.with_doc(&UNCERTAIN);
                let before = r.problems.len();
                let dist = r.choice(&mut t, "dist", 0, &DISTS);
                if !t.has("dist") {
                    r.missing(&t, "dist", &format!("one of {}", DISTS.join(", ")));
                }
                let int_of = |t: &super::read::Tbl, key: &str| {
                    t.has(key)
                        && matches!(
                            entries_of(n, key),
                            Some(Node {
                                val: Val::Int(_),
                                ..
                            })
                        )
                };
                let d = match DISTS[dist] {
                    "discrete" => {
                        let values = r.array(&mut t, "values").unwrap_or(&[]).to_vec();
                        if values.is_empty() {
                            r.missing(&t, "values", "a non-empty list of values");
                        }
                        let weights = r
                            .numbers(&mut t, "weights", Some(values.len()), Check::Positive)
                            .unwrap_or_else(|| vec![1.0; values.len()]);
                        Uncertain::Discrete { values, weights }
                    }
                    name => {
                        let int = int_of(&t, "low") && int_of(&t, "high");
                        let low = r.f64_req(&mut t, "low", Check::Any);
                        let high = r.f64_req(&mut t, "high", Check::Any);
                        if low > high {
                            r.error(
                                &format!("{path}.high"),
                                &n.origin,
                                format!("must be at least `low` ({low}); got {high}"),
                            );
                        }
                        match name {
                            "uniform" => Uncertain::Uniform { low, high, int },
                            "triangular" => {
                                let mode = r.f64_req(&mut t, "mode", Check::Any);
                                if !(low..=high).contains(&mode) && r.problems.len() == before {
                                    r.error(
                                        &format!("{path}.mode"),
                                        &n.origin,
                                        format!(
                                            "must lie in [low, high] = [{low}, {high}]; got {mode}"
                                        ),
                                    );
                                }
                                Uncertain::Triangular {
                                    low,
                                    mode,
                                    high,
                                    int: int && int_of(&t, "mode"),
                                }
                            }
                            _ => {
                                if low <= 0.0 && r.problems.len() == before {
                                    r.error(
                                        &format!("{path}.low"),
                                        &n.origin,
                                        format!("a lognormal interval must be above 0; got {low}"),
                                    );
                                }
                                Uncertain::Lognormal { low, high }
                            }
                        }
                    }
                };
                let source = r.string_opt(&mut t, "source");
                if source.is_none() {
                    r.missing(
                        &t,
                        "source",
                        "\"synthesis\" or the reference label of the published interval",
                    );
                }
                r.finish(t);
                if r.problems.len() == before {
                    out.push(UncertainParam {
                        key: k.to_string(),
                        dist: d,
                        source: source.unwrap_or_default(),
                        origin: n.origin.clone(),
                    });
                }
            }
            r.finish(top);
        }
        if out.is_empty() && r.problems.is_empty() {
            r.error(
                "uncertainty",
                &node.origin,
                "no uncertain parameters: add [uncertainty.\"dotted.key\"] tables",
            );
        }
        if !r.problems.is_empty() {
            return Err(ScenarioError {
                problems: r.problems,
            });
        }
        Ok(out)
    }

    /// Check the `[uncertainty]` table against the scenario: every key
    /// exists and both ends of each range (each value of a discrete one)
    /// give a legal scenario. Returns the parameters.
    pub fn check_uncertainty(&self) -> Result<Vec<UncertainParam>, ScenarioError> {
        let params = self.uncertain_params()?;
        let mut problems = Vec::new();
        for p in &params {
            let loc = self.src.locate(&p.origin);
            for v in p.dist.probes() {
                let mut tree = self.tree.clone();
                let node = Node {
                    val: v.clone(),
                    origin: Origin::Builtin,
                };
                let text = node.to_text();
                let res = super::doc::set_path(&mut tree, &p.key, node, loc.clone())
                    .map_err(ScenarioError::from)
                    .and_then(|_| self.read_tree(tree, &[]));
                if let Err(e) = res {
                    for pr in e.problems {
                        problems.push(Problem {
                            path: format!("uncertainty.\"{}\"", p.key),
                            location: loc.clone(),
                            message: format!(
                                "at {text} the scenario is not legal: {}{}",
                                if pr.path.is_empty() {
                                    String::new()
                                } else {
                                    format!("{}: ", pr.path)
                                },
                                pr.message
                            ),
                        });
                    }
                    break;
                }
            }
        }
        if problems.is_empty() {
            Ok(params)
        } else {
            Err(ScenarioError { problems })
        }
    }
}

fn entries_of<'n>(n: &'n Node, key: &str) -> Option<&'n Node> {
    match &n.val {
        Val::Table(e) => e.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Take the `[uncertainty]` table out of a document's tree (before the
/// tables are read).
pub(super) fn take(tree: &mut Node) -> Option<Node> {
    let Val::Table(entries) = &mut tree.val else {
        return None;
    };
    let i = entries.iter().position(|(k, _)| k.name == "uncertainty")?;
    Some(entries.remove(i).1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_span_each_distribution() {
        let u = Uncertain::Uniform {
            low: 2.0,
            high: 4.0,
            int: true,
        };
        assert_eq!(u.quantile(0.0), Val::Int(2));
        assert_eq!(u.quantile(0.5), Val::Int(3));
        assert_eq!(u.quantile(0.999), Val::Int(4));
        let t = Uncertain::Triangular {
            low: 0.0,
            mode: 1.0,
            high: 1.0,
            int: false,
        };
        // F(x) = x² on [0, 1]: the median is √0.5.
        assert_eq!(t.quantile(0.5), Val::Float(0.5f64.sqrt()));
        let l = Uncertain::Lognormal {
            low: 1.0,
            high: 100.0,
        };
        let Val::Float(med) = l.quantile(0.5) else {
            panic!()
        };
        assert!((med - 10.0).abs() < 1e-9, "median of 1–100 is 10: {med}");
        let Val::Float(q) = l.quantile(0.975) else {
            panic!()
        };
        assert!((q - 100.0).abs() < 1e-3, "97.5 % quantile is high: {q}");
    }
}
