//! The run table for people: which rows a scenario uses (a lever it does
//! not use shows no rows), their order, sections and labels from the metric
//! registry, and the per-phase tables.

use super::fmt_summary;
use crate::experiment::Replicated;
use crate::model::Provided;
use crate::model::metrics::{self, Channel, Section};
use crate::scenario::Scenario;
use crate::scenario::economics::{COST_METRICS, ITEMS, Item, PAYERS};
use crate::stats::Summary;
use std::fmt::Write as _;

/// When a row of the run table applies: what the scenario must use for the
/// metric to say anything (a metric of a lever the scenario does not use is
/// 0 by construction and stays in JSON and CSV only). A lever's own rows say
/// it in the registry (`metrics::Family::row`).
#[derive(Clone, Copy)]
enum Use {
    Always,
    Preempt,
    /// Call takers (`[intake]`).
    Intake,
    /// A priced item the scenario uses.
    Item(Item),
    /// Payer (index into `PAYERS`) of an item the scenario uses.
    Payer(usize),
    /// The registry's condition for a lever's row (or an arrest channel's,
    /// `Channel::SHOWN`).
    Lever(fn(&Scenario) -> bool),
}

/// What a scenario uses, in any of its periods (the base and each phase).
struct Uses<'s> {
    s: &'s Scenario,
    preempt: bool,
    intake: bool,
    items: [bool; ITEMS.len()],
    payers: [bool; PAYERS.len()],
}

impl<'s> Uses<'s> {
    fn of(s: &'s Scenario) -> Uses<'s> {
        let periods: Vec<&Scenario> = (0..=s.phases.len()).map(|k| s.phase_scenario(k)).collect();
        let any = |f: &dyn Fn(&Scenario) -> bool| periods.iter().any(|p| f(p));
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
            s,
            preempt: any(&|p| p.dispatch.preempt),
            intake: any(&|p| p.intake.is_some()),
            items,
            payers,
        }
    }

    fn applies(&self, u: Use) -> bool {
        match u {
            Use::Always => true,
            Use::Preempt => self.preempt,
            Use::Intake => self.intake,
            Use::Item(i) => self.items[i as usize],
            Use::Payer(p) => self.payers[p],
            Use::Lever(shown) => shown(self.s),
        }
    }
}

/// The rows of the run table: metric and when the row applies, in table
/// order: the hand-written rows, and those generated from the registries
/// (the arrests by channel from `Channel`, the cost of each item from
/// `scenario::economics::items!`). Each row's section and label come from
/// the metric registry (`model::metrics`); the levers' own rows come from
/// the registry too ([`section_rows`]).
fn rows() -> Vec<(&'static str, Use)> {
    let channels = Channel::ALL.iter().flat_map(|&ch| {
        let i = ch as usize;
        let u = Channel::SHOWN[i].map_or(Use::Always, Use::Lever);
        let before = Channel::BEFORE[i].iter().map(move |&m| (m, u));
        before.chain([(Channel::METRICS[i], u)])
    });
    let items = Item::ALL.map(|i| (COST_METRICS[i as usize], Use::Item(i)));
    (ROWS_HEAD.iter().copied())
        .chain(channels)
        .chain(ROWS_MID.iter().copied())
        .chain(items)
        .chain(ROWS_TAIL.iter().copied())
        .collect()
}

/// The hand-written rows before the arrests by channel.
const ROWS_HEAD: &[(&str, Use)] = &[
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
    ("crimes_cleared", Use::Always),
    ("clearance_rate", Use::Always),
    ("clearance_rate_all", Use::Always),
    ("social_cost", Use::Always),
    ("social_cost.victims", Use::Always),
    ("social_cost.public_services", Use::Always),
    ("social_cost.response", Use::Always),
    ("crime_concentration_50", Use::Always),
    ("arrests", Use::Always),
];
/// The hand-written rows between the arrests by channel and the cost of
/// each item.
const ROWS_MID: &[(&str, Use)] = &[
    ("charges", Use::Always),
    ("custody_sentences", Use::Always),
    ("detentions", Use::Always),
    ("offenders_in_prison_mean", Use::Always),
    ("offenders_in_prison_repeat_mean", Use::Always),
    ("charges_repeat", Use::Always),
    ("custody_sentences_with_record", Use::Always),
    ("offenders_active_mean", Use::Always),
    ("cost_total", Use::Always),
];

