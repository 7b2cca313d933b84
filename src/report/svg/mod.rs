//! Charts as inline SVG text, written directly (no chart crate): bars with
//! interval whiskers, forest plots, lines with interval bands, scatters with
//! a frontier, heat maps and node maps. Every mark carries a `<title>`
//! tooltip; colours are the Okabe–Ito palette (safe for colour-blind
//! readers) and series also differ by marker shape; a chart with no data
//! says "no data" instead of drawing a zero. Nothing here reads files.
//!
//! This file owns the shared pieces (palette, colour ramps, escaping,
//! number text, ticks, the SVG frame and the "no data" chart); the charts
//! are in [`bars`] (bars and forest plots), [`plots`] (lines and scatters on
//! x / y axes) and [`maps`] (heat maps and node maps).

mod bars;
mod maps;
mod plots;

pub use bars::{Bar, bars, forest};
pub use maps::{MapNode, heatmap, map};
pub use plots::{Mark, Point, Series, lines, lines_marked, scatter};

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
    crate::report::fmt_val(v)
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
