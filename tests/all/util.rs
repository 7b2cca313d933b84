//! Helpers shared by the test modules (each module reaches them through
//! `use super::*`): paths, running the binary and reading what it says,
//! scratch scenario files, and replications of shipped scenarios.

use patrolsim::RunResult;
use patrolsim::experiment::{self, Replicated};
use patrolsim::model::Model;
use patrolsim::scenario::{self, Scenario};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path as `&str` (every path in the tests is UTF-8).
pub fn p(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// `extends = "<root>/rel"` followed by `rest`: a scenario text built on a
/// shipped one, to write anywhere.
pub fn extending(rel: &str, rest: &str) -> String {
    format!("extends = {:?}\n{rest}", p(&root().join(rel)))
}

/// A scenario from TOML text (panics with the error text if it is invalid),
/// started empty unless the text names `start_state` ([`started_empty`]).
pub fn scenario(text: &str) -> Scenario {
    let s = scenario::from_str("test.toml", text, &[]).unwrap_or_else(|e| panic!("{e}"));
    started_empty(s, text.contains("start_state"))
}

/// A shipped scenario with overrides, started empty unless they name
/// `crime.start_state` ([`started_empty`]).
pub fn shipped(rel: &str, set: &[&str]) -> Scenario {
    let named = set.iter().any(|s| s.contains("start_state"));
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    let s = scenario::load(&root().join(rel), &set).unwrap_or_else(|e| panic!("{e}"));
    started_empty(s, named)
}

/// The strategy `name` of a shipped comparison file (its
/// `[strategies.NAME]` laid on the base, as `compare` reads it) with
/// overrides, started as [`shipped`] starts.
pub fn shipped_strategy(rel: &str, name: &str, set: &[&str]) -> Scenario {
    let named = set.iter().any(|s| s.contains("start_state"));
    let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
    let doc = scenario::Document::from_file(&root().join(rel)).unwrap_or_else(|e| panic!("{e}"));
    let tree = doc
        .strategy_tree(name)
        .unwrap_or_else(|| panic!("{rel} defines no strategy {name}"));
    let s = doc.read_tree(tree, &set).unwrap_or_else(|e| panic!("{e}"));
    started_empty(s, named)
}

/// The shipped county starts stationary (docs/crime.md §16.3), whose
/// pilots cost nine county-years per model: tests of something else than
/// the steady state start the slow processes empty (`crime.start_state =
/// "empty"`), so the quick tier stays quick. A test of the start, or of a
/// steady-state number, names the start it wants (`named`).
pub fn started_empty(mut s: Scenario, named: bool) -> Scenario {
    if !named {
        for c in std::iter::once(&mut s.crime)
            .chain(s.phases.iter_mut().map(|p| &mut p.scenario.crime))
            .flatten()
        {
            c.start_stationary = false;
        }
    }
    s
}

/// One run of a scenario with a seed.
pub fn run_seed(s: &Scenario, seed: u64) -> RunResult {
    let (m, _) = Model::new(s).unwrap();
    m.run(seed)
}

/// `reps` replications (seeds derived from `seed`, in parallel) of a
/// shipped scenario with overrides.
pub fn replicate(rel: &str, set: &[&str], seed: u64, reps: u32) -> Replicated {
    let s = shipped(rel, set);
    let (m, _) = Model::new(&s).unwrap();
    experiment::replicate(&m, seed, reps, false)
}

/// The county for `days` days with `set` overrides: `reps` replications of
/// master seed 11.
pub fn county(days: u32, reps: u32, set: &[&str]) -> Replicated {
    let h = format!("scenario.horizon_days={days}");
    let mut all = vec![h.as_str()];
    all.extend_from_slice(set);
    replicate("scenarios/county.toml", &all, 11, reps)
}

/// The sum of a metric over runs.
pub fn total(runs: &[RunResult], m: &str) -> f64 {
    runs.iter().map(|r| r.metric(m).unwrap()).sum()
}

/// The mean of a metric over replications.
pub fn mean(r: &Replicated, m: &str) -> f64 {
    r.get(m)
        .and_then(|s| s.mean)
        .unwrap_or_else(|| panic!("no metric {m}"))
}

/// Run the real binary; its `run` and `compare` of a scenario with crime
/// start empty ([`started_empty`]) unless an argument names `start_state`
/// (the sweep fixtures set it in their files).
pub fn patrolsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patrolsim"))
        .args(args)
        .args(started_empty_args(args))
        // A developer's kept hierarchies would make "without" runs kept ones.
        .env_remove("PATROLSIM_HIERARCHY_DIR")
        .current_dir(root())
        .output()
        .expect("the binary runs")
}

/// `--set crime.start_state="empty"` for a `run` or `compare` whose
/// scenario (the built-in county without a file) has crime and whose
/// arguments do not name the start (a file's own setting is overridden:
/// the county's is "stationary"); nothing otherwise (a `--set` of a
/// crime key would give a scenario without crime offenders).
fn started_empty_args(args: &[&str]) -> Vec<&'static str> {
    let Some(&cmd) = args.first() else {
        return vec![];
    };
    if !matches!(cmd, "run" | "compare") || args.iter().any(|a| a.contains("start_state")) {
        return vec![];
    }
    let crime = match args[1..].iter().find(|a| a.ends_with(".toml")) {
        None => true,
        Some(f) => scenario::load(&root().join(f), &[]).is_ok_and(|s| s.crime.is_some()),
    };
    if crime {
        vec!["--set", "crime.start_state=\"empty\""]
    } else {
        vec![]
    }
}

