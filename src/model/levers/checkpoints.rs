//! Checkpoints (`[[checkpoints]]`, 卡口控点; docs/levers.md): staffed posts
//! on the roads at set hours. An offender carrying loot, or wanted, who
//! passes a staffed post is stopped: if he knows the post he drives round
//! it (a detour of a few minutes); else he is registered (which helps
//! identify him for crimes committed before) and, on the post's check
//! share, caught if he carries loot or the alert for him reaches the post;
//! let go, he may learn the post. Owns the posts at each node and their
//! settings in force, and the per-offender marks (stopped, detouring, last
//! registered, posts learnt).

use super::{CostItem, Item, Lever, Settings, Start, started};
use crate::engine::time::{MS_PER_DAY, MS_PER_HOUR, Tick};
use crate::scenario::Scenario;
use crate::world::World;

/// What the checkpoints know of one offender, and where he is with them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Marks {
    /// Stopped at a staffed checkpoint: the check happens at the event.
    at_checkpoint: bool,
    /// Look for a target here after the check (the node was one to look at).
    look_after_check: bool,
    /// Driving round a known post.
    detouring: bool,
    /// Last time the offender was registered passing a checkpoint.
    registered_at: Tick,
    /// Checkpoints (bit k: the scenario's post k, k < 64) the offender has
    /// learnt, having been stopped there; he drives round them from then on.
    known_posts: u64,
}

/// A post's settings.
#[derive(Debug, Clone, Copy)]
struct Post {
    known_share: f64,
    detour: Tick,
    learn_share: f64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Checkpoints {
    /// Checkpoint at the node: (start of staffing in the day, length, check
    /// share, index into the scenario's checkpoints).
    at: Vec<Option<(Tick, Tick, f64, usize)>>,
    posts: Vec<Post>,
    /// The largest registration bonus of any post.
    registration_identify: f64,
}

/// What happens when a moving offender reaches the node of his event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Arrive {
    /// Nothing of the checkpoints': walk on, or look for a target here when
    /// `look` (or at the destination).
    Go { look: bool },
    /// He knows the post: he drives round it, arriving after this long.
    Detour(Tick),
    /// Stopped and registered at post `post`: caught if `checked` and he is
    /// a suspect (loot, or an alert that reaches the post); else let go
    /// ([`Checkpoints::let_go`]) and then as `Go { look }`.
    Checked {
        checked: bool,
        post: usize,
        look: bool,
    },
}

impl Checkpoints {
    /// Hook `configure` (the crime model is on): the posts in force (the
    /// start, each phase).
    pub(crate) fn configure(&mut self, s: &Scenario, w: &World) {
        let mut at = vec![None; w.node_count()];
        for (k, c) in s.checkpoints.iter().enumerate() {
            let i = w.resolve(c.node).expect("checked by world") as usize;
            at[i] = Some((
                (c.start_hour * MS_PER_HOUR as f64) as Tick,
                (c.hours * MS_PER_HOUR as f64) as Tick,
                c.check_share,
                k,
            ));
        }
        self.at = at;
        self.posts = s
            .checkpoints
            .iter()
            .map(|c| Post {
                known_share: c.known_share,
                detour: (c.detour_min * 60_000.0) as Tick,
                learn_share: c.learn_share,
            })
            .collect();
        self.registration_identify = s
            .checkpoints
            .iter()
            .map(|c| c.registration_identify)
            .fold(0.0, f64::max);
    }

    /// Hook `offender passes` `node` at time `t` on his way (a suspect: he
    /// carries loot or is wanted), where he would look for a target when
    /// `look`: true when a staffed post there stops him (the check is at
    /// his next event, there).
    #[inline]
    pub(crate) fn on_pass(&self, marks: &mut Marks, node: u32, t: Tick, look: bool) -> bool {
        if let Some((start, len, share, _)) = self.at[node as usize]
            && share > 0.0
            && (t % MS_PER_DAY + MS_PER_DAY - start) % MS_PER_DAY < len
        {
            marks.at_checkpoint = true;
            marks.look_after_check = look;
            return true;
        }
        false
    }

    /// Hook `offender arrives` at `node` at `now` (moving): the end of a
    /// detour or a stop at a post. A stop at a post still there draws two
    /// uniforms (`draw`: the offender's stream): whether he knows the post,
    /// and whether he is checked.
    pub(crate) fn on_arrive(
        &self,
        marks: &mut Marks,
        node: u32,
        now: Tick,
        mut draw: impl FnMut() -> f64,
    ) -> Arrive {
        if marks.detouring {
            marks.detouring = false;
            return Arrive::Go {
                look: marks.look_after_check,
            };
        }
        if !marks.at_checkpoint {
            return Arrive::Go { look: true };
        }
        marks.at_checkpoint = false;
        let look = marks.look_after_check;
        let Some((_, _, share, k)) = self.at[node as usize] else {
            return Arrive::Go { look }; // a phase removed the post meanwhile
        };
        let post = &self.posts[k];
        let (u_known, u_check) = (draw(), draw());
        let learnt = marks.known_posts & bit(k) != 0;
        if learnt || u_known < post.known_share {
            // Knows the post: drives around it, losing a few minutes.
            marks.detouring = true;
            return Arrive::Detour(post.detour.max(1));
        }
        marks.registered_at = now;
        Arrive::Checked {
            checked: u_check < share,
            post: k,
            look,
        }
    }

