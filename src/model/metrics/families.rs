//! The list of every metric family (name, unit, report section, label,
//! meaning, breakdowns, scope): the registry's data, kept apart from the
//! code that resolves emitted names against it (`metrics/mod.rs`).

use super::{By, Family, Scope, Section, Unit, f};
use crate::scenario::Scenario;

use By as B;
use Section as S;
use Unit as U;

/// With `[intake]`.
const INTAKE: &str = "the scenario has `[intake]`";

/// With unit roles.
const ROLES_ON: &str = "unit roles are given (`unit_types.NAME.answers` or `covers`, `calls.types[].needs`); by role for the roles with units or calls";

/// With joint incidents.
const JOINT: &str = "a call type has `needs`";

/// With `[crime]`.
const CRIME: &str = "the scenario has `[crime]`";

/// Does any period of `s` (the base, each phase) pass `f`?
fn any(s: &Scenario, f: impl Fn(&Scenario) -> bool) -> bool {
    (0..=s.phases.len()).any(|k| f(s.phase_scenario(k)))
}

// When the run table shows a lever's rows (`Family::row`): the scenario
// uses the lever in some period (else its metrics are 0 by construction and
// stay in JSON and CSV only).

fn volunteers(s: &Scenario) -> bool {
    any(s, |p| crate::model::volunteer_hours_per_year(p) > 0.0)
}
fn alarms(s: &Scenario) -> bool {
    any(s, crate::model::levers::programmes::alarms_used)
}
fn detectives(s: &Scenario) -> bool {
    any(s, |p| p.investigation.detectives > 0)
}
/// More than one jurisdiction.
fn boundaries(s: &Scenario) -> bool {
    s.jurisdictions.len() > 1
}
/// Roaming offenders, who can leave the county.
fn roaming(s: &Scenario) -> bool {
    any(s, |p| {
        p.crime.as_ref().is_some_and(|c| c.roaming_per_day > 0.0)
    })
}
/// Roaming offenders and neighbours who cooperate (else no arrest outside
/// the county can happen).
fn outside(s: &Scenario) -> bool {
    any(s, |p| {
        p.crime.as_ref().is_some_and(|c| c.roaming_per_day > 0.0)
            && p.regional.outside_cooperation > 0.0
    })
}
/// A pair of jurisdictions cooperating below 1 (identified offenders not
/// arrested next door become wanted).
fn wanted(s: &Scenario) -> bool {
    let n = s.jurisdictions.len();
    any(s, |p| {
        (0..n).any(|a| (a + 1..n).any(|b| p.regional.between(a, b) < 1.0))
    })
}
/// Wanted offenders and a way to catch them (posts or stop-and-check).
fn wanted_caught(s: &Scenario) -> bool {
    wanted(s)
        && (any(s, |p| !p.checkpoints.is_empty())
            || any(s, |p| p.enforcement.stop_check_per_hour > 0.0))
}
/// Informants, registration or community officers (who recruit informants).
fn tips(s: &Scenario) -> bool {
    any(s, |p| {
        p.informants.active() || !p.community.areas.is_empty()
    })
}
fn lodging(s: &Scenario) -> bool {
    any(s, |p| p.informants.lodging_registration)
}

