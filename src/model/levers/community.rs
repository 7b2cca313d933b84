//! Community policing (`[community]`; docs/levers.md): community officers
//! cover part of their jurisdiction's blocks; where they do, more crimes are
//! reported and reports come sooner. (The informants they recruit are
//! placed by `informants.rs`.) Owns each node's coverage and the settings
//! in force.

use super::{Lever, Settings, Start, started};
use crate::engine::time::Tick;
use crate::scenario::Scenario;
use crate::world::World;

#[derive(Debug, Clone, Default)]
pub(crate) struct Community {
    /// Community-policing coverage of the node's jurisdiction (0–1).
    coverage: Vec<f64>,
    /// At full coverage, the share of unreported crimes reported after all,
    /// and the cut in reporting delays.
    report_gain: f64,
    delay_cut: f64,
}

impl Community {
    /// Hook `configure` (the crime model is on): coverage of each node, and
    /// the settings in force (the start, each phase).
    pub(crate) fn configure(&mut self, s: &Scenario, w: &World) {
        let c = &s.community;
        let mut coverage = vec![0.0; w.node_count()];
        for a in &c.areas {
            let nodes = &w.jurisdictions[a.jurisdiction].nodes;
            let cov =
                (a.officers as f64 * c.nodes_per_officer / nodes.len().max(1) as f64).min(1.0);
            for &node in nodes {
                coverage[node as usize] = cov;
            }
        }
        self.coverage = coverage;
        self.report_gain = c.report_gain;
        self.delay_cut = c.delay_cut;
    }

    /// Hook `crime attempted`: the chance the victim reports a crime at
    /// `node` whose type has reporting share `base`.
    pub(crate) fn report_share(&self, node: u32, base: f64) -> f64 {
        base + (1.0 - base) * self.report_gain * self.coverage[node as usize]
    }

    /// Hook `crime reported`: a reporting delay `d` at `node`, shortened
    /// where community officers work.
    pub(crate) fn report_delay(&self, node: u32, d: Tick) -> Tick {
        let cov = self.coverage[node as usize];
        if cov > 0.0 {
            (d as f64 * (1.0 - self.delay_cut * cov)) as Tick
        } else {
            d
        }
    }
}

impl Lever for Community {
    fn start(at: &Start) -> Self {
        started(at)
    }

    fn apply(&mut self, at: &Settings) {
        if at.crime.is_some() {
            self.configure(at.s, at.w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Community;

    fn lever(coverage: Vec<f64>) -> Community {
        Community {
            coverage,
            report_gain: 0.5,
            delay_cut: 0.4,
        }
    }

    #[test]
    fn coverage_closes_part_of_the_reporting_gap() {
        let c = lever(vec![0.0, 1.0, 0.5]);
        assert_eq!(c.report_share(0, 0.6), 0.6);
        assert!((c.report_share(1, 0.6) - 0.8).abs() < 1e-12);
        assert!((c.report_share(2, 0.6) - 0.7).abs() < 1e-12);
    }

    #[test]
    fn delays_are_cut_only_where_officers_work() {
        let c = lever(vec![0.0, 1.0]);
        assert_eq!(c.report_delay(0, 1_000), 1_000);
        assert_eq!(c.report_delay(1, 1_000), 600);
    }
}
