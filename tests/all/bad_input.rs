//! Bad input: every problem in a scenario is reported by file, line and
//! column (or the `--set` that caused it), by dotted key path and with what
//! is allowed; the binary exits with code 2 and writes nothing. Legal but
//! suspicious settings are warnings on stderr and the run goes on (exit 0).

use super::*;

/// A small scenario: a 3 × 3 grid, one day, one replication, one car.
const SMALL: &str = r#"[scenario]
name = "small"
horizon_days = 1
replications = 1

[network]
kind = "grid"
rows = 3
cols = 3
block_m = 200

[calls]
rate_per_hour = 2.0

[[units]]
type = "car"
count = 1
"#;

/// The 1-based number of the (first) line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` is not in the text"))
        + 1
}

/// The `error:` lines of a report, after its header.
fn errors(err: &str) -> Vec<&str> {
    err.lines().filter(|l| l.starts_with("  error: ")).collect()
}

/// The file is refused with exactly one problem: `message` at line and
/// column `at` of the file.
fn rejected_once_at(name: &str, text: &str, at: (usize, usize), message: &str) {
    let s = Scratch::new(name, text);
    let e = one_problem(&s.rejected(&[])).to_string();
    assert_eq!(e, format!("  error: {}{message}", s.at(at.0, at.1)));
}

/// Exactly one problem, and its header says so.
fn one_problem(err: &str) -> &str {
    assert!(
        err.starts_with("error: the scenario has 1 problem:\n"),
        "header: {err}"
    );
    let e = errors(err);
    assert_eq!(e.len(), 1, "{err}");
    e[0]
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let text = SMALL.replace("horizon_days = 1", "horizon_days = = 1");
    let s = Scratch::new("syntax.toml", &text);
    let err = s.rejected(&[]);
    let e = one_problem(&err);
    assert_eq!(line_of(&text, "= = 1"), 3);
    assert!(
        e.starts_with(&format!("  error: {}not valid TOML: ", s.at(3, 16))),
        "{e}"
    );
    assert!(e.contains("extra `=`"), "{e}");
}

#[test]
fn unknown_key_suggests_the_likely_one_and_lists_the_allowed() {
    let text = SMALL.replace("rate_per_hour = 2.0", "rate_per_hr = 2.0");
    let s = Scratch::new("typo.toml", &text);
    let err = s.rejected(&[]);
    let e = one_problem(&err);
    assert_eq!(line_of(&text, "rate_per_hr"), 13);
    assert_eq!(
        e,
        format!(
            "  error: {}`calls.rate_per_hr`: unknown key (did you mean `rate_per_hour`?); \
             allowed here: hourly_profile, rate_per_hour, types, weekday_profile",
            s.at(13, 1)
        )
    );
}

#[test]
fn unknown_top_level_table_lists_the_tables() {
    // A misspelt table is suggested; a word that resembles none is not.
    let text = format!("{SMALL}\n[dispach]\nqueue = \"fifo\"\n\n[police]\ncars = 3\n");
    let s = Scratch::new("tables.toml", &text);
    let err = s.rejected(&[]);
    assert!(
        err.starts_with("error: the scenario has 2 problems:\n"),
        "{err}"
    );
    let tables = "allowed here: calls, cameras, checkpoints, community, crime, deployment, \
                  dispatch, economics, enforcement, informants, intake, investigation, jurisdictions, \
                  network, places, programmes, regional, roster, sanctions, scenario, shifts, \
                  unit_types, units";
    let e = errors(&err);
    assert_eq!(
        e[0],
        format!(
            "  error: {}`dispach`: unknown key (did you mean `dispatch`?); {tables}",
            s.at(line_of(&text, "[dispach]"), 2)
        )
    );
    assert_eq!(
        e[1],
        format!(
            "  error: {}`police`: unknown key; {tables}",
            s.at(line_of(&text, "[police]"), 2)
        )
    );
}

#[test]
fn string_where_a_number_is_expected() {
    let text = SMALL.replace("rate_per_hour = 2.0", "rate_per_hour = \"two\"");
    rejected_once_at(
        "type.toml",
        &text,
        (13, 17),
        "`calls.rate_per_hour`: expected a number ≥ 0, found a string",
    );
}

#[test]
fn negative_call_rate() {
    let text = SMALL.replace("rate_per_hour = 2.0", "rate_per_hour = -1");
    rejected_once_at(
        "negative.toml",
        &text,
        (13, 17),
        "`calls.rate_per_hour`: must be a number ≥ 0 (got -1)",
    );
}

