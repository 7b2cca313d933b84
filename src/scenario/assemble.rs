//! The whole scenario: its type, and the read that puts the tables together
//! and checks them against each other.

use super::doc::{Node, Source};
use super::economics::EconomicsSpec;
use super::keys::{Def, Kind, TableDoc, key};
use super::levers::{self, Context, LeverTable, SEE};
use super::read::{Reader, Tbl};
use super::tables::{
    self, calls::CallsSpec, crime::CrimeSpec, deployment::DeploymentSpec, dispatch::DispatchSpec,
    intake::IntakeSpec, jurisdictions::JurisdictionSpec, network::NetworkSpec, places::PlacesSpec,
    roster::RosterSpec, shifts::ShiftSpec, unit_types::UnitTypeSpec, units::UnitGroupSpec,
};
use super::{Origins, ScenarioError, Warning};
use crate::engine::time::{MS_PER_DAY, Tick};
use serde::Serialize;

/// What follows from the list of lever tables (`levers::lever_tables!`):
/// the [`Scenario`] type with a field per lever table (after the core's),
/// the top-level keys ([`ROOT`], each lever table's after the core's), the
/// lever tables' reference tables and their read.
macro_rules! scenario_with_levers {
    ([] $($field:ident: $ty:ty,)*) => {
        /// A fully resolved scenario.
        #[derive(Debug, Clone, Serialize)]
        pub struct Scenario {
            pub name: String,
            pub description: String,
            pub horizon_days: f64,
            pub warmup_days: f64,
            /// `warmup_days = "auto"`: [`crate::model::Model::new`] chooses it
            /// (MSER-5) and sets `warmup_days`.
            pub warmup_auto: bool,
            /// Simulated before day 0, never measured (whole weeks).
            pub burn_in_days: f64,
            /// `burn_in_days = "auto"`: `burn_in_days` was sized by the slowest
            /// process (reported as the metric `burn_in_days`).
            pub burn_in_auto: bool,
            pub seed: u64,
            pub replications: u32,
            pub network: NetworkSpec,
            pub jurisdictions: Vec<JurisdictionSpec>,
            pub calls: CallsSpec,
            pub dispatch: DispatchSpec,
            /// Call takers as servers; `None` = `dispatch.intake_delay_min` with no queue.
            pub intake: Option<IntakeSpec>,
            pub unit_types: Vec<UnitTypeSpec>,
            pub shifts: Vec<ShiftSpec>,
            pub units: Vec<UnitGroupSpec>,
            pub deployment: DeploymentSpec,
            pub roster: RosterSpec,
            pub places: PlacesSpec,
            /// Offenders and crime types; `None` = no modelled offenders.
            pub crime: Option<CrimeSpec>,
            pub economics: EconomicsSpec,
            $(pub $field: $ty,)*
            /// Scheduled changes (phased building): from each phase's start, the
            /// run follows that phase's scenario (the base with every earlier
            /// phase's changes and its own laid on it). Sorted by start.
            #[serde(skip)]
            pub phases: Vec<Phase>,
            /// Where each key came from (for problems found when building the world).
            #[serde(skip)]
            pub origins: Origins,
            /// Legal but suspicious settings found while reading.
            #[serde(skip)]
            pub warnings: Vec<Warning>,
        }

        /// The top level of a scenario.
        pub static ROOT: TableDoc = TableDoc {
            path: "(top level)",
            about: "The tables of a scenario. Any other top-level key is an error. `extends`, \
                    `strategies`, `baseline`, `phases` and `uncertainty` are taken out before the tables are \
                    read ([scenario.md](../scenario.md)).",
            keys: &[
                key(
                    "extends",
                    Kind::Other("path of a base scenario"),
                    Def::Note("none"),
                    "",
                    "start from that scenario and change only what this file sets",
                ),
                key(
                    "strategies",
                    Kind::Other("tables `[strategies.NAME]`"),
                    Def::Note("none"),
                    "",
                    "named sets of changes to the base, for `compare`",
                ),
                key(
                    "baseline",
                    Kind::Name("strategy"),
                    Def::Note("none"),
                    "",
                    "the strategy every difference is taken against in `compare`",
                ),
                key(
                    "phases",
                    Kind::Other("tables `[phases.NAME]` with `start_day`"),
                    Def::Note("none"),
                    "",
                    "scheduled changes from a day on (phased building)",
                ),
                super::uncertainty::ROOT_KEY,
                key("scenario", Kind::Table("scenario"), SEE, "", "the run"),
                key("network", Kind::Table("network"), SEE, "", "the roads"),
                key(
                    "jurisdictions",
                    Kind::Table("jurisdictions[]"),
                    SEE,
                    "",
                    "the jurisdictions and their stations",
                ),
                key("calls", Kind::Table("calls"), SEE, "", "calls for service"),
                key(
                    "dispatch",
                    Kind::Table("dispatch"),
                    SEE,
                    "",
                    "the 110 dispatcher",
                ),
                key(
                    "intake",
                    Kind::Table("intake"),
                    Def::Note("none: no call takers, `dispatch.intake_delay_min`"),
                    "",
                    "call takers of the 110/119/122 desks",
                ),
                key(
                    "unit_types",
                    Kind::Table("unit_types.NAME"),
                    SEE,
                    "",
                    "kinds of unit",
                ),
                key("shifts", Kind::Table("shifts.NAME"), SEE, "", "shifts"),
                key(
                    "deployment",
                    Kind::Table("deployment"),
                    SEE,
                    "",
                    "patrol by default",
                ),
                key(
                    "roster",
                    Kind::Table("roster"),
                    SEE,
                    "",
                    "officers' working time",
                ),
                key(
                    "units",
                    Kind::Table("units[]"),
                    Def::Note("none"),
                    "",
                    "the unit groups",
                ),
                key(
                    "places",
                    Kind::Table("places"),
                    SEE,
                    "",
                    "land use and targets",
                ),
                key(
                    "crime",
                    Kind::Table("crime"),
                    Def::Note("none: no offenders"),
                    "",
                    "offenders and crime types",
                ),
                key(
                    "sanctions",
                    Kind::Table("sanctions"),
                    SEE,
                    "",
                    "what follows an arrest, by crime type and legal regime",
                ),
                key(
                    "economics",
                    Kind::Table("economics"),
                    SEE,
                    "",
                    "prices and payers",
                ),
                $(<$ty as LeverTable>::ROOT_KEY,)*
            ],
            extra: None,
        };

        /// The lever tables of a scenario, as read.
        struct LeverTables {
            $($field: $ty,)*
        }

        impl LeverTables {
            /// Read every lever table, in the list's order.
            fn read(r: &mut Reader, top: &mut Tbl, cx: &Context) -> Self {
                LeverTables {
                    $($field: <$ty as LeverTable>::read(r, top, cx),)*
                }
            }
        }

        /// Each lever table's reference tables, in the list's order.
        const LEVER_TABLES: &[&[&TableDoc]] = &[$(<$ty as LeverTable>::TABLES,)*];

        /// Settings (`--set` form) that switch each lever table on in the
        /// shipped county, in the list's order (a fixture of the tests).
        pub static LEVER_EXAMPLES: &[&[&str]] = &[$(<$ty as LeverTable>::EXAMPLE,)*];
    };
}
levers::lever_tables!(scenario_with_levers);

