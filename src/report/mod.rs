//! Renderers of results: a table for people, JSON and CSV for programs
//! (DESIGN "Conventions": one JSON shape, `null` / empty for a metric with no
//! observation), the per-node table, and atomic file output.

use crate::experiment::{Comparison, Replicated};
use crate::model::Model;
use crate::model::metrics::{self, Section};
use crate::scenario::economics::{ITEMS, PAYERS};
use crate::scenario::{PatrolPolicy, Scenario};
use crate::stats::Summary;
use crate::world::node_name;
use serde_json::{Map, Value, json};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

pub mod geojson;
pub mod html;
pub mod outdir;
pub mod svg;
pub mod sweep;
pub mod uncertainty;

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

/// The JSON document of `run --format json` and `metrics.json`: the
/// metrics, and the priority-1 response targets by area type (`null`: none)
/// that charts mark.
pub fn run_json(s: &Scenario, r: &Replicated) -> String {
    let targets: Map<String, Value> = crate::scenario::AREA_TYPES
        .iter()
        .zip(s.dispatch.response_target_min)
        .map(|(a, t)| (a.to_string(), num(t)))
        .collect();
    let v = json!({
        "scenario": s.name,
        "seed": r.master_seed,
        "replications": r.runs.len(),
        "response_target_min": targets,
        "metrics": metrics_value(&r.summary),
    });
    serde_json::to_string_pretty(&v).expect("JSON of plain values") + "\n"
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

/// `metric,mean,std,ci95_low,ci95_high`, one row per metric.
pub fn run_csv(r: &Replicated) -> String {
    let mut out = String::from("metric,mean,std,ci95_low,ci95_high\n");
    for (name, s) in &r.summary {
        let _ = writeln!(
            out,
            "{name},{},{},{},{}",
            cell(s.mean),
            cell(s.std),
            cell(s.ci95_low),
            cell(s.ci95_high)
        );
    }
    out
}

const NODE_COLUMNS: &str =
    "node,name,x_m,y_m,jurisdiction,stations,posts,calls,presence_hours,coverage,crimes";

/// Per node: the jurisdiction stations and the standby posts (as listed in
/// the unit groups) at it.
pub(crate) fn stations_and_posts(m: &Model) -> (Vec<u32>, Vec<u32>) {
    let n = m.world.node_count();
    let (mut stations, mut posts) = (vec![0u32; n], vec![0u32; n]);
    for j in &m.world.jurisdictions {
        stations[j.station as usize] += 1;
    }
    for g in &m.scenario.units {
        for p in g.posts.iter().filter_map(|&p| m.world.resolve(p)) {
            posts[p as usize] += 1;
        }
    }
    (stations, posts)
}

/// The rows of one model's per-node table, each line led by `lead`.
fn node_rows(out: &mut String, lead: &str, m: &Model, r: &Replicated) {
    let w = &m.world;
    let (stations, posts) = stations_and_posts(m);
    for i in 0..w.node_count() {
        let name = node_name(i as u32, w.grid);
        let _ = writeln!(
            out,
            "{lead}{i},\"{name}\",{},{},{},{},{},{},{},{},{}",
            cell(Some(w.xy[i][0])),
            cell(Some(w.xy[i][1])),
            w.jurisdictions[w.node_jur[i] as usize].name,
            stations[i],
            posts[i],
            cell(r.nodes.calls.get(i).copied()),
            cell(r.nodes.presence_hours.get(i).copied()),
            cell(r.nodes.coverage.get(i).copied()),
            cell(r.nodes.crimes.get(i).copied()),
        );
    }
}

/// Per-node table of a run (`nodes.csv`).
pub fn nodes_csv(m: &Model, r: &Replicated) -> String {
    let mut out = format!("{NODE_COLUMNS}\n");
    node_rows(&mut out, "", m, r);
    out
}

/// Per-node table of a comparison (its `nodes.csv`): one row per strategy
/// and node, each strategy with its own stations and posts.
pub fn compare_nodes_csv(models: &[Model], c: &Comparison) -> String {
    let mut out = format!("strategy,{NODE_COLUMNS}\n");
    for (m, (name, r)) in models.iter().zip(&c.strategies) {
        node_rows(&mut out, &format!("\"{name}\","), m, r);
    }
    out
}

/// `response_cdf.csv`: per priority (`all`, `p1`, …) and minute, the mean
/// share of responses (received → on scene) within that many minutes.
pub fn response_cdf_csv(r: &Replicated) -> String {
    let mut out = String::from("priority,minutes,share_within\n");
    for (p, cdf) in &r.profiles.response_cdf {
        for (m, v) in cdf.iter().enumerate() {
            let _ = writeln!(out, "{p},{m},{}", cell(Some(*v)));
        }
    }
    out
}

/// `week.csv`: per hour of the week (0 = Monday 00:00), the mean calls
/// received per hour and the mean number of units busy with a call.
pub fn week_csv(r: &Replicated) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let mut out = String::from("hour_of_week,day,hour,calls_per_hour,busy_units\n");
    let p = &r.profiles;
    for h in 0..p.calls_by_hour.len().min(p.busy_units_by_hour.len()) {
        let _ = writeln!(
            out,
            "{h},{},{},{},{}",
            DAYS[h / 24 % 7],
            h % 24,
            cell(Some(p.calls_by_hour[h])),
            cell(Some(p.busy_units_by_hour[h]))
        );
    }
    out
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

/// When a row of the run table applies: what the scenario must use for the
/// metric to say anything (a metric of a lever the scenario does not use is
/// 0 by construction and stays in JSON and CSV only).
#[derive(Clone, Copy)]
enum Use {
    Always,
    /// More than one jurisdiction.
    Boundaries,
    /// Roaming offenders, who can leave the county.
    Roaming,
    /// Roaming offenders and neighbours who cooperate (else no arrest
    /// outside the county can happen).
    Outside,
    /// A pair of jurisdictions cooperating below 1 (identified offenders
    /// not arrested next door become wanted).
    Wanted,
    /// Wanted offenders and a way to catch them (posts or stop-and-check).
    WantedCaught,
    Checkpoints,
    StopCheck,
    Stakeout,
    Preempt,
    /// Call takers (`[intake]`).
    Intake,
    Volunteers,
    Detectives,
    /// Informants, registration or community officers (who recruit informants).
    Tips,
    Lodging,
    /// Cost item (index into `ITEMS`).
    Item(usize),
    /// Payer (index into `PAYERS`) of an item the scenario uses.
    Payer(usize),
}

/// What a scenario uses, in any of its periods (the base and each phase).
struct Uses {
    boundaries: bool,
    roaming: bool,
    outside: bool,
    wanted: bool,
    checkpoints: bool,
    stop_check: bool,
    stakeout: bool,
    preempt: bool,
    intake: bool,
    volunteers: bool,
    detectives: bool,
    tips: bool,
    lodging: bool,
    items: [bool; ITEMS.len()],
    payers: [bool; PAYERS.len()],
}

impl Uses {
    fn of(s: &Scenario) -> Uses {
        let periods: Vec<&Scenario> = (0..=s.phases.len()).map(|k| s.phase_scenario(k)).collect();
        let any = |f: &dyn Fn(&Scenario) -> bool| periods.iter().any(|p| f(p));
        let n = s.jurisdictions.len();
        let mut items = [false; ITEMS.len()];
        let mut payers = [false; PAYERS.len()];
        for p in &periods {
            let used = crate::economics::items_used(p);
            for (i, u) in used.iter().enumerate() {
                if *u {
                    items[i] = true;
                    payers[p.economics.payer[i]] = true;
                }
            }
        }
        Uses {
            boundaries: n > 1,
            roaming: any(&|p| p.crime.as_ref().is_some_and(|c| c.roaming_per_day > 0.0)),
            outside: any(&|p| {
                p.crime.as_ref().is_some_and(|c| c.roaming_per_day > 0.0)
                    && p.regional.outside_cooperation > 0.0
            }),
            wanted: any(&|p| (0..n).any(|a| (a + 1..n).any(|b| p.regional.between(a, b) < 1.0))),
            checkpoints: any(&|p| !p.checkpoints.is_empty()),
            stop_check: any(&|p| p.enforcement.stop_check_per_hour > 0.0),
            stakeout: any(&|p| {
                p.units
                    .iter()
                    .any(|g| g.count > 0 && g.patrol == PatrolPolicy::Stakeout)
            }),
            preempt: any(&|p| p.dispatch.preempt),
            intake: any(&|p| p.intake.is_some()),
            volunteers: any(&|p| crate::model::volunteer_hours_per_year(p) > 0.0),
            detectives: any(&|p| p.investigation.detectives > 0),
            tips: any(&|p| p.informants.active() || !p.community.areas.is_empty()),
            lodging: any(&|p| p.informants.lodging_registration),
            items,
            payers,
        }
    }

    fn applies(&self, u: Use) -> bool {
        match u {
            Use::Always => true,
            Use::Boundaries => self.boundaries,
            Use::Roaming => self.roaming,
            Use::Outside => self.outside,
            Use::Wanted => self.wanted,
            Use::WantedCaught => self.wanted && (self.checkpoints || self.stop_check),
            Use::Checkpoints => self.checkpoints,
            Use::StopCheck => self.stop_check,
            Use::Stakeout => self.stakeout,
            Use::Preempt => self.preempt,
            Use::Intake => self.intake,
            Use::Volunteers => self.volunteers,
            Use::Detectives => self.detectives,
            Use::Tips => self.tips,
            Use::Lodging => self.lodging,
            Use::Item(i) => self.items[i],
            Use::Payer(p) => self.payers[p],
        }
    }
}

/// The rows of the run table: metric and when the row applies, in table
/// order. Each row's section and label come from the metric registry
/// (`model::metrics`).
const ROWS: &[(&str, Use)] = &[
    ("warmup_days", Use::Always),
    ("calls", Use::Always),
    ("call_rate_per_hour", Use::Always),
    ("calls_cleared", Use::Always),
    ("calls_open_at_end", Use::Always),
    ("calls_preempted", Use::Preempt),
    ("call_takers", Use::Intake),
    ("intake_wait_mean_min", Use::Intake),
    ("intake_wait_p90_min", Use::Intake),
    ("intake_waited_share", Use::Intake),
    ("intake_time_mean_min", Use::Intake),
    ("intake_transfers", Use::Intake),
    ("call_taker_utilization", Use::Intake),
    ("response_time_mean_min", Use::Always),
    ("response_time_median_min", Use::Always),
    ("response_time_p90_min", Use::Always),
    ("response_target_met_share", Use::Always),
    ("response_target_met_share.urban", Use::Always),
    ("response_target_met_share.suburban", Use::Always),
    ("response_target_met_share.rural", Use::Always),
    ("dispatch_wait_mean_min", Use::Always),
    ("dispatch_wait_p90_min", Use::Always),
    ("dispatch_delayed_share", Use::Always),
    ("travel_time_mean_min", Use::Always),
    ("on_scene_mean_min", Use::Always),
    ("busy_time_mean_min", Use::Always),
    ("units_on_duty_mean", Use::Always),
    ("busy_units_mean", Use::Always),
    ("unit_utilization", Use::Always),
    ("officers_needed", Use::Always),
    ("patrol_coverage", Use::Always),
    ("presence_hours", Use::Always),
    ("crimes_deterred", Use::Always),
    ("crimes_displaced", Use::Always),
    ("crimes_attempted", Use::Always),
    ("crimes_completed", Use::Always),
    ("crimes_failed", Use::Always),
    ("crimes_reported", Use::Always),
    ("crimes_reported_by_volunteers", Use::Volunteers),
    ("crimes_cleared", Use::Always),
    ("clearance_rate", Use::Always),
    ("clearance_rate_all", Use::Always),
    ("social_cost", Use::Always),
    ("social_cost.victims", Use::Always),
    ("social_cost.public_services", Use::Always),
    ("social_cost.response", Use::Always),
    ("crime_concentration_50", Use::Always),
    ("alarm_calls", Use::Item(3)),
    ("false_alarm_calls", Use::Item(3)),
    ("arrests", Use::Always),
    ("arrests.in_act", Use::Always),
    ("arrests.response", Use::Always),
    ("arrests.investigation", Use::Always),
    ("arrests.checkpoint", Use::Checkpoints),
    ("stop_checks", Use::StopCheck),
    ("arrests.stop_check", Use::StopCheck),
    ("arrests.stake_out", Use::Stakeout),
    ("charges", Use::Always),
    ("custody_sentences", Use::Always),
    ("detentions", Use::Always),
    ("offenders_in_prison_mean", Use::Always),
    ("offenders_active_mean", Use::Always),
    ("cases_worked", Use::Detectives),
    ("cases_waiting_at_end", Use::Detectives),
    ("case_wait_mean_days", Use::Detectives),
    ("calls_answered_across_boundary", Use::Boundaries),
    ("identifications.cross_jurisdiction", Use::Boundaries),
    ("arrests.cross_jurisdiction", Use::Boundaries),
    ("identifications.outside_county", Use::Roaming),
    ("arrests.outside_county", Use::Outside),
    ("offenders_wanted", Use::Wanted),
    ("arrests.wanted", Use::WantedCaught),
    ("informants", Use::Tips),
    ("tips.offenders_noted", Use::Tips),
    ("tips.loot_sales_noted", Use::Tips),
    ("tips.lodging_registrations", Use::Lodging),
    ("identifications.helped_by_tips", Use::Tips),
    ("cost_total", Use::Always),
    ("cost.officers", Use::Item(0)),
    ("cost.vehicles", Use::Item(1)),
    ("cost.locks", Use::Item(2)),
    ("cost.alarms", Use::Item(3)),
    ("cost.cameras", Use::Item(4)),
    ("cost.street_cameras", Use::Item(5)),
    ("cost.checkpoints", Use::Item(6)),
    ("cost.detectives", Use::Item(7)),
    ("cost.volunteers", Use::Item(8)),
    ("cost.informants", Use::Item(9)),
    ("cost.registration", Use::Item(10)),
    ("cost.regional", Use::Item(11)),
    ("cost.platform", Use::Item(12)),
    ("cost.prison", Use::Item(13)),
    ("cost.arrests", Use::Item(14)),
    ("cost.false_alarms", Use::Item(15)),
    ("cost_by_payer.public", Use::Payer(0)),
    ("cost_by_payer.households", Use::Payer(1)),
    ("cost_by_payer.businesses", Use::Payer(2)),
    ("cost_by_payer.justice", Use::Payer(3)),
    // Emitted only with unit roles, for the roles with units.
    ("cost_by_role.patrol", Use::Always),
    ("cost_by_role.traffic", Use::Always),
    ("cost_by_role.fire", Use::Always),
    ("cost_by_role.medical", Use::Always),
    ("cost_by_role.detective", Use::Always),
    ("cost_by_role.community", Use::Always),
];

/// The table's label of a metric of a phase (the registry's label, else
/// the name in words).
fn label(name: &str) -> String {
    metrics::label(name).unwrap_or_else(|| name.replace(['_', '.'], " "))
}

/// When a row of a phase applies (as in the main table; the settings
/// counted per period go with their cost items).
fn phase_use(name: &str) -> Use {
    match name {
        "targets_locked" => Use::Item(2),
        "targets_alarmed" => Use::Item(3),
        "targets_with_camera" => Use::Item(4),
        "street_cameras" => Use::Item(5),
        _ => ROWS
            .iter()
            .find(|(m, _)| *m == name)
            .map_or(Use::Always, |(_, u)| *u),
    }
}

const W: usize = 44;

/// The registry's section of a row's metric.
fn section(name: &str) -> Section {
    metrics::resolve(name)
        .unwrap_or_else(|| panic!("run table row `{name}` is not a registered metric"))
        .family
        .section
}

/// The registry's label of a row's metric under its section's heading.
fn row_label(name: &str) -> String {
    metrics::table_label(name)
        .unwrap_or_else(|| panic!("run table row `{name}` is not a registered metric"))
}

/// The report for people. It shows what the scenario uses: rows of levers
/// it does not use (no checkpoints ⇒ no checkpoint rows) are left out; JSON
/// and CSV keep every metric.
pub fn run_table(s: &Scenario, r: &Replicated) -> String {
    let title = &s.name;
    let uses = Uses::of(s);
    let money = |t: &str| t.replace("CURRENCY", &s.economics.currency);
    let mut out = String::new();
    let n = r.runs.len();
    let _ = writeln!(
        out,
        "patrolsim — {title}\n{n} replication{} (master seed {}); values are mean ± 95 % CI half-width\n",
        if n == 1 { "" } else { "s" },
        r.master_seed
    );
    for sec in Section::ALL {
        let head = sec.heading();
        let shown: Vec<(String, &Summary)> = ROWS
            .iter()
            .filter(|(m, _)| section(m) == sec)
            .filter(|(_, u)| uses.applies(*u))
            .filter_map(|(m, _)| r.get(m).map(|s| (row_label(m), s)))
            .collect();
        if shown.is_empty() {
            continue; // e.g. no crime model, or a lever not used
        }
        let _ = writeln!(out, "{}", money(head));
        for (l, s) in shown {
            let _ = writeln!(out, "  {:<W$} {}", money(&l), fmt_summary(s));
        }
        if sec == Section::Response {
            for (name, s) in &r.summary {
                if let Some(p) = name.strip_prefix("response_time_mean_min.") {
                    let calls = r
                        .get(&format!("calls.{p}"))
                        .map(fmt_summary)
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  {:<W$} {}   ({calls} calls)",
                        format!("response time, mean, priority {} (min)", &p[1..]),
                        fmt_summary(s)
                    );
                }
            }
        }
        if sec == Section::Crime && r.get("crimes_completed").is_some() {
            let _ = writeln!(out, "  crimes completed, by type:");
            for (name, s) in &r.summary {
                if let Some(k) = name
                    .strip_prefix("crimes_completed.")
                    .filter(|k| !["hot_spots", "ring", "elsewhere"].contains(k))
                {
                    let _ = writeln!(
                        out,
                        "    {:<w$} {}",
                        k.replace('_', " "),
                        fmt_summary(s),
                        w = W - 2
                    );
                }
            }
        }
        if sec == Section::Units {
            let _ = writeln!(out, "  unit-hours, by state:");
            for (name, s) in &r.summary {
                if let Some(st) = name.strip_prefix("unit_hours.")
                    && s.mean.unwrap_or(0.0) > 0.0
                {
                    let _ = writeln!(
                        out,
                        "    {:<w$} {}",
                        st.replace('_', " "),
                        fmt_summary(s),
                        w = W - 2
                    );
                }
            }
        }
        out.push('\n');
    }
    // Phased building: each period's own outcomes and cost, period by period.
    let mut periods: Vec<(&str, Vec<(&str, &Summary)>)> = Vec::new();
    for (name, s) in &r.summary {
        if let Some((phase, metric)) = name.strip_prefix("phase.").and_then(|r| r.split_once('.')) {
            match periods.iter_mut().find(|(p, _)| *p == phase) {
                Some((_, list)) => list.push((metric, s)),
                None => periods.push((phase, vec![(metric, s)])),
            }
        }
    }
    if !periods.is_empty() {
        let _ = writeln!(out, "Phases (each period's own outcomes, after warm-up)");
        for (phase, list) in periods {
            let _ = writeln!(out, "  {phase}:");
            for (metric, s) in list {
                if !uses.applies(phase_use(metric)) {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "    {:<w$} {}",
                    money(&label(metric)),
                    fmt_summary(s),
                    w = W - 2
                );
            }
        }
        out.push('\n');
    }
    out
}

