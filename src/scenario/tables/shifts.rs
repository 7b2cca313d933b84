//! `[shifts.NAME]`: when units are on duty.

use crate::scenario::doc::Val;
use crate::scenario::keys::{Def, Kind, TableDoc, key};
use crate::scenario::read::{Check, Reader, Tbl};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ShiftSpec {
    pub name: String,
    pub start_hour: f64,
    pub hours: f64,
    /// Monday first: does a shift start on that day?
    pub days: [bool; 7],
}

/// Merged on-duty intervals within one week, in hours `[start, end)`,
/// `0 ≤ start < end ≤ 168`.
pub fn weekly_intervals(s: &ShiftSpec) -> Vec<(f64, f64)> {
    let mut raw = Vec::new();
    for d in 0..7 {
        if !s.days[d] {
            continue;
        }
        let a = d as f64 * 24.0 + s.start_hour;
        let b = a + s.hours;
        if b <= 168.0 {
            raw.push((a, b));
        } else {
            raw.push((a, 168.0));
            raw.push((0.0, b - 168.0));
        }
    }
    raw.sort_by(|x, y| x.partial_cmp(y).expect("finite hours"));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (a, b) in raw {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Is a unit with this shift on duty at `hour_of_week` (0..168, fractional)?
pub fn shift_on_duty(s: &ShiftSpec, hour_of_week: f64) -> bool {
    let h = hour_of_week.rem_euclid(168.0);
    weekly_intervals(s).iter().any(|&(a, b)| a <= h && h < b)
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The keys of `[shifts.NAME]`.
pub static SHIFT: TableDoc = TableDoc {
    path: "shifts.NAME",
    about: "A shift: units of a group with this shift are on duty from its start for its \
            hours, on the days it starts. `\"24x7\"` is built in (always on duty) and \
            cannot be redefined.",
    keys: &[
        key(
            "start_hour",
            Kind::Num(Check::Range(0.0, 23.99)),
            Def::Required,
            "hour of day",
            "when the shift starts",
        ),
        key(
            "hours",
            Kind::Num(Check::Range(0.25, 24.0)),
            Def::Required,
            "hours",
            "length of the shift; it may run past midnight and, from Sunday, into Monday",
        ),
        key(
            "days",
            Kind::Other(
                "`\"all\"`, `\"weekdays\"`, `\"weekends\"` or a list such as `[\"mon\", \"fri\"]`",
            ),
            Def::Text("all"),
            "",
            "the days on which the shift starts",
        ),
    ],
    extra: None,
};

pub(crate) fn read_shifts(r: &mut Reader, top: &mut Tbl) -> Vec<ShiftSpec> {
    let mut shifts = vec![ShiftSpec {
        name: "24x7".into(),
        start_hour: 0.0,
        hours: 24.0,
        days: [true; 7],
    }];
    let Some(mut t) = r.sub(top, "shifts") else {
        return shifts;
    };
    let names: Vec<String> = t.keys().map(str::to_string).collect();
    for name in names {
        let Some(s) = r.sub(&mut t, &name) else {
            continue;
        };
        let mut s = s.with_doc(&SHIFT);
        if name == "24x7" {
            let o = s.origin.clone();
            r.error(
                &s.path.clone(),
                &o,
                "\"24x7\" is built in and cannot be redefined",
            );
        }
        let start_hour = r.num(&mut s, "start_hour");
        let hours = r.num(&mut s, "hours");
        let mut days = [true; 7];
        r.fill(&s, "days", Val::Str(SHIFT.text("days").into()));
        let dp = s.key_path("days");
        if let Some(n) = r.get(&mut s, "days") {
            match &n.val {
                Val::Str(w) if w == "all" => {}
                Val::Str(w) if w == "weekdays" => days = [true, true, true, true, true, false, false],
                Val::Str(w) if w == "weekends" => days = [false, false, false, false, false, true, true],
                Val::Array(items) => {
                    days = [false; 7];
                    for (i, it) in items.iter().enumerate() {
                        if let Some(d) = r.choice_of(&format!("{dp}[{i}]"), it, &DAYS) {
                            days[d] = true;
                        }
                    }
                    if !days.iter().any(|d| *d) {
                        r.error(&dp, &n.origin, "a shift needs at least one day");
                    }
                }
                _ => r.error(&dp, &n.origin, "expected \"all\", \"weekdays\", \"weekends\" or a list like [\"mon\", \"tue\"]"),
            }
        }
        r.finish(s);
        shifts.push(ShiftSpec {
            name,
            start_hour,
            hours,
            days,
        });
    }
    r.finish(t);
    shifts
}