#[test]
fn share_above_one() {
    let text = format!("{SMALL}\n[deployment]\npatrol_share = 1.5\n");
    let s = Scratch::new("share.toml", &text);
    let e = one_problem(&s.rejected(&[])).to_string();
    assert_eq!(line_of(&text, "patrol_share"), 20);
    assert_eq!(
        e,
        format!(
            "  error: {}`deployment.patrol_share`: must be a share between 0 and 1 (got 1.5)",
            s.at(20, 16)
        )
    );
}

#[test]
fn zero_crew() {
    let text = format!("{SMALL}\n[unit_types.car]\ncrew = 0\n");
    rejected_once_at(
        "crew.toml",
        &text,
        (line_of(&text, "crew = 0"), 8),
        "`unit_types.car.crew`: must be a whole number from 1 to 100 (got 0)",
    );
}

#[test]
fn unknown_enum_word_lists_the_words() {
    let text = format!("{SMALL}\n[dispatch]\nqueue = \"lifo\"\n");
    rejected_once_at(
        "queue.toml",
        &text,
        (line_of(&text, "lifo"), 9),
        "`dispatch.queue`: \"lifo\" is not allowed (did you mean \"fifo\"?); \
             allowed: \"priority\", \"fifo\"",
    );
}

#[test]
fn several_problems_are_reported_in_one_pass() {
    let text = r#"[scenario]
horizon_days = 1
replications = 1

[network]
rows = 3
cols = 3

[calls]
rate_per_hour = -1
rate_per_hr = 2

[dispatch]
queue = "lifo"

[deployment]
patrol_share = 1.5

[unit_types.car]
crew = 0

[[units]]
count = "two"
"#;
    let s = Scratch::new("many.toml", text);
    let err = s.rejected(&[]);
    assert!(
        err.starts_with("error: the scenario has 6 problems:\n"),
        "{err}"
    );
    let e = errors(&err);
    assert_eq!(e.len(), 6, "{err}");
    let expect = [
        ("calls.rate_per_hour", 10, "must be a number ≥ 0 (got -1)"),
        ("calls.rate_per_hr", 11, "did you mean `rate_per_hour`?"),
        ("dispatch.queue", 14, "allowed: \"priority\", \"fifo\""),
        ("unit_types.car.crew", 20, "from 1 to 100 (got 0)"),
        ("deployment.patrol_share", 17, "between 0 and 1 (got 1.5)"),
        (
            "units[0].count",
            23,
            "a whole number from 0 to 100000, found a string",
        ),
    ];
    for (path, line, what) in expect {
        let hit = e
            .iter()
            .find(|l| l.contains(&format!("`{path}`: ")))
            .unwrap_or_else(|| panic!("`{path}` is reported: {err}"));
        assert!(hit.contains(&format!("{}:{line}:", s.file)), "{hit}");
        assert!(hit.contains(what), "{hit}");
    }

    // The library reports the same six, each with its location.
    let e = scenario::from_str("many.toml", text, &[]).unwrap_err();
    assert_eq!(e.problems.len(), 6);
    assert!(e.problems.iter().all(|p| p.location.is_some()));
}

#[test]
fn disconnected_explicit_network_names_the_edges() {
    let text = r#"[scenario]
horizon_days = 1
replications = 1

[network]
kind = "explicit"
nodes = [[0, 0], [100, 0], [200, 0], [0, 500], [100, 500]]
edges = [[0, 1], [1, 2], [3, 4]]

[calls]
rate_per_hour = 1

[[units]]
count = 1
"#;
    let s = Scratch::new("islands.toml", text);
    let e = one_problem(&s.rejected(&[])).to_string();
    assert_eq!(
        e,
        format!(
            "  error: {}`network.edges`: the road network is not connected: 2 of 5 nodes \
             cannot be reached from node 0 (e.g. 3, 4); every node must be reachable by road",
            s.at(8, 9)
        )
    );
}

/// Two jurisdictions on a 3 × 3 grid: west (column 0) and east (columns 1–2).
const TWO: &str = r#"[scenario]
horizon_days = 1
replications = 1

[network]
rows = 3
cols = 3

[calls]
rate_per_hour = 1

[[jurisdictions]]
name = "west"
station = [1, 0]
rows = [0, 2]
cols = [0, 0]

