//! `[crime]` and `[crime.types.NAME]`: offenders, their decisions, arrests,
//! and the crime types with their defaults. Every default is listed with
//! its source in `docs/crime.md`.

use super::crime_types::read_crime_types;
pub use super::crime_types::{CrimeTypeSpec, TARGETS, builtin_crime_types};
use super::sanctions::{PRESETS, SanctionsSpec, read_sanctions};
use crate::scenario::keys::{Def, Kind, TableDoc, choice, dist, int, key, num};
use crate::scenario::read::{Check, Reader, Tbl};
use crate::scenario::types::{Dist, read_dist_key};
use serde::Serialize;

const fn lognormal_c(mean: f64, sd: f64) -> Dist {
    Dist::Lognormal { mean, sd }
}

#[derive(Debug, Clone, Serialize)]
pub struct CrimeSpec {
    pub local_offenders: u32,
    pub roaming_per_day: f64,
    pub roaming_stay_hours: f64,
    pub offender_speed_kmh: f64,
    pub trips_per_day: f64,
    /// Chance that an offender looks for an opportunity at a node it passes.
    pub search_share: f64,
    /// Candidate stops drawn within this straight-line distance (m) of the
    /// offender's home (a roaming offender: where he is); 0 = anywhere.
    pub search_radius_m: f64,
    /// Deterrence by presence (docs/crime.md §5): the largest share of
    /// opportunities police presence can deter, the felt presence-minutes
    /// that deter half of that, the steepness of the threshold (Hill
    /// exponent), the presence-minutes one pass of a moving unit leaves.
    pub deterrence_max: f64,
    pub deterrence_half_min: f64,
    pub deterrence_shape: f64,
    pub deterrence_pass_min: f64,
    pub deterrence_decay_min: f64,
    /// Deterrence by the certainty of sanction (docs/crime.md §5a): the
    /// share by which an offender's own arrest, and each arrest at or next
    /// to a place, cut the chance of going ahead, and their decay.
    pub certainty_own_arrest: f64,
    pub certainty_area_arrest: f64,
    pub certainty_decay_days: f64,
    pub neighbour_deterrence: f64,
    pub guardian_deterrence: f64,
    pub camera_deterrence: f64,
    pub displacement_share: f64,
    pub repeat_boost: f64,
    pub near_repeat_boost: f64,
    /// Cap on the repeat boost of a place (keeps self-excitation stable).
    pub max_boost: f64,
    pub repeat_decay_days: f64,
    pub in_act_catch: f64,
    /// Chance that volunteers who passed a place during a crime call it in at once.
    pub volunteer_report_share: f64,
    /// Chance that an offender whose alarm sounds gives up and runs at once.
    pub alarm_flee: f64,
    pub response_catch: f64,
    pub escape_min: f64,
    pub evidence_decay_hours: f64,
    pub investigation_delay_days: Dist,
    pub sentence_days: Dist,
    /// Police time an arrest takes, in hours (the arresting unit is held
    /// when it is a responding unit; otherwise priced).
    pub arrest_hours: f64,
    /// Day of the year of the run's first day (1 = 1 January), for the
    /// crime types' seasonal cycles.
    pub start_day_of_year: u32,
    /// Mean career length (onset to desistance), years.
    pub career_years: f64,
    /// Mean and σ of the log of an offender's rate multiplier (lognormal).
    pub rate_mean: f64,
    pub rate_sdlog: f64,
    /// Share of the offenders present at the start who start in prison.
    pub start_in_prison_share: f64,
    /// `start_state = "stationary"`: the prison and the memory of arrests
    /// start at their stationary state (docs/crime.md §16.3).
    pub start_stationary: bool,
    pub types: Vec<CrimeTypeSpec>,
    /// What follows an arrest (`[sanctions]`), per crime type.
    pub sanctions: SanctionsSpec,
    /// `crime.sentence_days` was set although the preset ignores it.
    #[serde(skip)]
    pub sentence_days_ignored: bool,
}

/// The keys of `[crime]`.
/// `crime.start_state`: how the slow processes start.
pub const START_STATES: [&str; 2] = ["empty", "stationary"];

