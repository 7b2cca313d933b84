//! Informants at places (`[informants]` eat, live, travel, sell, play, and
//! those community officers recruit; docs/levers.md, "Informants and
//! registration"): an informant may note an offender who stays at the
//! place, and a sale of loot there; either helps identify the offender of
//! a crime committed before. Owns the places with an informant, the
//! settings in force, the per-offender mark (when last noted) and the count
//! of offenders noted.

use super::{CostItem, Emit, Item, Lever, Provided, Settings, Slot, Start, Targets, started};
use crate::engine::rng::{open01, splitmix64, stream, uniform01};
use crate::engine::time::Tick;
use crate::model::streams;
use crate::scenario::Scenario;
use crate::scenario::community::PLACE_KINDS;
use crate::world::World;

/// What informants know of one offender.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Marks {
    /// Last time an informant noted the offender staying at a place.
    noted_at: Tick,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Informants {
    /// An informant works at the node.
    at: Vec<bool>,
    /// Informants were asked for (or recruited): a source of tips.
    active: bool,
    notice: f64,
    identify: f64,
    fence_identify: f64,
    /// Offenders noted after warm-up.
    noted: u64,
}

impl Informants {
    /// Hook `configure` (the crime model is on): place the informants and
    /// take the settings in force (the start, each phase). `by_use`: the
    /// nodes of each land use, sorted.
    pub(crate) fn configure(&mut self, s: &Scenario, w: &World, by_use: &[Vec<u32>; 6]) {
        self.at = place(s, w, by_use);
        let inf = &s.informants;
        self.active = inf.count.iter().any(|&c| c > 0) || self.at.iter().any(|&b| b);
        self.notice = inf.notice;
        self.identify = inf.identify;
        self.fence_identify = inf.fence_identify;
    }

    /// Hook `offender stays` at `node` (after his look for a target): an
    /// informant there notes him on a uniform keyed by the offender `uid`
    /// and the time, taken from no stream (informants leave the offenders'
    /// choices as they were: common random numbers). Returns whether he was
    /// noted; counts it after warm-up (`counted`).
    pub(crate) fn on_stay(
        &mut self,
        marks: &mut Marks,
        node: u32,
        uid: u64,
        now: Tick,
        seed: u64,
        counted: bool,
    ) -> bool {
        let noted = self.at[node as usize]
            && open01(splitmix64(
                seed ^ splitmix64(uid ^ splitmix64(now ^ (7 << 60))),
            )) < self.notice;
        if noted {
            marks.noted_at = now;
            if counted {
                self.noted += 1;
            }
        }
        noted
    }

    /// An informant's bonus for noting a sale of loot.
    pub(crate) fn fence_identify(&self) -> f64 {
        self.fence_identify
    }

    /// Hook `identification` (informants' part of the tips): `b` plus the
    /// bonus when the offender was noted after the crime began at `start`.
    pub(crate) fn tip(&self, marks: &Marks, start: Tick, b: f64) -> f64 {
        if marks.noted_at >= start && marks.noted_at > 0 {
            b + self.identify
        } else {
            b
        }
    }

    /// Any informant asked for or placed.
    pub(crate) fn active(&self) -> bool {
        self.active
    }

    /// Places with an informant (for their cost).
    pub(crate) fn placed(&self) -> usize {
        self.at.iter().filter(|&&b| b).count()
    }

    /// Offenders noted after warm-up (metric `tips.offenders_noted`).
    pub(crate) fn noted(&self) -> u64 {
        self.noted
    }
}

impl Lever for Informants {
    fn start(at: &Start) -> Self {
        started(at)
    }

    fn apply(&mut self, at: &Settings) {
        if let Some(layout) = at.crime {
            self.configure(at.s, at.w, layout.by_use);
        }
    }

