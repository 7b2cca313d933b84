//! Charts as inline SVG text, written directly (no chart crate): bars with
//! interval whiskers, forest plots, lines with interval bands, scatters with
//! a frontier, heat maps and node maps. Every mark carries a `<title>`
//! tooltip; colours are the Okabe–Ito palette (safe for colour-blind
//! readers) and series also differ by marker shape; a chart with no data
//! says "no data" instead of drawing a zero. Nothing here reads files.

use std::fmt::Write as _;

/// Okabe & Ito (2008), "Color Universal Design": distinguishable with every
/// common colour-vision deficiency.
pub const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

/// A sequential ramp (viridis stops): dark = low, yellow = high, readable in
/// grey too.
const RAMP: [(u8, u8, u8); 6] = [
    (68, 1, 84),
    (65, 68, 135),
    (42, 120, 142),
    (34, 168, 132),
    (122, 209, 81),
    (253, 231, 37),
];

/// A diverging ramp for differences (blue = fewer, orange = more), centred on 0.
const DIVERGING: [(u8, u8, u8); 5] = [
    (0, 114, 178),
    (120, 170, 210),
    (240, 240, 240),
    (240, 180, 100),
    (213, 94, 0),
];

const W: f64 = 640.0;

/// Escape text for XML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A number as the terminal prints it.
pub fn num(v: f64) -> String {
    super::fmt_val(v)
}

fn lerp(stops: &[(u8, u8, u8)], t: f64) -> String {
    let t = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (t.floor() as usize).min(stops.len() - 2);
    let f = t - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let c = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    format!("#{:02x}{:02x}{:02x}", c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

/// The colour of `v` on the sequential ramp from `lo` to `hi`.
pub fn ramp(v: f64, lo: f64, hi: f64) -> String {
    lerp(&RAMP, if hi > lo { (v - lo) / (hi - lo) } else { 0.5 })
}

/// The colour of `v` on the diverging ramp, symmetric around 0 up to `amax`.
pub fn diverging(v: f64, amax: f64) -> String {
    lerp(
        &DIVERGING,
        if amax > 0.0 {
            0.5 + v / (2.0 * amax)
        } else {
            0.5
        },
    )
}

/// About `n` round tick values covering `lo..hi`.
pub fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if hi <= lo || hi.is_nan() || lo.is_nan() || !lo.is_finite() || !hi.is_finite() {
        return vec![lo];
    }
    let raw = (hi - lo) / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() * step;
    (0..)
        .map(|i| first + i as f64 * step)
        .take_while(|t| *t <= hi + step * 1e-9)
        .take(50)
        .collect()
}

/// A range padded to include `0` when asked and never empty.
fn span(values: impl Iterator<Item = f64>, with_zero: bool) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return None;
    }
    if with_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if hi - lo < 1e-12 {
        let d = if hi.abs() > 0.0 { hi.abs() * 0.1 } else { 1.0 };
        lo -= d;
        hi += d;
    }
    let pad = (hi - lo) * 0.05;
    Some((if with_zero && lo >= 0.0 { lo } else { lo - pad }, hi + pad))
}

fn open(h: f64, title: &str) -> String {
    format!(
        "<svg viewBox=\"0 0 {W} {h}\" width=\"{W}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = esc(title)
    )
}

fn no_data(title: &str) -> String {
    format!(
        "{}<text x=\"{}\" y=\"40\" text-anchor=\"middle\" class=\"nodata\">no data</text></svg>",
        open(70.0, title),
        W / 2.0
    )
}

/// One bar (or interval) of a chart: a mean with an optional 95 % interval.
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

/// A series of a line chart: (x, mean, 95 % low, 95 % high).
#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64, Option<f64>, Option<f64>)>,
}

fn marker(shape: usize, x: f64, y: f64, colour: &str, tip: &str) -> String {
    let t = format!("<title>{}</title>", esc(tip));
    match shape % 4 {
        0 => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{colour}\">{t}</circle>"),
        1 => format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"{colour}\">{t}</rect>",
            x - 4.0,
            y - 4.0
        ),
        2 => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{colour}\">{t}</polygon>",
            x,
            y - 5.0,
            x - 5.0,
            y + 4.0,
            x + 5.0,
            y + 4.0
        ),
        _ => format!(
            "<polygon points=\"{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}\" fill=\"{colour}\">{t}</polygon>",
            x,
            y - 5.0,
            x + 5.0,
            y,
            x,
            y + 5.0,
            x - 5.0,
            y
        ),
    }
}

