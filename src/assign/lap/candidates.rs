//! Sparse-first candidate lists of the dense LAP: each row's cheapest entries (scanned from
//! spread-out offsets so tied rows keep different columns), plus each column's cheapest, for the
//! sparse core whose answer the dense solver then certifies against every entry.

use rayon::prelude::*;

use super::*;

pub(super) const SPARSIFY_MIN_ROWS: usize = 128;
/// Initial number of cheapest entries kept per row.
pub(super) const SPARSE_K: usize = 12;
/// Rounds of "add violated entries and re-solve" before falling back to the dense solver.
const SPARSE_ROUNDS: usize = 4;
/// Matrices smaller than this are converted and checked without rayon.
pub(super) const PARALLEL_MIN_CELLS: usize = 1 << 16;

/// The `kk` cheapest finite entries of `row` (unordered), scanning the row cyclically from
/// column `start` so that among equal costs the columns nearest after `start` are kept (rows
/// start at spread-out offsets, so tied rows do not all keep the same first columns). Returns the
/// largest cost kept when the list is full (every other entry costs at least that much), `+inf`
/// when the row has fewer than `kk` allowed entries (the list then holds all of them), or `None`
/// when `bad` holds for an entry (invalid input).
fn cheapest<S: Copy>(
    row: &[S],
    start: usize,
    conv: &impl Fn(S) -> f64,
    bad: &impl Fn(S) -> bool,
    kk: usize,
    out: &mut Vec<(u32, f64)>,
) -> Option<f64> {
    out.clear();
    let (mut worst, mut wpos) = (INF, 0usize);
    let mut any_bad = false;
    const CHUNK: usize = 16;
    let start = start.min(row.len());
    let (tail, head) = (&row[start..], &row[..start]);
    for (base, part) in [(start, tail), (0, head)] {
        for (ci, chunk) in part.chunks(CHUNK).enumerate() {
            // Branch-free screening of the whole chunk (vectorisable); most chunks hold nothing
            // cheaper than the current worst kept entry.
            let (mut hit, mut b) = (false, false);
            for &x in chunk {
                hit |= conv(x) < worst;
                b |= bad(x);
            }
            any_bad |= b;
            if !hit {
                continue;
            }
            for (t, &x) in chunk.iter().enumerate() {
                let c = conv(x);
                if c >= worst {
                    continue;
                }
                let j = (base + ci * CHUNK + t) as u32;
                if out.len() < kk {
                    out.push((j, c));
                    if out.len() < kk {
                        continue;
                    }
                } else {
                    out[wpos] = (j, c);
                }
                (worst, wpos) = (f64::NEG_INFINITY, 0);
                for (p, &(_, cc)) in out.iter().enumerate() {
                    if cc > worst {
                        (worst, wpos) = (cc, p);
                    }
                }
            }
        }
    }
    if any_bad {
        None
    } else if out.len() < kk {
        Some(INF)
    } else {
        Some(worst)
    }
}

/// Where row `i` of `k` starts its cyclic scan over `l` columns (rows spread evenly).
#[inline]
fn spread(i: usize, k: usize, l: usize) -> usize {
    ((i as u128 * l as u128) / k.max(1) as u128) as usize
}

/// Solve with a sparse core made of each row's cheapest entries, certified against every entry
/// of the dense `k × l` row-major matrix `data` (cost of an entry = `conv(entry)`). Returns
/// `Ok(None)` when the dense solver should be used instead and `Err(())` when `bad` holds for
/// some entry (the caller then reports the invalid input).
pub(super) fn sparsified<S: Copy + Sync>(
    data: &[S],
    k: usize,
    l: usize,
    reject: bool,
    conv: impl Fn(S) -> f64 + Sync,
    bad: impl Fn(S) -> bool + Sync,
) -> std::result::Result<Option<State>, ()> {
    let kk = SPARSE_K.min(l);
    type Lists = Vec<Vec<(u32, f64)>>;
    let (mut lists, floor): (Lists, Vec<Option<f64>>) = data
        .par_chunks(l)
        .enumerate()
        .map(|(i, row)| {
            let mut out = Vec::with_capacity(kk);
            let t = cheapest(row, spread(i, k, l), &conv, &bad, kk, &mut out);
            (out, t)
        })
        .unzip();
    let floor: Vec<f64> = floor.into_iter().collect::<Option<_>>().ok_or(())?;
    Ok(sparsified_lists(
        data, k, l, reject, conv, &mut lists, &floor,
    ))
}

