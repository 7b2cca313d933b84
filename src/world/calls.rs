//! Where calls arise (each node's call weight: its jurisdiction's weight ×
//! its own) and where offenders from outside come in (the exits: given, or
//! by default the grid's arterial ends).

use super::refs::{Space, bad_node, resolve};
use crate::scenario::{Layout, Origins, Problem, Scenario};

/// Each node's relative call weight.
pub(super) fn call_weights(
    s: &Scenario,
    node_jur: &[u16],
    o: &Origins,
    problems: &mut Vec<Problem>,
) -> Vec<f64> {
    let net = &s.network;
    let n = node_jur.len();
    let node_w = match &net.node_weights {
        Some(w) if w.len() != n => {
            problems.push(o.problem(
                "network.node_weights",
                format!("has {} values; the network has {n} nodes", w.len()),
            ));
            vec![1.0; n]
        }
        Some(w) => w.clone(),
        None => vec![1.0; n],
    };
    let call_weight: Vec<f64> = (0..n)
        .map(|i| {
            let j = node_jur[i];
            let jw = s
                .jurisdictions
                .get(j as usize)
                .map_or(0.0, |x| x.call_weight);
            jw * node_w[i]
        })
        .collect();
    if s.calls.rate_per_hour > 0.0 && call_weight.iter().sum::<f64>() <= 0.0 {
        problems.push(o.problem("calls", "calls arrive but every node has call weight 0"));
    }
    call_weight
}

/// The exit nodes.
pub(super) fn exits(
    s: &Scenario,
    sp: &Space,
    o: &Origins,
    problems: &mut Vec<Problem>,
) -> Vec<u32> {
    match &s.network.exits {
        Some(list) => list
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let id = resolve(*r, sp);
                if id.is_none() {
                    problems.push(bad_node(o, &format!("network.exits[{i}]"), *r, sp));
                }
                id
            })
            .collect(),
        None => default_exits(&s.network.layout),
    }
}

fn default_exits(layout: &Layout) -> Vec<u32> {
    match *layout {
        Layout::Grid {
            rows,
            cols,
            arterial_every: k,
            ..
        } => {
            let mut out = Vec::new();
            let lines = |len: u32| -> Vec<u32> {
                if k > 0 {
                    (0..len).filter(|i| i % k == 0).collect()
                } else {
                    vec![len / 2]
                }
            };
            for r in lines(rows) {
                out.push(r * cols);
                out.push(r * cols + cols - 1);
            }
            for c in lines(cols) {
                out.push(c);
                out.push((rows - 1) * cols + c);
            }
            out.sort_unstable();
            out.dedup();
            out
        }
        Layout::Explicit { .. } | Layout::Map(_) => vec![],
    }
}
