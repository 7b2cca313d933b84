//! Duty schedules: a shift pattern (start hour, length, days) becomes merged
//! on-duty intervals over the 168 hours of a week, so a unit knows when it
//! goes on and off duty, and a roster turns duty hours into officers.

use crate::engine::time::{MS_PER_HOUR, MS_PER_WEEK, Tick};
use crate::scenario::ShiftSpec;
pub use crate::scenario::{shift_on_duty, weekly_intervals};

/// On-duty hours per week.
pub fn weekly_hours(s: &ShiftSpec) -> f64 {
    weekly_intervals(s).iter().map(|(a, b)| b - a).sum()
}

/// A shift ready for the event loop: the times of the week at which duty
/// starts or ends (a start at the same instant as an end is no change).
#[derive(Debug, Clone)]
pub struct Duty {
    intervals: Vec<(Tick, Tick)>,
    changes: Vec<Tick>,
}

impl Duty {
    pub fn new(s: &ShiftSpec) -> Self {
        let to_ms = |h: f64| (h * MS_PER_HOUR as f64).round() as Tick;
        let intervals: Vec<(Tick, Tick)> = weekly_intervals(s)
            .into_iter()
            .map(|(a, b)| (to_ms(a), to_ms(b)))
            .collect();
        let mut changes = Vec::new();
        for &(a, b) in &intervals {
            let wraps_in = a == 0 && intervals.last().is_some_and(|l| l.1 == MS_PER_WEEK);
            if !wraps_in {
                changes.push(a);
            }
            let wraps_out = b == MS_PER_WEEK && intervals.first().is_some_and(|f| f.0 == 0);
            if !wraps_out {
                changes.push(b % MS_PER_WEEK);
            }
        }
        changes.sort_unstable();
        changes.dedup();
        Duty { intervals, changes }
    }

    pub fn always(&self) -> bool {
        self.changes.is_empty() && !self.intervals.is_empty()
    }

    pub fn on_at(&self, t: Tick) -> bool {
        let w = t % MS_PER_WEEK;
        self.intervals.iter().any(|&(a, b)| a <= w && w < b)
    }

    /// The first time strictly after `t` at which duty starts or ends.
    pub fn next_change(&self, t: Tick) -> Option<Tick> {
        if self.changes.is_empty() {
            return None;
        }
        let week = t / MS_PER_WEEK * MS_PER_WEEK;
        let w = t % MS_PER_WEEK;
        match self.changes.iter().find(|&&c| c > w) {
            Some(&c) => Some(week + c),
            None => Some(week + MS_PER_WEEK + self.changes[0]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(start: f64, hours: f64, days: [bool; 7]) -> ShiftSpec {
        ShiftSpec {
            name: "s".into(),
            start_hour: start,
            hours,
            days,
        }
    }

    #[test]
    fn continuous_patterns_have_no_changes() {
        let d = Duty::new(&shift(0.0, 24.0, [true; 7]));
        assert!(d.always());
        let d = Duty::new(&shift(7.0, 24.0, [true; 7]));
        assert!(d.always(), "24 h from 07:00 every day is continuous");
        assert!(d.on_at(0));
    }

    #[test]
    fn night_shift_wraps_the_week() {
        let s = shift(19.0, 12.0, [true; 7]);
        let d = Duty::new(&s);
        assert!(d.on_at(2 * MS_PER_HOUR)); // Monday 02:00, from Sunday night
        assert!(!d.on_at(12 * MS_PER_HOUR));
        assert_eq!(d.next_change(0), Some(7 * MS_PER_HOUR));
        assert_eq!(d.next_change(7 * MS_PER_HOUR), Some(19 * MS_PER_HOUR));
        assert!((weekly_hours(&s) - 84.0).abs() < 1e-9);
        assert!(shift_on_duty(&s, 167.5));
    }

    #[test]
    fn weekday_day_shift() {
        let s = shift(8.0, 8.0, [true, true, true, true, true, false, false]);
        assert!((weekly_hours(&s) - 40.0).abs() < 1e-9);
        let d = Duty::new(&s);
        assert!(!d.on_at(5 * 24 * MS_PER_HOUR + 9 * MS_PER_HOUR)); // Saturday 09:00
        assert_eq!(
            d.next_change(4 * 24 * MS_PER_HOUR + 17 * MS_PER_HOUR),
            Some(MS_PER_WEEK + 8 * MS_PER_HOUR)
        );
    }
}
