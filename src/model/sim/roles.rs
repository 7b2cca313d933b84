//! Unit roles (docs/desks.md "Agencies and roles"): who may answer a call —
//! first the units whose type answers its call type, then, under combined
//! operations, units of another role whose type covers it — joint incidents
//! that need one unit of each of several unit types (served when all have
//! arrived), and the per-role and joint-incident statistics. Without roles
//! (no `answers`, `covers` or `needs` in the scenario) none of this runs and
//! every police unit answers every call.

use super::{Call, NONE, Sim, alloc};
use crate::engine::time::{Tick, to_minutes};
use crate::scenario::{CrossRule, ROLES, Scenario, role_deters};
use crate::stats::Running;

/// A call that any unit answering its type may take (not a part of a
/// joint incident).
pub(super) const ANY: u16 = u16::MAX;

#[derive(Debug, Clone, Copy)]
struct Incident {
    received: Tick,
    left: u16,
    tracked: bool,
}

/// Per role, by the role of the call (its call type's first-choice units,
/// or a joint incident's needed unit type), after warm-up.
#[derive(Debug, Clone, Default)]
pub(super) struct RoleStats {
    /// Calls (or parts of joint incidents) that reached the dispatcher.
    pub dispatched: u64,
    /// Of those, reached by a unit.
    pub reached: u64,
    /// Reached by a unit of another role that covers the call (combined).
    pub covered: u64,
    /// Received → first unit on scene.
    pub resp: Running,
}

pub(super) struct Roles {
    /// `[unit type][model call type]`: answers as first choice, may cover.
    answers: Vec<Vec<bool>>,
    covers: Vec<Vec<bool>>,
    type_role: Vec<usize>,
    group_type: Vec<usize>,
    /// The role each model call type's calls are counted under.
    call_role: Vec<usize>,
    /// Per model call type: the unit types a joint incident needs.
    needs: Vec<Vec<u16>>,
    incidents: Vec<Incident>,
    free_incidents: Vec<u32>,
    /// The search under way: call type, need, cover.
    want: (u16, u16, bool),
    pub stats: Vec<RoleStats>,
    pub joint_incidents: u64,
    pub joint_served: u64,
    /// Received → the last needed unit on scene.
    pub joint_full: Running,
    /// Units in service at the start, by role.
    pub units: Vec<u64>,
}

impl Roles {
    /// `n_types`: all model call types (`calls.types`, then crime reports
    /// and alarms, which patrol units answer).
    pub fn new(s: &Scenario, n_types: usize) -> Option<Roles> {
        if !crate::scenario::roles_on(&s.unit_types, &s.calls) {
            return None;
        }
        let n = s.calls.types.len();
        let first = crate::scenario::first_choice(&s.unit_types, n);
        let answers = s
            .unit_types
            .iter()
            .enumerate()
            .map(|(t, ty)| {
                (0..n_types)
                    .map(|k| {
                        if k < n {
                            first[t][k]
                        } else {
                            ty.role == crate::scenario::PATROL_ROLE
                        }
                    })
                    .collect()
            })
            .collect();
        let covers = s
            .unit_types
            .iter()
            .map(|ty| (0..n_types).map(|k| ty.covers.contains(&k)).collect())
            .collect();
        let call_role = (0..n_types)
            .map(|k| {
                if k < n {
                    crate::scenario::call_role(&s.unit_types, &s.calls, &first, k)
                } else {
                    crate::scenario::PATROL_ROLE
                }
            })
            .collect();
        let mut needs: Vec<Vec<u16>> = s
            .calls
            .types
            .iter()
            .map(|c| c.needs.iter().map(|&t| t as u16).collect())
            .collect();
        needs.resize(n_types, Vec::new());
        let mut units = vec![0; ROLES.len()];
        for g in &s.units {
            if s.unit_types[g.unit_type].police {
                units[s.unit_types[g.unit_type].role] += g.count as u64;
            }
        }
        Some(Roles {
            answers,
            covers,
            type_role: s.unit_types.iter().map(|t| t.role).collect(),
            group_type: s.units.iter().map(|g| g.unit_type).collect(),
            call_role,
            needs,
            incidents: Vec::new(),
            free_incidents: Vec::new(),
            want: (0, ANY, false),
            stats: vec![RoleStats::default(); ROLES.len()],
            joint_incidents: 0,
            joint_served: 0,
            joint_full: Running::default(),
            units,
        })
    }