/// The [`Scenario`] from its core fields (`{ name: …, … }`, the tokens in
/// brackets after the name of the [`LeverTables`] it takes the rest from).
macro_rules! scenario_literal {
    ([$levers:ident { $($core:tt)* }] $($field:ident: $ty:ty,)*) => {
        Scenario { $($core)* $($field: $levers.$field,)* }
    };
}

/// One phase of a phased scenario: from `start_day`, the settings of
/// `scenario`.
#[derive(Debug, Clone)]
pub struct Phase {
    pub name: String,
    pub start_day: f64,
    pub scenario: Scenario,
}

impl Scenario {
    /// The scenario in force from phase `k` (0 = the base, before any phase).
    pub fn phase_scenario(&self, k: usize) -> &Scenario {
        if k == 0 {
            self
        } else {
            &self.phases[k - 1].scenario
        }
    }

    /// Names of the periods of a run: `start` (the base settings), then the
    /// phases in order.
    pub fn period_names(&self) -> Vec<&str> {
        std::iter::once("start")
            .chain(self.phases.iter().map(|p| p.name.as_str()))
            .collect()
    }

    pub fn horizon(&self) -> Tick {
        (self.horizon_days * MS_PER_DAY as f64).round() as Tick
    }
    pub fn warmup(&self) -> Tick {
        (self.warmup_days * MS_PER_DAY as f64).round() as Tick
    }
    pub fn burn_in(&self) -> Tick {
        (self.burn_in_days * MS_PER_DAY as f64).round() as Tick
    }
}

