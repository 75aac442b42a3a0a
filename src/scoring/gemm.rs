//! `A · Bᵀ` for feature matrices, the inner product of every similarity kernel.
//!
//! The product itself is computed by the `gemm` crate (the matrix-multiplication engine of faer),
//! which packs the operands and picks AVX-512, AVX2+FMA or portable micro-kernels at run time. It
//! is called single-threaded on fixed blocks of mentee rows that the callers run in parallel with
//! rayon, so each output element is computed by the same code whatever the thread count.
//!
//! Complexity: O(n·m·d) time.

use crate::real::Real;

/// Mentor rows (m × d, row-major), borrowed for repeated products.
pub(crate) struct PackedB<T> {
    b: Vec<T>,
    m: usize,
    d: usize,
}

impl<T: Real> PackedB<T> {
    /// Keep a contiguous copy of row-major `b` (m × d).
    pub(crate) fn new(b: &[T], m: usize, d: usize) -> Self {
        Self {
            b: b[..m * d].to_vec(),
            m,
            d,
        }
    }
}

/// `out[r, j] = Σ_k a[r, k] · b[j, k]` for the `rows` mentee rows in `a` (row-major, rows × d);
/// `out` is row-major rows × m.
pub(crate) fn a_bt<T: Real>(a: &[T], rows: usize, b: &PackedB<T>, out: &mut [T]) {
    let (m, d) = (b.m, b.d);
    if rows == 0 || m == 0 {
        return;
    }
    if d == 0 {
        out[..rows * m].iter_mut().for_each(|v| *v = T::zero());
        return;
    }
    let (a, out) = (&a[..rows * d], &mut out[..rows * m]);
    #[allow(unsafe_code)]
    // SAFETY: every pointer comes from a slice just bounds-checked to the exact extent the strides
    // address: `out` holds rows × m elements at (r, j) -> r*m + j, `a` holds rows × d at
    // (r, k) -> r*d + k, and `b.b` holds m × d with Bᵀ(k, j) at j*d + k. `read_dst` is false, so
    // `out` is only written; the three buffers are distinct allocations.
    unsafe {
        gemm::gemm(
            rows,
            m,
            d,
            out.as_mut_ptr(),
            1,
            m as isize,
            false,
            a.as_ptr(),
            1,
            d as isize,
            b.b.as_ptr(),
            d as isize,
            1,
            T::zero(),
            T::one(),
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}
