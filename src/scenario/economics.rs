//! The `[economics]` table: the currency and price year, unit costs of the
//! priced items, and who pays for each ("who benefits, pays", 谁受益,谁出资).
//! Every default is listed with its source in `docs/economics.md`.

use super::read::{Check, Reader, Tbl};
use serde::Serialize;

pub const PAYERS: [&str; 3] = ["public", "households", "businesses"];
/// The priced items, in report order.
pub const ITEMS: [&str; 13] = [
    "officers",
    "vehicles",
    "locks",
    "alarms",
    "cameras",
    "street_cameras",
    "checkpoints",
    "detectives",
    "volunteers",
    "informants",
    "registration",
    "regional",
    "platform",
];

#[derive(Debug, Clone, Serialize)]
pub struct EconomicsSpec {
    pub currency: String,
    pub price_year: u32,
    /// All-in cost of one officer for a year (pay, on-costs, overheads).
    pub officer_cost_per_year: f64,
    /// Cost of one vehicle-year (capital amortised plus running).
    pub vehicle_cost_per_year: f64,
    /// Unit types that need a vehicle.
    pub vehicle_types: Vec<String>,
    /// Cost per protected target per year (amortised installation plus running).
    pub lock_cost_per_target_year: f64,
    pub alarm_cost_per_target_year: f64,
    pub camera_cost_per_target_year: f64,
    /// Street camera, per camera-year, with and without a control room.
    pub street_camera_monitored_cost_per_year: f64,
    pub street_camera_passive_cost_per_year: f64,
    /// A detective for a year, all in.
    pub detective_cost_per_year: f64,
    /// A volunteer-hour (stipend, equipment, organisation).
    pub volunteer_cost_per_hour: f64,
    /// An informant for a year (payments and handling time).
    pub informant_cost_per_year: f64,
    /// A registration scheme for a year, county-wide (inspection, systems,
    /// the businesses' time).
    pub lodging_registration_cost_per_year: f64,
    pub second_hand_registration_cost_per_year: f64,
    /// Regional cooperation for a year: per pair of jurisdictions at full
    /// cooperation (liaison time, joint work, the shared alert system), and
    /// with the neighbouring counties at full cooperation.
    pub cooperation_cost_per_pair_year: f64,
    pub outside_cooperation_cost_per_year: f64,
    /// The 110 command platform for a year (set it when comparing platforms,
    /// e.g. a unified one against separate desks).
    pub platform_cost_per_year: f64,
    /// Payer of each item (index into PAYERS), in ITEMS order.
    pub payer: [usize; 13],
}

pub(super) fn read_economics(r: &mut Reader, top: &mut Tbl) -> EconomicsSpec {
    let mut t = r
        .sub(top, "economics")
        .unwrap_or_else(|| Tbl::empty("economics".into()));
    let currency = r.string(&mut t, "currency", || "GBP".into());
    let price_year = r.int(&mut t, "price_year", 2016, 1900, 2200) as u32;
    let officer_cost_per_year = r.f64(&mut t, "officer_cost_per_year", 60_000.0, Check::NonNeg);
    let vehicle_cost_per_year = r.f64(&mut t, "vehicle_cost_per_year", 15_000.0, Check::NonNeg);
    let mut vehicle_types = vec!["car".to_string()];
    let vp = t.key_path("vehicle_types");
    let car = super::doc::builtin(super::doc::Val::Str(vehicle_types[0].clone()));
    r.fill(&t, "vehicle_types", super::doc::Val::Array(vec![car]));
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
    let lock_cost_per_target_year = r.f64(&mut t, "lock_cost_per_target_year", 15.0, Check::NonNeg);
    let alarm_cost_per_target_year =
        r.f64(&mut t, "alarm_cost_per_target_year", 60.0, Check::NonNeg);
    let camera_cost_per_target_year =
        r.f64(&mut t, "camera_cost_per_target_year", 80.0, Check::NonNeg);
    let street_camera_monitored_cost_per_year = r.f64(
        &mut t,
        "street_camera_monitored_cost_per_year",
        6_100.0,
        Check::NonNeg,
    );
    let street_camera_passive_cost_per_year = r.f64(
        &mut t,
        "street_camera_passive_cost_per_year",
        1_500.0,
        Check::NonNeg,
    );
    let detective_cost_per_year = r.f64(&mut t, "detective_cost_per_year", 65_000.0, Check::NonNeg);
    let volunteer_cost_per_hour = r.f64(&mut t, "volunteer_cost_per_hour", 4.0, Check::NonNeg);
    let informant_cost_per_year = r.f64(&mut t, "informant_cost_per_year", 2_000.0, Check::NonNeg);
    let lodging_registration_cost_per_year = r.f64(
        &mut t,
        "lodging_registration_cost_per_year",
        30_000.0,
        Check::NonNeg,
    );
    let second_hand_registration_cost_per_year = r.f64(
        &mut t,
        "second_hand_registration_cost_per_year",
        20_000.0,
        Check::NonNeg,
    );
    let cooperation_cost_per_pair_year = r.f64(
        &mut t,
        "cooperation_cost_per_pair_year",
        10_000.0,
        Check::NonNeg,
    );
    let outside_cooperation_cost_per_year = r.f64(
        &mut t,
        "outside_cooperation_cost_per_year",
        20_000.0,
        Check::NonNeg,
    );
    let platform_cost_per_year = r.f64(&mut t, "platform_cost_per_year", 0.0, Check::NonNeg);
    let mut payer = [0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 2, 0, 0];
    if let Some(mut p) = r.sub(&mut t, "payer") {
        for (i, item) in ITEMS.iter().enumerate() {
            payer[i] = r.choice(&mut p, item, payer[i], &PAYERS);
        }
        r.finish(p);
    }
    r.finish(t);
    EconomicsSpec {
        currency,
        price_year,
        officer_cost_per_year,
        vehicle_cost_per_year,
        vehicle_types,
        lock_cost_per_target_year,
        alarm_cost_per_target_year,
        camera_cost_per_target_year,
        street_camera_monitored_cost_per_year,
        street_camera_passive_cost_per_year,
        detective_cost_per_year,
        volunteer_cost_per_hour,
        informant_cost_per_year,
        lodging_registration_cost_per_year,
        second_hand_registration_cost_per_year,
        cooperation_cost_per_pair_year,
        outside_cooperation_cost_per_year,
        platform_cost_per_year,
        payer,
    }
}
