//! The robustness mode of the essay-claims generator (`--robust N`): per
//! claim, `patrolsim compare FILE --uncertain N` over the county's
//! uncertain parameters, stored resumably in a directory per claim (it runs
//! through the sweep machinery, so an interrupted regeneration picks up
//! where it stopped and loses no finished run), read back as the robustness
//! table's CSV and written into the document: the share of draws on the
//! predicted side with its Wilson interval, the two variance components and
//! whether Monte Carlo noise is small beside the spread between draws (the
//! rule is `MC_SMALL`), the three deciding parameters with break-even
//! values, and the robust verdict — "supported" only when the share's
//! interval starts at 90 % or more (issue 15). With `--shard M/K` it runs
//! only shard M of every claim's robust sweep into `DIR/shards/<claim>/
//! shard-M` (nothing else, no document); a later run without `--shard`
//! merges each claim's shards into `DIR/<claim>` and finds every run done.

use patrolsim::experiment::robust::wilson;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The lower end of the share's interval a robust "supported" needs.
pub const HOLDS_FROM: f64 = 0.9;

/// The fewest draws with which a claim can read "supported": below it even
/// N of N draws on the predicted side give a Wilson interval that starts
/// under `HOLDS_FROM`.
pub fn min_draws() -> usize {
    (1..)
        .find(|&n| wilson(n, n).0 >= HOLDS_FROM)
        .expect("found")
}

/// Monte Carlo noise is small when the within-draw variance of the draws'
/// means is at most this share of the between-draw variance: the noise's
/// standard deviation is then under a third of the spread between worlds,
/// and noise makes up under a tenth of the variance the share is read from.
pub const MC_SMALL: f64 = 0.1;

/// Settings of the mode.
pub struct Settings {
    pub draws: String,
    pub replications: String,
    pub uncertainty: PathBuf,
    pub dir: PathBuf,
    pub set: Vec<String>,
    /// `M/K`: run only shard M of K of every claim's robust sweep.
    pub shard: Option<String>,
    /// Passed to `patrolsim compare --jobs`.
    pub jobs: Option<String>,
}

impl Settings {
    /// The directory of a claim's shard M (with `--shard M/K`).
    fn shard_dir(&self, stem: &str, m: &str) -> PathBuf {
        self.dir
            .join("shards")
            .join(stem)
            .join(format!("shard-{m}"))
    }
}

/// One quantity's spread over the draws.
#[derive(Clone, Debug)]
pub struct Share {
    pub share: f64,
    pub low: f64,
    pub high: f64,
    pub between: f64,
    pub within: f64,
    /// Draws whose paired interval includes zero (their side is noise).
    pub unsettled: Option<usize>,
}

/// A strategy's robust comparison, as `compare --uncertain` prints it.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub strategy: String,
    pub effect: Option<Share>,
    pub net_benefit: Option<Share>,
    /// (parameter, Spearman ρ, break-even as printed)
    pub deciders: Vec<(String, String, String)>,
}

/// Run (or finish) the robust comparison of `file` in `dir/<stem>` and
/// read its table.
/// With `against`, the same runs compared head to head against that
/// strategy (nothing new is run). With `--shard M/K` only that shard's runs
/// are made (into `dir/shards/<stem>/shard-M`) and nothing is read.
pub fn run(
    bin: &Path,
    root: &Path,
    file: &str,
    against: Option<&str>,
    metric: &str,
    expect: &str,
    s: &Settings,
) -> Vec<Row> {
    let stem = Path::new(file)
        .file_stem()
        .map_or("claim".into(), |x| x.to_string_lossy().to_string());
    let out = match &s.shard {
        Some(mk) => s.shard_dir(&stem, mk.split('/').next().unwrap_or("1")),
        None => {
            let out = s.dir.join(&stem);
            merge_shards(bin, root, &s.dir.join("shards").join(&stem), &out);
            out
        }
    };
    let mut cmd = Command::new(bin);
    cmd.current_dir(root)
        .args(["compare", file, "--uncertain", &s.draws]);
    cmd.args([
        "--replications",
        &s.replications,
        "--metric",
        metric,
        "--expect",
        expect,
    ]);
    cmd.arg("--uncertainty").arg(&s.uncertainty);
    // --resume on a new directory starts it; on an interrupted one, finishes it.
    cmd.arg("--out").arg(&out).arg("--resume");
    cmd.args(["--format", "csv"]);
    if let Some(mk) = &s.shard {
        cmd.args(["--shard", mk]);
    }
    if let Some(j) = &s.jobs {
        cmd.args(["--jobs", j]);
    }
    if let Some(b) = against {
        cmd.args(["--baseline", b]);
    }
    for kv in &s.set {
        cmd.args(["--set", kv]);
    }
    let o = cmd.output().expect("patrolsim runs");
    if !o.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&o.stderr));
        panic!("patrolsim compare {file} --uncertain failed");
    }
    parse(&String::from_utf8_lossy(&o.stdout), metric)
}

