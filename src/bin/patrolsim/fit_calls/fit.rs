//! The `[calls]` section fitted to usable calls: per-node weights, the
//! hour-of-week profile (and its hour-of-day and day-of-week margins, the
//! keys the scenario reads), call-type shares and priorities, on-scene
//! lognormals by moments, and the mean rate; written as TOML.

use super::rows::Call;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One call type as fitted.
pub struct TypeFit {
    pub name: String,
    pub count: usize,
    pub share: f64,
    pub priority: u8,
    /// Calls of the type per priority seen (more than one: the mode is used).
    pub priorities: BTreeMap<u8, usize>,
    /// Mean and sd of the on-scene minutes, and how many calls had them.
    pub on_scene: Option<(f64, f64)>,
    pub on_scene_n: usize,
}

/// The fit.
pub struct Fit {
    pub calls: usize,
    pub hours: f64,
    pub rate_per_hour: f64,
    /// Calls and hours observed in each hour of the week (Monday 00:00 first).
    pub week_count: [f64; 168],
    pub week_hours: [f64; 168],
    /// Rate by hour of week, normalised to mean 1 (unseen hours: 1).
    pub week_profile: Vec<f64>,
    pub hourly_profile: Vec<f64>,
    pub weekday_profile: Vec<f64>,
    /// Calls at each node, and the relative weight written.
    pub node_count: Vec<usize>,
    pub node_weights: Vec<f64>,
    pub types: Vec<TypeFit>,
    /// Calls in a jurisdiction whose `call_weight` is 0 (the model places none there).
    pub in_zero_weight: usize,
}

fn mean_one(v: &mut [f64]) {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    if m > 0.0 {
        v.iter_mut().for_each(|x| *x /= m);
    }
}

/// Rate (calls per observed hour) of groups of hour-of-week slots,
/// normalised to mean 1; a group never observed gets the mean.
fn profile(
    count: &[f64; 168],
    hours: &[f64; 168],
    groups: usize,
    of: impl Fn(usize) -> usize,
) -> Vec<f64> {
    let mut c = vec![0.0; groups];
    let mut h = vec![0.0; groups];
    for s in 0..168 {
        c[of(s)] += count[s];
        h[of(s)] += hours[s];
    }
    let mut r: Vec<f64> = (0..groups)
        .map(|g| if h[g] > 0.0 { c[g] / h[g] } else { f64::NAN })
        .collect();
    let seen: Vec<f64> = r.iter().copied().filter(|x| x.is_finite()).collect();
    let fill = seen.iter().sum::<f64>() / seen.len().max(1) as f64;
    r.iter_mut()
        .filter(|x| !x.is_finite())
        .for_each(|x| *x = fill);
    mean_one(&mut r);
    r
}

/// Fit `calls` on a network of `nodes` nodes; `jur_weight[i]` is the
/// `call_weight` of node i's jurisdiction (the model multiplies node
/// weights by it, so it is divided out).
pub fn fit(calls: &[Call], jur_weight: &[f64]) -> Fit {
    let nodes = jur_weight.len();
    let lo = calls
        .iter()
        .map(|c| c.local_s)
        .min()
        .unwrap_or(0)
        .div_euclid(3600);
    let hi = calls
        .iter()
        .map(|c| c.local_s)
        .max()
        .unwrap_or(0)
        .div_euclid(3600);
    let mut week_hours = [0.0; 168];
    for h in lo..=hi {
        week_hours[super::time::hour_of_week(h * 3600)] += 1.0;
    }
    let hours = (hi - lo + 1) as f64;
    let mut week_count = [0.0; 168];
    let mut node_count = vec![0usize; nodes];
    let mut by_type: BTreeMap<&str, Vec<&Call>> = BTreeMap::new();
    for c in calls {
        week_count[super::time::hour_of_week(c.local_s)] += 1.0;
        node_count[c.node as usize] += 1;
        by_type.entry(&c.kind).or_default().push(c);
    }
    let week_profile = profile(&week_count, &week_hours, 168, |s| s);
    let hourly_profile = profile(&week_count, &week_hours, 24, |s| s % 24);
    let weekday_profile = profile(&week_count, &week_hours, 7, |s| s / 24);
    let mut in_zero_weight = 0;
    let mut node_weights: Vec<f64> = (0..nodes)
        .map(|i| {
            if jur_weight[i] > 0.0 {
                node_count[i] as f64 / jur_weight[i]
            } else {
                in_zero_weight += node_count[i];
                0.0
            }
        })
        .collect();
    mean_one(&mut node_weights);
    let mut types: Vec<TypeFit> = by_type
        .into_iter()
        .map(|(name, cs)| {
            let mut priorities = BTreeMap::new();
            for c in &cs {
                *priorities.entry(c.priority).or_insert(0) += 1;
            }
            let priority = *priorities
                .iter()
                .max_by_key(|(p, n)| (**n, std::cmp::Reverse(**p)))
                .unwrap()
                .0;
            let m: Vec<f64> = cs.iter().filter_map(|c| c.on_scene_min).collect();
            let on_scene = (m.len() >= 2).then(|| {
                let mean = m.iter().sum::<f64>() / m.len() as f64;
                let var = m.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (m.len() - 1) as f64;
                (mean, var.sqrt())
            });
            TypeFit {
                name: name.to_string(),
                count: cs.len(),
                share: cs.len() as f64 / calls.len() as f64,
                priority,
                priorities,
                on_scene: on_scene.filter(|(mean, sd)| *mean > 0.0 && *sd > 0.0),
                on_scene_n: m.len(),
            }
        })
        .collect();
    types.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    Fit {
        calls: calls.len(),
        hours,
        rate_per_hour: calls.len() as f64 / hours,
        week_count,
        week_hours,
        week_profile,
        hourly_profile,
        weekday_profile,
        node_count,
        node_weights,
        types,
        in_zero_weight,
    }
}

