//! Agencies and unit roles (docs/desks.md "Agencies and roles"): combined
//! operations send an idle unit of another role that covers a call when the
//! call's own units are busy, separate operations queue it; every role's
//! calls are reached or still waiting at the end (nothing is lost); a joint
//! incident is served when every needed unit has arrived; a fire stream with
//! its own engines leaves police results byte-identical; bad input exits 2
//! naming the key and a role with no units warns.

use super::*;

/// One intersection, one traffic unit and one patrol car; traffic calls at
/// `rate` an hour, each 60 minutes on scene; `ops` is `dispatch.operations`.
fn one_node(rate: f64, ops: &str) -> Scenario {
    scenario(&format!(
        r#"
[scenario]
horizon_days = 20
warmup_days = 1
[network]
rows = 1
cols = 1
[calls]
rate_per_hour = {rate}
[[calls.types]]
name = "traffic"
on_scene_min = 60
[dispatch]
operations = "{ops}"
[unit_types.traffic_car]
speed_kmh = 50
role = "traffic"
answers = ["traffic"]
[unit_types.car]
covers = ["traffic"]
[[units]]
type = "traffic_car"
count = 1
[[units]]
type = "car"
count = 1
"#
    ))
}

fn metric(m: &[(String, Option<f64>)], name: &str) -> f64 {
    m.iter()
        .find(|(n, _)| n == name)
        .and_then(|x| x.1)
        .unwrap_or_else(|| panic!("no {name}"))
}

/// Every role's calls are reached by the horizon or still waiting
/// (queued or a unit on its way): `role_calls` = `role_reached` +
/// `role_waiting_at_end`, counted in three different places of the loop.
fn conserved(m: &[(String, Option<f64>)]) {
    for role in patrolsim::scenario::ROLES {
        let Some(calls) = m.iter().find(|(n, _)| *n == format!("role_calls.{role}")) else {
            continue;
        };
        let calls = calls.1.unwrap();
        let reached = metric(m, &format!("role_reached.{role}"));
        let waiting = metric(m, &format!("role_waiting_at_end.{role}"));
        assert_eq!(
            calls,
            reached + waiting,
            "{role}: {calls} ≠ {reached} + {waiting}"
        );
    }
}

/// Two traffic calls an hour of an hour each on one traffic unit: under
/// combined operations the idle patrol car takes what the busy traffic unit
/// cannot (covered calls, few waiting); under separate operations it never
/// does and the traffic calls pile up (offered load 2 on 1 unit). When the
/// traffic unit is nearly always free, combined operations still send it,
/// not the patrol car (first choice first).
#[test]
fn combined_operations_send_an_idle_patrol_and_separate_operations_queue() {
    let combined = run_seed(&one_node(2.0, "combined"), 3).metrics;
    let separate = run_seed(&one_node(2.0, "separate"), 3).metrics;
    conserved(&combined);
    conserved(&separate);
    let calls = metric(&combined, "role_calls.traffic");
    assert_eq!(calls, metric(&separate, "role_calls.traffic"), "same calls");
    assert!(calls > 800.0, "{calls}");
    // Two units for load 2: the patrol car covers about half.
    let covered = metric(&combined, "role_covered.traffic");
    assert!(covered > 0.3 * calls, "covered {covered} of {calls}");
    assert_eq!(metric(&separate, "role_covered.traffic"), 0.0);
    // Separate: one unit serves at most one call an hour, the rest wait.
    let reached = metric(&separate, "role_reached.traffic");
    assert!(reached <= 19.0 * 24.0 + 1.0, "{reached}");
    assert!(metric(&separate, "role_waiting_at_end.traffic") > 0.4 * calls);
    assert!(
        metric(&combined, "role_waiting_at_end.traffic")
            < 0.1 * metric(&separate, "role_waiting_at_end.traffic")
    );
    // An idle traffic unit is always sent before the patrol car.
    let light = run_seed(&one_node(0.02, "combined"), 3).metrics;
    conserved(&light);
    assert!(metric(&light, "role_calls.traffic") > 3.0);
    assert_eq!(metric(&light, "role_covered.traffic"), 0.0);
}