/// The hand-written rows after the cost of each item.
const ROWS_TAIL: &[(&str, Use)] = &[
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

/// The rows of a section in table order: its hand-written rows, and before
/// each of them the levers' rows of the registry (`Family::row`) that come
/// before its family in registry order (the rest at the end).
fn section_rows(sec: Section) -> Vec<(&'static str, Use)> {
    let index = |name: &str| {
        let fam = metrics::resolve(name)
            .unwrap_or_else(|| panic!("run table row `{name}` is not a registered metric"))
            .family;
        metrics::FAMILIES
            .iter()
            .position(|f| std::ptr::eq(f, fam))
            .expect("a family of the registry")
    };
    let mut levers = metrics::FAMILIES
        .iter()
        .enumerate()
        .filter(|(_, f)| f.section == sec)
        .filter_map(|(i, f)| f.row.map(|shown| (i, f.name, Use::Lever(shown))))
        .peekable();
    let mut out = Vec::new();
    for (name, u) in rows().into_iter().filter(|(m, _)| section(m) == sec) {
        let at = index(name);
        while let Some((_, m, u)) = levers.next_if(|(i, _, _)| *i < at) {
            out.push((m, u));
        }
        out.push((name, u));
    }
    out.extend(levers.map(|(_, m, u)| (m, u)));
    out
}

/// The table's label of a metric of a phase (the registry's label, else
/// the name in words).
fn label(name: &str) -> String {
    metrics::label(name).unwrap_or_else(|| name.replace(['_', '.'], " "))
}

/// When a row of a phase applies (as in the main table; the settings
/// counted per period go with the items they are priced by,
/// `Provided::PRICED_BY`, unless the registry gives the metric a row of
/// its own).
fn phase_use(name: &str) -> Use {
    if let Some(shown) = metrics::resolve(name).and_then(|r| r.family.row) {
        return Use::Lever(shown);
    }
    if let Some((_, item)) = Provided::PRICED_BY.iter().find(|(m, _)| *m == name) {
        return Use::Item(*item);
    }
    rows()
        .into_iter()
        .find(|(m, _)| *m == name)
        .map_or(Use::Always, |(_, u)| u)
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
        let shown: Vec<(String, &Summary)> = section_rows(sec)
            .iter()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_run_table_is_a_registered_metric_in_section_order() {
        let mut last = 0;
        for (m, _) in rows() {
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
    fn each_levers_row_of_the_registry_is_placed_once_in_its_section() {
        for sec in Section::ALL {
            let rows = section_rows(sec);
            for (k, (m, _)) in rows.iter().enumerate() {
                assert_eq!(section(m), sec, "row `{m}` in another section");
                assert!(rows[k + 1..].iter().all(|(n, _)| n != m), "row `{m}` twice");
            }
            for f in metrics::FAMILIES.iter().filter(|f| f.section == sec) {
                assert_eq!(
                    rows.iter().any(|(m, _)| *m == f.name),
                    f.row.is_some() || super::rows().iter().any(|(m, _)| *m == f.name),
                    "`{}`: a row exactly when the registry or rows() gives one",
                    f.name
                );
            }
        }
        // A lever's row goes after the section's rows of lower registry order.
        let crime = section_rows(Section::Crime);
        let at = |m: &str| crime.iter().position(|(n, _)| *n == m).unwrap();
        assert_eq!(
            at("crimes_reported_by_volunteers"),
            at("crimes_reported") + 1
        );
    }
}
