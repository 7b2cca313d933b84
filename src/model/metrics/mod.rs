//! The metric registry: every metric family a run, a phase or a comparison
//! emits (DESIGN "Conventions": flat names, a breakdown after a dot), with
//! its unit, whether it is a share, the report section it belongs to, its
//! label in words and a one-line meaning. It drives [`is_share`] (shares are
//! clamped to 0..1 in replication summaries), the labels and sections of the
//! run table (`report::run_table`; a lever's metrics also their rows and when
//! they are shown, `Family::row`) and the generated reference
//! `docs/reference/metrics.md` ([`reference_markdown`];
//! `cargo run --example gen_metrics_reference`). The test
//! `every_emitted_metric_is_registered_and_every_registered_metric_is_emitted`
//! (tests/all/metrics.rs) keeps it and the emitting code in step.

use crate::scenario::economics::{ITEM_LABELS, ITEMS, PAYERS};
use crate::scenario::{AREA_TYPES, DESK_NAMES, ROLES, Scenario};

/// The unit of a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    PerHour,
    Min,
    Hours,
    Days,
    Years,
    /// A time-averaged number of units.
    Units,
    Officers,
    /// A fraction in 0..1.
    Share,
    /// In the scenario's currency at its price year.
    Money,
    Ratio,
}

impl Unit {
    /// As written in the reference.
    pub fn text(self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::PerHour => "per hour",
            Unit::Min => "min",
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Years => "years",
            Unit::Units => "units",
            Unit::Officers => "officers",
            Unit::Share => "share",
            Unit::Money => "money",
            Unit::Ratio => "ratio",
        }
    }

    /// The unit in brackets after a label in the run table (`CURRENCY` is
    /// replaced by the scenario's currency); none where the words say it.
    pub fn bracket(self) -> Option<&'static str> {
        match self {
            Unit::Min => Some("(min)"),
            Unit::Hours => Some("(hours)"),
            Unit::Days => Some("(days)"),
            Unit::Share => Some("(share)"),
            Unit::Money => Some("(CURRENCY)"),
            _ => None,
        }
    }
}

/// A section of the run table (and of the reference). `Settings` and
/// `Comparison` are not sections of the run table: the first holds counts
/// of what the settings provide (shown per phase), the second the
/// differences `compare` and `sweep` compute against the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Calls,
    Intake,
    Response,
    Dispatch,
    Work,
    Units,
    Presence,
    Crime,
    Arrests,
    Investigation,
    Regional,
    Informants,
    Cost,
    Settings,
    Comparison,
}

impl Section {
    pub const ALL: [Section; 15] = [
        Section::Calls,
        Section::Intake,
        Section::Response,
        Section::Dispatch,
        Section::Work,
        Section::Units,
        Section::Presence,
        Section::Crime,
        Section::Arrests,
        Section::Investigation,
        Section::Regional,
        Section::Informants,
        Section::Cost,
        Section::Settings,
        Section::Comparison,
    ];

    /// The heading (`CURRENCY` is replaced by the scenario's currency).
    pub fn heading(self) -> &'static str {
        match self {
            Section::Calls => "Calls for service",
            Section::Intake => "Call intake (received → queued: call takers, docs/desks.md)",
            Section::Response => "Response (received → on scene)",
            Section::Dispatch => "Dispatch wait (queued → assigned)",
            Section::Work => "Work per call",
            Section::Units => "Units",
            Section::Presence => "Presence",
            Section::Crime => "Crime (offenders' opportunities → outcomes)",
            Section::Arrests => "Arrests",
            Section::Investigation => "Investigation",
            Section::Regional => "Regional linkage",
            Section::Informants => "Informants and registration",
            Section::Cost => "Cost (CURRENCY, over the simulated period after warm-up)",
            Section::Settings => "What the settings provide",
            Section::Comparison => "Against the baseline (compare and sweep only)",
        }
    }
}

