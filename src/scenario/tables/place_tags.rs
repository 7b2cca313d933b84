//! Land use from map tags: which OpenStreetMap tags make a place of which
//! land use (`places.tag_uses`), how far a tagged place reaches
//! (`places.tag_radius_m`), how much one place of each use counts
//! (`places.tag_weight`) and whether the layout comes from the tags or is
//! drawn (`places.land_use_from`). The map is read by `world` (`osm.rs`,
//! `land_use.rs`); docs/real-places.md explains the rule.

use super::places::LAND_USES;
use crate::scenario::doc::Val;
use crate::scenario::keys::{TableDoc, num};
use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

/// Where the land use of nodes comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LandUseFrom {
    /// From the map's tags when the network is an OpenStreetMap extract
    /// that has tagged places; else drawn.
    Auto,
    /// From the map's tags (an OpenStreetMap network only).
    Tags,
    /// Drawn from `places.seed` and `places.land_use_share`.
    Synthetic,
}

pub const LAND_USE_FROM: &[&str] = &["auto", "tags", "synthetic"];

/// The built-in tag table: `key=value` (or `key=*`, any value) and the land
/// use it gives. Synthesis from the OpenStreetMap wiki's meaning of each
/// tag (docs/real-places.md, "Places from map tags").
pub const TAG_USES: &[(&str, &str)] = &[
    // live
    ("building=residential", "residential"),
    ("building=apartments", "residential"),
    ("building=house", "residential"),
    ("building=detached", "residential"),
    ("building=semidetached_house", "residential"),
    ("building=terrace", "residential"),
    ("building=dormitory", "residential"),
    ("landuse=residential", "residential"),
    // sell
    ("shop=*", "commercial"),
    ("amenity=marketplace", "commercial"),
    ("amenity=cafe", "commercial"),
    ("amenity=bank", "commercial"),
    ("amenity=pharmacy", "commercial"),
    ("building=commercial", "commercial"),
    ("building=retail", "commercial"),
    ("landuse=retail", "commercial"),
    ("landuse=commercial", "commercial"),
    // eat and play at night
    ("amenity=restaurant", "entertainment"),
    ("amenity=fast_food", "entertainment"),
    ("amenity=bar", "entertainment"),
    ("amenity=pub", "entertainment"),
    ("amenity=nightclub", "entertainment"),
    ("amenity=biergarten", "entertainment"),
    ("amenity=casino", "entertainment"),
    ("amenity=cinema", "entertainment"),
    ("amenity=theatre", "entertainment"),
    // stay
    ("tourism=hotel", "lodging"),
    ("tourism=hostel", "lodging"),
    ("tourism=guest_house", "lodging"),
    ("tourism=motel", "lodging"),
    ("tourism=apartment", "lodging"),
    ("building=hotel", "lodging"),
    // travel
    ("railway=station", "transport_hub"),
    ("railway=halt", "transport_hub"),
    ("public_transport=station", "transport_hub"),
    ("amenity=bus_station", "transport_hub"),
    ("amenity=ferry_terminal", "transport_hub"),
    // resell
    ("shop=second_hand", "second_hand_market"),
    ("shop=pawnbroker", "second_hand_market"),
    ("shop=charity", "second_hand_market"),
];

/// Which use wins when one place has tags of two uses (higher wins): the
/// rarer, more specific use first.
pub const USE_RANK: [u8; 6] = [0, 1, 2, 4, 5, 3];

/// One rule of the tag table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TagRule {
    pub key: String,
    /// `None`: any value (`key=*`).
    pub value: Option<String>,
    /// Index into [`LAND_USES`].
    pub land_use: u8,
}

impl TagRule {
    /// How well the rule matches a tag: 2 exact, 1 any value, 0 not.
    pub fn matches(&self, k: &str, v: &str) -> u8 {
        if self.key != k {
            0
        } else {
            match &self.value {
                None => 1,
                Some(x) if x == v => 2,
                Some(_) => 0,
            }
        }
    }
}

