//! The `[economics]` table: the price set (currency and price year), unit
//! costs of the priced items, the county's households, and who pays for
//! each item ("who benefits, pays", 谁受益,谁出资). Every default is listed
//! with its source in `docs/economics.md`; the price sets' values of the
//! core's prices are in `price_sets.rs`, a lever's ([`Price`]) in its table
//! file under `levers/` (listed in `levers::PRICES`).

use super::keys::{Def, KeyDoc, Kind, TableDoc, choice, key, num};
use super::levers::PRICES;
use super::price_sets::{PRESETS, price_set};
use super::read::{Check, Reader, Tbl};
use serde::Serialize;

pub const PAYERS: [&str; 4] = ["public", "households", "businesses", "justice"];
/// The priced items, each declared once: its variant of [`Item`], its name
/// (`cost.<name>`, the key of `[economics.payer]`), its default payer
/// (`PAYERS`) and its label in words. The order is the order of the
/// outputs. What it costs is declared beside the mechanism it prices (a
/// lever's in its file under `model/levers/`, the core's in `economics`),
/// as a `CostItem` naming its [`Item`]; a test checks each item is priced
/// exactly once. The lists [`ITEMS`], [`ITEM_LABELS`], the `[economics.payer]`
/// keys ([`PAYER`]) and the run table's `cost.*` rows ([`COST_METRICS`]) are
/// generated from it.
macro_rules! items {
    ($($variant:ident $name:ident $payer:literal $label:literal,)*) => {
        /// A priced item (see [`items!`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Item {
            $($variant,)*
        }

        impl Item {
            /// Every item, in output order (index = `self as usize`).
            pub const ALL: [Item; [$(stringify!($name),)*].len()] = [$(Item::$variant,)*];

            pub fn name(self) -> &'static str {
                ITEMS[self as usize]
            }
        }

        /// The priced items' names, in output order.
        pub const ITEMS: [&str; Item::ALL.len()] = [$(stringify!($name),)*];
        /// The priced items in words (`ITEMS` order).
        pub const ITEM_LABELS: [&str; Item::ALL.len()] = [$($label,)*];
        /// The metric of each item's cost, `cost.<name>` (`ITEMS` order).
        pub const COST_METRICS: [&str; Item::ALL.len()] = [$(concat!("cost.", stringify!($name)),)*];

        /// The keys of `[economics.payer]`: one per cost item ("who benefits, pays", 谁受益,谁出资).
        pub static PAYER: TableDoc = TableDoc {
            path: "economics.payer",
            about: "Who pays each cost item.",
            keys: &[$(choice(
                stringify!($name),
                $payer,
                &PAYERS,
                concat!("who pays `cost.", stringify!($name), "`"),
            ),)*],
            extra: None,
        };
    };
}

// variant, name, default payer (0 public, 1 households, 2 businesses,
// 3 justice), label
items! {
    Officers officers 0 "officers",
    Vehicles vehicles 0 "vehicles",
    Locks locks 1 "locks",
    Alarms alarms 1 "alarms",
    Cameras cameras 1 "private cameras",
    StreetCameras street_cameras 0 "street cameras",
    Checkpoints checkpoints 0 "checkpoints",
    Detectives detectives 0 "detectives",
    Volunteers volunteers 0 "volunteers",
    Informants informants 0 "informants",
    Registration registration 2 "registration",
    Regional regional 0 "regional cooperation",
    Platform platform 0 "110 platform",
    Prison prison 3 "prison",
    Arrests arrests 0 "arrests",
    FalseAlarms false_alarms 0 "false alarms",
    Courts courts 3 "courts (charges)",
}

