//! `A · Bᵀ` for feature matrices of small depth, the inner product of every similarity kernel.
//!
//! # Algorithm
//! Mentor rows `B` (m × d, row-major) are packed once into panels of `NR` mentors: panel `p`
//! holds `b[p·NR + c, k]` at `k·NR + c` (zero-padded past `m`), so one step over the feature
//! index `k` reads `NR` contiguous mentor values. For each panel and each group of `MR` mentee rows
//! an `MR × NR` block of accumulators stays in registers while `k` runs from `0` to `d`: every step
//! loads the panel's `NR` values, broadcasts each of the `MR` mentee values `a[r, k]` and performs
//! `MR × NR / lanes` vector fused multiply-adds. The finished block is stored straight into the
//! output rows (masked stores at the right edge).
//!
//! Micro-kernels (chosen once per process from the CPU's features, see [`Isa::detected`]):
//!
//! | path          | f32 block      | f64 block      | accumulators        |
//! |---------------|----------------|----------------|---------------------|
//! | AVX-512F      | 8 × 32         | 8 × 16         | 16 zmm              |
//! | AVX2 + FMA    | 6 × 16         | 6 × 8          | 12 ymm              |
//! | portable      | 4 × 8          | 4 × 8          | plain Rust arrays   |
//!
//! # Guarantees
//! Every output element is `Σ_k a[r, k]·b[j, k]` accumulated from zero in increasing `k`, one
//! operation per `k` (a fused multiply-add on the SIMD paths, a multiply then an add on the
//! portable path). Rows left over after the last full group of `MR` use the same micro-kernel with
//! fewer rows, so an element's value does not depend on which row block, group or thread computed
//! it: results are bit-identical across thread counts and block sizes on a given machine.
//!
//! Complexity: O(n·m·d) time; O(m·d) extra memory for the packed panels.

use std::any::TypeId;
use std::sync::OnceLock;

use crate::real::Real;

/// Instruction-set path of the micro-kernels.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    /// Plain Rust loops (any CPU).
    Portable,
    /// x86-64 AVX2 with FMA.
    Avx2Fma,
    /// x86-64 AVX-512F.
    Avx512,
}

static DETECTED: OnceLock<Isa> = OnceLock::new();

impl Isa {
    /// The fastest path this CPU supports (detected once, then cached).
    pub fn detected() -> Self {
        *DETECTED.get_or_init(|| {
            [Isa::Avx512, Isa::Avx2Fma]
                .into_iter()
                .find(|isa| isa.is_available())
                .unwrap_or(Isa::Portable)
        })
    }

    /// Whether this CPU can run the path.
    pub fn is_available(self) -> bool {
        match self {
            Isa::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2Fma => {
                std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
            }
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// Panel width (mentors per packed panel) of this path for element type `T`.
    fn nr<T: 'static>(self) -> usize {
        let f32 = TypeId::of::<T>() == TypeId::of::<f32>();
        match (self, f32) {
            (Isa::Portable, _) => PORTABLE_NR,
            (Isa::Avx2Fma, true) => 16,
            (Isa::Avx2Fma, false) => 8,
            (Isa::Avx512, true) => 32,
            (Isa::Avx512, false) => 16,
        }
    }
}

/// Mentor rows packed into `NR`-wide panels: panel `p` holds `b[p·NR + c, k]` at `k·NR + c`.
pub(crate) struct PackedB<T> {
    panels: Vec<T>,
    m: usize,
    d: usize,
    nr: usize,
    isa: Isa,
}

impl<T: Real> PackedB<T> {
    /// Pack row-major `b` (m × d) for the CPU's fastest path.
    pub(crate) fn new(b: &[T], m: usize, d: usize) -> Self {
        Self::with_isa(b, m, d, Isa::detected())
    }

