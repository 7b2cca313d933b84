//! The police model: calls for service, the 110 dispatcher, units with
//! shifts, roles and patrol policies, and the presence they leave on the
//! roads. It turns a [`Scenario`] and a seed into a [`RunResult`]; it reads
//! no files and prints nothing.

pub mod dist;
pub mod event;
mod levers;
pub mod limits;
pub mod metrics;
pub mod presence;
pub mod shifts;
mod sim;

pub use levers::Provided;
pub(crate) use levers::{COST_ITEMS, CostItem, Pricing};
pub use metrics::is_share;
pub use shifts::shift_on_duty;

use crate::scenario::{Scenario, ScenarioError, Warning};
use crate::world::World;
use std::sync::{Arc, OnceLock};

/// Stream ids of the model's random processes (see `engine::rng`).
pub mod streams {
    /// Arrivals and attributes of calls not caused by offenders.
    pub const CALLS: u64 = 1;
    /// Per-unit choices (patrol routes, admin break times):
    /// `UNIT_BASE + (group << 20) + rank within the group`.
    pub const UNIT_BASE: u64 = 1 << 32;
    /// Land-use layout and offenders' homes (seeded by `places.seed`, not the run).
    pub const PLACES: u64 = 2;
    /// Arrivals of roaming offenders.
    pub const ROAMERS: u64 = 3;
    /// False alarm calls.
    pub const FALSE_ALARMS: u64 = 4;
    /// Local offender i: `OFFENDER_BASE + i`.
    pub const OFFENDER_BASE: u64 = 2 << 32;
    /// The k-th roaming offender to arrive: `ROAMER_BASE + k`.
    pub const ROAMER_BASE: u64 = 3 << 32;
    /// Reported cases (call attributes, investigation).
    pub const CASES: u64 = 4 << 32;
    /// Enforcement checks of a unit: `CHECK_BASE + (group << 20) + rank`.
    pub const CHECK_BASE: u64 = 5 << 32;
    /// Where informants are placed (seeded by `places.seed`, not the run).
    pub const INFORMANTS: u64 = 5;
    /// Misrouting and transfers of police calls at separate desks.
    pub const DESK_ROUTE: u64 = 6;
    /// Desk k's own calls (arrivals, handling, misrouting): `DESK_BASE + k`.
    pub const DESK_BASE: u64 = 6 << 32;
    /// Places' attractiveness to offenders (seeded by `places.seed`, not the run).
    pub const ATTRACTIVENESS: u64 = 7;
    /// Onsets of local offenders' careers (when, and where they live).
    pub const ONSET: u64 = 8;
    /// The stationary start (how many local careers are going and where
    /// those above `local_offenders` live; how many prisoners whose careers
    /// have ended and roaming prisoners, their stays); roaming prisoner j's
    /// own stream is `START + (1 << 32) + j`.
    pub const START: u64 = 9;
    /// The stationary start: local offender i's simulated past,
    /// `START_PAST + i`.
    pub const START_PAST: u64 = 7 << 32;
}

/// One call not caused by an offender, as logged for checks of common random numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedCall {
    pub received_ms: u64,
    pub node: u32,
    pub call_type: u16,
}

/// One completed crime, as logged for space-time analyses (Knox test).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedCrime {
    /// When the attempt started.
    pub start_ms: u64,
    pub node: u32,
    /// Index into the scenario's crime types.
    pub kind: u16,
    /// The offender's home node (`None`: a roaming offender), for
    /// journeys to crime.
    pub home: Option<u32>,
}

/// Per-node results of one run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeStats {
    pub calls: Vec<f64>,
    pub presence_hours: Vec<f64>,
    /// Share of the hours in which the node saw police presence.
    pub coverage: Vec<f64>,
    /// Crimes completed at the node.
    pub crimes: Vec<f64>,
}

/// Minutes of the response-time distribution kept per run (0, 1, …, this).
pub const RESPONSE_CDF_MAX_MIN: usize = 60;

/// Distributions of one run (or the means over replications) that the
/// summary metrics condense: for charts, not for the metric contract. Empty
/// for runs read back from a sweep's store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profiles {
    /// Per priority (`"all"` first, then `"p1"`, `"p2"`, … those with
    /// responses): the share of measured responses (received → on scene)
    /// within m minutes, m = 0..=[`RESPONSE_CDF_MAX_MIN`].
    pub response_cdf: Vec<(String, Vec<f64>)>,
    /// Per hour of the week (0 = Monday 00:00–01:00) over the measured span:
    /// calls received per hour, mean.
    pub calls_by_hour: Vec<f64>,
    /// Per hour of the week: units busy with a call (en route or on scene),
    /// mean.
    pub busy_units_by_hour: Vec<f64>,
}