#[derive(Debug, Clone, Serialize)]
pub struct EconomicsSpec {
    /// The price set (`PRESETS`) the defaults come from.
    pub preset: String,
    pub currency: String,
    pub price_year: u32,
    /// All-in cost of one officer for a year (pay, on-costs, overheads).
    pub officer_cost_per_year: f64,
    /// Cost of one vehicle-year (capital amortised plus running).
    pub vehicle_cost_per_year: f64,
    /// Unit types that need a vehicle.
    pub vehicle_types: Vec<String>,
    /// The levers' prices (each declared in its lever's table file,
    /// [`Price`]): key and value, in the order of `levers::PRICES`.
    pub lever_prices: Vec<(&'static str, f64)>,
    /// The 110 command platform for a year (set it when comparing platforms,
    /// e.g. a unified one against separate desks).
    pub platform_cost_per_year: f64,
    /// A prisoner-year (the prison's cost per prisoner).
    pub prison_cost_per_prisoner_year: f64,
    /// Custody per arrest: the custody suite's staff, facility and
    /// healthcare, not the arresting officers' time.
    pub custody_cost_per_arrest: f64,
    /// Officer-hours a false alarm takes (priced at the officer's hourly cost).
    pub false_alarm_officer_hours: f64,
    /// Volunteer groups one coordinator organises (recruiting, rosters,
    /// training, liaison); coordinators are priced at `officer_cost_per_year`.
    pub volunteer_groups_per_coordinator: f64,
    /// Multiplies the built-in crime types' social costs (UK, 2015/16
    /// pounds) into this set's money.
    pub crime_cost_factor: f64,
    /// People in the county and persons per household: with the model's
    /// households they give the households each model target stands for.
    pub population: f64,
    pub household_size: f64,
    /// Households (and vehicles) one model target stands for; `None`:
    /// derived, population ÷ household size ÷ the model's households.
    pub households_per_target: Option<f64>,
    /// Payer of each item (index into PAYERS), in ITEMS order.
    pub payer: [usize; ITEMS.len()],
    /// A court case: the cost of one criminal charge (prosecution, court,
    /// legal aid), charged per `charges`.
    pub court_case_cost: f64,
}

/// A lever's price, a key of `[economics]` declared in the lever's table
/// file (listed in `levers::PRICES`): its key, unit and meaning, and its
/// value in each price set ([`PRESETS`] order; the first is the key's
/// default). A cost reads it with [`EconomicsSpec::price`].
#[derive(Debug)]
pub struct Price {
    pub key: &'static str,
    pub unit: &'static str,
    pub meaning: &'static str,
    pub values: [f64; PRESETS.len()],
}

impl Price {
    /// Its key in the registry (a non-negative number).
    pub const fn key_doc(&self) -> KeyDoc {
        num(
            self.key,
            self.values[0],
            Check::NonNeg,
            self.unit,
            self.meaning,
        )
    }
}

impl EconomicsSpec {
    /// The value in force of a lever's price.
    pub fn price(&self, p: &Price) -> f64 {
        self.lever_prices
            .iter()
            .find(|(k, _)| *k == p.key)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| {
                panic!(
                    "price `{}` is not listed in scenario::levers::PRICES",
                    p.key
                )
            })
    }
}

/// The keys of `[economics]`: the core's, then the levers' prices
/// (`levers::PRICES`) after `vehicle_cost_per_year`, then the rest.
pub static ECONOMICS: TableDoc = TableDoc {
    path: "economics",
    about: "The currency and price year, unit costs of the priced items, and who pays for \
            each. What each cost item counts: [economics.md](../economics.md).",
    keys: &KEYS,
    extra: None,
};

/// The lever prices' keys, in `levers::PRICES` order.
const N_LEVER_PRICES: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < PRICES.len() {
        n += PRICES[i].len();
        i += 1;
    }
    n
};

static KEYS: [KeyDoc; CORE.head.len() + N_LEVER_PRICES + CORE.tail.len()] = economics_keys();

/// `[economics]`'s keys in reference order (see [`ECONOMICS`]).
const fn economics_keys<const N: usize>() -> [KeyDoc; N] {
    let mut out = [CORE.head[0]; N];
    let mut k = 0;
    let mut i = 0;
    while i < CORE.head.len() {
        out[k] = CORE.head[i];
        k += 1;
        i += 1;
    }
    let mut l = 0;
    while l < PRICES.len() {
        let mut j = 0;
        while j < PRICES[l].len() {
            out[k] = PRICES[l][j].key_doc();
            k += 1;
            j += 1;
        }
        l += 1;
    }
    i = 0;
    while i < CORE.tail.len() {
        out[k] = CORE.tail[i];
        k += 1;
        i += 1;
    }
    assert!(k == N);
    out
}

