//! The documents stand on their own: they cite only files in the repository
//! (the external speed yardstick, `bench-reference`, is the one named
//! exception), every reference label they cite (`B14`, `C5`, `E5` …) is
//! defined in docs/references.md, and the scripts they give run as written.

use super::*;
use std::collections::BTreeSet;

/// Every file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The documents a user reads: everything under docs/ and the README.
fn documents() -> Vec<PathBuf> {
    let mut docs = files_under(&root().join("docs"));
    docs.push(root().join("README.md"));
    docs
}

/// Lines of `text` that cite a `shared/` path other than the speed yardstick.
fn outside_citations(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.contains("shared/") && !l.contains("bench-reference"))
        .map(str::to_string)
        .collect()
}

#[test]
fn documents_cite_no_files_outside_the_repository() {
    assert_eq!(
        outside_citations(
            "see `shared/seed/DIGEST.md`\nthe yardstick `../shared/bench-reference/`"
        ),
        ["see `shared/seed/DIGEST.md`"],
        "the check itself"
    );
    let mut files = documents();
    for dir in ["scenarios", "examples"] {
        files.extend(files_under(&root().join(dir)));
    }
    let mut bad = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        for line in outside_citations(&text) {
            bad.push(format!(
                "{}: {}",
                f.strip_prefix(root()).unwrap().display(),
                line.trim()
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "these cite files users of the repository do not have (copy the facts into docs/references.md or docs/essay.md):\n{}",
        bad.join("\n")
    );
}

/// Reference labels in `text`: a capital A–F standing alone, followed by one or
/// two digits standing alone (`B14`, `C5`; not `B2B`, `0xA1`, `F123`).
fn labels_cited(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = BTreeSet::new();
    for i in 0..chars.len() {
        if !('A'..='F').contains(&chars[i]) || (i > 0 && word(chars[i - 1])) {
            continue;
        }
        let digits = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let after = chars.get(i + 1 + digits).copied();
        if (1..=2).contains(&digits) && !after.is_some_and(word) {
            out.insert(chars[i..=i + digits].iter().collect());
        }
    }
    out
}

/// Labels docs/references.md defines: headings `### B14. …`, and the numbered
/// items of section E (the validation suite: item 5 is `E5`).
fn labels_defined(references: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut section = ' ';
    for line in references.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.chars().next().unwrap_or(' ');
        } else if let Some(h) = line.strip_prefix("### ") {
            if let Some((label, _)) = h.split_once(". ") {
                out.insert(label.to_string());
            }
        } else if section == 'E'
            && let Some((n, _)) = line.split_once(". ")
            && !n.is_empty()
            && n.chars().all(|c| c.is_ascii_digit())
        {
            out.insert(format!("E{n}"));
        }
    }
    out
}