/// One period of a run (the base settings, then each phase; a scenario
/// without phases has one): what economics prices, as typed values.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PeriodResult {
    /// Measured time (after warm-up), in years.
    pub years: f64,
    /// Officers needed at the period's settings ([`officers_needed`]).
    pub officers_needed: f64,
    /// For a scenario without phases, at the end of the run; else at the
    /// start of the period.
    pub provided: Provided,
    /// What the period's events cost: prisoner-years, arrests, false alarms.
    pub counted: Counted,
    /// Households the model has (targets of burglary), for pricing per real
    /// household (`economics.households_per_target`); 0 without `[crime]`.
    pub households: f64,
    /// Criminal charges (court cases) in the period, after warm-up.
    pub charges: f64,
}

/// Counts of a period that economics prices (after warm-up).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counted {
    /// Prison time of the period's arrests, to release or the horizon, in years.
    pub prisoner_years: f64,
    /// Arrests, and of them those a responding unit made (it is held for
    /// `crime.arrest_hours`; the others' police time is priced).
    pub arrests: f64,
    pub arrests_by_responding_unit: f64,
    /// False alarm calls the model dispatched.
    pub false_alarms: f64,
}

/// Results of one run: flat metric names (DESIGN "Conventions"), with `None`
/// for a metric that had no observation.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    pub seed: u64,
    pub metrics: Vec<(String, Option<f64>)>,
    /// Per period, what the costs are computed from (empty for runs read
    /// back from a sweep's store).
    pub periods: Vec<PeriodResult>,
    pub nodes: NodeStats,
    /// Distributions behind the summary metrics, for charts.
    pub profiles: Profiles,
    /// Events processed (for benchmarks).
    pub events: u64,
    /// Events by kind (`unit`, `offender`, …), then the live unit events by
    /// the unit's state (`unit:patrol`, …) and the live offender events by
    /// the offender's state (`offender:moving`, …); zeros left out (for the
    /// scale bench).
    pub events_by_kind: Vec<(String, u64)>,
    /// What each router did (one per travel table: hops walked, hierarchy
    /// queries, trees grown), for the scale bench.
    pub router_stats: Vec<crate::world::RouterStats>,
    /// Filled when [`RunOptions::log_calls`] is set.
    pub call_log: Vec<LoggedCall>,
    /// Filled when [`RunOptions::log_crimes`] is set.
    pub crime_log: Vec<LoggedCrime>,
    /// Filled when [`RunOptions::daily`] is set: per measured day, the
    /// crimes completed and the offenders in prison at its end.
    pub daily: Vec<[f64; 2]>,
    /// Filled when [`RunOptions::snapshot`] is set: the slow state of the
    /// crime model at the end of the warm-up, as named numbers.
    pub snapshot: Vec<(String, f64)>,
}

impl RunResult {
    /// A result that has only its seed and metrics (a run read back from a
    /// sweep's store, or a test's).
    pub fn of_metrics(seed: u64, metrics: Vec<(String, Option<f64>)>) -> RunResult {
        RunResult {
            seed,
            metrics,
            periods: vec![],
            nodes: NodeStats::default(),
            profiles: Profiles::default(),
            events: 0,
            events_by_kind: vec![],
            router_stats: vec![],
            call_log: vec![],
            crime_log: vec![],
            daily: vec![],
            snapshot: vec![],
        }
    }

    pub fn metric(&self, name: &str) -> Option<f64> {
        self.metrics
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| *v)
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    pub log_calls: bool,
    /// Keep every completed crime (after warm-up) in `crime_log`.
    pub log_crimes: bool,
    /// Record the daily series of `RunResult::daily` (for the automatic warm-up).
    pub daily: bool,
    /// Record the slow state at the end of the warm-up in
    /// `RunResult::snapshot` (a diagnostic of the stationary start).
    pub snapshot: bool,
}

/// Pilot runs of the automatic warm-up (`warmup_days = "auto"`).
pub const WARMUP_PILOTS: u64 = 3;

/// A scenario with its world built: run it with as many seeds as needed.
#[derive(Debug, Clone)]
pub struct Model {
    pub scenario: Arc<Scenario>,
    pub world: Arc<World>,
    /// The stationary start estimated by pilots (`crime.start_state =
    /// "stationary"`), shared by every replication and clone; computed at
    /// the first run, not when the model is built, so building every point
    /// of a design (`plan`, a sweep's shard) costs no pilots for the points
    /// it never runs. `None`: the scenario starts empty.
    start: Option<Arc<OnceLock<sim::StationaryStart>>>,
}

