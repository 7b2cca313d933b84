//! Where and when crime happens: places' attractiveness against the law of
//! crime concentration and its stability from year to year, assault with
//! injury at night, at weekends and in summer, each crime type keeping to
//! its calendar, and the bad input and warnings of these keys
//! (docs/crime.md §14–15).

use super::*;
use patrolsim::model::{LoggedCrime, Model, RunOptions};

const MS_PER_DAY: u64 = 86_400_000;
const MS_PER_HOUR: u64 = 3_600_000;

/// The county over `days` with overrides: its crime log (completed crimes)
/// for one seed, and the number of nodes.
fn crimes(days: u32, seed: u64, set: &[&str]) -> (Vec<LoggedCrime>, usize) {
    let h = format!("scenario.horizon_days={days}");
    let mut all = vec![h.as_str()];
    all.extend_from_slice(set);
    let s = shipped("scenarios/county.toml", &all);
    let (m, _) = Model::new(&s).unwrap();
    let r = m.run_with(
        seed,
        RunOptions {
            log_crimes: true,
            ..Default::default()
        },
    );
    (r.crime_log, m.world.node_count())
}

fn kind_of(name: &str) -> u16 {
    let s = shipped("scenarios/county.toml", &[]);
    s.crime
        .as_ref()
        .unwrap()
        .types
        .iter()
        .position(|t| t.name == name)
        .unwrap() as u16
}

/// The smallest share of nodes holding `part` of the counts.
fn concentration(counts: &[f64], part: f64) -> f64 {
    let mut v = counts.to_vec();
    v.sort_by(|a, b| b.partial_cmp(a).unwrap());
    let total: f64 = v.iter().sum();
    let mut acc = 0.0;
    for (i, x) in v.iter().enumerate() {
        acc += x;
        if acc >= part * total {
            return (i + 1) as f64 / v.len() as f64;
        }
    }
    1.0
}

/// The law of crime concentration (Weisburd 2015, B9): about half of crime
/// at 2.1–6 % of street segments, a quarter at 0.4–1.6 %; here at the grain
/// of nodes (intersections), in one county-year. Without the places'
/// attractiveness (all alike) crime is clearly more spread out.
#[test]
fn half_the_crime_falls_at_a_few_percent_of_places_as_the_law_of_concentration_says() {
    let base = replicate(
        "scenarios/county.toml",
        &["scenario.horizon_days=365"],
        11,
        1,
    );
    let c50 = base.runs[0].metric("crime_concentration_50").unwrap();
    let c25 = base.runs[0].metric("crime_concentration_25").unwrap();
    assert!((0.021..=0.06).contains(&c50), "half of crime at {c50}");
    assert!(
        (0.004..=0.016).contains(&c25),
        "a quarter of crime at {c25}"
    );
    let alike = replicate(
        "scenarios/county.toml",
        &["scenario.horizon_days=365", "places.attractiveness_sd=0"],
        11,
        1,
    );
    let flat50 = alike.runs[0].metric("crime_concentration_50").unwrap();
    assert!(flat50 > 1.5 * c50, "all alike {flat50} vs {c50}");
}

/// Pearson correlation.
fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

