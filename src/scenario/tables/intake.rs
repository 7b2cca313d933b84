//! `[intake]` and `[[intake.desks]]`: the call takers of the 110 (police),
//! 119 (fire), 122 (traffic accident) and 120 (medical) desks as servers,
//! organised as separate desks (misrouted calls are transferred) or as one
//! unified platform (三台合一) with cross-trained staff (docs/desks.md).

use crate::scenario::keys::{Def, Kind, TableDoc, choice, dist, int, key, num};
use crate::scenario::read::{Check, Reader, Tbl, tables};
use crate::scenario::types::{Dist, read_dist_key};
use serde::Serialize;

/// The desks a platform may have, in this order everywhere (metric suffixes).
pub const DESK_NAMES: [&str; 4] = ["police", "fire", "traffic", "medical"];
/// Index of the police (110) desk in [`DESK_NAMES`].
pub const POLICE_DESK: usize = 0;

#[derive(Debug, Clone, Serialize)]
pub struct DeskSpec {
    /// Index into [`DESK_NAMES`].
    pub kind: usize,
    pub call_takers: u32,
    /// Time a call taker of this desk spends on one of its own calls (the
    /// police desk's dispatched calls: `dispatch.intake_delay_min`).
    pub handling_min: Dist,
    /// Calls per hour of this desk's own stream (police desk: the calls it
    /// handles that need no unit; its dispatched calls are `[calls]` and
    /// crime reports).
    pub rate_per_hour: f64,
    /// Relative rate by hour of day, normalised to mean 1.
    pub hourly_profile: Vec<f64>,
    /// Joint incidents: share of this desk's own calls that also need a
    /// police unit, and the police call type (index into `calls.types`)
    /// they become.
    pub police_share: f64,
    pub police_call_type: Option<usize>,
    /// Field response: every own call of this desk (not police) becomes,
    /// after intake, a call of this type (index into `calls.types`),
    /// answered by the units that answer it (unit roles, docs/desks.md).
    pub call_type: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IntakeSpec {
    /// One pool of cross-trained call takers (else one queue per desk).
    pub unified: bool,
    /// Separate desks: share of calls that first reach the wrong desk.
    pub misrouted_share: f64,
    /// Separate desks: a wrong desk's call-taker time before the transfer.
    pub transfer_min: Dist,
    /// Unified platform: handling times are multiplied by this (a
    /// generalist call taker takes longer).
    pub generalist_factor: f64,
    /// Cost of one call taker post (staffed round the clock) a year.
    pub cost_per_call_taker_year: f64,
    pub desks: Vec<DeskSpec>,
}

impl IntakeSpec {
    /// The desk of kind `kind`, if the platform has it.
    pub fn desk(&self, kind: usize) -> Option<&DeskSpec> {
        self.desks.iter().find(|d| d.kind == kind)
    }