/// A traffic accident with injuries needs a traffic unit and an ambulance:
/// both are sent, the incident is served when the later one arrives (its
/// time to full attendance is at least each part's response), and a patrol
/// car may cover the traffic part but never the ambulance's.
#[test]
fn a_joint_incident_is_served_when_every_needed_unit_has_arrived() {
    let s = scenario(
        r#"
[scenario]
horizon_days = 20
warmup_days = 1
[network]
rows = 5
cols = 5
block_m = 1000
[[jurisdictions]]
name = "all"
station = [0, 0]
rows = [0, 4]
cols = [0, 4]
[calls]
rate_per_hour = 0.5
[[calls.types]]
name = "accident"
on_scene_min = 30
needs = ["traffic_car", "ambulance"]
[dispatch]
operations = "combined"
[unit_types.traffic_car]
speed_kmh = 50
role = "traffic"
[unit_types.ambulance]
speed_kmh = 40
role = "medical"
[unit_types.car]
covers = ["accident"]
[[units]]
type = "traffic_car"
count = 1
[[units]]
type = "ambulance"
count = 1
posts = [[4, 4]]
[[units]]
type = "car"
count = 2
"#,
    );
    let m = run_seed(&s, 7).metrics;
    conserved(&m);
    let incidents = metric(&m, "joint_incidents");
    let served = metric(&m, "joint_served");
    assert!(incidents > 150.0, "{incidents}");
    assert!(
        served <= incidents && served >= incidents - 3.0,
        "{served} of {incidents}"
    );
    // Each incident is one traffic part and one medical part.
    assert_eq!(metric(&m, "role_calls.traffic"), incidents);
    assert_eq!(metric(&m, "role_calls.medical"), incidents);
    let full = metric(&m, "joint_attendance_mean_min");
    for role in ["traffic", "medical"] {
        let resp = metric(&m, &format!("role_response_mean_min.{role}"));
        assert!(full >= resp - 0.05, "{full} < {role} {resp}");
    }
    // The ambulance posted in the far corner arrives after the traffic unit
    // at the station in most incidents: full attendance is the later one.
    assert!(full > metric(&m, "role_response_mean_min.traffic") + 1.0);
    assert_eq!(
        metric(&m, "role_covered.medical"),
        0.0,
        "police never replace an ambulance"
    );
}