/// Write `contents` to `path` atomically: a temporary file in the same
/// directory, flushed, then renamed over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let res = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

fn diff_value(d: &crate::experiment::Diff, holm: Option<f64>) -> Value {
    json!({
        "p_value": num(crate::experiment::multiplicity::paired_p(&d.paired)),
        "p_holm": num(holm),
        "mean": num(d.paired.mean),
        "std": num(d.paired.std),
        "ci95_low": num(d.paired.ci95_low),
        "ci95_high": num(d.paired.ci95_high),
        "unpaired_ci95_low": num(d.unpaired_low),
        "unpaired_ci95_high": num(d.unpaired_high),
    })
}

/// The JSON document of `compare`: each strategy in the shape of `run`, and
/// the paired difference of each to the baseline.
pub fn compare_json(scenario: &str, c: &Comparison) -> String {
    let mut strategies = Map::new();
    let mut diffs = Map::new();
    let (fam, note) = uncertainty::compare_family_note(c);
    for (s, ((name, r), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
        strategies.insert(
            name.clone(),
            json!({"replications": r.runs.len(), "metrics": metrics_value(&r.summary)}),
        );
        let mut m = Map::new();
        for (metric, diff) in d {
            let h = fam.iter().find(|t| t.strategy == s && t.metric == metric);
            m.insert(metric.clone(), diff_value(diff, h.map(|t| t.p_holm)));
        }
        diffs.insert(name.clone(), Value::Object(m));
    }
    let v = json!({
        "scenario": scenario,
        "seed": c.master_seed,
        "replications": c.strategies[c.baseline].1.runs.len(),
        "baseline": c.strategies[c.baseline].0,
        "strategies": strategies,
        "differences": diffs,
        "multiple_comparisons": {"method": "holm", "tests": fam.len(), "family": note},
    });
    serde_json::to_string_pretty(&v).expect("JSON of plain values") + "\n"
}

/// Long CSV: one row per strategy and metric, with the difference to the baseline.
pub fn compare_csv(c: &Comparison) -> String {
    let mut out = String::from(
        "strategy,metric,mean,std,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high,diff_unpaired_ci95_low,diff_unpaired_ci95_high,diff_p,diff_p_holm\n",
    );
    let fam = crate::experiment::multiplicity::compare_family(c);
    for (si, ((name, r), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
        let none = crate::stats::Summary::of([None]);
        for (metric, diff) in d {
            let s = r.get(metric).unwrap_or(&none);
            let _ = writeln!(
                out,
                "{name},{metric},{},{},{},{},{},{},{},{},{},{},{}",
                cell(s.mean),
                cell(s.std),
                cell(s.ci95_low),
                cell(s.ci95_high),
                cell(diff.paired.mean),
                cell(diff.paired.ci95_low),
                cell(diff.paired.ci95_high),
                cell(diff.unpaired_low),
                cell(diff.unpaired_high),
                cell(crate::experiment::multiplicity::paired_p(&diff.paired)),
                cell(
                    fam.iter()
                        .find(|t| t.strategy == si && t.metric == metric)
                        .map(|t| t.p_holm)
                ),
            );
        }
    }
    out
}

const COMPARE_METRICS: &[&str] = &[
    "crimes_completed",
    "crimes_completed.hot_spots",
    "crimes_completed.ring",
    "crimes_completed.elsewhere",
    "crimes_deterred",
    "social_cost",
    "arrests",
    "offenders_in_prison_mean",
    "clearance_rate",
    "calls",
    "response_time_mean_min",
    "response_time_p90_min",
    "response_time_mean_min.p1",
    "dispatch_wait_mean_min",
    "travel_time_mean_min",
    "unit_utilization",
    "patrol_coverage",
    "presence_hours",
    "officers_needed",
    "cost_total",
];

/// Rows that exist only as differences to the baseline.
const ECONOMIC_ROWS: &[&str] = &[
    "benefit",
    "benefit.victims",
    "benefit.public_services",
    "net_benefit",
    "benefit_cost_ratio",
    "cost_per_crime_prevented",
];

fn fmt_interval(lo: Option<f64>, hi: Option<f64>) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) => format!("[{}, {}]", fmt_val(l), fmt_val(h)),
        _ => "—".into(),
    }
}

