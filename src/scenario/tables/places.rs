//! `[places]`: land use, targets (households, pedestrians, vehicles) and
//! their physical and technical defence. Every default is listed with its
//! source in `docs/crime.md`.

use super::place_tags::{LAND_USE_FROM, PlaceTagsSpec, read_place_tags};
use crate::scenario::keys::{Def, Kind, TableDoc, choice, int, key, num};
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
    /// Spread (sd of the log) of each node's attractiveness to offenders,
    /// a lognormal factor with mean 1 drawn once per layout (0 = every
    /// node alike).
    pub attractiveness_sd: f64,
    /// Land use from map tags or drawn.
    pub tags: PlaceTagsSpec,
}

/// The keys of `[places]`.
pub static PLACES: TableDoc = TableDoc {
    path: "places",
    about: "Land use, targets (households, pedestrians, parked vehicles) and their \
            physical and technical defence. Read whether or not the scenario has `[crime]` \
            (false alarms are calls).",
    keys: &[
        int(
            "seed",
            7,
            0,
            i64::MAX,
            "",
            "seed of the land-use layout and of the local offenders' homes; not the run seed: the layout is the same in every replication and strategy",
        ),
        key(
            "land_use_share",
            Kind::Table("places.land_use_share"),
            Def::Note("see `places.land_use_share`"),
            "",
            "mean share of nodes with each non-residential use",
        ),
        key(
            "households",
            Kind::Table("places.households"),
            Def::Note("see `places.households`"),
            "",
            "household targets per node, by land use",
        ),
        key(
            "pedestrians",
            Kind::Table("places.pedestrians"),
            Def::Note("see `places.pedestrians`"),
            "",
            "pedestrian targets per node at the busiest hour, by land use; scaled by `activity_by_hour`",
        ),
        key(
            "vehicles",
            Kind::Table("places.vehicles"),
            Def::Note("see `places.vehicles`"),
            "",
            "parked vehicles per node, by land use",
        ),
        key(
            "occupancy_by_hour",
            Kind::Numbers(Some(24), Check::Share),
            Def::Numbers(&[
                0.95, 0.95, 0.95, 0.95, 0.95, 0.93, 0.85, 0.70, 0.55, 0.50, 0.50, 0.52, 0.55, 0.52,
                0.50, 0.52, 0.58, 0.68, 0.78, 0.85, 0.90, 0.92, 0.94, 0.95,
            ]),
            "",
            "share of households at home (guardians) in each hour of the day, 00:00 first",
        ),
        key(
            "activity_by_hour",
            Kind::Numbers(Some(24), Check::Share),
            Def::Numbers(&[
                0.25, 0.15, 0.08, 0.05, 0.05, 0.08, 0.2, 0.45, 0.65, 0.7, 0.75, 0.85, 0.9, 0.85,
                0.8, 0.85, 0.95, 1.0, 1.0, 0.95, 0.85, 0.7, 0.5, 0.35,
            ]),
            "",
            "street activity relative to the busiest hour, 00:00 first: scales pedestrians, and sets when local offenders go out",
        ),
        num(
            "lock_share",
            0.5,
            Check::Share,
            "",
            "chance that a household or vehicle an offender looks at has good locks (physical defence, 物防)",
        ),
        num(
            "alarm_share",
            0.1,
            Check::Share,
            "",
            "the same for an alarm (technical defence, 技防); also sets how many households can give false alarms",
        ),
        num(
            "camera_share",
            0.05,
            Check::Share,
            "",
            "chance that a target, of any kind, is watched by a private camera",
        ),
        num(
            "false_alarms_per_alarm_year",
            0.3,
            Check::NonNeg,
            "per household with an alarm per year",
            "false alarm calls (model.md §5.4)",
        ),
        num(
            "attractiveness_sd",
            1.1,
            Check::Range(0.0, 5.0),
            "sd of the log",
            "spread of the places' attractiveness to offenders (crime attractors: a lognormal factor with mean 1 per node, drawn once from `seed`, multiplying every crime type's opportunities there); calibrated to the law of crime concentration (crime.md §14); 0 = every node alike",
        ),
        choice(
            "land_use_from",
            0,
            LAND_USE_FROM,
            "where each node's land use comes from. auto: from the map's tags when the network is an OpenStreetMap extract (`network.kind = \"osm\"`) with tagged places (shops, bars, hotels, stations, housing), else synthetic; tags: from the tags (an OpenStreetMap network only); synthetic: drawn from `seed` and `land_use_share` (docs/real-places.md)",
        ),
        num(
            "tag_radius_m",
            100.0,
            Check::Range(1.0, 5000.0),
            "m",
            "a tagged place counts at every road node within this distance (default: about half a city block, so a place counts at the corners of its block; synthesis, plausible 50–200 m)",
        ),
        key(
            "tag_uses",
            Kind::Other(
                "table of \"key=value\" (or \"key=*\") = land use or \"none\", e.g. `{ \"amenity=cafe\" = \"entertainment\", \"shop=*\" = \"none\" }`",
            ),
            Def::Note("the built-in tag table (below and docs/real-places.md)"),
            "",
            "changes to the tag table: a tag's land use (residential, commercial, entertainment, lodging, transport_hub, second_hand_market), or none to drop the built-in rule",
        ),
        key(
            "tag_weight",
            Kind::Table("places.tag_weight"),
            Def::Note("see `places.tag_weight`"),
            "",
            "what one tagged place of each use counts for",
        ),
    ],
    extra: Some(super::place_tags::tag_table_markdown),
};