[[jurisdictions]]
name = "east"
station = [1, 2]
rows = [0, 2]
cols = [1, 2]

[[units]]
jurisdiction = "west"
count = 1

[[units]]
jurisdiction = "east"
count = 1
"#;

#[test]
fn two_jurisdictions_are_valid() {
    // The base of the jurisdiction tests below is itself fine.
    let s = Scratch::new("two.toml", TWO);
    let err = s.accepted(&[]);
    assert_eq!(err, "", "no warnings");
}

#[test]
fn stations_outside_their_jurisdictions_are_all_reported() {
    // Both stations stand in the other jurisdiction: both are reported.
    let text = TWO
        .replace("station = [1, 0]", "station = WEST")
        .replace("station = [1, 2]", "station = [1, 0]")
        .replace("station = WEST", "station = [1, 2]");
    assert_eq!(line_of(&text, "station = [1, 2]"), 14);
    assert_eq!(line_of(&text, "station = [1, 0]"), 20);
    let s = Scratch::new("stations.toml", &text);
    let err = s.rejected(&[]);
    assert!(
        err.starts_with("error: the scenario has 2 problems:\n"),
        "{err}"
    );
    let e = errors(&err);
    assert_eq!(
        e[0],
        format!(
            "  error: {}`jurisdictions[0].station`: the station of \"west\" is at node [1, 2], \
             which lies in \"east\": a station must stand inside its own jurisdiction",
            s.at(14, 11)
        )
    );
    assert_eq!(
        e[1],
        format!(
            "  error: {}`jurisdictions[1].station`: the station of \"east\" is at node [1, 0], \
             which lies in \"west\": a station must stand inside its own jurisdiction",
            s.at(20, 11)
        )
    );
}

#[test]
fn overlapping_jurisdictions_are_one_problem_and_the_gap_another() {
    // East takes columns 0–1 instead of 1–2: column 0 is in both, column 2
    // in neither.
    let text = TWO.replace("cols = [1, 2]", "cols = [0, 1]");
    let s = Scratch::new("overlap.toml", &text);
    let err = s.rejected(&[]);
    assert!(
        err.starts_with("error: the scenario has 2 problems:\n"),
        "{err}"
    );
    let e = errors(&err);
    assert_eq!(
        e[0],
        format!(
            "  error: {}`jurisdictions[1].rows`: 3 nodes ([0, 0], [1, 0], [2, 0]) are in both \
             \"west\" and \"east\": jurisdictions must not overlap",
            s.at(21, 8)
        )
    );
    assert_eq!(
        e[1],
        format!(
            "  error: {}`jurisdictions`: 3 nodes belong to no jurisdiction (e.g. [0, 2], [1, 2], \
             [2, 2]): jurisdictions must cover every node (or one may take `rest = true`)",
            s.at(12, 1)
        )
    );
}

#[test]
fn one_shared_node_is_named() {
    let text = TWO
        .replace("rows = [0, 2]\ncols = [0, 0]", "nodes = [0, 3, 6, 4]")
        .replace("rows = [0, 2]\ncols = [1, 2]", "nodes = [1, 2, 4, 5, 7, 8]");
    rejected_once_at(
        "shared.toml",
        &text,
        (line_of(&text, "nodes = [1, 2"), 9),
        "`jurisdictions[1].nodes`: node [1, 1] is in both \"west\" and \"east\": \
             jurisdictions must not overlap",
    );
}

#[test]
fn nodes_left_uncovered() {
    let text = TWO.replace("cols = [1, 2]", "cols = [1, 1]");
    rejected_once_at(
        "gap.toml",
        &text,
        (12, 1),
        "`jurisdictions`: 3 nodes belong to no jurisdiction (e.g. [0, 2], [1, 2], \
             [2, 2]): jurisdictions must cover every node (or one may take `rest = true`)",
    );
}

#[test]
fn beat_nodes_outside_the_network_are_located() {
    let text =
        format!("{SMALL}patrol_share = 1.0\npatrol = \"beat\"\nbeat = [[0, 0], [3, 1], 9]\n");
    let s = Scratch::new("beat.toml", &text);
    let err = s.rejected(&[]);
    assert!(
        err.starts_with("error: the scenario has 2 problems:\n"),
        "{err}"
    );
    let line = line_of(&text, "beat = [");
    assert_eq!(line, 20);
    let allowed = "allowed: a node number 0..8 or [row, col] with row 0..2 and col 0..2";
    let e = errors(&err);
    assert_eq!(
        e[0],
        format!(
            "  error: {}`units[0].beat[1]`: [3, 1] is not in the road network; {allowed}",
            s.at(20, 17)
        )
    );
    assert_eq!(
        e[1],
        format!(
            "  error: {}`units[0].beat[2]`: node 9 is not in the road network; {allowed}",
            s.at(20, 25)
        )
    );
}

