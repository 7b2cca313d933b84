//! `[places]`: land use, targets (households, pedestrians, vehicles) and
//! their physical and technical defence. Every default is listed with its
//! source in `docs/crime.md`.

use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

/// Land uses of places (nodes).
pub const LAND_USES: [&str; 6] = [
    "residential",
    "commercial",
    "entertainment",
    "lodging",
    "transport_hub",
    "second_hand_market",
];

#[derive(Debug, Clone, Serialize)]
pub struct PlacesSpec {
    /// Seed of the land-use layout (the same in every replication).
    pub seed: u64,
    /// Share of nodes of each non-residential land use (index 1.. of LAND_USES).
    pub land_use_share: [f64; 6],
    /// Households, pedestrians (at the busiest hour) and parked vehicles per
    /// node, by land use.
    pub households: [f64; 6],
    pub pedestrians: [f64; 6],
    pub vehicles: [f64; 6],
    /// Share of households at home, by hour of day (guardianship).
    pub occupancy_by_hour: Vec<f64>,
    /// Relative street activity by hour of day (pedestrians out), max 1.
    pub activity_by_hour: Vec<f64>,
    pub lock_share: f64,
    pub alarm_share: f64,
    pub camera_share: f64,
    /// False alarm calls per alarm-equipped household per year.
    pub false_alarms_per_alarm_year: f64,
}

fn per_use(r: &mut Reader, t: &mut Tbl, key: &str, default: [f64; 6]) -> [f64; 6] {
    let Some(mut u) = r.sub(t, key) else {
        return default;
    };
    let mut out = default;
    for (i, name) in LAND_USES.iter().enumerate() {
        out[i] = r.f64(&mut u, name, default[i], Check::NonNeg);
    }
    r.finish(u);
    out
}

pub(crate) fn read_places(r: &mut Reader, top: &mut Tbl) -> PlacesSpec {
    let mut t = r
        .sub(top, "places")
        .unwrap_or_else(|| Tbl::empty("places".into()));
    let seed = r.int(&mut t, "seed", 7, 0, i64::MAX) as u64;
    let mut land_use_share = [0.0, 0.08, 0.03, 0.03, 0.01, 0.01];
    if let Some(mut s) = r.sub(&mut t, "land_use_share") {
        for (i, name) in LAND_USES.iter().enumerate().skip(1) {
            land_use_share[i] = r.f64(&mut s, name, land_use_share[i], Check::Share);
        }
        r.finish(s);
    }
    let non_res: f64 = land_use_share[1..].iter().sum();
    if non_res > 1.0 {
        let o = t.origin.clone();
        r.error(
            "places.land_use_share",
            &o,
            format!("the non-residential shares add up to {non_res}, more than 1"),
        );
    }
    land_use_share[0] = (1.0 - non_res).max(0.0);
    let households = per_use(r, &mut t, "households", [40.0, 10.0, 5.0, 5.0, 0.0, 5.0]);
    let pedestrians = per_use(
        r,
        &mut t,
        "pedestrians",
        [5.0, 60.0, 60.0, 20.0, 80.0, 20.0],
    );
    let vehicles = per_use(r, &mut t, "vehicles", [20.0, 30.0, 30.0, 15.0, 40.0, 10.0]);
    let occupancy = [
        0.95, 0.95, 0.95, 0.95, 0.95, 0.93, 0.85, 0.70, 0.55, 0.50, 0.50, 0.52, 0.55, 0.52, 0.50,
        0.52, 0.58, 0.68, 0.78, 0.85, 0.90, 0.92, 0.94, 0.95,
    ];
    let activity = [
        0.25, 0.15, 0.08, 0.05, 0.05, 0.08, 0.2, 0.45, 0.65, 0.7, 0.75, 0.85, 0.9, 0.85, 0.8, 0.85,
        0.95, 1.0, 1.0, 0.95, 0.85, 0.7, 0.5, 0.35,
    ];
    r.fill_numbers(&t, "occupancy_by_hour", &occupancy);
    r.fill_numbers(&t, "activity_by_hour", &activity);
    let occupancy_by_hour = r
        .numbers(&mut t, "occupancy_by_hour", Some(24), Check::Share)
        .unwrap_or(occupancy.to_vec());
    let activity_by_hour = r
        .numbers(&mut t, "activity_by_hour", Some(24), Check::Share)
        .unwrap_or(activity.to_vec());
    let p = PlacesSpec {
        seed,
        land_use_share,
        households,
        pedestrians,
        vehicles,
        occupancy_by_hour,
        activity_by_hour,
        lock_share: r.f64(&mut t, "lock_share", 0.5, Check::Share),
        alarm_share: r.f64(&mut t, "alarm_share", 0.1, Check::Share),
        camera_share: r.f64(&mut t, "camera_share", 0.05, Check::Share),
        false_alarms_per_alarm_year: r.f64(
            &mut t,
            "false_alarms_per_alarm_year",
            0.3,
            Check::NonNeg,
        ),
    };
    r.finish(t);
    p
}