/// The arrest channels, each declared once: its variant of [`Channel`], its
/// name (`arrests.<name>`), its label in words, and when the run table
/// shows its row (`always`, or a function of the scenario: the lever that
/// makes the channel is used in some period), with the rows of other
/// metrics that go just before it under the same condition. The channel
/// metrics (`sim/crime/metrics.rs`), the breakdown `By::Channel` and the
/// run table's `arrests.*` rows (`report::run_table`) are generated from
/// it; a lever that arrests through a channel of its own adds one line.
macro_rules! channels {
    ($($variant:ident $name:ident $label:literal $shown:expr, [$($before:literal),*],)*) => {
        /// The channel through which an offender is arrested (`arrests.<channel>`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Channel {
            $($variant,)*
        }

        impl Channel {
            pub const ALL: [Channel; [$(stringify!($name),)*].len()] = [$(Channel::$variant,)*];
            /// The names, in `ALL` order (index = `self as usize`).
            pub const NAMES: [&'static str; Channel::ALL.len()] = [$(stringify!($name),)*];
            const LABELS: [&'static str; Channel::ALL.len()] = [$($label,)*];
            /// The metric of each channel, `arrests.<name>`.
            pub const METRICS: [&'static str; Channel::ALL.len()] =
                [$(concat!("arrests.", stringify!($name)),)*];
            /// When the run table shows each channel's row (`None`: always).
            pub const SHOWN: [Option<fn(&Scenario) -> bool>; Channel::ALL.len()] = [$($shown,)*];
            /// The rows placed just before each channel's row, shown with it.
            pub const BEFORE: [&'static [&'static str]; Channel::ALL.len()] = [$(&[$($before),*],)*];
        }
    };
}

// variant, name, label, when its row shows, rows just before it
channels! {
    InAct in_act "in the act" None, [],
    Response response "on response" None, [],
    Investigation investigation "by investigation" None, [],
    Checkpoint checkpoint "at checkpoints" Some(channel::checkpoints), [],
    StopCheck stop_check "by stop and check" Some(channel::stop_check), ["stop_checks"],
    StakeOut stake_out "by stake-out" Some(channel::stake_out), [],
}

impl Channel {
    pub fn name(self) -> &'static str {
        Channel::NAMES[self as usize]
    }
}

/// When a channel's row shows: the lever that arrests through it is used
/// in some period (the base or a phase).
mod channel {
    use crate::scenario::{PatrolPolicy, Scenario};

    fn any(s: &Scenario, f: impl Fn(&Scenario) -> bool) -> bool {
        (0..=s.phases.len()).any(|k| f(s.phase_scenario(k)))
    }
    pub(super) fn checkpoints(s: &Scenario) -> bool {
        any(s, |p| !p.checkpoints.is_empty())
    }
    pub(super) fn stop_check(s: &Scenario) -> bool {
        any(s, |p| p.enforcement.stop_check_per_hour > 0.0)
    }
    pub(super) fn stake_out(s: &Scenario) -> bool {
        any(s, |p| {
            p.units
                .iter()
                .any(|g| g.count > 0 && g.patrol == PatrolPolicy::Stakeout)
        })
    }
}

/// A unit's state (`unit_hours.<state>`), as in docs/model.md §8.1.
pub const UNIT_STATES: [&str; 8] = [
    "off_duty",
    "standby",
    "patrol",
    "en_route",
    "on_scene",
    "returning",
    "held",
    "admin",
];

/// The place groups of `crimes_completed.<group>`.
pub const PLACE_GROUPS: [&str; 3] = ["hot_spots", "ring", "elsewhere"];
const PLACE_LABELS: [&str; 3] = ["at the hot spots", "in their ring", "elsewhere"];

const PAYER_LABELS: [&str; PAYERS.len()] = [
    "paid by the public purse",
    "paid by households",
    "paid by businesses",
    "paid by the justice system",
];

/// A breakdown of a family: the suffix after the dot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// Call priority as written in the scenario: `p1`, `p2`, …
    Priority,
    /// Area type (`AREA_TYPES`).
    AreaType,
    /// Crime type, by the scenario's name for it.
    CrimeType,
    Channel,
    /// Unit state (`UNIT_STATES`).
    UnitState,
    /// Place group (`PLACE_GROUPS`).
    Place,
    /// Priced item (`ITEMS`).
    Item,
    /// Payer (`PAYERS`).
    Payer,
    /// Desk of the call platform (`DESK_NAMES`).
    Desk,
    /// Role (agency) of a unit type (`ROLES`).
    Role,
}