#[test]
fn every_reference_label_cited_in_the_documents_is_defined_in_references_md() {
    assert_eq!(
        labels_cited("B14, C5 and (E5); not B2B, 0xA1, F123 or A"),
        ["B14", "C5", "E5"].map(String::from).into(),
        "the scanner itself"
    );
    let references = std::fs::read_to_string(root().join("docs/references.md")).unwrap();
    let defined = labels_defined(&references);
    for label in [
        "A1", "A4", "B1", "B14", "B18", "C1", "C5", "E1", "E11", "F6",
    ] {
        assert!(
            defined.contains(label),
            "references.md defines {label}: {defined:?}"
        );
    }
    assert!(
        !defined.contains("E12") && !defined.contains("B19"),
        "{defined:?}"
    );
    let mut missing = Vec::new();
    for f in documents() {
        if f.ends_with("references.md") || f.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        for label in labels_cited(&text) {
            if !defined.contains(&label) {
                missing.push(format!(
                    "{}: {label}",
                    f.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "cited but not defined in docs/references.md:\n{}",
        missing.join("\n")
    );
}

#[cfg(unix)]
#[test]
fn essay_claims_script_runs_from_cargo_target_dir() {
    // A stand-in `cargo` (so nothing is built) and a stand-in example in a
    // target directory elsewhere: the script must run the example found under
    // CARGO_TARGET_DIR (absolute, or relative to the repository root) and hand
    // it the patrolsim binary built beside it.
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let tmp_path = tmp.path().canonicalize().unwrap();
    let write_exe = |path: &Path, text: &str| {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    };
    write_exe(&tmp_path.join("bin/cargo"), "#!/bin/sh\nexit 0\n");
    let target = tmp_path.join("tgt");
    write_exe(&target.join("release/patrolsim"), "#!/bin/sh\nexit 0\n");
    write_exe(
        &target.join("release/examples/essay_claims"),
        "#!/bin/sh\nprintf '%s\\n%s\\n' \"$PATROLSIM_BIN\" \"$*\"\n",
    );
    let repo = root().canonicalize().unwrap();
    let up = "../".repeat(repo.components().count() - 1);
    let relative = format!("{up}{}", target.strip_prefix("/").unwrap().display());
    let path = format!(
        "{}:{}",
        tmp_path.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for target_dir in [target.display().to_string(), relative] {
        let out = Command::new("bash")
            .arg(repo.join("scripts/essay-claims.sh"))
            .args(["--replications", "1"])
            .env("CARGO_TARGET_DIR", &target_dir)
            .env("PATH", &path)
            .env_remove("PATROLSIM_BIN")
            .current_dir(&tmp_path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "CARGO_TARGET_DIR={target_dir}: {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{stdout}");
        assert_eq!(
            Path::new(lines[0]).canonicalize().unwrap(),
            target.join("release/patrolsim"),
            "CARGO_TARGET_DIR={target_dir}"
        );
        assert_eq!(lines[1], "--replications 1");
    }
}

#[test]
fn resume_compares_contents_not_the_spelling_of_the_path() {
    // docs/experiments.md §6: `--resume` compares fingerprints of the texts,
    // the points, replications, seed and shard, not the paths as typed.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let out_s = out.to_str().unwrap();
    let first = patrolsim(&["sweep", "tests/fixtures/sweep-small.toml", "--out", out_s]);
    assert!(first.status.success(), "{}", stderr(&first));
    let plan = || std::fs::read_to_string(out.join("plan.json")).unwrap();
    let stored = plan();
    assert!(
        stored.contains("\"tests/fixtures/sweep-small.toml\""),
        "{stored}"
    );

    let dotted = patrolsim(&[
        "sweep",
        "./tests/fixtures/sweep-small.toml",
        "--out",
        out_s,
        "--resume",
    ]);
    assert!(dotted.status.success(), "{}", stderr(&dotted));
    assert!(
        stderr(&dotted).contains("12 of 12 runs already done"),
        "{}",
        stderr(&dotted)
    );

    let elsewhere = Command::new(env!("CARGO_BIN_EXE_patrolsim"))
        .args([
            "sweep",
            "fixtures/sweep-small.toml",
            "--out",
            out_s,
            "--resume",
        ])
        .current_dir(root().join("tests"))
        .output()
        .unwrap();
    assert!(elsewhere.status.success(), "{}", stderr(&elsewhere));
    assert_eq!(
        plan(),
        stored,
        "the stored plan keeps the first command's paths"
    );

    // The same setting as the file's own `set`, but written once more: the
    // text differs, so it is another sweep.
    let set = patrolsim(&[
        "sweep",
        "tests/fixtures/sweep-small.toml",
        "--out",
        out_s,
        "--resume",
        "--set",
        "scenario.horizon_days=10",
    ]);
    refused(&set, "different sweep");

    // A sweep file edited since, if only in a comment, is another sweep.
    let text = std::fs::read_to_string(root().join("tests/fixtures/sweep-small.toml")).unwrap();
    let county = root().join("scenarios/county.toml");
    let copy = tmp.path().join("sweep.toml");
    let text = text.replace("../../scenarios/county.toml", county.to_str().unwrap());
    std::fs::write(&copy, &text).unwrap();
    let out2 = tmp.path().join("out2");
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "sweep".to_string(),
            copy.display().to_string(),
            "--out".into(),
            out2.display().to_string(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let run = |a: Vec<String>| {
        Command::new(env!("CARGO_BIN_EXE_patrolsim"))
            .args(a)
            .output()
            .unwrap()
    };
    let fresh = run(args(&[]));
    assert!(fresh.status.success(), "{}", stderr(&fresh));
    std::fs::write(&copy, format!("{text}# a note\n")).unwrap();
    let edited = run(args(&["--resume"]));
    refused(&edited, "different sweep");
}

/// `text` line by line with fenced code blocks blanked and inline code spans
/// removed: a link inside code is an example, not a link.
fn prose_lines(text: &str) -> Vec<String> {
    let mut fenced = false;
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                return String::new();
            }
            if fenced {
                return String::new();
            }
            line.split('`').step_by(2).collect::<Vec<_>>().concat()
        })
        .collect()
}

/// The relative link targets of `text` (`[x](path#anchor)`, `![x](path)`),
/// each with its line number: no scheme (`https:`, `mailto:`), no spaces.
fn relative_links(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in prose_lines(text).iter().enumerate() {
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = &rest[..end];
            let scheme = target
                .split_once(':')
                .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic()));
            if !target.is_empty() && !scheme && !target.contains(char::is_whitespace) {
                out.push((i + 1, target.to_string()));
            }
            rest = &rest[end..];
        }
    }
    out
}

