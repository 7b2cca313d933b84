//! Heat maps (a value per row and column) and node maps (a value per
//! node at its position, sequential or diverging colours).

use super::{W, diverging, esc, no_data, num, open, ramp, span};
use std::fmt::Write as _;

/// A heat map of `values[row][col]` (`None`: no data) with its axes.
pub fn heatmap(
    title: &str,
    row_label: &str,
    rows: &[String],
    col_label: &str,
    cols: &[String],
    values: &[Vec<Option<f64>>],
    unit: &str,
) -> String {
    let Some((lo, hi)) = span(values.iter().flatten().flatten().copied(), false) else {
        return no_data(title);
    };
    let (left, top) = (110.0, 10.0);
    let cw = ((W - left - 20.0) / cols.len().max(1) as f64).min(80.0);
    let ch = 24.0;
    let h = top + ch * rows.len() as f64 + 60.0;
    let mut s = open(h, title);
    for (i, r) in rows.iter().enumerate() {
        let y = top + ch * i as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\" class=\"label\">{}</text>",
            left - 6.0,
            y + ch / 2.0 + 4.0,
            esc(r)
        );
        for (j, c) in cols.iter().enumerate() {
            let x = left + cw * j as f64;
            let v = values.get(i).and_then(|r| r.get(j)).copied().flatten();
            let (fill, tip) = match v {
                Some(v) => (
                    ramp(v, lo, hi),
                    format!("{row_label} {r}, {col_label} {c}: {} {unit}", num(v)),
                ),
                None => (
                    "#ffffff".to_string(),
                    format!("{row_label} {r}, {col_label} {c}: no data"),
                ),
            };
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{cw:.1}\" height=\"{ch}\" fill=\"{fill}\" stroke=\"#fff\"><title>{}</title></rect>",
                esc(&tip)
            );
        }
    }
    let by = top + ch * rows.len() as f64;
    for (j, c) in cols.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"tick\">{}</text>",
            left + cw * (j as f64 + 0.5),
            by + 14.0,
            esc(c)
        );
    }
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"axis\">{}</text><text x=\"{}\" y=\"{:.1}\" class=\"tick\">{} {} … {} {}</text>",
        left + cw * cols.len() as f64 / 2.0,
        by + 32.0,
        esc(col_label),
        left,
        by + 50.0,
        esc(row_label),
        esc(&num(lo)),
        esc(&num(hi)),
        esc(unit)
    );
    s + "</svg>"
}

/// A node of a map: coordinates (m), its value, its jurisdiction and name.
#[derive(Debug, Clone)]
pub struct MapNode {
    pub x: f64,
    pub y: f64,
    pub value: Option<f64>,
    pub jurisdiction: String,
    pub name: String,
    /// Jurisdiction stations and standby posts at the node (drawn as marks).
    pub stations: u32,
    pub posts: u32,
}

