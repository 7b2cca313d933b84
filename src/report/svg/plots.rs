//! Charts on x / y axes: lines with interval bands (and marked points) and
//! scatters with a frontier; the shared plot frame and marker shapes.

use super::{PALETTE, W, esc, no_data, num, open, span, ticks};
use std::fmt::Write as _;

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