/// The anchors GitHub gives the headings of `text`: lower case, letters,
/// digits, `-` and `_` kept, spaces to `-`, repeats numbered `-1`, `-2` ….
fn heading_anchors(text: &str) -> BTreeSet<String> {
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    let mut out = BTreeSet::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if fenced || !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let slug: String = line[hashes..]
            .trim()
            .to_lowercase()
            .chars()
            .filter(|&c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let n = seen.entry(slug.clone()).or_insert(0);
        out.insert(if *n == 0 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        });
        *n += 1;
    }
    out
}

#[test]
fn every_relative_link_in_the_documents_leads_to_a_file_and_heading_that_exist() {
    assert_eq!(
        relative_links(
            "see [a](model.md#5-calls) and ![b](images/x.png), not [c](https://x.org) \
             or `[d](code.md)`\n```\n[e](fenced.md)\n```\n[f](#top) [g](<odd>)"
        ),
        [
            (1, "model.md#5-calls".to_string()),
            (1, "images/x.png".into()),
            (5, "#top".into()),
            (5, "<odd>".into()),
        ],
        "the link scanner itself"
    );
    assert_eq!(
        heading_anchors(
            "# Top\n## 3. `--set`: changing a value\n```\n# not a heading\n```\n## Top\n#nospace"
        ),
        ["3---set-changing-a-value", "top", "top-1"]
            .map(String::from)
            .into(),
        "the anchor rule itself"
    );
    let mut broken = Vec::new();
    for f in documents() {
        if f.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let here = f.strip_prefix(root()).unwrap().display().to_string();
        for (line, target) in relative_links(&text) {
            let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let file = if path.is_empty() {
                f.clone()
            } else {
                f.parent().unwrap().join(path)
            };
            if !file.exists() {
                broken.push(format!("{here}:{line}: {target}: no such file"));
            } else if !anchor.is_empty()
                && file.extension().is_some_and(|e| e == "md")
                && !heading_anchors(&std::fs::read_to_string(&file).unwrap()).contains(anchor)
            {
                broken.push(format!(
                    "{here}:{line}: {target}: no heading with that anchor"
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead nowhere (fix the link, or the heading it names):\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_docs_index_lists_every_page_in_docs() {
    // docs/README.md links each page once; images/ (pictures the pages show)
    // and results/ (dated notes, linked as one directory) are not listed file
    // by file.
    let docs = root().join("docs");
    let index = std::fs::read_to_string(docs.join("README.md")).unwrap();
    let listed: BTreeSet<PathBuf> = relative_links(&index)
        .into_iter()
        .map(|(_, t)| docs.join(t.split('#').next().unwrap()))
        .collect();
    assert!(
        listed.contains(&docs.join("results/")),
        "docs/README.md links the results directory"
    );
    let missing: Vec<String> = files_under(&docs)
        .into_iter()
        .filter(|f| {
            let rel = f.strip_prefix(&docs).unwrap();
            !rel.starts_with("images")
                && !rel.starts_with("results")
                && rel != Path::new("README.md")
                && !listed.contains(f)
        })
        .map(|f| f.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "pages docs/README.md does not list (add a line saying what each answers):\n{}",
        missing.join("\n")
    );
}