/// Merge a claim's shard directories (`shards/shard-*`, written by runs
/// with `--shard`) into `out`, unless `out` already holds its sweep. A
/// missing or unfinished shard stops the generator with `patrolsim merge`'s
/// message (exit 2): rerun that shard, then this.
fn merge_shards(bin: &Path, root: &Path, shards: &Path, out: &Path) {
    if root.join(out).join("plan.json").exists() {
        return;
    }
    let Ok(rd) = std::fs::read_dir(root.join(shards)) else {
        return;
    };
    let mut dirs: Vec<(u64, PathBuf)> = rd
        .filter_map(|e| {
            let e = e.ok()?;
            let n = e
                .file_name()
                .to_str()?
                .strip_prefix("shard-")?
                .parse()
                .ok()?;
            Some((n, e.path()))
        })
        .collect();
    if dirs.is_empty() {
        return;
    }
    dirs.sort();
    eprintln!(
        "  merging {} shards of {} into {}",
        dirs.len(),
        shards.display(),
        out.display()
    );
    let o = Command::new(bin)
        .current_dir(root)
        .arg("merge")
        .args(dirs.iter().map(|(_, d)| d))
        .arg("--out")
        .arg(out)
        .output()
        .expect("patrolsim runs");
    if !o.status.success() {
        eprintln!(
            "{}error: the shards of {} do not make a whole robust sweep: rerun the missing shards \
             (the same command with --shard M/K), then this one",
            String::from_utf8_lossy(&o.stderr),
            shards.display()
        );
        std::process::exit(2);
    }
}

/// Read the two CSV tables of the robustness output.
pub fn parse(csv: &str, metric: &str) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let row_of = |name: &str, rows: &mut Vec<Row>| -> usize {
        if let Some(i) = rows.iter().position(|r| r.strategy == name) {
            return i;
        }
        rows.push(Row {
            strategy: name.to_string(),
            ..Row::default()
        });
        rows.len() - 1
    };
    let mut parts = csv.split("\n\n");
    let stats = parts.next().unwrap_or("");
    let deciders = parts.next().unwrap_or("");
    for line in stats.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        if c.len() < 13 {
            continue;
        }
        let f = |i: usize| c[i].parse::<f64>().unwrap_or(f64::NAN);
        let sh = Share {
            share: f(2),
            low: f(3),
            high: f(4),
            between: f(11),
            within: f(12),
            unsettled: c.get(13).and_then(|x| x.parse().ok()),
        };
        let i = row_of(c[0], &mut rows);
        if c[1] == metric {
            rows[i].effect = Some(sh);
        } else if c[1] == "net_benefit" {
            rows[i].net_benefit = Some(sh);
        }
    }
    for line in deciders.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        if c.len() < 4 {
            continue;
        }
        let i = row_of(c[0], &mut rows);
        rows[i]
            .deciders
            .push((c[1].to_string(), c[2].to_string(), c[3].to_string()));
    }
    rows
}

fn pct(x: f64) -> String {
    format!("{:.0}", 100.0 * x)
}

/// A variance as the table shows it.
fn var(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

/// "87 % [81, 92]"
fn share_text(s: &Share) -> String {
    format!("{} % [{}, {}]", pct(s.share), pct(s.low), pct(s.high))
}

/// The robust verdict of a share of draws on the predicted side.
pub fn verdict(s: &Share) -> &'static str {
    if s.low >= HOLDS_FROM {
        "supported"
    } else {
        "not robust"
    }
}

/// A claim's robust comparisons: against its baseline (`None`) and head
/// to head against other strategies.
pub type ClaimRows = Vec<(Option<&'static str>, Vec<Row>)>;

/// The effect row of `strategy` against `against` (None: the baseline).
pub fn find<'a>(rows: &'a ClaimRows, strategy: &str, against: Option<&str>) -> Option<&'a Share> {
    rows.iter()
        .find(|(b, _)| *b == against)?
        .1
        .iter()
        .find(|r| r.strategy == strategy)?
        .effect
        .as_ref()
}

/// Is Monte Carlo noise small beside the spread between draws (`MC_SMALL`)?
pub fn noise_is_small(e: &Share) -> bool {
    e.within <= MC_SMALL * e.between
}