/// Every table of the registry, in the order of the reference page: the
/// core's, the lever tables' (each lever's, in the order of
/// `levers::lever_tables!`), the shared types'.
pub static TABLES: &[&TableDoc] = &TABLE_LIST;

const CORE_TABLES: &[&TableDoc] = &[
    &ROOT,
    &tables::run::RUN,
    &tables::network::NETWORK,
    &tables::jurisdictions::JURISDICTION,
    &tables::calls::CALLS,
    &tables::calls::CALL_TYPE,
    &tables::dispatch::DISPATCH,
    &tables::dispatch::RESPONSE_TARGET,
    &tables::intake::INTAKE,
    &tables::intake::DESK,
    &tables::unit_types::UNIT_TYPE,
    &tables::unit_types::VISIBILITY,
    &tables::shifts::SHIFT,
    &tables::deployment::DEPLOYMENT,
    &tables::roster::ROSTER,
    &tables::units::UNITS,
    &tables::places::PLACES,
    &tables::places::LAND_USE_SHARE,
    &tables::places::HOUSEHOLDS,
    &tables::places::PEDESTRIANS,
    &tables::places::VEHICLES,
    &tables::place_tags::TAG_WEIGHT,
    &tables::crime::CRIME,
    &tables::crime_types::CRIME_TYPE,
    &tables::sanctions::SANCTIONS,
    &tables::sanctions::SANCTION_TYPE,
    &super::economics::ECONOMICS,
    &super::economics::PAYER,
];

const SHARED_TABLES: &[&TableDoc] = &[&super::types::DIST, &super::uncertainty::UNCERTAIN];

static TABLE_LIST: [&TableDoc;
    count(CORE_TABLES) + count_all(LEVER_TABLES) + count(SHARED_TABLES)] = table_list();

const fn count(t: &[&TableDoc]) -> usize {
    t.len()
}

const fn count_all(t: &[&[&TableDoc]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < t.len() {
        n += t[i].len();
        i += 1;
    }
    n
}

/// [`TABLES`], put together.
const fn table_list<const N: usize>() -> [&'static TableDoc; N] {
    let mut out = [CORE_TABLES[0]; N];
    let mut k = 0;
    let parts: [&[&[&TableDoc]]; 3] = [&[CORE_TABLES], LEVER_TABLES, &[SHARED_TABLES]];
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            let mut j = 0;
            while j < parts[p][i].len() {
                out[k] = parts[p][i][j];
                k += 1;
                j += 1;
            }
            i += 1;
        }
        p += 1;
    }
    assert!(k == N);
    out
}

pub(crate) fn read_scenario(src: &Source, root: &Node) -> Result<Scenario, ScenarioError> {
    read_scenario_with(src, root, false).map(|(s, _)| s)
}

