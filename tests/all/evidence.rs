//! Levers measured the way their evidence was measured (issue 14): street
//! cameras in view against a control area (the relative effect size of
//! Welsh & Farrington's meta-analyses), the clearance of crimes with and
//! without footage (Morgan & Dowling 2019), household security as
//! protection factors (Tseloni et al. 2017). Numbers and sources are in
//! docs/levers.md §2–§3.

use super::*;
use patrolsim::RunResult;

/// The 9 × 9 block of rows and columns 6–14 (the county's centre).
fn block() -> (String, Vec<usize>) {
    let mut toml = Vec::new();
    let mut idx = Vec::new();
    for r in 6..=14 {
        for c in 6..=14 {
            toml.push(format!("[{r}, {c}]"));
            idx.push(r * 21 + c);
        }
    }
    (format!("[{}]", toml.join(", ")), idx)
}

/// The nodes next to the block (its buffer) and the rest (the control).
pub(super) fn buffer_and_control(view: &[usize]) -> (Vec<usize>, Vec<usize>) {
    let inside = |i: usize| view.contains(&i);
    let (mut buffer, mut control) = (Vec::new(), Vec::new());
    for i in 0..21 * 21 {
        if inside(i) {
            continue;
        }
        let (r, c) = ((i / 21) as i64, (i % 21) as i64);
        let near = [(-1, 0), (1, 0), (0, -1), (0, 1)].iter().any(|(dr, dc)| {
            let (rr, cc) = (r + dr, c + dc);
            (0..21).contains(&rr) && (0..21).contains(&cc) && inside((rr * 21 + cc) as usize)
        });
        if near {
            buffer.push(i)
        } else {
            control.push(i)
        }
    }
    (buffer, control)
}

pub(super) fn crimes_at(runs: &[RunResult], nodes: &[usize]) -> f64 {
    runs.iter()
        .map(|r| nodes.iter().map(|&i| r.nodes.crimes[i]).sum::<f64>())
        .sum()
}

/// Crime cut in `area` relative to `control`, as the meta-analyses measure
/// it: 1 − 1 / RES with RES = (a · d) / (b · c), a and b the area before
/// and after, c and d the control before and after.
pub(super) fn relative_cut(
    before: &[RunResult],
    after: &[RunResult],
    area: &[usize],
    control: &[usize],
) -> f64 {
    let (a, b) = (crimes_at(before, area), crimes_at(after, area));
    let (c, d) = (crimes_at(before, control), crimes_at(after, control));
    1.0 - (b * c) / (a * d)
}

/// The county's year from its shipped steady state (docs/crime.md §16.3),
/// master seed 21.
fn county(set: &[&str], reps: u32) -> Vec<RunResult> {
    let mut all = vec!["scenario.horizon_days=365", STATIONARY];
    all.extend_from_slice(set);
    replicate("scenarios/county.toml", &all, 21, reps).runs
}

/// Cameras on the 9 × 9 centre by setting and mode against the
/// meta-analyses' ranges. Measured from the shipped steady state
/// (2026-12-01, 6 replications): in view car park 0.380, residential 0.144,
/// city centre 0.068, passive car park 0.006 (from the empty start, which
/// this test ran before: 0.386, 0.157, 0.117, 0.026).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn cameras_cut_crime_in_view_by_setting_and_mode_as_the_meta_analyses_found() {
    let (nodes, view) = block();
    let (buffer, control) = buffer_and_control(&view);
    let cams = format!("cameras.nodes={nodes}");
    let before = county(&[], 6);
    let cut = |set: &[&str]| {
        let mut s = vec![cams.as_str()];
        s.extend_from_slice(set);
        let after = county(&s, 6);
        (
            relative_cut(&before, &after, &view, &control),
            relative_cut(&before, &after, &buffer, &control),
        )
    };
    // (setting, monitored, the study's range of the in-view cut)
    for (setting, monitored, lo, hi) in [
        ("car_park", true, 0.25, 0.51), // Piza et al. 2019 ≈ −37 %; W&F 2009 −51 %
        ("residential", true, 0.05, 0.25), // Piza et al. 2019: significant, modest
        ("city_centre", true, -0.02, 0.15), // W&F 2009: −7 %, not significant
        ("car_park", false, -0.07, 0.07), // passive: none (Piza et al. 2019)
    ] {
        let (v, b) = cut(&[
            &format!("cameras.setting=\"{setting}\""),
            &format!("cameras.monitored={monitored}"),
        ]);
        eprintln!("{setting} monitored={monitored}: in view {v:.3}, buffer {b:.3}");
        assert!(
            (lo..=hi).contains(&v),
            "{setting} (monitored {monitored}): in-view cut {v:.3}, expected {lo}..{hi}"
        );
        // Diffusion of benefits, not displacement, next door.
        assert!(b > -0.05 && b < v + 0.05, "buffer {b:.3} vs in view {v:.3}");
    }
}

