//! Rooms for the chosen in-person meetings.
//!
//! Meetings are taken by start slot, then size (largest first), then unit index; each gets the
//! open, free room of smallest capacity (ties: input order) that seats it for the whole meeting.
//! For meetings of one slot this is exact: at one slot the rooms a meeting can use are nested
//! (every room at least as large as it), and largest-first into smallest-fitting room always
//! succeeds when Hall's condition (checked per slot by the solvers) holds. Meetings of several
//! slots with closures in the middle may still find no room; they are returned as failures and
//! reported unscheduled. `O(M · R · d)` for `M` meetings, `R` rooms, `d` slots per meeting.

use super::options::{Opt, span};
use crate::schedule::units::StandingProblem;

/// Room per chosen option (`None` for online), and the units that found no room.
pub(crate) fn assign(
    p: &StandingProblem,
    chosen: &[Option<Opt>],
) -> (Vec<Option<usize>>, Vec<usize>) {
    let n = p.grid.n_slots();
    let mut used = vec![vec![false; n]; p.rooms.len()];
    let mut room = vec![None; chosen.len()];
    let mut failed = Vec::new();
    let mut meetings: Vec<&Opt> = chosen.iter().flatten().filter(|o| o.in_person).collect();
    meetings.sort_by_key(|o| (o.start, std::cmp::Reverse(p.units[o.unit].size), o.unit));
    for o in meetings {
        let u = &p.units[o.unit];
        let best = (0..p.rooms.len())
            .filter(|&r| {
                p.rooms[r].capacity >= u.size
                    && span(o.start, u.duration).all(|t| p.open[r][t] && !used[r][t])
            })
            .min_by_key(|&r| (p.rooms[r].capacity, r));
        match best {
            Some(r) => {
                for t in span(o.start, u.duration) {
                    used[r][t] = true;
                }
                room[o.unit] = Some(r);
            }
            None => failed.push(o.unit),
        }
    }
    (room, failed)
}
