//! Bars and forest plots: one row per label, each with its 95 % interval
//! as a whisker, coloured by series.

use super::{PALETTE, W, esc, no_data, num, open, span, ticks};
use std::fmt::Write as _;

#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub mean: Option<f64>,
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    /// Index into the palette (a series), for grouped bars.
    pub series: usize,
}

/// Horizontal bars with 95 % whiskers, one row per bar, the axis in `unit`.
/// A bar without a value is drawn as "no data" on its row.
pub fn bars(title: &str, unit: &str, rows: &[Bar]) -> String {
    interval_rows(title, unit, rows, true)
}

/// A forest plot: each row's estimate and 95 % interval against a zero line.
pub fn forest(title: &str, unit: &str, rows: &[Bar]) -> String {
    interval_rows(title, unit, rows, false)
}

fn interval_rows(title: &str, unit: &str, rows: &[Bar], as_bars: bool) -> String {
    let vals = rows.iter().flat_map(|r| [r.mean, r.lo, r.hi]).flatten();
    if rows.is_empty() {
        return no_data(title);
    }
    // Rows without any value still show their labels, each with "no data".
    let (lo, hi) = span(vals, true).unwrap_or((0.0, 1.0));
    let (left, right, top, row_h) = (190.0, W - 20.0, 10.0, 22.0);
    let h = top + row_h * rows.len() as f64 + 40.0;
    let x = |v: f64| left + (v - lo) / (hi - lo) * (right - left);
    let mut s = open(h, title);
    let bottom = top + row_h * rows.len() as f64;
    for t in ticks(lo, hi, 5) {
        let _ = write!(
            s,
            "<line x1=\"{0:.1}\" y1=\"{top}\" x2=\"{0:.1}\" y2=\"{bottom}\" class=\"grid\"/><text x=\"{0:.1}\" y=\"{1}\" text-anchor=\"middle\" class=\"tick\">{2}</text>",
            x(t),
            bottom + 14.0,
            esc(&num(t))
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{0:.1}\" y1=\"{top}\" x2=\"{0:.1}\" y2=\"{bottom}\" class=\"zero\"/><text x=\"{1}\" y=\"{2}\" text-anchor=\"middle\" class=\"axis\">{3}</text>",
        x(0.0),
        (left + right) / 2.0,
        bottom + 32.0,
        esc(unit)
    );
    for (i, r) in rows.iter().enumerate() {
        let y = top + row_h * i as f64 + row_h / 2.0;
        let colour = PALETTE[r.series % PALETTE.len()];
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" class=\"label\">{}</text>",
            left - 6.0,
            y + 4.0,
            esc(&r.label)
        );
        let Some(m) = r.mean else {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{:.1}\" class=\"nodata\">no data</text>",
                left + 4.0,
                y + 4.0
            );
            continue;
        };
        let tip = match (r.lo, r.hi) {
            (Some(a), Some(b)) => {
                format!("{}: {} [{}, {}] {}", r.label, num(m), num(a), num(b), unit)
            }
            _ => format!("{}: {} {}", r.label, num(m), unit),
        };
        if as_bars {
            let (a, b) = (x(0.0).min(x(m)), x(0.0).max(x(m)));
            let _ = write!(
                s,
                "<rect x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{}</title></rect>",
                y - row_h * 0.35,
                (b - a).max(0.5),
                row_h * 0.7,
                esc(&tip)
            );
        }
        if let (Some(a), Some(b)) = (r.lo, r.hi) {
            let _ = write!(
                s,
                "<line x1=\"{:.1}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" class=\"whisker\"/>",
                x(a),
                x(b)
            );
        }
        if !as_bars {
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{colour}\"><title>{}</title></rect>",
                x(m) - 4.0,
                y - 4.0,
                esc(&tip)
            );
        }
    }
    s + "</svg>"
}