    /// The role a call is counted under.
    pub fn role_of(&self, call: &Call) -> usize {
        if call.need != ANY {
            self.type_role[call.need as usize]
        } else {
            self.call_role[call.ty as usize]
        }
    }

    /// A unit of group `g` may take a call of type `ty` (part `need`):
    /// as first choice, or (`cover`) as a unit of another role covering
    /// it. Police cover police work only: never a fire engine's or an
    /// ambulance's part of a joint incident.
    fn may(&self, g: u32, ty: u16, need: u16, cover: bool) -> bool {
        let t = self.group_type[g as usize];
        let first = if need != ANY {
            t == need as usize
        } else {
            self.answers[t][ty as usize]
        };
        if !cover {
            return first;
        }
        !first
            && self.covers[t][ty as usize]
            && (need == ANY || role_deters(self.type_role[need as usize]))
    }

    /// A unit of group `g` may take the call of the search under way.
    #[inline]
    pub fn wanted(&self, g: u32) -> bool {
        let (ty, need, cover) = self.want;
        self.may(g, ty, need, cover)
    }
}

impl<'a> Sim<'a> {
    /// The unit `u` may take the call of the search under way (always,
    /// without roles).
    #[inline]
    pub(super) fn role_ok(&self, u: u32) -> bool {
        self.roles
            .as_ref()
            .is_none_or(|r| r.wanted(self.units[u as usize].group))
    }

    /// Dispatch with roles: a joint incident is split into one call per
    /// needed unit type; each part goes to its own units first, then (combined
    /// operations) to a unit that covers it, else pre-empts or waits.
    pub(super) fn dispatch_roles(&mut self, c: u32) {
        let call = self.calls[c as usize];
        let r = self.roles.as_mut().expect("roles");
        let needs = &r.needs[call.ty as usize];
        if call.need == ANY && call.incident == NONE && !needs.is_empty() {
            let needs = needs.clone();
            let inc = Incident {
                received: call.received,
                left: needs.len() as u16,
                tracked: call.tracked,
            };
            r.joint_incidents += call.tracked as u64;
            let i = alloc(
                &mut r.incidents,
                &mut r.free_incidents,
                inc,
                "joint incidents",
            );
            let first = &mut self.calls[c as usize];
            (first.need, first.incident) = (needs[0], i);
            let mut parts = vec![c];
            for &n in &needs[1..] {
                let mut p = call;
                (p.need, p.incident, p.counted, p.crime) = (n, i, false, NONE);
                parts.push(alloc(
                    &mut self.calls,
                    &mut self.free_calls,
                    p,
                    "calls open at once",
                ));
            }
            for p in parts {
                self.dispatch_part(p);
            }
        } else {
            self.dispatch_part(c);
        }
    }

    fn dispatch_part(&mut self, c: u32) {
        let call = self.calls[c as usize];
        let r = self.roles.as_mut().expect("roles");
        let role = r.role_of(&call);
        r.stats[role].dispatched += call.tracked as u64;
        r.want = (call.ty, call.need, false);
        let mut best = self.find_unit(c);
        if best.0 == Tick::MAX && !self.s.dispatch.separate_operations {
            self.roles.as_mut().expect("roles").want = (call.ty, call.need, true);
            best = self.find_unit(c);
            self.roles.as_mut().expect("roles").want.2 = false;
        }
        if best.0 != Tick::MAX {
            self.assign(best.1, c);
        } else if self.s.dispatch.preempt
            && call.prio == 0
            && let Some(u) = self.preempt_candidate(c, self.s.dispatch.cross_boundary)
        {
            self.preempt(u, c);
        } else {
            let lv = call.level as usize * self.nj + call.jur as usize;
            self.queues[lv].push_back(c);
        }
    }

    /// Unit `u` was assigned call `c`: count it as covered when the unit is
    /// not one of the call's own.
    pub(super) fn note_cover(&mut self, u: u32, c: u32) {
        let g = self.units[u as usize].group;
        let call = self.calls[c as usize];
        let r = self.roles.as_mut().expect("roles");
        if call.tracked && !r.may(g, call.ty, call.need, false) {
            let role = r.role_of(&call);
            r.stats[role].covered += 1;
        }
    }