/// Pilot runs of the stationary start (docs/crime.md §16.3), a year each:
/// one from the empty start gives a first estimate, these start from it.
/// Their sampling noise is a bias shared by every replication: with 2 the
/// measured prison moved by 5.7 % (sd over pilot seeds), with 8 by 1.3 %.
pub const START_PILOTS: u64 = 8;

impl Model {
    /// Build the world and check the scenario; warnings are returned, not printed.
    pub fn new(s: &Scenario) -> Result<(Model, Vec<Warning>), ScenarioError> {
        Model::with_cache(s, None)
    }

    /// As [`Model::new`], sharing travel tables through `cache`.
    pub fn with_cache(
        s: &Scenario,
        cache: Option<&crate::world::TableCache>,
    ) -> Result<(Model, Vec<Warning>), ScenarioError> {
        let (limit_warnings, world, mut warnings) =
            Model::checked(s, |s| World::build_cached(s, cache))?;
        let mut all = s.warnings.clone();
        all.extend(limit_warnings);
        all.append(&mut warnings);
        let mut model = Model {
            scenario: Arc::new(s.clone()),
            world: Arc::new(world),
            start: None,
        };
        if s.crime.as_ref().is_some_and(|c| c.start_stationary) {
            model.start = Some(Arc::new(OnceLock::new()));
        }
        if s.warmup_auto {
            let (days, unsettled) = model.auto_warmup();
            let mut sc = s.clone();
            sc.warmup_days = days;
            for ph in &mut sc.phases {
                ph.scenario.warmup_days = days;
            }
            if unsettled {
                all.push(Warning {
                    path: "scenario.warmup_days".into(),
                    message: format!(
                        "\"auto\" chose {days} days, the most MSER-5 allows (half the horizon): \
                         the daily crime or prison series has not settled; lengthen \
                         `scenario.burn_in_days` or the horizon"
                    ),
                });
            }
            model.scenario = Arc::new(sc);
        }
        Ok((model, all))
    }

    /// `warmup_days = "auto"`: the warm-up MSER-5 chooses on the daily
    /// completed crimes and offenders in prison, averaged over
    /// [`WARMUP_PILOTS`] pilot runs without warm-up (after the burn-in).
    /// The larger of the two cuts, in days, and whether either hit the cap.
    fn auto_warmup(&self) -> (f64, bool) {
        let mut pilot = (*self.scenario).clone();
        pilot.warmup_days = 0.0;
        let pilot = Model {
            scenario: Arc::new(pilot),
            world: self.world.clone(),
            start: self.start.clone(),
        };
        let opts = RunOptions {
            daily: true,
            ..Default::default()
        };
        let mut sum: Vec<[f64; 2]> = Vec::new();
        for k in 0..WARMUP_PILOTS {
            let seed = crate::engine::rng::splitmix64(self.scenario.seed ^ (0xA070 << 32) ^ k);
            let r = pilot.run_with(seed, opts);
            if sum.is_empty() {
                sum = vec![[0.0; 2]; r.daily.len()];
            }
            for (a, d) in sum.iter_mut().zip(&r.daily) {
                a[0] += d[0];
                a[1] += d[1];
            }
        }
        let (mut days, mut capped) = (0usize, false);
        for i in 0..2 {
            let series: Vec<f64> = sum.iter().map(|d| d[i]).collect();
            let (d, c) = crate::stats::mser5(&series);
            days = days.max(d);
            capped |= c;
        }
        (days as f64, capped)
    }

    /// `crime.start_state = "stationary"`: the stationary state estimated
    /// by pilot runs of the base settings (no phases, burn-in or warm-up;
    /// seeds from the master seed, so shared by replications and sweep
    /// points; a year each): one from the empty start, whose arrests per
    /// unit of offending rate are those of a cold memory of arrests, then
    /// [`START_PILOTS`] from its estimate. The arrest rates come from the
    /// latter, the mix of crime types and where arrests happen from all
    /// (the type of an arrest sets its sentence: robbery's are long and
    /// rare, about 25 arrests a pilot-year, and their count is the start's
    /// main noise).
    fn stationary_pilots(&self) -> sim::StationaryStart {
        let mut s = (*self.scenario).clone();
        s.warmup_days = 0.0;
        s.burn_in_days = 0.0;
        // A fixed length, not the horizon: the start must not depend on how
        // long the measured run is (a shorter horizon, or a phase after it,
        // leaves the past unchanged).
        s.horizon_days = 365.0;
        s.phases.clear();
        if let Some(c) = s.crime.as_mut() {
            c.start_in_prison_share = 0.0;
            // A pardon is an event of the measured run, not of the state
            // it starts from.
            c.sanctions.pardon_days = 0.0;
        }
        let spec = s.crime.clone().expect("crime is on");
        let seed = |k: u64| crate::engine::rng::splitmix64(s.seed ^ (0x57A7 << 32) ^ k);
        let cold = sim::Sim::new(&s, &self.world, seed(0), RunOptions::default(), None).run_pilot();
        let first = sim::StationaryStart::estimate(
            std::slice::from_ref(&cold),
            std::slice::from_ref(&cold),
            &spec,
        );
        let warm: Vec<sim::StartStats> = (1..=START_PILOTS)
            .map(|k| {
                sim::Sim::new(
                    &s,
                    &self.world,
                    seed(k),
                    RunOptions::default(),
                    Some(&first),
                )
                .run_pilot()
            })
            .collect();
        let mut all = warm.clone();
        all.push(cold);
        sim::StationaryStart::estimate(&warm, &all, &spec)
    }