/// Crime at places is stable from year to year (Weisburd et al. 2004,
/// B9: in Seattle about half of crime fell on 4–5 % of street segments in
/// each of 14 years, and 84 % of segments followed stable trajectories).
/// Two years of the county: the per-node counts of the two years correlate
/// strongly, and the places holding half of year 1's crime hold at least
/// 40 % of year 2's. Measured from the shipped steady state (2026-12-01):
/// r 0.972 and 0.972, year 1's top places hold 0.471 and 0.512 of year 2
/// (seeds 3, 4; from the empty start, which this test ran before: r 0.975
/// and 0.970, 0.474 and 0.463).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn crime_at_places_is_stable_from_year_to_year() {
    for seed in [3, 4] {
        let (log, n) = crimes(731, seed, &[STATIONARY]);
        let mut years = [vec![0.0; n], vec![0.0; n]];
        for c in &log {
            let y = ((c.start_ms / MS_PER_DAY - 1) / 365).min(1) as usize;
            years[y][c.node as usize] += 1.0;
        }
        let r = correlation(&years[0], &years[1]);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| years[0][b].partial_cmp(&years[0][a]).unwrap());
        let total0: f64 = years[0].iter().sum();
        let (mut acc, mut top) = (0.0, Vec::new());
        for &i in &order {
            if acc >= 0.5 * total0 {
                break;
            }
            acc += years[0][i];
            top.push(i);
        }
        let held: f64 =
            top.iter().map(|&i| years[1][i]).sum::<f64>() / years[1].iter().sum::<f64>();
        let (c0, c1) = (concentration(&years[0], 0.5), concentration(&years[1], 0.5));
        eprintln!(
            "seed {seed}: r = {r:.3}; year 1's top {} places hold {held:.3} of year 2; half of crime at {c0:.4} / {c1:.4}",
            top.len()
        );
        assert!(r > 0.8, "year-to-year correlation {r}");
        assert!(held >= 0.4, "year 1's places hold {held} of year 2's crime");
        for c in [c0, c1] {
            assert!((0.021..=0.06).contains(&c), "half of crime at {c}");
        }
    }
}

/// Assault with injury keeps to the night-time economy's calendar: the
/// share between midnight and 06:00 near the 19 % of violent incidents of
/// the BCS 2008/09 (D), about half at the weekend (49 %, D: here
/// Saturday and Sunday), and a summer peak (McDowall et al. 2012, F3).
/// The season is measured as they measured it, net of the trend: June–August
/// against December–February, relative to the same runs without seasons
/// (common random numbers), about 1.26 for the default amplitude 0.12;
/// robbery, which they find peaking in winter, comes out below 1.
/// Measured from the shipped steady state (2026-12-01, seeds 5–8): 1,573
/// assaults, 0.210 at 00–06, 0.453 at weekends, summer ÷ winter 1.155;
/// robbery 0.949 (from the empty start, which this test ran before: 2,357,
/// 0.210, 0.448, 1.158; robbery 0.867).
#[test]
#[ignore = "slow tier: statistical; cargo test --release -- --ignored"]
fn assault_happens_at_night_at_weekends_and_in_summer() {
    let (assault, robbery) = (kind_of("assault"), kind_of("robbery"));
    // Per type: [summer, winter] counts, with and without seasons.
    let season = |set: &[&str], seeds: &[u64]| {
        let mut by = [[0.0; 2]; 2];
        let (mut n, mut night, mut weekend) = (0.0, 0.0, 0.0);
        for &seed in seeds {
            let (log, _) = crimes(366, seed, set);
            for c in &log {
                let day = c.start_ms / MS_PER_DAY;
                // Day 0 is 1 January, a Monday; months as days of the year.
                let doy = day % 365;
                let part = if (151..243).contains(&doy) {
                    0
                } else if !(59..334).contains(&doy) {
                    1
                } else {
                    2
                };
                let k = if c.kind == assault {
                    n += 1.0;
                    night += ((c.start_ms % MS_PER_DAY) / MS_PER_HOUR < 6) as u8 as f64;
                    weekend += (day % 7 >= 5) as u8 as f64;
                    0
                } else if c.kind == robbery {
                    1
                } else {
                    continue;
                };
                if part < 2 {
                    by[k][part] += 1.0;
                }
            }
        }
        (by, n, night / n, weekend / n)
    };
    let seeds = [5, 6, 7, 8];
    let (with, n, night, weekend) = season(&[STATIONARY], &seeds);
    let (without, _, _, _) = season(
        &[
            STATIONARY,
            "crime.types.assault.seasonal_amplitude=0",
            "crime.types.robbery.seasonal_amplitude=0",
        ],
        &seeds,
    );
    let ratio = |k: usize| (with[k][0] / with[k][1]) / (without[k][0] / without[k][1]);
    let (a, r) = (ratio(0), ratio(1));
    eprintln!(
        "assaults {n}: 00-06 {night:.3}, weekend {weekend:.3}, summer/winter (net of trend) {a:.3}; robbery {r:.3}"
    );
    assert!(n > 1200.0, "assaults {n}");
    assert!((0.12..=0.28).contains(&night), "00:00-06:00 share {night}");
    assert!((0.40..=0.58).contains(&weekend), "weekend share {weekend}");
    assert!((1.05..=1.5).contains(&a), "assault summer/winter {a}");
    assert!(r < 1.0, "robbery summer/winter {r}");
}