/// The keys of `[places.land_use_share]`; the rest of the nodes are residential.
pub static LAND_USE_SHARE: TableDoc = TableDoc {
    path: "places.land_use_share",
    about: "Mean share of nodes with each non-residential use (their sum at most 1); the \
            rest are `residential`, which is not a key. Nodes with a higher call weight \
            are likelier to have a non-residential use.",
    keys: &[
        num(
            "commercial",
            0.08,
            Check::Share,
            "",
            "mean share of nodes with this use",
        ),
        num(
            "entertainment",
            0.03,
            Check::Share,
            "",
            "mean share of nodes with this use",
        ),
        num(
            "lodging",
            0.03,
            Check::Share,
            "",
            "mean share of nodes with this use",
        ),
        num(
            "transport_hub",
            0.01,
            Check::Share,
            "",
            "mean share of nodes with this use",
        ),
        num(
            "second_hand_market",
            0.01,
            Check::Share,
            "",
            "mean share of nodes with this use",
        ),
    ],
    extra: None,
};

/// The keys of `[places.households]`.
pub static HOUSEHOLDS: TableDoc = TableDoc {
    path: "places.households",
    about: "Household targets per node, by land use.",
    keys: &[
        num(
            "residential",
            40.0,
            Check::NonNeg,
            "households",
            "at a residential node",
        ),
        num(
            "commercial",
            10.0,
            Check::NonNeg,
            "households",
            "at a commercial node",
        ),
        num(
            "entertainment",
            5.0,
            Check::NonNeg,
            "households",
            "at a entertainment node",
        ),
        num(
            "lodging",
            5.0,
            Check::NonNeg,
            "households",
            "at a lodging node",
        ),
        num(
            "transport_hub",
            0.0,
            Check::NonNeg,
            "households",
            "at a transport hub node",
        ),
        num(
            "second_hand_market",
            5.0,
            Check::NonNeg,
            "households",
            "at a second hand market node",
        ),
    ],
    extra: None,
};

/// The keys of `[places.pedestrians]`.
pub static PEDESTRIANS: TableDoc = TableDoc {
    path: "places.pedestrians",
    about: "Pedestrian targets per node at the busiest hour, by land use.",
    keys: &[
        num(
            "residential",
            5.0,
            Check::NonNeg,
            "pedestrians",
            "at a residential node",
        ),
        num(
            "commercial",
            60.0,
            Check::NonNeg,
            "pedestrians",
            "at a commercial node",
        ),
        num(
            "entertainment",
            60.0,
            Check::NonNeg,
            "pedestrians",
            "at a entertainment node",
        ),
        num(
            "lodging",
            20.0,
            Check::NonNeg,
            "pedestrians",
            "at a lodging node",
        ),
        num(
            "transport_hub",
            80.0,
            Check::NonNeg,
            "pedestrians",
            "at a transport hub node",
        ),
        num(
            "second_hand_market",
            20.0,
            Check::NonNeg,
            "pedestrians",
            "at a second hand market node",
        ),
    ],
    extra: None,
};

