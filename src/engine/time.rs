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
}
