//! The essay-claims page's robust regeneration runs through the sweep
//! machinery: killed and rerun, with 1 or 2 jobs, or as shards merged by
//! the generator, it writes the same page (a tiny configuration: claims 1
//! and 7 cut to 5 days, 3 draws × 2 replications).

/// The generator's robust mode, compiled here too so that its unit tests
/// (reading the robustness CSV, the Monte Carlo rule, the fewest draws that
/// can support a claim) run with the default tier: `cargo test` builds
/// examples but runs no tests in them.
#[allow(dead_code)]
#[path = "../../examples/essay_claims/robust.rs"]
mod robust;

use super::uncertainty::robust_lines;
use super::*;
use std::process::{Command, Stdio};

/// The generator's arguments for the tiny configuration.
const TINY: &[&str] = &[
    "--only",
    "1,7",
    "--replications",
    "2",
    "--robust",
    "3",
    "--robust-replications",
    "2",
    "--set",
    "scenario.horizon_days=5",
    // A test of the page's machinery, not of steady state: the slow
    // processes start empty (tests/all/util.rs, `started_empty`).
    "--set",
    "crime.start_state=\"empty\"",
];

fn generator(dir: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(essay_claims_bin());
    c.current_dir(root())
        .env("PATROLSIM_BIN", env!("CARGO_BIN_EXE_patrolsim"))
        .args(TINY)
        .arg("--robust-dir")
        .arg(dir)
        .args(extra);
    c
}

/// The page without its two wall-clock times (`… 3 s on this machine`,
/// `about 3 s here`), the only words that differ between equal runs.
fn untimed(doc: &str) -> String {
    let mut out = doc.to_string();
    for marker in [" s on this machine", " s here"] {
        let mut from = 0;
        while let Some(i) = out[from..].find(marker).map(|i| i + from) {
            let start = out[..i]
                .rfind(|c: char| !c.is_ascii_digit())
                .map_or(0, |j| j + 1);
            out.replace_range(start..i, "N");
            from = start + 1 + marker.len();
        }
    }
    out
}

/// Finished runs stored in a sweep directory.
fn stored_runs(d: &Path) -> usize {
    std::fs::read_dir(d.join("runs"))
        .map(|r| {
            r.filter_map(|e| e.ok())
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .count()
        })
        .unwrap_or(0)
}

fn page(dir: &Path, doc: &Path, extra: &[&str]) -> String {
    let o = generator(dir, extra)
        .arg("--out")
        .arg(doc)
        .output()
        .unwrap();
    ok(&o);
    untimed(&std::fs::read_to_string(doc).unwrap())
}

#[test]
fn the_robust_essay_page_is_the_same_after_a_kill_with_two_jobs_and_from_merged_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let whole = page(&t.join("one"), &t.join("one.md"), &["--jobs", "1"]);
    assert_eq!(robust_lines(&whole).len(), 1 + 1 + 1 + 2, "{whole}");
    assert!(
        untimed("in 12 s on this machine, about 345 s here;")
            .contains("in N s on this machine, about N s here;")
    );

    // Killed (with every process it started) while claim 1's robust runs
    // are being stored, then rerun: nothing finished is lost or redone
    // differently, and the page is the same — with two jobs.
    let (cut, cut_md) = (t.join("cut"), t.join("cut.md"));
    let mut child = {
        use std::os::unix::process::CommandExt;
        generator(&cut, &["--jobs", "2"])
            .arg("--out")
            .arg(&cut_md)
            .process_group(0)
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let runs = cut.join("on-road");
    let start = std::time::Instant::now();
    while stored_runs(&runs) < 1 && start.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let st = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status()
        .unwrap();
    assert!(st.success());
    child.wait().unwrap();
    let finished = stored_runs(&runs);
    // 3 draws × 2 strategies × 2 replications.
    assert!(
        finished > 0 && finished < 12,
        "killed after {finished} of 12 runs"
    );
    assert!(!cut_md.exists(), "no page from a killed run");
    assert_eq!(page(&cut, &cut_md, &["--jobs", "2"]), whole);

    // On a cluster: shard 1 of 2 alone cannot make the page (exit 2, naming
    // what is missing); with both shards the generator merges them.
    let (sh, sh_md) = (t.join("sharded"), t.join("sharded.md"));
    ok(&generator(&sh, &["--shard", "1/2"]).output().unwrap());
    assert!(sh.join("shards/on-road/shard-1/plan.json").exists());
    assert!(!sh_md.exists());
    let partial = generator(&sh, &["--out"]).arg(&sh_md).output().unwrap();
    assert_eq!(partial.status.code(), Some(2), "{}", stderr(&partial));
    assert!(
        stderr(&partial).contains("rerun the missing shards"),
        "{}",
        stderr(&partial)
    );
    ok(&generator(&sh, &["--shard", "2/2"]).output().unwrap());
    assert_eq!(page(&sh, &sh_md, &["--jobs", "2"]), whole);

    let bad = generator(&sh, &["--shard", "3/2"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("give M/K with 1 ≤ M ≤ K"),
        "{}",
        stderr(&bad)
    );
}
