//! The levers' mechanisms, one file per lever. Each lever owns its state
//! (per-node vectors, per-offender marks, counters, random streams and the
//! settings in force) and its logic, and the event loop (`model/sim/`)
//! reaches it only through a fixed set of hooks, static calls on the
//! concrete fields of [`Levers`] (no trait objects, no allocation per
//! event). A hook gets the parts of the run's state it touches, not the
//! whole loop; where a lever's decision leads to an action of the loop (an
//! arrest, a call, a scheduled event) the hook returns the decision and the
//! loop acts.
//!
//! The hooks and where the loop calls them (docs/architecture.md lists them):
//! - `configure` (each lever's `Lever::start`, its constructor, and
//!   `Lever::apply`): `Sim::new` and each phase (`sim/periods.rs::on_phase`;
//!   regional cooperation once the units have taken their new roles, so
//!   those freed by the phase change answer calls under the old rule, as
//!   before the move);
//! - `unit waits` (stake-outs), `patrol leg` (enforcement):
//!   `sim/patrol.rs` (`step_patrol`, `maybe_stop_and_check`);
//! - `stop` (enforcement): `sim/crime/cases.rs::stop_and_check`;
//! - `offender passes` a node, `offender arrives`, `let go` (checkpoints):
//!   `sim/crime/offenders.rs::walk_offender`, `on_offender`;
//! - `offender stays`, `loot sold` (informants, registration):
//!   `sim/crime/offenders.rs::after_place`;
//! - `crime attempted` (community, programmes: the target's security;
//!   cameras: the in-view cut, the control room):
//!   `sim/crime/decisions.rs::opportunity`;
//! - `false alarm chain`, `false alarm` (programmes):
//!   `sim/crime/offenders.rs::next_false_alarm`, `on_false_alarm`;
//! - `volunteer patrol leg` (volunteers): `sim/patrol.rs::record_patrol`,
//!   `sim/units.rs` (the walk of a move);
//! - `crime ends` (volunteers' reports), `crime reported`:
//!   `sim/crime/decisions.rs::end_crime`;
//! - `identification` (camera footage; checkpoint registration; informants and
//!   registration, the tips; regional: the arrest of an offender found
//!   elsewhere): `sim/crime/cases.rs::identification_parts`,
//!   `investigate_now`, `on_investigation`;
//! - metrics and costs ([`Lever`]: each lever's `emit`, `provide` and
//!   `COSTS`, called for every lever through the [`levers!`] list):
//!   `sim/crime/metrics.rs` places the metrics (one `Levers::emit`),
//!   `CrimeWorld::config_values` and `sim/periods.rs` take what the
//!   settings provide, `economics` prices [`COST_ITEMS`].
//!
//! - `dispatch` (regional: who may answer across a boundary):
//!   `sim/dispatch.rs::may_cross` and the queue scans of `sim/dispatch.rs`
//!   and `sim/roles.rs`;
//! - `alert` (regional: a wanted offender checked at a post or stopped):
//!   `sim/crime/offenders.rs::alert_reaches`.

pub(crate) use crate::scenario::economics::Item;

use crate::engine::time::Tick;
use crate::scenario::Scenario;
use crate::world::World;

/// The levers, listed once: each lever's module (`levers/<field>.rs`), its
/// field of [`Levers`] (in this order, which is also the order of their
/// metrics within a slot, [`Slot`]) and the generic calls over them — their start and settings ([`Levers::new`],
/// [`Levers::configure`]), their metrics ([`Levers::emit`]), what their
/// settings provide ([`Levers::provided`]) and their priced items
/// ([`COST_ITEMS`]).
macro_rules! levers {
    ($($field:ident: $ty:ty),* $(,)?) => {
        $(pub(crate) mod $field;)*

        /// Every lever of one run.
        #[derive(Debug, Clone)]
        pub(crate) struct Levers {
            $(pub $field: $ty,)*
        }

        impl Levers {
            /// Every lever at the start of a run, each made by its own
            /// [`Lever::start`] (its state, configured on the settings).
            pub(crate) fn new(at: &Start) -> Self {
                Levers {
                    $($field: <$ty as Lever>::start(at),)*
                }
            }

            /// Hook `configure` when a phase begins (before anything of the
            /// phase happens): each lever's [`Lever::apply`].
            pub(crate) fn configure(&mut self, at: &Settings) {
                $(Lever::apply(&mut self.$field, at);)*
            }

            /// Each lever's metrics at the end of a run (with the crime
            /// model on), into `out`, which the crime model's metrics place
            /// slot by slot.
            pub(crate) fn emit(&self, out: &mut Emit) {
                $(Lever::emit(&self.$field, out);)*
            }

            /// What the settings in force provide, for their costs.
            pub(crate) fn provided(&self, targets: Targets) -> Provided {
                let mut out = Provided::default();
                $(Lever::provide(&self.$field, targets, &mut out);)*
                out
            }
        }

        /// The priced items the levers bring, lever by lever.
        pub(crate) const COST_ITEMS: &[&[CostItem]] = &[$(<$ty as Lever>::COSTS,)*];
    };
}

