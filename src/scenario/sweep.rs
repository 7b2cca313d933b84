//! Sweep files: a base scenario, the parameters to vary (dotted keys as in
//! `--set`) as a grid, a zip of lists, a list of points or a Latin-hypercube
//! sample, and the replications. Reading one checks every point's scenario
//! before anything runs, and names the sweep file's line for a bad value.

use super::doc::{self, Node, Origin, Val};
use super::read::{Reader, Tbl};
use super::{Document, Problem, Scenario, ScenarioError};
use crate::engine::rng::{stream, uniform01};
use rand::RngExt;
use std::path::{Path, PathBuf};

/// One point of a sweep: a value for each varied parameter.
#[derive(Debug, Clone)]
pub struct Point {
    pub values: Vec<Node>,
}

/// A sweep, read and checked.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub file: PathBuf,
    /// The sweep file's text and the base scenario's texts, for hashing.
    pub sources: Vec<(String, String)>,
    pub scenario_path: PathBuf,
    pub replications: u32,
    pub seed: u64,
    /// Fixed changes applied to every point.
    pub set: Vec<String>,
    /// The point benefits are measured against (`[sweep] baseline_point`).
    pub baseline_point: Option<usize>,
    /// How the points were made: "grid", "zip", "points", "lhs", "morris",
    /// "sobol" or "robust".
    pub design: String,
    /// Uncertainty designs: each point's coordinates in the unit cube (one
    /// per uncertain parameter), which the estimators need; else empty.
    pub unit_points: Vec<Vec<f64>>,
    pub params: Vec<String>,
    pub points: Vec<Point>,
    /// The scenario of each point, fully resolved.
    pub scenarios: Vec<Scenario>,
}

impl Point {
    /// The values as text for tables (`0.3`, `"coverage"` → `coverage`).
    pub fn labels(&self) -> Vec<String> {
        self.values.iter().map(|n| n.to_text()).collect()
    }
}

const DESIGNS: [&str; 7] = ["grid", "zip", "points", "lhs", "morris", "sobol", "robust"];

/// The parameter a `[robust]` design adds: the strategy of each point.
pub const STRATEGY_PARAM: &str = "strategy";

/// Most points one sweep file may have: every point's scenario is read and
/// held in memory before the first run (about 40 KB each for the county, so
/// 100,000 points take about 4 GB and a minute to read).
pub const MAX_POINTS: usize = 100_000;

fn too_many_points(n: usize) -> String {
    format!(
        "{n} points: at most {MAX_POINTS} in one sweep file (each point's scenario is held in memory); \
         split the sweep into several files or use fewer values"
    )
}

/// Read and check a sweep file, and every point's scenario.
pub fn load_sweep(path: &Path, extra_set: &[String]) -> Result<Sweep, ScenarioError> {
    let text = super::read_text_file(path, "sweep file").map_err(|message| Problem {
        path: String::new(),
        location: None,
        message,
    })?;
    sweep_from_text(path, text, extra_set)
}