    /// Hook `let go` at post `post`: he may learn the post (a draw only when
    /// learning is on, so `learn_share = 0` changes nothing).
    pub(crate) fn let_go(&self, marks: &mut Marks, post: usize, draw: impl FnOnce() -> f64) {
        let learn = self.posts[post].learn_share;
        if learn > 0.0 && draw() < learn {
            marks.known_posts |= bit(post);
        }
    }

    /// Hook `identification`: a registered passage through a checkpoint
    /// after the crime began at `start` helps identify its offender (the
    /// largest registration bonus of any post).
    pub(crate) fn registration_bonus(&self, marks: &Marks, start: Tick) -> f64 {
        if marks.registered_at >= start && marks.registered_at > 0 {
            self.registration_identify
        } else {
            0.0
        }
    }
}

impl Lever for Checkpoints {
    fn start(at: &Start) -> Self {
        started(at)
    }

    fn apply(&mut self, at: &Settings) {
        if at.crime.is_some() {
            self.configure(at.s, at.w);
        }
    }

    const COSTS: &'static [CostItem] = &[CostItem {
        item: Item::Checkpoints,
        cost: |c| officers(c.s) * c.s.economics.officer_cost_per_year * c.p.years,
        used: |s| !s.checkpoints.is_empty(),
    }];
}

/// Officers needed to staff the checkpoints (officer-hours a year ÷
/// productive hours per officer).
pub(crate) fn officers(s: &Scenario) -> f64 {
    s.checkpoints
        .iter()
        .map(|c| c.officers as f64 * c.hours * 365.0)
        .sum::<f64>()
        / s.roster.productive_hours_per_officer
}

/// Post `k`'s bit among the posts an offender knows (posts beyond 64 are
/// never learnt).
fn bit(k: usize) -> u64 {
    if k < 64 { 1u64 << k } else { 0 }
}

#[cfg(test)]
mod tests {
    use super::{Arrive, Checkpoints, Marks, Post};
    use crate::engine::time::MS_PER_HOUR;

    /// One post at node 1, staffed 18:00–06:00, checking half.
    fn lever(known_share: f64, learn_share: f64) -> Checkpoints {
        Checkpoints {
            at: vec![
                None,
                Some((18 * MS_PER_HOUR, 12 * MS_PER_HOUR, 0.5, 0)),
                None,
            ],
            posts: vec![Post {
                known_share,
                detour: 300_000,
                learn_share,
            }],
            registration_identify: 0.2,
        }
    }

    #[test]
    fn a_post_stops_passers_only_while_staffed() {
        let c = lever(0.0, 0.0);
        let mut m = Marks::default();
        assert!(!c.on_pass(&mut m, 1, 12 * MS_PER_HOUR, true));
        assert!(!c.on_pass(&mut m, 0, 20 * MS_PER_HOUR, true));
        assert!(c.on_pass(&mut m, 1, 24 * MS_PER_HOUR + 2 * MS_PER_HOUR, false));
        assert!(m.at_checkpoint && !m.look_after_check);
    }

    #[test]
    fn a_stopped_offender_is_registered_and_checked_on_the_check_share() {
        let c = lever(0.0, 0.0);
        let mut m = Marks::default();
        c.on_pass(&mut m, 1, 20 * MS_PER_HOUR, true);
        let mut u = [0.9, 0.3].into_iter();
        let got = c.on_arrive(&mut m, 1, 1_000, || u.next().unwrap());
        let want = Arrive::Checked {
            checked: true,
            post: 0,
            look: true,
        };
        assert_eq!(got, want);
        assert_eq!(c.registration_bonus(&m, 500), 0.2);
        assert_eq!(c.registration_bonus(&m, 1_500), 0.0);
    }

    #[test]
    fn a_learnt_post_is_driven_round_and_the_detour_ends_in_a_look() {
        let c = lever(0.0, 1.0);
        let mut m = Marks::default();
        c.on_pass(&mut m, 1, 20 * MS_PER_HOUR, false);
        c.on_arrive(&mut m, 1, 1_000, || 0.9);
        c.let_go(&mut m, 0, || 0.5);
        c.on_pass(&mut m, 1, 21 * MS_PER_HOUR, false);
        assert_eq!(
            c.on_arrive(&mut m, 1, 2_000, || 0.9),
            Arrive::Detour(300_000)
        );
        assert_eq!(
            c.on_arrive(&mut m, 1, 2_000, || unreachable!()),
            Arrive::Go { look: false }
        );
        // Without learning nothing is drawn when he is let go.
        let c = lever(0.0, 0.0);
        c.let_go(&mut m, 0, || unreachable!());
    }

    #[test]
    fn an_offender_not_stopped_just_looks() {
        let c = lever(0.0, 0.0);
        let mut m = Marks::default();
        assert_eq!(
            c.on_arrive(&mut m, 2, 0, || unreachable!()),
            Arrive::Go { look: true }
        );
    }
}