/// The keys of `[places.vehicles]`.
pub static VEHICLES: TableDoc = TableDoc {
    path: "places.vehicles",
    about: "Parked vehicles per node, by land use.",
    keys: &[
        num(
            "residential",
            20.0,
            Check::NonNeg,
            "vehicles",
            "at a residential node",
        ),
        num(
            "commercial",
            30.0,
            Check::NonNeg,
            "vehicles",
            "at a commercial node",
        ),
        num(
            "entertainment",
            30.0,
            Check::NonNeg,
            "vehicles",
            "at a entertainment node",
        ),
        num(
            "lodging",
            15.0,
            Check::NonNeg,
            "vehicles",
            "at a lodging node",
        ),
        num(
            "transport_hub",
            40.0,
            Check::NonNeg,
            "vehicles",
            "at a transport hub node",
        ),
        num(
            "second_hand_market",
            10.0,
            Check::NonNeg,
            "vehicles",
            "at a second hand market node",
        ),
    ],
    extra: None,
};

fn per_use(r: &mut Reader, t: &mut Tbl, key: &str, doc: &'static TableDoc) -> [f64; 6] {
    let default = LAND_USES.map(|u| doc.num(u));
    let Some(u) = r.sub(t, key) else {
        return default;
    };
    let mut u = u.with_doc(doc);
    let mut out = default;
    for (i, name) in LAND_USES.iter().enumerate() {
        out[i] = r.num(&mut u, name);
    }
    r.finish(u);
    out
}

pub(crate) fn read_places(r: &mut Reader, top: &mut Tbl) -> PlacesSpec {
    let mut t = r.table(top, "places", &PLACES);
    let seed = r.whole(&mut t, "seed") as u64;
    let mut land_use_share = [0.0; 6];
    for (i, name) in LAND_USES.iter().enumerate().skip(1) {
        land_use_share[i] = LAND_USE_SHARE.num(name);
    }
    if let Some(s) = r.sub(&mut t, "land_use_share") {
        let mut s = s.with_doc(&LAND_USE_SHARE);
        for (i, name) in LAND_USES.iter().enumerate().skip(1) {
            land_use_share[i] = r.num(&mut s, name);
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
    let households = per_use(r, &mut t, "households", &HOUSEHOLDS);
    let pedestrians = per_use(r, &mut t, "pedestrians", &PEDESTRIANS);
    let vehicles = per_use(r, &mut t, "vehicles", &VEHICLES);
    let by_hour = |r: &mut Reader, t: &mut Tbl, key: &str| {
        let default = PLACES.numbers(key);
        r.fill_numbers(t, key, default);
        r.numbers(t, key, Some(24), Check::Share)
            .unwrap_or(default.to_vec())
    };
    let occupancy_by_hour = by_hour(r, &mut t, "occupancy_by_hour");
    let activity_by_hour = by_hour(r, &mut t, "activity_by_hour");
    let p = PlacesSpec {
        seed,
        land_use_share,
        households,
        pedestrians,
        vehicles,
        occupancy_by_hour,
        activity_by_hour,
        lock_share: r.num(&mut t, "lock_share"),
        alarm_share: r.num(&mut t, "alarm_share"),
        camera_share: r.num(&mut t, "camera_share"),
        false_alarms_per_alarm_year: r.num(&mut t, "false_alarms_per_alarm_year"),
        attractiveness_sd: r.num(&mut t, "attractiveness_sd"),
        tags: read_place_tags(r, &mut t),
    };
    r.finish(t);
    p
}