/// A crime type's calendar is exact where it says "never": assault given no
/// weight on Mondays and before 06:00 has no completed assault started then,
/// while the other types still do.
#[test]
fn a_crime_type_keeps_to_its_calendar() {
    let assault = kind_of("assault");
    let (log, _) = crimes(
        60,
        1,
        &[
            "crime.types.assault.by_weekday=[0, 1, 1, 1, 1, 1, 1]",
            "crime.types.assault.by_hour=[0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
        ],
    );
    let monday_or_night = |c: &&LoggedCrime| {
        (c.start_ms / MS_PER_DAY).is_multiple_of(7) || (c.start_ms % MS_PER_DAY) < 6 * MS_PER_HOUR
    };
    let a = log.iter().filter(|c| c.kind == assault).count();
    let a_off = log
        .iter()
        .filter(|c| c.kind == assault)
        .filter(monday_or_night)
        .count();
    let others_off = log
        .iter()
        .filter(|c| c.kind != assault)
        .filter(monday_or_night)
        .count();
    assert!(a > 20, "assaults {a}");
    assert_eq!(a_off, 0, "assaults on Mondays or before 06:00");
    assert!(others_off > 20, "other crimes then: {others_off}");
}

/// A small county with crime: a 5 × 5 grid, one day.
const SMALL_CRIME: &str = r#"[scenario]
name = "small"
horizon_days = 1
replications = 1

[network]
kind = "grid"
rows = 5
cols = 5
block_m = 200

[calls]
rate_per_hour = 1.0

[[units]]
type = "car"
count = 1

[crime]
local_offenders = 5
"#;

#[test]
fn a_crime_type_profile_of_the_wrong_length_or_all_zero_is_refused() {
    let text = format!("{SMALL_CRIME}\n[crime.types.assault]\nby_hour = [1, 2, 3]\n");
    let s = Scratch::new("hours.toml", &text);
    let err = s.rejected(&[]);
    let line = text.lines().position(|l| l.starts_with("by_hour")).unwrap() + 1;
    assert!(
        err.contains(&format!(
            "{}`crime.types.assault.by_hour`: expected 24 numbers, found 3",
            s.at(line, 11)
        )),
        "{err}"
    );
    let text =
        format!("{SMALL_CRIME}\n[crime.types.burglary]\nby_weekday = [0, 0, 0, 0, 0, 0, 0]\n");
    let s = Scratch::new("days.toml", &text);
    let err = s.rejected(&[]);
    assert!(
        err.contains("`crime.types.burglary.by_weekday`: at least one value must be above 0"),
        "{err}"
    );
    assert!(err.contains(&s.file), "names the file: {err}");
    let s = Scratch::new("season.toml", SMALL_CRIME);
    let err = s.rejected(&["--set", "crime.types.robbery.seasonal_peak_day=400"]);
    assert!(
        err.contains("crime.types.robbery.seasonal_peak_day"),
        "{err}"
    );
}

#[test]
fn an_extreme_season_or_concentration_warns_and_the_run_goes_on() {
    let s = Scratch::new("warn.toml", SMALL_CRIME);
    let err = s.accepted(&[
        "--set",
        "crime.types.assault.seasonal_amplitude=0.8",
        "--set",
        "places.attractiveness_sd=2.5",
    ]);
    assert!(
        err.contains("warning: `places.attractiveness_sd`: 2.5: places this unequal"),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: `crime.types.assault.seasonal_amplitude`: 0.8: a seasonal swing of ±80 %"
        ),
        "{err}"
    );
    // The defaults warn of nothing.
    let s = Scratch::new("quiet.toml", SMALL_CRIME);
    assert_eq!(s.accepted(&[]), "");
}