/// Every metric family, in report order within each section.
pub static FAMILIES: &[Family] = &[
    // The run.
    f("warmup_days", U::Days, S::Calls, "warm-up (chosen)",
        "the warm-up `warmup_days = \"auto\"` chose: MSER-5 on the daily completed crimes and prison population of pilot runs (docs/crime.md §14)")
        .when("`scenario.warmup_days = \"auto\"`"),
    f("burn_in_days", U::Days, S::Calls, "burn-in (chosen)",
        "the burn-in `burn_in_days = \"auto\"` chose: the slowest process, the longest stay in custody or detention and the memory of arrests (docs/crime.md §16.3)")
        .when("`scenario.burn_in_days = \"auto\"`"),
    // Calls for service.
    f("calls", U::Count, S::Calls, "calls",
        "calls received after warm-up, of every kind: service calls, crime reports, alarms and false alarms")
        .by(&[B::Priority]).phase(),
    f("calls_service", U::Count, S::Calls, "service calls",
        "calls not caused by offenders (stream 1); the same in every strategy, so `compare` and `sweep` check common random numbers with it"),
    f("call_rate_per_hour", U::PerHour, S::Calls, "calls per hour",
        "`calls` ÷ (horizon − warm-up) in hours"),
    f("calls_cleared", U::Count, S::Calls, "calls cleared", "of `calls`, cleared by the horizon"),
    f("calls_open_at_end", U::Count, S::Calls, "calls open at the end",
        "calls not cleared at the horizon, whenever received"),
    f("calls_preempted", U::Count, S::Calls, "calls pre-empted",
        "calls whose unit was taken on its way by a more urgent call")
        .when("`dispatch.preempt` in any period"),
    // Call intake (`[intake]`).
    f("call_takers", U::Count, S::Intake, "call takers",
        "call takers on duty at any time, all desks").when(INTAKE),
    f("intake_calls", U::Count, S::Intake, "calls at the desks",
        "calls received by the desks after warm-up, by their own desk (police: every police call)")
        .by(&[B::Desk]).when(INTAKE),
    f("intake_wait_mean_min", U::Min, S::Intake, "wait for a call taker, mean",
        "mean time a call waited for a free call taker (both desks of a transferred call); the quantity Erlang C predicts")
        .by(&[B::Desk]).when(INTAKE),
    f("intake_wait_p90_min", U::Min, S::Intake, "wait for a call taker, 90th percentile",
        "90th percentile of the wait for a call taker").by(&[B::Desk]).when(INTAKE),
    f("intake_waited_share", U::Share, S::Intake, "calls that waited for a call taker",
        "calls whose wait for a call taker was above 0 (Erlang C's probability of waiting)")
        .by(&[B::Desk]).when(INTAKE),
    f("intake_time_mean_min", U::Min, S::Intake, "intake time, mean",
        "mean of handled − received: waits, handling and any transfer")
        .by(&[B::Desk]).when(INTAKE),
    f("intake_transfers", U::Count, S::Intake, "calls transferred between desks",
        "calls that first reached the wrong desk and were transferred (separate desks)")
        .by(&[B::Desk]).when(INTAKE),
    f("intake_joint_calls", U::Count, S::Intake, "joint incidents passed to police",
        "calls of a desk's own stream that also needed a police unit (`police_share`) and became police calls, by the desk that took them")
        .by(&[B::Desk]).when(INTAKE),
    f("call_taker_utilization", U::Share, S::Intake, "call-taker utilisation",
        "call-taker time busy ÷ call-taker time on duty after warm-up; by desk only for separate desks")
        .by(&[B::Desk]).when(INTAKE),
    // Agencies and roles (docs/desks.md).
    f("role_units", U::Count, S::Intake, "units by role",
        "police-dispatched units in service at the start, by their type's role (agency)")
        .by(&[B::Role]).parts_only().when(ROLES_ON),
    f("role_calls", U::Count, S::Intake, "calls by role",
        "calls (and parts of joint incidents) received after warm-up that reached the dispatcher, by the role of their own units (desks' field calls included)")
        .by(&[B::Role]).parts_only().when(ROLES_ON),
    f("role_reached", U::Count, S::Intake, "calls reached by role",
        "of `role_calls`, reached by a unit by the horizon")
        .by(&[B::Role]).parts_only().when(ROLES_ON),
    f("role_waiting_at_end", U::Count, S::Intake, "calls waiting at the end by role",
        "of `role_calls`, queued or with a unit on its way at the horizon (nothing is abandoned: `role_calls` = `role_reached` + this)")
        .by(&[B::Role]).parts_only().when(ROLES_ON),
    f("role_covered", U::Count, S::Intake, "calls covered by another role",
        "of `role_reached`, reached by a unit of another role that covers the call (`dispatch.operations = \"combined\"`)")
        .by(&[B::Role]).parts_only().when(ROLES_ON),
    f("role_response_mean_min", U::Min, S::Intake, "response time by role, mean",
        "mean of first unit on scene − received, over `role_reached` (intake included)")
        .by(&[B::Role]).parts_only().when(ROLES_ON),
    f("joint_incidents", U::Count, S::Intake, "joint incidents",
        "calls of a type with `needs` received after warm-up that reached the dispatcher").when(JOINT),
    f("joint_served", U::Count, S::Intake, "joint incidents fully attended",
        "of `joint_incidents`, those where every needed unit arrived by the horizon").when(JOINT),
    f("joint_attendance_mean_min", U::Min, S::Intake, "time to full attendance, mean",
        "mean of the last needed unit on scene − received, over `joint_served`").when(JOINT),
    // Response.
    f("response_time_mean_min", U::Min, S::Response, "response time, mean",
        "mean of on scene − received, over calls reached")
        .by(&[B::Priority]).phase(),
    f("response_time_median_min", U::Min, S::Response, "response time, median",
        "median of on scene − received (docs/model.md §14)").by(&[B::Priority]),
    f("response_time_p90_min", U::Min, S::Response, "response time, 90th percentile",
        "90th percentile of on scene − received").by(&[B::Priority]),
    f("response_target_met_share", U::Share, S::Response, "priority 1 within target",
        "priority-1 calls reached within their area type's response-time target")
        .by(&[B::AreaType]).phase(),
    // Dispatch wait.
    f("dispatch_wait_mean_min", U::Min, S::Dispatch, "dispatch wait, mean",
        "mean of assigned − queued, over assigned calls").by(&[B::Priority]),
    f("dispatch_wait_median_min", U::Min, S::Dispatch, "dispatch wait, median",
        "median of assigned − queued").by(&[B::Priority]),
    f("dispatch_wait_p90_min", U::Min, S::Dispatch, "dispatch wait, 90th percentile",
        "90th percentile of assigned − queued").by(&[B::Priority]),
    f("dispatch_delayed_share", U::Share, S::Dispatch, "calls that waited",
        "assigned calls with a dispatch wait above 0").by(&[B::Priority]),
    // Work per call.
    f("travel_time_mean_min", U::Min, S::Work, "travel time, mean", "mean of on scene − assigned"),
    f("on_scene_mean_min", U::Min, S::Work, "on scene, mean", "mean on-scene time of cleared calls"),
    f("busy_time_mean_min", U::Min, S::Work, "busy time, mean", "mean of cleared − assigned"),
    // Units.
    f("units_on_duty_mean", U::Units, S::Units, "units on duty, mean",
        "unit-time in any state but off duty ÷ the measured time (overtime included)"),
    f("busy_units_mean", U::Units, S::Units, "busy units, mean",
        "en-route and on-scene unit-time ÷ the measured time"),
    f("unit_utilization", U::Share, S::Units, "unit utilisation",
        "en-route and on-scene time ÷ time on duty; none if no unit was on duty"),
    f("officers_needed", U::Officers, S::Units, "officers needed",
        "officers to staff the units through the roster, plus community officers; with phases, weighted by the time each period was in force")
        .phase(),
    f("unit_hours", U::Hours, S::Units, "unit-hours",
        "unit-hours spent in each state (docs/model.md §8.1)")
        .by(&[B::UnitState]).parts_only(),
    // Presence.
    f("patrol_coverage", U::Share, S::Presence, "patrol coverage",
        "node-hours with police presence ÷ all node-hours (docs/model.md §11)"),
    f("presence_hours", U::Hours, S::Presence, "presence",
        "presence-weighted hours summed over nodes (docs/model.md §11)"),
    // Crime.
    f("crime_opportunities", U::Count, S::Crime, "crime opportunities",
        "opportunities that reached a decision; = deterred + attempted").when(CRIME),
    f("crimes_deterred", U::Count, S::Crime, "crimes deterred", "opportunities given up")
        .by(&[B::CrimeType]).when(CRIME),
    f("crimes_displaced", U::Count, S::Crime, "crimes displaced",
        "next-door looks after a deterrence (not crimes)").when(CRIME),
    f("crimes_attempted", U::Count, S::Crime, "crimes attempted",
        "attempts started; = completed + failed + in progress at the horizon")
        .by(&[B::CrimeType]).phase().when(CRIME),
    f("crimes_completed", U::Count, S::Crime, "crimes completed",
        "attempts completed; by place group: at the fixed hot spots, their ring, elsewhere")
        .by(&[B::Place, B::CrimeType]).phase().when(CRIME),
    f("crimes_failed", U::Count, S::Crime, "crimes failed",
        "attempts failed (lock, guardian, alarm, or arrest during the attempt)")
        .by(&[B::CrimeType]).when(CRIME),
    f("crimes_in_progress_at_end", U::Count, S::Crime, "crimes in progress at the end",
        "attempts still going at the horizon").when(CRIME),
    f("crime_invariant_violations", U::Count, S::Crime, "crime invariant violations",
        "looks by an offender in prison or gone; must be 0").when(CRIME),
    f("crimes_reported", U::Count, S::Crime, "crimes reported",
        "crimes reported to 110 (at report time)")
        .by(&[B::CrimeType]).phase().when(CRIME),
    f("crimes_reported_by_volunteers", U::Count, S::Crime, "crimes reported by volunteers",
        "crimes reported because joint-defence volunteers saw them").when(CRIME)
        .row(volunteers),
    f("crimes_cleared", U::Count, S::Crime, "crimes cleared",
        "crimes cleared by any channel, reported or not").when(CRIME),
    f("clearance_rate", U::Share, S::Crime, "clearance rate, reported crimes",
        "reported crimes cleared ÷ crimes reported")
        .by(&[B::CrimeType]).when(CRIME),
    f("clearance_rate_all", U::Share, S::Crime, "clearance rate, all crimes",
        "crimes cleared ÷ crimes attempted").when(CRIME),
    f("clearance_rate_in_view", U::Share, S::Crime, "clearance rate, in camera view",
        "reported crimes at a street camera's node cleared ÷ those reported (none without one)").when(CRIME),
    f("clearance_rate_out_of_view", U::Share, S::Crime, "clearance rate, out of camera view",
        "reported crimes elsewhere cleared ÷ those reported").when(CRIME),
    f("security_protection_factor_locks", U::Ratio, S::Crime, "protection factor, locks",
        "household crimes completed per look at an unsecured household ÷ per look at one with locks only (Tseloni et al. 2017's SPF; none if either has no look or no crime)").when(CRIME),
    f("security_protection_factor_alarm", U::Ratio, S::Crime, "protection factor, alarm only",
        "the same for households with an alarm only").when(CRIME),
    f("security_protection_factor_locks_alarm", U::Ratio, S::Crime, "protection factor, locks and alarm",
        "the same for households with locks and an alarm").when(CRIME),
    f("social_cost", U::Money, S::Crime, "social cost",
        "social cost of the completed crimes (docs/crime.md §10)").phase().when(CRIME),
    f("social_cost.victims", U::Money, S::Crime, "social cost, harm to victims",
        "of `social_cost`, the harm to victims (in anticipation and as a consequence, less public services; docs/economics.md)").when(CRIME),
    f("social_cost.public_services", U::Money, S::Crime, "social cost, public services",
        "of `social_cost`, health and victim services as a consequence of the crimes").when(CRIME),
    f("social_cost.response", U::Money, S::Crime, "social cost, response",
        "of `social_cost`, police and criminal justice in response (not in `benefit`: the model charges prison and arrests and runs the police as capacity)").when(CRIME),
    f("crime_concentration_50", U::Share, S::Crime, "places with half the crime",
        "smallest share of nodes holding half of the completed crimes").when(CRIME),
    f("presence_hours_hot_spots", U::Hours, S::Presence, "presence at hot spots",
        "presence-weighted hours summed over the fixed hot spots (docs/crime.md §9)").when(CRIME),
    f("koper_stops", U::Count, S::Presence, "Koper stops",
        "stops begun at hot spots by `\"koper\"` patrol (docs/crime.md §9)").when(CRIME),
    f("crime_concentration_25", U::Share, S::Crime, "places with a quarter of the crime",
        "smallest share of nodes holding a quarter of the completed crimes").when(CRIME),
    f("crimes_seen_on_camera", U::Count, S::Crime, "crimes seen on camera",
        "attempts seen by a street camera").when(CRIME),
    f("alarm_calls", U::Count, S::Crime, "alarm calls", "alarm calls from real attempts").when(CRIME)
        .row(alarms),
    f("false_alarm_calls", U::Count, S::Crime, "false alarm calls", "false alarm calls").when(CRIME)
        .row(alarms),
    // Arrests.
    f("arrests", U::Count, S::Arrests, "arrests", "arrests, in total and by channel")
        .by(&[B::Channel]).phase().when(CRIME),
    f("stop_checks", U::Count, S::Arrests, "stops and checks",
        "stops and checks made by patrolling units").when(CRIME),
    f("offenders_in_prison_mean", U::Count, S::Arrests, "offenders in prison, mean",
        "time-averaged number of offenders in custody or administrative detention (`[sanctions]`; not those held by the police for hours)").when(CRIME),
    f("charges", U::Count, S::Arrests, "charges (court cases)",
        "arrests that led to a criminal charge (`[sanctions]` charge_share); priced per case by `economics.court_case_cost`").when(CRIME),
    f("custody_sentences", U::Count, S::Arrests, "custodial sentences",
        "charges that ended in a custodial sentence").when(CRIME),
    f("offenders_in_prison_repeat_mean", U::Count, S::Arrests, "offenders in prison with an earlier arrest, mean",
        "of `offenders_in_prison_mean`, those who had been arrested before the arrest that put them inside (repeat offenders)").when(CRIME),
    f("charges_repeat", U::Count, S::Arrests, "charges for a repeated offence",
        "charges of an arrest that was at least the `sanctions.repeat_count`-th within `sanctions.repeat_window_days` (Chinese \"multiple theft\")").when(CRIME),
    f("custody_sentences_with_record", U::Count, S::Arrests, "custodial sentences with a record",
        "custodial sentences of offenders with a record (`sanctions.record_from`, `record_window_days`)").when(CRIME),
    f("detentions", U::Count, S::Arrests, "administrative detentions",
        "arrests not charged that ended in administrative detention (e.g. PSAPL art. 49)").when(CRIME),
    f("offenders_active_mean", U::Count, S::Arrests, "active local offenders, mean",
        "time-averaged number of local offenders whose careers are running, free or inside").when(CRIME),
    f("offender_onsets", U::Count, S::Arrests, "careers started",
        "local offenders' careers that started (onset)").when(CRIME),
    f("offender_desistances", U::Count, S::Arrests, "careers ended",
        "local offenders' careers that ended (desistance)").when(CRIME),
    // Investigation.
    f("cases_worked", U::Count, S::Investigation, "cases worked",
        "reported cases the detectives finished working")
        .when("`investigation.detectives` > 0 and `[crime]`")
        .row(detectives),
    f("cases_waiting_at_end", U::Count, S::Investigation, "cases waiting at the end",
        "cases in the detectives' queue at the horizon")
        .when("`investigation.detectives` > 0 and `[crime]`")
        .row(detectives),
    f("case_wait_mean_days", U::Days, S::Investigation, "case wait, mean",
        "mean wait of a worked case for a detective")
        .when("`investigation.detectives` > 0 and `[crime]`")
        .row(detectives),
    // Regional linkage.
    f("calls_answered_across_boundary", U::Count, S::Regional, "calls answered across a boundary",
        "calls answered by a unit of another jurisdiction")
        .row(boundaries),
    f("identifications.cross_jurisdiction", U::Count, S::Regional,
        "identifications in another jurisdiction",
        "offenders identified by one jurisdiction and found in another").when(CRIME)
        .row(boundaries),
    f("arrests.cross_jurisdiction", U::Count, S::Regional, "arrests in another jurisdiction",
        "of those, arrested (by the pair's cooperation)").when(CRIME)
        .row(boundaries),
    f("identifications.outside_county", U::Count, S::Regional,
        "identifications outside the county",
        "roaming offenders identified after they left the county").when(CRIME)
        .row(roaming),
    f("arrests.outside_county", U::Count, S::Regional, "arrests outside the county",
        "of those, arrested by a neighbouring county").when(CRIME)
        .row(outside),
    f("offenders_wanted", U::Count, S::Regional, "offenders wanted",
        "identified offenders not arrested next door, now wanted").when(CRIME)
        .row(wanted),
    f("arrests.wanted", U::Count, S::Regional, "arrests of wanted offenders",
        "wanted offenders caught at a checkpoint or a stop and check").when(CRIME)
        .row(wanted_caught),
    // Informants and registration.
    f("informants", U::Count, S::Informants, "informants",
        "places with an informant (at the end of the run, or of the period)")
        .phase().when(CRIME)
        .row(tips),
    f("tips.offenders_noted", U::Count, S::Informants, "tips, offenders noted",
        "offenders noted by informants").when(CRIME)
        .row(tips),
    f("tips.loot_sales_noted", U::Count, S::Informants, "tips, loot sales noted",
        "loot sales noted by informants or second-hand registration").when(CRIME)
        .row(tips),
    f("tips.lodging_registrations", U::Count, S::Informants, "tips, lodging registrations",
        "roaming offenders registered at their lodging").when(CRIME)
        .row(lodging),
    f("identifications.helped_by_tips", U::Count, S::Informants,
        "identifications helped by tips", "identifications that a tip made possible").when(CRIME)
        .row(tips),
    // Cost.
    f("cost_total", U::Money, S::Cost, "cost, total",
        "cost of every priced item over the measured time").phase(),
    f("cost", U::Money, S::Cost, "cost",
        "cost of each priced item over the measured time (docs/economics.md)")
        .by(&[B::Item]).parts_only(),
    f("cost_by_payer", U::Money, S::Cost, "cost",
        "the same, summed by who pays").by(&[B::Payer]).parts_only(),
    f("cost_by_role", U::Money, S::Cost, "cost",
        "the units' officers and vehicles (`cost.officers` + `cost.vehicles`, same prices) by the role (agency) of their unit type; community officers under `community`; detectives (`cost.detectives`) and call takers (`cost.platform`) are priced apart (docs/desks.md)")
        .by(&[B::Role]).parts_only()
        .when("unit roles are given (`unit_types.NAME.answers` or `covers`, `calls.types[].needs`); by role for the roles with a unit group (or community officers)"),
    // What the settings provide.
    f("years", U::Years, S::Settings, "years", "measured time of the period (after warm-up)")
        .scope(Scope::Phase),
    f("households_per_target", U::Ratio, S::Settings, "households per target",
        "households (and vehicles) one model target stands for in pricing (`economics.households_per_target`)").when(CRIME),
    f("targets_households", U::Count, S::Settings, "targets, households",
        "households that can be burgled").when(CRIME),
    f("targets_vehicles", U::Count, S::Settings, "targets, vehicles",
        "vehicles that can be stolen").when(CRIME),
    f("targets_locked", U::Count, S::Settings, "targets locked",
        "households and vehicles with a lock (for the lock programme's cost)")
        .phase().when(CRIME),
    f("targets_alarmed", U::Count, S::Settings, "targets alarmed",
        "households and vehicles with an alarm").phase().when(CRIME),
    f("targets_with_camera", U::Count, S::Settings, "targets with a private camera",
        "households and vehicles with a private camera").phase().when(CRIME),
    f("street_cameras", U::Count, S::Settings, "street cameras",
        "nodes with a street camera").phase().when(CRIME),
    // Against the baseline.
    f("benefit", U::Money, S::Comparison, "benefit",
        "harm to victims and public-service costs avoided: the baseline's `social_cost.victims` + `social_cost.public_services` − the strategy's (paired by seed; docs/economics.md)")
        .scope(Scope::Difference),
    f("benefit.victims", U::Money, S::Comparison, "benefit, harm to victims",
        "of `benefit`, the harm to victims avoided (`social_cost.victims`)").scope(Scope::Difference),
    f("benefit.public_services", U::Money, S::Comparison, "benefit, public services",
        "of `benefit`, the public-service costs avoided (`social_cost.public_services`)").scope(Scope::Difference),
    f("net_benefit", U::Money, S::Comparison, "net benefit",
        "benefit − extra cost (`cost_total` − the baseline's)").scope(Scope::Difference),
    f("benefit_cost_ratio", U::Ratio, S::Comparison, "benefit-cost ratio",
        "mean benefit ÷ mean extra cost (paired replications), when the mean extra cost is above 0").scope(Scope::Difference),
    f("cost_per_crime_prevented", U::Money, S::Comparison, "cost per crime prevented",
        "extra cost ÷ completed crimes prevented, when some are").scope(Scope::Difference),
];
