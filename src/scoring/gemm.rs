//! `A · Bᵀ` for feature matrices of small depth (questionnaire encodings, embeddings up to a few
//! hundred features), the inner product of every similarity kernel.
//!
//! Mentor rows are packed once into panels of `NR` mentors (`d × NR`, contiguous), then every
//! group of 4 mentee rows is multiplied against every panel with a 4 × NR block of accumulators
//! that stays in registers; results are stored straight into the output rows. The loops are plain
//! Rust that the compiler vectorises; on x86-64 CPUs with AVX2 (detected at run time) the same code
//! is compiled with that feature enabled. Each output element is a sum over features
//! in increasing order, whatever the blocking or thread count, so results are deterministic on a
//! given machine.
//!
//! Complexity: O(n·m·d) time; O(m·d) extra memory for the packed panels.

use crate::real::Real;

/// Mentee rows per register block.
const MR: usize = 4;

/// Mentor rows packed into `NR`-wide panels: panel `p` holds `b[p*NR + c, k]` at `k*NR + c`.
pub(crate) struct PackedB<T> {
    panels: Vec<T>,
    m: usize,
    d: usize,
    nr: usize,
}

impl<T: Real> PackedB<T> {
    /// Pack row-major `b` (m × d).
    pub(crate) fn new(b: &[T], m: usize, d: usize) -> Self {
        let nr = nr_for::<T>();
        let n_panels = m.div_ceil(nr);
        let mut panels = vec![T::zero(); n_panels * d * nr];
        for (j, row) in b.chunks_exact(d.max(1)).take(m).enumerate() {
            let (p, c) = (j / nr, j % nr);
            let base = p * d * nr;
            for (k, &v) in row.iter().enumerate() {
                panels[base + k * nr + c] = v;
            }
        }
        Self { panels, m, d, nr }
    }
}

/// Panel width: one 64-byte line of mentors (16 × f32, 8 × f64).
fn nr_for<T: Real>() -> usize {
    64 / std::mem::size_of::<T>()
}

/// `out[r, j] = Σ_k a[r, k] · b[j, k]` for the `rows` mentee rows in `a` (row-major, rows × d);
/// `out` is row-major rows × m.
pub(crate) fn a_bt<T: Real>(a: &[T], rows: usize, b: &PackedB<T>, out: &mut [T]) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx2") {
            #[allow(unsafe_code)]
            // SAFETY: `a_bt_avx2` only requires the AVX2 CPU feature, detected just above.
            unsafe {
                a_bt_avx2(a, rows, b, out);
            }
            return;
        }
    }
    dispatch_nr(a, rows, b, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn a_bt_avx2<T: Real>(a: &[T], rows: usize, b: &PackedB<T>, out: &mut [T]) {
    dispatch_nr(a, rows, b, out);
}

#[inline(always)]
fn dispatch_nr<T: Real>(a: &[T], rows: usize, b: &PackedB<T>, out: &mut [T]) {
    match b.nr {
        16 => kernel::<T, 16>(a, rows, b, out),
        _ => kernel::<T, 8>(a, rows, b, out),
    }
}

/// `x * y + acc` as separate multiply and add: this form vectorises across the accumulator
/// block (a fused `mul_add` here is left scalar by the vectoriser).
#[inline(always)]
fn fmadd<T: Real>(x: T, y: T, acc: T) -> T {
    x * y + acc
}

#[inline(always)]
fn kernel<T: Real, const NR: usize>(a: &[T], rows: usize, b: &PackedB<T>, out: &mut [T]) {
    let (m, d) = (b.m, b.d);
    if d == 0 {
        out.iter_mut().for_each(|v| *v = T::zero());
        return;
    }
    for (g, (a_rows, out_rows)) in a
        .chunks(MR * d)
        .zip(out.chunks_mut(MR * m))
        .enumerate()
        .take(rows.div_ceil(MR))
    {
        let mr = (rows - g * MR).min(MR);
        for (p, panel) in b.panels.chunks_exact(d * NR).enumerate() {
            let mut acc = [[T::zero(); NR]; MR];
            if mr == MR {
                let (a0, rest) = a_rows.split_at(d);
                let (a1, rest) = rest.split_at(d);
                let (a2, a3) = rest.split_at(d);
                for ((((bk, &x0), &x1), &x2), &x3) in
                    panel.chunks_exact(NR).zip(a0).zip(a1).zip(a2).zip(a3)
                {
                    for c in 0..NR {
                        let y = bk[c];
                        acc[0][c] = fmadd(x0, y, acc[0][c]);
                        acc[1][c] = fmadd(x1, y, acc[1][c]);
                        acc[2][c] = fmadd(x2, y, acc[2][c]);
                        acc[3][c] = fmadd(x3, y, acc[3][c]);
                    }
                }
            } else {
                for (r, acc_r) in acc.iter_mut().enumerate().take(mr) {
                    let ar = &a_rows[r * d..(r + 1) * d];
                    for (bk, &x) in panel.chunks_exact(NR).zip(ar) {
                        for c in 0..NR {
                            acc_r[c] = fmadd(x, bk[c], acc_r[c]);
                        }
                    }
                }
            }
            let c0 = p * NR;
            let width = NR.min(m - c0);
            for (r, acc_r) in acc.iter().enumerate().take(mr) {
                out_rows[r * m + c0..r * m + c0 + width].copy_from_slice(&acc_r[..width]);
            }
        }
    }
}