    pub fn call_takers(&self) -> u32 {
        self.desks.iter().map(|d| d.call_takers).sum()
    }
}

/// The keys of `[intake]`.
pub static INTAKE: TableDoc = TableDoc {
    path: "intake",
    about: "Call takers as servers (docs/desks.md): each call waits for a free call taker of \
            its desk (an Erlang queue), who handles it before it reaches the dispatcher. \
            Without this table a call's intake is `dispatch.intake_delay_min` with no queue \
            (as many call takers as calls).",
    keys: &[
        choice(
            "organisation",
            0,
            &["separate", "unified"],
            "separate desks, each with its own call takers and queue, or one platform (三台合一): one pool of every desk's call takers, one queue",
        ),
        num(
            "misrouted_share",
            0.0,
            Check::Share,
            "",
            "separate desks: share of calls that first reach another desk and are transferred (synthesis, 0–0.2)",
        ),
        dist(
            "transfer_min",
            Dist::Fixed { value: 0.5 },
            "minutes",
            "separate desks: the wrong desk's call-taker time on a misrouted call before it is transferred (synthesis, 0.3–1)",
        ),
        num(
            "generalist_factor",
            1.0,
            Check::Range(0.5, 3.0),
            "",
            "unified platform: handling times × this (a cross-trained call taker may take longer; synthesis, 1–1.2)",
        ),
        num(
            "cost_per_call_taker_year",
            150_000.0,
            Check::NonNeg,
            "money a year",
            "one call-taker post staffed round the clock (about 5 people), a year; priced in `cost.platform` (synthesis: 5 × 30,000, range 100,000–200,000 at the default GBP 2016 prices)",
        ),
        key(
            "desks",
            Kind::Table("intake.desks[]"),
            Def::Note("required: at least the police desk"),
            "",
            "the desks and their call takers",
        ),
    ],
    extra: None,
};

/// The keys of each `[[intake.desks]]` table.
pub static DESK: TableDoc = TableDoc {
    path: "intake.desks[]",
    about: "One desk: its call takers, their handling time, and (other than police) its own \
            call stream.",
    keys: &[
        choice(
            "name",
            0,
            &DESK_NAMES,
            "police (110), fire (119), traffic (122) or medical (120); each at most once",
        ),
        int(
            "call_takers",
            1,
            0,
            10_000,
            "call takers",
            "call takers on duty at any time (posts staffed round the clock)",
        ),
        dist(
            "handling_min",
            Dist::Lognormal { mean: 1.5, sd: 1.0 },
            "minutes",
            "a call taker's time on one call of this desk's own stream (talk and dispatch decision); the police desk's dispatched calls take `dispatch.intake_delay_min`",
        ),
        num(
            "rate_per_hour",
            0.0,
            Check::NonNeg,
            "calls per hour",
            "this desk's own calls; for the police desk, the calls it handles that need no unit (advice, invalid and repeated calls: Hefei 2018, 38.3 % of platform calls needed police dispatch, C5), beside `[calls]` and crime reports",
        ),
        key(
            "hourly_profile",
            Kind::Numbers(Some(24), Check::Range(0.0, 1e6)),
            Def::Note("flat"),
            "",
            "relative rate by hour of day, 00:00 first, normalised to mean 1",
        ),
        num(
            "police_share",
            0.0,
            Check::Share,
            "",
            "joint incidents: share of this desk's own calls that also need a police unit (a traffic accident blocking a road, a fire with a crowd); after intake they become police calls of `police_call_type` (separate desks: passed to the police desk first, for `transfer_min`)",
        ),
        key(
            "police_call_type",
            Kind::Text,
            Def::Note("required when `police_share` > 0"),
            "",
            "the `[[calls.types]]` name the joint incidents become (its priority and on-scene time)",
        ),
        key(
            "call_type",
            Kind::Text,
            Def::Note("none: the desk's calls end at intake (no field response)"),
            "",
            "not the police desk: every own call of this desk is, after intake, dispatched as a call of this `[[calls.types]]` name to the units that answer it (fire engines, ambulances, traffic police: `unit_types.NAME.answers`); counted in the `role_*` metrics, not in the 110 call metrics",
        ),
    ],
    extra: None,
};

/// `police_calls`: police calls arrive (a call rate, or crime reports);
/// `call_types`: the names of `[[calls.types]]`.
pub(crate) fn read_intake(
    r: &mut Reader,
    top: &mut Tbl,
    police_calls: bool,
    call_types: &[&str],
) -> Option<IntakeSpec> {
    if !top.has("intake") {
        let _ = r.get(top, "intake"); // known key
        return None;
    }
    let mut t = r.sub(top, "intake")?.with_doc(&INTAKE);
    let unified = r.pick(&mut t, "organisation") == 1;
    let misrouted_share = r.num(&mut t, "misrouted_share");
    let transfer_min = read_dist_key(r, &mut t, "transfer_min");
    let generalist_factor = r.num(&mut t, "generalist_factor");
    let cost_per_call_taker_year = r.num(&mut t, "cost_per_call_taker_year");
    let mut desks: Vec<DeskSpec> = Vec::new();
    let origin = t.origin.clone();
    let mut desk_origins = Vec::new();
    for (i, d) in tables(r, &mut t, "desks").into_iter().enumerate() {
        let mut d = d.with_doc(&DESK);
        desk_origins.push(d.origin.clone());
        let kind = r.pick(&mut d, "name");
        let path = format!("intake.desks[{i}]");
        if desks.iter().any(|x| x.kind == kind) {
            let o = d.origin.clone();
            r.error(
                &format!("{path}.name"),
                &o,
                format!(
                    "a second \"{}\" desk; each desk at most once",
                    DESK_NAMES[kind]
                ),
            );
        }
        let call_takers = r.whole(&mut d, "call_takers") as u32;
        // The police desk's handling time is `dispatch.intake_delay_min`
        // (set by `assemble`): its own key is neither read nor filled.
        let handling_min = if kind != POLICE_DESK {
            read_dist_key(r, &mut d, "handling_min")
        } else {
            if d.has("handling_min")
                && let Some(n) = r.get(&mut d, "handling_min")
            {
                let o = n.origin.clone();
                r.error(
                    &format!("{path}.handling_min"),
                    &o,
                    "the police desk's handling time is `dispatch.intake_delay_min` (drawn with \
                     each call); set that key instead",
                );
            }
            Dist::Fixed { value: 0.0 }
        };
        let rate_per_hour = r.num(&mut d, "rate_per_hour");
        let hourly_profile = super::calls::read_profile(r, &mut d, "hourly_profile", 24);
        let police_share = r.num(&mut d, "police_share");
        let type_path = format!("{path}.police_call_type");
        let police_call_type = match r.string_opt(&mut d, "police_call_type") {
            Some(name) => {
                let k = call_types.iter().position(|t| *t == name);
                if k.is_none() {
                    let o = d.origin.clone();
                    r.error(
                        &type_path,
                        &o,
                        format!(
                            "no call type is named \"{name}\"; defined in [[calls.types]]: {}",
                            call_types.join(", ")
                        ),
                    );
                }
                k
            }
            None => {
                if police_share > 0.0 {
                    let o = d.origin.clone();
                    r.error(
                        &type_path,
                        &o,
                        "police_share > 0: name the [[calls.types]] entry the joint incidents \
                         become (which police unit answers them and for how long)",
                    );
                }
                None
            }
        };
        let call_type = match r.string_opt(&mut d, "call_type") {
            Some(name) => {
                let k = call_types.iter().position(|t| *t == name);
                let o = d.origin.clone();
                if kind == POLICE_DESK {
                    r.error(
                        &format!("{path}.call_type"),
                        &o,
                        "the police desk's dispatched calls are [calls] and crime reports; \
                         call_type is for the fire, traffic and medical desks",
                    );
                } else if k.is_none() {
                    r.error(
                        &format!("{path}.call_type"),
                        &o,
                        format!(
                            "no call type is named \"{name}\"; defined in [[calls.types]]: {}",
                            call_types.join(", ")
                        ),
                    );
                }
                k.filter(|_| kind != POLICE_DESK)
            }
            None => None,
        };
        r.finish(d);
        desks.push(DeskSpec {
            kind,
            call_takers,
            handling_min,
            rate_per_hour,
            hourly_profile,
            police_share,
            police_call_type,
            call_type,
        });
    }
    let total: u32 = desks.iter().map(|d| d.call_takers).sum();
    if !desks.iter().any(|d| d.kind == POLICE_DESK) {
        r.error(
            "intake.desks",
            &origin,
            "no desk is named \"police\": police calls (110) need one; add \
             [[intake.desks]] with name = \"police\" and its call_takers",
        );
    }
    for (i, d) in desks.iter().enumerate() {
        let own = d.rate_per_hour > 0.0 || (d.kind == POLICE_DESK && police_calls);
        let gets_calls = own || (!unified && misrouted_share > 0.0 && desks.len() > 1);
        let pool = if unified { total } else { d.call_takers };
        if pool == 0 && gets_calls {
            r.error(
                &format!("intake.desks[{i}].call_takers"),
                &desk_origins[i],
                format!(
                    "the {} desk has no call takers{} but calls reach it; at least 1 is needed",
                    DESK_NAMES[d.kind],
                    if unified {
                        " (nor has any desk of the unified platform)"
                    } else {
                        ""
                    }
                ),
            );
        }
    }
    r.finish(t);
    Some(IntakeSpec {
        unified,
        misrouted_share,
        transfer_min,
        generalist_factor,
        cost_per_call_taker_year,
        desks,
    })
}