/// The core's keys of `[economics]`: before the levers' prices and after.
struct CoreKeys {
    head: &'static [KeyDoc],
    tail: &'static [KeyDoc],
}

const CORE: CoreKeys = CoreKeys {
    head: &[
        choice(
            "preset",
            0,
            &PRESETS,
            "the price set the other prices default to, with its currency and price year: the UK set (2015/16 pounds, that of the social costs, C1) or a Chinese county (2019 yuan; crime costs transferred from the UK set, economics.md)",
        ),
        key(
            "currency",
            Kind::Text,
            Def::Note("the preset's: \"GBP\" (uk-2016), \"CNY\" (china-county-2019)"),
            "",
            "label of the money",
        ),
        key(
            "price_year",
            Kind::Int(1900, 2200),
            Def::Note("the preset's: 2016 (uk-2016), 2019 (china-county-2019)"),
            "",
            "price year",
        ),
        num(
            "officer_cost_per_year",
            60_000.0,
            Check::NonNeg,
            "money a year",
            "one officer, all in (pay, on-costs, overheads); prices the units' officers (`cost.officers`) and checkpoint staff (`cost.checkpoints`)",
        ),
        num(
            "vehicle_cost_per_year",
            15_000.0,
            Check::NonNeg,
            "money a year",
            "one vehicle, amortised plus running",
        ),
    ],
    tail: &[
        num(
            "platform_cost_per_year",
            0.0,
            Check::NonNeg,
            "money a year",
            "the 110 command platform (set it when comparing platforms)",
        ),
        num(
            "prison_cost_per_prisoner_year",
            35_000.0,
            Check::NonNeg,
            "money a prisoner-year",
            "prices the prisoner-years the run's arrests cause (`cost.prison`, F2)",
        ),
        num(
            "custody_cost_per_arrest",
            300.0,
            Check::NonNeg,
            "money an arrest",
            "the custody suite per arrest (custody staff, facility, healthcare), not the arresting officers' time (`cost.arrests`)",
        ),
        num(
            "false_alarm_officer_hours",
            1.0,
            Check::NonNeg,
            "officer-hours",
            "police time a false alarm takes; the false alarms the model does not dispatch are priced at the officer's hourly cost (`cost.false_alarms`)",
        ),
        num(
            "volunteer_groups_per_coordinator",
            10.0,
            Check::Positive,
            "groups",
            "volunteer groups (units with `police = false`) one full-time police coordinator organises (recruiting, rosters, training, liaison); the coordinators' time, groups ÷ this × `officer_cost_per_year`, is part of `cost.volunteers` (synthesis, plausible 5–20; levers.md, joint-defence volunteers)",
        ),
        num(
            "crime_cost_factor",
            1.0,
            Check::Positive,
            "",
            "multiplies the built-in crime types' social costs (2015/16 pounds, C1) into this money; a crime type's `social_cost` the scenario sets is taken as written",
        ),
        num(
            "population",
            400_000.0,
            Check::Positive,
            "people",
            "people in the county (the shipped county's); with `household_size`, the households the model's targets stand for",
        ),
        num(
            "household_size",
            2.62,
            Check::Positive,
            "persons per household",
            "average household size (China, 2020 census)",
        ),
        key(
            "households_per_target",
            Kind::Num(Check::Positive),
            Def::Note("derived: `population` ÷ `household_size` ÷ the model's households"),
            "",
            "households (and vehicles) one model target stands for: prices lock, alarm and camera programmes per real household and scales the model's false alarms to the county's",
        ),
        num(
            "court_case_cost",
            3_000.0,
            Check::NonNeg,
            "money a case",
            "one criminal charge taken to court (prosecution, court time, legal aid), per `charges`; synthesis, 1,000–10,000 (docs/economics.md)",
        ),
        key(
            "vehicle_types",
            Kind::Names("unit type"),
            Def::Names(&["car"]),
            "",
            "unit types that need a vehicle; one vehicle per unit",
        ),
        key(
            "payer",
            Kind::Table("economics.payer"),
            Def::Note("see `economics.payer`"),
            "",
            "who pays each item",
        ),
    ],
};

