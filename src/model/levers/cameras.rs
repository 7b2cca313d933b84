//! Street cameras (`[cameras]`, public CCTV; docs/levers.md §2): cameras at
//! set nodes. In view, fewer offenders go ahead (the in-view cut of the
//! setting, monitored or not), and a share `diffusion` of that cut next
//! door; a monitored camera's control room may see a crime and call it in
//! at once; footage raises the solve rate of a crime in view. Owns which
//! nodes are covered, each node's cut, the settings in force and the count
//! of crimes seen on camera.

use super::{CostItem, Emit, Item, Lever, Provided, Settings, Slot, Start, Targets, started};
use crate::scenario::Scenario;
use crate::world::World;

#[derive(Debug, Clone, Default)]
pub(crate) struct Cameras {
    /// A street camera covers the node.
    covered: Vec<bool>,
    /// The cameras' cut of the chance of going ahead at the node: the
    /// in-view cut where covered, its diffusion share next door.
    cut: Vec<f64>,
    monitored: bool,
    monitor_detect: f64,
    solve_uplift: f64,
    /// Crimes the control room saw and called in, after warm-up.
    seen: u64,
}

impl Cameras {
    /// Hook `configure` (the crime model is on): the cameras in force (the
    /// start, each phase).
    pub(crate) fn configure(&mut self, s: &Scenario, w: &World) {
        let c = &s.cameras;
        let mut covered = vec![false; w.node_count()];
        for r in &c.nodes {
            covered[w.resolve(*r).expect("checked by world") as usize] = true;
        }
        self.cut = cuts(&covered, c.in_view_cut, c.diffusion, |i| {
            w.neighbours(i).iter().map(|a| a.to)
        });
        self.covered = covered;
        self.monitored = c.monitored;
        self.monitor_detect = c.monitor_detect;
        self.solve_uplift = c.solve_uplift;
    }

    /// A camera covers `node` (the crime there is in view).
    #[inline]
    pub(crate) fn covers(&self, node: u32) -> bool {
        self.covered[node as usize]
    }

    /// Hook `crime attempted`: the cameras' cut of the chance of going
    /// ahead at `node`.
    #[inline]
    pub(crate) fn cut(&self, node: u32) -> f64 {
        self.cut[node as usize]
    }

    /// Hook `crime attempted`, the attempt begun (`in_view`: a camera
    /// covers the place): true when a monitored camera's control room sees
    /// it (then the loop calls it in at once). Draws one uniform (`draw`:
    /// the offender's stream) only for a crime in view of monitored cameras.
    pub(crate) fn control_room_sees(
        &mut self,
        in_view: bool,
        draw: impl FnOnce() -> f64,
        counted: bool,
    ) -> bool {
        if in_view && self.monitored && draw() < self.monitor_detect {
            if counted {
                self.seen += 1;
            }
            return true;
        }
        false
    }

    /// Hook `identification`: the evidence part `evidence` of the chance to
    /// identify the offender of a crime, raised by footage when it was in
    /// view (levers.md §2: calibrated to clearance with and without footage).
    #[inline]
    pub(crate) fn evidence(&self, in_view: bool, evidence: f64) -> f64 {
        if in_view {
            evidence * (1.0 + self.solve_uplift)
        } else {
            evidence
        }
    }

    /// Nodes covered by a camera (for their cost).
    pub(crate) fn placed(&self) -> usize {
        self.covered.iter().filter(|&&b| b).count()
    }

    /// Crimes seen on camera and called in, after warm-up.
    pub(crate) fn seen(&self) -> u64 {
        self.seen
    }
}

impl Lever for Cameras {
    fn start(at: &Start) -> Self {
        started(at)
    }

    fn apply(&mut self, at: &Settings) {
        if at.crime.is_some() {
            self.configure(at.s, at.w);
        }
    }

    const COSTS: &'static [CostItem] = &[CostItem {
        item: Item::StreetCameras,
        // Per camera-year, with or without a control room.
        cost: |c| {
            let e = &c.s.economics;
            c.s.cameras.nodes.len() as f64
                * if c.s.cameras.monitored {
                    e.price(&crate::scenario::levers::cameras::MONITORED)
                } else {
                    e.price(&crate::scenario::levers::cameras::PASSIVE)
                }
                * c.p.years
        },
        used: |s| !s.cameras.nodes.is_empty(),
    }];

    fn provide(&self, _targets: Targets, out: &mut Provided) {
        out.street_cameras = self.placed() as f64;
    }

    fn emit(&self, out: &mut Emit) {
        out.count(Slot::Settings, "crimes_seen_on_camera", self.seen());
    }
}

/// Each node's cut of the chance of going ahead: `in_view` at a covered
/// node, `diffusion` × that at its neighbours (the larger where both
/// apply), 0 elsewhere.
fn cuts<I: Iterator<Item = u32>>(
    covered: &[bool],
    in_view: f64,
    diffusion: f64,
    neighbours: impl Fn(u32) -> I,
) -> Vec<f64> {
    let mut cut = vec![0.0; covered.len()];
    for (i, _) in covered.iter().enumerate().filter(|(_, b)| **b) {
        cut[i] = in_view;
        for m in neighbours(i as u32) {
            let m = m as usize;
            if !covered[m] {
                cut[m] = f64::max(cut[m], in_view * diffusion);
            }
        }
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::{Cameras, cuts};

    /// A path 0 – 1 – 2 – 3.
    fn path(i: u32) -> impl Iterator<Item = u32> {
        [i.wrapping_sub(1), i + 1].into_iter().filter(|&m| m < 4)
    }

    #[test]
    fn the_cut_is_full_in_view_and_a_diffusion_share_next_door() {
        let c = cuts(&[false, true, false, false], 0.4, 0.5, path);
        assert_eq!(c, vec![0.2, 0.4, 0.2, 0.0]);
        // A covered node keeps its own cut next to another camera.
        let c = cuts(&[true, true, false, false], 0.4, 0.5, path);
        assert_eq!(c, vec![0.4, 0.4, 0.2, 0.0]);
    }

    #[test]
    fn only_monitored_cameras_in_view_draw_and_see() {
        let mut cam = Cameras {
            covered: vec![true, false],
            cut: vec![0.1, 0.0],
            monitored: false,
            monitor_detect: 0.5,
            solve_uplift: 1.0,
            seen: 0,
        };
        assert!(!cam.control_room_sees(true, || panic!("no draw"), true));
        cam.monitored = true;
        assert!(!cam.control_room_sees(false, || panic!("no draw"), true));
        assert!(cam.control_room_sees(true, || 0.2, false));
        assert!(cam.control_room_sees(true, || 0.2, true));
        assert!(!cam.control_room_sees(true, || 0.7, true));
        assert_eq!(cam.seen(), 1);
        assert_eq!(cam.placed(), 1);
        assert!(cam.covers(0) && !cam.covers(1));
        assert_eq!(cam.evidence(true, 0.3), 0.6);
        assert_eq!(cam.evidence(false, 0.3), 0.3);
    }
}
