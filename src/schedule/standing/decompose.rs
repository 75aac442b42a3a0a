//! Independent components of the standing-slot problem.
//!
//! The conflict graph (a petgraph `UnGraph`) has one node per unit and an edge between units
//! that share a person (consecutive units of each person's list: enough for connectivity).
//! Rooms couple in-person meetings of different people; when they can bind at all, i.e. some
//! slot `t` and size `z` have more units with an in-person option covering `t` of size `≥ z`
//! than rooms open at `t` with `≥ z` seats, every unit with an in-person option is joined as
//! well. Otherwise no room row can bind and the components are independent.
//! Components are returned with their units sorted, in order of their smallest unit.
//! `O(Σ|u| + U · O · d)`.

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::Dfs;

use super::options::{Opt, capacities_by_slot, span};
use crate::schedule::units::StandingProblem;

/// Whether the rooms could ever be short: some slot and size has more candidate in-person units
/// than rooms.
fn rooms_can_bind(p: &StandingProblem, opts: &[Vec<Opt>]) -> bool {
    let caps = capacities_by_slot(p);
    let n = p.grid.n_slots();
    // Per slot, the sizes of distinct units with an in-person option covering it.
    let mut sizes: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
    for list in opts {
        for o in list.iter().filter(|o| o.in_person) {
            let u = &p.units[o.unit];
            for t in span(o.start, u.duration) {
                sizes[t].push((u.size, o.unit));
            }
        }
    }
    sizes.iter_mut().enumerate().any(|(t, v)| {
        // One entry per unit (a unit can cover `t` through several starts).
        v.sort_unstable_by_key(|x| x.1);
        v.dedup_by_key(|x| x.1);
        let mut zs: Vec<u32> = v.iter().map(|x| x.0).collect();
        zs.sort_unstable_by(|a, b| b.cmp(a));
        // All fit at once iff the k-th largest size fits the k-th largest open room.
        zs.iter()
            .enumerate()
            .any(|(k, &z)| caps[t].get(k).is_none_or(|&c| c < z))
    })
}

/// Connected components of the conflict graph (units sorted within, ordered by first unit).
pub(crate) fn components(p: &StandingProblem, opts: &[Vec<Opt>]) -> Vec<Vec<usize>> {
    components_with(p, opts, true)
}

/// Connected components of units sharing a person, rooms ignored: the independent parts of
/// the room-free relaxation (see `relax.rs`).
pub(crate) fn person_components(p: &StandingProblem, opts: &[Vec<Opt>]) -> Vec<Vec<usize>> {
    components_with(p, opts, false)
}

fn components_with(p: &StandingProblem, opts: &[Vec<Opt>], join_rooms: bool) -> Vec<Vec<usize>> {
    let n = p.units.len();
    let mut g: UnGraph<(), ()> = UnGraph::with_capacity(n, n);
    let nodes: Vec<NodeIndex> = (0..n).map(|_| g.add_node(())).collect();
    let mut last_of: Vec<Option<usize>> = vec![None; p.people.len()];
    for u in 0..n {
        for &q in &p.members[u] {
            if let Some(v) = last_of[q] {
                g.update_edge(nodes[v], nodes[u], ());
            }
            last_of[q] = Some(u);
        }
    }
    if join_rooms && rooms_can_bind(p, opts) {
        let mut prev: Option<usize> = None;
        for (u, list) in opts.iter().enumerate() {
            if list.iter().any(|o| o.in_person) {
                if let Some(v) = prev {
                    g.update_edge(nodes[v], nodes[u], ());
                }
                prev = Some(u);
            }
        }
    }
    let mut seen = vec![false; n];
    let mut out = Vec::new();
    for u in 0..n {
        if seen[u] {
            continue;
        }
        let mut comp = Vec::new();
        let mut dfs = Dfs::new(&g, nodes[u]);
        while let Some(x) = dfs.next(&g) {
            let k = x.index();
            if !seen[k] {
                seen[k] = true;
                comp.push(k);
            }
        }
        comp.sort_unstable();
        out.push(comp);
    }
    out
}
