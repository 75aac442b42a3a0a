//! The fast heuristic: most-constrained-first greedy, then insertions with one ejection, then
//! improving moves.
//!
//! 1. Units in increasing number of options (ties by index) take their feasible option of best
//!    marginal value (value minus the spread penalty it adds; ties by option order).
//! 2. Each unscheduled unit tries every option whose only obstacle is one scheduled unit `b`
//!    sharing a person: when `b` can move to another feasible option, both are placed (one
//!    more unit scheduled). Repeated while it succeeds (at most `units` rounds).
//! 3. Each scheduled unit moves to a feasible option of strictly better marginal value.
//!    Repeated until no move improves (at most 20 rounds).
//!
//! Every step keeps the state feasible, so the result is feasible whenever it stops (the
//! deadline is checked between units). `O(rounds · U · O · |unit| · d)` for `U` units with `O`
//! options of `d` slots.

use std::time::Instant;

use super::options::{Opt, State};

fn gain(st: &State<'_>, o: &Opt, spread: f64) -> f64 {
    o.value - spread * f64::from(st.extra_same_day(o))
}

fn best_fit(st: &State<'_>, opts: &[Opt], spread: f64, skip: Option<usize>) -> Option<Opt> {
    let mut best: Option<(f64, Opt)> = None;
    for (k, o) in opts.iter().enumerate() {
        if Some(k) == skip || !st.fits(o) {
            continue;
        }
        let g = gain(st, o, spread);
        if best.is_none_or(|(b, _)| g > b) {
            best = Some((g, *o));
        }
    }
    best.map(|(_, o)| o)
}

/// Run the heuristic over `units` (indices into the problem) with their options, on `st`.
pub(crate) fn run(
    st: &mut State<'_>,
    units: &[usize],
    opts: &[Vec<Opt>],
    spread: f64,
    deadline: Option<Instant>,
) {
    let late = || deadline.is_some_and(|d| Instant::now() >= d);
    let mut order: Vec<usize> = (0..units.len()).collect();
    order.sort_by_key(|&k| (opts[k].len(), k));
    for &k in &order {
        if let Some(o) = best_fit(st, &opts[k], spread, None) {
            st.add(o);
        }
    }
    let local_of = |u: usize| units.binary_search(&u).ok();
    // 2. Insertions with one ejection.
    for _round in 0..units.len() {
        if late() {
            return;
        }
        let mut improved = false;
        for &k in &order {
            let u = units[k];
            if st.chosen[u].is_some() {
                continue;
            }
            'opts: for o in &opts[k] {
                let blockers = st.person_blockers(o);
                if blockers.len() != 1 {
                    continue;
                }
                let b = blockers[0];
                let Some(kb) = local_of(b) else { continue };
                let Some(old) = st.chosen[b] else { continue };
                st.remove(b);
                if st.fits(o) {
                    st.add(*o);
                    if let Some(nb) = best_fit(st, &opts[kb], spread, None) {
                        st.add(nb);
                        improved = true;
                        break 'opts;
                    }
                    st.remove(u);
                }
                st.add(old);
            }
        }
        if !improved {
            break;
        }
    }
    // 3. Improving moves.
    for _round in 0..20 {
        if late() {
            return;
        }
        let mut improved = false;
        for &k in &order {
            let u = units[k];
            let Some(cur) = st.chosen[u] else { continue };
            st.remove(u);
            let g_cur = gain(st, &cur, spread);
            match best_fit(st, &opts[k], spread, None) {
                Some(o) if gain(st, &o, spread) > g_cur + 1e-12 * g_cur.abs() => {
                    st.add(o);
                    improved = true;
                }
                _ => st.add(cur),
            }
        }
        if !improved {
            break;
        }
    }
}
