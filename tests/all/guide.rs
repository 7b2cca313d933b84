//! The guide's quoted commands (docs/guide/*.md, between `<!-- out:NAME $
//! COMMAND -->` and `<!-- /out -->`, rewritten by scripts/gen-guide.sh)
//! still work: each `patrolsim` command names a subcommand and flags the
//! binary has, its input files exist, and its scenario validates with its
//! `--set`s. The simulations are not rerun here (that is the script's job).

use super::*;
use std::collections::BTreeSet;

/// One marked output: page, line, name, the command (filter cut off).
struct Marked {
    page: String,
    line: usize,
    command: String,
    block: Vec<String>,
}

/// `cmd` cut at its first `|` outside quotes (the excerpt filter).
fn without_filter(cmd: &str) -> &str {
    let mut quote = None;
    for (i, c) in cmd.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, '|') => return cmd[..i].trim(),
            _ => {}
        }
    }
    cmd.trim()
}

/// Shell words of `cmd` (quotes removed), redirections dropped.
fn words(cmd: &str) -> Vec<String> {
    let (mut out, mut cur, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for c in cmd.chars() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                any = true;
            }
            (None, ' ') => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            _ => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    let mut kept = Vec::new();
    let mut skip_next = false;
    for w in out {
        if skip_next {
            skip_next = false;
        } else if w == ">" || w == "2>" {
            skip_next = true;
        } else if !(w.starts_with('>') || w.starts_with("2>")) {
            kept.push(w);
        }
    }
    kept
}

fn marked_outputs() -> Vec<Marked> {
    let mut out = Vec::new();
    let dir = root().join("docs/guide");
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        for (i, line) in lines.iter().enumerate() {
            let line = line.trim();
            let Some(rest) = line.strip_prefix("<!-- out:") else {
                continue;
            };
            let rest = rest
                .strip_suffix(" -->")
                .unwrap_or_else(|| panic!("{name}:{}: marker not closed", i + 1));
            let (_, command) = rest
                .split_once(" $ ")
                .unwrap_or_else(|| panic!("{name}:{}: marker without ` $ COMMAND`", i + 1));
            let end = lines[i + 1..]
                .iter()
                .position(|l| l.trim() == "<!-- /out -->" || l.trim().starts_with("<!-- out:"))
                .map(|k| i + 1 + k)
                .filter(|&k| lines[k].trim() == "<!-- /out -->")
                .unwrap_or_else(|| panic!("{name}:{}: no <!-- /out --> after it", i + 1));
            out.push(Marked {
                page: name.clone(),
                line: i + 1,
                command: without_filter(command).to_string(),
                block: lines[i + 1..end]
                    .iter()
                    .map(|l| l.trim().to_string())
                    .collect(),
            });
        }
    }
    out
}

#[test]
fn the_guide_command_scanner_reads_quotes_filters_and_redirections() {
    assert_eq!(
        without_filter("patrolsim run a.toml | awk '/x|y/' | head"),
        "patrolsim run a.toml"
    );
    assert_eq!(
        words("patrolsim validate \"my file.toml\" --set a=1 2>&1 > /dev/null"),
        ["patrolsim", "validate", "my file.toml", "--set", "a=1"]
    );
}

