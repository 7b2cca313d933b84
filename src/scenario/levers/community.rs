//! The `[informants]` and `[community]` tables: informants placed at the
//! places offenders "eat, live, travel, sell, play" (吃住行销乐), lodging and
//! second-hand-trade registration, and community officers (社区民警) who raise
//! residents' reporting and recruit informants in their areas. Defaults and
//! their sources are in `docs/levers.md`.

use super::{Context, LeverTable, SEE, root_key};
use crate::scenario::economics::Price;
use crate::scenario::keys::{Def, KeyDoc, Kind, TableDoc, flag, int, key, num};
use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

/// The five kinds of places, as the essay names them, and the land use each
/// is (index into the places' land uses: 1 commercial, 3 lodging,
/// 4 transport, 5 second-hand, 2 entertainment).
pub const PLACE_KINDS: [(&str, usize); 5] = [
    ("eat", 1),
    ("live", 3),
    ("travel", 4),
    ("sell", 5),
    ("play", 2),
];

/// The keys of `[informants]`.
pub static INFORMANTS: TableDoc = TableDoc {
    path: "informants",
    about: "Informants at the places offenders \"eat, live, travel, sell, play\" (吃住行销乐), \
            and lodging and second-hand-trade registration.",
    keys: &[
        int(
            "eat",
            0,
            0,
            1_000_000,
            "informants",
            "informants at commercial places (at most one a place)",
        ),
        int(
            "live",
            0,
            0,
            1_000_000,
            "informants",
            "informants at lodging places",
        ),
        int(
            "travel",
            0,
            0,
            1_000_000,
            "informants",
            "informants at transport hubs",
        ),
        int(
            "sell",
            0,
            0,
            1_000_000,
            "informants",
            "informants at second-hand markets",
        ),
        int(
            "play",
            0,
            0,
            1_000_000,
            "informants",
            "informants at entertainment places",
        ),
        num(
            "notice",
            0.1,
            Check::Share,
            "",
            "chance an informant notes an offender staying at the place",
        ),
        num(
            "identify",
            0.03,
            Check::Share,
            "",
            "added identification chance for the crimes he did before the note",
        ),
        num(
            "fence_identify",
            0.2,
            Check::Share,
            "",
            "added when an informant noted the sale of his loot",
        ),
        flag(
            "lodging_registration",
            false,
            "roaming offenders staying at lodging places are registered",
        ),
        num(
            "lodging_identify",
            0.05,
            Check::Share,
            "",
            "added for a registered roaming offender's crimes during the visit",
        ),
        flag(
            "second_hand_registration",
            false,
            "every sale of loot at a second-hand place is registered",
        ),
        num(
            "second_hand_identify",
            0.1,
            Check::Share,
            "",
            "added when the sale was registered",
        ),
    ],
    extra: None,
};

/// The keys of `[community]`.
pub static COMMUNITY: TableDoc = TableDoc {
    path: "community",
    about: "Community officers (社区民警) who raise residents' reporting and recruit \
            informants in their areas.",
    keys: &[
        key(
            "areas",
            Kind::Table("community.areas[]"),
            Def::Note("none"),
            "",
            "community officers per jurisdiction (each one officer in `officers_needed`)",
        ),
        num(
            "nodes_per_officer",
            40.0,
            Check::Positive,
            "nodes",
            "blocks one officer knows; coverage = min(1, officers × this ÷ nodes)",
        ),
        num(
            "report_gain",
            0.3,
            Check::Share,
            "",
            "at full coverage, this share of would-be-unreported crimes is reported",
        ),
        num(
            "delay_cut",
            0.3,
            Check::Share,
            "",
            "at full coverage, reporting delays shrink by this share",
        ),
        num(
            "informants_per_officer",
            2.0,
            Check::NonNeg,
            "informants",
            "informants each officer recruits at activity places of the area",
        ),
    ],
    extra: None,
};