/// An example's binary (`essay_claims`, `scale_run`), built once per test
/// binary (a no-op after `cargo test`, which builds the examples), beside
/// the binary under test.
pub fn example_bin(name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.iter().any(|b| b == name) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let st = Command::new(cargo)
            .current_dir(root())
            .args(["build", "--release", "--locked", "--example", name])
            .status()
            .expect("cargo runs");
        assert!(st.success(), "cargo build --example {name}");
        built.push(name.to_string());
    }
    Path::new(env!("CARGO_BIN_EXE_patrolsim"))
        .with_file_name("examples")
        .join(name)
}

/// The essay-claims generator (an example).
pub fn essay_claims_bin() -> PathBuf {
    example_bin("essay_claims")
}

/// `patrolsim sweep FILE --out OUT EXTRA…`.
pub fn sweep(file: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["sweep", file, "--out", p(out)];
    args.extend_from_slice(extra);
    patrolsim(&args)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The command succeeded (else: its exit status, stderr and stdout).
pub fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "exit {:?}: {}{}",
        o.status,
        stderr(o),
        stdout(o)
    );
}

/// The command was refused as bad input: exit code 2, `needle` in stderr.
pub fn refused(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(
        stderr(o).contains(needle),
        "expected `{needle}` in: {}",
        stderr(o)
    );
}

/// The command succeeded and printed JSON: that JSON.
pub fn json_of(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "exit {:?}: {}", o.status, stderr(o));
    serde_json::from_str(&stdout(o)).expect("stdout is JSON")
}

/// The text of `dir/f` (panics naming the file).
pub fn read(dir: &Path, f: &str) -> String {
    std::fs::read_to_string(dir.join(f))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(f).display()))
}

/// Every file under `dir` but the lock file, with its bytes (paths
/// relative to `dir`).
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, d: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(d).unwrap() {
            let e = e.unwrap();
            let path = e.path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if e.file_name() == ".patrolsim.lock" {
                // The lock file names its last holder: not a result.
            } else {
                let rel = path.strip_prefix(base).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A scratch directory with one scenario file in it.
pub struct Scratch {
    pub dir: TempDir,
    pub file: String,
}

impl Scratch {
    pub fn new(name: &str, text: &str) -> Self {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let file = dir.path().join(name);
        std::fs::write(&file, text).expect("the scenario is written");
        Scratch {
            file: p(&file).to_string(),
            dir,
        }
    }

    /// Write another file beside the scenario (or rewrite one).
    pub fn add(&self, name: &str, text: &str) {
        std::fs::write(self.dir.path().join(name), text).expect("the file is written");
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// `FILE:LINE:COL: `, the start of a located message.
    pub fn at(&self, line: usize, col: usize) -> String {
        format!("{}:{line}:{col}: ", self.file)
    }

    /// `patrolsim run FILE --out DIR ARGS…`.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.out();
        let mut all = vec!["run", &self.file, "--out", p(&out)];
        all.extend_from_slice(args);
        patrolsim(&all)
    }

    /// Run and expect the scenario to be rejected: exit code 2, nothing on
    /// stdout, no output directory. Returns stderr.
    pub fn rejected(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "exit code; stderr:\n{err}");
        assert_eq!(stdout(&o), "", "nothing on stdout; stderr:\n{err}");
        assert!(
            !self.out().exists(),
            "a rejected scenario writes no output; stderr:\n{err}"
        );
        err
    }

    /// Run and expect success with all output files written. Returns stderr.
    pub fn accepted(&self, args: &[&str]) -> String {
        let o = self.run(args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "exit code; stderr:\n{err}");
        for f in [
            "metrics.json",
            "metrics.csv",
            "response_cdf.csv",
            "week.csv",
            "nodes.csv",
        ] {
            assert!(self.out().join(f).is_file(), "{f} is written");
        }
        err
    }

    /// The mean of a metric in the written `metrics.json`.
    pub fn metric(&self, name: &str) -> serde_json::Value {
        let text = std::fs::read_to_string(self.out().join("metrics.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        v["metrics"][name]["mean"].clone()
    }
}

/// Erlang C: probability that an arrival waits, for c servers and offered load a.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    let mut term = 1.0; // a^k / k!
    let mut sum = 0.0;
    for k in 0..c {
        if k > 0 {
            term *= a / k as f64;
        }
        sum += term;
    }
    let last = term * a / c as f64 * c as f64 / (c as f64 - a);
    last / (sum + last)
}

/// `--set` texts that choose how the slow processes start: the shipped
/// county's steady state, or empty (the helpers' default).
pub const EMPTY: &str = "crime.start_state=\"empty\"";
pub const STATIONARY: &str = "crime.start_state=\"stationary\"";
