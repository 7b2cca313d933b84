//! Tables of the uncertainty analyses: Morris screening, Sobol indices and
//! robust comparisons, as aligned text for people or CSV for programs. Pure
//! functions of the estimates, so a sweep's analysis is byte-identical
//! whatever the jobs or shards that made its runs.

use crate::experiment::Comparison;
use crate::experiment::multiplicity::{PRIMARY, Tested, compare_family};
use crate::experiment::robust::{DrawStats, Robust};
use crate::experiment::sensitivity::{MorrisIndex, SobolIndex};

/// A number as tables show it: 4 significant digits, plain notation for
/// ordinary magnitudes.
pub fn g(v: f64) -> String {
    if !v.is_finite() {
        return "NaN".into();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        format!("{v:.3e}")
    } else {
        let digits = if a >= 1.0 {
            (3 - a.log10().floor() as i32).max(0) as usize
        } else {
            4
        };
        format!("{v:.digits$}")
    }
}

fn aligned(head: &[&str], rows: &[Vec<String>]) -> String {
    let mut w: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = w[i] - c.chars().count();
            if i == 0 {
                s.push_str(c);
                s.push_str(&" ".repeat(pad));
            } else {
                s.push_str("  ");
                s.push_str(&" ".repeat(pad));
                s.push_str(c);
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(head.iter().map(|h| h.to_string()).collect());
    for r in rows {
        out.push_str(&line(r.clone()));
    }
    out
}

fn csv(head: &[&str], rows: &[Vec<String>]) -> String {
    let q = |c: &str| {
        if c.contains([',', '"', '\n']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    };
    let mut out = head.join(",") + "\n";
    for r in rows {
        out.push_str(&r.iter().map(|c| q(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

fn render(head: &[&str], rows: &[Vec<String>], as_csv: bool) -> String {
    if as_csv {
        csv(head, rows)
    } else {
        aligned(head, rows)
    }
}

/// Morris screening, parameters by falling μ*.
pub fn morris_table(params: &[String], idx: &[MorrisIndex], as_csv: bool) -> String {
    let mut order: Vec<usize> = (0..params.len()).collect();
    order.sort_by(|&a, &b| idx[b].mu_star.total_cmp(&idx[a].mu_star));
    let rows: Vec<Vec<String>> = order
        .iter()
        .enumerate()
        .map(|(rank, &i)| {
            vec![
                params[i].clone(),
                (rank + 1).to_string(),
                g(idx[i].mu_star),
                g(idx[i].mu),
                g(idx[i].sigma),
                idx[i].n.to_string(),
            ]
        })
        .collect();
    render(
        &["parameter", "rank", "mu_star", "mu", "sigma", "effects"],
        &rows,
        as_csv,
    )
}

/// Sobol indices with bootstrap intervals, parameters by falling ST.
pub fn sobol_table(params: &[String], idx: &[SobolIndex], as_csv: bool) -> String {
    let mut order: Vec<usize> = (0..params.len()).collect();
    order.sort_by(|&a, &b| idx[b].total.est.total_cmp(&idx[a].total.est));
    let mut rows: Vec<Vec<String>> = order
        .iter()
        .map(|&i| {
            let (f, t) = (idx[i].first, idx[i].total);
            vec![
                params[i].clone(),
                g(f.est),
                g(f.low),
                g(f.high),
                g(t.est),
                g(t.low),
                g(t.high),
            ]
        })
        .collect();
    if !as_csv {
        let s: f64 = idx.iter().map(|x| x.first.est).sum();
        rows.push(vec![
            "(sum of first-order)".into(),
            g(s),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    render(
        &[
            "parameter",
            "S1",
            "S1_low",
            "S1_high",
            "ST",
            "ST_low",
            "ST_high",
        ],
        &rows,
        as_csv,
    )
}

fn stats_cells(s: &DrawStats) -> Vec<String> {
    vec![
        g(s.share),
        g(s.share_low),
        g(s.share_high),
        s.mean.mean.map_or(String::new(), g),
        s.mean.ci95_low.map_or(String::new(), g),
        s.mean.ci95_high.map_or(String::new(), g),
        g(s.q05),
        g(s.q50),
        g(s.q95),
        g(s.between_var),
        g(s.within_var),
        s.unsettled.to_string(),
    ]
}

/// Robust comparisons: per strategy the effect on `metric` and net benefit
/// over draws, and the parameters that decide it.
pub fn robust_table(metric: &str, res: &[Robust], as_csv: bool) -> String {
    let head = [
        "strategy",
        "quantity",
        "share",
        "share_low",
        "share_high",
        "mean",
        "mean_low",
        "mean_high",
        "q05",
        "q50",
        "q95",
        "var_between",
        "var_within",
        "unsettled",
    ];
    let mut rows = Vec::new();
    for r in res {
        let mut row = vec![r.strategy.clone(), metric.to_string()];
        row.extend(stats_cells(&r.effect));
        rows.push(row);
        if let Some(nb) = &r.net_benefit {
            let mut row = vec![r.strategy.clone(), "net_benefit".into()];
            row.extend(stats_cells(nb));
            rows.push(row);
        }
    }
    let mut out = render(&head, &rows, as_csv);
    let drows: Vec<Vec<String>> = res
        .iter()
        .flat_map(|r| {
            r.deciders.iter().map(move |d| {
                vec![
                    r.strategy.clone(),
                    d.param.clone(),
                    g(d.rho),
                    d.break_even.map_or("none in range".into(), g),
                ]
            })
        })
        .collect();
    out.push('\n');
    out.push_str(&render(
        &["strategy", "decided_by", "spearman_rho", "break_even"],
        &drows,
        as_csv,
    ));
    out
}

/// A p-value as tables show it.
pub fn p_cell(p: f64) -> String {
    if p < 1e-4 {
        "<0.0001".into()
    } else {
        format!("{p:.4}")
    }
}

/// `compare`'s family of tests (see `experiment::multiplicity`) and the
/// line that names it above the table.
pub fn compare_family_note(c: &Comparison) -> (Vec<Tested>, String) {
    let fam = compare_family(c);
    let note = format!(
        "p: paired t test, two-sided; Holm: adjusted (Holm 1979, family-wise error) over the family of \
         this table's {} tests: {} of each strategy against the baseline",
        fam.len(),
        PRIMARY.join(", ")
    );
    (fam, note)
}

/// The p-value cells of `metric` for strategy `s`: `p 0.0123 Holm 0.0369`.
pub fn family_cells(fam: &[Tested], s: usize, metric: &str) -> Option<String> {
    let t = fam.iter().find(|t| t.strategy == s && t.metric == metric)?;
    Some(format!("p {} Holm {}", p_cell(t.p), p_cell(t.p_holm)))
}