    /// Pack row-major `b` (m × d) for the path `isa` (which must be available).
    fn with_isa(b: &[T], m: usize, d: usize, isa: Isa) -> Self {
        let simd_type = [TypeId::of::<f32>(), TypeId::of::<f64>()].contains(&TypeId::of::<T>());
        let isa = if simd_type { isa } else { Isa::Portable };
        let nr = isa.nr::<T>();
        let n_panels = m.div_ceil(nr);
        let mut panels = vec![T::zero(); n_panels * d * nr];
        if d > 0 {
            for (j, row) in b.chunks_exact(d).take(m).enumerate() {
                let base = (j / nr) * d * nr + j % nr;
                for (k, &v) in row.iter().enumerate() {
                    panels[base + k * nr] = v;
                }
            }
        }
        Self {
            panels,
            m,
            d,
            nr,
            isa,
        }
    }
}

/// `out[r, j] = Σ_k a[r, k] · b[j, k]` for the `rows` mentee rows in `a` (row-major, rows × d);
/// `out` is row-major rows × m.
///
/// # Panics
/// If `a` is shorter than rows × d or `out` shorter than rows × m (caller bug).
pub(crate) fn a_bt<T: Real>(a: &[T], rows: usize, b: &PackedB<T>, out: &mut [T]) {
    let (m, d) = (b.m, b.d);
    if rows == 0 || m == 0 {
        return;
    }
    let (a, out) = (&a[..rows * d], &mut out[..rows * m]);
    if d == 0 {
        out.iter_mut().for_each(|v| *v = T::zero());
        return;
    }
    match b.isa {
        Isa::Portable => portable::a_bt(a, rows, b, out),
        #[cfg(target_arch = "x86_64")]
        isa => x86::a_bt(isa, a, rows, b, out),
        #[cfg(not(target_arch = "x86_64"))]
        _ => portable::a_bt(a, rows, b, out),
    }
}

/// Test and benchmark hook: mentor rows packed for an explicitly chosen path.
#[doc(hidden)]
pub struct Packed<T>(PackedB<T>);

impl<T: Real> Packed<T> {
    /// Pack row-major `b` (m × d) for `isa`; `None` if the CPU lacks it or `b` is too short.
    pub fn new(isa: Isa, b: &[T], m: usize, d: usize) -> Option<Self> {
        let fits = m.checked_mul(d).is_some_and(|n| n <= b.len());
        (isa.is_available() && fits).then(|| Self(PackedB::with_isa(b, m, d, isa)))
    }

    /// `out = A · Bᵀ` (row-major, rows × m); `false` (leaving `out` untouched) if a slice is
    /// too short.
    pub fn a_bt(&self, a: &[T], rows: usize, out: &mut [T]) -> bool {
        let fits = |len: usize, x: usize, y: usize| x.checked_mul(y).is_some_and(|n| n <= len);
        if !fits(a.len(), rows, self.0.d) || !fits(out.len(), rows, self.0.m) {
            return false;
        }
        a_bt(a, rows, &self.0, out);
        true
    }
}

/// Portable panel width.
const PORTABLE_NR: usize = 8;

mod portable {
    use super::{PORTABLE_NR as NR, PackedB};
    use crate::real::Real;

    /// Mentee rows per register block.
    const MR: usize = 4;

    pub(super) fn a_bt<T: Real>(a: &[T], rows: usize, b: &PackedB<T>, out: &mut [T]) {
        let (m, d) = (b.m, b.d);
        for (p, panel) in b.panels.chunks_exact(d * NR).enumerate() {
            let j0 = p * NR;
            let cols = NR.min(m - j0);
            let mut r = 0;
            while r + MR <= rows {
                tile::<T, MR>(&a[r * d..], d, panel, &mut out[r * m + j0..], m, cols);
                r += MR;
            }
            while r < rows {
                tile::<T, 1>(&a[r * d..], d, panel, &mut out[r * m + j0..], m, cols);
                r += 1;
            }
        }
    }