/// The county with traffic police, fire engines answering the fire desk's
/// calls, and `fire_rate` fire calls an hour; the metrics that are not the
/// fire agency's or the desks' own, as bits.
fn county_fire(fire_rate: f64) -> (Vec<(String, Option<u64>)>, f64) {
    let extra = format!(
        r#"
[[calls.types]]
name = "fire"
share = 0
priority = 1
on_scene_min = 60
[unit_types.fire_engine]
speed_kmh = 45
role = "fire"
answers = ["fire"]
[unit_types.traffic_car]
speed_kmh = 50
role = "traffic"
answers = ["traffic"]
[[units]]
jurisdiction = "centre"
type = "traffic_car"
count = 1
[[units]]
jurisdiction = "centre"
type = "fire_engine"
count = 2
[intake]
[[intake.desks]]
name = "police"
call_takers = 2
[[intake.desks]]
name = "fire"
call_takers = 1
rate_per_hour = {fire_rate}
handling_min = 2
call_type = "fire"
"#
    );
    let text = std::fs::read_to_string(root().join("scenarios/county.toml")).unwrap();
    let s = scenario::from_str(
        "county.toml",
        &format!("{text}\n{extra}"),
        &["scenario.horizon_days=10".to_string()],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let m = run_seed(&started_empty(s, false), 5).metrics;
    // The fire agency's own results, and the totals that pool every
    // agency's units and calls (unit hours, utilisation, busy units, calls
    // open at the end: fire calls and engines count there).
    let fire = |n: &str| {
        n.ends_with(".fire")
            || n.starts_with("unit_hours")
            || n == "unit_utilization"
            || n == "busy_units_mean"
            || n == "calls_open_at_end"
            || n.starts_with("intake_")
            || n.starts_with("call_taker")
            || n.starts_with("cost")
            || n.starts_with("net_")
            || n.contains("benefit")
    };
    let reached = m
        .iter()
        .find(|(n, _)| n == "role_reached.fire")
        .and_then(|x| x.1)
        .unwrap_or(0.0);
    let police = m
        .iter()
        .filter(|(n, _)| !fire(n))
        .map(|(n, v)| (n.clone(), v.map(f64::to_bits)))
        .collect();
    (police, reached)
}

/// Common random numbers: switching the fire desk's stream on (its calls
/// answered by fire engines) changes no police result, crime included
/// (every call, dispatch, response, presence and crime metric is
/// byte-identical; only the all-agency unit totals move).
#[test]
fn a_switched_off_fire_stream_changes_nothing_in_police_results() {
    let (off, none) = county_fire(0.0);
    let (on, engines) = county_fire(0.5);
    assert_eq!(none, 0.0);
    assert!(engines > 60.0, "fire engines reached {engines} fires");
    assert!(off.iter().any(|(n, _)| n == "role_calls.traffic"));
    assert_eq!(off, on);
}

/// Bad input exits 2 naming the key: a call type that no unit of
/// [[units]] may answer, a joint incident needing a unit type that does not
/// exist, an `answers` naming no call type. A role with no units but calls
/// of its type warns and the run goes on.
#[test]
fn role_settings_are_checked() {
    let base = "[scenario]\nhorizon_days = 1\n[network]\nrows = 2\ncols = 2\n\
                [calls]\nrate_per_hour = 3\n[[calls.types]]\nname = \"traffic\"\n\
                [[calls.types]]\nname = \"dispute\"\n";
    let s = Scratch::new(
        "r.toml",
        &format!("{base}[unit_types.car]\nanswers = [\"dispute\"]\n[[units]]\ncount = 2\n"),
    );
    let err = s.rejected(&[]);
    assert!(
        err.contains("calls.types[0]") && err.contains("no unit type of [[units]] may answer"),
        "{err}"
    );
    let s = Scratch::new(
        "r.toml",
        &format!(
            "{}needs = [\"car\", \"ambulance\"]\n[[units]]\ncount = 2\n",
            base
        ),
    );
    let err = s.rejected(&[]);
    assert!(
        err.contains("calls.types[1].needs[1]") && err.contains("\"ambulance\""),
        "{err}"
    );
    let s = Scratch::new(
        "r.toml",
        &format!("{base}[unit_types.car]\ncovers = [\"trafic\"]\n[[units]]\ncount = 2\n"),
    );
    let err = s.rejected(&[]);
    assert!(err.contains("unit_types.car.covers[0]"), "{err}");
    let s = Scratch::new(
        "r.toml",
        &format!(
            "{base}[unit_types.traffic_car]\nspeed_kmh = 50\nrole = \"traffic\"\n\
             answers = [\"traffic\"]\n[[units]]\ncount = 2\n[[units]]\ntype = \"traffic_car\"\ncount = 0\n"
        ),
    );
    let o = s.run(&["-r", "1"]);
    ok(&o);
    let err = stderr(&o);
    assert!(
        err.contains("unit_types.traffic_car") && err.contains("no [[units]] group has one"),
        "{err}"
    );
}

/// `cost_by_role.ROLE` over the roles a run prices, and `cost.officers` +
/// `cost.vehicles`: one run, short horizon.
fn role_costs(rel: &str) -> (Vec<(String, f64)>, f64) {
    let r = replicate(
        rel,
        &["scenario.horizon_days=4", "scenario.warmup_days=1"],
        11,
        1,
    );
    let run = &r.runs[0];
    let by_role = run
        .metrics
        .iter()
        .filter_map(|(n, v)| Some((n.strip_prefix("cost_by_role.")?.to_string(), v.unwrap())))
        .collect();
    let units = run.metric("cost.officers").unwrap() + run.metric("cost.vehicles").unwrap();
    (by_role, units)
}

/// Conservation: the units' cost split by role (agency) adds up to the
/// officers and vehicles priced as a whole, on the fixture with every role
/// and on the combined-operations claim; every role with a unit group is
/// priced and costs something, and no other role appears.
#[test]
fn the_cost_by_role_sums_to_the_cost_of_officers_and_vehicles() {
    for (rel, roles) in [
        (
            "tests/fixtures/roles.toml",
            &[
                "patrol",
                "traffic",
                "fire",
                "medical",
                "detective",
                "community",
            ][..],
        ),
        (
            "scenarios/claims/combined-operations.toml",
            &["patrol", "traffic", "fire", "medical"][..],
        ),
    ] {
        let (by_role, units) = role_costs(rel);
        let names: Vec<&str> = by_role.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, roles, "{rel}");
        assert!(by_role.iter().all(|(_, c)| *c > 0.0), "{rel}: {by_role:?}");
        let sum: f64 = by_role.iter().map(|(_, c)| c).sum();
        assert!(
            (sum - units).abs() <= 1e-9 * units,
            "{rel}: roles {sum} vs officers + vehicles {units}"
        );
    }
}

/// Without roles nothing is split: no `cost_by_role` metric (the county's
/// other outputs are unchanged, scripts/same-outputs.sh).
#[test]
fn a_scenario_without_roles_has_no_cost_by_role() {
    let (by_role, units) = role_costs("scenarios/county.toml");
    assert!(by_role.is_empty(), "{by_role:?}");
    assert!(units > 0.0);
}