levers! {
    cameras: cameras::Cameras,
    checkpoints: checkpoints::Checkpoints,
    community: community::Community,
    enforcement: enforcement::Enforcement,
    informants: informants::Informants,
    programmes: programmes::Programmes,
    regional: regional::Regional,
    registration: registration::Registration,
    stakeouts: stakeouts::Stakeouts,
    volunteers: volunteers::Volunteers,
}

/// What every lever has beside its hooks (static calls: the [`levers!`]
/// list calls them on each field; the defaults do nothing).
pub(crate) trait Lever: Sized {
    /// The lever at the start of a run: its state, configured on the
    /// settings of the start (`Sim::new`).
    fn start(at: &Start) -> Self;

    /// Hook `configure` when a phase begins: the settings in force (a lever
    /// that acts on crime only when the crime model is on, `at.crime`).
    fn apply(&mut self, _at: &Settings) {}

    /// The priced items it brings (`economics`; each prices an [`Item`]
    /// declared in `scenario/economics.rs`).
    const COSTS: &'static [CostItem] = &[];

    /// Its part of what the settings in force provide (counts it is priced
    /// by, `Provided`), on the crime model's targets.
    fn provide(&self, _targets: Targets, _out: &mut Provided) {}

    /// Its metrics at the end of a run, each in its [`Slot`] (every name
    /// registered in `model/metrics/families.rs`).
    fn emit(&self, _out: &mut Emit) {}
}

/// The usual [`Lever::start`]: the lever's default state, configured on
/// the settings of the start as a phase would configure it.
pub(crate) fn started<L: Lever + Default>(at: &Start) -> L {
    let mut l = L::default();
    l.apply(&at.settings);
    l
}

/// Where a lever's metric stands among the run's metrics (the outputs keep
/// the order they are emitted in): the crime model's metrics place each
/// slot's metrics, in the order of the [`levers!`] list, after the metrics
/// the slot is named for. A new lever's metrics go at the `End`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// After what the settings provide (`targets_households`, `Provided`).
    Settings,
    /// After the clearance rates in and out of camera view.
    Clearance,
    /// After the social cost and its parts.
    SocialCost,
    /// After the sanctions and the offenders' careers.
    Careers,
    /// After the regional linkage (`arrests.wanted`).
    Regional,
    /// After every other metric of the crime model.
    End,
}

/// The levers' metrics of a run, kept with their slots until placed.
#[derive(Debug, Default)]
pub(crate) struct Emit {
    metrics: Vec<(Slot, String, Option<f64>)>,
}

impl Emit {
    pub(crate) fn put(&mut self, slot: Slot, name: impl Into<String>, v: Option<f64>) {
        self.metrics.push((slot, name.into(), v));
    }

    /// A count.
    pub(crate) fn count(&mut self, slot: Slot, name: &str, n: u64) {
        self.put(slot, name, Some(n as f64));
    }

    /// Pass the metrics of `slot` on to `put`, in the order emitted.
    pub(crate) fn place(&mut self, slot: Slot, put: &mut dyn FnMut(String, Option<f64>)) {
        for (s, name, v) in &mut self.metrics {
            if *s == slot {
                put(std::mem::take(name), *v);
            }
        }
    }
}

/// What the settings in force provide, counted for their costs: targets
/// protected by the lock, alarm and camera programmes, informants, street
/// cameras (all 0 without `[crime]`). Each lever fills its own fields
/// (`Lever::provide`); economics prices them (the levers' `CostItem`s).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Provided {
    pub targets_locked: f64,
    pub targets_alarmed: f64,
    pub targets_with_camera: f64,
    pub informants: f64,
    pub street_cameras: f64,
}

