//! The `[informants]` and `[community]` tables: informants placed at the
//! places offenders "eat, live, travel, sell, play" (吃住行销乐), lodging and
//! second-hand-trade registration, and community officers (社区民警) who raise
//! residents' reporting and recruit informants in their areas. Defaults and
//! their sources are in `docs/levers.md`.

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
    let mut t = r
        .sub(top, "informants")
        .unwrap_or_else(|| Tbl::empty("informants".into()));
    let mut count = [0u32; 5];
    for (i, (kind, _)) in PLACE_KINDS.iter().enumerate() {
        count[i] = r.int(&mut t, kind, 0, 0, 1_000_000) as u32;
    }
    let s = InformantSpec {
        count,
        notice: r.f64(&mut t, "notice", 0.1, Check::Share),
        identify: r.f64(&mut t, "identify", 0.03, Check::Share),
        fence_identify: r.f64(&mut t, "fence_identify", 0.2, Check::Share),
        lodging_registration: r.bool(&mut t, "lodging_registration", false),
        lodging_identify: r.f64(&mut t, "lodging_identify", 0.05, Check::Share),
        second_hand_registration: r.bool(&mut t, "second_hand_registration", false),
        second_hand_identify: r.f64(&mut t, "second_hand_identify", 0.1, Check::Share),
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
    let mut t = r
        .sub(top, "community")
        .unwrap_or_else(|| Tbl::empty("community".into()));
    let mut areas = Vec::new();
    let ap = t.key_path("areas");
    r.fill(&t, "areas", crate::scenario::doc::Val::Array(vec![]));
    if let Some(items) = r.array(&mut t, "areas") {
        let names: Vec<&str> = jurisdictions.iter().map(String::as_str).collect();
        for (i, n) in items.iter().enumerate() {
            let Some(mut a) = r.as_table(n, format!("{ap}[{i}]")) else {
                continue;
            };
            let path = a.key_path("jurisdiction");
            let j = match r.get(&mut a, "jurisdiction") {
                Some(v) => r.choice_of(&path, v, &names),
                None => {
                    r.missing(&a, "jurisdiction", "a jurisdiction name");
                    None
                }
            };
            let officers = r.int_req(&mut a, "officers", 0, 10_000) as u32;
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
        nodes_per_officer: r.f64(&mut t, "nodes_per_officer", 40.0, Check::Positive),
        report_gain: r.f64(&mut t, "report_gain", 0.3, Check::Share),
        delay_cut: r.f64(&mut t, "delay_cut", 0.3, Check::Share),
        informants_per_officer: r.f64(&mut t, "informants_per_officer", 2.0, Check::NonNeg),
    };
    r.finish(t);
    s
}