/// The land use of a map element with these tags, if any rule matches.
/// For each tag an exact `key=value` rule beats a `key=*` one; across tags
/// (a bakery in an apartment building) the use of higher [`USE_RANK`] wins.
pub fn use_of_tags<'a>(
    rules: &[TagRule],
    tags: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<u8> {
    let mut best: Option<(u8, u8)> = None;
    for (k, v) in tags {
        let mut tag_best: Option<(u8, u8)> = None;
        for r in rules {
            let m = r.matches(k, v);
            if m > 0 && tag_best.is_none_or(|b| m > b.0) {
                tag_best = Some((m, r.land_use));
            }
        }
        if let Some((_, u)) = tag_best {
            let cand = (USE_RANK[u as usize], u);
            if best.is_none_or(|b| cand > b) {
                best = Some(cand);
            }
        }
    }
    best.map(|b| b.1)
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceTagsSpec {
    pub from: LandUseFrom,
    /// A tagged place counts at every road node within this distance (m).
    pub radius_m: f64,
    pub rules: Vec<TagRule>,
    /// What one tagged place of each use counts for (index of LAND_USES).
    pub weight: [f64; 6],
}

/// The keys of `[places.tag_weight]`.
pub static TAG_WEIGHT: TableDoc = TableDoc {
    path: "places.tag_weight",
    about: "What one tagged place of each land use counts for when a road node's use is \
            chosen from the places around it (the use with the largest count × weight wins). \
            Synthesis: a station, a hotel or a second-hand dealer is one tag but a bigger or \
            rarer place than one shop or one house; plausible range 1–10.",
    keys: &[
        num(
            "residential",
            1.0,
            Check::NonNeg,
            "",
            "one residential building or area",
        ),
        num(
            "commercial",
            1.0,
            Check::NonNeg,
            "",
            "one shop, market, café, bank",
        ),
        num(
            "entertainment",
            1.0,
            Check::NonNeg,
            "",
            "one restaurant, bar, pub, club, cinema",
        ),
        num(
            "lodging",
            3.0,
            Check::NonNeg,
            "",
            "one hotel, hostel, guest house",
        ),
        num(
            "transport_hub",
            5.0,
            Check::NonNeg,
            "",
            "one station, bus station, ferry terminal",
        ),
        num(
            "second_hand_market",
            3.0,
            Check::NonNeg,
            "",
            "one second-hand, pawn or charity shop",
        ),
    ],
    extra: None,
};

fn builtin_rules() -> Vec<TagRule> {
    TAG_USES
        .iter()
        .map(|(kv, u)| parse_rule(kv, u).expect("a valid built-in rule"))
        .collect()
}

fn parse_rule(kv: &str, land_use: &str) -> Option<TagRule> {
    let (k, v) = kv.split_once('=')?;
    let (k, v) = (k.trim(), v.trim());
    if k.is_empty() || v.is_empty() {
        return None;
    }
    Some(TagRule {
        key: k.to_string(),
        value: (v != "*").then(|| v.to_string()),
        land_use: LAND_USES.iter().position(|u| *u == land_use)? as u8,
    })
}

/// The built-in table as reference text.
pub fn tag_table_markdown() -> String {
    let mut s = String::from("Built-in `places.tag_uses`:\n\n| tag | land use |\n| --- | --- |\n");
    for (kv, u) in TAG_USES {
        s.push_str(&format!("| `{kv}` | {u} |\n"));
    }
    s
}

/// `land_use_from`, `tag_radius_m`, `tag_uses` and `tag_weight` of `[places]`.
pub(crate) fn read_place_tags(r: &mut Reader, t: &mut Tbl) -> PlaceTagsSpec {
    let from = match r.pick(t, "land_use_from") {
        1 => LandUseFrom::Tags,
        2 => LandUseFrom::Synthetic,
        _ => LandUseFrom::Auto,
    };
    let radius_m = r.num(t, "tag_radius_m");
    let mut rules = builtin_rules();
    if let Some(mut sub) = r.sub(t, "tag_uses") {
        let names: Vec<String> = sub.keys().map(str::to_string).collect();
        for name in &names {
            let p = sub.key_path(name);
            let n = r.get(&mut sub, name).expect("a present key");
            let Val::Str(u) = &n.val else {
                r.error(
                    &p,
                    &n.origin,
                    format!(
                        "expected a land use name (text); allowed: {}, none",
                        LAND_USES.join(", ")
                    ),
                );
                continue;
            };
            let Some((k, v)) = name.split_once('=') else {
                r.error(
                    &p,
                    &n.origin,
                    "a tag is written \"key=value\" or \"key=*\" (any value), e.g. \"amenity=bar\"",
                );
                continue;
            };
            rules.retain(|x| !(x.key == k.trim() && x.value.as_deref().unwrap_or("*") == v.trim()));
            if u == "none" {
                continue;
            }
            match parse_rule(name, u) {
                Some(rule) => rules.push(rule),
                None if !LAND_USES.contains(&u.as_str()) => r.error(
                    &p,
                    &n.origin,
                    format!(
                        "unknown land use \"{u}\"; allowed: {}, none (the tag gives no use)",
                        LAND_USES.join(", ")
                    ),
                ),
                None => r.error(
                    &p,
                    &n.origin,
                    "a tag is written \"key=value\" or \"key=*\" (any value), e.g. \"amenity=bar\"",
                ),
            }
        }
        r.finish(sub);
    }
    let mut weight = LAND_USES.map(|u| TAG_WEIGHT.num(u));
    if let Some(u) = r.sub(t, "tag_weight") {
        let mut u = u.with_doc(&TAG_WEIGHT);
        for (i, name) in LAND_USES.iter().enumerate() {
            weight[i] = r.num(&mut u, name);
        }
        r.finish(u);
    }
    PlaceTagsSpec {
        from,
        radius_m,
        rules,
        weight,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exact_tag_beats_a_wildcard_and_a_rarer_use_beats_a_common_one() {
        let rules = builtin_rules();
        let use_ = |tags: &[(&str, &str)]| {
            use_of_tags(&rules, tags.iter().copied()).map(|u| LAND_USES[u as usize])
        };
        assert_eq!(use_(&[("shop", "bakery")]), Some("commercial"));
        assert_eq!(use_(&[("shop", "pawnbroker")]), Some("second_hand_market"));
        assert_eq!(
            use_(&[("amenity", "restaurant"), ("building", "apartments")]),
            Some("entertainment")
        );
        assert_eq!(
            use_(&[("tourism", "hotel"), ("shop", "kiosk")]),
            Some("lodging")
        );
        assert_eq!(
            use_(&[("shop", "bakery"), ("building", "apartments")]),
            Some("commercial")
        );
        assert_eq!(use_(&[("highway", "bus_stop")]), None);
    }
}