/// Plot frame: axes with ticks and labels; returns the SVG so far and the
/// x and y maps.
struct Frame {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        self.left + (v - self.x0) / (self.x1 - self.x0) * (self.right - self.left)
    }
    fn y(&self, v: f64) -> f64 {
        self.bottom - (v - self.y0) / (self.y1 - self.y0) * (self.bottom - self.top)
    }
    fn axes(&self, x_label: &str, y_label: &str) -> String {
        let mut s = String::new();
        for t in ticks(self.x0, self.x1, 6) {
            let _ = write!(
                s,
                "<line x1=\"{0:.1}\" y1=\"{1}\" x2=\"{0:.1}\" y2=\"{2}\" class=\"grid\"/><text x=\"{0:.1}\" y=\"{3}\" text-anchor=\"middle\" class=\"tick\">{4}</text>",
                self.x(t),
                self.top,
                self.bottom,
                self.bottom + 14.0,
                esc(&num(t))
            );
        }
        for t in ticks(self.y0, self.y1, 5) {
            let _ = write!(
                s,
                "<line x1=\"{1}\" y1=\"{0:.1}\" x2=\"{2}\" y2=\"{0:.1}\" class=\"grid\"/><text x=\"{3}\" y=\"{4:.1}\" text-anchor=\"end\" class=\"tick\">{5}</text>",
                self.y(t),
                self.left,
                self.right,
                self.left - 4.0,
                self.y(t) + 4.0,
                esc(&num(t))
            );
        }
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" class=\"frame\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{}</text><text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" class=\"axis\">{}</text>",
            self.left,
            self.top,
            self.right - self.left,
            self.bottom - self.top,
            (self.left + self.right) / 2.0,
            self.bottom + 32.0,
            esc(x_label),
            (self.top + self.bottom) / 2.0,
            esc(y_label)
        );
        s
    }
}

/// Lines of means against `x`, each with its 95 % band, markers by series.
pub fn lines(title: &str, x_label: &str, y_label: &str, series: &[Series]) -> String {
    lines_marked(title, x_label, y_label, series, &[])
}

/// A vertical reference line at `x` (a target), labelled.
#[derive(Debug, Clone)]
pub struct Mark {
    pub x: f64,
    pub label: String,
}

/// [`lines`] with vertical reference lines (those outside the x range are
/// left out).
pub fn lines_marked(
    title: &str,
    x_label: &str,
    y_label: &str,
    series: &[Series],
    marks: &[Mark],
) -> String {
    let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let ys = series
        .iter()
        .flat_map(|s| s.points.iter().flat_map(|p| [Some(p.1), p.2, p.3]))
        .flatten();
    let (Some((x0, x1)), Some((y0, y1))) = (span(xs, false), span(ys, false)) else {
        return no_data(title);
    };
    let h = 312.0 + 18.0 * series.len() as f64;
    let f = Frame {
        x0,
        x1,
        y0,
        y1,
        left: 70.0,
        right: W - 20.0,
        top: 10.0,
        bottom: 250.0,
    };
    let mut s = open(h, title) + &f.axes(x_label, y_label);
    for (i, m) in marks.iter().filter(|m| m.x >= x0 && m.x <= x1).enumerate() {
        let x = f.x(m.x);
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" y1=\"{0}\" x2=\"{x:.1}\" y2=\"{1}\" class=\"target\"><title>{2}</title></line><text x=\"{3:.1}\" y=\"{4:.1}\" class=\"tick\">{2}</text>",
            f.top,
            f.bottom,
            esc(&m.label),
            x + 3.0,
            f.top + 12.0 + 13.0 * i as f64
        );
    }
    for (k, se) in series.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let band: Vec<(f64, f64, f64)> = se
            .points
            .iter()
            .filter_map(|p| Some((p.0, p.2?, p.3?)))
            .collect();
        if band.len() > 1 {
            let mut pts: Vec<String> = band
                .iter()
                .map(|(x, lo, _)| format!("{:.1},{:.1}", f.x(*x), f.y(*lo)))
                .collect();
            pts.extend(
                band.iter()
                    .rev()
                    .map(|(x, _, hi)| format!("{:.1},{:.1}", f.x(*x), f.y(*hi))),
            );
            let _ = write!(
                s,
                "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.18\" stroke=\"none\"><title>{} 95 % interval</title></polygon>",
                pts.join(" "),
                esc(&se.name)
            );
        }
        let path: Vec<String> = se
            .points
            .iter()
            .map(|p| format!("{:.1},{:.1}", f.x(p.0), f.y(p.1)))
            .collect();
        let _ = write!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>",
            path.join(" ")
        );
        for p in &se.points {
            let tip = match (p.2, p.3) {
                (Some(a), Some(b)) => format!(
                    "{}: {} = {} → {} [{}, {}]",
                    se.name,
                    x_label,
                    num(p.0),
                    num(p.1),
                    num(a),
                    num(b)
                ),
                _ => format!("{}: {} = {} → {}", se.name, x_label, num(p.0), num(p.1)),
            };
            s += &marker(k, f.x(p.0), f.y(p.1), colour, &tip);
        }
        let ly = 304.0 + 18.0 * k as f64;
        s += &marker(k, 80.0, ly - 4.0, colour, &se.name);
        let _ = write!(
            s,
            "<text x=\"92\" y=\"{ly:.1}\" class=\"label\">{}</text>",
            esc(&se.name)
        );
    }
    s + "</svg>"
}