/// The network's nodes coloured by value (sequential, or diverging around 0
/// when `diverge`), with the boundaries between jurisdictions drawn where
/// neighbouring cells of a regular layout belong to different ones.
pub fn map(title: &str, unit: &str, nodes: &[MapNode], diverge: bool) -> String {
    if nodes.is_empty() {
        return no_data(title);
    }
    let (Some((x0, x1)), Some((y0, y1))) = (
        span(nodes.iter().map(|n| n.x), false),
        span(nodes.iter().map(|n| n.y), false),
    ) else {
        return no_data(title);
    };
    // The ramp spans the values as they are (no padding: a count never
    // shows a negative end).
    let vals = nodes
        .iter()
        .filter_map(|n| n.value)
        .filter(|v| v.is_finite());
    let lo = vals.clone().fold(f64::INFINITY, f64::min);
    let hi = vals.clone().fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let amax = vals.fold(0.0f64, |a, v| a.max(v.abs()));
    let size = 300.0;
    let scale = size / (x1 - x0).max(y1 - y0);
    // Cell: the smallest distance between distinct x (or y) coordinates.
    let mut xs: Vec<f64> = nodes.iter().map(|n| n.x).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup();
    let step = xs
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    let cell = if step.is_finite() {
        (step * scale).clamp(1.5, 24.0)
    } else {
        6.0
    };
    let px = |x: f64| 10.0 + (x - x0) * scale;
    let py = |y: f64| 10.0 + (y - y0) * scale;
    let h = size + 60.0;
    let mut s = open(h, title);
    let mut cells: std::collections::HashMap<(i64, i64), &str> = Default::default();
    for n in nodes {
        let fill = match n.value {
            Some(v) if diverge => diverging(v, amax),
            Some(v) => ramp(v, lo, hi),
            None => "#ffffff".into(),
        };
        let tip = match n.value {
            Some(v) => format!("{} ({}): {} {unit}", n.name, n.jurisdiction, num(v)),
            None => format!("{} ({}): no data", n.name, n.jurisdiction),
        };
        let _ = write!(
            s,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{cell:.1}\" height=\"{cell:.1}\" fill=\"{fill}\"><title>{}</title></rect>",
            px(n.x) - cell / 2.0,
            py(n.y) - cell / 2.0,
            esc(&tip)
        );
        if step.is_finite() {
            cells.insert(
                ((n.x / step).round() as i64, (n.y / step).round() as i64),
                n.jurisdiction.as_str(),
            );
        }
    }
    if step.is_finite() {
        for n in nodes {
            let k = ((n.x / step).round() as i64, (n.y / step).round() as i64);
            for (dx, dy) in [(1, 0), (0, 1)] {
                if let Some(other) = cells.get(&(k.0 + dx, k.1 + dy))
                    && *other != n.jurisdiction
                {
                    let (cx, cy) = (px(n.x), py(n.y));
                    let (x1, y1, x2, y2) = if dx == 1 {
                        let x = cx + step * scale / 2.0;
                        (x, cy - cell / 2.0, x, cy + cell / 2.0)
                    } else {
                        let y = cy + step * scale / 2.0;
                        (cx - cell / 2.0, y, cx + cell / 2.0, y)
                    };
                    let _ = write!(
                        s,
                        "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" class=\"boundary\"/>"
                    );
                }
            }
        }
    }
    // Stations (white-edged black squares) and posts (white-edged black
    // triangles) over the cells, with what they are in the tooltip.
    let mut marked = (false, false);
    for n in nodes.iter().filter(|n| n.stations + n.posts > 0) {
        let (x, y) = (px(n.x), py(n.y));
        let r = (cell * 0.45).max(3.5);
        let mut what = Vec::new();
        if n.stations > 0 {
            what.push("station".to_string());
        }
        if n.posts > 0 {
            what.push(format!("{} standby post(s)", n.posts));
        }
        let tip = format!("<title>{}: {}</title>", esc(&n.name), what.join(", "));
        if n.stations > 0 {
            marked.0 = true;
            let _ = write!(
                s,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" class=\"station\">{tip}</rect>",
                x - r,
                y - r,
                2.0 * r,
                2.0 * r
            );
        } else {
            marked.1 = true;
            let _ = write!(
                s,
                "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" class=\"station\">{tip}</polygon>",
                x,
                y - r,
                x - r,
                y + r,
                x + r,
                y + r
            );
        }
    }
    let key: Vec<&str> = [(marked.0, "■ station"), (marked.1, "▲ post")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, t)| *t)
        .collect();
    if !key.is_empty() {
        let _ = write!(
            s,
            "<text x=\"220\" y=\"{:.1}\" class=\"tick\">{}</text>",
            size + 50.0,
            key.join("  ")
        );
    }
    let (a, b) = if diverge { (-amax, amax) } else { (lo, hi) };
    for i in 0..20 {
        let v = a + (b - a) * i as f64 / 19.0;
        let fill = if diverge {
            diverging(v, amax)
        } else {
            ramp(v, lo, hi)
        };
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{fill}\"/>",
            10.0 + 10.0 * i as f64,
            size + 25.0
        );
    }
    let _ = write!(
        s,
        "<text x=\"10\" y=\"{0}\" class=\"tick\">{1}</text><text x=\"210\" y=\"{0}\" text-anchor=\"end\" class=\"tick\">{2}</text><text x=\"220\" y=\"{3}\" class=\"tick\">{4}</text>",
        size + 50.0,
        esc(&num(a)),
        esc(&num(b)),
        size + 34.0,
        esc(unit)
    );
    s + "</svg>"
}