impl By {
    /// The fixed suffixes, or `None` for the open ones (priorities, crime types).
    pub fn values(self) -> Option<&'static [&'static str]> {
        match self {
            By::Priority | By::CrimeType => None,
            By::AreaType => Some(&AREA_TYPES),
            By::Channel => Some(&Channel::NAMES),
            By::UnitState => Some(&UNIT_STATES),
            By::Place => Some(&PLACE_GROUPS),
            By::Item => Some(&ITEMS),
            By::Payer => Some(&PAYERS),
            By::Desk => Some(&DESK_NAMES),
            By::Role => Some(&ROLES),
        }
    }

    /// Is `v` a suffix of this breakdown?
    pub fn accepts(self, v: &str) -> bool {
        match self.values() {
            Some(vals) => vals.contains(&v),
            None if self == By::Priority => {
                v.len() > 1 && v.starts_with('p') && v[1..].bytes().all(|b| b.is_ascii_digit())
            }
            None => {
                !v.is_empty()
                    && v.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            }
        }
    }

    /// The suffix in words (the qualifier after a comma in a label).
    pub fn label(self, v: &str) -> String {
        let of = |vals: &[&str], labels: &[&str]| {
            vals.iter()
                .position(|x| *x == v)
                .map_or_else(|| v.replace('_', " "), |i| labels[i].to_string())
        };
        match self {
            By::Priority => format!("priority {}", &v[1..]),
            By::Channel => of(&Channel::NAMES, &Channel::LABELS),
            By::Place => of(&PLACE_GROUPS, &PLACE_LABELS),
            By::Item => of(&ITEMS, &ITEM_LABELS),
            By::Payer => of(&PAYERS, &PAYER_LABELS),
            By::Desk => format!("{v} desk"),
            By::Role => format!("{v} units"),
            By::AreaType | By::CrimeType | By::UnitState => v.replace('_', " "),
        }
    }

    /// How the reference writes the suffixes.
    pub fn doc(self) -> String {
        match self {
            By::Priority => "`pN`: each call priority N as written in the scenario".into(),
            By::CrimeType => "each crime type, by its name in `[crime]`".into(),
            _ => self
                .values()
                .unwrap_or_default()
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// Where a family is emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Once per run.
    Run,
    /// Once per run and, in a phased scenario, per period as `phase.<name>.<metric>`.
    RunAndPhase,
    /// Only per period of a phased scenario.
    Phase,
    /// Only as a difference of a strategy to the baseline (`compare`, `sweep`).
    Difference,
}

/// One metric family: a base name, and the names it takes with breakdowns.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    pub name: &'static str,
    pub unit: Unit,
    pub section: Section,
    /// In words, lower case, qualifiers after a comma, no unit.
    pub label: &'static str,
    /// One line: what is counted or measured.
    pub meaning: &'static str,
    pub by: &'static [By],
    /// Is the base name itself emitted (else only with a breakdown)?
    pub total: bool,
    pub scope: Scope,
    /// Emitted only when the scenario uses what this says (for the reference).
    pub when: Option<&'static str>,
    /// A lever's metric with a row of its own in the run table
    /// (`report::run_table`, after the section's rows of lower registry
    /// order): shown when the scenario (all its periods) passes this.
    pub row: Option<fn(&Scenario) -> bool>,
}

impl Family {
    pub fn is_share(&self) -> bool {
        self.unit == Unit::Share
    }
}

const fn f(
    name: &'static str,
    unit: Unit,
    section: Section,
    label: &'static str,
    meaning: &'static str,
) -> Family {
    Family {
        name,
        unit,
        section,
        label,
        meaning,
        by: &[],
        total: true,
        scope: Scope::Run,
        when: None,
        row: None,
    }
}

impl Family {
    const fn by(mut self, by: &'static [By]) -> Family {
        self.by = by;
        self
    }
    const fn phase(mut self) -> Family {
        self.scope = Scope::RunAndPhase;
        self
    }
    const fn scope(mut self, scope: Scope) -> Family {
        self.scope = scope;
        self
    }
    const fn parts_only(mut self) -> Family {
        self.total = false;
        self
    }
    const fn when(mut self, w: &'static str) -> Family {
        self.when = Some(w);
        self
    }
    const fn row(mut self, shown: fn(&Scenario) -> bool) -> Family {
        self.row = Some(shown);
        self
    }
}

mod families;
pub use families::FAMILIES;

