#!/usr/bin/env python3
"""Writes scenarios/real/helsinki-calls.csv: a SYNTHETIC call history for the
central Helsinki extract (scenarios/real/helsinki.osm.pbf). It is NOT
Helsinki police data: no real call is in it. It exists so that the shipped
Helsinki scenario can show the whole workflow (a calls CSV through
`patrolsim fit-calls`), and so that the fit can be checked against what
generated it.

Assumptions (all made up, chosen to look like a city centre's calls for
service; none is fitted to real data):
  - 13 weeks, Monday 2024-01-01 00:00 to Sunday 2024-03-31 00:00, Helsinki
    winter time (UTC+02:00; summer time starts after the last call), as RFC
    3339 timestamps with the zone.
  - A Poisson stream of 2.0 calls an hour on average, shaped by an hour-of-
    day profile (quiet at 05:00, busiest in the evening) times a week-day
    profile (Friday and Saturday busier), with weekend nights (Friday and
    Saturday 22:00-04:00) a further 1.4 times busier: so the week is not
    an exact product of hour and week day (12 of 168 hours; too small for
    13 weeks of calls to show in fit-calls's product check).
  - Places: 65 % of calls scattered (normal, sd 120 m) around five busy
    places of the centre (the railway station, the Forum/Stockmann corner,
    Esplanadi, the Senate Square, Erottaja) in proportions 30:25:20:10:15,
    35 % uniform over the extract's box (lon 24.935-24.953, lat 60.164-
    60.179) but its north-west corner (west of 24.946 and north of 60.1725:
    Kaisaniemi park and Toolo bay, almost no road). Points falling in the
    harbour or a park may still lie farther than the snap limit from a road
    node: fit-calls refuses those rows and says which.
  - Types, shares, priorities and on-scene minutes (lognormal, mean and
    sd): disturbance 30 % P2 (25, 20); theft 20 % P3 (35, 25); traffic
    15 % P2 (30, 20); assault 10 % P1 (45, 30); alarm 15 % P3 (15, 10);
    welfare 10 % P2 (40, 30). On-scene minutes are left empty for 3 % of
    rows (an export with gaps).

Plain python3, standard library only, seeded (the same file every run).
Usage: python3 scripts/make-helsinki-calls.py [--seed N] [--out FILE]
"""
import argparse
import csv
import datetime as dt
import math
import random

LON0, LON1, LAT0, LAT1 = 24.935, 24.953, 60.164, 60.179
WEEKS = 13
RATE_PER_HOUR = 2.0
ZONE = dt.timezone(dt.timedelta(hours=2))
START = dt.datetime(2024, 1, 1, tzinfo=ZONE)  # a Monday

HOURLY = [0.9, 0.8, 0.7, 0.55, 0.45, 0.4, 0.5, 0.7, 0.9, 1.0, 1.0, 1.05,
          1.1, 1.1, 1.1, 1.15, 1.2, 1.25, 1.3, 1.35, 1.35, 1.3, 1.2, 1.05]
WEEKDAY = [0.9, 0.9, 0.95, 1.0, 1.15, 1.2, 0.9]  # Monday first
WEEKEND_NIGHT = 1.4

HOT = [  # (lon, lat, weight)
    (24.9414, 60.1710, 30),  # railway station square
    (24.9400, 60.1688, 25),  # Forum / Stockmann corner
    (24.9480, 60.1676, 20),  # Esplanadi
    (24.9522, 60.1692, 10),  # Senate Square
    (24.9440, 60.1665, 15),  # Erottaja
]
HOT_SHARE = 0.65
NW = (24.946, 60.1725)  # north-west of this: Kaisaniemi park and Toolo bay
SD_M = 120.0

TYPES = [  # (label, share, priority, on-scene mean, sd)
    ("disturbance", 0.30, 2, 25.0, 20.0),
    ("theft", 0.20, 3, 35.0, 25.0),
    ("traffic", 0.15, 2, 30.0, 20.0),
    ("assault", 0.10, 1, 45.0, 30.0),
    ("alarm", 0.15, 3, 15.0, 10.0),
    ("welfare", 0.10, 2, 40.0, 30.0),
]


def weekend_night(t):
    wd, h = t.weekday(), t.hour
    return (wd in (4, 5) and h >= 22) or (wd in (5, 6) and h < 4)


def intensity(t):
    f = HOURLY[t.hour] * WEEKDAY[t.weekday()]
    return f * (WEEKEND_NIGHT if weekend_night(t) else 1.0)


def lognormal(rng, mean, sd):
    s2 = math.log(1 + (sd / mean) ** 2)
    return rng.lognormvariate(math.log(mean) - s2 / 2, math.sqrt(s2))


def place(rng):
    if rng.random() < HOT_SHARE:
        lon, lat, _ = rng.choices(HOT, weights=[h[2] for h in HOT])[0]
        dy = rng.gauss(0, SD_M) / 111_195.0
        dx = rng.gauss(0, SD_M) / (111_195.0 * math.cos(math.radians(lat)))
        return min(max(lon + dx, LON0), LON1), min(max(lat + dy, LAT0), LAT1)
    while True:
        lon, lat = rng.uniform(LON0, LON1), rng.uniform(LAT0, LAT1)
        if not (lon < NW[0] and lat > NW[1]):
            return lon, lat


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--out", default="scenarios/real/helsinki-calls.csv")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    # Normalise the week's intensity to mean 1, then thin a Poisson stream.
    hours = [START + dt.timedelta(hours=h) for h in range(168)]
    mean_f = sum(intensity(t) for t in hours) / 168
    top = max(intensity(t) for t in hours) / mean_f
    end = START + dt.timedelta(weeks=WEEKS)
    t = START
    rows = []
    while True:
        t += dt.timedelta(hours=rng.expovariate(RATE_PER_HOUR * top))
        if t >= end:
            break
        if rng.random() * top > intensity(t) / mean_f:
            continue
        label, _, prio, m, sd = rng.choices(TYPES, weights=[x[1] for x in TYPES])[0]
        lon, lat = place(rng)
        mins = "" if rng.random() < 0.03 else f"{lognormal(rng, m, sd):.1f}"
        rows.append([t.replace(microsecond=0).isoformat(), f"{lon:.6f}", f"{lat:.6f}",
                     label, prio, mins])
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["time", "lon", "lat", "type", "priority", "on_scene_min"])
        w.writerows(rows)
    print(f"wrote {a.out}: {len(rows)} synthetic calls, {WEEKS} weeks")


main()