#[test]
fn other_node_lists_outside_the_network_are_located() {
    // Exits and posts are checked the same way as beats.
    let text = SMALL
        .replace("block_m = 200", "block_m = 200\nexits = [[0, 9]]")
        .replace("count = 1", "count = 1\nposts = [[1, 1], 12]");
    let s = Scratch::new("nodes.toml", &text);
    let err = s.rejected(&[]);
    let e = errors(&err);
    assert_eq!(e.len(), 2, "{err}");
    assert!(
        e[0].starts_with(&format!(
            "  error: {}`network.exits[0]`: [0, 9] is not in the road network; allowed: ",
            s.at(line_of(&text, "exits"), 10)
        )),
        "{err}"
    );
    assert!(
        e[1].starts_with(&format!(
            "  error: {}`units[0].posts[1]`: node 12 is not in the road network; allowed: ",
            s.at(line_of(&text, "posts"), 18)
        )),
        "{err}"
    );
}

#[test]
fn empty_beat_with_beat_patrol() {
    let text = format!("{SMALL}patrol_share = 1.0\npatrol = \"beat\"\nbeat = []\n");
    let s = Scratch::new("emptybeat.toml", &text);
    let e = one_problem(&s.rejected(&[])).to_string();
    // Located at the unit's table (the `[[units]]` line).
    assert_eq!(
        e,
        format!(
            "  error: {}`units[0].beat`: patrol = \"beat\" needs a non-empty `beat` \
             (a list of nodes visited in turn)",
            s.at(line_of(&text, "[[units]]"), 1)
        )
    );
}

#[test]
fn set_with_an_unknown_key_is_located_at_the_set() {
    let s = Scratch::new("small.toml", SMALL);
    let err = s.rejected(&["--set", "calls.rate_per_hr=3"]);
    assert_eq!(
        one_problem(&err),
        "  error: --set calls.rate_per_hr=3: `calls.rate_per_hr`: unknown key \
         (did you mean `rate_per_hour`?); allowed here: hourly_profile, rate_per_hour, \
         types, weekday_profile"
    );
}

#[test]
fn set_with_a_bad_value_is_located_at_the_set() {
    let s = Scratch::new("small.toml", SMALL);
    let err = s.rejected(&["--set", "deployment.patrol_share=2"]);
    assert_eq!(
        one_problem(&err),
        "  error: --set deployment.patrol_share=2: `deployment.patrol_share`: \
         must be a share between 0 and 1 (got 2)"
    );
}

#[test]
fn set_without_an_equals_sign() {
    let s = Scratch::new("small.toml", SMALL);
    let err = s.rejected(&["--set", "calls.rate_per_hour"]);
    assert_eq!(
        one_problem(&err),
        "  error: --set calls.rate_per_hour: expected KEY=VALUE, \
         e.g. --set deployment.patrol_share=0.9"
    );
    // `validate` says the same, with the same exit code.
    let o = patrolsim(&["validate", &s.file, "--set", "calls.rate_per_hour"]);
    refused(&o, "expected KEY=VALUE");
}

#[test]
fn zero_units_warn_and_the_run_goes_on() {
    let text = SMALL.replace("count = 1", "count = 0");
    let s = Scratch::new("nopolice.toml", &text);
    let err = s.accepted(&[]);
    assert_eq!(
        err,
        "warning: `units`: no police units: every call stays open (a no-police baseline)\n"
    );
    // Every call is still open at the end, and utilisation has no value.
    let calls = s.metric("calls").as_f64().unwrap();
    assert!(calls > 0.0, "calls arrive: {calls}");
    assert_eq!(s.metric("calls_open_at_end").as_f64(), Some(calls));
    assert_eq!(s.metric("calls_cleared").as_f64(), Some(0.0));
    assert!(s.metric("unit_utilization").is_null());

    // No `[[units]]` at all: the same warning.
    let text = &SMALL[..SMALL.find("[[units]]").unwrap()];
    let s = Scratch::new("nounits.toml", text);
    let err = s.accepted(&[]);
    assert!(err.contains("warning: `units`: no police units"), "{err}");
}