/// The comparison for people: each strategy's value, then its difference to
/// the baseline with the paired and the unpaired 95 % interval.
pub fn compare_table(title: &str, c: &Comparison) -> String {
    let mut out = String::new();
    let base = &c.strategies[c.baseline].0;
    let n = c.strategies[c.baseline].1.runs.len();
    let _ = writeln!(
        out,
        "patrolsim compare — {title}\n{n} replications per strategy, common random numbers (master seed {}); baseline: {base}\n",
        c.master_seed
    );
    let (fam, note) = uncertainty::compare_family_note(c);
    let _ = writeln!(out, "{note}\n");
    let pcell = |s: usize, m: &str| {
        uncertainty::family_cells(&fam, s, m).map_or(String::new(), |p| format!("  {p}"))
    };
    for metric in COMPARE_METRICS {
        if c.strategies[0].1.get(metric).is_none() {
            continue;
        }
        let _ = writeln!(out, "{}", metric.replace('_', " "));
        for (i, ((name, r), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
            let v = r.get(metric).map(fmt_summary).unwrap_or_default();
            if i == c.baseline {
                let _ = writeln!(out, "  {name:<22} {v:<22} (baseline)");
                continue;
            }
            let diff = d.iter().find(|(m, _)| m == metric).map(|(_, d)| d);
            let (dm, paired, unpaired) = match diff {
                Some(d) => (
                    d.paired
                        .mean
                        .map(|x| format!("{}{}", if x >= 0.0 { "+" } else { "" }, fmt_val(x)))
                        .unwrap_or("—".into()),
                    fmt_interval(d.paired.ci95_low, d.paired.ci95_high),
                    fmt_interval(d.unpaired_low, d.unpaired_high),
                ),
                None => ("—".into(), "—".into(), "—".into()),
            };
            let line = format!(
                "  {name:<22} {v:<22} Δ {dm:<9} paired {paired:<22} unpaired {unpaired:<22}{}",
                pcell(i, metric)
            );
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out.push('\n');
    }
    if c.diffs
        .iter()
        .any(|d| d.iter().any(|(m, _)| m == "benefit"))
    {
        let _ = writeln!(
            out,
            "Against the baseline (benefit = harm to victims and public-service costs avoided; paired 95 % CI)"
        );
        for metric in ECONOMIC_ROWS {
            let row = match *metric {
                "benefit.victims" => "benefit, harm to victims".to_string(),
                "benefit.public_services" => "benefit, public services".to_string(),
                m => m.replace('_', " "),
            };
            let _ = writeln!(out, "{row}");
            for (i, ((name, _), d)) in c.strategies.iter().zip(&c.diffs).enumerate() {
                if i == c.baseline {
                    continue;
                }
                if let Some((_, x)) = d.iter().find(|(m, _)| m == metric) {
                    let v = x.paired.mean.map(fmt_val).unwrap_or("—".into());
                    let ci = fmt_interval(x.paired.ci95_low, x.paired.ci95_high);
                    let line = format!("  {name:<22} {v:<14} {ci:<22}{}", pcell(i, metric));
                    let _ = writeln!(out, "{}", line.trim_end());
                }
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_run_table_is_a_registered_metric_in_section_order() {
        let mut last = 0;
        for (m, _) in ROWS {
            let sec = section(m);
            let i = Section::ALL.iter().position(|s| *s == sec).unwrap();
            assert!(i >= last, "row `{m}` is out of its section's order");
            assert!(
                !matches!(sec, Section::Settings | Section::Comparison),
                "row `{m}`: its section is not one of the run table"
            );
            last = i;
        }
    }

    #[test]
    fn every_metric_the_compare_table_shows_is_registered() {
        for m in COMPARE_METRICS.iter().chain(ECONOMIC_ROWS) {
            assert!(metrics::resolve(m).is_some(), "`{m}` is not registered");
        }
    }
}