/// Morgan & Dowling 2019 matched crimes with and without footage (same
/// crime type, place, time) and found +18 % (requested) to +20 %
/// (provided) clearance. The model's matched pair is the same crime with
/// and without footage: the same passive cameras (they deter nothing) and
/// seeds, `solve_uplift` on and off. Comparing crimes in view with crimes
/// out of view instead mixes places: without any uplift that ratio is
/// already 1.04–1.10 by seed, because the few attractive nodes that hold
/// much of the crime fall on one colour of the board or the other.
/// Measured from the shipped steady state (2026-12-01, 8 replications):
/// in view ×1.180, out of view ×0.964 (from the empty start, which this
/// test ran before: ×1.211, ×1.016).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn footage_raises_the_clearance_rate_of_matched_crimes_as_the_study_found() {
    // Cameras on every other node (a checkerboard), passive.
    let cb: Vec<String> = (0..21)
        .flat_map(|r| (0..21).map(move |c| (r, c)))
        .filter(|(r, c)| (r + c) % 2 == 0)
        .map(|(r, c)| format!("[{r}, {c}]"))
        .collect();
    let cams = format!("cameras.nodes=[{}]", cb.join(", "));
    let none = county(&[&cams, "cameras.solve_uplift=0"], 8);
    let shipped = county(&[&cams], 8);
    let rate = |r: &[RunResult], m: &str| total(r, m) / r.len() as f64;
    let matched = rate(&shipped, "clearance_rate_in_view") / rate(&none, "clearance_rate_in_view");
    let outside =
        rate(&shipped, "clearance_rate_out_of_view") / rate(&none, "clearance_rate_out_of_view");
    eprintln!("clearance with ÷ without footage: in view {matched:.3}, out of view {outside:.3}");
    // Morgan & Dowling 2019: +18 % with footage requested, +20 % provided
    // (the tolerance is the model's noise at 8 replications).
    assert!((1.10..=1.30).contains(&matched), "in view {matched:.3}");
    // Footage acts on crimes in view only: out of view, only the knock-on
    // of other arrests, well under the in-view uplift.
    assert!(
        outside < 1.0 + (matched - 1.0) / 2.0,
        "out of view {outside:.3}"
    );
}

/// Security protection factors as Tseloni et al. 2017 measured them.
/// Measured from the shipped steady state (2026-12-01, 6 replications):
/// locks 11.62, alarm only 1.02 (from the empty start, which this test ran
/// before: 11.02, 1.10).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn household_locks_protect_and_alarms_alone_do_not_as_the_survey_found() {
    let runs = county(&[], 6);
    let spf = |m: &str| total(&runs, m) / runs.len() as f64;
    let (locks, alarm) = (
        spf("security_protection_factor_locks"),
        spf("security_protection_factor_alarm"),
    );
    eprintln!("SPF locks {locks:.2}, alarm only {alarm:.2}");
    // Tseloni et al. 2017: window + door locks 12.5; alarm only < 1.
    assert!((8.0..=20.0).contains(&locks), "locks {locks}");
    assert!(alarm < 2.0, "alarm only {alarm}");
}

#[test]
fn old_camera_keys_are_refused_naming_the_keys_that_replace_them() {
    let out = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "cameras.identify=0.2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("cameras.identify") && e.contains("cameras.solve_uplift"),
        "{e}"
    );
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("old.toml");
    std::fs::write(
        &f,
        extending(
            "scenarios/county.toml",
            "[cameras]\nnodes = [[1, 1]]\ndeterrence = 0.1\n",
        ),
    )
    .unwrap();
    let out = patrolsim(&["run", p(&f)]);
    assert_eq!(out.status.code(), Some(2));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("old.toml:4"), "file and line: {e}");
    assert!(
        e.contains("cameras.in_view_cut") && e.contains("cameras.setting"),
        "{e}"
    );
    assert!(out.stdout.is_empty(), "no partial output");
    // Legal but suspicious: passive cameras given an in-view cut.
    let out = patrolsim(&[
        "validate",
        "scenarios/county.toml",
        "--set",
        "cameras.nodes=[[1, 1]]",
        "--set",
        "cameras.in_view_cut=0.2",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("passive") && e.contains("in_view_cut"), "{e}");
}