/// The warning under a claim's table when Monte Carlo noise is not small,
/// with the replications per draw that would make it so (the within-draw
/// variance falls as 1/R).
fn noise_warning(name: &str, e: &Share, s: &Settings) -> Option<String> {
    if noise_is_small(e) {
        return None;
    }
    let open = e.unsettled.map_or(String::new(), |k| {
        format!(
            " {k} of {} draws have a paired interval that includes zero, so their side is left to chance;",
            s.draws
        )
    });
    let rule = format!("the rule: within at most {} % of between", 100.0 * MC_SMALL);
    Some(match s.replications.parse::<f64>() {
        Ok(r) if e.between > 0.0 => format!(
            "- **Monte Carlo noise is not small** for `{name}`: the within-draw variance is {:.0} % of the \
             between-draw variance ({rule});{open} about {} replications per draw would meet the rule \
             (`--robust-replications`).",
            100.0 * e.within / e.between,
            (r * e.within / (MC_SMALL * e.between)).ceil()
        ),
        _ => format!(
            "- **Monte Carlo noise is not small** for `{name}`: the between-draw variance is estimated at 0, \
             i.e. the draws' means spread no more than Monte Carlo noise makes them ({rule});{open} more \
             replications per draw are needed before the share or the deciding parameters can be read."
        ),
    })
}

/// The robustness section of one claim: `wanted` lists (strategy,
/// head-to-head baseline) in the order of the claim's verdict rows.
pub fn section(all: &ClaimRows, wanted: &[(&str, Option<&str>)], s: &Settings) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Robustness over {} draws of the uncertain parameters (`{}`) × {} replications each \
         (`patrolsim compare FILE --uncertain {} --uncertainty …`):\n\n\
         | strategy | draws on the predicted side | variance of draw means: between / within (MC) | draws left open by MC noise | draws with net benefit > 0 | deciding parameters (ρ; break-even of net benefit) | robust answer |\n\
         | --- | --- | --- | --- | --- | --- | --- |",
        s.draws,
        s.uncertainty.display(),
        s.replications,
        s.draws
    );
    let mut warnings = Vec::new();
    for &(name, against) in wanted {
        let Some(r) = all
            .iter()
            .find(|(b, _)| *b == against)
            .and_then(|(_, rows)| rows.iter().find(|r| r.strategy == name))
        else {
            continue;
        };
        let Some(e) = &r.effect else { continue };
        let name = match against {
            Some(b) => format!("{name}` vs `{b}"),
            None => name.to_string(),
        };
        let nb = r.net_benefit.as_ref().map_or("—".into(), share_text);
        let dec: Vec<String> = r
            .deciders
            .iter()
            .map(|(p, rho, be)| format!("`{p}` {rho}; {be}"))
            .collect();
        let open = e
            .unsettled
            .map_or("—".into(), |k| format!("{k} of {}", s.draws));
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} / {}{} | {open} | {nb} | {} | **{}** |",
            share_text(e),
            var(e.between),
            var(e.within),
            if noise_is_small(e) { "" } else { " ⚠" },
            dec.join("<br>"),
            verdict(e)
        );
        warnings.extend(noise_warning(&name, e, s));
    }
    out.push('\n');
    if !warnings.is_empty() {
        out.push_str(&warnings.join("\n"));
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_robustness_csv_is_read_and_judged_by_the_lower_end() {
        let csv = "strategy,quantity,share,share_low,share_high,mean,mean_low,mean_high,q05,q50,q95,var_between,var_within,unsettled\n\
                   a,crimes_completed,1.0000,0.9100,1.0000,-5,-6,-4,-7,-5,-3,2.0000,1.0000,3\n\
                   a,net_benefit,0.5000,0.3000,0.7000,0,-1,1,-2,0,2,3.0000,4.0000\n\n\
                   strategy,decided_by,spearman_rho,break_even\n\
                   a,crime.risk_aversion,-0.5000,none in range\n";
        let rows = parse(csv, "crimes_completed");
        assert_eq!(rows.len(), 1);
        let e = rows[0].effect.as_ref().unwrap();
        assert_eq!(verdict(e), "supported");
        assert_eq!(e.unsettled, Some(3));
        // Within 1 beside between 2 is not small noise (rule: ≤ 10 %).
        assert!(!noise_is_small(e));
        assert_eq!(verdict(rows[0].net_benefit.as_ref().unwrap()), "not robust");
        assert_eq!(rows[0].deciders[0].0, "crime.risk_aversion");
        // Within at most a tenth of between is small.
        let small = Share {
            within: 0.2,
            ..e.clone()
        };
        assert!(noise_is_small(&small));
    }

    #[test]
    fn thirty_five_draws_are_the_fewest_that_can_support_a_claim() {
        // Wilson (1927) for 35 of 35: centre (1 + z²/70)/(1 + z²/35) = 0.9506,
        // half-width z/(1 + z²/35)·√(z²/(4·35²)) = 0.0494: lower end 0.901;
        // for 34 of 34 it is 0.898.
        assert_eq!(min_draws(), 35);
        assert!((wilson(35, 35).0 - 0.901).abs() < 1e-3);
        assert!(wilson(34, 34).0 < HOLDS_FROM);
    }
}