pub static CRIME: TableDoc = TableDoc {
    path: "crime",
    about: "Offenders and crime types. Without a `[crime]` table no offenders are \
            modelled; an empty `[crime]` table takes every default.",
    keys: &[
        int(
            "local_offenders",
            300,
            0,
            1_000_000,
            "offenders",
            "active offenders living at residential nodes at the stationary state: careers start (onset) as a Poisson process of rate `local_offenders` ÷ `career_years` and end (desistance) after an exponential career, in or out of prison",
        ),
        num(
            "roaming_per_day",
            1.0,
            Check::NonNeg,
            "offenders per day",
            "roaming offenders (流窜) arriving at the exits, a Poisson process",
        ),
        num(
            "roaming_stay_hours",
            8.0,
            Check::Positive,
            "hours",
            "a roaming offender leaves the county after this time",
        ),
        num(
            "offender_speed_kmh",
            12.0,
            Check::Positive,
            "km/h",
            "offenders' speed along the roads, capped by the road limits",
        ),
        num(
            "trips_per_day",
            3.0,
            Check::Range(0.0, 48.0),
            "stops",
            "sets the stops of an outing, with u uniform: ⌊`trips_per_day` − 1 + u⌋ for a local offender, ⌊`trips_per_day` + u⌋ for a roaming one, at least 1",
        ),
        num(
            "search_share",
            0.3,
            Check::Share,
            "",
            "chance of looking for an opportunity at each node passed on the way",
        ),
        num(
            "search_radius_m",
            0.0,
            Check::NonNeg,
            "metres",
            "an outing's candidate stops are drawn among places within this straight-line distance of the offender's home (a roaming offender's: where he is); 0 = anywhere in the area, as before. Journeys to crime are short (B18; docs/performance.md, city scale): 2,000 m puts half the chosen stops within about 0.8 km of home",
        ),
        num(
            "deterrence_max",
            0.95,
            Check::Share,
            "",
            "largest share of opportunities police presence deters, however long it stays (fitted to Koper's curve, B3; docs/crime.md §5)",
        ),
        num(
            "deterrence_half_min",
            7.0,
            Check::Positive,
            "presence-minutes",
            "felt presence that deters half of `deterrence_max` (fitted to B3: about 10 min needed, best per minute at 11–15)",
        ),
        num(
            "deterrence_shape",
            4.0,
            Check::Range(1.0, 20.0),
            "exponent",
            "steepness of the threshold: p_police = `deterrence_max` × x^k ÷ (x^k + `deterrence_half_min`^k), k this key (1 = no threshold)",
        ),
        num(
            "deterrence_pass_min",
            0.5,
            Check::NonNeg,
            "presence-minutes",
            "presence one pass of a moving unit leaves at a node, whatever its speed (a drive-through; synthesis, 0.25–1); stops count their minutes",
        ),
        num(
            "deterrence_decay_min",
            60.0,
            Check::Positive,
            "minutes",
            "e-folding time of residual deterrence after police leave (fitted to B3 within its 30–60 min)",
        ),
        num(
            "certainty_own_arrest",
            0.1,
            Check::Share,
            "",
            "an offender's own arrest cuts his chance of going ahead by this share, decaying after (B15a; synthesis, 0–0.3); 0 = off",
        ),
        num(
            "certainty_area_arrest",
            0.01,
            Check::Share,
            "",
            "each arrest at a place or next door cuts offenders' chance of going ahead there by this share, decaying after (B15a: others' arrests move perceptions little; synthesis, 0–0.03); 0 = off",
        ),
        num(
            "certainty_decay_days",
            365.0,
            Check::Positive,
            "days",
            "e-folding time of the perceived certainty an arrest leaves (synthesis, 180–730)",
        ),
        num(
            "neighbour_deterrence",
            0.5,
            Check::Share,
            "",
            "weight of the strongest neighbouring node's presence in the presence felt at a node",
        ),
        num(
            "guardian_deterrence",
            0.6,
            Check::Share,
            "",
            "at an occupied home, the chance of going ahead is multiplied by 1 minus this",
        ),
        num(
            "camera_deterrence",
            0.1,
            Check::Share,
            "",
            "the same for a target under a camera",
        ),
        num(
            "displacement_share",
            0.25,
            Check::Share,
            "",
            "chance that a deterred offender looks once more, at a random neighbouring node",
        ),
        num(
            "repeat_boost",
            0.5,
            Check::NonNeg,
            "boost",
            "added to a place's boost when a household or vehicle crime is completed there; the opportunity weight is multiplied by 1 + boost",
        ),
        num(
            "near_repeat_boost",
            0.15,
            Check::NonNeg,
            "boost",
            "added to each neighbouring node's boost at the same time",
        ),
        num(
            "max_boost",
            3.0,
            Check::NonNeg,
            "boost",
            "cap on a place's boost",
        ),
        num(
            "repeat_decay_days",
            14.0,
            Check::Positive,
            "days",
            "e-folding time of the boost",
        ),
        num(
            "in_act_catch",
            0.25,
            Check::Share,
            "",
            "chance of an arrest in the act when the place's latest recorded police presence ended at or after the start of the attempt (model.md §11)",
        ),
        num(
            "response_catch",
            0.35,
            Check::Share,
            "",
            "chance of an arrest when a unit answering the crime's call arrives while the offender is still there",
        ),
        num(
            "alarm_flee",
            0.8,
            Check::Share,
            "",
            "chance that an offender whose alarm sounds leaves within a minute (the crime still counts: alarm-only homes are no better protected than homes with no security, Tseloni et al. 2017, levers.md §3; the short stay leaves police little time)",
        ),
        num(
            "volunteer_report_share",
            0.5,
            Check::Share,
            "",
            "chance that volunteers who passed a place during a crime call it in at once",
        ),
        num(
            "escape_min",
            3.0,
            Check::NonNeg,
            "minutes",
            "time the offender stays at the scene after the attempt ends",
        ),
        num(
            "evidence_decay_hours",
            48.0,
            Check::Positive,
            "hours",
            "e-folding time of the chance of identification, by the age of the report",
        ),
        dist(
            "investigation_delay_days",
            Dist::Exponential { mean: 14.0 },
            "days",
            "time from the report to the arrest when investigation identifies the offender",
        ),
        dist(
            "sentence_days",
            lognormal_c(240.0, 200.0),
            "days",
            "time in prison after an arrest, with `sanctions.preset = \"uniform\"` (the other presets set sentences per crime type)",
        ),
        num(
            "career_years",
            5.0,
            Check::Range(0.01, 100.0),
            "years",
            "mean criminal career (onset to desistance; exponential), for local offenders (F1: residual careers of about 5 years, Blumstein, Cohen & Hsieh 1982)",
        ),
        num(
            "rate_mean",
            1.0,
            Check::Range(0.0, 100.0),
            "",
            "mean of the offenders' rate multipliers: it multiplies the chance that a look finds a target worth trying",
        ),
        num(
            "rate_sdlog",
            0.9,
            Check::Range(0.0, 3.0),
            "",
            "an offender's offending rate is the mean rate × a lognormal multiplier of mean 1 and log-sd this (roaming offenders too): calibrated so that about 18 % of the offenders commit about half of the crimes (F1: Wolfgang's chronic offenders)",
        ),
        num(
            "start_in_prison_share",
            0.0,
            Check::Share,
            "",
            "share of the local offenders at t = 0 who start in prison, each with a sentence drawn as after an arrest for a crime type chosen at random (to test that the start does not matter); ignored with `start_state = \"stationary\"`",
        ),
        choice(
            "start_state",
            0,
            &START_STATES,
            "how the slow processes start: \"empty\" (nobody in prison, no record, no memory of arrests: the first years are not steady) or \"stationary\" (each offender's past simulated from the start of his career with the sanction rule, so his record, whether he is inside and for how long, and his memory of arrests start as after a long run; prisoners whose careers have ended and roaming prisoners likewise; arrest rates estimated once per model by nine pilot years, docs/crime.md §16.3; scenarios/county.toml sets it)",
        ),
        num(
            "arrest_hours",
            5.0,
            Check::NonNeg,
            "hours",
            "police time an arrest takes (transport, custody booking, interview, file; F7): the responding unit that arrests stays busy this long after its on-scene time; the officer-hours of arrests no modelled unit is held for are priced in `cost.arrests`",
        ),
        int(
            "start_day_of_year",
            1,
            1,
            366,
            "day of year",
            "day of the year of the run's first day (1 = 1 January), for the crime types' seasonal cycles (crime.md §15); the first day is a Monday",
        ),
        key(
            "types",
            Kind::Table("crime.types.NAME"),
            Def::Note("the five built-in types"),
            "",
            "crime types",
        ),
    ],
    extra: None,
};