/// Read and check a sweep given as text, as if it were the file `path`
/// (the base scenario and any uncertainty file are relative to it); for
/// sweeps a command builds in memory (`compare --uncertain`).
pub fn sweep_from_text(
    path: &Path,
    text: String,
    extra_set: &[String],
) -> Result<Sweep, ScenarioError> {
    let file_name = path.display().to_string();
    let mut own = super::doc::Source::default();
    own.add_file(file_name.clone(), text.clone());
    let tree = doc::parse(&own, 0)?;
    let mut r = Reader::new(&own);
    let Some(mut top) = r.as_table(&tree, String::new()) else {
        return Err(ScenarioError {
            problems: r.problems,
        });
    };
    let mut sw = r
        .sub(&mut top, "sweep")
        .unwrap_or_else(|| Tbl::empty("sweep".into()));
    let scenario_rel = r.string_opt(&mut sw, "scenario");
    if scenario_rel.is_none() {
        r.missing(
            &sw,
            "scenario",
            "the base scenario file, relative to the sweep file",
        );
    }
    let replications = r.int(&mut sw, "replications", 10, 1, 1_000_000) as u32;
    let seed = r.int(&mut sw, "seed", 1, 0, i64::MAX) as u64;
    let baseline_point = r
        .int_opt(&mut sw, "baseline_point", 0, i64::MAX)
        .map(|x| x as usize);
    let bp_origin = sw.origin.clone();
    let mut set: Vec<String> = Vec::new();
    let sp = sw.key_path("set");
    if let Some(items) = r.array(&mut sw, "set") {
        for (i, n) in items.iter().enumerate() {
            match &n.val {
                Val::Str(s) => set.push(s.clone()),
                other => r.error(
                    &format!("{sp}[{i}]"),
                    &n.origin,
                    format!("expected \"key=value\", found {}", other.type_name()),
                ),
            }
        }
    }
    r.finish(sw);

    let present: Vec<&str> = DESIGNS.iter().copied().filter(|d| top.has(d)).collect();
    let mut params: Vec<String> = Vec::new();
    let mut points: Vec<Point> = Vec::new();
    let mut design = String::new();
    let mut spec: Option<super::designs::DesignSpec> = None;
    if present.len() != 1 {
        let o = top.origin.clone();
        let msg = if present.is_empty() {
            "no parameters to vary: give one of [grid], [zip], [[points]], [lhs], [morris], [sobol] or [robust]".to_string()
        } else {
            format!(
                "give only one of [grid], [zip], [[points]], [lhs], [morris], [sobol] or [robust]; found {}",
                present.join(", ")
            )
        };
        r.error("", &o, msg);
    } else {
        design = present[0].to_string();
        match present[0] {
            "grid" | "zip" => {
                let key = if present[0] == "grid" { "grid" } else { "zip" };
                if let Some(t) = r.get(&mut top, key) {
                    let path = key.to_string();
                    if let Some(tb) = r.as_table(t, path.clone()) {
                        let mut lists: Vec<(String, Vec<Node>)> = Vec::new();
                        for k in tb.keys() {
                            let n = t_get(t, k);
                            let p = format!("{path}.\"{k}\"");
                            match &n.val {
                                Val::Array(items) if !items.is_empty() => {
                                    lists.push((k.to_string(), items.clone()))
                                }
                                Val::Array(_) => r.error(
                                    &p,
                                    &n.origin,
                                    "an empty list of values: give at least one",
                                ),
                                other => r.error(
                                    &p,
                                    &n.origin,
                                    format!(
                                        "expected a list of values, found {}",
                                        other.type_name()
                                    ),
                                ),
                            }
                        }
                        if lists.is_empty() && r.problems.is_empty() {
                            r.error(
                                &path,
                                &t.origin,
                                "no parameters to vary: add \"dotted.key\" = [values, …]",
                            );
                        }
                        params = lists.iter().map(|(k, _)| k.clone()).collect();
                        if key == "grid" {
                            let total: usize = lists.iter().map(|(_, v)| v.len()).product();
                            if total > MAX_POINTS {
                                r.error(&path, &t.origin, too_many_points(total));
                            } else if !lists.is_empty() {
                                for i in 0..total {
                                    let mut rem = i;
                                    let mut values = vec![
                                        Node {
                                            val: Val::Bool(false),
                                            origin: Origin::Builtin
                                        };
                                        lists.len()
                                    ];
                                    for (j, (_, vals)) in lists.iter().enumerate().rev() {
                                        values[j] = vals[rem % vals.len()].clone();
                                        rem /= vals.len();
                                    }
                                    points.push(Point { values });
                                }
                            }
                        } else {
                            let lens: Vec<usize> = lists.iter().map(|(_, v)| v.len()).collect();
                            if lens.windows(2).any(|w| w[0] != w[1]) {
                                let desc: Vec<String> = lists
                                    .iter()
                                    .map(|(k, v)| format!("{k}: {}", v.len()))
                                    .collect();
                                r.error(
                                    &path,
                                    &t.origin,
                                    format!(
                                        "the lists of a zip must have equal lengths ({})",
                                        desc.join(", ")
                                    ),
                                );
                            } else if let Some(&n) = lens.first() {
                                for i in 0..n {
                                    points.push(Point {
                                        values: lists.iter().map(|(_, v)| v[i].clone()).collect(),
                                    });
                                }
                            }
                        }
                    }
                }
            }
            d @ ("morris" | "sobol" | "robust") => {
                spec = super::designs::read_spec(&mut r, &mut top, d);
            }
            "points" => {
                let items = r.array(&mut top, "points").unwrap_or(&[]);
                for (i, n) in items.iter().enumerate() {
                    let p = format!("points[{i}]");
                    let Val::Table(entries) = &n.val else {
                        r.error(
                            &p,
                            &n.origin,
                            "a point is a table of \"dotted.key\" = value",
                        );
                        continue;
                    };
                    if i == 0 {
                        params = entries.iter().map(|(k, _)| k.name.clone()).collect();
                    }
                    let keys: Vec<&str> = entries.iter().map(|(k, _)| k.name.as_str()).collect();
                    if keys != params.iter().map(String::as_str).collect::<Vec<_>>() {
                        r.error(&p, &n.origin, format!("every point must set the same keys in the same order as the first ({})", params.join(", ")));
                        continue;
                    }
                    points.push(Point {
                        values: entries.iter().map(|(_, v)| v.clone()).collect(),
                    });
                }
                if items.is_empty() {
                    r.error("points", &top.origin.clone(), "an empty list of points");
                }
            }
            _ => {
                let mut l = r
                    .sub(&mut top, "lhs")
                    .unwrap_or_else(|| Tbl::empty("lhs".into()));
                let samples = r.int_req(&mut l, "samples", 1, MAX_POINTS as i64) as usize;
                let lseed = r.int(&mut l, "seed", 1, 0, i64::MAX) as u64;
                let mut ranges: Vec<(String, f64, f64, bool, Origin)> = Vec::new();
                if let Some(rt) = r.get(&mut l, "ranges") {
                    if let Some(tb) = r.as_table(rt, "lhs.ranges".into()) {
                        for k in tb.keys() {
                            let n = t_get(rt, k);
                            let p = format!("lhs.ranges.\"{k}\"");
                            let parsed = match &n.val {
                                Val::Array(v) if v.len() == 2 => match (&v[0].val, &v[1].val) {
                                    (Val::Int(a), Val::Int(b)) if a <= b => {
                                        Some((*a as f64, *b as f64, true))
                                    }
                                    (Val::Int(_) | Val::Float(_), Val::Int(_) | Val::Float(_)) => {
                                        let num = |x: &Val| match x {
                                            Val::Int(i) => *i as f64,
                                            Val::Float(f) => *f,
                                            _ => f64::NAN,
                                        };
                                        let (a, b) = (num(&v[0].val), num(&v[1].val));
                                        (a.is_finite() && b.is_finite() && a <= b)
                                            .then_some((a, b, false))
                                    }
                                    _ => None,
                                },
                                _ => None,
                            };
                            match parsed {
                                Some((a, b, int)) => ranges.push((k.to_string(), a, b, int, n.origin.clone())),
                                None => r.error(&p, &n.origin, "a range is [low, high] with numbers, low ≤ high (whole numbers give whole values)"),
                            }
                        }
                    }
                } else {
                    r.missing(&l, "ranges", "a table of \"dotted.key\" = [low, high]");
                }
                r.finish(l);
                if ranges.is_empty() && r.problems.is_empty() {
                    r.error("lhs.ranges", &top.origin.clone(), "no parameters to vary");
                }
                params = ranges.iter().map(|x| x.0.clone()).collect();
                // Latin hypercube: each range cut into `samples` strata, one
                // value per stratum, strata matched across parameters by a
                // random permutation per parameter.
                let mut rng = stream(lseed, 0x1A7_1A7);
                let mut columns: Vec<Vec<Node>> = Vec::new();
                for (_, lo, hi, int, origin) in &ranges {
                    let mut perm: Vec<usize> = (0..samples).collect();
                    for i in (1..samples).rev() {
                        let j = rng.random_range(0..=i);
                        perm.swap(i, j);
                    }
                    let col = perm
                        .iter()
                        .map(|&stratum| {
                            let u = (stratum as f64 + uniform01(&mut rng)) / samples as f64;
                            let val = if *int {
                                Val::Int((lo + u * (hi - lo + 1.0)).floor().min(*hi) as i64)
                            } else {
                                Val::Float(lo + u * (hi - lo))
                            };
                            Node {
                                val,
                                origin: origin.clone(),
                            }
                        })
                        .collect();
                    columns.push(col);
                }
                if !columns.is_empty() {
                    for i in 0..samples {
                        points.push(Point {
                            values: columns.iter().map(|c| c[i].clone()).collect(),
                        });
                    }
                }
            }
        }
    }
    for d in DESIGNS {
        if present.len() == 1 && d != present[0] {
            continue;
        }
        let _ = r.get(&mut top, d); // mark as known
    }
    if let Some(b) = baseline_point
        && b >= points.len()
        && !points.is_empty()
    {
        r.error(
            "sweep.baseline_point",
            &bp_origin,
            format!(
                "point {b} does not exist (points are 0..{})",
                points.len() - 1
            ),
        );
    }
    r.finish(top);
    if !r.problems.is_empty() {
        return Err(ScenarioError {
            problems: r.problems,
        });
    }
    let scenario_rel = scenario_rel.expect("checked");
    let scenario_path = path.parent().unwrap_or(Path::new("")).join(&scenario_rel);
    let mut base = Document::from_file(&scenario_path)?;
    let mut unit_points = Vec::new();
    let mut strategies: Vec<Option<String>> = Vec::new();
    if let Some(spec) = &spec {
        let udoc = match &spec.uncertainty {
            Some(f) => Document::from_file(&path.parent().unwrap_or(Path::new("")).join(f))?,
            None => base.clone(),
        };
        let up = udoc.uncertain_params()?;
        if up.is_empty() {
            return Err(Problem {
                path: design.clone(),
                location: None,
                message: format!(
                    "{}: a [{design}] design draws from an [uncertainty] table, and {} has none \
                     (add [uncertainty.\"dotted.key\"] tables, or name a file that has them with `uncertainty = \"FILE\"`)",
                    path.display(),
                    spec.uncertainty.as_deref().map_or_else(|| scenario_path.display().to_string(), str::to_string)
                ),
            }
            .into());
        }
        params = up.iter().map(|p| p.key.clone()).collect();
        if design == "robust" {
            // The baseline first, then every other strategy in file order.
            let named = base.baseline.as_ref().map(|(n, _)| n.clone());
            strategies.push(named.clone());
            for (n, _) in &base.strategies {
                if Some(n) != named.as_ref() {
                    strategies.push(Some(n.clone()));
                }
            }
            if strategies.len() < 2 {
                return Err(Problem {
                    path: "robust".into(),
                    location: None,
                    message: format!(
                        "{}: a [robust] design compares strategies, and {} defines none ([strategies.NAME])",
                        path.display(),
                        scenario_path.display()
                    ),
                }
                .into());
            }
            params.push(STRATEGY_PARAM.into());
        }
        let n = spec.len(up.len(), strategies.len());
        if n > MAX_POINTS {
            return Err(Problem {
                path: design.clone(),
                location: None,
                message: format!("{}: {}", path.display(), too_many_points(n)),
            }
            .into());
        }
        for u in spec.unit_points(up.len()) {
            let values: Vec<Node> = up
                .iter()
                .zip(&u)
                .map(|(p, &x)| doc::builtin(p.dist.quantile(x)))
                .collect();
            if strategies.is_empty() {
                points.push(Point { values });
                unit_points.push(u);
            } else {
                for st in &strategies {
                    let mut v = values.clone();
                    let label = st.clone().unwrap_or_else(|| "baseline".into());
                    v.push(doc::builtin(Val::Str(label)));
                    points.push(Point { values: v });
                    unit_points.push(u.clone());
                }
            }
        }
    }
    let sweep_idx = base.add_source(&file_name, &text);
    // Values came from a tree parsed as file 0 of `own`: renumber them to the sweep file's index.
    let retarget = |n: &Node| renumber(n.clone(), sweep_idx);
    let mut all_set = set.clone();
    all_set.extend_from_slice(extra_set);
    // A fixed change to a swept key would silently flatten the sweep.
    for o in &all_set {
        let key = o.split_once('=').map_or(o.as_str(), |(k, _)| k).trim();
        if params.iter().any(|p| p == key) {
            return Err(Problem {
                path: key.to_string(),
                location: None,
                message: format!("`{o}` sets a parameter the sweep varies: remove it from `set` / --set, or from the design"),
            }
            .into());
        }
    }
    if points.len() > MAX_POINTS {
        return Err(Problem {
            path: String::new(),
            location: None,
            message: format!("{}: {}", path.display(), too_many_points(points.len())),
        }
        .into());
    }
    let mut scenarios = Vec::with_capacity(points.len());
    let mut problems = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let mut tree = base.tree.clone();
        let mut bad = false;
        for (k, v) in params.iter().zip(&p.values) {
            if !strategies.is_empty() && k == STRATEGY_PARAM {
                continue;
            }
            let node = retarget(v);
            let loc = base.src.locate(&node.origin);
            if let Err(e) = doc::set_path(&mut tree, k, node, loc) {
                problems.push(e);
                bad = true;
            }
        }
        if bad {
            continue;
        }
        // A strategy's changes are laid over the drawn values (a strategy
        // that sets an uncertain key keeps its own value).
        if !strategies.is_empty()
            && let Some(Some(name)) = strategies.get(i % strategies.len())
            && let Some((_, changes)) = base.strategies.iter().find(|(n, _)| n == name)
        {
            doc::merge(&mut tree, changes.clone());
        }
        match base.read_tree(tree, &all_set) {
            Ok(s) => scenarios.push(s),
            Err(e) => {
                for mut pr in e.problems {
                    pr.message = format!("{} (sweep point {i})", pr.message);
                    if !problems.contains(&pr) {
                        problems.push(pr);
                    }
                }
            }
        }
        if problems.len() >= 20 {
            break;
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError { problems });
    }
    let mut sources = vec![(file_name, text)];
    sources.extend(base.src.files().iter().take(sweep_idx as usize).cloned());
    Ok(Sweep {
        file: path.to_path_buf(),
        sources,
        scenario_path,
        replications,
        seed,
        baseline_point,
        set: all_set,
        design,
        unit_points,
        params,
        points,
        scenarios,
    })
}

fn t_get<'n>(table: &'n Node, key: &str) -> &'n Node {
    match &table.val {
        Val::Table(e) => &e.iter().find(|(k, _)| k.name == key).expect("listed key").1,
        _ => unreachable!("a table"),
    }
}

fn renumber(mut n: Node, f: u16) -> Node {
    if let Origin::Span(_, a, b) = n.origin {
        n.origin = Origin::Span(f, a, b);
    }
    match &mut n.val {
        Val::Array(items) => {
            for it in items.iter_mut() {
                *it = renumber(it.clone(), f);
            }
        }
        Val::Table(entries) => {
            for (_, v) in entries.iter_mut() {
                *v = renumber(v.clone(), f);
            }
        }
        _ => {}
    }
    n
}