/// The keys of each `[[community.areas]]` table.
pub static AREA: TableDoc = TableDoc {
    path: "community.areas[]",
    about: "The community officers of one jurisdiction (each jurisdiction at most once).",
    keys: &[
        key(
            "jurisdiction",
            Kind::Name("jurisdiction"),
            Def::Required,
            "",
            "the area",
        ),
        key(
            "officers",
            Kind::Int(0, 10_000),
            Def::Required,
            "officers",
            "community officers there",
        ),
    ],
    extra: None,
};

#[derive(Debug, Clone, Serialize)]
pub struct InformantSpec {
    /// Informants placed at places of each kind, in `PLACE_KINDS` order (at
    /// most one per place; places drawn once per scenario from the places seed).
    pub count: [u32; 5],
    /// Chance that an informant notes an offender who stays at the place.
    pub notice: f64,
    /// Added chance to identify the offender of a crime when an informant
    /// noted him after it.
    pub identify: f64,
    /// Added chance when the loot was sold at a place with an informant or
    /// under second-hand registration after the crime.
    pub fence_identify: f64,
    /// Lodging registration (旅馆业登记): every roaming offender who stays at a
    /// lodging place is registered; identification of his crimes in the
    /// county is then more likely by `lodging_identify`.
    pub lodging_registration: bool,
    pub lodging_identify: f64,
    /// Second-hand-trade registration (旧货业登记): every sale of loot at a
    /// second-hand place is registered; its crimes are then more likely
    /// identified by `second_hand_identify` (less than an informant's
    /// `fence_identify`: a register must be matched to the stolen goods).
    pub second_hand_registration: bool,
    pub second_hand_identify: f64,
}

impl InformantSpec {
    /// Any source of tips at all (else the model skips the tip checks).
    pub fn active(&self) -> bool {
        self.count.iter().any(|&c| c > 0)
            || self.lodging_registration
            || self.second_hand_registration
    }
}

pub(crate) fn read_informants(r: &mut Reader, top: &mut Tbl) -> InformantSpec {
    let mut t = r.table(top, "informants", &INFORMANTS);
    let mut count = [0u32; 5];
    for (i, (kind, _)) in PLACE_KINDS.iter().enumerate() {
        count[i] = r.whole(&mut t, kind) as u32;
    }
    let s = InformantSpec {
        count,
        notice: r.num(&mut t, "notice"),
        identify: r.num(&mut t, "identify"),
        fence_identify: r.num(&mut t, "fence_identify"),
        lodging_registration: r.flag(&mut t, "lodging_registration"),
        lodging_identify: r.num(&mut t, "lodging_identify"),
        second_hand_registration: r.flag(&mut t, "second_hand_registration"),
        second_hand_identify: r.num(&mut t, "second_hand_identify"),
    };
    r.finish(t);
    s
}