#[test]
fn every_command_the_guide_quotes_still_parses_and_its_scenario_validates() {
    let marked = marked_outputs();
    assert!(
        marked.len() >= 30,
        "the guide pages mark their outputs ({} found)",
        marked.len()
    );
    let mut problems = Vec::new();
    let mut helps = std::collections::BTreeMap::<String, String>::new();
    // Files and directories an earlier command writes (init FILE, --out DIR).
    let mut written = BTreeSet::<String>::new();
    for m in &marked {
        let at = format!("docs/guide/{}:{}", m.page, m.line);
        let fence = m.block.first().is_some_and(|l| l.starts_with("```"))
            && m.block.last().is_some_and(|l| l == "```");
        if !fence || m.block.len() < 3 {
            problems.push(format!(
                "{at}: no output between the markers (run scripts/gen-guide.sh)"
            ));
        }
        for part in m.command.split(" ;; ") {
            let w = words(part);
            if w.first().is_none_or(|c| c != "patrolsim") {
                continue; // ls, cmp, python3 …: not ours to check
            }
            let sub = w.get(1).cloned().unwrap_or_default();
            let help = helps.entry(sub.clone()).or_insert_with(|| {
                let o = patrolsim(&[&sub, "--help"]);
                if o.status.success() {
                    stdout(&o)
                } else {
                    String::new()
                }
            });
            if help.is_empty() {
                problems.push(format!("{at}: `patrolsim {sub}`: no such subcommand"));
                continue;
            }
            let mut files = Vec::new();
            let mut sets = Vec::new();
            let mut k = 2;
            while k < w.len() {
                let a = &w[k];
                let value = w.get(k + 1).cloned().unwrap_or_default();
                if a.starts_with('-') {
                    let flag = a.split('=').next().unwrap();
                    let known = help
                        .split(|c: char| c.is_whitespace() || c == ',')
                        .any(|t| t == flag);
                    if !known {
                        problems.push(format!("{at}: `patrolsim {sub}` has no option {flag}"));
                    }
                    match flag {
                        "--set" => sets.push(value.clone()),
                        "--out" | "--html" => {
                            written.insert(value.clone());
                        }
                        "--uncertainty" | "--scenario" => files.push(value.clone()),
                        _ => {}
                    }
                    // Flags with a value take the next word (those without
                    // one are followed by another flag or nothing).
                    if !value.starts_with('-') && !value.is_empty() && takes_value(help, flag) {
                        k += 1;
                    }
                } else {
                    files.push(a.clone());
                }
                k += 1;
            }
            if sub == "init" {
                written.extend(files.drain(..));
            }
            for f in &files {
                if !root().join(f).exists() && !written.contains(f) {
                    problems.push(format!(
                        "{at}: {f}: no such file, and no command before writes it"
                    ));
                }
            }
            // A scenario the command runs must still validate with its --sets.
            let scenario_cmd = matches!(sub.as_str(), "run" | "compare" | "validate");
            if let (true, Some(f)) = (scenario_cmd, files.first())
                && root().join(f).exists()
                && !written.contains(f)
            {
                let mut args = vec!["validate", f.as_str()];
                for s in &sets {
                    args.extend(["--set", s.as_str()]);
                }
                let o = patrolsim(&args);
                let expect_error = m.block.iter().any(|l| l.starts_with("error:"));
                if o.status.success() == expect_error {
                    problems.push(format!(
                        "{at}: `patrolsim {}` {}:\n{}",
                        args.join(" "),
                        if expect_error {
                            "now passes, but the guide shows it failing"
                        } else {
                            "fails"
                        },
                        stderr(&o)
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the guide quotes commands that no longer work (fix the page, then rerun scripts/gen-guide.sh):\n{}",
        problems.join("\n")
    );
}

/// Whether `flag` takes a value in a clap help text (`-r, --replications <N>`).
fn takes_value(help: &str, flag: &str) -> bool {
    help.lines().any(|l| {
        let l = l.trim();
        l.starts_with('-') && l.split([' ', ',']).any(|t| t == flag) && l.contains(" <")
    })
}

#[cfg(unix)]
#[test]
fn the_excerpt_filter_keeps_the_named_blocks_of_a_report() {
    // scripts/lib/guide-block, which the guide's markers pipe reports into.
    use std::io::Write;
    let report = "patrolsim compare — x\n5 replications\n\np: paired t test, two-sided\n\n\
                  crimes completed\n  baseline  10\n\ncrimes completed.ring\n  baseline  2\n\n\
                  Against the baseline\nnet benefit\n  a  3\nbenefit cost ratio\n  a  0.5\n";
    let run = |args: &[&str]| {
        let mut child = Command::new("bash")
            .arg(root().join("scripts/lib/guide-block"))
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(report.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        run(&[
            "--head",
            "--dots",
            "p: paired*",
            "crimes completed",
            "net benefit"
        ]),
        "patrolsim compare — x\n5 replications\n\np: paired t test, two-sided\n\n\
         crimes completed\n  baseline  10\n...\nnet benefit\n  a  3\n",
        "blocks that follow each other keep their spacing; skipped ones leave `...`"
    );
    assert_eq!(
        run(&["benefit cost ratio", "crimes completed.ring"]),
        "crimes completed.ring\n  baseline  2\n\nbenefit cost ratio\n  a  0.5\n"
    );
}