    const COSTS: &'static [CostItem] = &[CostItem {
        item: Item::Informants,
        cost: |c| c.p.provided.informants * c.s.economics.price(&crate::scenario::levers::community::INFORMANT) * c.p.years,
        // Informants asked for, or community officers who recruit them.
        used: |s| s.informants.count.iter().any(|&c| c > 0) || s.community.officers() > 0,
    }];

    fn provide(&self, _targets: Targets, out: &mut Provided) {
        out.informants = self.placed() as f64;
    }

    fn emit(&self, out: &mut Emit) {
        out.count(Slot::Regional, "tips.offenders_noted", self.noted());
    }
}

/// Informants at places (the scenario's counts per kind, then those the
/// community officers recruit in their areas), drawn once per scenario from
/// the places seed.
fn place(s: &Scenario, w: &World, by_use: &[Vec<u32>; 6]) -> Vec<bool> {
    let n = w.node_count();
    let mut informant = vec![false; n];
    let mut rng = stream(s.places.seed, streams::INFORMANTS);
    // Partial Fisher-Yates: `k` distinct places from `cands` not yet taken.
    let mut pick = |cands: Vec<u32>, k: usize, informant: &mut Vec<bool>| {
        let mut c: Vec<u32> = cands
            .into_iter()
            .filter(|&i| !informant[i as usize])
            .collect();
        for i in 0..k.min(c.len()) {
            let j = i + (uniform01(&mut rng) * (c.len() - i) as f64) as usize % (c.len() - i);
            c.swap(i, j);
            informant[c[i] as usize] = true;
        }
    };
    for (i, &(_, use_)) in PLACE_KINDS.iter().enumerate() {
        pick(
            by_use[use_].clone(),
            s.informants.count[i] as usize,
            &mut informant,
        );
    }
    let c = &s.community;
    for a in &c.areas {
        let nodes = &w.jurisdictions[a.jurisdiction].nodes;
        let mut places = Vec::new();
        for &node in nodes {
            if by_use
                .iter()
                .skip(1)
                .any(|l| l.binary_search(&node).is_ok())
            {
                places.push(node);
            }
        }
        let k = (a.officers as f64 * c.informants_per_officer).round() as usize;
        pick(places, k, &mut informant);
    }
    informant
}

#[cfg(test)]
mod tests {
    use super::{Informants, Marks};

    fn lever(notice: f64) -> Informants {
        Informants {
            at: vec![false, true],
            active: true,
            notice,
            identify: 0.25,
            fence_identify: 0.3,
            noted: 0,
        }
    }

    #[test]
    fn only_a_place_with_an_informant_notes_and_it_counts_after_warm_up() {
        let mut inf = lever(1.0);
        let mut m = Marks::default();
        assert!(!inf.on_stay(&mut m, 0, 5, 1_000, 9, true));
        assert!(inf.on_stay(&mut m, 1, 5, 1_000, 9, false));
        assert!(inf.on_stay(&mut m, 1, 5, 2_000, 9, true));
        assert_eq!(inf.noted(), 1);
        assert_eq!(m.noted_at, 2_000);
    }

    #[test]
    fn a_note_helps_only_crimes_begun_before_it() {
        let mut inf = lever(1.0);
        let mut m = Marks::default();
        inf.on_stay(&mut m, 1, 5, 1_000, 9, true);
        assert_eq!(inf.tip(&m, 500, 0.1), 0.1 + 0.25);
        assert_eq!(inf.tip(&m, 1_500, 0.1), 0.1);
        assert_eq!(inf.tip(&Marks::default(), 0, 0.0), 0.0);
    }

    #[test]
    fn the_notice_draw_is_keyed_by_offender_and_time_not_a_stream() {
        // The same offender at the same time is noted or not alike, however
        // often asked; the share noted over many offenders is `notice`.
        let mut inf = lever(0.4);
        let mut m = Marks::default();
        let first = inf.on_stay(&mut m, 1, 77, 3_000, 9, false);
        assert_eq!(inf.on_stay(&mut m, 1, 77, 3_000, 9, false), first);
        let n = 20_000;
        let noted = (0..n)
            .filter(|&uid| inf.on_stay(&mut m, 1, uid, 3_000, 9, false))
            .count();
        assert!((noted as f64 / n as f64 - 0.4).abs() < 0.015);
    }
}