/// `patrolsim run FILE` for one replication of three days (one of warm-up),
/// with `extra` arguments.
fn three_day_run(file: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run",
        file,
        "-r",
        "1",
        "--set",
        "scenario.horizon_days=3",
        "--set",
        "scenario.warmup_days=1",
    ];
    args.extend_from_slice(extra);
    patrolsim(&args)
}

/// The run table shows the cost by role in the cost section when roles are
/// given, and not without them.
#[test]
fn the_run_table_shows_the_cost_by_role_with_roles_only() {
    let table = |file: &str| {
        let o = three_day_run(file, &[]);
        ok(&o);
        let out = stdout(&o);
        out.split_once("\nCost")
            .unwrap_or_else(|| panic!("no cost section:\n{out}"))
            .1
            .to_string()
    };
    let roles = table("tests/fixtures/roles.toml");
    for role in [
        "patrol",
        "traffic",
        "fire",
        "medical",
        "detective",
        "community",
    ] {
        assert!(
            roles.contains(&format!("  {role} units ")),
            "{role}:\n{roles}"
        );
    }
    let county = table("scenarios/county.toml");
    assert!(!county.contains("patrol units"), "{county}");
}

/// The HTML run page charts the cost by role with roles, and the county's
/// page has no such chart.
#[test]
fn the_run_page_charts_the_cost_by_role_with_roles_only() {
    let tmp = tempfile::tempdir().unwrap();
    let page = |file: &str, dir: &str| {
        let out = tmp.path().join(dir);
        ok(&three_day_run(file, &["--out", out.to_str().unwrap()]));
        patrolsim::report::html::from_dir(&out, "test").unwrap()
    };
    let roles = page("tests/fixtures/roles.toml", "roles");
    let chart = roles
        .split_once("Cost of the units by role")
        .expect("no chart of the cost by role")
        .1;
    let chart = &chart[..chart.find("</svg>").unwrap()];
    for role in [
        "patrol",
        "traffic",
        "fire",
        "medical",
        "detective",
        "community",
    ] {
        assert!(chart.contains(role), "{role}");
    }
    assert!(!page("scenarios/county.toml", "county").contains("Cost of the units by role"));
}

/// A phased scenario prices each period's units for its own time: three
/// traffic cars from day 2 of a 3-day measured run (one before) cost
/// (1 × 1 + 3 × 2) ÷ (1 × 3) = 7/3 times the unphased traffic units, and
/// the roles still add up to `cost.officers` + `cost.vehicles`.
#[test]
fn a_phase_prices_each_roles_units_for_its_own_time() {
    let run = |extra: &str| {
        let text = extending(
            "tests/fixtures/roles.toml",
            &format!("{extra}\n[scenario]\nhorizon_days = 4\nwarmup_days = 1\n"),
        );
        let s = scenario::from_str(root().join("test.toml").to_str().unwrap(), &text, &[])
            .unwrap_or_else(|e| panic!("{e}"));
        let (m, _) = patrolsim::model::Model::new(&s).unwrap();
        patrolsim::experiment::replicate(&m, 5, 1, false).runs[0].clone()
    };
    let plain = run("");
    let phased = run("[phases.more_traffic]\nstart_day = 2\nunits = [\n\
         { type = \"car\", count = 2 }, { type = \"traffic_car\", count = 3 },\n\
         { type = \"detective\", count = 1 }, { type = \"community\", count = 1 },\n\
         { type = \"ambulance\", count = 1 }, { type = \"fire_engine\", count = 1 },\n]\n");
    let c = |r: &patrolsim::RunResult, m: &str| r.metric(m).unwrap();
    let ratio = c(&phased, "cost_by_role.traffic") / c(&plain, "cost_by_role.traffic");
    assert!((ratio - 7.0 / 3.0).abs() < 1e-9, "{ratio}");
    let fire = c(&phased, "cost_by_role.fire") / c(&plain, "cost_by_role.fire");
    assert!((fire - 1.0).abs() < 1e-12, "{fire}");
    let sum: f64 = patrolsim::scenario::ROLES
        .iter()
        .map(|r| c(&phased, &format!("cost_by_role.{r}")))
        .sum();
    let units = c(&phased, "cost.officers") + c(&phased, "cost.vehicles");
    assert!((sum - units).abs() <= 1e-9 * units, "{sum} vs {units}");
}