/// A metric name resolved: its family, and the breakdown and suffix if any.
#[derive(Debug, Clone, Copy)]
pub struct Resolved {
    pub family: &'static Family,
    pub by: Option<(By, &'static str)>,
    /// Per period (`phase.<name>.…`)?
    pub phase: bool,
}

/// The family of a metric name as emitted (with a `phase.<name>.` prefix,
/// a breakdown suffix, or both), or `None` when it is not registered.
pub fn resolve(name: &str) -> Option<Resolved> {
    let (phase, m) = match name.strip_prefix("phase.") {
        Some(rest) => (true, rest.split_once('.')?.1),
        None => (false, name),
    };
    let scope_ok = |f: &Family| match f.scope {
        Scope::Run | Scope::Difference => !phase,
        Scope::RunAndPhase => true,
        Scope::Phase => phase,
    };
    if let Some(fam) = FAMILIES.iter().find(|f| f.name == m) {
        return (fam.total && scope_ok(fam)).then_some(Resolved {
            family: fam,
            by: None,
            phase,
        });
    }
    if phase {
        return None; // periods have no breakdowns
    }
    let (base, sfx) = m.split_once('.')?;
    let fam = FAMILIES.iter().find(|f| f.name == base && scope_ok(f))?;
    let by = fam.by.iter().copied().find(|b| b.accepts(sfx))?;
    // The suffix is borrowed from the registry for fixed breakdowns; open
    // ones (priorities, crime types) keep no suffix.
    let sfx: &'static str = by
        .values()
        .and_then(|v| v.iter().copied().find(|x| *x == sfx))
        .unwrap_or("");
    Some(Resolved {
        family: fam,
        by: Some((by, sfx)),
        phase,
    })
}

/// Is the metric a share of something (bounded by 0 and 1), also per type,
/// area, priority or phase (`clearance_rate.burglary`,
/// `phase.cameras.response_target_met_share`)?
pub fn is_share(name: &str) -> bool {
    resolve(name).is_some_and(|r| r.family.is_share())
}

/// The breakdown suffix of `name` as written (after the family's name).
fn suffix<'n>(name: &'n str, fam: &Family) -> &'n str {
    let m = name
        .strip_prefix("phase.")
        .and_then(|r| r.split_once('.'))
        .map_or(name, |(_, m)| m);
    m.strip_prefix(fam.name)
        .and_then(|s| s.strip_prefix('.'))
        .unwrap_or("")
}

/// The metric in words with its unit in brackets, standing on its own
/// ("arrests, in the act", "response time, mean, priority 1 (min)",
/// "cost, total (CURRENCY)"); `None` when not registered.
pub fn label(name: &str) -> Option<String> {
    let r = resolve(name)?;
    let fam = r.family;
    let mut out = fam.label.to_string();
    if let Some((by, _)) = r.by {
        out.push_str(", ");
        out.push_str(&by.label(suffix(name, fam)));
    }
    if let Some(b) = fam.unit.bracket() {
        out.push(' ');
        out.push_str(b);
    }
    Some(out)
}

/// The metric's label as a row of the run table, under its section's
/// heading: as [`label`], except in the cost section, whose heading names
/// the quantity and its unit ("total", "officers", "paid by households").
pub fn table_label(name: &str) -> Option<String> {
    let r = resolve(name)?;
    if r.family.section != Section::Cost {
        return label(name);
    }
    Some(match r.by {
        Some((by, _)) => by.label(suffix(name, r.family)),
        None => r
            .family
            .label
            .strip_prefix("cost, ")
            .unwrap_or(r.family.label)
            .to_string(),
    })
}