/// A labelled point of a scatter.
#[derive(Debug, Clone)]
pub struct Point {
    pub label: String,
    pub x: f64,
    pub y: f64,
    /// Drawn as a filled diamond and joined by the frontier line.
    pub on_frontier: bool,
}

/// Points with those on the frontier joined in order of `x`.
pub fn scatter(title: &str, x_label: &str, y_label: &str, points: &[Point]) -> String {
    let (Some((x0, x1)), Some((y0, y1))) = (
        span(points.iter().map(|p| p.x), false),
        span(points.iter().map(|p| p.y), false),
    ) else {
        return no_data(title);
    };
    let f = Frame {
        x0,
        x1,
        y0,
        y1,
        left: 80.0,
        right: W - 20.0,
        top: 10.0,
        bottom: 260.0,
    };
    let mut s = open(320.0, title) + &f.axes(x_label, y_label);
    let mut front: Vec<&Point> = points.iter().filter(|p| p.on_frontier).collect();
    front.sort_by(|a, b| a.x.total_cmp(&b.x));
    if front.len() > 1 {
        let path: Vec<String> = front
            .iter()
            .map(|p| format!("{:.1},{:.1}", f.x(p.x), f.y(p.y)))
            .collect();
        let _ = write!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"><title>Pareto frontier</title></polyline>",
            path.join(" "),
            PALETTE[3]
        );
    }
    for p in points {
        let tip = format!(
            "{}: {} {}, {} {}{}",
            p.label,
            x_label,
            num(p.x),
            y_label,
            num(p.y),
            if p.on_frontier {
                " (on the frontier)"
            } else {
                ""
            }
        );
        s += &if p.on_frontier {
            marker(3, f.x(p.x), f.y(p.y), PALETTE[3], &tip)
        } else {
            marker(0, f.x(p.x), f.y(p.y), PALETTE[0], &tip)
        };
    }
    let _ = write!(
        s,
        "{}<text x=\"102\" y=\"300\" class=\"label\">on the Pareto frontier</text>{}<text x=\"292\" y=\"300\" class=\"label\">dominated</text>",
        marker(3, 90.0, 296.0, PALETTE[3], "on the frontier"),
        marker(0, 280.0, 296.0, PALETTE[0], "dominated")
    );
    s + "</svg>"
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 10.0, 5), vec![0.0, 2.0, 4.0, 6.0, 8.0, 10.0]);
        let t = ticks(-3.2, 7.9, 5);
        assert!(t.first().unwrap() >= &-3.2 && t.last().unwrap() <= &7.9);
        assert_eq!(ticks(5.0, 5.0, 4), vec![5.0]);
    }

    #[test]
    fn charts_without_data_say_so_and_escape_text() {
        let b = bars("t", "min", &[]);
        assert!(b.contains("no data"));
        let one = bars(
            "a<b",
            "min",
            &[Bar {
                label: "x & y".into(),
                mean: None,
                lo: None,
                hi: None,
                series: 0,
            }],
        );
        assert!(one.contains("a&lt;b") && one.contains("x &amp; y"));
        assert!(one.contains("no data"), "a missing value is never a zero");
    }

    #[test]
    fn ramps_run_from_dark_to_light() {
        assert_eq!(ramp(0.0, 0.0, 1.0), "#440154");
        assert_eq!(ramp(1.0, 0.0, 1.0), "#fde725");
        assert_eq!(diverging(0.0, 1.0), "#f0f0f0");
    }
}