/// A number short enough to read, exact enough to reuse (4 significant digits).
fn num(x: f64) -> String {
    if x == 0.0 {
        return "0.0".into();
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

fn list(v: &[f64], per_line: usize, indent: &str) -> String {
    let mut s = String::from("[");
    for (i, x) in v.iter().enumerate() {
        if i > 0 {
            s.push(',');
            s.push(if i % per_line == 0 { '\n' } else { ' ' });
            if i % per_line == 0 {
                s.push_str(indent);
            }
        }
        s.push_str(&num(*x));
    }
    s.push(']');
    s
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The TOML: `extends` the scenario (when `extends` is given), then
/// `[network] node_weights` and `[calls]` with its `[[calls.types]]`.
pub fn to_toml(f: &Fit, source: &str, extends: Option<&str>) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# Written by `patrolsim fit-calls` from {source}: {} calls over {} hours.",
        f.calls, f.hours
    );
    let _ = writeln!(o, "# See docs/real-places.md, \"Call history in\".");
    if let Some(e) = extends {
        let _ = writeln!(o, "extends = {}", quoted(e));
    }
    let _ = writeln!(o, "\n[network]");
    let _ = writeln!(
        o,
        "# Calls per node (divided by the jurisdiction's call_weight), normalised to mean 1."
    );
    let _ = writeln!(o, "node_weights = {}", list(&f.node_weights, 10, "  "));
    let _ = writeln!(o, "\n[calls]");
    let _ = writeln!(o, "# Calls per observed hour.");
    let _ = writeln!(o, "rate_per_hour = {}", num(f.rate_per_hour));
    let _ = writeln!(
        o,
        "# Calls per observed hour of day and of week day (the margins of the hour-of-week"
    );
    let _ = writeln!(
        o,
        "# profile below; the model multiplies them), normalised to mean 1."
    );
    let _ = writeln!(o, "hourly_profile = {}", list(&f.hourly_profile, 12, "  "));
    let _ = writeln!(o, "weekday_profile = {}", list(&f.weekday_profile, 7, "  "));
    let _ = writeln!(
        o,
        "# The full hour-of-week profile, Monday 00:00 first, normalised to mean 1 (the"
    );
    let _ = writeln!(
        o,
        "# scenario reads only its two margins above; kept here for comparison):"
    );
    for d in 0..7 {
        let _ = writeln!(
            o,
            "#   {}",
            list(&f.week_profile[d * 24..(d + 1) * 24], 24, "")
        );
    }
    for t in &f.types {
        let _ = writeln!(o, "\n[[calls.types]]");
        let _ = writeln!(o, "name = {}", quoted(&t.name));
        let _ = writeln!(o, "share = {}   # calls: {}", num(t.share), t.count);
        let _ = writeln!(o, "priority = {}", t.priority);
        match t.on_scene {
            Some((mean, sd)) => {
                let _ = writeln!(
                    o,
                    "on_scene_min = {{ dist = \"lognormal\", mean = {}, sd = {} }}   # moments of {} calls",
                    num(mean),
                    num(sd),
                    t.on_scene_n
                );
            }
            None => {
                let _ = writeln!(
                    o,
                    "# on_scene_min: the scenario's default ({} calls had on-scene minutes; 2 that differ are needed)",
                    t.on_scene_n
                );
            }
        }
    }
    o
}

impl Fit {
    /// How well the product of the two margins the scenario reads
    /// (hour of day × week day) reproduces the 168 hour-of-week counts:
    /// Pearson's X² over the observed hours and its degrees of freedom
    /// (168 − 1 − 23 − 6 when every hour is seen).
    pub fn separability(&self) -> (f64, usize) {
        let mut x2 = 0.0;
        let mut cells = 0usize;
        let mean = self.rate_per_hour;
        let hw: f64 = (0..168)
            .map(|s| {
                self.hourly_profile[s % 24] * self.weekday_profile[s / 24] * self.week_hours[s]
            })
            .sum();
        for s in 0..168 {
            if self.week_hours[s] == 0.0 {
                continue;
            }
            // Expected calls: the model's rate, scaled so the totals agree.
            let e = mean
                * self.hours
                * self.hourly_profile[s % 24]
                * self.weekday_profile[s / 24]
                * self.week_hours[s]
                / hw;
            if e > 0.0 {
                x2 += (self.week_count[s] - e).powi(2) / e;
                cells += 1;
            }
        }
        (x2, cells.saturating_sub(30))
    }
}