/// Read a scenario; with `record`, also the defaults the reader filled in
/// and the keys it asked for and left without a value.
pub(crate) fn read_scenario_with(
    src: &Source,
    root: &Node,
    record: bool,
) -> Result<(Scenario, super::Resolution), ScenarioError> {
    let mut r = Reader::new(src);
    r.record = record;
    let mut warnings = Vec::new();
    let Some(top) = r.as_table(root, String::new()) else {
        return Err(ScenarioError {
            problems: r.problems,
        });
    };
    let mut top = top.with_doc(&ROOT);

    let run = tables::run::read_run(&mut r, &mut top);
    let network = tables::network::read_network(&mut r, &mut top);
    let jurisdictions = tables::jurisdictions::read_jurisdictions(&mut r, &mut top, &network);
    let mut calls = tables::calls::read_calls(&mut r, &mut top);
    let dispatch = tables::dispatch::read_dispatch(&mut r, &mut top);
    let police_calls = calls.rate_per_hour > 0.0 || top.has("crime");
    let type_names: Vec<&str> = calls.types.iter().map(|t| t.name.as_str()).collect();
    let mut intake = tables::intake::read_intake(&mut r, &mut top, police_calls, &type_names);
    // The police desk's calls take the 110 call taker's time.
    for d in intake.iter_mut().flat_map(|i| i.desks.iter_mut()) {
        if d.kind == tables::intake::POLICE_DESK {
            d.handling_min = dispatch.intake_delay_min;
        }
    }
    let unit_types = tables::unit_types::read_unit_types(&mut r, &mut top, &type_names);
    let shifts = tables::shifts::read_shifts(&mut r, &mut top);

    let deployment = tables::deployment::read_deployment(&mut r, &mut top);
    let roster = tables::roster::read_roster(&mut r, &mut top);

    let units = tables::units::read_units(
        &mut r,
        &mut top,
        &jurisdictions,
        &unit_types,
        &shifts,
        &deployment,
    );
    let places = tables::places::read_places(&mut r, &mut top);
    let economics = super::economics::read_economics(&mut r, &mut top);
    let crime = tables::crime::read_crime(&mut r, &mut top, economics.crime_cost_factor);
    let jnames: Vec<String> = jurisdictions.iter().map(|j| j.name.clone()).collect();
    let levers = LeverTables::read(
        &mut r,
        &mut top,
        &Context {
            jurisdictions: &jnames,
        },
    );
    for (i, v) in economics.vehicle_types.iter().enumerate() {
        if !unit_types.iter().any(|t| &t.name == v) {
            let o = top.origin.clone();
            let names: Vec<&str> = unit_types.iter().map(|t| t.name.as_str()).collect();
            r.error(
                &format!("economics.vehicle_types[{i}]"),
                &o,
                format!(
                    "no unit type is named \"{v}\"; defined: {}",
                    names.join(", ")
                ),
            );
        }
    }
    r.finish(top);
    tables::roles::check_roles(
        &mut r,
        &mut calls,
        intake.as_ref(),
        &unit_types,
        &units,
        &mut warnings,
    );

    if crime.is_none() && (levers.informants.active() || !levers.community.areas.is_empty()) {
        warnings.push(Warning {
            path: if levers.community.areas.is_empty() {
                "informants".into()
            } else {
                "community".into()
            },
            message: "informants, registration and community policing act on offenders and \
                      crimes, but the scenario has no [crime]: they are costed and change nothing"
                .into(),
        });
    }
    calendar_and_place_warnings(&places, crime.as_ref(), &mut warnings);
    if let Some(r) = crime.as_ref().map(|c| c.search_radius_m)
        && r > 0.0
        && r < 500.0
    {
        warnings.push(Warning {
            path: "crime.search_radius_m".into(),
            message: format!(
                "{r} m is shorter than most journeys to crime (about half are within 0.8 km of \
                 home, most within 3 km; docs/references.md B18): offenders will find few \
                 places within it and often stop at home or a residential place instead"
            ),
        });
    }
    let cameras = &levers.cameras;
    if !cameras.nodes.is_empty() && !cameras.monitored && cameras.in_view_cut > 0.0 {
        warnings.push(Warning {
            path: "cameras.in_view_cut".into(),
            message: format!(
                "passive (unmonitored) cameras show no in-view effect in the reviews (Piza et al. \
                 2019, levers.md §2); this in-view cut of {} is an assumption",
                cameras.in_view_cut
            ),
        });
    }
    if let Some(sn) = crime.as_ref().map(|c| &c.sanctions)
        && sn.pardon_days > 0.0
        && sn.pardon_day >= run.horizon_days
    {
        warnings.push(Warning {
            path: "sanctions.pardon_day".into(),
            message: format!(
                "day {} is not before the end of the run (day {}): the pardon changes nothing",
                sn.pardon_day, run.horizon_days
            ),
        });
    }
    if crime.as_ref().is_some_and(|c| c.sentence_days_ignored) {
        warnings.push(Warning {
            path: "crime.sentence_days".into(),
            message: "set, but the sanctions preset gives sentences per crime type and ignores \
                      it: use `sanctions.preset = \"uniform\"` for one sentence after every arrest, \
                      or `[sanctions.types.NAME] sentence_days`"
                .into(),
        });
    }
    if crime
        .as_ref()
        .is_some_and(|c| c.start_stationary && c.start_in_prison_share > 0.0)
    {
        warnings.push(Warning {
            path: "crime.start_in_prison_share".into(),
            message: "set, but `crime.start_state = \"stationary\"` starts the prison at its \
                      stationary state and ignores it: set `crime.start_state = \"empty\"` to \
                      start a share of the offenders in prison"
                .into(),
        });
    }
    if units.iter().map(|u| u.count).sum::<u32>() == 0 {
        warnings.push(Warning {
            path: "units".into(),
            message: "no police units: every call stays open (a no-police baseline)".into(),
        });
    }
    if r.problems.is_empty() {
        let resolution = super::Resolution {
            filled: std::mem::take(&mut r.filled),
            unfilled: std::mem::take(&mut r.unfilled),
            derived: std::mem::take(&mut r.derived),
        };
        let s = levers::lever_tables!(scenario_literal levers {
            name: run.name,
            description: run.description,
            horizon_days: run.horizon_days,
            warmup_days: run.warmup_days,
            warmup_auto: run.warmup_auto,
            burn_in_days: if run.burn_in_auto {
                crime.as_ref().map_or(0.0, stationary_burn_in_days)
            } else {
                run.burn_in_days
            },
            burn_in_auto: run.burn_in_auto,
            seed: run.seed,
            replications: run.replications,
            network,
            jurisdictions,
            calls,
            dispatch,
            intake,
            unit_types,
            shifts,
            units,
            deployment,
            roster,
            places,
            crime,
            economics,
            phases: Vec::new(),
            origins: Origins(r.origins),
            warnings,
        });
        Ok((s, resolution))
    } else {
        Err(ScenarioError {
            problems: r.problems,
        })
    }
}