/// Add each column's `SPARSE_K` cheapest finite entries to the row lists (columns are processed
/// in parallel blocks; the result does not depend on the split).
fn add_column_candidates<S: Copy + Sync>(
    data: &[S],
    k: usize,
    l: usize,
    conv: &(impl Fn(S) -> f64 + Sync),
    lists: &mut [Vec<(u32, f64)>],
) {
    const BLOCK: usize = 64;
    let kk = SPARSE_K.min(k);
    let blocks: Vec<Vec<Vec<(u32, f64)>>> = (0..l.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let (a, e) = (b * BLOCK, ((b + 1) * BLOCK).min(l));
            let mut best: Vec<Vec<(u32, f64)>> = vec![Vec::with_capacity(kk); e - a];
            let mut worst = vec![(INF, 0usize); e - a];
            // Rows scanned cyclically from a block-dependent start (ties spread over rows).
            let off = spread(a, l, k);
            for i in (off..k).chain(0..off) {
                let seg = &data[i * l + a..i * l + e];
                for (t, &x) in seg.iter().enumerate() {
                    let c = conv(x);
                    if c >= worst[t].0 {
                        continue;
                    }
                    let list = &mut best[t];
                    if list.len() < kk {
                        list.push((i as u32, c));
                        if list.len() < kk {
                            continue;
                        }
                    } else {
                        list[worst[t].1] = (i as u32, c);
                    }
                    let mut w = (f64::NEG_INFINITY, 0usize);
                    for (p, &(_, cc)) in list.iter().enumerate() {
                        if cc > w.0 {
                            w = (cc, p);
                        }
                    }
                    worst[t] = w;
                }
            }
            best
        })
        .collect();
    for (b, block) in blocks.into_iter().enumerate() {
        for (t, col) in block.into_iter().enumerate() {
            let j = (b * BLOCK + t) as u32;
            for (i, c) in col {
                let row = &mut lists[i as usize];
                if !row.iter().any(|&(jj, _)| jj == j) {
                    row.push((j, c));
                }
            }
        }
    }
}

/// The solve / certify / add-violations loop of [`sparsified`].
fn sparsified_lists<S: Copy + Sync>(
    data: &[S],
    k: usize,
    l: usize,
    reject: bool,
    conv: impl Fn(S) -> f64 + Sync,
    lists: &mut [Vec<(u32, f64)>],
    floor: &[f64],
) -> Option<State> {
    let square = !reject && k == l;
    let mut csr = crate::assign::sparse::Csr::from_lists(l, lists);
    let mut st = match crate::assign::sparse::sparse_core(&csr, k, l, reject) {
        Ok(st) => st,
        Err(_) => {
            // Typically every row prefers the same few columns (popular mentors): give every
            // column its own cheapest rows as well, then try again.
            add_column_candidates(data, k, l, &conv, lists);
            csr = crate::assign::sparse::Csr::from_lists(l, lists);
            crate::assign::sparse::sparse_core(&csr, k, l, reject).ok()?
        }
    };
    // Rows whose entries must be checked in this round (None: all rows).
    let mut recheck: Option<Vec<bool>> = None;
    for _ in 0..SPARSE_ROUNDS {
        // Entries outside row i's list cost at least floor[i]; prices are <= vmax, so row i can
        // only hold a violated entry when floor[i] - vmax < u_i. An entry is violated when its
        // reduced cost `c - v_j - u_i` is negative beyond the rounding of the three numbers
        // combined (a tolerance relative to their magnitudes, never an absolute floor, so that
        // the answer is exact whatever the scale and per-row offset of the scores).
        let vmax = st.v.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        let v = &st.v;
        let stref = &st;
        let recheck_ref = recheck.as_deref();
        let viol: Vec<Vec<(u32, f64)>> = data
            .par_chunks(l)
            .zip(floor.par_iter())
            .enumerate()
            .map(|(i, (row, &fl))| {
                let u = stref.row_potential(i);
                let ua = u.abs();
                let mut out = Vec::new();
                if fl - vmax - u < 0.0 && recheck_ref.is_none_or(|r| r[i]) {
                    for (j, (&x, &vj)) in row.iter().zip(v.iter()).enumerate() {
                        let c = conv(x);
                        if violated(c, vj, u, ua) {
                            out.push((j as u32, c));
                        }
                    }
                }
                out
            })
            .collect();
        let n_viol: usize = viol.iter().map(Vec::len).sum();
        if n_viol == 0 {
            return Some(st);
        }
        if n_viol > k * l / 16 {
            return None;
        }
        let mut free = Vec::new();
        for (i, (list, add)) in lists.iter_mut().zip(viol).enumerate() {
            if add.is_empty() {
                continue;
            }
            for (j, c) in add {
                if !list.iter().any(|&(jj, _)| jj == j) {
                    list.push((j, c));
                }
            }
            free.push(i as u32);
        }
        csr = crate::assign::sparse::Csr::from_lists(l, lists);
        if square {
            // Warm start: free the rows with violated entries; the other rows keep reduced
            // costs >= 0 on all their entries, so the duals stay feasible (prices are free in
            // a square problem).
            // Prices only decrease during the augmentations, so afterwards only the freed rows
            // and the rows whose potential grew can hold violated entries.
            let u_prev: Vec<f64> = (0..k).map(|i| st.row_potential(i)).collect();
            let mut again = vec![false; k];
            for &i in &free {
                let j = st.x[i as usize];
                if j < DUMMY {
                    st.y[j as usize] = NONE;
                }
                st.x[i as usize] = NONE;
                again[i as usize] = true;
            }
            crate::assign::sparse::sparse_augment(&csr, &mut st, &free, reject).ok()?;
            for (i, a) in again.iter_mut().enumerate() {
                *a |= st.row_potential(i) > u_prev[i];
            }
            recheck = Some(again);
        } else {
            recheck = None;
            st = crate::assign::sparse::sparse_core(&csr, k, l, reject).ok()?;
        }
    }
    None
}
