//! The essay's claims: for each, the essay's words, the comparison file
//! that tests it, what it predicts, the rows (strategies) shown and the
//! note on what drives the result. The list the generator runs.

/// What the essay predicts the change does.
#[derive(Clone, Copy)]
pub enum Predicts {
    FewerCrimes,
    FasterResponse,
}

pub struct Row {
    pub strategy: &'static str,
    pub label: &'static str,
    /// The alternative the essay argues against (shown for comparison; its
    /// row gets no verdict on the claim).
    pub comparator: bool,
}

pub struct Claim {
    pub essay: &'static str,
    pub file: &'static str,
    pub predicts: Predicts,
    pub rows: &'static [Row],
    /// Head to head: (strategy, against, label), from a second comparison
    /// with `--baseline against` (the claim is that one beats the other).
    pub versus: &'static [(&'static str, &'static str, &'static str)],
    /// What drives the result and what to keep in mind (no numbers: every
    /// number in the document comes from the runs).
    pub note: &'static str,
}

pub const CLAIMS: &[Claim] = &[
    Claim {
        essay: "All officers on the road (全警上路, over 90 % on the street) beats holding them at the stations (层层屯警)",
        file: "scenarios/claims/on-road.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[Row {
            strategy: "on_road_90",
            label: "90 % of on-duty units patrol (vs 30 %)",

            comparator: false,
        }],
        versus: &[],
        note: "Same officers, so no extra cost. More patrol raises presence and coverage (deterrence, in-act arrests); \
               patrolling units are also further from the next call than units at the station, so the response time can rise. \
               Deterrence follows the residual-deterrence model of crime.md (Koper, B3). The Kansas City experiment (B1) \
               found no measurable effect of patrol levels on crime; hold the size found here against that.",
    },
    Claim {
        essay: "Full-coverage patrol (全方位巡逻, no blind spots) beats local patrol (局部巡逻)",
        file: "scenarios/claims/full-coverage.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[
            Row {
                strategy: "full_coverage",
                label: "coverage-balancing routes over each whole jurisdiction, round the clock (vs patrol of the station areas by day only)",
                comparator: false,
            },
            Row {
                strategy: "county_random_patrol",
                label: "the county's random patrol over each whole jurisdiction, round the clock",
                comparator: false,
            },
        ],
        versus: &[],
        note: "The baseline is local patrol as the essay means it: the patrolling cars keep to a beat around \
               each station (about a third of the jurisdiction) and patrol by day only (10:00-22:00), standing \
               by at night; same officers and car-hours (the day/night split counts five more vehicles). The \
               county's random patrol is a second full-coverage row. Local beats concentrate presence near \
               stations, which are not where most opportunities are. Hot-spot patrol (compare-patrol.toml) is \
               the third option.",
    },
    Claim {
        essay: "Round-the-clock patrol (全天候巡逻) beats time-limited patrol (限时巡逻)",
        file: "scenarios/claims/round-the-clock.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[Row {
            strategy: "round_the_clock",
            label: "two extra cars patrolling 24 h (vs four extra cars by day only, same car-hours)",

            comparator: false,
        }],
        versus: &[],
        note: "Same officer-hours; two fewer vehicles. Night hours have fewer opportunities (street activity) but \
               fewer guardians; the result says whether spreading the same hours over the night prevents more.",
    },
    Claim {
        essay: "Enforcement patrol (执法巡逻: patrol with stop-and-check) beats plain patrol (单纯巡逻)",
        file: "scenarios/claims/enforcement.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[Row {
            strategy: "enforcement_patrol",
            label: "patrolling units stop and check about once an hour, 10 minutes each",

            comparator: false,
        }],
        versus: &[],
        note: "Checks catch offenders carrying loot but take time from patrol and from answering calls. B13 finds the \
               deterrent effect of stop-and-search marginal at best; most of the value is arrests.",
    },
    Claim {
        essay: "Checkpoints control the points (卡口控点): for the same money, checkpoints beat more cars",
        file: "scenarios/checkpoints-vs-patrol.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[
            Row {
                strategy: "checkpoints_at_exits",
                label: "four posts at the county exits by night, 2 officers each",

                comparator: false,
            },
            Row {
                strategy: "two_more_cars",
                label: "two more round-the-clock cars (about the same money)",

                comparator: true,
            },
        ],
        versus: &[(
            "checkpoints_at_exits",
            "two_more_cars",
            "checkpoints at the exits vs two more cars, head to head",
        )],
        note: "Checkpoints intercept offenders carrying loot and register passages (levers.md §4); their interception \
               share is a free parameter (B13 has no property-crime figure).",
    },
    Claim {
        essay: "Technical defence (技防): cameras are a better buy than more officers",
        file: "scenarios/cameras-vs-officers.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[
            Row {
                strategy: "cameras_81",
                label: "81 monitored street cameras over the town centre",

                comparator: false,
            },
            Row {
                strategy: "one_more_car",
                label: "one more round-the-clock car in the centre (about the same money)",

                comparator: true,
            },
            Row {
                strategy: "locks_centre",
                label: "a lock programme in the centre, paid by households",

                comparator: false,
            },
        ],
        versus: &[(
            "cameras_81",
            "one_more_car",
            "81 cameras vs one more car, head to head",
        )],
        note: "Most of the camera effect is the control room's call-ins, which lead to arrests on the spot; \
               deterrence in view and footage each add less (levers.md §8, \"What drives the camera result\"); \
               B10's meta-analysis gives a modest deterrent effect for CCTV, larger \
               in car parks. Camera running costs are C4's.",
    },
    Claim {
        essay: "People defence (人防): joint-defence volunteers (群防群治) cost less than officers for the same protection",
        file: "scenarios/claims/volunteers.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[
            Row {
                strategy: "ten_volunteer_groups",
                label: "ten volunteer groups of three walking by day",

                comparator: false,
            },
            Row {
                strategy: "one_more_car",
                label: "one more round-the-clock car (about the same money)",

                comparator: true,
            },
        ],
        versus: &[(
            "ten_volunteer_groups",
            "one_more_car",
            "ten volunteer groups vs one more car, head to head",
        )],
        note: "Volunteers deter (visibility 0.4 of a police car, synthesis) and call in what they see but arrest nobody \
               and answer no call. B12 (neighbourhood watch, 16-26 % less crime) is an upper bound for people defence; \
               the volunteer cost per hour is a synthesis figure.",
    },
    Claim {
        essay: "Regional linkage (区域联动) defeats roaming offenders (流窜性, 跳跃性)",
        file: "scenarios/claims/regional.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[Row {
            strategy: "strong",
            label: "strong cooperation (0.9 within the county, 0.6 with neighbours, shared alerts, units cross boundaries) vs weak",

            comparator: false,
        }],
        versus: &[],
        note: "Cooperation decides whether an identification made in one jurisdiction leads to an arrest where the \
               offender is found, whether checkpoints know of wanted offenders, and whether units answer calls next door. \
               Its cost (liaison, joint work, the shared alert system) is priced per pair of jurisdictions at its level \
               with synthesis prices (economics.md); weak cooperation also keeps units from answering calls next door, \
               which is most of the response-time difference.",
    },
    Claim {
        essay: "The unified 110 platform (三台合一) answers faster than separate desks",
        file: "scenarios/claims/unified-110.toml",
        predicts: Predicts::FasterResponse,
        rows: &[Row {
            strategy: "unified_platform",
            label: "one platform of the same 4 call takers (vs separate desks, 10 % misrouted)",

            comparator: false,
        }],
        versus: &[],
        note: "Intake emerges from call takers as servers (docs/desks.md): the platform pools the desks' call takers \
               and avoids transfers, but a generalist handles calls 10 % longer (synthesis). At a county's load the call \
               takers are lightly busy, so the gain is seconds. The platform is priced at a synthesis 150,000 a year more \
               than separate desks (economics.platform_cost_per_year), the call takers alike in both.",
    },
    Claim {
        essay: "Prevention (防) gives a better input/output ratio than striking (打) after the fact",
        file: "scenarios/claims/prevention-vs-strike.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[
            Row {
                strategy: "strike_8_detectives",
                label: "strike: 8 more detectives (25 → 33)",

                comparator: true,
            },
            Row {
                strategy: "prevent_locks_alarms",
                label: "prevention: county-wide locks (0.9) and alarms (0.3), paid by households",

                comparator: false,
            },
            Row {
                strategy: "prevent_two_more_cars",
                label: "prevention by presence: two more round-the-clock cars",

                comparator: false,
            },
        ],
        versus: &[
            (
                "prevent_locks_alarms",
                "strike_8_detectives",
                "locks and alarms vs 8 detectives, head to head",
            ),
            (
                "prevent_two_more_cars",
                "strike_8_detectives",
                "two more cars vs 8 detectives, head to head",
            ),
        ],
        note: "Investigation capacity matters when the case queue is long (levers.md §7): detectives shorten waits and \
               evidence decays less. Locks and alarms act on the targets (B11); cars on presence. Compare the benefit-cost ratios.",
    },
    Claim {
        essay: "Surfaces held by community police (社区民警) and control of where offenders eat, live, travel, sell and play (吃住行销乐)",
        file: "scenarios/community-and-informants.toml",
        predicts: Predicts::FewerCrimes,
        rows: &[
            Row {
                strategy: "community_officers",
                label: "6 community officers (centre and north)",

                comparator: false,
            },
            Row {
                strategy: "informants",
                label: "informants at eat/live/travel/sell/play places",

                comparator: false,
            },
            Row {
                strategy: "registration",
                label: "lodging and second-hand-trade registration",

                comparator: false,
            },
            Row {
                strategy: "one_more_car",
                label: "one more round-the-clock car",

                comparator: true,
            },
        ],
        versus: &[(
            "informants",
            "one_more_car",
            "informants vs one more car, head to head",
        )],
        note: "Information levers work through identification and incapacitation; their yields are synthesis values \
               anchored on B14's Hertfordshire figure (about one arrest per informant a year). Treat their size as a \
               planner's assumption.",
    },
    Claim {
        essay: "Combined operations (合成作战: patrol, traffic police, fire and ambulance working as one) answer faster than each agency alone",
        file: "scenarios/claims/combined-operations.toml",
        predicts: Predicts::FasterResponse,
        rows: &[Row {
            strategy: "combined_operations",
            label: "the same units, another role covers a call when its own units are busy (vs separate operations)",

            comparator: false,
        }],
        versus: &[],
        note: "Unit roles (docs/desks.md): under separate operations the county's 3 traffic cars alone answer its traffic \
               calls and the traffic part of injury accidents, so those wait; combined operations send an idle patrol car \
               instead, at a small cost in the patrol calls' response. The gain is as large as the separate traffic force \
               is thin: the unit counts and the injury-accident rate are synthesis, and no study measuring the effect is \
               in references.md.",
    },
];
