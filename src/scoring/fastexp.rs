//! A vectorisable, accurate `exp` over a slice (the RBF kernel's last step).
//!
//! # Problem
//! The RBF kernel ends with one `exp` per score-matrix entry: tens of millions of calls. The
//! libm `exp` is accurate but scalar (a function call per value), and it dominated the kernel's
//! time after the exactness work (issue 8).
//!
//! # Algorithm
//! Cody–Waite range reduction `x = k·ln 2 + r`, `|r| ≤ ln 2 / 2`, with `k` rounded by the
//! `1.5·2^52` shift trick (so `k` is read from the bits, no float-to-int conversion), `ln 2`
//! split into a high part with trailing zero bits (so `k·ln2_hi` is exact) and a low part;
//! `e^r` by its Taylor polynomial of degree 13 in Horner form (truncation below `4·10⁻¹⁸`
//! relative); `2^k` built from its exponent bits. Every step is branch-free, so the compiler
//! vectorises the loop. Inputs outside `[-708, 709]` (results that would be subnormal or
//! overflow), NaN and infinities go through `f64::exp` instead.
//!
//! # Guarantees
//! Relative error at most a few units in the last place of `f64` (the tests bound it by
//! `4·2⁻⁵²` against `f64::exp` over the whole range); exactly `f64::exp`'s result outside
//! `[-708, 709]`; `exp(0) = 1`. Deterministic: the same value in gives the same value out,
//! wherever it sits in the slice.
//!
//! # Complexity
//! O(len) time, no allocation.
//!
//! # Examples
//! ```
//! let mut x = [0.0, -1.0, 1.0, -745.5, f64::NEG_INFINITY];
//! nastavnik::scoring::fastexp::exp_in_place(&mut x);
//! assert_eq!(x[0], 1.0);
//! assert!((x[1] - (-1.0f64).exp()).abs() <= 2.0 * f64::EPSILON * x[1]);
//! assert!((x[2] - std::f64::consts::E).abs() <= 4.0 * f64::EPSILON * x[2]);
//! assert_eq!(x[3], (-745.5f64).exp());
//! assert_eq!(x[4], 0.0);
//! ```

const LOG2E: f64 = std::f64::consts::LOG2_E;
/// `1.5 · 2^52`: adding it rounds to an integer kept in the low mantissa bits.
const SHIFT: f64 = 6_755_399_441_055_744.0;
const SHIFT_BITS: u64 = 0x4338_0000_0000_0000;
/// `ln 2` high part (32 significant bits, so `k · LN2_HI` is exact for `|k| < 2^20`).
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
/// `ln 2 − LN2_HI`.
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);
/// Inputs in `[LO, HI]` take the fast path (their results are normal and finite).
const LO: f64 = -708.0;
const HI: f64 = 709.0;

/// `1/n!` for n = 13 down to 2 (Horner order).
const INV_FACT: [f64; 12] = [
    1.0 / 6_227_020_800.0,
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    0.5,
];

/// `exp(x)` for `x` in `[LO, HI]`, branch-free.
#[inline(always)]
fn exp_core(x: f64) -> f64 {
    let t = x * LOG2E + SHIFT;
    let kf = t - SHIFT;
    let k = t.to_bits().wrapping_sub(SHIFT_BITS) as i64;
    let r = (x - kf * LN2_HI) - kf * LN2_LO;
    let mut p = INV_FACT[0];
    for c in &INV_FACT[1..] {
        p = p * r + c;
    }
    let er = 1.0 + (r + r * r * p);
    er * f64::from_bits(((k + 1023) as u64) << 52)
}

/// Replace every value of `x` by its exponential (see the module docs for accuracy).
///
/// ```
/// let mut x = vec![-0.5; 100];
/// nastavnik::scoring::fastexp::exp_in_place(&mut x);
/// assert!(x.iter().all(|&v| (v - (-0.5f64).exp()).abs() <= 2.0 * f64::EPSILON));
/// ```
pub fn exp_in_place(x: &mut [f64]) {
    const CHUNK: usize = 64;
    for chunk in x.chunks_mut(CHUNK) {
        // `!(v >= LO && v <= HI)` is also true for NaN
        let all_fast = chunk
            .iter()
            .fold(true, |ok, &v| ok & (LO..=HI).contains(&v));
        if all_fast {
            for v in chunk.iter_mut() {
                *v = exp_core(*v);
            }
        } else {
            for v in chunk.iter_mut() {
                *v = if (LO..=HI).contains(v) {
                    exp_core(*v)
                } else {
                    v.exp()
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ulps(a: f64, b: f64) -> f64 {
        (a - b).abs() / (b.abs() * f64::EPSILON)
    }

    #[test]
    fn matches_libm_over_the_range() {
        // a deterministic sweep of the whole fast range plus both edges, ulp-scale neighbours
        let mut xs: Vec<f64> = (0..200_001)
            .map(|i| LO + (HI - LO) * i as f64 / 200_000.0)
            .collect();
        for base in [
            0.0f64,
            1.0,
            -1.0,
            0.5 * std::f64::consts::LN_2,
            -700.0,
            700.0,
        ] {
            let mut v = base;
            for _ in 0..50 {
                xs.push(v);
                v = f64::from_bits(v.to_bits() + 1);
            }
        }
        xs.extend([
            -708.0,
            -708.000_000_1,
            709.0,
            709.5,
            -745.0,
            -746.0,
            710.0,
            1e-300,
            -1e-300,
            -0.0,
        ]);
        let mut got = xs.clone();
        exp_in_place(&mut got);
        for (&x, &g) in xs.iter().zip(&got) {
            let want = x.exp();
            if (LO..=HI).contains(&x) {
                assert!(ulps(g, want) <= 4.0, "exp({x}) = {g}, libm {want}");
            } else {
                assert_eq!(g.to_bits(), want.to_bits(), "exp({x})");
            }
        }
    }

    #[test]
    fn special_values() {
        let mut x = [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0];
        exp_in_place(&mut x);
        assert!(x[0].is_nan());
        assert_eq!(&x[1..], &[f64::INFINITY, 0.0, 1.0, 1.0]);
    }
}