#[test]
fn a_shift_that_leaves_nobody_on_duty_warns_and_the_run_goes_on() {
    // The only unit works 08:00–16:00: 16 of 24 hours nobody is on duty.
    let text = format!(
        "{}\n[shifts.day]\nstart_hour = 8\nhours = 8\n",
        SMALL.replace("count = 1", "count = 1\nshift = \"day\"")
    );
    let s = Scratch::new("dayonly.toml", &text);
    let err = s.accepted(&[]);
    // One unit a third of the day cannot keep up with 2 calls an hour either.
    assert_eq!(
        err,
        "warning: `calls.rate_per_hour`: calls arrive at 2.0 an hour but the police units on duty \
         can serve at most 0.7 an hour (mean on-scene time alone, travel not counted): the queue \
         grows without bound (about 32 calls open at the end)\n\
         warning: `jurisdictions[0]`: \"county\" has no unit on duty in 112 of the 168 hours \
         of the week (first: Mon 00:00) while calls arrive; no unit anywhere is on duty then, \
         so calls there wait until one comes on duty\n"
    );
}

#[test]
fn a_jurisdiction_without_its_own_night_shift_warns_and_the_run_goes_on() {
    // East works weekdays 08:00–16:00; west is on 24/7 and may cross over.
    let text = format!(
        "{}shift = \"day\"\n\n[shifts.day]\nstart_hour = 8\nhours = 8\ndays = \"weekdays\"\n",
        TWO
    );
    let s = Scratch::new("eastdays.toml", &text);
    let err = s.accepted(&[]);
    assert_eq!(
        err,
        "warning: `jurisdictions[1]`: \"east\" has no unit on duty in 128 of the 168 hours \
         of the week (first: Mon 00:00) while calls arrive; calls there are answered from \
         neighbouring jurisdictions, if any unit is free\n"
    );
    // With crossing forbidden, the warning says that calls wait.
    let s = Scratch::new(
        "eastwaits.toml",
        &format!("{text}\n[dispatch]\ncross_boundary = \"never\"\n"),
    );
    let err = s.accepted(&[]);
    assert!(
        err.contains(
            "calls there wait until its own units come on duty (cross_boundary = \"never\")"
        ),
        "{err}"
    );
}

#[test]
fn extends_a_missing_file() {
    let text = "extends = \"nowhere/base.toml\"\n\n[calls]\nrate_per_hour = 1\n";
    let s = Scratch::new("child.toml", text);
    let err = s.rejected(&[]);
    let missing = Path::new(&s.file)
        .parent()
        .unwrap()
        .join("nowhere/base.toml");
    let e = one_problem(&err);
    assert!(
        e.starts_with(&format!(
            "  error: {}`extends`: cannot read base scenario {}: ",
            s.at(1, 11),
            missing.display()
        )),
        "{e}"
    );
}

#[test]
fn problems_in_an_extended_file_name_that_file() {
    let s = Scratch::new(
        "child.toml",
        "extends = \"base.toml\"\n\n[calls]\nrate_per_hour = 3\n",
    );
    s.add(
        "base.toml",
        &SMALL.replace("horizon_days = 1", "horizon_days = 0"),
    );
    let base = Path::new(&s.file).with_file_name("base.toml");
    let err = s.rejected(&[]);
    assert_eq!(
        one_problem(&err),
        format!(
            "  error: {}:3:16: `scenario.horizon_days`: must be a number > 0 (got 0)",
            base.display()
        )
    );
}

#[test]
fn a_missing_scenario_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("absent.toml");
    let out = dir.path().join("out");
    let o = patrolsim(&[
        "run",
        file.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("cannot read scenario file {}: ", file.display())),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

#[test]
fn crime_type_names_that_clash_with_place_metrics_are_refused() {
    let county = root().join("scenarios/county.toml");
    let text = format!(
        "extends = {:?}\n[crime.types.ring]\ntarget = \"vehicle\"\n",
        county.to_str().unwrap()
    );
    let e = patrolsim::scenario::from_str("ring.toml", &text, &[])
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("ring.toml:2:1") && e.contains("`crime.types.ring`") && e.contains("reserved"),
        "{e}"
    );
}
