//! Timestamps of a calls export: RFC 3339 with a zone (`2024-03-01T14:05:00+08:00`,
//! `…Z`), or naive local time (`2024-03-01 14:05`) with the `--timezone`
//! offset; the hour of the week (Monday 00:00 first) of a local time.

/// A moment: seconds since 1970-01-01 00:00 UTC, and the local wall clock
/// (the same count as if the local time were UTC).
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    pub local_s: i64,
}

/// An offset `+HH:MM`, `-HH:MM`, `+HHMM`, `+HH` or `Z`, in seconds east of UTC.
pub fn parse_offset(s: &str) -> Option<i64> {
    if s == "Z" || s == "z" {
        return Some(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let rest = &s[1..];
    let (h, m) = match rest.len() {
        2 => (rest, "00"),
        4 => (&rest[..2], &rest[2..]),
        5 if &rest[2..3] == ":" => (&rest[..2], &rest[3..]),
        _ => return None,
    };
    let h: i64 = digits(h)?;
    let m: i64 = digits(m)?;
    (h <= 18 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Read a timestamp. With a zone in the text, the local clock is the one
/// written unless `tz` is given (then the moment is shown in `tz`); without
/// one, `tz` is needed. `Err` says what is wrong.
pub fn parse(text: &str, tz: Option<i64>) -> Result<Stamp, String> {
    let t = text.trim();
    let bad = || {
        format!(
            "unreadable timestamp \"{t}\": expected RFC 3339 such as 2024-03-01T14:05:00+08:00 (or naive local time 2024-03-01 14:05:00 with --timezone)"
        )
    };
    if t.len() < 16 {
        return Err(bad());
    }
    let b = t.as_bytes();
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' {
        return Err(bad());
    }
    let y = digits(&t[..4]).ok_or_else(bad)?;
    let mo = digits(&t[5..7]).ok_or_else(bad)?;
    let d = digits(&t[8..10]).ok_or_else(bad)?;
    let h = digits(&t[11..13]).ok_or_else(bad)?;
    let mi = digits(&t[14..16]).ok_or_else(bad)?;
    let mut rest = &t[16..];
    let mut sec = 0;
    if let Some(r) = rest.strip_prefix(':') {
        sec = digits(r.get(..2).ok_or_else(bad)?).ok_or_else(bad)?;
        rest = &r[2..];
        if let Some(r) = rest.strip_prefix('.') {
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            if n == 0 {
                return Err(bad());
            }
            rest = &r[n..];
        }
    }
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60
    {
        return Err(bad());
    }
    let wall = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec;
    let zone = rest.trim();
    let local_s = if zone.is_empty() {
        match tz {
            Some(_) => wall,
            None => {
                return Err(format!(
                    "timestamp \"{t}\" has no zone: give its offset with --timezone (e.g. --timezone +08:00) or write it as RFC 3339 with a zone"
                ));
            }
        }
    } else {
        let off = parse_offset(zone).ok_or_else(bad)?;
        match tz {
            Some(z) => wall - off + z,
            None => wall,
        }
    };
    Ok(Stamp { local_s })
}

/// Hour of the week of a local time, Monday 00:00–01:00 = 0 … Sunday 23:00 = 167.
pub fn hour_of_week(local_s: i64) -> usize {
    let days = local_s.div_euclid(86_400);
    let weekday = (days + 3).rem_euclid(7); // 1970-01-01 was a Thursday
    (weekday * 24 + local_s.rem_euclid(86_400) / 3600) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_monday_is_hour_zero_of_the_week() {
        // 2024-03-04 was a Monday.
        let s = parse("2024-03-04T00:30:00+08:00", None).unwrap();
        assert_eq!(hour_of_week(s.local_s), 0);
        let s = parse("2024-03-10 23:59", Some(0)).unwrap();
        assert_eq!(hour_of_week(s.local_s), 167);
    }

    #[test]
    fn a_zoned_time_is_shown_in_the_given_timezone() {
        // 16:00 UTC is Tuesday 00:00 at +08:00.
        let s = parse("2024-03-04T16:00:00Z", Some(8 * 3600)).unwrap();
        assert_eq!(hour_of_week(s.local_s), 24);
    }

    #[test]
    fn bad_timestamps_are_refused() {
        for t in [
            "yesterday",
            "2024-02-30T10:00:00Z",
            "2024-03-04T25:00:00Z",
            "2024-03-04T10:00:00+99:00",
        ] {
            assert!(parse(t, None).is_err(), "{t}");
        }
        assert!(
            parse("2024-03-04 10:00", None)
                .unwrap_err()
                .contains("--timezone")
        );
    }
}