    /// `R × NR` block: rows `a[0..R]`, panel columns `0..cols`, into `out` (row stride `ldo`).
    #[inline(always)]
    fn tile<T: Real, const R: usize>(
        a: &[T],
        d: usize,
        panel: &[T],
        out: &mut [T],
        ldo: usize,
        cols: usize,
    ) {
        let mut acc = [[T::zero(); NR]; R];
        for (k, bk) in panel.chunks_exact(NR).enumerate() {
            for (r, acc_r) in acc.iter_mut().enumerate() {
                let x = a[r * d + k];
                for (s, &y) in acc_r.iter_mut().zip(bk) {
                    *s = *s + x * y;
                }
            }
        }
        for (r, acc_r) in acc.iter().enumerate() {
            out[r * ldo..r * ldo + cols].copy_from_slice(&acc_r[..cols]);
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
// The AVX-512 intrinsics are stable since Rust 1.89 (above the declared MSRV 1.85).
#[allow(clippy::incompatible_msrv)]
mod x86 {
    //! Explicit AVX-512 / AVX2+FMA micro-kernels.
    //!
    //! Safety model: the `#[target_feature]` entry points are only called after
    //! [`Isa::is_available`] confirmed the features (a [`PackedB`] records the path it was packed
    //! for, and is only ever packed for an available path). Below them, every raw pointer is
    //! derived from a slice whose length was checked against the extent the kernel addresses.

    use std::any::TypeId;
    use std::arch::x86_64::*;

    use super::{Isa, PackedB};
    use crate::real::Real;

    /// One SIMD vector type with the handful of operations the micro-kernel needs. All methods
    /// are `#[inline(always)]` so that they are compiled with the target features of the
    /// `#[target_feature]` driver they are inlined into.
    trait Simd {
        type E: Copy + Default + 'static;
        type V: Copy;
        const LANES: usize;
        /// All-zero vector.
        unsafe fn zero() -> Self::V;
        /// Unaligned load of `LANES` elements at `p`.
        unsafe fn load(p: *const Self::E) -> Self::V;
        /// Broadcast of `*p`.
        unsafe fn splat(p: *const Self::E) -> Self::V;
        /// `a · b + c`, rounded once.
        unsafe fn fma(a: Self::V, b: Self::V, c: Self::V) -> Self::V;
        /// Unaligned store of all lanes at `p`.
        unsafe fn store(p: *mut Self::E, v: Self::V);
        /// Store of the first `n < LANES` lanes at `p`.
        unsafe fn store_first(p: *mut Self::E, v: Self::V, n: usize);
    }

    macro_rules! simd_impl {
        ($name:ident, $e:ty, $v:ty, $lanes:expr, $zero:ident, $load:ident, $splat:ident,
         $fma:ident, $store:ident, |$p:ident, $x:ident, $n:ident| $partial:expr) => {
            struct $name;
            impl Simd for $name {
                type E = $e;
                type V = $v;
                const LANES: usize = $lanes;
                #[inline(always)]
                unsafe fn zero() -> $v {
                    // SAFETY: the caller runs on a CPU with the vector extension (module docs).
                    unsafe { $zero() }
                }
                #[inline(always)]
                unsafe fn load(p: *const $e) -> $v {
                    // SAFETY: the caller guarantees `LANES` readable elements at `p`.
                    unsafe { $load(p) }
                }
                #[inline(always)]
                unsafe fn splat(p: *const $e) -> $v {
                    // SAFETY: the caller guarantees `p` is readable.
                    unsafe { $splat(*p) }
                }
                #[inline(always)]
                unsafe fn fma(a: $v, b: $v, c: $v) -> $v {
                    // SAFETY: the caller runs on a CPU with the extension (module docs).
                    unsafe { $fma(a, b, c) }
                }
                #[inline(always)]
                unsafe fn store(p: *mut $e, v: $v) {
                    // SAFETY: the caller guarantees `LANES` writable elements at `p`.
                    unsafe { $store(p, v) }
                }
                #[inline(always)]
                unsafe fn store_first($p: *mut $e, $x: $v, $n: usize) {
                    // SAFETY: the caller guarantees `n` writable elements at `p`; the masked
                    // store touches no others.
                    unsafe { $partial }
                }
            }
        };
    }

    simd_impl!(
        Avx512F32,
        f32,
        __m512,
        16,
        _mm512_setzero_ps,
        _mm512_loadu_ps,
        _mm512_set1_ps,
        _mm512_fmadd_ps,
        _mm512_storeu_ps,
        |p, x, n| _mm512_mask_storeu_ps(p, ((1u32 << n) - 1) as u16, x)
    );
    simd_impl!(
        Avx512F64,
        f64,
        __m512d,
        8,
        _mm512_setzero_pd,
        _mm512_loadu_pd,
        _mm512_set1_pd,
        _mm512_fmadd_pd,
        _mm512_storeu_pd,
        |p, x, n| _mm512_mask_storeu_pd(p, ((1u32 << n) - 1) as u8, x)
    );
    simd_impl!(
        Avx2F32,
        f32,
        __m256,
        8,
        _mm256_setzero_ps,
        _mm256_loadu_ps,
        _mm256_set1_ps,
        _mm256_fmadd_ps,
        _mm256_storeu_ps,
        |p, x, n| _mm256_maskstore_ps(p, lane_mask32(n), x)
    );
    simd_impl!(
        Avx2F64,
        f64,
        __m256d,
        4,
        _mm256_setzero_pd,
        _mm256_loadu_pd,
        _mm256_set1_pd,
        _mm256_fmadd_pd,
        _mm256_storeu_pd,
        |p, x, n| _mm256_maskstore_pd(p, lane_mask64(n), x)
    );

    /// Mask selecting the first `n` of 8 32-bit lanes (sign bit set = store).
    #[inline(always)]
    unsafe fn lane_mask32(n: usize) -> __m256i {
        const IDX: [i32; 8] = [0, 1, 2, 3, 4, 5, 6, 7];
        // SAFETY: AVX (implied by AVX2) is available in the caller; `IDX` holds 8 i32.
        unsafe {
            let idx = _mm256_loadu_si256(IDX.as_ptr().cast());
            _mm256_cmpgt_epi32(_mm256_set1_epi32(n as i32), idx)
        }
    }

    /// Mask selecting the first `n` of 4 64-bit lanes (sign bit set = store).
    #[inline(always)]
    unsafe fn lane_mask64(n: usize) -> __m256i {
        const IDX: [i64; 4] = [0, 1, 2, 3];
        // SAFETY: AVX2 is available in the caller; `IDX` holds 4 i64.
        unsafe {
            let idx = _mm256_loadu_si256(IDX.as_ptr().cast());
            _mm256_cmpgt_epi64(_mm256_set1_epi64x(n as i64), idx)
        }
    }

    /// `R × (NV·LANES)` block of `A · Bᵀ` from a packed group of mentee rows.
    ///
    /// # Safety
    /// `a` holds the group k-major with stride `MR` (`a[k·MR + r]` = row `r`, feature `k`,
    /// readable for r < R, k < d); `panel` holds `d · NV · LANES` readable elements; `out` has
    /// rows `0..R` with row stride `ldo`, each with `cols ≤ NV · LANES` writable elements; the CPU
    /// has `S`'s features.
    #[inline(always)]
    unsafe fn tile<S: Simd, const MR: usize, const R: usize, const NV: usize>(
        a: *const S::E,
        d: usize,
        panel: *const S::E,
        out: *mut S::E,
        ldo: usize,
        cols: usize,
    ) {
        // SAFETY: all addresses stay within the extents the caller guarantees (see above):
        // `a + k·MR + r` with r < R, k < d; `panel + k·NR + v·LANES .. + LANES` with k < d;
        // `out + r·ldo + v·LANES ..` limited to `cols` elements per row.
        unsafe {
            let nr = NV * S::LANES;
            let mut acc = [[S::zero(); NV]; R];
            let (mut ap, mut bp) = (a, panel);
            for _ in 0..d {
                let mut bv = [S::zero(); NV];
                for (v, slot) in bv.iter_mut().enumerate() {
                    *slot = S::load(bp.add(v * S::LANES));
                }
                for (r, acc_r) in acc.iter_mut().enumerate() {
                    let x = S::splat(ap.add(r));
                    for (s, &y) in acc_r.iter_mut().zip(&bv) {
                        *s = S::fma(x, y, *s);
                    }
                }
                ap = ap.add(MR);
                bp = bp.add(nr);
            }
            for (r, acc_r) in acc.iter().enumerate() {
                let row = out.add(r * ldo);
                if cols == nr {
                    for (v, &x) in acc_r.iter().enumerate() {
                        S::store(row.add(v * S::LANES), x);
                    }
                } else {
                    for (v, &x) in acc_r.iter().enumerate() {
                        let lo = v * S::LANES;
                        if cols >= lo + S::LANES {
                            S::store(row.add(lo), x);
                        } else if cols > lo {
                            S::store_first(row.add(lo), x, cols - lo);
                        }
                    }
                }
            }
        }
    }

    /// The blocked product for one path: chunks of `MR·GROUPS` mentee rows (packed k-major per
    /// group of `MR`), then panels, then groups.
    ///
    /// # Safety
    /// `a.len() == rows·d`, `out.len() == rows·m`, `b` packed with panel width `NV·LANES`,
    /// `d > 0`, and the CPU has `S`'s features.
    #[inline(always)]
    unsafe fn drive<S: Simd, const MR: usize, const GROUPS: usize, const NV: usize>(
        a: &[S::E],
        rows: usize,
        b: &PackedB<S::E>,
        out: &mut [S::E],
    ) {
        let (m, d) = (b.m, b.d);
        let nr = NV * S::LANES;
        debug_assert!(a.len() == rows * d && out.len() == rows * m && b.nr == nr);
        debug_assert!(b.panels.len() == m.div_ceil(nr) * d * nr);
        let n_panels = m.div_ceil(nr);
        let chunk = MR * GROUPS;
        let mut apack = vec![S::E::default(); chunk * d];
        for (c, a_chunk) in a.chunks(chunk * d).enumerate() {
            let r0 = c * chunk;
            let crows = a_chunk.len() / d;
            for (i, row) in a_chunk.chunks_exact(d).enumerate() {
                let (g, r) = (i / MR, i % MR);
                let base = g * MR * d + r;
                for (k, &v) in row.iter().enumerate() {
                    apack[base + k * MR] = v;
                }
            }
            let groups = crows.div_ceil(MR);
            let op = out[r0 * m..].as_mut_ptr();
            for p in 0..n_panels {
                let j0 = p * nr;
                let cols = nr.min(m - j0);
                // SAFETY: panel `p` is `d·nr` elements inside `b.panels`; group `g` is `MR·d`
                // elements inside `apack`; its rows `g·MR .. g·MR + R ≤ crows` of the chunk are
                // rows of `out` (columns `j0..j0 + cols ≤ m`).
                unsafe {
                    let panel = b.panels.as_ptr().add(p * d * nr);
                    for g in 0..groups {
                        let ag = apack.as_ptr().add(g * MR * d);
                        let og = op.add(g * MR * m + j0);
                        let rem = (crows - g * MR).min(MR);
                        if rem == MR {
                            tile::<S, MR, MR, NV>(ag, d, panel, og, m, cols);
                            continue;
                        }
                        // A last, partial group: the same kernel with fewer rows (R < MR ≤ 8).
                        match rem {
                            1 => tile::<S, MR, 1, NV>(ag, d, panel, og, m, cols),
                            2 => tile::<S, MR, 2, NV>(ag, d, panel, og, m, cols),
                            3 => tile::<S, MR, 3, NV>(ag, d, panel, og, m, cols),
                            4 => tile::<S, MR, 4, NV>(ag, d, panel, og, m, cols),
                            5 => tile::<S, MR, 5, NV>(ag, d, panel, og, m, cols),
                            6 => tile::<S, MR, 6, NV>(ag, d, panel, og, m, cols),
                            _ => tile::<S, MR, 7, NV>(ag, d, panel, og, m, cols),
                        }
                    }
                }
            }
        }
    }

    #[target_feature(enable = "avx512f")]
    fn avx512_f32(a: &[f32], rows: usize, b: &PackedB<f32>, out: &mut [f32]) {
        // SAFETY: avx512f is enabled here; `a_bt` checked the slice extents and `b.nr == 32`.
        unsafe { drive::<Avx512F32, 8, 8, 2>(a, rows, b, out) }
    }

    #[target_feature(enable = "avx512f")]
    fn avx512_f64(a: &[f64], rows: usize, b: &PackedB<f64>, out: &mut [f64]) {
        // SAFETY: avx512f is enabled here; `a_bt` checked the slice extents and `b.nr == 16`.
        unsafe { drive::<Avx512F64, 8, 8, 2>(a, rows, b, out) }
    }

    #[target_feature(enable = "avx2,fma")]
    fn avx2_f32(a: &[f32], rows: usize, b: &PackedB<f32>, out: &mut [f32]) {
        // SAFETY: avx2+fma are enabled here; `a_bt` checked the slice extents and `b.nr == 16`.
        unsafe { drive::<Avx2F32, 6, 11, 2>(a, rows, b, out) }
    }

    #[target_feature(enable = "avx2,fma")]
    fn avx2_f64(a: &[f64], rows: usize, b: &PackedB<f64>, out: &mut [f64]) {
        // SAFETY: avx2+fma are enabled here; `a_bt` checked the slice extents and `b.nr == 8`.
        unsafe { drive::<Avx2F64, 6, 11, 2>(a, rows, b, out) }
    }

    /// Reinterpret `&[T]` as `&[U]` when they are the same type.
    fn same<T: 'static, U: 'static>(s: &[T]) -> Option<&[U]> {
        // SAFETY: `T` and `U` are the same type (TypeId equality), so layout and validity match.
        (TypeId::of::<T>() == TypeId::of::<U>())
            .then(|| unsafe { std::slice::from_raw_parts(s.as_ptr().cast::<U>(), s.len()) })
    }

    /// Reinterpret `&mut [T]` as `&mut [U]` when they are the same type.
    fn same_mut<T: 'static, U: 'static>(s: &mut [T]) -> Option<&mut [U]> {
        if TypeId::of::<T>() != TypeId::of::<U>() {
            return None;
        }
        // SAFETY: `T` and `U` are the same type (TypeId equality); the borrow is moved in.
        Some(unsafe { std::slice::from_raw_parts_mut(s.as_mut_ptr().cast::<U>(), s.len()) })
    }

    /// Reinterpret `&PackedB<T>` as `&PackedB<U>` when they are the same type.
    fn same_packed<T: 'static, U: 'static>(b: &PackedB<T>) -> Option<&PackedB<U>> {
        // SAFETY: `T` and `U` are the same type (TypeId equality), so `PackedB<T>` is `PackedB<U>`.
        (TypeId::of::<T>() == TypeId::of::<U>())
            .then(|| unsafe { &*(b as *const PackedB<T>).cast::<PackedB<U>>() })
    }

    /// Run the SIMD path `isa` (which `b` was packed for). `a.len() == rows·d`,
    /// `out.len() == rows·m`, `d > 0`, `rows > 0`, `m > 0`.
    pub(super) fn a_bt<T: Real>(isa: Isa, a: &[T], rows: usize, b: &PackedB<T>, out: &mut [T]) {
        assert!(a.len() == rows * b.d && out.len() == rows * b.m && isa.is_available());
        if let (Some(a), Some(b), Some(out)) = (
            same::<T, f32>(a),
            same_packed::<T, f32>(b),
            same_mut::<T, f32>(out),
        ) {
            // SAFETY: the CPU has the features of `isa` (asserted above, cached detection).
            match isa {
                Isa::Avx512 => unsafe { avx512_f32(a, rows, b, out) },
                _ => unsafe { avx2_f32(a, rows, b, out) },
            }
        } else if let (Some(a), Some(b), Some(out)) = (
            same::<T, f64>(a),
            same_packed::<T, f64>(b),
            same_mut::<T, f64>(out),
        ) {
            // SAFETY: as above.
            match isa {
                Isa::Avx512 => unsafe { avx512_f64(a, rows, b, out) },
                _ => unsafe { avx2_f64(a, rows, b, out) },
            }
        } else {
            super::portable::a_bt(a, rows, b, out);
        }
    }
}