/// `cost_factor`: `economics.crime_cost_factor` (the built-in crime types'
/// social costs in the scenario's money).
pub(crate) fn read_crime(r: &mut Reader, top: &mut Tbl, cost_factor: f64) -> Option<CrimeSpec> {
    if !top.has("crime") {
        let _ = r.get(top, "crime"); // known key
        // Read (and checked) all the same; unused without offenders.
        let _ = read_sanctions(r, top, &builtin_crime_types(), CRIME.dist("sentence_days"));
        return None;
    }
    let mut t = r.sub(top, "crime")?.with_doc(&CRIME);
    let types = read_crime_types(r, &mut t, cost_factor);
    for old in ["risk_aversion", "deterrence_presence_min"] {
        r.removed(
            &mut t,
            old,
            "this key was removed: risk_aversion and deterrence_presence_min were one degree of freedom; deterrence by presence now has one key per degree of freedom: \
             `deterrence_max`, `deterrence_half_min`, `deterrence_shape`, `deterrence_pass_min`, \
             `deterrence_decay_min` (docs/crime.md §5)",
        );
    }
    let spec = CrimeSpec {
        local_offenders: r.whole(&mut t, "local_offenders") as u32,
        roaming_per_day: r.num(&mut t, "roaming_per_day"),
        roaming_stay_hours: r.num(&mut t, "roaming_stay_hours"),
        offender_speed_kmh: r.num(&mut t, "offender_speed_kmh"),
        trips_per_day: r.num(&mut t, "trips_per_day"),
        search_share: r.num(&mut t, "search_share"),
        search_radius_m: r.num(&mut t, "search_radius_m"),
        deterrence_max: r.num(&mut t, "deterrence_max"),
        deterrence_half_min: r.num(&mut t, "deterrence_half_min"),
        deterrence_shape: r.num(&mut t, "deterrence_shape"),
        deterrence_pass_min: r.num(&mut t, "deterrence_pass_min"),
        deterrence_decay_min: r.num(&mut t, "deterrence_decay_min"),
        certainty_own_arrest: r.num(&mut t, "certainty_own_arrest"),
        certainty_area_arrest: r.num(&mut t, "certainty_area_arrest"),
        certainty_decay_days: r.num(&mut t, "certainty_decay_days"),
        neighbour_deterrence: r.num(&mut t, "neighbour_deterrence"),
        guardian_deterrence: r.num(&mut t, "guardian_deterrence"),
        camera_deterrence: r.num(&mut t, "camera_deterrence"),
        displacement_share: r.num(&mut t, "displacement_share"),
        repeat_boost: r.num(&mut t, "repeat_boost"),
        near_repeat_boost: r.num(&mut t, "near_repeat_boost"),
        max_boost: r.num(&mut t, "max_boost"),
        repeat_decay_days: r.num(&mut t, "repeat_decay_days"),
        in_act_catch: r.num(&mut t, "in_act_catch"),
        response_catch: r.num(&mut t, "response_catch"),
        alarm_flee: r.num(&mut t, "alarm_flee"),
        volunteer_report_share: r.num(&mut t, "volunteer_report_share"),
        escape_min: r.num(&mut t, "escape_min"),
        evidence_decay_hours: r.num(&mut t, "evidence_decay_hours"),
        investigation_delay_days: read_dist_key(r, &mut t, "investigation_delay_days"),
        sentence_days_ignored: false,
        sentence_days: read_dist_key(r, &mut t, "sentence_days"),
        arrest_hours: r.num(&mut t, "arrest_hours"),
        start_day_of_year: r.whole(&mut t, "start_day_of_year") as u32,
        career_years: r.num(&mut t, "career_years"),
        rate_mean: r.num(&mut t, "rate_mean"),
        rate_sdlog: r.num(&mut t, "rate_sdlog"),
        start_in_prison_share: r.num(&mut t, "start_in_prison_share"),
        start_stationary: r.choice(
            &mut t,
            "start_state",
            CRIME.choice("start_state"),
            &START_STATES,
        ) == 1,
        sanctions: SanctionsSpec {
            preset: 0,
            sentence_scale: 1.0,
            types: Vec::new(),
            repeat_count: 0,
            repeat_window_days: 0.0,
            record_from_custody: true,
            record_window_days: 0.0,
            pardon_day: 0.0,
            pardon_days: 0.0,
        },
        types,
    };
    let set_sentence = t.has("sentence_days");
    r.finish(t);
    let sanctions = read_sanctions(r, top, &spec.types, spec.sentence_days);
    Some(CrimeSpec {
        sentence_days_ignored: set_sentence && PRESETS[sanctions.preset] != "uniform",
        sanctions,
        ..spec
    })
}