impl Provided {
    /// The contract name of each value (`model::metrics`, in `named`
    /// order) and the item it is priced by (the run table shows a count
    /// per phase when the scenario uses its item).
    pub const PRICED_BY: [(&'static str, Item); 5] = [
        ("targets_locked", Item::Locks),
        ("targets_alarmed", Item::Alarms),
        ("targets_with_camera", Item::Cameras),
        ("informants", Item::Informants),
        ("street_cameras", Item::StreetCameras),
    ];

    /// The contract names of the values (`model::metrics`).
    pub fn named(&self) -> [(&'static str, f64); 5] {
        [
            ("targets_locked", self.targets_locked),
            ("targets_alarmed", self.targets_alarmed),
            ("targets_with_camera", self.targets_with_camera),
            ("informants", self.informants),
            ("street_cameras", self.street_cameras),
        ]
    }
}

/// The crime model's targets at each node, as the levers count them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Targets<'a> {
    pub households: &'a [f64],
    pub vehicles: &'a [f64],
}

/// What a priced item's cost over one period is computed from.
pub(crate) struct Pricing<'a> {
    /// The settings in force in the period.
    pub s: &'a Scenario,
    /// The period's typed results (its length, what its settings provide,
    /// what it counted).
    pub p: &'a crate::model::PeriodResult,
    /// Households (and vehicles) one model target stands for.
    pub households_per_target: f64,
    /// An officer-hour.
    pub officer_hour: f64,
}

/// What a priced item costs: the [`Item`] it prices (declared with its
/// name, default payer and label in `scenario/economics.rs`, whose order is
/// the order of the outputs), its cost over a period, and whether a
/// scenario uses it at its own settings (what it configures, not what a
/// run happened to cost).
pub(crate) struct CostItem {
    pub item: Item,
    pub cost: fn(&Pricing) -> f64,
    pub used: fn(&Scenario) -> bool,
}

/// What the levers mark on one offender (kept in his record, so a reused
/// slot starts afresh).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Marks {
    pub checkpoints: checkpoints::Marks,
    pub informants: informants::Marks,
    pub registration: registration::Marks,
}

/// The crime model's fixed layout the levers are configured on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout<'a> {
    /// The nodes of each land use, sorted.
    pub by_use: &'a [Vec<u32>; 6],
    /// Households at each node.
    pub households: &'a [f64],
}

/// The settings in force and the layout the levers are configured on (at
/// the start and when a phase begins).
#[derive(Clone, Copy)]
pub(crate) struct Settings<'a> {
    pub s: &'a Scenario,
    pub w: &'a World,
    /// The crime model's layout, when it is on.
    pub crime: Option<Layout<'a>>,
}

/// What a lever is made from at the start of a run.
#[derive(Clone, Copy)]
pub(crate) struct Start<'a> {
    pub settings: Settings<'a>,
    /// The run's seed (which names the levers' streams).
    pub seed: u64,
    /// Each unit's group and rank (which name its streams).
    pub units: &'a [(u32, u32)],
}

impl Levers {
    /// Some source of tips exists (informants or registration): else
    /// investigation skips the tip checks.
    pub(crate) fn tips(&self) -> bool {
        self.informants.active() || self.registration.active()
    }

    /// Hook `identification`: the tips' part of the chance to identify the
    /// offender of a crime begun at `start`, from what informants and
    /// registers know of him (`marks`).
    pub(crate) fn tip_bonus(&self, marks: &Marks, start: Tick) -> f64 {
        if !self.tips() {
            return 0.0;
        }
        let b = self.informants.tip(&marks.informants, start, 0.0);
        self.registration.tip(&marks.registration, start, b)
    }

    /// Hook `offender stays` at `node` (land use: `lodging`, `second_hand`)
    /// after his look for a target, at `now`: informants may note him,
    /// lodging registers a roaming offender; selling his loot at a
    /// second-hand place (`sells`) may be recorded.
    pub(crate) fn on_stay(
        &mut self,
        marks: &mut Marks,
        at: Stay,
        now: Tick,
        seed: u64,
        counted: bool,
    ) {
        let noted =
            self.informants
                .on_stay(&mut marks.informants, at.node, at.uid, now, seed, counted);
        self.registration
            .on_stay(&mut marks.registration, at.roaming, at.lodging, counted);
        if at.sells {
            let informant = noted.then(|| self.informants.fence_identify());
            self.registration
                .on_sale(&mut marks.registration, informant, now, counted);
        }
    }
}

/// An offender staying at a place, as the levers see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stay {
    pub node: u32,
    pub uid: u64,
    pub roaming: bool,
    /// The place is a lodging place.
    pub lodging: bool,
    /// He sells loot there (a second-hand place).
    pub sells: bool,
}

#[cfg(test)]
mod tests {
    use super::{Emit, Slot};

    #[test]
    fn each_slot_passes_on_its_own_metrics_in_the_order_emitted() {
        let mut out = Emit::default();
        out.count(Slot::Careers, "a", 1);
        out.put(Slot::End, "b", None);
        out.count(Slot::Careers, "c", 3);
        let mut got = Vec::new();
        for slot in [Slot::Settings, Slot::Careers, Slot::End] {
            out.place(slot, &mut |n, v| got.push((n, v)));
        }
        assert_eq!(
            got,
            [
                ("a".to_string(), Some(1.0)),
                ("c".to_string(), Some(3.0)),
                ("b".to_string(), None)
            ]
        );
    }
}