/// Community officers in one jurisdiction.
#[derive(Debug, Clone, Serialize)]
pub struct CommunityArea {
    pub jurisdiction: usize,
    pub officers: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommunitySpec {
    pub areas: Vec<CommunityArea>,
    /// Road nodes (blocks) one community officer knows well: coverage of a
    /// jurisdiction = min(1, officers × this ÷ its nodes).
    pub nodes_per_officer: f64,
    /// At full coverage, this share of the crimes that would go unreported
    /// are reported.
    pub report_gain: f64,
    /// At full coverage, reporting delays are cut by this share.
    pub delay_cut: f64,
    /// Informants each community officer recruits at activity places in
    /// the area.
    pub informants_per_officer: f64,
}

impl CommunitySpec {
    pub fn officers(&self) -> u32 {
        self.areas.iter().map(|a| a.officers).sum()
    }
}

pub(crate) fn read_community(
    r: &mut Reader,
    top: &mut Tbl,
    jurisdictions: &[String],
) -> CommunitySpec {
    let mut t = r.table(top, "community", &COMMUNITY);
    let mut areas = Vec::new();
    let ap = t.key_path("areas");
    r.fill(&t, "areas", crate::scenario::doc::Val::Array(vec![]));
    if let Some(items) = r.array(&mut t, "areas") {
        let names: Vec<&str> = jurisdictions.iter().map(String::as_str).collect();
        for (i, n) in items.iter().enumerate() {
            let Some(a) = r.as_table(n, format!("{ap}[{i}]")) else {
                continue;
            };
            let mut a = a.with_doc(&AREA);
            let path = a.key_path("jurisdiction");
            let j = match r.get(&mut a, "jurisdiction") {
                Some(v) => r.choice_of(&path, v, &names),
                None => {
                    r.missing(&a, "jurisdiction", "a jurisdiction name");
                    None
                }
            };
            let officers = r.whole(&mut a, "officers") as u32;
            if let Some(x) = j
                && areas.iter().any(|b: &CommunityArea| b.jurisdiction == x)
            {
                r.error(
                    &path,
                    &a.origin.clone(),
                    format!(
                        "jurisdiction \"{}\" is listed twice; give each area once with all its officers",
                        jurisdictions[x]
                    ),
                );
            }
            r.finish(a);
            if let Some(jurisdiction) = j {
                areas.push(CommunityArea {
                    jurisdiction,
                    officers,
                });
            }
        }
    }
    let s = CommunitySpec {
        areas,
        nodes_per_officer: r.num(&mut t, "nodes_per_officer"),
        report_gain: r.num(&mut t, "report_gain"),
        delay_cut: r.num(&mut t, "delay_cut"),
        informants_per_officer: r.num(&mut t, "informants_per_officer"),
    };
    r.finish(t);
    s
}

impl LeverTable for InformantSpec {
    const ROOT_KEY: KeyDoc = root_key(
        "informants",
        "informants",
        SEE,
        "informants and registration",
    );
    const TABLES: &'static [&'static TableDoc] = &[&INFORMANTS];
    const EXAMPLE: &'static [&'static str] = &[
        "informants={ eat = 20, live = 10, travel = 10, sell = 10, play = 20, lodging_registration = true, second_hand_registration = true }",
    ];
    fn read(r: &mut Reader, top: &mut Tbl, _cx: &Context) -> Self {
        read_informants(r, top)
    }
}

impl LeverTable for CommunitySpec {
    const ROOT_KEY: KeyDoc = root_key("community", "community", SEE, "community officers");
    const TABLES: &'static [&'static TableDoc] = &[&COMMUNITY, &AREA];
    fn read(r: &mut Reader, top: &mut Tbl, cx: &Context) -> Self {
        read_community(r, top, cx.jurisdictions)
    }
}

// Prices: keys of `[economics]`, values in the price sets' order (uk-2016,
// china-county-2019; sources and ranges in docs/economics.md).

/// An informant for a year (payments and handling time).
pub const INFORMANT: Price = Price {
    key: "informant_cost_per_year",
    unit: "money a year",
    meaning: "per informant (payments and handling time)",
    values: [2_000.0, 5_000.0],
};

/// The lodging registration scheme for a year, county-wide.
pub const LODGING_REGISTRATION: Price = Price {
    key: "lodging_registration_cost_per_year",
    unit: "money a year",
    meaning: "the lodging registration scheme, county-wide (inspection, systems, the businesses' time)",
    values: [30_000.0, 150_000.0],
};

/// The second-hand-trade registration scheme for a year, county-wide.
pub const SECOND_HAND_REGISTRATION: Price = Price {
    key: "second_hand_registration_cost_per_year",
    unit: "money a year",
    meaning: "the second-hand-trade registration scheme, county-wide",
    values: [20_000.0, 100_000.0],
};

/// Its prices, in the order of `[economics]`.
pub const PRICES: &[&Price] = &[&INFORMANT, &LODGING_REGISTRATION, &SECOND_HAND_REGISTRATION];