/// Legal but suspicious place and calendar settings of the crime model
/// (crime.md §14–15): the run goes on.
fn calendar_and_place_warnings(
    places: &tables::places::PlacesSpec,
    crime: Option<&tables::crime::CrimeSpec>,
    warnings: &mut Vec<Warning>,
) {
    let Some(crime) = crime else { return };
    if places.attractiveness_sd > 1.5 {
        warnings.push(Warning {
            path: "places.attractiveness_sd".into(),
            message: format!(
                "{}: places this unequal put half of the crime at under 1.5 % of the nodes of the shipped county, more concentrated \
                 than the law of crime concentration finds (2.1–6 % of street segments; the \
                 default 1.1 lands there)",
                places.attractiveness_sd
            ),
        });
    }
    for t in &crime.types {
        if t.seasonal_amplitude > 0.5 {
            warnings.push(Warning {
                path: format!("crime.types.{}.seasonal_amplitude", t.name),
                message: format!(
                    "{}: a seasonal swing of ±{:.0} %, where the cycles measured across US \
                     cities (McDowall et al. 2012) stay within about ±20 %",
                    t.seasonal_amplitude,
                    t.seasonal_amplitude * 100.0
                ),
            });
        }
    }
}

/// `scenario.burn_in_days = "auto"` (docs/crime.md §16.3): the longer of
/// the sanctions' rule (the longest stay in custody or detention) and the
/// memory of arrests (perceived certainty decays with e-folding
/// `certainty_decay_days`: 4.6 e-foldings leave 1 %), in whole weeks.
/// Careers need none: the first offenders' remaining careers are drawn
/// from their stationary (exponential) law.
pub(crate) fn stationary_burn_in_days(c: &crate::scenario::crime::CrimeSpec) -> f64 {
    let memory = if c.certainty_own_arrest > 0.0 || c.certainty_area_arrest > 0.0 {
        let d =
            -(crate::scenario::tables::sanctions::BURN_IN_TOLERANCE.ln()) * c.certainty_decay_days;
        (d / 7.0).ceil() * 7.0
    } else {
        0.0
    };
    c.sanctions.stationary_burn_in_days().max(memory)
}
