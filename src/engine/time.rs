//! Simulated time: an integer number of milliseconds since the start of a run.
//! Conversions to and from minutes and hours live here so that the rest of the
//! code never keys anything on a float time.

/// Simulated time in milliseconds since the start of the run.
pub type Tick = u64;

pub const MS_PER_SECOND: Tick = 1_000;
pub const MS_PER_MINUTE: Tick = 60 * MS_PER_SECOND;
pub const MS_PER_HOUR: Tick = 60 * MS_PER_MINUTE;
pub const MS_PER_DAY: Tick = 24 * MS_PER_HOUR;
pub const MS_PER_WEEK: Tick = 7 * MS_PER_DAY;

/// Minutes (non-negative, finite) to ticks, rounded to the nearest millisecond.
#[inline]
pub fn from_minutes(min: f64) -> Tick {
    debug_assert!(min >= 0.0 && min.is_finite());
    // `f64::round` is a libm call on baseline x86-64; this is one instruction.
    // Capped at 10⁹ minutes (1,900 years): a draw from a long tail can never
    // overflow the clock however long the run.
    (min.min(1e9) * MS_PER_MINUTE as f64 + 0.5) as Tick
}

/// Ticks to minutes.
#[inline]
pub fn to_minutes(t: Tick) -> f64 {
    t as f64 / MS_PER_MINUTE as f64
}

/// Ticks to hours.
#[inline]
pub fn to_hours(t: Tick) -> f64 {
    t as f64 / MS_PER_HOUR as f64
}

/// Hour of the week (0 = Monday 00:00–01:00, …, 167 = Sunday 23:00–24:00).
#[inline]
pub fn hour_of_week(t: Tick) -> usize {
    ((t % MS_PER_WEEK) / MS_PER_HOUR) as usize
}

/// Hour of the day, 0..24.
#[inline]
pub fn hour_of_day(t: Tick) -> usize {
    ((t % MS_PER_DAY) / MS_PER_HOUR) as usize
}

/// Start of the hour that contains `t`, plus one hour.
#[inline]
pub fn next_hour(t: Tick) -> Tick {
    (t / MS_PER_HOUR + 1) * MS_PER_HOUR
}

/// When a non-homogeneous Poisson process with a piecewise-constant rate per
/// hour of the week (`week_rate[h]` events per ms) has spent `need` units of
/// integrated rate after `t` (`need` is one unit exponential: the next event,
/// by inversion, one draw per event). At least one ms after `t`; `None` past
/// `horizon`.
pub fn spend_weekly_rate(week_rate: &[f64], need: f64, t: Tick, horizon: Tick) -> Option<Tick> {
    let (mut need, mut t) = (need, t);
    loop {
        let rate = week_rate[hour_of_week(t)];
        let end = next_hour(t);
        let cap = rate * (end - t) as f64;
        if need <= cap {
            return Some(t + (need / rate).ceil().max(1.0) as Tick);
        }
        need -= cap;
        t = end;
        if t > horizon {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_round_trip() {
        assert_eq!(from_minutes(1.5), 90_000);
        assert_eq!(to_minutes(90_000), 1.5);
        assert_eq!(hour_of_week(MS_PER_DAY + 3 * MS_PER_HOUR + 5), 27);
        assert_eq!(hour_of_week(MS_PER_WEEK + MS_PER_HOUR), 1);
        assert_eq!(hour_of_day(MS_PER_DAY + 3 * MS_PER_HOUR), 3);
        assert_eq!(next_hour(MS_PER_HOUR), 2 * MS_PER_HOUR);
        assert_eq!(next_hour(MS_PER_HOUR - 1), MS_PER_HOUR);
    }

    #[test]
    fn a_weekly_rate_is_spent_hour_by_hour_and_skips_empty_hours() {
        let per_ms = 1.0 / 1024.0; // a power of two: the arithmetic is exact
        let flat = vec![per_ms; 168];
        // Half a unit at one per 1,024 ms: 512 ms later.
        assert_eq!(spend_weekly_rate(&flat, 0.5, 0, MS_PER_WEEK), Some(512));
        // Hours 0 and 1 empty: the whole need is spent in hour 2.
        let mut gap = flat.clone();
        gap[0] = 0.0;
        gap[1] = 0.0;
        let at = spend_weekly_rate(&gap, 0.25, 10, MS_PER_WEEK);
        assert_eq!(at, Some(2 * MS_PER_HOUR + 256));
        // Nothing left before the horizon: none.
        assert_eq!(spend_weekly_rate(&gap, 0.25, 10, MS_PER_HOUR), None);
        // Never the same ms.
        assert_eq!(spend_weekly_rate(&flat, 0.0, 7, MS_PER_WEEK), Some(8));
    }
}