    /// A unit is on scene of call `c`.
    pub(super) fn role_arrival(&mut self, c: u32) {
        let now = self.now;
        let call = self.calls[c as usize];
        let r = self.roles.as_mut().expect("roles");
        let role = r.role_of(&call);
        if call.tracked {
            let st = &mut r.stats[role];
            st.reached += 1;
            st.resp.push(to_minutes(now - call.received));
        }
        if call.incident != NONE {
            let inc = &mut r.incidents[call.incident as usize];
            inc.left -= 1;
            if inc.left == 0 {
                let inc = *inc;
                if inc.tracked {
                    r.joint_served += 1;
                    r.joint_full.push(to_minutes(now - inc.received));
                }
                r.free_incidents.push(call.incident);
            }
        }
    }

    /// With roles: the oldest queued call of the highest priority that unit
    /// `u` answers (own jurisdiction first, then as the boundary rule
    /// allows); under combined operations then one it covers.
    pub(super) fn pick_call_roles(&mut self, u: u32) -> Option<u32> {
        let own = self.units[u as usize].jur as usize;
        let g = self.units[u as usize].group;
        let levels = self.queues.len() / self.nj;
        let passes = if self.s.dispatch.separate_operations {
            1
        } else {
            2
        };
        let r = self.roles.as_ref().expect("roles");
        let calls = &self.calls;
        let ok = |c: &u32, cover: bool| {
            let call = &calls[*c as usize];
            r.may(g, call.ty, call.need, cover)
        };
        let mut found = None;
        'search: for pass in 0..passes {
            let cover = pass == 1;
            for lv in 0..levels {
                let base = lv * self.nj;
                if let Some(i) = self.queues[base + own].iter().position(|c| ok(c, cover)) {
                    found = Some((base + own, i));
                    break 'search;
                }
                if self.s.dispatch.cross_boundary == CrossRule::Never {
                    continue;
                }
                let mut best = (Tick::MAX, usize::MAX, 0);
                for j in 0..self.nj {
                    if !self.levers.regional.may_answer(j, own) {
                        continue;
                    }
                    let q = &self.queues[base + j];
                    if let Some(i) = q.iter().position(|c| ok(c, cover)) {
                        let at = calls[q[i] as usize].queued;
                        if (at, j) < (best.0, best.1) {
                            best = (at, j, i);
                        }
                    }
                }
                if best.1 != usize::MAX {
                    found = Some((base + best.1, best.2));
                    break 'search;
                }
            }
        }
        let (q, i) = found?;
        self.queues[q].remove(i)
    }

    /// The roles' metrics (`role_*` by role, `joint_*`).
    pub(super) fn role_metrics(&self, put: &mut impl FnMut(String, Option<f64>)) {
        let Some(r) = self.roles.as_ref() else {
            return;
        };
        // Calls still waiting at the horizon: queued, or a unit on its way.
        let mut waiting = vec![0u64; ROLES.len()];
        let queued = self.queues.iter().flatten().copied();
        let en_route = self
            .units
            .iter()
            .filter(|u| u.state == super::St::EnRoute)
            .map(|u| u.call);
        for c in queued.chain(en_route) {
            let call = &self.calls[c as usize];
            if call.tracked {
                waiting[r.role_of(call)] += 1;
            }
        }
        for (k, name) in ROLES.iter().enumerate() {
            let st = &r.stats[k];
            if r.units[k] == 0 && st.dispatched == 0 {
                continue;
            }
            put(format!("role_units.{name}"), Some(r.units[k] as f64));
            put(format!("role_calls.{name}"), Some(st.dispatched as f64));
            put(format!("role_reached.{name}"), Some(st.reached as f64));
            put(
                format!("role_waiting_at_end.{name}"),
                Some(waiting[k] as f64),
            );
            put(format!("role_covered.{name}"), Some(st.covered as f64));
            put(format!("role_response_mean_min.{name}"), st.resp.mean());
        }
        if r.needs.iter().any(|n| !n.is_empty()) {
            put("joint_incidents".into(), Some(r.joint_incidents as f64));
            put("joint_served".into(), Some(r.joint_served as f64));
            put("joint_attendance_mean_min".into(), r.joint_full.mean());
        }
    }
}