/// `docs/reference/metrics.md`, generated from [`FAMILIES`].
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# Metric reference\n\n\
         <!-- Generated from src/model/metrics/ by `cargo run --example gen_metrics_reference`; do not edit. -->\n\n\
         Every metric `run`, `compare` and `sweep` write (JSON and CSV), by the\n\
         section of the run table it belongs to. Names are flat; a breakdown\n\
         follows a dot (`arrests.in_act`), and a phased scenario repeats the\n\
         metrics marked `phase` for each period as `phase.<name>.<metric>`\n\
         (the base period is named `start`). A metric with no observation is\n\
         `null` in JSON and an empty cell in CSV. Shares lie in 0..1 (their\n\
         replication intervals are clipped to it); money is in the scenario's\n\
         currency at its price year. *Emitted*: once per run (`run`), also per\n\
         period of a phased scenario (`phase`), or as a difference to\n\
         `compare`'s baseline (`difference`), and when. Definitions in detail:\n\
         docs/model.md §13, docs/crime.md §12, docs/economics.md.\n",
    );
    for sec in Section::ALL {
        let fams: Vec<&Family> = FAMILIES.iter().filter(|f| f.section == sec).collect();
        if fams.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n## {}\n\n| name | unit | meaning | breakdowns | emitted |\n|---|---|---|---|---|\n",
            sec.heading().replace("CURRENCY, ", "")
        ));
        for fam in fams {
            let name = if fam.total {
                format!("`{}`", fam.name)
            } else {
                format!("`{}.*`", fam.name)
            };
            let by = fam
                .by
                .iter()
                .map(|b| b.doc())
                .collect::<Vec<_>>()
                .join("; ");
            let mut emitted = match fam.scope {
                Scope::Run => "run".to_string(),
                Scope::RunAndPhase => "run, phase".to_string(),
                Scope::Phase => "phase".to_string(),
                Scope::Difference => "difference".to_string(),
            };
            if let Some(w) = fam.when {
                emitted.push_str("; ");
                emitted.push_str(&w.replace("the scenario has ", "with "));
            }
            out.push_str(&format!(
                "| {name} | {} | {} | {} | {emitted} |\n",
                fam.unit.text(),
                fam.meaning,
                if by.is_empty() { "—".into() } else { by },
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_their_family_and_breakdown() {
        let r = resolve("arrests.in_act").unwrap();
        assert_eq!(r.family.name, "arrests");
        assert_eq!(r.by, Some((By::Channel, "in_act")));
        assert_eq!(
            resolve("arrests.wanted").unwrap().family.name,
            "arrests.wanted"
        );
        assert_eq!(
            resolve("crimes_completed.ring").unwrap().by,
            Some((By::Place, "ring"))
        );
        assert_eq!(
            resolve("crimes_completed.burglary").unwrap().by.unwrap().0,
            By::CrimeType
        );
        assert_eq!(resolve("calls.p12").unwrap().by.unwrap().0, By::Priority);
        assert!(resolve("phase.cameras.cost_total").unwrap().phase);
        assert!(resolve("phase.cameras.years").is_some());
        assert!(resolve("years").is_none(), "per phase only");
        assert!(
            resolve("phase.cameras.calls_service").is_none(),
            "not per phase"
        );
        assert!(resolve("arrests.in_actt").is_none());
        assert!(resolve("unit_hours").is_none(), "only by state");
        assert!(resolve("calls.x1").is_none());
        assert!(resolve("no_such_metric").is_none());
    }

    #[test]
    fn shares_are_the_families_in_unit_share() {
        assert!(is_share("clearance_rate.burglary"));
        assert!(is_share("phase.cameras.response_target_met_share"));
        assert!(is_share("response_target_met_share.urban"));
        assert!(is_share("dispatch_delayed_share.p1"));
        assert!(!is_share("call_rate_per_hour"));
        assert!(!is_share("phase.x.years"));
        assert!(!is_share("unknown_share"));
    }

    #[test]
    fn labels_put_the_breakdown_after_a_comma_and_the_unit_in_brackets() {
        let l = |n| label(n).unwrap();
        assert_eq!(l("arrests.in_act"), "arrests, in the act");
        assert_eq!(
            l("response_time_mean_min.p2"),
            "response time, mean, priority 2 (min)"
        );
        assert_eq!(
            l("response_target_met_share.rural"),
            "priority 1 within target, rural (share)"
        );
        assert_eq!(l("phase.cameras.cost_total"), "cost, total (CURRENCY)");
        assert_eq!(table_label("cost_total").unwrap(), "total");
        assert_eq!(table_label("cost.platform").unwrap(), "110 platform");
        assert_eq!(
            table_label("cost_by_payer.public").unwrap(),
            "paid by the public purse"
        );
    }

    #[test]
    fn names_are_unique_and_fixed_breakdowns_do_not_overlap() {
        for (i, a) in FAMILIES.iter().enumerate() {
            assert!(
                FAMILIES[i + 1..].iter().all(|b| b.name != a.name),
                "{} registered twice",
                a.name
            );
            assert!(a.total || !a.by.is_empty(), "{} emits no name", a.name);
            let fixed: Vec<&str> =
                a.by.iter()
                    .filter_map(|b| b.values())
                    .flatten()
                    .copied()
                    .collect();
            for (k, v) in fixed.iter().enumerate() {
                assert!(
                    !fixed[k + 1..].contains(v),
                    "{}.{v} in two breakdowns",
                    a.name
                );
            }
        }
    }
}