pub(super) fn read_economics(r: &mut Reader, top: &mut Tbl) -> EconomicsSpec {
    let mut t = r.table(top, "economics", &ECONOMICS);
    let preset = r.pick(&mut t, "preset");
    let set = price_set(preset);
    let currency = r.string(&mut t, "currency", || set.currency.to_string());
    let price_year = r.int(&mut t, "price_year", set.price_year, 1900, 2200) as u32;
    let price = |r: &mut Reader, t: &mut Tbl, k: &str| r.num_or(t, k, set.price(k));
    let officer_cost_per_year = price(r, &mut t, "officer_cost_per_year");
    let vehicle_cost_per_year = price(r, &mut t, "vehicle_cost_per_year");
    let Def::Names(default_types) = ECONOMICS.key("vehicle_types").default else {
        unreachable!("vehicle_types has a list default")
    };
    let mut vehicle_types: Vec<String> = default_types.iter().map(|s| s.to_string()).collect();
    let vp = t.key_path("vehicle_types");
    let given = vehicle_types
        .iter()
        .map(|v| super::doc::builtin(super::doc::Val::Str(v.clone())))
        .collect();
    r.fill(&t, "vehicle_types", super::doc::Val::Array(given));
    if let Some(items) = r.array(&mut t, "vehicle_types") {
        vehicle_types.clear();
        for (i, n) in items.iter().enumerate() {
            match &n.val {
                super::doc::Val::Str(s) => vehicle_types.push(s.clone()),
                other => r.error(
                    &format!("{vp}[{i}]"),
                    &n.origin,
                    format!("expected a unit type name, found {}", other.type_name()),
                ),
            }
        }
    }
    let mut lever_prices = Vec::new();
    for p in PRICES.iter().flat_map(|l| l.iter()) {
        lever_prices.push((p.key, r.num_or(&mut t, p.key, p.values[preset])));
    }
    let platform_cost_per_year = price(r, &mut t, "platform_cost_per_year");
    let prison_cost_per_prisoner_year = price(r, &mut t, "prison_cost_per_prisoner_year");
    let custody_cost_per_arrest = price(r, &mut t, "custody_cost_per_arrest");
    let crime_cost_factor = price(r, &mut t, "crime_cost_factor");
    let false_alarm_officer_hours = r.num(&mut t, "false_alarm_officer_hours");
    let volunteer_groups_per_coordinator = r.num(&mut t, "volunteer_groups_per_coordinator");
    let population = r.num(&mut t, "population");
    let household_size = r.num(&mut t, "household_size");
    let households_per_target = r.num_opt(&mut t, "households_per_target");
    let court_case_cost = price(r, &mut t, "court_case_cost");
    let mut payer = ITEMS.map(|item| PAYER.choice(item));
    if let Some(p) = r.sub(&mut t, "payer") {
        let mut p = p.with_doc(&PAYER);
        for (i, item) in ITEMS.iter().enumerate() {
            payer[i] = r.pick(&mut p, item);
        }
        r.finish(p);
    }
    r.finish(t);
    EconomicsSpec {
        preset: PRESETS[preset].to_string(),
        currency,
        price_year,
        officer_cost_per_year,
        vehicle_cost_per_year,
        vehicle_types,
        lever_prices,
        platform_cost_per_year,
        prison_cost_per_prisoner_year,
        custody_cost_per_arrest,
        false_alarm_officer_hours,
        volunteer_groups_per_coordinator,
        crime_cost_factor,
        population,
        household_size,
        households_per_target,
        court_case_cost,
        payer,
    }
}
