//! Running on clusters and in containers: the Slurm sweep script refuses a
//! bad array, the cluster scripts ask for the binary when it is missing, and
//! the Dockerfile names the binary and paths that exist.

use super::*;

/// Run a script of `scripts/` with bash from the repository root, with only
/// the given Slurm-like variables (none of the caller's SLURM_* or PATROLSIM).
fn script(name: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = std::process::Command::new("bash");
    c.arg(root().join("scripts").join(name))
        .args(args)
        .current_dir(root());
    for (k, _) in std::env::vars() {
        if k.starts_with("SLURM_") || k == "PATROLSIM" || k == "SHARDS" {
            c.env_remove(k);
        }
    }
    c.envs(env.iter().copied()).output().expect("bash runs")
}

const BIN: &str = env!("CARGO_BIN_EXE_patrolsim");

#[test]
fn sweep_sbatch_refuses_an_array_not_numbered_from_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r");
    // --array=1-3: task 1 would be shard 2 of 3, and shard 1 would never run.
    let o = script(
        "sweep.sbatch",
        &["tests/fixtures/sweep-small.toml", out.to_str().unwrap()],
        &[
            ("PATROLSIM", BIN),
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "3"),
            ("SLURM_CPUS_PER_TASK", "1"),
        ],
    );
    refused(&o, "must be numbered 0-2");
    assert!(!out.exists(), "a refused task wrote {}", out.display());
    // With SHARDS (a resubmitted single task) the same task runs shard 2 of 3.
    let o = script(
        "sweep.sbatch",
        &["tests/fixtures/sweep-small.toml", out.to_str().unwrap()],
        &[
            ("PATROLSIM", BIN),
            ("SHARDS", "3"),
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "1"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "1"),
            ("SLURM_CPUS_ON_NODE", "1"),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    // No --cpus-per-task: the CPUs Slurm allocated, said so in the log.
    assert!(err.contains("no --cpus-per-task given"), "{err}");
    assert!(
        err.contains(&format!(
            "shard 2/3 of tests/fixtures/sweep-small.toml -> {}/shard-2 on 1 threads",
            out.display()
        )),
        "{err}"
    );
    assert!(out.join("shard-2/plan.json").exists());
}

#[test]
fn cluster_scripts_ask_for_patrolsim_when_the_binary_is_missing() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("no-such-patrolsim");
    let plain = tmp.path().join("not-executable");
    std::fs::write(&plain, "").unwrap();
    for bin in [&missing, &plain] {
        let env = [
            ("PATROLSIM", bin.to_str().unwrap()),
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "1"),
            ("SLURM_CPUS_PER_TASK", "1"),
        ];
        let out = tmp.path().join("r");
        let o = script(
            "sweep.sbatch",
            &["tests/fixtures/sweep-small.toml", out.to_str().unwrap()],
            &env,
        );
        refused(&o, "set PATROLSIM");
        assert!(!out.exists());
        std::fs::create_dir_all(out.join("shard-1")).unwrap();
        let o = script("merge-shards.sh", &[out.to_str().unwrap()], &env);
        refused(&o, "set PATROLSIM");
        assert!(!out.join("merged").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}

/// The Dockerfile cannot be built here (no image registry), so check what can
/// be checked without one: it builds this package's binary, copies only paths
/// that exist, .dockerignore keeps what the build needs, and docs/cluster.md
/// shows the file as it is.
#[test]
fn dockerfile_names_the_binary_and_existing_paths() {
    let text = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let bin = std::path::Path::new(BIN)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        text.contains(&format!("cargo build --release --locked --bin {bin}\n")),
        "{text}"
    );
    let copies: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|l| l.strip_prefix("COPY --from=build /src/"))
        .map(|l| l.split_once(' ').expect("COPY SRC DEST"))
        .collect();
    assert!(copies.len() >= 2, "{text}");
    for (src, dest) in &copies {
        match src.strip_prefix("target/release/") {
            Some(b) => {
                assert_eq!(b, bin, "the image copies a binary that is not built");
                assert_eq!(*dest, format!("/usr/local/bin/{bin}"));
            }
            None => assert!(root().join(src).exists(), "Dockerfile copies missing {src}"),
        }
    }
    // The Kubernetes Job of docs/cluster.md reads the county from the image.
    assert!(copies.contains(&("scenarios", "/opt/patrolsim/scenarios")));
    assert!(root().join("scenarios/county.toml").exists());
    let ignore = std::fs::read_to_string(root().join(".dockerignore")).unwrap();
    let ignored: Vec<&str> = ignore
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.trim_end_matches('/'))
        .collect();
    assert!(ignored.contains(&"target"), "{ignore}");
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "src",
        "benches",
        "examples",
        "tests",
        "scenarios",
    ] {
        assert!(!ignored.contains(&needed), ".dockerignore drops {needed}");
    }
    let doc = std::fs::read_to_string(root().join("docs/cluster.md")).unwrap();
    for l in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        assert!(doc.contains(l), "docs/cluster.md does not show `{l}`");
    }
}