    /// Check a scenario as [`Model::new`] does, without computing travel
    /// tables: the world returned cannot be run (for `validate`).
    pub fn check(s: &Scenario) -> Result<(World, Vec<Warning>), ScenarioError> {
        let (limit_warnings, world, warnings) = Model::checked(s, World::check)?;
        let mut all = s.warnings.clone();
        all.extend(limit_warnings);
        all.extend(warnings);
        Ok((world, all))
    }

    /// The limits of [`limits::check`] first (they are cheap), then the world.
    #[allow(clippy::type_complexity)]
    fn checked(
        s: &Scenario,
        build: impl FnOnce(&Scenario) -> Result<(World, Vec<Warning>), ScenarioError>,
    ) -> Result<(Vec<Warning>, World, Vec<Warning>), ScenarioError> {
        let (problems, limit_warnings) = limits::check(s);
        if !problems.is_empty() {
            return Err(ScenarioError { problems });
        }
        let (world, warnings) = build(s)?;
        Ok((limit_warnings, world, warnings))
    }

    pub fn run(&self, seed: u64) -> RunResult {
        self.run_with(seed, RunOptions::default())
    }

    pub fn run_with(&self, seed: u64, opts: RunOptions) -> RunResult {
        let mut r = sim::Sim::new(
            &self.scenario,
            &self.world,
            seed,
            opts,
            self.start
                .as_deref()
                .map(|c| c.get_or_init(|| self.stationary_pilots())),
        )
        .run();
        r.seed = seed;
        r
    }
}

/// Volunteer-hours a year of the scenario's joint-defence groups.
pub fn volunteer_hours_per_year(s: &Scenario) -> f64 {
    s.units
        .iter()
        .filter(|g| !s.unit_types[g.unit_type].police)
        .map(|g| {
            g.count as f64
                * s.unit_types[g.unit_type].crew as f64
                * shifts::weekly_hours(&s.shifts[g.shift])
                * 365.0
                / 7.0
        })
        .sum()
}

/// Volunteer groups (units of a type with `police = false`) on the roster;
/// their organisation is priced per coordinator (`cost.volunteers`).
pub fn volunteer_groups(s: &Scenario) -> f64 {
    s.units
        .iter()
        .filter(|g| !s.unit_types[g.unit_type].police)
        .map(|g| g.count as f64)
        .sum()
}

/// Officers needed to staff the scenario's units: unit duty hours per year ×
/// crew ÷ productive hours per officer per year (the relief factor); plus
/// the community officers (each one officer on normal hours).
pub fn officers_needed(s: &Scenario) -> f64 {
    s.community.officers() as f64
        + s.units
            .iter()
            .filter(|g| s.unit_types[g.unit_type].police)
            .map(|g| group_officers(s, g))
            .sum::<f64>()
}

/// Officers needed to staff one police unit group (count × crew × duty
/// hours a year ÷ productive hours per officer).
fn group_officers(s: &Scenario, g: &crate::scenario::UnitGroupSpec) -> f64 {
    let crew = s.unit_types[g.unit_type].crew as f64;
    let hours_year = shifts::weekly_hours(&s.shifts[g.shift]) * 365.0 / 7.0;
    g.count as f64 * crew * hours_year / s.roster.productive_hours_per_officer
}

/// [`officers_needed`] split by the role (agency, `ROLES`) of the units'
/// types; the community officers count under `community`. The parts sum to
/// [`officers_needed`] (to rounding).
pub fn officers_needed_by_role(s: &Scenario) -> [f64; crate::scenario::ROLES.len()] {
    let mut by = [0.0; crate::scenario::ROLES.len()];
    by[crate::scenario::COMMUNITY_ROLE] += s.community.officers() as f64;
    for g in s.units.iter().filter(|g| s.unit_types[g.unit_type].police) {
        by[s.unit_types[g.unit_type].role] += group_officers(s, g);
    }
    by
}
